/**
 * Repeatability of a measure read twice (or more) on the same occasion: the one definition of
 * "reliability of repeated readings" that the report, the notebooks and the discordance module's
 * reliability-aware calls share.
 *
 *   reliability = ICC(2,1)  (two-way random effects, absolute agreement, single reading;
 *                            Shrout & Fleiss 1979, Psychol Bull 86:420; McGraw & Wong 1996 ICC(A,1))
 *   SD          = sample SD of every reading of the subjects with a complete set of readings
 *   SEM         = SD · √(1 − max(0, ICC))   (Weir 2005, J Strength Cond Res 19:231)
 *   MDC95       = 1.96 · √2 · SEM
 *
 * ICC(2,1) rather than a Pearson r between the two readings: r ignores a systematic offset
 * between readers (or between day 1 and day 2), which is error for a clinician comparing one
 * reading with a threshold.
 */
import type { Estimate } from "../core/result";
import { assertOneOf, optionsObject } from "../core/validate";
import { icc } from "./icc";
import { type LongRating, toRatingsMatrix } from "./ratings";
import { mdc, sem } from "./reliability";

/** Options of {@link repeatability}. */
export interface RepeatabilityOptions {
  /** Confidence level of the ICC interval. Default: 0.95. */
  confidence?: number;
  /**
   * Scale the readings are on, recorded in the result for callers that pass it on (e.g. to
   * `classifyDiscordance`'s `reliability`); "log" when the readings are logarithms (calprotectin). Default: "linear".
   */
  scale?: "linear" | "log";
}

/** Result of {@link repeatability}. */
export interface Repeatability {
  /** ICC(2,1) with its confidence interval (psych::ICC's "ICC2"). */
  reliability: Estimate;
  /** Subjects with a complete set of readings (the ones used). */
  subjects: number;
  /** Readings per subject. */
  readings: number;
  /** Subjects left out for a missing reading. */
  dropped: number;
  /** Mean of the readings used (on `scale`). */
  mean: number;
  /** Sample SD of the readings used (on `scale`). */
  sd: number;
  /** Standard error of measurement, SD·√(1 − max(0, ICC)). */
  sem: number;
  /** Minimal detectable change at 95 %, 1.96·√2·SEM. */
  mdc95: number;
  scale: "linear" | "log";
  /** The definition in words (for reports). */
  method: string;
}

/**
 * Reliability, SEM and minimal detectable change of a measure read repeatedly, from long-format
 * readings `{ subject, rater, value }` (rater = the reading or reader number).
 * @throws InputError as {@link icc} does (fewer than two complete subjects, non-numeric values).
 * @example
 * const r = repeatability([
 *   { subject: "a", rater: 1, value: 10 }, { subject: "a", rater: 2, value: 11 },
 *   { subject: "b", rater: 1, value: 20 }, { subject: "b", rater: 2, value: 19 },
 *   { subject: "c", rater: 1, value: 30 }, { subject: "c", rater: 2, value: 32 },
 * ]);
 * r.reliability.value // 0.991: ICC(2,1), readings differ by 1-2 points on a spread of 10-30
 * r.sem // 0.90 points
 */
export function repeatability(ratings: ArrayLike<LongRating>, options?: RepeatabilityOptions): Repeatability {
  const o = optionsObject(options);
  const scale = o.scale === undefined ? "linear" : assertOneOf(o.scale, "options.scale", ["linear", "log"] as const);
  const r = icc(ratings, { format: "long", confidence: o.confidence });
  const m = toRatingsMatrix(ratings, "ratings", { format: "long" });
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < m.rows; i++) {
    let complete = true;
    for (let j = 0; j < m.cols; j++) if (Number.isNaN(m.data[i * m.cols + j])) complete = false;
    if (!complete) continue;
    for (let j = 0; j < m.cols; j++) {
      // Welford: one pass, no cancellation for readings far from zero
      const x = m.data[i * m.cols + j];
      n++;
      const d = x - mean;
      mean += d / n;
      m2 += d * (x - mean);
    }
  }
  const sd = Math.sqrt(m2 / (n - 1));
  const semValue = sem(sd, Math.min(1, Math.max(0, r.ICC2.value)));
  const { value, lower, upper, confidence, method } = r.ICC2;
  return {
    reliability: { value, lower, upper, confidence, method },
    subjects: r.subjects,
    readings: r.raters,
    dropped: r.dropped,
    mean,
    sd,
    sem: semValue,
    mdc95: mdc(semValue),
    scale,
    method:
      "ICC(2,1), two-way random effects, absolute agreement, single reading (Shrout & Fleiss 1979); SD of the readings of complete subjects; SEM = SD·√(1 − ICC); MDC95 = 1.96·√2·SEM",
  };
}
