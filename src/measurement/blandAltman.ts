/**
 * Bland-Altman agreement between two methods measuring the same quantity
 * (Bland & Altman 1986, Lancet 327:307; 1999, Stat Methods Med Res 8:135).
 */
import { InputError } from "../core/errors";
import type { NumericColumn } from "../core/input";
import type { Estimate, TestResult } from "../core/result";
import {
  assertArray,
  assertFiniteArray,
  assertObject,
  assertOneOf,
  assertOpenUnit,
  assertString,
  finiteOrThrow,
  finiteResult,
  optionalBoolean,
  optionalString,
  optionsObject,
} from "../core/validate";
import { axisTitle, type Figure } from "../plot/figure";
import { semanticColors, withBaseLayout } from "../plot/palette";
import { tQ, tTwoSided, zQ } from "./dist";

/** Options of {@link blandAltman}. */
export interface BlandAltmanOptions {
  /** Confidence level of the CIs of the bias, the limits and the slope. Default: 0.95. */
  confidence?: number;
  /** Share of differences the limits of agreement should contain (bias ± z·SD). Default: 0.95 (z = 1.96). */
  agreement?: number;
  /**
   * Analyse ln(a) − ln(b) instead of a − b, for measures whose error grows with their level
   * (e.g. calprotectin); the bias and limits are then also given back-transformed as ratios a/b
   * (Bland & Altman 1999, section 5.3). Values must be > 0. Default: false.
   */
  logRatio?: boolean;
}

/** Result of {@link blandAltman}. Values are on the difference scale (a − b), or ln(a/b) with `logRatio`. */
export interface BlandAltmanResult {
  n: number;
  /** Pairs dropped because a value was missing. */
  dropped: number;
  scale: "difference" | "logRatio";
  /** Mean difference with its t interval. */
  bias: Estimate;
  sdDifference: number;
  /** Lower and upper limits of agreement, bias ∓ z·SD, each with its CI (Bland & Altman 1999 approximate). */
  lowerLimit: Estimate;
  upperLimit: Estimate;
  /** z multiplier of the limits (1.96 for 95 % agreement). */
  z: number;
  /** With `logRatio`: bias and limits back-transformed to ratios a/b (exp of the log-scale values). */
  ratio?: { bias: Estimate; lowerLimit: Estimate; upperLimit: Estimate };
  /** Regression of the difference on the mean of the pair: slope ≠ 0 indicates proportional bias. */
  proportionalBias: { intercept: number; slope: Estimate } & TestResult;
  /** The plotted points: pair means (mean of logs with `logRatio`) and differences. */
  means: number[];
  differences: number[];
}

/** The values of a column: a plain or typed array, or a danfojs Series' `values`. */
function columnValues(col: unknown, field: string): ArrayLike<unknown> {
  const isSeries = typeof col === "object" && col !== null && !Array.isArray(col) && !ArrayBuffer.isView(col) && "values" in col;
  return assertArray<unknown>(isSeries ? (col as { values: unknown }).values : col, field);
}

function readPair(a: NumericColumn, b: NumericColumn): { x: number[]; y: number[]; dropped: number } {
  const va = columnValues(a, "a");
  const vb = columnValues(b, "b");
  if (va.length !== vb.length)
    throw new InputError({ field: "b", value: `${vb.length} values`, expected: `${va.length} values, one per value of a` });
  const x: number[] = [];
  const y: number[] = [];
  let dropped = 0;
  const missing = (v: unknown) => v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
  for (let i = 0; i < va.length; i++) {
    const p = va[i];
    const q = vb[i];
    if (missing(p) || missing(q)) {
      dropped++;
      continue;
    }
    if (typeof p !== "number" || !Number.isFinite(p))
      throw new InputError({ field: `a[${i}]`, value: p, expected: "a finite number or a missing value" });
    if (typeof q !== "number" || !Number.isFinite(q))
      throw new InputError({ field: `b[${i}]`, value: q, expected: "a finite number or a missing value" });
    x.push(p);
    y.push(q);
  }
  return { x, y, dropped };
}

/**
 * Bland-Altman analysis of two methods a and b on the same subjects.
 *
 * d = a − b (or ln a − ln b); bias = mean(d) with CI mean ± t₍n−1₎·SD/√n;
 * limits of agreement bias ± z·SD, each with CI ± t₍n−1₎·SD·√(1/n + z²/(2(n−1)))
 * (Bland & Altman 1999, Stat Methods Med Res 8:135, section 4.2: approximate, not exact);
 * proportional bias: least-squares regression of d on the pair mean, slope with t CI and p (Bland & Altman 1999, section 3.2).
 * Pairs with a missing value are dropped and counted. Needs at least 3 complete pairs.
 * @example
 * // Bland & Altman 1986 (Lancet), Table 1: PEF (l/min), Wright minus mini-Wright meter
 * const wright = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427];
 * const miniWright = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451];
 * const ba = blandAltman(wright, miniWright);
 * ba.bias.value // -2.1 l/min (published: −2.1)
 * ba.sdDifference // 38.8 (published: 38.8)
 * ba.lowerLimit.value // -78.1: limits of agreement −78 to 74 l/min, too wide to swap the meters
 */
