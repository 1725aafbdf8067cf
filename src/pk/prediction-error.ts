/**
 * How good is a forecast: the statistics of prediction errors (Sheiner LB, Beal SL 1981, "Some
 * suggestions for measuring predictive performance", J Pharmacokinet Biopharm 9:503-512), as the
 * external evaluations of infliximab models report them (e.g. the 12-model evaluation in
 * Pharmaceutics 2021;13:1368):
 *
 *   rPE_i   = 100 (pred_i - obs_i) / obs_i                     (%, measured levels with obs > 0)
 *   bias    = median rPE, with a distribution-free CI from order statistics; and mean rPE
 *   rRMSE   = sqrt(mean(rPE_i^2))                              (imprecision, %)
 *   within  = fraction of |rPE_i| <= 20 % (and 30 %)
 *
 * and the classification of each predicted level against a target trough: "positive" is below the
 * target (the level that calls for action), sensitivity TP/(TP+FN), specificity TN/(TN+FP), each
 * with a Wilson interval ({@link wilson}, src/core/intervals.ts). A level outside the assay's range
 * has no rPE but is classified when its limit lies on one side of the target.
 *
 * Hand-written: the binomial distribution with p = 1/2 needed for the median's interval is a short
 * exact sum; no maintained JavaScript package gives the order-statistic interval of a median.
 */
import { InputError } from "../core/errors";
import { wilson } from "../core/intervals";
import { pexp, pln } from "../core/portable-math";
import type { Estimate } from "../core/result";
import {
  assertArray,
  assertFinite,
  assertNonNegative,
  assertObject,
  assertOpenUnit,
  assertPositive,
  assertWithinLimit,
  finiteOrThrow,
  optionsObject,
} from "../core/validate";
import type { Observation } from "./bayes";

/** Most values in one summary: 10,000,000 (the median sorts a copy of them). */
export const MAX_PREDICTION_ERRORS = 10_000_000;

/**
 * Relative prediction error, %: rPE = 100 (pred - obs) / obs (Sheiner & Beal 1981).
 * @throws InputError for a prediction that is not a finite number >= 0, an observed level that is
 * not a finite number > 0 (a zero level has no relative error), or a result too large to be finite.
 * @example relativePredictionError(6, 5) // 20: a prediction of 6 ug/mL for a level of 5 is 20 % too high
 */
export function relativePredictionError(predictedUgMl: number, observedUgMl: number): number {
  const pred = assertNonNegative(predictedUgMl, "predictedUgMl");
  const obs = assertPositive(observedUgMl, "observedUgMl");
  return finiteOrThrow((100 * (pred - obs)) / obs, "relative prediction error");
}

/** A median with its distribution-free interval: which order statistics bound it, and their exact coverage. */
export interface MedianEstimate extends Estimate {
  /** 1-based ranks (k, n + 1 - k) of the sorted values that bound the interval. */
  ranks: [number, number];
  /** Exact coverage of that interval for a continuous distribution, 1 - 2 P(Bin(n, 1/2) <= k - 1). */
  coverage: number;
  /** Values the median was taken of. */
  n: number;
}

/**
 * The median of `values` with its distribution-free confidence interval by order statistics
 * (Conover WJ 1999, Practical Nonparametric Statistics, 3rd ed., section 3.2; Campbell MJ, Gardner
 * MJ 1988, BMJ 296:1454): with x(1) <= ... <= x(n) and X ~ Binomial(n, 1/2), the interval is
 * [x(k), x(n+1-k)] for the largest k with P(X <= k - 1) <= (1 - confidence)/2; its exact coverage
 * is 1 - 2 P(X <= k - 1) >= confidence. With too few values for any such k (n < 6 at 95 %) the
 * interval is the range [x(1), x(n)], whose coverage 1 - 2^(1-n) is below the confidence asked
 * for: `coverage` and `method` say so. The median is x((n+1)/2), or the mean of the two middle
 * values for an even n. Deterministic (no resampling).
 * @param options.confidence Central probability asked for, strictly between 0 and 1. Default 0.95.
 * @throws InputError for an empty list, a value that is not finite, or more than {@link MAX_PREDICTION_ERRORS} values.
 * @example
 * const m = medianWithInterval([-12, 3, 8, -30, 15, 22, 1, -4, 9, 40]);
 * m.value // 5.5
 * m.ranks; // [2, 9]: the interval is [x(2), x(9)] of the 10 sorted values
 * [m.lower, m.upper]; // [-12, 22]
 * m.coverage // 0.979
 */
