/**
 * Krippendorff's alpha for any number of raters, missing values and four
 * levels of measurement, via the coincidence matrix (Krippendorff 2011,
 * "Computing Krippendorff's alpha-reliability", Annenberg School for
 * Communication, Departmental Papers 43; Hayes & Krippendorff 2007, Commun
 * Methods Meas 1:77). Hand-written: no maintained JavaScript implementation.
 */
import { InputError } from "../core/errors";
import { assertOneOf, finiteOrThrow, finiteResult, optionsObject } from "../core/validate";

/** Level of measurement: sets the difference function δ². */
export type MeasurementLevel = "nominal" | "ordinal" | "interval" | "ratio";

/** Options of {@link krippendorffAlpha}. */
export interface KrippendorffOptions {
  /** Orientation of `data`: "units" = one row per unit (subject) with one column per rater (default, as icc); "raters" = one row per rater, as Krippendorff's reliability data matrix. */
  rowsAre?: "units" | "raters";
}

/** Result of {@link krippendorffAlpha}. */
export interface KrippendorffResult {
  value: number;
  level: MeasurementLevel;
  /** Observed and expected disagreement; alpha = 1 − Do/De. */
  observedDisagreement: number;
  expectedDisagreement: number;
  /** Pairable values n (values in units rated by at least 2 raters). */
  pairableValues: number;
  /** Units with at least two values (the rest carry no information and are ignored). */
  unitsUsed: number;
  /** Distinct values, in order, and the coincidence matrix over them. */
  values: (string | number)[];
  coincidence: number[][];
  method: string;
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
}

/**
 * Krippendorff's alpha = 1 − D_o/D_e = 1 − (n − 1)·Σ o_ck δ²_ck / Σ n_c n_k δ²_ck, with the coincidence
 * matrix o_ck = Σ_u (pairs c–k in unit u)/(m_u − 1) and δ² nominal (c ≠ k), ordinal
 * ((Σ_{g=c..k} n_g) − (n_c + n_k)/2)², interval (c − k)², ratio ((c − k)/(c + k))².
 * Missing values (null, undefined, NaN, "") are allowed anywhere. Ordinal, interval and ratio need numbers
 * (ratio: >= 0). With a single distinct value expected disagreement is 0 and alpha is undefined: InputError.
 * @example
 * // Krippendorff 2011 ("Computing Krippendorff's alpha-reliability"), 4 observers x 12 units with missing values
 * const N = null;
 * const data = [
 *   [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
 *   [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
 *   [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
 *   [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
 * ];
 * krippendorffAlpha(data, "nominal", { rowsAre: "raters" }).value // 0.743 (published: 0.743)
 * krippendorffAlpha(data, "interval", { rowsAre: "raters" }).value // 0.849 (published: 0.849)
 */
