/**
 * Result shapes shared by every module (CONTRIBUTING.md, "Results").
 */

/** An estimate with its confidence interval. */
export interface Estimate {
  value: number;
  lower: number;
  upper: number;
  /** Confidence level of [lower, upper], e.g. 0.95. */
  confidence: number;
  /** Name of the CI method, e.g. "Feldt", "DeLong", "Wilson". */
  method: string;
}

/** A hypothesis test. */
export interface TestResult {
  statistic: number;
  df?: number | [number, number];
  p: number;
  method: string;
}

/** A classification or recommendation: what was decided, why, and with which thresholds. */
export interface Reasoned {
  reasons: string[];
  thresholds: Record<string, number | string>;
}
