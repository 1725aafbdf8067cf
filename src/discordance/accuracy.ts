/**
 * Diagnostic accuracy from a 2×2 table, each measure with a confidence interval.
 *
 * Proportions (sensitivity, specificity, PPV, NPV) use the Wilson score interval
 * (Wilson 1927, J Am Stat Assoc 22:209; recommended by Newcombe 1998, Stat Med
 * 17:857), which is well behaved at 0 and 1. Likelihood ratios use the log
 * method of Simel, Samsa & Matchar (1991, J Clin Epidemiol 44:763):
 *
 *   SE(ln LR+) = √(1/tp − 1/(tp+fn) + 1/fp − 1/(fp+tn)),
 *   SE(ln LR−) = √(1/fn − 1/(tp+fn) + 1/tn − 1/(fp+tn)).
 *
 * Zero-cell rule: when any of the four cells is 0 the likelihood ratios and
 * their intervals are computed after adding 0.5 to every cell (Haldane-Anscombe
 * correction); the result says so in `lrCorrection`. Proportions never need it.
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { InputError } from "../core/errors";
import { wilson } from "../core/intervals";
import type { Estimate } from "../core/result";
import { assertInteger, assertOpenUnit, finiteResult, optionsObject } from "../core/validate";

/** A 2×2 table of test result against the reference standard. */
export interface TwoByTwo {
  /** Test positive, disease present. */
  tp: number;
  /** Test positive, disease absent. */
  fp: number;
  /** Test negative, disease present. */
  fn: number;
  /** Test negative, disease absent. */
  tn: number;
}

/** Options of {@link diagnosticAccuracy}. */
export interface AccuracyOptions {
  /** Confidence level. Default: 0.95. */
  confidence?: number;
}

/** Result of {@link diagnosticAccuracy}. */
export interface DiagnosticAccuracy {
  sensitivity: Estimate;
  specificity: Estimate;
  /** Positive predictive value at the table's own prevalence; null when no test was positive. */
  ppv: Estimate | null;
  /** Negative predictive value at the table's own prevalence; null when no test was negative. */
  npv: Estimate | null;
  /** Positive likelihood ratio, sensitivity / (1 − specificity). */
  lrPositive: Estimate;
  /** Negative likelihood ratio, (1 − sensitivity) / specificity. */
  lrNegative: Estimate;
  /** Prevalence in the table, (tp + fn) / n. */
  prevalence: number;
  n: number;
  /** 0.5 when the Haldane-Anscombe correction was added to every cell for the likelihood ratios, else 0. */
  lrCorrection: number;
  notes: string[];
}

function logInterval(value: number, se: number, z: number, confidence: number): Estimate {
  return { value, lower: value * Math.exp(-z * se), upper: value * Math.exp(z * se), confidence, method: "log (Simel 1991)" };
}

/**
 * Sensitivity, specificity, predictive values and likelihood ratios from a 2×2 table, each with a CI.
 *
 * Se = tp/(tp+fn); Sp = tn/(fp+tn); PPV = tp/(tp+fp); NPV = tn/(fn+tn); LR+ = Se/(1−Sp); LR− = (1−Se)/Sp.
 *
 * Errors: cells that are not non-negative integers; no diseased (tp+fn = 0) or no non-diseased (fp+tn = 0) patients.
 * @example diagnosticAccuracy({ tp: 45, fp: 15, fn: 5, tn: 85 }).lrPositive.value // 6.0 (0.9 / (1 - 0.85))
 * @see Simel DL, Samsa GP, Matchar DB. J Clin Epidemiol 1991;44:763-70.
 */
export function diagnosticAccuracy(table: TwoByTwo, options?: AccuracyOptions): DiagnosticAccuracy {
  if (typeof table !== "object" || table === null || Array.isArray(table)) {
    throw new InputError({ field: "table", value: table, expected: "an object { tp, fp, fn, tn }" });
  }
  const confidence = assertOpenUnit(optionsObject(options).confidence ?? 0.95, "confidence");
  const tp = assertInteger(table.tp, "tp", 0);
  const fp = assertInteger(table.fp, "fp", 0);
  const fn = assertInteger(table.fn, "fn", 0);
  const tn = assertInteger(table.tn, "tn", 0);
  if (tp + fn === 0) throw new InputError({ field: "tp + fn", value: 0, expected: "at least one patient with the disease" });
  if (fp + tn === 0) throw new InputError({ field: "fp + tn", value: 0, expected: "at least one patient without the disease" });
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  const notes: string[] = [];
  const sensitivity = wilson(tp, tp + fn, { confidence });
  const specificity = wilson(tn, fp + tn, { confidence });
  const ppv = tp + fp > 0 ? wilson(tp, tp + fp, { confidence }) : null;
  const npv = fn + tn > 0 ? wilson(tn, fn + tn, { confidence }) : null;
  if (!ppv) notes.push("No test was positive: PPV is undefined (null).");
  if (!npv) notes.push("No test was negative: NPV is undefined (null).");
  const c = tp === 0 || fp === 0 || fn === 0 || tn === 0 ? 0.5 : 0;
  if (c) notes.push("A cell is zero: 0.5 was added to every cell for the likelihood ratios and their intervals (Haldane-Anscombe).");
  const a = tp + c;
  const b = fp + c;
  const cc = fn + c;
  const d = tn + c;
  const se = a / (a + cc);
  const sp = d / (b + d);
  const lrPos = se / (1 - sp);
  const lrNeg = (1 - se) / sp;
  const seLogPos = Math.sqrt(1 / a - 1 / (a + cc) + 1 / b - 1 / (b + d));
  const seLogNeg = Math.sqrt(1 / cc - 1 / (a + cc) + 1 / d - 1 / (b + d));
  return finiteResult<DiagnosticAccuracy>(
    {
      sensitivity,
      specificity,
      ppv,
      npv,
      lrPositive: logInterval(lrPos, seLogPos, z, confidence),
      lrNegative: logInterval(lrNeg, seLogNeg, z, confidence),
      prevalence: (tp + fn) / (tp + fp + fn + tn),
      n: tp + fp + fn + tn,
      lrCorrection: c,
      notes,
    },
    "diagnosticAccuracy",
  );
}
