/**
 * Bayes' theorem in odds form, for turning a pre-test probability into a
 * post-test probability with a test's likelihood ratio (Fagan's nomogram,
 * Fagan 1975, N Engl J Med 293:257):
 *
 *   post-test odds = pre-test odds × LR,   odds = p / (1 − p),
 *   LR+ = sensitivity / (1 − specificity),  LR− = (1 − sensitivity) / specificity.
 */
import { InputError } from "../core/errors";
import { assertOpenUnit } from "../core/validate";

/** A test's characteristics: sensitivity and specificity, or the two likelihood ratios. */
export type TestCharacteristics = { sensitivity: number; specificity: number } | { lrPositive: number; lrNegative: number };

/** Result of {@link postTestProbability}. */
export interface PostTest {
  pretest: number;
  posttest: number;
  result: "positive" | "negative";
  likelihoodRatio: number;
  pretestOdds: number;
  posttestOdds: number;
}

function check01(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1)
    throw new InputError({ field, value: v, expected: "a number in [0, 1]" });
  return v;
}

/**
 * Likelihood ratio of a result from the test's characteristics.
 * @example likelihoodRatio({ sensitivity: 0.9, specificity: 0.958 }, "positive") // 21.4
 */
export function likelihoodRatio(test: TestCharacteristics, result: "positive" | "negative"): number {
  if (result !== "positive" && result !== "negative")
    throw new InputError({ field: "result", value: result, expected: '"positive" or "negative"' });
  if (typeof test !== "object" || test === null)
    throw new InputError({ field: "test", value: test, expected: "{ sensitivity, specificity } or { lrPositive, lrNegative }" });
  if ("sensitivity" in test) {
    const se = check01(test.sensitivity, "sensitivity");
    const sp = check01(test.specificity, "specificity");
    if (result === "positive") {
      if (sp === 1)
        throw new InputError({ field: "specificity", value: 1, expected: "< 1 (LR+ is infinite: a positive result would be certain)" });
      return se / (1 - sp);
    }
    if (sp === 0) throw new InputError({ field: "specificity", value: 0, expected: "> 0 (LR− is infinite)" });
    return (1 - se) / sp;
  }
  const lr = result === "positive" ? test.lrPositive : test.lrNegative;
  const field = result === "positive" ? "lrPositive" : "lrNegative";
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0)
    throw new InputError({ field, value: lr, expected: "a finite number >= 0" });
  return lr;
}

/**
 * Post-test probability from a pre-test probability and a test result.
 * @param pretest pre-test probability in (0, 1)
 * @example
 * // C. difficile NAAT positive at a pre-test probability of 10 %:
 * postTestProbability(0.1, { sensitivity: 0.9, specificity: 0.958 }, "positive").posttest // 0.70
 * @see Fagan TJ. N Engl J Med 1975;293:257.
 */
export function postTestProbability(pretest: number, test: TestCharacteristics, result: "positive" | "negative"): PostTest {
  const p = assertOpenUnit(pretest, "pretest");
  const lr = likelihoodRatio(test, result);
  const pretestOdds = p / (1 - p);
  const posttestOdds = pretestOdds * lr;
  return { pretest: p, posttest: posttestOdds / (1 + posttestOdds), result, likelihoodRatio: lr, pretestOdds, posttestOdds };
}

/**
 * Positive and negative predictive values at a given prevalence (Bayes):
 * PPV = Se·p / (Se·p + (1 − Sp)(1 − p)); NPV = Sp(1 − p) / (Sp(1 − p) + (1 − Se)p).
 * @example
 * // A test with sensitivity 0.579 and specificity 0.97 at 5 % prevalence: a positive is a coin toss
 * predictiveValues({ sensitivity: 0.579, specificity: 0.97 }, 0.05) // { ppv: 0.504, npv: 0.978 }
 */
export function predictiveValues(test: { sensitivity: number; specificity: number }, prevalence: number): { ppv: number; npv: number } {
  if (typeof test !== "object" || test === null)
    throw new InputError({ field: "test", value: test, expected: "{ sensitivity, specificity }" });
  const se = check01(test.sensitivity, "sensitivity");
  const sp = check01(test.specificity, "specificity");
  const p = assertOpenUnit(prevalence, "prevalence");
  const tp = se * p;
  const fp = (1 - sp) * (1 - p);
  const tn = sp * (1 - p);
  const fn = (1 - se) * p;
  if (tp + fp === 0 || tn + fn === 0)
    throw new InputError({ field: "test", value: test, expected: "characteristics for which both predictive values are defined" });
  return { ppv: tp / (tp + fp), npv: tn / (tn + fn) };
}
