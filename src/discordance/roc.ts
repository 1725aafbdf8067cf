/**
 * Receiver operating characteristic analysis: empirical curve, AUC with the
 * DeLong confidence interval, best threshold, and the paired DeLong test.
 *
 * AUC is the Mann-Whitney probability P(score_case > score_control) with ties
 * counted one half. Its variance is DeLong's (DeLong, DeLong & Clarke-Pearson
 * 1988, Biometrics 44:837): with placement values V10ᵢ (share of controls below
 * case i, ties half) and V01ⱼ (share of cases above control j, ties half),
 *
 *   Var(AUC) = S10/n₁ + S01/n₀,   S10 = var(V10), S01 = var(V01) (n−1 denominators).
 *
 * The placements are computed with the O(n log n) midrank algorithm of Sun &
 * Xu (2014, IEEE Signal Process Lett 21:1389): sort cases and controls once,
 * then one merge over distinct values gives every placement. The CI is
 * AUC ± z·√Var clipped to [0, 1], as pROC::ci.auc(method = "delong").
 *
 * Thresholds follow pROC: −∞, the midpoints between consecutive distinct
 * scores, +∞; so no threshold ever equals an observed score and ties never
 * straddle a threshold.
 *
 * Hand-written because no maintained npm package computes DeLong intervals,
 * and the fast algorithm is what makes a million scores practical.
 */

import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { InputError } from "../core/errors";
import type { NumericColumn } from "../core/input";
import type { Estimate, TestResult } from "../core/result";
import { assertArray, assertCount, assertFinite, assertObject, assertOneOf, assertOpenUnit, optionsObject } from "../core/validate";
import { type LabelColumn, type MissingPolicy, scoresAndLabels } from "./labels";
import { sortedCopy } from "./sort";

/** Options of {@link roc}. */
export interface RocOptions {
  /**
   * Which way the scores point. `"<"`: higher scores mean case (controls < threshold ≤ cases);
   * `">"`: lower scores mean case; `"auto"`: pROC's rule (`"<"` when the median of the
   * controls is ≤ the median of the cases), which biases the AUC upwards on small samples.
   * Default: "<" (note: pROC's default is "auto").
   */
  direction?: "<" | ">" | "auto";
  /** Confidence level of the DeLong interval. Default: 0.95. */
  confidence?: number;
  /** Rows with a missing score or label: `"error"` throws, `"drop"` removes them (counted in `dropped`). Default: "error". */
  missing?: MissingPolicy;
}

/** The empirical ROC curve, one point per threshold (ascending specificity). */
export interface RocCurve {
  /**
   * Thresholds in the direction's order: for `"<"` ascending from −∞ to +∞ (a case is called when score > threshold);
   * for `">"` descending from +∞ to −∞ (a case is called when score < threshold). The two infinite ends are documented
   * sentinels, as in pROC.
   */
  thresholds: Float64Array;
  sensitivity: Float64Array;
  specificity: Float64Array;
}

