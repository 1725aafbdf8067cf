/**
 * Figure builders for the discordance chapter: ROC curves, the quadrant
 * scatter with its thresholds, and cohort quadrant shares. Pure: data in,
 * plotly `{ data, layout }` out.
 */
import { InputError } from "../core/errors";
import {
  assertArray,
  assertCount,
  assertFinite,
  assertInRange,
  assertNonNegative,
  assertObject,
  assertOneOf,
  assertString,
  assertWithinLimit,
  optionalBoolean,
  optionalString,
  optionsObject,
} from "../core/validate";
import { axisTitle, displayUnit, type Figure, logAxis, type Trace } from "../plot/figure";
import { categorical, palette, semanticColors, withBaseLayout } from "../plot/palette";
import { type DiscordanceCall, QUADRANTS, type Quadrant } from "./classify";
import { INSTRUMENT_IDS, INSTRUMENTS, type InstrumentId, instrumentThresholds, type ThresholdOverride } from "./instruments";
import { checkRocCurve, type RocPoint, type RocResult } from "./roc";

/** Most named curves or cohorts one figure draws. */
export const MAX_FIGURE_GROUPS = 100;

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

/** A point marked on a {@link rocFigure}: a threshold with its sensitivity and specificity, and the curve it lies on. */
export interface RocMarkedPoint extends RocPoint {
  /**
   * Name of the curve (a key of `curves`) the point belongs to. Default: the one curve the point lies on (a
   * point of `rocBestThreshold` or `rocAt` of that curve); required when it lies on none or several of them.
   */
  curve?: string;
}

/** Options of {@link rocFigure}. */
export interface RocFigureOptions {
  title?: string;
  /** Marked points by criterion, e.g. `{ Youden: rocBestThreshold(fc).best[0] }`; each is labelled with its curve, criterion, threshold and unit, Se and Sp. */
  points?: Record<string, RocMarkedPoint>;
  /**
   * Unit of the thresholds in the point labels: one unit for every curve (`"µg/g"`), or one per curve name
   * (`{ "CD calprotectin": "µg/g", "CD CRP": "mg/L" }`; a curve left out has no unit). Written for the reader
   * by `displayUnit` ("ug/g" is shown as "µg/g"). Default: no unit (the threshold as a bare number).
   */
  thresholdUnit?: string | Record<string, string>;
  /** Most points drawn per curve (longer curves are thinned, keeping both ends). Default: 2000. */
  maxPoints?: number;
}

/** A number as read off a curve: at most `digits` significant digits and no trailing zeros (89.5, not 89.50). */
function plainNumber(x: number, digits: number): string {
  if (x === Number.POSITIVE_INFINITY) return "+∞";
  if (x === Number.NEGATIVE_INFINITY) return "−∞";
  return String(Number(x.toPrecision(digits)));
}

/** "Youden" → "Youden cut-off"; a criterion already naming a cut-off or threshold is kept as it is. */
function cutOffName(criterion: string): string {
  if (!criterion) return "cut-off";
  return /(cut-?off|threshold)$/i.test(criterion) ? criterion : `${criterion} cut-off`;
}

/**
 * The label of a marked ROC point: curve, criterion, threshold with its unit, sensitivity and specificity,
 * e.g. "calprotectin, Youden cut-off 89.5 µg/g (Se 0.81, Sp 0.74)". The threshold has four significant
 * digits and Se/Sp two decimals, without trailing zeros; an infinite threshold (pROC's ends) has no unit.
 * "cut-off" follows the criterion unless it already ends in "cut-off" or "threshold". `breakAt` joins the name
 * and the values: " " for one line, "<br>" for two (a plotly marker label that fits a square ROC plot).
 */
export function rocPointLabel(
  p: { curve: string; criterion: string; threshold: number; unit?: string; sensitivity: number; specificity: number },
  breakAt = " ",
): string {
  const unit = p.unit && Number.isFinite(p.threshold) ? ` ${displayUnit(p.unit)}` : "";
  const two = (x: number) => String(Number(x.toFixed(2)));
  return `${p.curve}, ${cutOffName(p.criterion)}${breakAt}${plainNumber(p.threshold, 4)}${unit} (Se ${two(p.sensitivity)}, Sp ${two(p.specificity)})`;
}

/**
 * Where a marked point's label goes on a ROC plot (x = 1 − specificity, y = sensitivity): towards the middle
 * of the plot, never out of it; below the point unless `above` is asked for, or the point is at the very
 * bottom (above it then), or it is asked above a point at the very top (below it then).
 */
