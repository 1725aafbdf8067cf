/**
 * Confidence intervals for simple proportions, shared by every module that
 * reports one (diagnostic accuracy, probability of target attainment, ...).
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { InputError } from "./errors";
import type { Estimate } from "./result";
import { assertInteger, assertOpenUnit, optionsObject } from "./validate";

/**
 * Wilson score interval for a binomial proportion x/n:
 * (p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n).
 * @example
 * // 8 responders of 10: the Wald interval would reach 1.05; the Wilson interval stays inside [0, 1]
 * wilson(8, 10) // { value: 0.8, lower: 0.490, upper: 0.943, method: "Wilson" }
 * @see Wilson EB. J Am Stat Assoc 1927;22:209-12.
 */
export function wilson(x: number, n: number, options?: { confidence?: number }): Estimate {
  const confidence = assertOpenUnit(optionsObject(options).confidence ?? 0.95, "confidence");
  assertInteger(n, "n", 1);
  assertInteger(x, "x", 0);
  if (x > n) throw new InputError({ field: "x", value: x, expected: `an integer <= n (${n})` });
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { value: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half), confidence, method: "Wilson" };
}