/** Result of {@link roc}. */
export interface RocResult {
  /** AUC with its DeLong confidence interval. */
  auc: Estimate;
  /** DeLong standard error of the AUC. */
  se: number;
  nCases: number;
  nControls: number;
  /** Rows dropped for a missing score or label (only with `missing: "drop"`). */
  dropped: number;
  /** Direction actually used (resolved when `"auto"`). */
  direction: "<" | ">";
  curve: RocCurve;
  /**
   * What the paired test needs: the kept scores (sign-adjusted so that higher means case), their labels, the original
   * row index of each kept row (null when none was dropped), and the placement value of each distinct score.
   */
  delong: {
    scores: Float64Array;
    labels: Uint8Array;
    keptRows: Int32Array | null;
    distinct: Float64Array;
    casePlacement: Float64Array;
    controlPlacement: Float64Array;
    s10: number;
    s01: number;
  };
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/**
 * Empirical ROC curve with AUC and its DeLong confidence interval.
 *
 * AUC = (1/(n₁n₀)) Σᵢ Σⱼ ψ(xᵢ, yⱼ), ψ = 1 if case score > control score, ½ if equal, 0 otherwise.
 *
 * Errors: a single class, fewer than two cases or two controls (DeLong's variance is undefined),
 * non-numeric scores, labels other than 0/1/true/false, and missing values unless `missing: "drop"`.
 *
 * @param scores one score per patient (higher = more likely case, unless `direction: ">"`)
 * @param labels 1/true for a case (e.g. endoscopically active), 0/false for a control
 * @example
 * const r = roc([1, 2, 3, 4], [0, 0, 1, 1]);
 * r.auc.value; // 1
 * @see DeLong ER, DeLong DM, Clarke-Pearson DL. Biometrics 1988;44:837-45.
 * @see Sun X, Xu W. IEEE Signal Process Lett 2014;21:1389-93 (fast DeLong).
 * @see Robin X et al. pROC. BMC Bioinformatics 2011;12:77 (threshold convention).
 */
export function roc(scores: NumericColumn, labels: LabelColumn, opts?: RocOptions): RocResult {
  const options = optionsObject(opts);
  const confidence = assertOpenUnit(options.confidence ?? 0.95, "confidence");
  const directionOpt = options.direction ?? "<";
  if (directionOpt !== "<" && directionOpt !== ">" && directionOpt !== "auto") {
    throw new InputError({ field: "direction", value: directionOpt, expected: '"<", ">" or "auto"' });
  }
  const missing = options.missing ?? "error";
  if (missing !== "error" && missing !== "drop") {
    throw new InputError({ field: "missing", value: missing, expected: '"error" or "drop"' });
  }
  const data = scoresAndLabels(scores, labels, missing);
  const n = data.scores.length;
  let n1 = 0;
  for (let i = 0; i < n; i++) n1 += data.labels[i];
  const n0 = n - n1;
  if (n1 === 0 || n0 === 0) {
    throw new InputError(
      { field: "labels", value: `${n1} cases and ${n0} controls`, expected: "at least one case (1/true) and one control (0/false)" },
      "a ROC curve needs both classes",
    );
  }
  if (n1 < 2 || n0 < 2) {
    throw new InputError(
      { field: "labels", value: `${n1} cases and ${n0} controls`, expected: "at least two cases and two controls" },
      "the DeLong variance is undefined with a single case or control",
    );
  }
  const casesRaw = new Float64Array(n1);
  const controlsRaw = new Float64Array(n0);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (data.labels[i]) casesRaw[a++] = data.scores[i];
    else controlsRaw[b++] = data.scores[i];
  }
  const cases = sortedCopy(casesRaw);
  const controls = sortedCopy(controlsRaw);
  const direction: "<" | ">" = directionOpt === "auto" ? (median(controls) <= median(cases) ? "<" : ">") : directionOpt;
  const sign = direction === "<" ? 1 : -1;
  // A private copy: toFloat64 may hand back the caller's own Float64Array, and rocTest reads these later.
  let adjScores = data.keptRows === null ? data.scores.slice() : data.scores;
  let sc = cases;
  let sk = controls;
  if (sign < 0) {
    adjScores = new Float64Array(n);
    for (let i = 0; i < n; i++) adjScores[i] = -data.scores[i];
    // Negating reverses the order: rebuild ascending arrays.
    sc = new Float64Array(n1);
    sk = new Float64Array(n0);
    for (let i = 0; i < n1; i++) sc[i] = -cases[n1 - 1 - i];
    for (let i = 0; i < n0; i++) sk[i] = -controls[n0 - 1 - i];
  }

