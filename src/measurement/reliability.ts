/**
 * Classical test theory helpers: Cronbach's alpha with the Feldt interval,
 * standard error of measurement, minimal detectable change, Spearman-Brown
 * prophecy (and its inverse) and correction for attenuation. Under X = T + E
 * with E independent of T, reliability = var(T)/var(X) (Lord & Novick 1968).
 */
import { InputError } from "../core/errors";
import type { Estimate } from "../core/result";
import {
  assertFinite,
  assertInRange,
  assertNonNegative,
  assertOpenUnit,
  assertPositive,
  finiteOrThrow,
  finiteResult,
  optionsObject,
} from "../core/validate";
import { fQ, zQ } from "./dist";
import { iccSums } from "./icc";
import { type RatingsInput, type RatingsOptions, toRatingsMatrix } from "./ratings";

/** Result of {@link cronbachAlpha}. */
export interface AlphaResult extends Estimate {
  /** Items (columns) and subjects (complete rows) used; subjects dropped for a missing item. */
  items: number;
  subjects: number;
  dropped: number;
  /** Average inter-item correlation implied by alpha (standardised-alpha inversion, as psych's alpha.ci r.bar). */
  averageR: number;
}

/** Options of {@link cronbachAlpha}. */
export interface AlphaOptions extends RatingsOptions {
  /** Confidence level of the Feldt interval. Default: 0.95. */
  confidence?: number;
}

/**
 * Cronbach's alpha of a subjects x items table, with the Feldt (1965) F-based interval.
 *
 *   α = k/(k−1) · (1 − Σ var(itemⱼ)/var(total)) = (MSB − MSE)/MSB   (= ICC3k)
 *   Feldt CI: 1 − (1 − α)·F(1 − γ/2; n−1, (n−1)(k−1)) to 1 − (1 − α)·F(γ/2; n−1, (n−1)(k−1)), γ = 1 − confidence
 *
 * Matches psych::alpha's raw_alpha and psych::alpha.ci (Feldt, Woodruff & Salih 1987, Appl Psychol Meas 11:93).
 * Rows with a missing item are dropped (complete cases). Items with no variance among subjects
 * (all totals equal) throw an {@link InputError}.
 * @example
 * // 4 respondents x 3 items that rise and fall together
 * const a = cronbachAlpha([[1, 2, 2], [2, 3, 3], [4, 4, 5], [3, 3, 3]]);
 * a.value // 0.962
 * a.lower // 0.748 (Feldt 95 % interval: four respondents leave it wide)
 */
export function cronbachAlpha(items: RatingsInput, options?: AlphaOptions): AlphaResult {
  const o = optionsObject(options);
  const confidence = o.confidence === undefined ? 0.95 : assertOpenUnit(o.confidence, "confidence");
  const m = toRatingsMatrix(items, "items", o);
  if (m.cols < 2) throw new InputError({ field: "items", value: `${m.cols} item(s)`, expected: "at least 2 items (columns)" });
  const s = iccSums(m.data, m.rows, m.cols);
  if (s.n < 2)
    throw new InputError({ field: "items", value: `${s.n} complete subject(s)`, expected: "at least 2 subjects with every item present" });
  const n = s.n;
  const k = s.k;
  const dfB = n - 1;
  const dfE = (n - 1) * (k - 1);
  const MSB = s.ssb / dfB;
  const MSE = s.sse / dfE;
  if (!(MSB > 0)) {
    throw new InputError(
      { field: "items", value: "every subject has the same total", expected: "totals that vary between subjects" },
      "alpha is undefined",
    );
  }
  const alpha = (MSB - MSE) / MSB;
  const g = 1 - confidence;
  const lower = MSE === 0 ? 1 : 1 - (1 - alpha) * fQ(1 - g / 2, dfB, dfE);
  const upper = MSE === 0 ? 1 : 1 - (1 - alpha) * fQ(g / 2, dfB, dfE);
  return finiteResult(
    {
      value: finiteOrThrow(alpha, "alpha"),
      lower: finiteOrThrow(lower, "alpha.lower"),
      upper: finiteOrThrow(upper, "alpha.upper"),
      confidence,
      method: "Feldt",
      items: k,
      subjects: n,
      dropped: s.dropped,
      averageR: alpha / (k - alpha * (k - 1)),
    },
    "cronbachAlpha",
  );
}

