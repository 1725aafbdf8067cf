/**
 * Pure figure builders for PK results (plotly figure objects; display with `show`).
 */
import { InputError } from "../core/errors";
import {
  assertArray,
  assertFiniteArray,
  assertInRange,
  assertObject,
  assertPositive,
  assertString,
  assertWithinLimit,
  optionalBoolean,
  optionalString,
  optionsObject,
} from "../core/validate";
import { axisTitle, type Figure, logAxis, referenceLine, type Trace } from "../plot/figure";
import { categorical, semanticColors, withBaseLayout } from "../plot/palette";
import type { PredictionBands } from "./population";

/** Most curves (band sets or series) one figure draws. */
export const MAX_FIGURE_SERIES = 100;
/** Most points of one curve (a million-point curve is not drawable in a notebook). */
export const MAX_FIGURE_POINTS = 1_000_000;

/** Options of {@link predictionBandFigure}. */
export interface BandFigureOptions {
  title?: string;
  /** Horizontal target line, ug/mL (> 0). */
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
 * @example
 * const pop = simulatePopulation(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), { weightKg: 70, albuminGdl: 4 }, { n: 1000, timesDays: [0, 14, 42, 98, 378], seed: 7 });
 * const fig = predictionBandFigure(predictionBands(pop, [0.05, 0.5, 0.95]), { targetUgMl: 5 });
 * fig.data.length // 3: the band's two edges and the median
 * fig.data[2].name // "simulated: median"
 * // in a notebook: show(fig)
 */