  // One merge over the distinct values of the pooled, sorted scores.
  const maxDistinct = n;
  const distinctBuf = new Float64Array(maxDistinct);
  const caseEq = new Int32Array(maxDistinct);
  const ctrlEq = new Int32Array(maxDistinct);
  let m = 0;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n0) {
    const v = j >= n0 || (i < n1 && sc[i] <= sk[j]) ? sc[i] : sk[j];
    let ce = 0;
    let ke = 0;
    while (i < n1 && sc[i] === v) {
      ce++;
      i++;
    }
    while (j < n0 && sk[j] === v) {
      ke++;
      j++;
    }
    distinctBuf[m] = v;
    caseEq[m] = ce;
    ctrlEq[m] = ke;
    m++;
  }
  const distinct = distinctBuf.slice(0, m);
  const casePlacement = new Float64Array(m);
  const controlPlacement = new Float64Array(m);
  const thresholds = new Float64Array(m + 1);
  const sensitivity = new Float64Array(m + 1);
  const specificity = new Float64Array(m + 1);
  let ctrlBelow = 0;
  let caseBelow = 0;
  let aucSum = 0;
  thresholds[0] = Number.NEGATIVE_INFINITY;
  sensitivity[0] = 1;
  specificity[0] = 0;
  for (let k = 0; k < m; k++) {
    const ce = caseEq[k];
    const ke = ctrlEq[k];
    casePlacement[k] = (ctrlBelow + 0.5 * ke) / n0;
    controlPlacement[k] = (n1 - caseBelow - ce + 0.5 * ce) / n1;
    aucSum += ce * (ctrlBelow + 0.5 * ke);
    ctrlBelow += ke;
    caseBelow += ce;
    thresholds[k + 1] = k + 1 < m ? distinct[k] / 2 + distinct[k + 1] / 2 : Number.POSITIVE_INFINITY; // no overflow near 1e308
    sensitivity[k + 1] = (n1 - caseBelow) / n1;
    specificity[k + 1] = ctrlBelow / n0;
  }
  const auc = aucSum / n1 / n0;
  let ss10 = 0;
  let ss01 = 0;
  for (let k = 0; k < m; k++) {
    const d10 = casePlacement[k] - auc;
    const d01 = controlPlacement[k] - auc;
    ss10 += caseEq[k] * d10 * d10;
    ss01 += ctrlEq[k] * d01 * d01;
  }
  const s10 = ss10 / (n1 - 1);
  const s01 = ss01 / (n0 - 1);
  const variance = s10 / n1 + s01 / n0;
  const se = Math.sqrt(variance);
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  const lower = Math.max(0, auc - z * se);
  const upper = Math.min(1, auc + z * se);
  if (sign < 0) {
    for (let k = 0; k <= m; k++) thresholds[k] = -thresholds[k];
  }
  return {
    auc: { value: auc, lower, upper, confidence, method: "DeLong" },
    se,
    nCases: n1,
    nControls: n0,
    dropped: data.dropped,
    direction,
    curve: { thresholds, sensitivity, specificity },
    delong: { scores: adjScores, labels: data.labels, keptRows: data.keptRows, distinct, casePlacement, controlPlacement, s10, s01 },
  };
}

/** Checks the curve of a {@link roc} result handed back by a caller (equal-length arrays, finite sensitivities and specificities). */
export function checkRocCurve(result: unknown, field = "result"): RocCurve {
  const r = assertObject<RocResult>(result, field);
  const c = assertObject<RocCurve>(r.curve, `${field}.curve`);
  const t = assertArray<unknown>(c.thresholds, `${field}.curve.thresholds`, { nonEmpty: true });
  const se = assertArray<unknown>(c.sensitivity, `${field}.curve.sensitivity`);
  const sp = assertArray<unknown>(c.specificity, `${field}.curve.specificity`);
  if (se.length !== t.length || sp.length !== t.length) {
    throw new InputError({
      field: `${field}.curve`,
      value: `${t.length}/${se.length}/${sp.length} values`,
      expected: "one sensitivity and specificity per threshold",
    });
  }
  for (let i = 0; i < t.length; i++) {
    const th = t[i];
    // the two ends are the documented ±Infinity sentinels (pROC); everything else is finite
    if (typeof th !== "number" || Number.isNaN(th))
      throw new InputError({ field: `${field}.curve.thresholds[${i}]`, value: th, expected: "a number" });
    assertFinite(se[i], `${field}.curve.sensitivity[${i}]`);
    assertFinite(sp[i], `${field}.curve.specificity[${i}]`);
  }
  return c;
}

