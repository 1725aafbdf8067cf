/**
 * Figure builders for the discordance chapter: ROC curves, the quadrant
 * scatter with its thresholds, and cohort quadrant shares. Pure: data in,
 * plotly `{ data, layout }` out.
 */
import { InputError } from "../core/errors";
import { axisTitle, type Figure, type Trace } from "../plot/figure";
import { categorical, palette, semanticColors, withBaseLayout } from "../plot/palette";
import type { DiscordanceCall, Quadrant } from "./classify";
import { INSTRUMENTS, type InstrumentId, instrumentThresholds, type ThresholdOverride } from "./instruments";
import type { RocPoint, RocResult } from "./roc";

const QUADRANT_COLORS: Record<Quadrant, string> = {
  "concordant-active": semanticColors.active,
  "concordant-remission": semanticColors.remission,
  "refractory-symptoms": semanticColors.symptomsOnly,
  "silent-inflammation": semanticColors.silentInflammation,
  indeterminate: semanticColors.indeterminate,
};

/** Down-samples a long curve to at most `max` points (keeping both ends) so a million-score ROC stays drawable. */
function thin(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  const step = (n - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(Math.round(k * step));
  return out;
}

/**
 * ROC curves (1 − specificity on x, sensitivity on y), one per named result, with the AUC and its CI in the legend
 * and optional marked points (e.g. a best threshold).
 * @example show(rocFigure({ calprotectin: roc(fc, active) }, { points: { "Youden": best.best[0] } }))
 */
export function rocFigure(
  curves: Record<string, RocResult>,
  options: { title?: string; points?: Record<string, RocPoint>; maxPoints?: number } = {},
): Figure {
  const names = Object.keys(curves);
  if (!names.length) throw new InputError({ field: "curves", value: curves, expected: "at least one named ROC result" });
  const data: Trace[] = names.map((name, k) => {
    const c = curves[name].curve;
    const idx = thin(c.sensitivity.length, options.maxPoints ?? 2000);
    const a = curves[name].auc;
    return {
      type: "scatter",
      mode: "lines",
      name: `${name}: AUC ${a.value.toFixed(3)} (${a.lower.toFixed(3)}-${a.upper.toFixed(3)})`,
      x: idx.map((i) => 1 - c.specificity[i]),
      y: idx.map((i) => c.sensitivity[i]),
      line: { color: categorical[k % categorical.length], width: 2 },
    };
  });
  data.push({
    type: "scatter",
    mode: "lines",
    name: "chance",
    x: [0, 1],
    y: [0, 1],
    line: { color: palette.grey, dash: "dot", width: 1 },
    showlegend: false,
  });
  for (const [label, p] of Object.entries(options.points ?? {})) {
    data.push({
      type: "scatter",
      mode: "markers+text",
      name: label,
      x: [1 - p.specificity],
      y: [p.sensitivity],
      text: [`${label}: ${Number.isFinite(p.threshold) ? p.threshold.toPrecision(4) : String(p.threshold)}`],
      textposition: "bottom right",
      marker: { color: semanticColors.threshold, size: 10, symbol: "diamond" },
    });
  }
  return {
    data,
    layout: withBaseLayout({
      title: { text: options.title ?? "ROC curve" },
      xaxis: { title: axisTitle("1 − specificity"), range: [0, 1], constrain: "domain" },
      yaxis: { title: axisTitle("Sensitivity"), range: [0, 1.02], scaleanchor: "x" },
      legend: { x: 0.98, xanchor: "right", y: 0.02, yanchor: "bottom", bgcolor: "rgba(255,255,255,0.85)" },
    }),
  };
}

/**
 * Scatter of a symptom score (x) against an objective measure (y), one colour per quadrant call, with the
 * remission and activity thresholds of both instruments drawn as lines.
 * @example show(quadrantScatterFigure(cohort.calls, { x: "hbi", y: "calprotectinUgG", logY: true }))
 */
export function quadrantScatterFigure(
  calls: readonly DiscordanceCall[],
  options: {
    x: InstrumentId;
    y: InstrumentId;
    thresholds?: Partial<Record<InstrumentId, ThresholdOverride>>;
    logY?: boolean;
    title?: string;
    /** Jitter for integer scores so points do not hide each other (fraction of a step). Default: 0. */
    jitter?: number;
  },
): Figure {
  const xi = instrumentThresholds(options.x, options.thresholds?.[options.x]);
  const yi = instrumentThresholds(options.y, options.thresholds?.[options.y]);
  const groups = new Map<Quadrant, { x: number[]; y: number[]; text: string[] }>();
  const jitter = options.jitter ?? 0;
  calls.forEach((c, k) => {
    const ex = c.evidence.find((e) => e.instrument === options.x);
    const ey = c.evidence.find((e) => e.instrument === options.y);
    if (!ex || !ey) return;
    const g = groups.get(c.quadrant) ?? { x: [], y: [], text: [] };
    // Deterministic jitter from the index (a golden-ratio sequence): no hidden randomness.
    const u = ((k * 0.6180339887) % 1) - 0.5;
    g.x.push(ex.value + jitter * u * (xi.step || 1));
    g.y.push(ey.value);
    g.text.push(`${c.patientId ?? k}${c.visitDate ? ` ${c.visitDate}` : ""}: ${c.quadrant}`);
    groups.set(c.quadrant, g);
  });
  const data: Trace[] = [...groups.entries()].map(([q, g]) => ({
    type: "scatter",
    mode: "markers",
    name: `${q} (${g.x.length})`,
    x: g.x,
    y: g.y,
    text: g.text,
    hoverinfo: "text",
    marker: { color: QUADRANT_COLORS[q], size: 7, opacity: 0.75 },
  }));
  const line = (axis: "x" | "y", v: number, dash: string) =>
    axis === "x"
      ? { type: "line", xref: "x", yref: "paper", x0: v, x1: v, y0: 0, y1: 1, line: { color: semanticColors.threshold, dash, width: 1 } }
      : { type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: v, y1: v, line: { color: semanticColors.threshold, dash, width: 1 } };
  const shapes = [line("x", xi.remission.value, "dash"), line("y", yi.remission.value, "dash")];
  if (xi.active.value !== xi.remission.value) shapes.push(line("x", xi.active.value, "dot"));
  if (yi.active.value !== yi.remission.value) shapes.push(line("y", yi.active.value, "dot"));
  const yUnit = yi.unit === "points" ? undefined : yi.unit;
  const xUnit = xi.unit === "points" ? undefined : xi.unit;
  return {
    data,
    layout: withBaseLayout({
      title: { text: options.title ?? `${INSTRUMENTS[options.x].name} vs ${INSTRUMENTS[options.y].name}` },
      xaxis: { title: axisTitle(xi.name.split(":")[0], xUnit ?? "points") },
      yaxis: { title: axisTitle(yi.name.split(":")[0], yUnit ?? "points"), type: options.logY ? "log" : "linear" },
      shapes,
      annotations: [
        {
          xref: "paper",
          yref: "paper",
          x: 1,
          y: 1.08,
          showarrow: false,
          xanchor: "right",
          text: "dashed: remission threshold · dotted: activity threshold",
          font: { size: 11 },
        },
      ],
    }),
  };
}

/**
 * Stacked bars of quadrant shares per cohort (e.g. UC vs CD).
 * @example show(quadrantSharesFigure({ UC: uc.counts, CD: cd.counts }))
 */
export function quadrantSharesFigure(cohorts: Record<string, Record<Quadrant, number>>, options: { title?: string } = {}): Figure {
  const names = Object.keys(cohorts);
  if (!names.length) throw new InputError({ field: "cohorts", value: cohorts, expected: "at least one named cohort of quadrant counts" });
  const order: Quadrant[] = ["concordant-active", "refractory-symptoms", "silent-inflammation", "concordant-remission", "indeterminate"];
  const totals = names.map((n) => order.reduce((s, q) => s + (cohorts[n][q] ?? 0), 0));
  const data: Trace[] = order.map((q) => ({
    type: "bar",
    name: q,
    x: names,
    y: names.map((n, k) => (totals[k] ? (100 * (cohorts[n][q] ?? 0)) / totals[k] : 0)),
    text: names.map((n) => String(cohorts[n][q] ?? 0)),
    textposition: "inside",
    marker: { color: QUADRANT_COLORS[q] },
  }));
  return {
    data,
    layout: withBaseLayout({
      title: { text: options.title ?? "Symptom × inflammation quadrants" },
      barmode: "stack",
      yaxis: { title: axisTitle("Share of visits", "%"), range: [0, 100] },
      xaxis: { title: axisTitle("Cohort") },
    }),
  };
}