export function predictionBandFigure(bands: PredictionBands | PredictionBands[], options?: BandFigureOptions): Figure {
  const list = Array.isArray(bands) ? bands : [bands];
  if (list.length === 0) throw new InputError({ field: "bands", value: bands, expected: "at least one result of predictionBands" });
  assertWithinLimit(list.length, "bands.length", MAX_FIGURE_SERIES);
  list.forEach((b, k) => {
    checkBands(b, Array.isArray(bands) ? `bands[${k}]` : "bands");
  });
  const o = optionsObject(options);
  const weeks = optionalBoolean(o.weeks, "weeks") ?? true;
  if (o.color !== undefined) assertString(o.color, "color");
  optionalString(o.name, "name");
  const data: Trace[] = [];
  list.forEach((b, k) => {
    const color = list.length === 1 ? (o.color ?? semanticColors.model) : categorical[k % categorical.length];
    const x = Array.from(b.timesDays, (t) => (weeks ? t / 7 : t));
    const lo = b.quantilesUgMl[0];
    const hi = b.quantilesUgMl[b.quantilesUgMl.length - 1];
    const mid = b.quantilesUgMl[Math.floor(b.quantilesUgMl.length / 2)];
    const name = (b as PredictionBands & { name?: string }).name ?? o.name ?? "simulated";
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
  return { data, layout: concentrationLayout(o, weeks, "Simulated drug concentrations", data) };
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
 * @example
 * const sim = simulate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), { weightKg: 70, albuminGdl: 4 });
 * const fig = profileFigure([{ name: "typical", timesDays: sim.timesDays, concentrationUgMl: sim.concentrationUgMl }], { targetUgMl: 5 });
 * fig.data[0].name // "typical"
 * fig.data[0].x.length // 379
 * // in a notebook: show(fig)
 */
export function profileFigure(
  series: ProfileSeries[],
  options?: {
    title?: string;
    targetUgMl?: number;
    observed?: Array<{ timeDays: number; concentrationUgMl: number }>;
    logY?: boolean;
    weeks?: boolean;
  },
): Figure {
  const list = assertArray<unknown>(series, "series");
  assertWithinLimit(list.length, "series.length", MAX_FIGURE_SERIES);
  const checked = Array.from(list, (x, k) => {
    const f = `series[${k}]`;
    const s = assertObject<ProfileSeries>(x, f);
    const name = assertString(s.name, `${f}.name`);
    const t = assertFiniteArray(s.timesDays, `${f}.timesDays`);
    assertWithinLimit(t.length, `${f}.timesDays.length`, MAX_FIGURE_POINTS);
    const c = assertFiniteArray(s.concentrationUgMl, `${f}.concentrationUgMl`);
    if (c.length !== t.length) {
      throw new InputError({ field: `${f}.concentrationUgMl`, value: `${c.length} values`, expected: `${t.length} values, one per time` });
    }
    return { name, t, c, color: optionalString(s.color, `${f}.color`), dash: optionalString(s.dash, `${f}.dash`) };
  });
  const o = optionsObject(options);
  const weeks = optionalBoolean(o.weeks, "weeks") ?? true;
  const observed =
    o.observed === undefined
      ? []
      : Array.from(assertArray<unknown>(o.observed, "observed"), (x, i) => {
          const r = assertObject<{ timeDays: number; concentrationUgMl: number }>(x, `observed[${i}]`);
          return {
            timeDays: assertFiniteArray([r.timeDays], `observed[${i}].timeDays`)[0],
            concentrationUgMl: assertFiniteArray([r.concentrationUgMl], `observed[${i}].concentrationUgMl`)[0],
          };
        });
  const data: Trace[] = checked.map((s, k) => ({
    type: "scatter",
    mode: "lines",
    name: s.name,
    x: Array.from(s.t, (t) => (weeks ? t / 7 : t)),
    y: Array.from(s.c),
    line: { color: s.color ?? categorical[k % categorical.length], dash: s.dash ?? "solid", width: 2 },
  }));
  if (observed.length) {
    data.push({
      type: "scatter",
      mode: "markers",
      name: "measured",
      x: observed.map((p) => (weeks ? p.timeDays / 7 : p.timeDays)),
      y: observed.map((p) => p.concentrationUgMl),
      marker: { color: semanticColors.observed, size: 10, line: { color: "#000", width: 1 } },
    });
  }
  return { data, layout: concentrationLayout(o, weeks, "Drug concentration", data) };
}

/** Checks a result of `predictionBands` handed back by a caller. */
function checkBands(bands: unknown, field: string): PredictionBands {
  const b = assertObject<PredictionBands>(bands, field);
  const t = assertFiniteArray(b.timesDays, `${field}.timesDays`);
  assertWithinLimit(t.length, `${field}.timesDays.length`, MAX_FIGURE_POINTS);
  const probs = assertArray<unknown>(b.probabilities, `${field}.probabilities`, { nonEmpty: true });
  for (let i = 0; i < probs.length; i++) assertInRange(probs[i], `${field}.probabilities[${i}]`, 0, 1);
  const q = assertArray<unknown>(b.quantilesUgMl, `${field}.quantilesUgMl`);
  if (q.length !== probs.length) {
    throw new InputError({
      field: `${field}.quantilesUgMl`,
      value: `${q.length} curves`,
      expected: `${probs.length}, one per probability`,
    });
  }
  for (let i = 0; i < q.length; i++) {
    const curve = assertFiniteArray(q[i], `${field}.quantilesUgMl[${i}]`);
    if (curve.length !== t.length) {
      throw new InputError({
        field: `${field}.quantilesUgMl[${i}]`,
        value: `${curve.length} values`,
        expected: `${t.length}, one per time`,
      });
    }
  }
  const name = (b as { name?: unknown }).name;
  if (name !== undefined) assertString(name, `${field}.name`);
  return b;
}

/**
 * The layout both concentration figures share: time axis, concentration axis (a {@link logAxis} over the
 * traces' values and the target when `logY`), optional target line.
 */
function concentrationLayout(
  options: { title?: string; logY?: boolean; targetUgMl?: number },
  weeks: boolean,
  defaultTitle: string,
  data: Trace[],
): Record<string, unknown> {
  const title = optionalString(options.title, "title") ?? defaultTitle;
  const logY = optionalBoolean(options.logY, "logY") ?? false;
  const target = options.targetUgMl === undefined ? undefined : assertPositive(options.targetUgMl, "targetUgMl");
  return withBaseLayout({
    title: { text: title },
    xaxis: { title: axisTitle("Time", weeks ? "weeks" : "days") },
    yaxis: {
      title: axisTitle("Concentration", "µg/mL"),
      ...(logY ? logAxis(...data.map((t) => t.y as number[]), target === undefined ? [] : [target]) : { type: "linear" }),
    },
    shapes: target !== undefined ? [referenceLine("y", target, { color: semanticColors.threshold })] : [],
    legend: { orientation: "h", y: -0.2 },
  });
}