/** Checks the DeLong part of a {@link roc} result handed back by a caller. */
function checkRocResult(result: unknown, field: string): RocResult {
  const r = assertObject<RocResult>(result, field);
  checkRocCurve(r, field);
  const auc = assertObject<Estimate>(r.auc, `${field}.auc`);
  assertFinite(auc.value, `${field}.auc.value`);
  assertOneOf(r.direction, `${field}.direction`, ["<", ">"] as const);
  const d = assertObject<RocResult["delong"]>(r.delong, `${field}.delong`);
  if (!(d.scores instanceof Float64Array) || !(d.labels instanceof Uint8Array) || d.scores.length !== d.labels.length) {
    throw new InputError({ field: `${field}.delong`, value: d, expected: "the delong part of a roc() result (scores and labels)" });
  }
  let n1 = 0;
  for (let i = 0; i < d.labels.length; i++) n1 += d.labels[i] ? 1 : 0;
  const nCases = assertCount(r.nCases, `${field}.nCases`, 1, Number.MAX_SAFE_INTEGER);
  const nControls = assertCount(r.nControls, `${field}.nControls`, 1, Number.MAX_SAFE_INTEGER);
  if (nCases !== n1 || nControls !== d.labels.length - n1) {
    throw new InputError({
      field: `${field}.nCases`,
      value: nCases,
      expected: `${n1} cases and ${d.labels.length - n1} controls, as in delong.labels`,
    });
  }
  for (let i = 0; i < d.scores.length; i++) assertFinite(d.scores[i], `${field}.delong.scores[${i}]`);
  if (
    !(d.distinct instanceof Float64Array) ||
    !(d.casePlacement instanceof Float64Array) ||
    !(d.controlPlacement instanceof Float64Array)
  ) {
    throw new InputError({ field: `${field}.delong`, value: d, expected: "the delong part of a roc() result (placements)" });
  }
  if (d.distinct.length === 0 || d.casePlacement.length !== d.distinct.length || d.controlPlacement.length !== d.distinct.length) {
    throw new InputError({ field: `${field}.delong.distinct`, value: d.distinct.length, expected: "one placement per distinct score" });
  }
  assertFinite(d.s10, `${field}.delong.s10`);
  assertFinite(d.s01, `${field}.delong.s01`);
  if (d.keptRows !== null && !(d.keptRows instanceof Int32Array)) {
    throw new InputError({ field: `${field}.delong.keptRows`, value: d.keptRows, expected: "null or an Int32Array" });
  }
  return r;
}

/** One point of a ROC curve. */
export interface RocPoint {
  threshold: number;
  sensitivity: number;
  specificity: number;
}

/** Options of {@link rocBestThreshold}. */
export interface BestThresholdOptions {
  /**
   * `"youden"` maximises sensitivity + r·specificity; `"closest.topleft"` minimises
   * (1 − sensitivity)² + r·(1 − specificity)². Default: "youden".
   */
  method?: "youden" | "closest.topleft";
  /** Relative cost of a false negative to a false positive (pROC best.weights[1]). Default: 1. */
  cost?: number;
  /** Prevalence of cases in the population the threshold is for (pROC best.weights[2]). Default: 0.5. */
  prevalence?: number;
  /** Thresholds that tie on the criterion: `"all"` returns every one (pROC's default), `"first"` the lowest-threshold one. Default: "all". */
  ties?: "all" | "first";
}

/** Result of {@link rocBestThreshold}. */
export interface BestThreshold {
  /** The optimal points (several when thresholds tie; never the same point twice), in the curve's threshold order. */
  best: RocPoint[];
  method: "youden" | "closest.topleft";
  /** The criterion's value at the optimum (Youden: sensitivity + r·specificity; top-left: the squared distance, positive). */
  criterion: number;
  /** Weight r = (1 − prevalence)/(cost · prevalence) on specificity. */
  r: number;
  cost: number;
  prevalence: number;
}