/**
 * Standard error of measurement: SEM = SD · √(1 − reliability).
 * @param sd between-subject standard deviation of the score (score units)
 * @param reliability an ICC or alpha in [0, 1]
 * @example sem(7.43, 0.83) // ≈ 3.06 score points
 */
export function sem(sd: number, reliability: number): number {
  const s = assertNonNegative(sd, "sd");
  const r = assertInRange(reliability, "reliability", 0, 1);
  return s * Math.sqrt(1 - r);
}

/**
 * Minimal detectable change between two readings of one patient: MDC = z₍₁₊c₎/₂ · √2 · SEM
 * (the change exceeded by measurement error alone with probability 1 − c; Weir 2005, J Strength Cond Res 19:231).
 * Default confidence 0.95 (z = 1.96).
 * @throws InputError for a SEM that is not a finite number >= 0, a confidence outside (0, 1), or an
 * MDC too large to represent (a SEM near 1e308).
 * @example mdc(3.07) // 8.51: SES-CD inter-reader SEM 3.07 (Khanna 2016, Gut) -> MDC95 ≈ 8.5 points
 */
export function mdc(semValue: number, confidence = 0.95): number {
  const s = assertNonNegative(semValue, "sem");
  const c = assertOpenUnit(confidence, "confidence");
  return finiteOrThrow(zQ((1 + c) / 2) * Math.SQRT2 * s, "mdc");
}

/**
 * Spearman-Brown prophecy: reliability of the mean of k parallel readings,
 * ρₖ = k·ρ / (1 + (k − 1)·ρ) (Spearman 1910; Brown 1910, Br J Psychol 3).
 * k may be fractional (k < 1 shortens the measure). Computed as k·ρ / ((1 − ρ) + k·ρ), the same
 * quantity without the cancellation 1 + (k − 1) that loses a tiny k (k = 1e-300 gives k − 1 = −1
 * exactly, and 0/0 for ρ = 1); ρ = 1 gives 1 for every k.
 * @throws InputError for a reliability outside [0, 1], or a k that is not a finite number > 0.
 * @example spearmanBrown(0.5, 3) // 0.75
 */
export function spearmanBrown(reliability: number, k: number): number {
  const r = assertInRange(reliability, "reliability", 0, 1);
  const kk = assertPositive(k, "k");
  if (r === 0) return 0;
  if (r === 1) return 1;
  const kr = kk * r;
  // kr may underflow to 0 (tiny k): the prophecy is then 0 to double precision
  return finiteOrThrow(kr / (1 - r + kr), "spearmanBrown");
}

/**
 * Inverse Spearman-Brown: the number of parallel readings whose mean reaches a target
 * reliability, k = ρ*(1 − ρ) / (ρ(1 − ρ*)). Returns the real k; round up for a count of readings.
 * @example spearmanBrownInverse(0.5, 0.9) // 9 readings (9.000000000000002 in floating point: do not take Math.ceil of it)
 */
export function spearmanBrownInverse(reliability: number, target: number): number {
  const r = assertInRange(reliability, "reliability", 0, 1);
  const t = assertInRange(target, "target", 0, 1);
  if (t === 0) return 0;
  if (r === 0)
    throw new InputError({
      field: "reliability",
      value: r,
      expected: "a reliability > 0 (no number of readings of pure noise reaches a positive target)",
    });
  if (t === 1 && r < 1)
    throw new InputError({ field: "target", value: t, expected: "a target < 1 (reliability 1 needs infinitely many readings)" });
  if (r === 1) return t === 1 ? 1 : (t * (1 - r)) / (r * (1 - t));
  return finiteOrThrow((t * (1 - r)) / (r * (1 - t)), "spearmanBrownInverse");
}