export function medianWithInterval(values: ArrayLike<number>, options?: { confidence?: number }): MedianEstimate {
  const list = assertArray<unknown>(values, "values", { nonEmpty: true });
  assertWithinLimit(list.length, "values.length", MAX_PREDICTION_ERRORS);
  const conf = assertOpenUnit(optionsObject(options).confidence ?? 0.95, "options.confidence");
  const x = Float64Array.from(list as ArrayLike<number>, (v, i) => assertFinite(v, `values[${i}]`)).sort();
  const n = x.length;
  const half = n >> 1;
  const median = n % 2 === 1 ? x[half] : x[half - 1] / 2 + x[half] / 2;
  // the largest k with P(X <= k - 1) <= alpha/2; the tail sums grow with k, so walk up from k = 1.
  // A tail equal to alpha/2 meets it (e.g. 1/8 for n = 3 at 75 %): rounding of the sum is allowed for.
  const alphaHalf = ((1 - conf) / 2) * (1 + 1e-12);
  let lp = -n * pln(2);
  let tail = pexp(lp); // P(X <= 0)
  let k = 0;
  let tailAtK = 0; // P(X <= k - 1) for the current k
  while (k < half && tail <= alphaHalf) {
    k++;
    tailAtK = tail;
    lp += pln((n - k + 1) / k);
    tail += pexp(lp);
  }
  const short = k === 0;
  if (short) {
    k = 1;
    tailAtK = pexp(-n * pln(2));
  }
  const coverage = Math.max(0, 1 - 2 * tailAtK);
  const cov = Number(coverage.toFixed(4));
  return {
    value: median,
    lower: x[k - 1],
    upper: x[n - k],
    confidence: conf,
    method: short
      ? `order statistics: too few values (${n}) for a ${100 * conf} % interval; the range x(1)-x(${n}) covers the median with probability ${cov} only`
      : `order statistics x(${k}), x(${n + 1 - k}) of ${n} (binomial, exact coverage ${cov})`,
    ranks: [k, n + 1 - k],
    coverage,
    n,
  };
}

/**
 * Root mean square of `values`: sqrt(mean(x_i^2)), the rRMSE of relative prediction errors in %
 * (Sheiner & Beal 1981). Computed as m sqrt(mean((x_i/m)^2)) with m = max |x_i|, so that values
 * near 1e200 do not overflow.
 * @throws InputError for an empty list or a value that is not finite.
 * @example rootMeanSquare([-30, 40]) // 35.4: sqrt((900 + 1600) / 2)
 */
export function rootMeanSquare(values: ArrayLike<number>): number {
  const list = assertArray<unknown>(values, "values", { nonEmpty: true });
  assertWithinLimit(list.length, "values.length", MAX_PREDICTION_ERRORS);
  let m = 0;
  for (let i = 0; i < list.length; i++) m = Math.max(m, Math.abs(assertFinite(list[i], `values[${i}]`)));
  if (m === 0) return 0;
  let s = 0;
  for (let i = 0; i < list.length; i++) {
    const r = (list[i] as number) / m;
    s += r * r;
  }
  return m * Math.sqrt(s / list.length);
}

/**
 * Arithmetic mean of `values`, as a running mean m_i = m_(i-1) + (x_i - m_(i-1)) / i, which stays
 * finite for finite values of any size.
 * @throws InputError for an empty list or a value that is not finite.
 * @example meanOf([-30, 40, 5]) // 5
 */
export function meanOf(values: ArrayLike<number>): number {
  const list = assertArray<unknown>(values, "values", { nonEmpty: true });
  let m = 0;
  for (let i = 0; i < list.length; i++) m += (assertFinite(list[i], `values[${i}]`) - m) / (i + 1);
  return m;
}

/**
 * Fraction of relative prediction errors within +-`percent` %: #{|rPE_i| <= percent} / n (the
 * "% within 20 %" and "within 30 %" of model evaluations).
 * @throws InputError for an empty list, a value that is not finite, or a percent that is not > 0.
 * @example fractionWithin([-25, -10, 0, 19.9, 20, 31], 20) // 0.667: 4 of 6 (the bound itself counts)
 */
export function fractionWithin(values: ArrayLike<number>, percent: number): number {
  const list = assertArray<unknown>(values, "values", { nonEmpty: true });
  const p = assertPositive(percent, "percent");
  let hit = 0;
  for (let i = 0; i < list.length; i++) if (Math.abs(assertFinite(list[i], `values[${i}]`)) <= p) hit++;
  return hit / list.length;
}