/**
 * Best threshold on a ROC curve by Youden's index or the distance to the top-left corner, weighted by
 * cost and prevalence, matching pROC::coords(x = "best", best.method, best.weights = c(cost, prevalence)):
 *
 *   r = (1 − prevalence) / (cost · prevalence);  Youden: max(Se + r·Sp);  top-left: min((1 − Se)² + r·(1 − Sp)²).
 *
 * The infinite end thresholds take part, as in pROC (they win only when the score is useless).
 * @example
 * const r = roc([40, 90, 150, 220, 310, 120, 480, 650, 900, 1200], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
 * rocBestThreshold(r).best // [{ threshold: 395, sensitivity: 0.8, specificity: 1 }]: Youden, midway between 310 and 480
 * rocBestThreshold(r, { cost: 2, prevalence: 0.3 }).r // 1.17: weight (1 − 0.3)/(2 · 0.3) on specificity
 * @see Perkins NJ, Schisterman EF. Am J Epidemiol 2006;163:670-5 (Youden vs closest-to-(0,1)).
 */
export function rocBestThreshold(result: RocResult, opts?: BestThresholdOptions): BestThreshold {
  const curve = checkRocCurve(result);
  const options = optionsObject(opts);
  if (options.ties !== undefined) assertOneOf(options.ties, "ties", ["all", "first"] as const);
  const method = options.method ?? "youden";
  if (method !== "youden" && method !== "closest.topleft") {
    throw new InputError({ field: "method", value: method, expected: '"youden" or "closest.topleft"' });
  }
  const cost = options.cost ?? 1;
  if (!(typeof cost === "number" && Number.isFinite(cost) && cost > 0)) {
    throw new InputError({ field: "cost", value: cost, expected: "a number greater than 0" });
  }
  const prevalence = assertOpenUnit(options.prevalence ?? 0.5, "prevalence");
  const r = (1 - prevalence) / (cost * prevalence);
  const { thresholds, sensitivity: se, specificity: sp } = curve;
  const crit = new Float64Array(se.length);
  let best = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < se.length; k++) {
    crit[k] = method === "youden" ? se[k] + r * sp[k] : -((1 - se[k]) ** 2 + r * (1 - sp[k]) ** 2);
    if (crit[k] > best) best = crit[k];
  }
  const points: RocPoint[] = [];
  for (let k = 0; k < se.length; k++) {
    if (crit[k] === best) {
      points.push({ threshold: thresholds[k], sensitivity: se[k], specificity: sp[k] });
      if (options.ties === "first") break;
    }
  }
  return { best: points, method, criterion: method === "youden" ? best : -best, r, cost, prevalence };
}

/**
 * Sensitivity and specificity at a given threshold (a case is called when score > threshold for direction "<",
 * score < threshold for ">"), read from the empirical curve.
 * @throws InputError for a value that is not a result of {@link roc}, or a threshold that is not a finite number.
 * @example
 * // Calprotectin (µg/g) in 5 patients without and 5 with endoscopic activity
 * const r = roc([40, 90, 150, 220, 310, 120, 480, 650, 900, 1200], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
 * rocAt(r, 250) // { threshold: 250, sensitivity: 0.8, specificity: 0.8 }
 */
export function rocAt(result: RocResult, threshold: number): RocPoint {
  checkRocResult(result, "result");
  assertFinite(threshold, "threshold");
  const { labels, scores } = result.delong;
  const t = result.direction === "<" ? threshold : -threshold;
  let tp = 0;
  let tn = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i]) {
      if (scores[i] > t) tp++;
    } else if (!(scores[i] > t)) tn++;
  }
  return { threshold, sensitivity: tp / result.nCases, specificity: tn / result.nControls };
}

function placementsOf(r: RocResult): { v10: Float64Array; v01: Float64Array } {
  const { scores, labels, distinct, casePlacement, controlPlacement } = r.delong;
  const v10 = new Float64Array(r.nCases);
  const v01 = new Float64Array(r.nControls);
  let a = 0;
  let b = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    let lo = 0;
    let hi = distinct.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    if (labels[i]) v10[a++] = casePlacement[lo];
    else v01[b++] = controlPlacement[lo];
  }
  return { v10, v01 };
}