export function rocTextPosition(x: number, y: number, above = false): string {
  const vertical = y < 0.15 || (above && y <= 0.9) ? "top" : "bottom";
  return `${vertical} ${x <= 0.5 ? "right" : "left"}`;
}

/** Whether the curve passes through the point exactly (a point of rocBestThreshold or of the curve itself). */
function onCurve(c: RocResult["curve"], p: RocPoint): boolean {
  for (let k = 0; k < c.thresholds.length; k++) {
    if (c.thresholds[k] === p.threshold && c.sensitivity[k] === p.sensitivity && c.specificity[k] === p.specificity) return true;
  }
  return false;
}

/**
 * ROC curves (1 − specificity on x, sensitivity on y), one per named result, with the AUC and its CI in the legend
 * and optional marked points (e.g. a best threshold), each labelled with its curve, criterion, threshold and unit,
 * sensitivity and specificity.
 * @example
 * const active = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
 * const fc = roc([40, 90, 150, 220, 310, 120, 480, 650, 900, 1200], active);
 * const fig = rocFigure({ calprotectin: fc }, { points: { Youden: rocBestThreshold(fc).best[0] }, thresholdUnit: "µg/g" });
 * fig.data[0].name // "calprotectin: AUC 0.880 (0.626-1.000)"
 * fig.data.length // 3 (the curve, the chance line and the marked point)
 * fig.data[2].hovertext[0] // "calprotectin, Youden cut-off 395 µg/g (Se 0.8, Sp 1)"
 * fig.data[2].text[0] // "calprotectin, Youden cut-off<br>395 µg/g (Se 0.8, Sp 1)": two lines on the plot
 */