export function blandAltman(a: NumericColumn, b: NumericColumn, options?: BlandAltmanOptions): BlandAltmanResult {
  const o = optionsObject(options);
  const confidence = o.confidence === undefined ? 0.95 : assertOpenUnit(o.confidence, "confidence");
  const agreement = o.agreement === undefined ? 0.95 : assertOpenUnit(o.agreement, "agreement");
  const log = optionalBoolean(o.logRatio, "logRatio") === true;
  const { x, y, dropped } = readPair(a, b);
  const n = x.length;
  if (n < 3) throw new InputError({ field: "a, b", value: `${n} complete pair(s)`, expected: "at least 3 complete pairs" });
  const means: number[] = new Array(n);
  const diffs: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (log && (x[i] <= 0 || y[i] <= 0)) {
      throw new InputError({
        field: x[i] <= 0 ? `a[${i}]` : `b[${i}]`,
        value: x[i] <= 0 ? x[i] : y[i],
        expected: "a value > 0 (logRatio analyses ln a − ln b)",
      });
    }
    const p = log ? Math.log(x[i]) : x[i];
    const q = log ? Math.log(y[i]) : y[i];
    means[i] = p / 2 + q / 2; // (p + q) / 2 without overflow for values near 1e308
    diffs[i] = p - q;
  }
  let md = 0;
  let mm = 0;
  for (let i = 0; i < n; i++) {
    md += diffs[i];
    mm += means[i];
  }
  md /= n;
  mm /= n;
  let sdd = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const e = diffs[i] - md;
    const f = means[i] - mm;
    sdd += e * e;
    sxx += f * f;
    sxy += e * f;
  }
  const sd = Math.sqrt(sdd / (n - 1));
  const z = zQ((1 + agreement) / 2);
  const t = tQ((1 + confidence) / 2, n - 1);
  const seBias = sd / Math.sqrt(n);
  const seLoa = sd * Math.sqrt(1 / n + (z * z) / (2 * (n - 1)));
  const lo = md - z * sd;
  const hi = md + z * sd;
  const est = (value: number, se: number, tq: number, method: string): Estimate => ({
    value: finiteOrThrow(value, "estimate"),
    lower: value - tq * se,
    upper: value + tq * se,
    confidence,
    method,
  });
  const bias = est(md, seBias, t, "t interval");
  const loaMethod = "Bland & Altman 1999 approximate (SE = SD·√(1/n + z²/(2(n−1))), t quantile)";
  const lowerLimit = est(lo, seLoa, t, loaMethod);
  const upperLimit = est(hi, seLoa, t, loaMethod);

  // proportional bias: d = intercept + slope * mean
  let slope = 0;
  let intercept = md;
  let seSlope = 0;
  let tStat = 0;
  let p = 1;
  const tq2 = n > 2 ? tQ((1 + confidence) / 2, n - 2) : 0;
  if (sxx > 0) {
    slope = sxy / sxx;
    intercept = md - slope * mm;
    const rss = Math.max(0, sdd - slope * sxy);
    seSlope = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : 0;
    if (seSlope > 0) {
      tStat = slope / seSlope;
      p = tTwoSided(tStat, n - 2);
    } else {
      tStat = slope === 0 ? 0 : Math.sign(slope) * Number.MAX_VALUE;
      p = slope === 0 ? 1 : 0;
    }
  }
  const expEst = (e: Estimate): Estimate => ({
    ...e,
    value: Math.exp(e.value),
    lower: Math.exp(e.lower),
    upper: Math.exp(e.upper),
    method: `${e.method}, back-transformed (exp)`,
  });
  return finiteResult<BlandAltmanResult>(
    {
      n,
      dropped,
      scale: log ? "logRatio" : "difference",
      bias,
      sdDifference: sd,
      lowerLimit,
      upperLimit,
      z,
      ratio: log ? { bias: expEst(bias), lowerLimit: expEst(lowerLimit), upperLimit: expEst(upperLimit) } : undefined,
      proportionalBias: {
        intercept,
        slope: { value: slope, lower: slope - tq2 * seSlope, upper: slope + tq2 * seSlope, confidence, method: "OLS t interval" },
        statistic: tStat,
        df: n - 2,
        p,
        method: "OLS regression of difference on pair mean, t test of slope = 0",
      },
      means,
      differences: diffs,
    },
    "blandAltman",
  );
}

