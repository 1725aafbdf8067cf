/**
 * Pure figure builders for PK results (plotly figure objects; display with `show`).
 */
import { axisTitle, type Figure, referenceLine, type Trace } from "../plot/figure";
import { categorical, semanticColors, withBaseLayout } from "../plot/palette";
import type { PredictionBands } from "./population";

/** Options of {@link predictionBandFigure}. */
export interface BandFigureOptions {
  title?: string;
  /** Horizontal target line, ug/mL. */
  targetUgMl?: number;
  /** Plot time in weeks instead of days. Default true. */
  weeks?: boolean;
  /** Log y axis. Default false. */
  logY?: boolean;
  /** Trace name prefix. */
  name?: string;
  color?: string;
}

/**
 * Median and outer prediction band (first and last probability of the bands)
 * over time, with an optional target line.
 * @example show(predictionBandFigure(predictionBands(pop, [0.05, 0.5, 0.95]), { targetUgMl: 5 }))
 */
export function predictionBandFigure(bands: PredictionBands | PredictionBands[], options: BandFigureOptions = {}): Figure {
  const list = Array.isArray(bands) ? bands : [bands];
  const weeks = options.weeks ?? true;
  const data: Trace[] = [];
  list.forEach((b, k) => {
    const color = list.length === 1 ? (options.color ?? semanticColors.model) : categorical[k % categorical.length];
    const x = Array.from(b.timesDays, (t) => (weeks ? t / 7 : t));
    const lo = b.quantilesUgMl[0];
    const hi = b.quantilesUgMl[b.quantilesUgMl.length - 1];
    const mid = b.quantilesUgMl[Math.floor(b.quantilesUgMl.length / 2)];
    const name = (b as PredictionBands & { name?: string }).name ?? options.name ?? "simulated";
    const pLo = Math.round(100 * b.probabilities[0]);
    const pHi = Math.round(100 * b.probabilities[b.probabilities.length - 1]);
    data.push({
      type: "scatter",
      mode: "lines",
      x,
      y: Array.from(hi),
      line: { width: 0, color },
      showlegend: false,
      hoverinfo: "skip",
      legendgroup: name,
    });
    data.push({
      type: "scatter",
      mode: "lines",
      x,
      y: Array.from(lo),
      line: { width: 0, color },
      fill: "tonexty",
      fillcolor: `${color}33`,
      name: `${name}: ${pLo}-${pHi}th percentile`,
      legendgroup: name,
    });
    data.push({
      type: "scatter",
      mode: "lines",
      x,
      y: Array.from(mid),
      line: { color, width: 2 },
      name: `${name}: median`,
      legendgroup: name,
    });
  });
  return { data, layout: concentrationLayout(options, weeks, "Simulated drug concentrations") };
}

/** One labelled concentration-time curve for {@link profileFigure}. */
export interface ProfileSeries {
  name: string;
  timesDays: ArrayLike<number>;
  concentrationUgMl: ArrayLike<number>;
  color?: string;
  dash?: string;
}

/**
 * Concentration-time curves, optional observed points and a target line.
 * @example show(profileFigure([{ name: "typical", timesDays: sim.timesDays, concentrationUgMl: sim.concentrationUgMl }], { targetUgMl: 5 }))
 */
export function profileFigure(
  series: ProfileSeries[],
  options: {
    title?: string;
    targetUgMl?: number;
    observed?: Array<{ timeDays: number; concentrationUgMl: number }>;
    logY?: boolean;
    weeks?: boolean;
  } = {},
): Figure {
  const weeks = options.weeks ?? true;
  const data: Trace[] = series.map((s, k) => ({
    type: "scatter",
    mode: "lines",
    name: s.name,
    x: Array.from(s.timesDays, (t) => (weeks ? t / 7 : t)),
    y: Array.from(s.concentrationUgMl),
    line: { color: s.color ?? categorical[k % categorical.length], dash: s.dash ?? "solid", width: 2 },
  }));
  if (options.observed?.length) {
    data.push({
      type: "scatter",
      mode: "markers",
      name: "measured",
      x: options.observed.map((o) => (weeks ? o.timeDays / 7 : o.timeDays)),
      y: options.observed.map((o) => o.concentrationUgMl),
      marker: { color: semanticColors.observed, size: 10, line: { color: "#000", width: 1 } },
    });
  }
  return { data, layout: concentrationLayout(options, weeks, "Drug concentration") };
}

/** The layout both concentration figures share: time axis, concentration axis, optional target line. */
function concentrationLayout(
  options: { title?: string; logY?: boolean; targetUgMl?: number },
  weeks: boolean,
  defaultTitle: string,
): Record<string, unknown> {
  return withBaseLayout({
    title: { text: options.title ?? defaultTitle },
    xaxis: { title: axisTitle("Time", weeks ? "weeks" : "days") },
    yaxis: { title: axisTitle("Concentration", "µg/mL"), type: options.logY ? "log" : "linear" },
    shapes: options.targetUgMl !== undefined ? [referenceLine("y", options.targetUgMl, { color: semanticColors.threshold })] : [],
    legend: { orientation: "h", y: -0.2 },
  });
}
