/**
 * Spearman rank correlation with a confidence interval: how closely a symptom
 * score tracks an objective marker (e.g. CDAI vs SES-CD, R ≈ 0.33 in pooled CD
 * trials; see domain facts §5).
 *
 * rs is Pearson's r on midranks (ties get the average rank). The CI uses
 * Fisher's z = atanh(rs) with the standard error of Bonett & Wright (2000,
 * Psychometrika 65:23-8), SE = √((1 + rs²/2)/(n − 3)), by default, or that of
 * Fieller, Hartley & Pearson (1957, Biometrika 44:470), SE = √(1.06/(n − 3)):
 *
 *   CI = tanh(atanh(rs) ± z·SE).
 *
 * The p-value uses the t approximation t = rs·√((n − 2)/(1 − rs²)), df = n − 2
 * (not R's exact AS 89 for small n without ties).
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { InputError } from "../core/errors";
import { type NumericColumn, toFloat64 } from "../core/input";
import type { Estimate } from "../core/result";
import { assertOpenUnit, optionsObject } from "../core/validate";

/** Options of {@link spearmanCorrelation}. */
export interface SpearmanOptions {
  /** Confidence level. Default: 0.95. */
  confidence?: number;
  /** Standard error on Fisher's z scale. Default: "bonett-wright". */
  se?: "bonett-wright" | "fieller";
  /** Pairs with a missing value: `"error"` throws, `"drop"` uses complete pairs only. Default: "error". */
  missing?: "error" | "drop";
}

/** Result of {@link spearmanCorrelation}: the estimate plus a test of rs = 0. */
export interface SpearmanResult extends Estimate {
  n: number;
  /** t statistic for rs = 0 (df = n − 2). */
  statistic: number;
  p: number;
}

/**
 * Midranks (1-based) of a vector; ties get the mean of the ranks they occupy.
 * @example midranks(Float64Array.from([10, 20, 20, 5])) // [2, 3.5, 3.5, 1]
 */
export function midranks(x: Float64Array): Float64Array {
  const n = x.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]] === x[idx[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]] = rank;
    i = j + 1;
  }
  return r;
}

/**
 * Spearman's rank correlation with a Fisher-z confidence interval.
 * @example spearmanCorrelation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).value // 0.8
 * @see Bonett DG, Wright TA. Psychometrika 2000;65:23-8.
 */
export function spearmanCorrelation(x: NumericColumn, y: NumericColumn, options?: SpearmanOptions): SpearmanResult {
  const o = optionsObject(options);
  const confidence = assertOpenUnit(o.confidence ?? 0.95, "confidence");
  const seMethod = o.se ?? "bonett-wright";
  if (seMethod !== "bonett-wright" && seMethod !== "fieller") {
    throw new InputError({ field: "se", value: seMethod, expected: '"bonett-wright" or "fieller"' });
  }
  if (o.missing !== undefined && o.missing !== "error" && o.missing !== "drop") {
    throw new InputError({ field: "missing", value: o.missing, expected: '"error" or "drop"' });
  }
  const drop = o.missing === "drop";
  const xa = toFloat64(x, "x", { allowMissing: drop });
  const ya = toFloat64(y, "y", { allowMissing: drop });
  if (xa.length !== ya.length) throw new InputError({ field: "y", value: `${ya.length} values`, expected: `${xa.length} values, as x` });
  let n = 0;
  for (let i = 0; i < xa.length; i++) if (!Number.isNaN(xa[i]) && !Number.isNaN(ya[i])) n++;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0, k = 0; i < xa.length; i++) {
    if (!Number.isNaN(xa[i]) && !Number.isNaN(ya[i])) {
      xs[k] = xa[i];
      ys[k++] = ya[i];
    }
  }
  if (n < 4)
    throw new InputError({ field: "x", value: `${n} complete pairs`, expected: "at least 4 complete pairs (the Fisher-z SE needs n > 3)" });
  const rx = midranks(xs);
  const ry = midranks(ys);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i] - mean;
    const dy = ry[i] - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) {
    throw new InputError(
      { field: sxx === 0 ? "x" : "y", value: "all values equal", expected: "at least two distinct values" },
      "the correlation is undefined",
    );
  }
  const r = sxy / Math.sqrt(sxx * syy);
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  const se = seMethod === "fieller" ? Math.sqrt(1.06 / (n - 3)) : Math.sqrt((1 + (r * r) / 2) / (n - 3));
  let lower: number;
  let upper: number;
  if (Math.abs(r) >= 1) {
    lower = r;
    upper = r;
  } else {
    const fz = Math.atanh(r);
    lower = Math.tanh(fz - z * se);
    upper = Math.tanh(fz + z * se);
  }
  const df = n - 2;
  let statistic: number;
  let p: number;
  if (Math.abs(r) >= 1) {
    statistic = r > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
    p = 0;
  } else {
    statistic = r * Math.sqrt(df / (1 - r * r));
    p = 2 * tCdf(-Math.abs(statistic), df);
  }
  return {
    value: r,
    lower,
    upper,
    confidence,
    method: seMethod === "fieller" ? "Fisher z, Fieller SE" : "Fisher z, Bonett-Wright SE",
    n,
    statistic,
    p,
  };
}