/** Checks a result of {@link blandAltman} handed back by a caller (the fields the figure draws). */
function checkBlandAltman(result: unknown): BlandAltmanResult {
  const r = assertObject<BlandAltmanResult>(result, "result");
  assertOneOf(r.scale, "result.scale", ["difference", "logRatio"] as const);
  const means = assertFiniteArray(r.means, "result.means", 1);
  const diffs = assertFiniteArray(r.differences, "result.differences", 1);
  if (diffs.length !== means.length) {
    throw new InputError({ field: "result.differences", value: `${diffs.length} values`, expected: `${means.length}, one per mean` });
  }
  for (const key of ["bias", "lowerLimit", "upperLimit"] as const) {
    const e = assertObject<Estimate>(r[key], `result.${key}`);
    assertFiniteArray([e.value, e.lower, e.upper, e.confidence], `result.${key} (value, lower, upper, confidence)`);
  }
  const pb = assertObject<BlandAltmanResult["proportionalBias"]>(r.proportionalBias, "result.proportionalBias");
  const slope = assertObject<Estimate>(pb.slope, "result.proportionalBias.slope");
  assertFiniteArray([pb.intercept, pb.p, slope.value], "result.proportionalBias (intercept, p, slope)");
  return r;
}

/** Options of {@link blandAltmanFigure}. */
export interface BlandAltmanFigureOptions {
  title?: string;
  /** Unit of the measurements, for the axis titles (e.g. "l/min", "points"). */
  unit?: string;
  /** Names of the two methods. Default: "A", "B". */
  labels?: [string, string];
}

/**
 * Bland-Altman plot: differences against pair means, with the bias and limits of agreement
 * (dashed) and their confidence bands (shaded), and the proportional-bias regression line.
 * @example
 * const wright = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427];
 * const miniWright = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451];
 * const fig = blandAltmanFigure(blandAltman(wright, miniWright), { unit: "l/min", labels: ["Wright", "mini-Wright"] });
 * fig.data[0].name // "pairs"
 * fig.data[0].y // [-18, -35, -4, 6, -24, ...]: each point is one patient's difference
 */
export function blandAltmanFigure(result: BlandAltmanResult, options?: BlandAltmanFigureOptions): Figure {
  checkBlandAltman(result);
  const o = optionsObject(options);
  const labels = o.labels === undefined ? ["A", "B"] : assertArray<unknown>(o.labels, "labels");
  if (labels.length !== 2)
    throw new InputError({ field: "labels", value: labels, expected: 'two method names, e.g. ["Wright", "mini-Wright"]' });
  const la = assertString(labels[0], "labels[0]");
  const lb = assertString(labels[1], "labels[1]");
  const title = optionalString(o.title, "title");
  const unit = o.unit === undefined || o.unit === "" ? undefined : assertString(o.unit, "unit");
  const log = result.scale === "logRatio";
  const xs = Array.from(result.means);
  let xmin = Number.POSITIVE_INFINITY;
  let xmax = Number.NEGATIVE_INFINITY;
  for (const v of xs) {
    if (v < xmin) xmin = v;
    if (v > xmax) xmax = v;
  }
  const hline = (e: Estimate, name: string, color: string) => [
    { type: "scatter", mode: "lines", name, x: [xmin, xmax], y: [e.value, e.value], line: { color, dash: "dash" } },
    {
      type: "scatter",
      mode: "lines",
      name: `${name} ${Math.round(e.confidence * 100)} % CI`,
      x: [xmin, xmax, xmax, xmin, xmin],
      y: [e.lower, e.lower, e.upper, e.upper, e.lower],
      fill: "toself",
      fillcolor: "rgba(127,127,127,0.15)",
      line: { width: 0 },
      showlegend: false,
      hoverinfo: "skip",
    },
  ];
  const pb = result.proportionalBias;
  return {
    data: [
      {
        type: "scatter",
        mode: "markers",
        name: "pairs",
        x: xs,
        y: Array.from(result.differences),
        marker: { color: semanticColors.observed, size: 7, opacity: 0.8 },
      },
      ...hline(result.bias, `bias ${result.bias.value.toFixed(3)}`, semanticColors.threshold),
      ...hline(result.lowerLimit, `lower LoA ${result.lowerLimit.value.toFixed(3)}`, semanticColors.active),
      ...hline(result.upperLimit, `upper LoA ${result.upperLimit.value.toFixed(3)}`, semanticColors.active),
      {
        type: "scatter",
        mode: "lines",
        name: `regression (slope ${pb.slope.value.toFixed(3)}, p = ${pb.p.toPrecision(2)})`,
        x: [xmin, xmax],
        y: [pb.intercept + pb.slope.value * xmin, pb.intercept + pb.slope.value * xmax],
        line: { color: semanticColors.model, width: 1 },
      },
    ],
    layout: withBaseLayout({
      title: { text: title ?? `Bland-Altman: ${la} vs ${lb}` },
      xaxis: { title: axisTitle(log ? `Mean of ln(${la}) and ln(${lb})` : `Mean of ${la} and ${lb}`, log ? undefined : unit) },
      yaxis: { title: axisTitle(log ? `ln(${la}) − ln(${lb})` : `${la} − ${lb}`, log ? undefined : unit), zeroline: true },
    }),
  };
}
