/**
 * Thin, checked wrappers around the @stdlib distribution functions used by the
 * measurement module (CONTRIBUTING: distributions come from a maintained
 * library, never hand-written). Each wrapper turns a NaN from @stdlib into a
 * thrown error so that no NaN leaks out of a public function.
 */
import chisqCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import fCdf from "@stdlib/stats-base-dists-f-cdf";
import fQuantile from "@stdlib/stats-base-dists-f-quantile";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { InputError } from "../core/errors";

function checked(v: number, what: string): number {
  if (Number.isNaN(v))
    throw new InputError({ field: what, value: v, expected: "a defined probability/quantile" }, "distribution function returned NaN");
  return v;
}

/** Upper-tail probability P(F > f) for F(df1, df2). */
export function fUpper(f: number, df1: number, df2: number): number {
  if (f === Number.POSITIVE_INFINITY) return 0;
  return checked(1 - fCdf(f, df1, df2), "F upper tail");
}
/** Quantile of F(df1, df2). */
export function fQ(p: number, df1: number, df2: number): number {
  return checked(fQuantile(p, df1, df2), "F quantile");
}
/** Quantile of Student t with df degrees of freedom. */
export function tQ(p: number, df: number): number {
  return checked(tQuantile(p, df), "t quantile");
}
/** Two-sided p-value of a t statistic. */
export function tTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return checked(2 * (1 - tCdf(Math.abs(t), df)), "t p-value");
}
/** Standard normal quantile. */
export function zQ(p: number): number {
  return checked(normalQuantile(p, 0, 1), "normal quantile");
}
/** Two-sided p-value of a z statistic. */
export function zTwoSided(z: number): number {
  if (!Number.isFinite(z)) return 0;
  return checked(2 * (1 - normalCdf(Math.abs(z), 0, 1)), "normal p-value");
}
/** Upper-tail probability of a chi-square statistic. */
export function chisqUpper(x: number, df: number): number {
  return checked(1 - chisqCdf(x, df), "chi-square upper tail");
}