function covariance(x: Float64Array, mx: number, y: Float64Array, my: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - mx) * (y[i] - my);
  return s / (x.length - 1);
}

/** Result of {@link rocTest}: the paired DeLong z test plus the AUC difference with its CI. */
export interface RocTestResult extends TestResult {
  /** AUC(a) − AUC(b) with the DeLong confidence interval. */
  difference: Estimate;
  aucA: number;
  aucB: number;
  /** Correlation of the two AUC estimates. */
  correlation: number;
}

/**
 * Paired DeLong test of two correlated ROC curves computed on the same patients (same labels, same rows kept):
 *
 *   z = (A − B) / √(Var A + Var B − 2 Cov(A, B)),  Cov = Cov(V10ᴬ, V10ᴮ)/n₁ + Cov(V01ᴬ, V01ᴮ)/n₀,
 *
 * two-sided p from the normal distribution, as pROC::roc.test(method = "delong", paired = TRUE).
 * @example
 * const active = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
 * const calprotectin = roc([40, 90, 150, 220, 310, 120, 480, 650, 900, 1200], active);
 * const crp = roc([2, 12, 4, 8, 3, 6, 15, 5, 30, 9], active);
 * const t = rocTest(calprotectin, crp);
 * t.difference.value // 0.08: AUC 0.88 versus 0.80
 * t.p // 0.66: ten patients cannot tell the two markers apart
 * @see DeLong ER, DeLong DM, Clarke-Pearson DL. Biometrics 1988;44:837-45.
 */
export function rocTest(a: RocResult, b: RocResult, options?: { confidence?: number }): RocTestResult {
  checkRocResult(a, "a");
  checkRocResult(b, "b");
  const confidence = assertOpenUnit(optionsObject(options).confidence ?? 0.95, "confidence");
  const la = a.delong.labels;
  const lb = b.delong.labels;
  if (la.length !== lb.length) {
    throw new InputError({ field: "b", value: `${lb.length} patients`, expected: `${la.length} patients, the same as a (paired test)` });
  }
  for (let i = 0; i < la.length; i++) {
    if (la[i] !== lb[i]) {
      throw new InputError({
        field: `b.labels[${i}]`,
        value: lb[i],
        expected: `${la[i]} as in a: the paired test needs the same patients in the same order`,
      });
    }
  }
  const ka = a.delong.keptRows;
  const kb = b.delong.keptRows;
  if ((ka === null) !== (kb === null) || (ka && kb && ka.some((v, i) => v !== kb[i]))) {
    throw new InputError({
      field: "b",
      value: "different rows dropped for missing values",
      expected: "both curves built on the same rows",
    });
  }
  const pa = placementsOf(a);
  const pb = placementsOf(b);
  const A = a.auc.value;
  const B = b.auc.value;
  const n1 = a.nCases;
  const n0 = a.nControls;
  const cov = covariance(pa.v10, A, pb.v10, B) / n1 + covariance(pa.v01, A, pb.v01, B) / n0;
  const va = a.delong.s10 / n1 + a.delong.s01 / n0;
  const vb = b.delong.s10 / n1 + b.delong.s01 / n0;
  const varDiff = va + vb - 2 * cov;
  const diff = A - B;
  let statistic: number;
  let p: number;
  if (!(varDiff > 0)) {
    if (diff === 0) {
      statistic = 0;
      p = 1;
    } else {
      throw new InputError({
        field: "b",
        value: "zero variance of the AUC difference",
        expected: "curves whose AUC difference has a positive DeLong variance",
      });
    }
  } else {
    statistic = diff / Math.sqrt(varDiff);
    p = 2 * normalCdf(-Math.abs(statistic), 0, 1);
  }
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  const sd = Math.sqrt(Math.max(varDiff, 0));
  return {
    statistic,
    p,
    method: "DeLong paired",
    difference: { value: diff, lower: diff - z * sd, upper: diff + z * sd, confidence, method: "DeLong" },
    aucA: A,
    aucB: B,
    correlation: va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0,
  };
}