/**
 * Where a level lies against a target: "below" (the positive class: a measured level < target, or
 * one censored "below" a limit <= target), "at-or-above" (a measured level >= target, or one
 * censored "above" a limit >= target), or null when a censored level's limit straddles the target
 * (below a limit above the target, above a limit under it: its side cannot be known).
 * @throws InputError for a malformed observation (a censored one with a measured level too) or a target that is not a finite number > 0.
 * @example
 * levelSide({ timeDays: 56, censored: "below", limitUgMl: 0.4 }, 5) // "below"
 * levelSide({ timeDays: 56, censored: "below", limitUgMl: 8 }, 5) // null: somewhere under 8, maybe above 5
 */
export function levelSide(observed: Observation, targetTroughUgMl: number): "below" | "at-or-above" | null {
  const target = assertPositive(targetTroughUgMl, "targetTroughUgMl");
  const o = assertObject<Observation>(observed, "observed");
  if (o.censored === undefined || o.censored === null) {
    const c = assertNonNegative(o.concentrationUgMl, "observed.concentrationUgMl");
    return c < target ? "below" : "at-or-above";
  }
  if (o.concentrationUgMl !== undefined && o.concentrationUgMl !== null)
    throw new InputError(
      {
        field: "observed.concentrationUgMl",
        value: o.concentrationUgMl,
        expected: `no measured level on a level censored "${o.censored}" its limit`,
      },
      "both a measured level and a censoring given",
    );
  const limit = assertPositive(o.limitUgMl, "observed.limitUgMl");
  if (o.censored === "below") return limit <= target ? "below" : null;
  if (o.censored === "above") return limit >= target ? "at-or-above" : null;
  throw new InputError({ field: "observed.censored", value: o.censored, expected: '"below" or "above" (or absent for a measured level)' });
}

/** A 2x2 table of predicted against observed side of the target, positive = below the target. */
export interface TargetClassification {
  /** Predicted below, observed below. */
  truePositive: number;
  /** Predicted below, observed at or above. */
  falsePositive: number;
  /** Predicted at or above, observed at or above. */
  trueNegative: number;
  /** Predicted at or above, observed below. */
  falseNegative: number;
  /** Censored levels whose limit straddles the target: not classified. */
  unclassifiable: number;
  /** TP / (TP + FN), Wilson interval; null without an observed level below the target. */
  sensitivity: Estimate | null;
  /** TN / (TN + FP), Wilson interval; null without an observed level at or above the target. */
  specificity: Estimate | null;
}

/** A predicted level beside the level observed then. */
export interface PredictedLevel {
  observed: Observation;
  predictedUgMl: number;
}

/**
 * Classifies each predicted level against `targetTroughUgMl` (positive = below the target: the level
 * that calls for action) beside the observed one ({@link levelSide}; a censored level whose limit
 * straddles the target is counted as unclassifiable), and returns the 2x2 table with
 * sensitivity = TP/(TP+FN) and specificity = TN/(TN+FP), each with a Wilson score interval
 * (Wilson EB 1927, J Am Stat Assoc 22:209), null when its denominator is 0.
 * @param options.targetTroughUgMl Target trough, ug/mL (> 0). Required.
 * @param options.confidence Central probability of the intervals. Default 0.95.
 * @throws InputError for a list that is not an array, a malformed row, or a bad option.
 * @example
 * const rows = [
 *   { observed: { timeDays: 56, concentrationUgMl: 2 }, predictedUgMl: 3 },
 *   { observed: { timeDays: 56, censored: "below", limitUgMl: 0.4 }, predictedUgMl: 6 },
 *   { observed: { timeDays: 56, concentrationUgMl: 9 }, predictedUgMl: 7 },
 * ];
 * const t = targetClassification(rows, { targetTroughUgMl: 5 });
 * [t.truePositive, t.falseNegative, t.trueNegative, t.falsePositive] // [1, 1, 1, 0]
 * t.sensitivity.value // 0.5
 */