/**
 * The smallest whole number of parallel readings whose mean reaches a target reliability: the least
 * integer n ≥ 1 with ρₙ = n·ρ / (1 + (n − 1)·ρ) ≥ ρ*, i.e. n = ⌈ρ*(1 − ρ) / (ρ(1 − ρ*))⌉ (the Spearman-Brown
 * prophecy solved for n and rounded up; Spearman 1910; Brown 1910, Br J Psychol 3). The real k of
 * {@link spearmanBrownInverse} carries floating error (0.5 → 0.9 gives 9.000000000000002, whose ceiling is 10), so
 * the count is settled by {@link spearmanBrown} itself: the returned n reaches the target and n − 1 does not.
 * A target at or below the single-reading reliability needs 1 reading.
 * @throws InputError for a reliability or target outside [0, 1], a reliability of 0 with a positive target,
 * a target of 1 with a reliability below 1, or a count beyond 2⁵³ (a reliability near 0).
 * @example
 * readingsNeeded(0.5, 0.9) // 9: not 10, although spearmanBrownInverse(0.5, 0.9) is 9.000000000000002
 * spearmanBrown(0.5, 9) // 0.9
 * // Day-to-day reliability of one log-calprotectin about 0.84 (domain facts, section 4): samples to average for 0.95
 * readingsNeeded(0.84, 0.95) // 4
 * readingsNeeded(0.84, 0.8) // 1 (one sample is already reliable enough)
 * readingsNeeded(0, 0.8) // throws InputError
 */
export function readingsNeeded(reliability: number, target: number): number {
  const r = assertInRange(reliability, "reliability", 0, 1);
  const t = assertInRange(target, "target", 0, 1);
  if (t <= r) return 1;
  const k = spearmanBrownInverse(r, t);
  const n = Math.max(1, Math.ceil(k));
  if (!Number.isSafeInteger(n))
    throw new InputError({
      field: "reliability",
      value: r,
      expected: `a reliability for which target ${t} is reachable with fewer than 2^53 readings (it needs about ${k.toPrecision(3)})`,
    });
  // The ceiling of k is normally within one of the answer; let the prophecy decide. Near a target of 1 the
  // prophecy can be flat over many consecutive n in floating point, so search by doubling steps, then bisect.
  const reaches = (m: number) => spearmanBrown(r, m) >= t;
  let lo: number; // largest count known to fall short (0: none)
  let hi: number; // smallest count known to reach the target
  if (reaches(n)) {
    hi = n;
    let step = 1;
    while (hi - step >= 1 && reaches(hi - step)) {
      hi -= step;
      step *= 2;
    }
    lo = Math.max(0, hi - step);
  } else {
    lo = n;
    let step = 1;
    while (!reaches(lo + step)) {
      lo += step;
      step *= 2;
      if (!Number.isSafeInteger(lo + step))
        throw new InputError({
          field: "target",
          value: t,
          expected: `a target reachable with fewer than 2^53 readings at reliability ${r}`,
        });
    }
    hi = lo + step;
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (reaches(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Correction for attenuation (Spearman 1904): the correlation between true scores,
 * ρ(T_x, T_y) = r_xy / √(r_xx · r_yy). Sampling error can push the result beyond ±1; it is returned as is.
 * @example disattenuate(0.33, 0.5, 0.83) // 0.51
 */
export function disattenuate(rxy: number, rxx: number, ryy: number): number {
  const r = assertInRange(rxy, "rxy", -1, 1);
  const a = assertInRange(rxx, "rxx", 0, 1);
  const b = assertInRange(ryy, "ryy", 0, 1);
  if (a === 0 || b === 0) throw new InputError({ field: a === 0 ? "rxx" : "ryy", value: 0, expected: "a reliability > 0" });
  return finiteOrThrow(assertFinite(r, "rxy") / Math.sqrt(a * b), "disattenuated correlation");
}
