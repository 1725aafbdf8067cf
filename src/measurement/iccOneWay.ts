/**
 * One-way intraclass correlation from every available rating, for unbalanced
 * data (subjects rated a different number of times, e.g. missing readings):
 * the ANOVA estimator with the effective group size n₀ (Searle 1971, "Linear
 * Models", section 9; Donner 1986, Int Stat Rev 54:67). With complete data it
 * equals {@link icc}'s ICC1. Two-way forms (ICC2/ICC3) need the raters to be
 * crossed with subjects and are not estimated here (use complete cases with icc).
 */
import { InputError } from "../core/errors";
import type { Estimate } from "../core/result";
import { assertOpenUnit, finiteOrThrow, finiteResult, optionsObject } from "../core/validate";
import { fQ, fUpper } from "./dist";
import { type RatingsInput, type RatingsOptions, toRatingsMatrix } from "./ratings";

/** Result of {@link iccOneWay}. */
export interface IccOneWayResult extends Estimate {
  /**
   * F = MSB/MSW with df (a − 1, N − a) and its upper-tail p-value; `f` is null (and p = 0) when MSW = 0
   * (every subject's ratings agree exactly), where the F test is not defined (see {@link icc}).
   */
  f: number | null;
  df1: number;
  df2: number;
  p: number;
  /** Effective number of ratings per subject, n₀ = (N − Σnᵢ²/N)/(a − 1). */
  n0: number;
  /** Subjects with at least one rating, and ratings used. */
  subjects: number;
  ratings: number;
  /** Subjects with no rating at all (ignored). */
  dropped: number;
  meanSquares: { between: number; within: number };
}

/**
 * ICC(1) from all ratings, unbalanced allowed: ICC = (MSB − MSW)/(MSB + (n₀ − 1)·MSW), with the approximate
 * F interval with n₀ in place of k: F_L = F/F(1−γ/2; a−1, N−a), F_U = F·F(1−γ/2; N−a, a−1),
 * bounds (F − 1)/(F + n₀ − 1). Same inputs as {@link icc}; missing ratings are simply skipped.
 * @example
 * // Shrout & Fleiss 1979 Table 2 with two ratings missing: the one-way ICC uses every rating there is
 * const r = iccOneWay([[9, 2, 5, 8], [6, 1, null, 2], [8, 4, 6, 8], [7, 1, 2, null]]);
 * r.value // 0.118
 * r.ratings // 14
 */
export function iccOneWay(ratings: RatingsInput, options?: RatingsOptions & { confidence?: number }): IccOneWayResult {
  const o = optionsObject(options);
  const confidence = o.confidence === undefined ? 0.95 : assertOpenUnit(o.confidence, "confidence");
  const m = toRatingsMatrix(ratings, "ratings", o);
  const { data, rows, cols } = m;
  const counts: number[] = [];
  const sums: number[] = [];
  let shift = Number.NaN;
  let ssw = 0;
  let dropped = 0;
  for (let i = 0; i < rows; i++) {
    let c = 0;
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      if (Number.isNaN(v)) continue;
      if (!Number.isFinite(v))
        throw new InputError({ field: `ratings[${i}][${j}]`, value: v, expected: "a finite number or a missing value" });
      if (Number.isNaN(shift)) shift = v;
      c++;
      s += v - shift;
    }
    if (c === 0) {
      dropped++;
      continue;
    }
    const mean = s / c;
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      if (!Number.isNaN(v)) ssw += (v - shift - mean) ** 2;
    }
    counts.push(c);
    sums.push(s);
  }
  const a = counts.length;
  const N = counts.reduce((x, y) => x + y, 0);
  if (a < 2) throw new InputError({ field: "ratings", value: `${a} rated subject(s)`, expected: "at least 2 subjects with a rating" });
  if (N - a < 1)
    throw new InputError({ field: "ratings", value: `${N} ratings of ${a} subjects`, expected: "at least one subject rated twice" });
  const grand = sums.reduce((x, y) => x + y, 0) / N;
  let ssb = 0;
  let sumN2 = 0;
  for (let i = 0; i < a; i++) {
    ssb += counts[i] * (sums[i] / counts[i] - grand) ** 2;
    sumN2 += counts[i] * counts[i];
  }
  const df1 = a - 1;
  const df2 = N - a;
  const MSB = ssb / df1;
  const MSW = ssw / df2;
  const n0 = (N - sumN2 / N) / (a - 1);
  if (!(MSB > 0)) {
    throw new InputError(
      { field: "ratings", value: "every subject has the same mean rating", expected: "ratings that differ between subjects" },
      "no ICC is defined",
    );
  }
  const value = (MSB - MSW) / (MSB + (n0 - 1) * MSW);
  let lower = 1;
  let upper = 1;
  let f: number | null = null;
  if (MSW > 0 && Number.isFinite(MSB / MSW)) {
    f = MSB / MSW;
    const q = (1 + confidence) / 2;
    const FL = f / fQ(q, df1, df2);
    const FU = f * fQ(q, df2, df1);
    lower = (FL - 1) / (FL + n0 - 1);
    upper = (FU - 1) / (FU + n0 - 1);
  }
  return finiteResult(
    {
      value: finiteOrThrow(value, "ICC"),
      lower: finiteOrThrow(lower, "ICC.lower"),
      upper: finiteOrThrow(upper, "ICC.upper"),
      confidence,
      method: "one-way ANOVA estimator with n0 (Searle 1971), approximate F interval",
      f,
      df1,
      df2,
      p: f === null ? 0 : fUpper(f, df1, df2),
      n0,
      subjects: a,
      ratings: N,
      dropped,
      meanSquares: { between: MSB, within: MSW },
    },
    "iccOneWay",
  );
}