export function krippendorffAlpha(
  data: ArrayLike<ArrayLike<string | number | null | undefined>>,
  level: MeasurementLevel = "nominal",
  options?: KrippendorffOptions,
): KrippendorffResult {
  assertOneOf(level, "level", ["nominal", "ordinal", "interval", "ratio"] as const);
  const rowsAre = assertOneOf(optionsObject(options).rowsAre ?? "units", "rowsAre", ["units", "raters"] as const);
  if ((!Array.isArray(data) && !ArrayBuffer.isView(data)) || data.length === 0)
    throw new InputError({ field: "data", value: data, expected: "a non-empty table of ratings" });
  const row0 = data[0];
  if (row0 === null || typeof row0 !== "object" || !Number.isInteger(row0.length)) {
    throw new InputError({ field: "data[0]", value: row0, expected: "a row of ratings" });
  }
  const width = row0.length;
  for (let i = 0; i < data.length; i++) {
    if (!data[i] || typeof data[i] !== "object" || data[i].length !== width)
      throw new InputError({ field: `data[${i}]`, value: data[i]?.length, expected: `${width} values like the first row` });
  }
  // units: arrays of present values
  const units: (string | number)[][] = [];
  const byUnits = rowsAre === "units";
  const nUnits = byUnits ? data.length : width;
  const nRaters = byUnits ? width : data.length;
  for (let u = 0; u < nUnits; u++) {
    const vals: (string | number)[] = [];
    for (let r = 0; r < nRaters; r++) {
      const v = byUnits ? data[u][r] : data[r][u];
      if (isMissing(v)) continue;
      const field = byUnits ? `data[${u}][${r}]` : `data[${r}][${u}]`;
      if (typeof v === "number" && !Number.isFinite(v))
        throw new InputError({ field, value: v, expected: "a finite number or a missing value" });
      if (level !== "nominal" && typeof v !== "number") throw new InputError({ field, value: v, expected: `a number (level "${level}")` });
      if (level === "ratio" && (v as number) < 0) throw new InputError({ field, value: v, expected: "a value >= 0 (ratio level)" });
      if (typeof v !== "number" && typeof v !== "string") throw new InputError({ field, value: v, expected: "a number or a string label" });
      vals.push(v);
    }
    if (vals.length >= 2) units.push(vals);
  }
  const distinct = [...new Set(units.flat())];
  const values = distinct.every((v) => typeof v === "number") ? (distinct as number[]).sort((a, b) => a - b) : distinct;
  const c = values.length;
  if (units.length === 0)
    throw new InputError({ field: "data", value: "no unit with 2 or more values", expected: "at least one unit rated by two raters" });
  if (c < 2)
    throw new InputError(
      { field: "data", value: `only the value ${JSON.stringify(values[0])}`, expected: "at least two distinct values" },
      "expected disagreement is 0, so alpha is undefined",
    );
  const index = new Map<string | number, number>(values.map((v, i) => [v, i]));
  const o: number[][] = values.map(() => new Array(c).fill(0));
  for (const vals of units) {
    const mu = vals.length;
    const cnt = new Map<number, number>();
    for (const v of vals) {
      const i = index.get(v) as number;
      cnt.set(i, (cnt.get(i) ?? 0) + 1);
    }
    for (const [i, ni] of cnt)
      for (const [j, nj] of cnt) {
        o[i][j] += (i === j ? ni * (ni - 1) : ni * nj) / (mu - 1);
      }
  }
  const nc = o.map((r) => r.reduce((s, v) => s + v, 0));
  const n = nc.reduce((s, v) => s + v, 0);
  const cum: number[] = [];
  nc.reduce((s, v, i) => {
    cum[i] = s + v;
    return cum[i];
  }, 0);
  const delta2 = (i: number, j: number): number => {
    if (i === j) return 0;
    switch (level) {
      case "nominal":
        return 1;
      case "ordinal": {
        const lo = Math.min(i, j);
        const hi = Math.max(i, j);
        const sum = cum[hi] - (lo > 0 ? cum[lo - 1] : 0);
        return (sum - (nc[i] + nc[j]) / 2) ** 2;
      }
      case "interval":
        return ((values[i] as number) - (values[j] as number)) ** 2;
      default: {
        const a = values[i] as number;
        const b = values[j] as number;
        return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      }
    }
  };
  let dO = 0;
  let dE = 0;
  for (let i = 0; i < c; i++)
    for (let j = 0; j < c; j++) {
      const d = delta2(i, j);
      dO += o[i][j] * d;
      dE += nc[i] * nc[j] * d;
    }
  dO /= n;
  dE /= n * (n - 1);
  if (!(dE > 0))
    throw new InputError({ field: "data", value: "no expected disagreement", expected: "values that differ" }, "alpha is undefined");
  return finiteResult<KrippendorffResult>(
    {
      value: finiteOrThrow(1 - dO / dE, "alpha"),
      level,
      observedDisagreement: dO,
      expectedDisagreement: dE,
      pairableValues: n,
      unitsUsed: units.length,
      values,
      coincidence: o,
      method: "Krippendorff 2011 coincidence matrix",
    },
    "krippendorffAlpha",
  );
}