export function targetClassification(
  rows: PredictedLevel[],
  options: { targetTroughUgMl: number; confidence?: number },
): TargetClassification {
  const list = assertArray<unknown>(rows, "rows");
  assertWithinLimit(list.length, "rows.length", MAX_PREDICTION_ERRORS);
  const o = assertObject<{ targetTroughUgMl: number; confidence?: number }>(options, "options");
  const target = assertPositive(o.targetTroughUgMl, "options.targetTroughUgMl");
  const conf = assertOpenUnit(o.confidence ?? 0.95, "options.confidence");
  const t = { truePositive: 0, falsePositive: 0, trueNegative: 0, falseNegative: 0, unclassifiable: 0 };
  for (let i = 0; i < list.length; i++) {
    const r = assertObject<PredictedLevel>(list[i], `rows[${i}]`);
    const predictedBelow = assertNonNegative(r.predictedUgMl, "rows.predictedUgMl", i + 1) < target;
    const side = levelSide(r.observed, target);
    if (side === null) t.unclassifiable++;
    else if (side === "below") {
      if (predictedBelow) t.truePositive++;
      else t.falseNegative++;
    } else if (predictedBelow) t.falsePositive++;
    else t.trueNegative++;
  }
  const pos = t.truePositive + t.falseNegative;
  const neg = t.trueNegative + t.falsePositive;
  return {
    ...t,
    sensitivity: pos > 0 ? wilson(t.truePositive, pos, { confidence: conf }) : null,
    specificity: neg > 0 ? wilson(t.trueNegative, neg, { confidence: conf }) : null,
  };
}

/** The prediction-error statistics of a set of predicted levels. */
export interface PredictionErrorSummary {
  /** Predicted levels (measured and censored). */
  n: number;
  /** Levels with a relative prediction error (measured, > 0). */
  nWithRpe: number;
  /** Levels without one: censored, or measured at 0 ug/mL. */
  excludedFromBias: number;
  /** Median rPE, %, with its order-statistic interval; null when nWithRpe is 0. */
  medianRpe: MedianEstimate | null;
  /** Mean rPE, %; null when nWithRpe is 0. */
  meanRpe: number | null;
  /** sqrt(mean(rPE^2)), %; null when nWithRpe is 0. */
  rRmse: number | null;
  /** Fraction of |rPE| <= 20 %; null when nWithRpe is 0. */
  within20: number | null;
  /** Fraction of |rPE| <= 30 %; null when nWithRpe is 0. */
  within30: number | null;
  /** Predicted against observed side of the target. */
  classification: TargetClassification;
}

/**
 * Summarises predicted levels (Sheiner & Beal 1981): rPE of each measured level > 0
 * ({@link relativePredictionError}), its median with the order-statistic interval
 * ({@link medianWithInterval}), mean, rRMSE ({@link rootMeanSquare}), fractions within 20 % and 30 %
 * ({@link fractionWithin}), and the classification against the target ({@link targetClassification}).
 * No level: n 0 and null statistics (never NaN).
 * @param options.targetTroughUgMl Target trough, ug/mL. Required.
 * @param options.confidence Of the median's and the Wilson intervals. Default 0.95.
 * @example
 * const s = predictionErrorSummary(
 *   [
 *     { observed: { timeDays: 56, concentrationUgMl: 4 }, predictedUgMl: 5 },
 *     { observed: { timeDays: 98, concentrationUgMl: 10 }, predictedUgMl: 8 },
 *     { observed: { timeDays: 154, censored: "below", limitUgMl: 0.4 }, predictedUgMl: 1 },
 *   ],
 *   { targetTroughUgMl: 5 },
 * );
 * s.nWithRpe // 2: the censored level has no rPE
 * s.meanRpe // 2.5: (25 - 20) / 2
 * s.rRmse // 22.6
 */
export function predictionErrorSummary(
  rows: PredictedLevel[],
  options: { targetTroughUgMl: number; confidence?: number },
): PredictionErrorSummary {
  const classification = targetClassification(rows, options);
  const conf = (options as { confidence?: number }).confidence ?? 0.95;
  const rpe: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    // a censored level has no concentration (targetClassification has refused one with both)
    const c = rows[i].observed.concentrationUgMl ?? 0;
    if (c > 0) rpe.push(relativePredictionError(rows[i].predictedUgMl, c));
  }
  const m = rpe.length;
  return {
    n: rows.length,
    nWithRpe: m,
    excludedFromBias: rows.length - m,
    medianRpe: m > 0 ? medianWithInterval(rpe, { confidence: conf }) : null,
    meanRpe: m > 0 ? meanOf(rpe) : null,
    rRmse: m > 0 ? rootMeanSquare(rpe) : null,
    within20: m > 0 ? fractionWithin(rpe, 20) : null,
    within30: m > 0 ? fractionWithin(rpe, 30) : null,
    classification,
  };
}