export function rocFigure(curves: Record<string, RocResult>, options?: RocFigureOptions): Figure {
  const table = assertObject<Record<string, RocResult>>(curves, "curves");
  const names = Object.keys(table);
  if (!names.length) throw new InputError({ field: "curves", value: curves, expected: "at least one named ROC result" });
  assertWithinLimit(names.length, "curves (count)", MAX_FIGURE_GROUPS);
  const o = optionsObject(options);
  const maxPoints = assertCount(o.maxPoints ?? 2000, "maxPoints", 2, 1_000_000);
  const title = optionalString(o.title, "title");
  const checked = names.map((name) => {
    const c = checkRocCurve(table[name], `curves.${name}`);
    const a = assertObject<{ value: number; lower: number; upper: number }>(table[name].auc, `curves.${name}.auc`);
    for (const k of ["value", "lower", "upper"] as const) assertInRange(a[k], `curves.${name}.auc.${k}`, 0, 1);
    return { c, a };
  });
  const unitOf = thresholdUnits(o.thresholdUnit, names);
  const points = o.points === undefined ? {} : assertObject<Record<string, RocMarkedPoint>>(o.points, "points");
  const marked = Object.entries(points).map(([label, p]) => {
    const pt = assertObject<RocMarkedPoint>(p, `points.${label}`);
    assertInRange(pt.sensitivity, `points.${label}.sensitivity`, 0, 1);
    assertInRange(pt.specificity, `points.${label}.specificity`, 0, 1);
    if (typeof pt.threshold !== "number" || Number.isNaN(pt.threshold)) {
      throw new InputError({ field: `points.${label}.threshold`, value: pt.threshold, expected: "a number" });
    }
    let curve: string;
    if (pt.curve !== undefined) {
      curve = assertOneOf(pt.curve, `points.${label}.curve`, names);
    } else {
      const on = names.filter((_n, k) => onCurve(checked[k].c, pt));
      if (on.length === 1) curve = on[0];
      else if (names.length === 1) curve = names[0];
      else {
        throw new InputError({
          field: `points.${label}.curve`,
          value: undefined,
          expected: `the name of the curve the point belongs to (${on.length ? "it lies on several" : "it lies on none"} of: ${names.join(", ")})`,
        });
      }
    }
    return { label, p: pt, curve };
  });
  const data: Trace[] = names.map((name, k) => {
    const { c, a } = checked[k];
    const idx = thin(c.sensitivity.length, maxPoints);
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
  // with several marked points the most sensitive one is labelled above itself and the others below, so that
  // two labels of neighbouring points run apart rather than into each other
  const topSe = Math.max(...marked.map((m) => m.p.sensitivity));
  const topIndex = marked.findIndex((m) => m.p.sensitivity === topSe);
  for (const [i, { label, p, curve }] of marked.entries()) {
    const x = 1 - p.specificity;
    const point = {
      curve,
      criterion: label,
      threshold: p.threshold,
      unit: unitOf(curve),
      sensitivity: p.sensitivity,
      specificity: p.specificity,
    };
    data.push({
      type: "scatter",
      mode: "markers+text",
      name: `${curve}, ${cutOffName(label)}`,
      x: [x],
      y: [p.sensitivity],
      // on the plot in two lines, so that it fits a square plot; the hover shows it in one
      text: [rocPointLabel(point, "<br>")],
      hovertext: [rocPointLabel(point)],
      textposition: rocTextPosition(x, p.sensitivity, marked.length > 1 && i === topIndex),
      hoverinfo: "text",
      cliponaxis: false,
      marker: { color: semanticColors.threshold, size: 10, symbol: "diamond" },
    });
  }
  return {
    data,
    layout: withBaseLayout({
      title: { text: title ?? "ROC curve" },
      xaxis: { title: axisTitle("1 − specificity"), range: [0, 1], constrain: "domain" },
      yaxis: { title: axisTitle("Sensitivity"), range: [0, 1.02], scaleanchor: "x" },
      legend: { x: 0.98, xanchor: "right", y: 0.02, yanchor: "bottom", bgcolor: "rgba(255,255,255,0.85)" },
    }),
  };
}

/** The unit of each curve's thresholds from `thresholdUnit` (one string, or one per curve name). */
function thresholdUnits(given: unknown, names: string[]): (curve: string) => string | undefined {
  if (given === undefined) return () => undefined;
  if (typeof given === "string") return () => given;
  const table = assertObject<Record<string, unknown>>(given, "thresholdUnit");
  for (const [name, unit] of Object.entries(table)) {
    assertOneOf(name, "thresholdUnit (curve name)", names);
    assertString(unit, `thresholdUnit.${name}`);
  }
  return (curve) => (Object.hasOwn(table, curve) ? (table[curve] as string) : undefined);
}

/** Checks one call handed to {@link quadrantScatterFigure}: a quadrant, its evidence readings and optional ids. */
function checkCall(call: unknown, field: string): DiscordanceCall {
  const c = assertObject<DiscordanceCall>(call, field);
  assertOneOf(c.quadrant, `${field}.quadrant`, QUADRANTS);
  const ev = assertArray<unknown>(c.evidence, `${field}.evidence`);
  for (let i = 0; i < ev.length; i++) {
    const e = assertObject<{ instrument: unknown; value: unknown }>(ev[i], `${field}.evidence[${i}]`);
    assertOneOf(e.instrument, `${field}.evidence[${i}].instrument`, INSTRUMENT_IDS);
    assertFinite(e.value, `${field}.evidence[${i}].value`);
  }
  if (c.patientId !== undefined && typeof c.patientId !== "string") assertFinite(c.patientId, `${field}.patientId`);
  if (c.visitDate !== undefined) optionalString(c.visitDate, `${field}.visitDate`);
  return c;
}

/**
 * Scatter of a symptom score (x) against an objective measure (y), one colour per quadrant call, with the
 * remission and activity thresholds of both instruments drawn as lines.
 * @example
 * const cohort = classifyDiscordance([
 *   { patientId: "A", hbi: 9, calprotectinUgG: 40 },
 *   { patientId: "B", hbi: 2, calprotectinUgG: 900 },
 *   { patientId: "C", hbi: 10, calprotectinUgG: 1200 },
 *   { patientId: "D", hbi: 1, calprotectinUgG: 30 },
 * ]);
 * cohort.calls.map((c) => c.quadrant) // ["refractory-symptoms", "silent-inflammation", "concordant-active", "concordant-remission"]
 * const fig = quadrantScatterFigure(cohort.calls, { x: "hbi", y: "calprotectinUgG", logY: true });
 * fig.layout.yaxis.type // "log" (calprotectin spans orders of magnitude)
 * fig.data.length // 4 (one trace per quadrant present)
 */
export function quadrantScatterFigure(
  calls: readonly DiscordanceCall[],
  opts: {
    x: InstrumentId;
    y: InstrumentId;
    thresholds?: Partial<Record<InstrumentId, ThresholdOverride>>;
    logY?: boolean;
    title?: string;
    /** Jitter for integer scores so points do not hide each other (fraction of a step). Default: 0. */
    jitter?: number;
  },
): Figure {
  const options = assertObject<typeof opts>(opts, "options");
  const xId = assertOneOf(options.x, "x", INSTRUMENT_IDS);
  const yId = assertOneOf(options.y, "y", INSTRUMENT_IDS);
  const thresholds =
    options.thresholds === undefined
      ? {}
      : assertObject<Partial<Record<InstrumentId, ThresholdOverride>>>(options.thresholds, "thresholds");
  const own = (id: InstrumentId) => (Object.hasOwn(thresholds, id) ? thresholds[id] : undefined);
  const xi = instrumentThresholds(xId, own(xId));
  const yi = instrumentThresholds(yId, own(yId));
  const logY = optionalBoolean(options.logY, "logY") ?? false;
  const title = optionalString(options.title, "title");
  const groups = new Map<Quadrant, { x: number[]; y: number[]; text: string[] }>();
  const jitter = assertInRange(options.jitter ?? 0, "jitter", 0, 1);
  const list = assertArray<unknown>(calls, "calls");
  const checked = Array.from(list, (call, k) => checkCall(call, `calls[${k}]`));
  checked.forEach((c, k) => {
    const ex = c.evidence.find((e) => e.instrument === xId);
    const ey = c.evidence.find((e) => e.instrument === yId);
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
      title: { text: title ?? `${INSTRUMENTS[xId].name} vs ${INSTRUMENTS[yId].name}` },
      xaxis: { title: axisTitle(xi.name.split(":")[0], xUnit ?? "points") },
      yaxis: {
        title: axisTitle(yi.name.split(":")[0], yUnit ?? "points"),
        ...(logY ? logAxis(...[...groups.values()].map((g) => g.y), [yi.remission.value, yi.active.value]) : { type: "linear" }),
      },
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
 * @example
 * const fig = quadrantSharesFigure({
 *   UC: { "concordant-active": 30, "refractory-symptoms": 10, "silent-inflammation": 15, "concordant-remission": 40, indeterminate: 5 },
 *   CD: { "concordant-active": 25, "refractory-symptoms": 20, "silent-inflammation": 20, "concordant-remission": 30, indeterminate: 5 },
 * });
 * fig.data.length // 5 (one stacked bar segment per quadrant)
 * fig.data[0].x // ["UC", "CD"]
 */
export function quadrantSharesFigure(cohorts: Record<string, Record<Quadrant, number>>, options?: { title?: string }): Figure {
  const table = assertObject<Record<string, Record<Quadrant, number>>>(cohorts, "cohorts");
  const names = Object.keys(table);
  if (!names.length) throw new InputError({ field: "cohorts", value: cohorts, expected: "at least one named cohort of quadrant counts" });
  assertWithinLimit(names.length, "cohorts (count)", MAX_FIGURE_GROUPS);
  const title = optionalString(optionsObject(options).title, "title");
  const order: Quadrant[] = ["concordant-active", "refractory-symptoms", "silent-inflammation", "concordant-remission", "indeterminate"];
  const counts = names.map((n) => {
    const c = assertObject<Record<string, unknown>>(table[n], `cohorts.${n}`);
    return order.map((q) => (Object.hasOwn(c, q) && c[q] !== undefined ? assertNonNegative(c[q], `cohorts.${n}.${q}`) : 0));
  });
  const totals = counts.map((row, k) => {
    let s = 0;
    for (const v of row) s += v;
    if (!Number.isFinite(s)) throw new InputError({ field: `cohorts.${names[k]}`, value: s, expected: "counts whose total is finite" });
    return s;
  });
  const data: Trace[] = order.map((q, j) => ({
    type: "bar",
    name: q,
    x: names,
    y: names.map((_n, k) => (totals[k] ? (100 * counts[k][j]) / totals[k] : 0)),
    text: names.map((_n, k) => String(counts[k][j])),
    textposition: "inside",
    marker: { color: QUADRANT_COLORS[q] },
  }));
  return {
    data,
    layout: withBaseLayout({
      title: { text: title ?? "Symptom × inflammation quadrants" },
      barmode: "stack",
      yaxis: { title: axisTitle("Share of visits", "%"), range: [0, 100] },
      xaxis: { title: axisTitle("Cohort") },
    }),
  };
}
