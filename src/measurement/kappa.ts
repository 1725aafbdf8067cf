/**
 * Chance-corrected agreement on categories: Cohen's kappa for two raters
 * (Cohen 1960, Educ Psychol Meas 20:37), weighted kappa (Cohen 1968, Psychol
 * Bull 70:213) with the large-sample standard error of Fleiss, Cohen & Everitt
 * (1969, Psychol Bull 72:323). Unweighted kappa, its SE and CI match R
 * psych::cohen.kappa; weighted kappa matches psych, but psych 2.2.9's weighted
 * SE builds the column-weight term as rowSums(w * rs) (= pᵢ.·Σⱼwᵢⱼ) instead of
 * Σᵢ pᵢ.·wᵢⱼ, so its weighted SE differs from the published formula used here
 * (which agrees with a Monte Carlo check, see tests/measurement/kappa.test.ts); and Fleiss'
 * kappa for a fixed number of raters per subject (Fleiss 1971, Psychol Bull
 * 76:378) with the standard errors under κ = 0 of Fleiss, Nee & Landis (1979,
 * Psychol Bull 86:974), as R irr::kappam.fleiss.
 */
import { InputError } from "../core/errors";
import type { Estimate } from "../core/result";
import {
  assertArray,
  assertInteger,
  assertOneOf,
  assertOpenUnit,
  assertPositive,
  assertWithinLimit,
  finiteOrThrow,
  finiteResult,
  optionsObject,
} from "../core/validate";

/** Most categories of a kappa table (a c x c table of counts). */
export const MAX_CATEGORIES = 1000;

/** Checks a list of category labels: strings or finite numbers, at most {@link MAX_CATEGORIES}. */
function checkCategories(categories: unknown, field = "categories"): Category[] {
  const list = assertArray<unknown>(categories, field);
  assertWithinLimit(list.length, `${field}.length`, MAX_CATEGORIES);
  return Array.from(list, (c, i) => {
    if (typeof c !== "string" && (typeof c !== "number" || !Number.isFinite(c))) {
      throw new InputError({ field: `${field}[${i}]`, value: c, expected: "a category label (string or finite number)" });
    }
    return c;
  });
}

import { zQ, zTwoSided } from "./dist";

/** A category label. */
export type Category = string | number;

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
}

function sortCategories(values: Iterable<Category>): Category[] {
  const arr = [...new Set(values)];
  const allNum = arr.every((v) => typeof v === "number");
  return allNum ? (arr as number[]).sort((x, y) => x - y) : arr.map(String).sort();
}

/** Options of {@link cohenKappa}. */
export interface KappaOptions {
  /**
   * "none" (unweighted), "linear" (wᵢⱼ = 1 − |i−j|/(c−1)), "quadratic" (wᵢⱼ = 1 − (i−j)²/(c−1)²),
   * or a c x c matrix of agreement weights (1 on the diagonal) in category order. Default: "none".
   */
  weights?: "none" | "linear" | "quadratic" | number[][];
  /** Whether a weight matrix holds agreement weights (default) or disagreement weights vᵢⱼ (0 on the diagonal, as Cohen 1968), converted by w = 1 − v/max(v). */
  weightType?: "agreement" | "disagreement";
  /** Ordered categories (fixes the order for weights, and may include categories nobody used). Default: the sorted distinct values. */
  categories?: Category[];
  /** Confidence level. Default: 0.95. */
  confidence?: number;
}

/** Result of {@link cohenKappa}. */
export interface KappaResult extends Estimate {
  /** Large-sample standard error (Fleiss, Cohen & Everitt 1969). */
  se: number;
  /** Observed and chance-expected (weighted) agreement. */
  observedAgreement: number;
  expectedAgreement: number;
  /** Counts: table[i][j] = subjects rated categories[i] by a and categories[j] by b. */
  table: number[][];
  categories: Category[];
  /** Agreement weights used. */
  weightMatrix: number[][];
  n: number;
  /** Pairs dropped because a rating was missing. */
  dropped: number;
  /** Whether a CI bound was clipped to [−1, 1] (as psych does). */
  clipped: boolean;
}

function weightMatrix(c: number, options: KappaOptions): number[][] {
  const w = options.weights ?? "none";
  if (options.weightType !== undefined) assertOneOf(options.weightType, "weightType", ["agreement", "disagreement"] as const);
  if (Array.isArray(w)) {
    if (w.length !== c || w.some((r) => !Array.isArray(r) || r.length !== c)) {
      throw new InputError({
        field: "weights",
        value: `${w.length} rows`,
        expected: `a ${c} x ${c} matrix (one row and column per category)`,
      });
    }
    for (let i = 0; i < c; i++) {
      for (let j = 0; j < c; j++) {
        const v = w[i][j];
        if (typeof v !== "number" || !Number.isFinite(v))
          throw new InputError({ field: `weights[${i}][${j}]`, value: v, expected: "a finite number" });
      }
    }
    if (options.weightType === "disagreement") {
      let max = 0;
      for (const r of w) for (const v of r) max = Math.max(max, v);
      if (!(max > 0)) throw new InputError({ field: "weights", value: "all zero", expected: "some positive disagreement weight" });
      return w.map((r) => r.map((v) => 1 - v / max));
    }
    return w.map((r) => [...r]);
  }
  const out: number[][] = [];
  for (let i = 0; i < c; i++) {
    out.push([]);
    for (let j = 0; j < c; j++) {
      const d = Math.abs(i - j);
      out[i].push(
        w === "none"
          ? d === 0
            ? 1
            : 0
          : w === "linear"
            ? 1 - d / (c - 1)
            : w === "quadratic"
              ? 1 - (d * d) / ((c - 1) * (c - 1))
              : Number.NaN,
      );
    }
  }
  if (w !== "none" && w !== "linear" && w !== "quadratic")
    throw new InputError({ field: "weights", value: w, expected: '"none", "linear", "quadratic" or a matrix' });
  return out;
}

/**
 * Cohen's kappa (weighted or not) of two raters' categorical ratings of the same subjects.
 *
 *   κ_w = (p_o − p_e)/(1 − p_e), p_o = Σ wᵢⱼ pᵢⱼ, p_e = Σ wᵢⱼ pᵢ. p.ⱼ
 *   var(κ_w) = [Σ pᵢⱼ (wᵢⱼ(1 − p_e) − (w̄ᵢ. + w̄.ⱼ)(1 − p_o))² − (p_o p_e − 2p_e + p_o)²] / (n(1 − p_e)⁴)
 * with w̄ᵢ. = Σⱼ p.ⱼ wᵢⱼ and w̄.ⱼ = Σᵢ pᵢ. wᵢⱼ (Fleiss, Cohen & Everitt 1969); CI κ ± z·SE, clipped to [−1, 1] as psych.
 * Pairs with a missing rating are dropped. When both raters use a single category only, chance agreement is 1
 * and kappa is undefined: an {@link InputError} is thrown.
 * @example
 * // Quadratic weights give partial credit for near misses (Cohen 1968)
 * cohenKappa([1, 2, 3, 1], [1, 2, 2, 1], { weights: "quadratic" }).value // 0.75
 * cohenKappa([1, 2, 3, 1], [1, 2, 2, 1]).value // 0.6 (unweighted: the 3-versus-2 disagreement counts in full)
 */
export function cohenKappa(
  a: ArrayLike<Category | null | undefined>,
  b: ArrayLike<Category | null | undefined>,
  options?: KappaOptions,
): KappaResult {
  const o = optionsObject(options);
  assertArray(a, "a");
  assertArray(b, "b");
  if (a.length !== b.length)
    throw new InputError({ field: "b", value: `${b.length} ratings`, expected: `${a.length} ratings, one per rating in a` });
  const pa: Category[] = [];
  const pb: Category[] = [];
  let dropped = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (isMissing(x) || isMissing(y)) {
      dropped++;
      continue;
    }
    for (const [v, f] of [
      [x, "a"],
      [y, "b"],
    ] as const) {
      if (typeof v !== "string" && (typeof v !== "number" || !Number.isFinite(v)))
        throw new InputError({ field: `${f}[${i}]`, value: v, expected: "a category label (string or finite number)" });
    }
    pa.push(x as Category);
    pb.push(y as Category);
  }
  const cats = o.categories !== undefined ? checkCategories(o.categories) : sortCategories([...pa, ...pb]);
  assertWithinLimit(cats.length, "categories (distinct labels)", MAX_CATEGORIES);
  const index = new Map<Category, number>();
  cats.forEach((c, i) => {
    index.set(c, i);
    if (typeof c === "number") index.set(String(c), i);
  });
  const c = cats.length;
  const table: number[][] = cats.map(() => new Array(c).fill(0));
  for (let i = 0; i < pa.length; i++) {
    const r = index.get(pa[i]) ?? index.get(String(pa[i]));
    const s = index.get(pb[i]) ?? index.get(String(pb[i]));
    if (r === undefined) throw new InputError({ field: `a`, value: pa[i], expected: `one of the categories ${JSON.stringify(cats)}` });
    if (s === undefined) throw new InputError({ field: `b`, value: pb[i], expected: `one of the categories ${JSON.stringify(cats)}` });
    table[r][s]++;
  }
  return cohenKappaFromTable(table, { ...o, categories: cats, dropped });
}

/**
 * Cohen's kappa from a c x c contingency table of counts (or proportions, with `n` giving the number of subjects).
 * Same formulas and options as {@link cohenKappa}.
 * @example
 * // Cohen 1968: proportions of 200 subjects, disagreement weights 0 1 3 / 1 0 6 / 3 6 0
 * const table = [[0.44, 0.07, 0.09], [0.05, 0.2, 0.05], [0.01, 0.03, 0.06]];
 * cohenKappaFromTable(table, { n: 200 }).value // 0.492 (unweighted)
 * cohenKappaFromTable(table, { n: 200, weights: [[0, 1, 3], [1, 0, 6], [3, 6, 0]], weightType: "disagreement" }).value // 0.348
 */
export function cohenKappaFromTable(table: number[][], options?: KappaOptions & { n?: number; dropped?: number }): KappaResult {
  const o = optionsObject(options);
  const confidence = o.confidence === undefined ? 0.95 : assertOpenUnit(o.confidence, "confidence");
  if (!Array.isArray(table)) throw new InputError({ field: "table", value: table, expected: "a square table of counts (array of rows)" });
  const c = table.length;
  assertWithinLimit(c, "table (categories)", MAX_CATEGORIES);
  if (c < 1 || table.some((r) => !Array.isArray(r) || r.length !== c))
    throw new InputError({ field: "table", value: `${c} rows`, expected: "a square table, one row and one column per category" });
  let tot = 0;
  for (let i = 0; i < c; i++) {
    for (let j = 0; j < c; j++) {
      const v = table[i][j];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
        throw new InputError({ field: `table[${i}][${j}]`, value: v, expected: "a count >= 0" });
      tot += v;
    }
  }
  if (!(tot > 0)) throw new InputError({ field: "table", value: "no ratings", expected: "at least one rated pair" });
  finiteOrThrow(tot, "table total");
  const cats = o.categories !== undefined ? checkCategories(o.categories) : Array.from({ length: c }, (_, i) => i + 1);
  if (cats.length !== c) throw new InputError({ field: "categories", value: cats, expected: `${c} categories` });
  const n = o.n === undefined ? tot : assertPositive(o.n, "n");
  const dropped = o.dropped === undefined ? 0 : assertInteger(o.dropped, "dropped", 0);
  const w = weightMatrix(c, o);
  const p = table.map((r) => r.map((v) => v / tot));
  const rs = p.map((r) => r.reduce((s, v) => s + v, 0));
  const cs = p[0].map((_, j) => p.reduce((s, r) => s + r[j], 0));
  let po = 0;
  let pe = 0;
  for (let i = 0; i < c; i++)
    for (let j = 0; j < c; j++) {
      po += w[i][j] * p[i][j];
      pe += w[i][j] * rs[i] * cs[j];
    }
  if (!(1 - pe > 1e-12)) {
    throw new InputError(
      { field: "a, b", value: `chance agreement ${pe}`, expected: "ratings spread over at least two categories" },
      "kappa is undefined when chance-expected agreement is 1 (e.g. both raters used a single category)",
    );
  }
  const kappa = (po - pe) / (1 - pe);
  const wr = rs.map((_, i) => cs.reduce((s, v, j) => s + v * w[i][j], 0)); // w̄ᵢ.
  const wc = cs.map((_, j) => rs.reduce((s, v, i) => s + v * w[i][j], 0)); // w̄.ⱼ
  let sum = 0;
  for (let i = 0; i < c; i++)
    for (let j = 0; j < c; j++) {
      if (p[i][j] === 0) continue;
      const d = w[i][j] * (1 - pe) - (wr[i] + wc[j]) * (1 - po);
      sum += p[i][j] * d * d;
    }
  let variance = (sum - (po * pe - 2 * pe + po) ** 2) / (n * (1 - pe) ** 4);
  if (!(variance > 0)) variance = 0;
  const se = Math.sqrt(variance);
  const z = zQ((1 + confidence) / 2);
  let lower = kappa - z * se;
  let upper = kappa + z * se;
  const clipped = lower < -1 || upper > 1;
  lower = Math.max(-1, lower);
  upper = Math.min(1, upper);
  return finiteResult<KappaResult>(
    {
      value: finiteOrThrow(kappa, "kappa"),
      lower,
      upper,
      confidence,
      method: "Fleiss, Cohen & Everitt 1969 large-sample SE, normal interval",
      se,
      observedAgreement: po,
      expectedAgreement: pe,
      table: table.map((r) => [...r]),
      categories: cats,
      weightMatrix: w,
      n,
      dropped,
      clipped,
    },
    "kappa",
  );
}

/** Options of {@link fleissKappa}. */
export interface FleissKappaOptions {
  /** "ratings": subjects x raters category labels (default); "counts": subjects x categories numbers of raters. */
  format?: "ratings" | "counts";
  /** Ordered categories (include unused ones here). Default: sorted distinct labels (ratings) or 1..c (counts). */
  categories?: Category[];
}

/** A kappa with its standard error under κ = 0 and the z test. */
export interface KappaTest {
  value: number;
  se: number;
  z: number;
  p: number;
  method: string;
}

/** Result of {@link fleissKappa}. */
export interface FleissKappaResult extends KappaTest {
  /** Per category: kappa, SE, z, p and the share of all ratings in it. Categories nobody used are listed in `unused`. */
  perCategory: (KappaTest & { category: Category; proportion: number })[];
  unused: Category[];
  subjects: number;
  raters: number;
  /** Subjects dropped because a rating was missing (the method needs the same number of raters for every subject). */
  dropped: number;
  observedAgreement: number;
  expectedAgreement: number;
}

/**
 * Fleiss' kappa for m raters per subject (not necessarily the same raters).
 *
 *   Pᵢ = (Σⱼ nᵢⱼ² − m)/(m(m−1)), P̄ = mean Pᵢ, pⱼ = Σᵢ nᵢⱼ/(N m), P̄ₑ = Σ pⱼ², κ = (P̄ − P̄ₑ)/(1 − P̄ₑ)
 *   κⱼ = 1 − Σᵢ nᵢⱼ(m − nᵢⱼ)/(N m (m−1) pⱼ qⱼ)
 *   SE₀(κⱼ) = √(2/(N m(m−1))), SE₀(κ) = √2 · √((Σpⱼqⱼ)² − Σpⱼqⱼ(qⱼ − pⱼ)) / (Σpⱼqⱼ · √(N m(m−1)))
 * (Fleiss 1971; SEs under κ = 0 from Fleiss, Nee & Landis 1979, as irr::kappam.fleiss with detail = TRUE).
 * Subjects with a missing rating are dropped (ratings format).
 * @example
 * // 3 subjects, each rated by 3 raters into categories 1-3: barely better than chance
 * const k = fleissKappa([[1, 1, 2], [2, 2, 2], [1, 2, 3]]);
 * k.value // 0.022
 * k.p // 0.93 (no evidence of agreement beyond chance)
 */
export function fleissKappa(ratings: ArrayLike<ArrayLike<Category | null | undefined>>, options?: FleissKappaOptions): FleissKappaResult {
  const o = optionsObject(options);
  const format = assertOneOf(o.format ?? "ratings", "format", ["ratings", "counts"] as const);
  if (!Array.isArray(ratings) && !ArrayBuffer.isView(ratings))
    throw new InputError({ field: "ratings", value: ratings, expected: "a non-empty subjects x raters table" });
  if (ratings.length === 0) throw new InputError({ field: "ratings", value: ratings, expected: "a non-empty subjects x raters table" });
  const row0 = ratings[0];
  if (row0 === null || typeof row0 !== "object" || !Number.isInteger(row0.length)) {
    throw new InputError({ field: "ratings[0]", value: row0, expected: format === "counts" ? "a row of counts" : "a row of ratings" });
  }
  let counts: number[][];
  let cats: Category[];
  let dropped = 0;
  if (format === "counts") {
    const c = row0.length;
    cats = o.categories !== undefined ? checkCategories(o.categories) : Array.from({ length: c }, (_, i) => i + 1);
    if (cats.length !== c) throw new InputError({ field: "categories", value: cats, expected: `${c} categories (one per column)` });
    counts = [];
    for (let i = 0; i < ratings.length; i++) {
      const r = ratings[i];
      if (!r || r.length !== c) throw new InputError({ field: `ratings[${i}]`, value: r?.length, expected: `${c} counts` });
      const row: number[] = [];
      for (let j = 0; j < c; j++) {
        const v = r[j];
        if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
          throw new InputError({ field: `ratings[${i}][${j}]`, value: v, expected: "a count (integer >= 0)" });
        row.push(v);
      }
      counts.push(row);
    }
  } else {
    const rows: Category[][] = [];
    const k = row0.length;
    for (let i = 0; i < ratings.length; i++) {
      const r = ratings[i];
      if (!r || r.length !== k)
        throw new InputError({ field: `ratings[${i}]`, value: r?.length, expected: `${k} ratings like the first row` });
      const row: Category[] = [];
      let bad = false;
      for (let j = 0; j < k; j++) {
        const v = r[j];
        if (isMissing(v)) {
          bad = true;
          break;
        }
        if (typeof v !== "string" && (typeof v !== "number" || !Number.isFinite(v)))
          throw new InputError({ field: `ratings[${i}][${j}]`, value: v, expected: "a category label or a missing value" });
        row.push(v as Category);
      }
      if (bad) dropped++;
      else rows.push(row);
    }
    cats = o.categories !== undefined ? checkCategories(o.categories) : sortCategories(rows.flat());
    assertWithinLimit(cats.length, "categories (distinct labels)", MAX_CATEGORIES);
    const index = new Map<string, number>(cats.map((c, i) => [String(c), i]));
    counts = rows.map((row, i) => {
      const out = new Array(cats.length).fill(0);
      for (const v of row) {
        const at = index.get(String(v));
        if (at === undefined)
          throw new InputError({ field: `ratings[${i}]`, value: v, expected: `one of the categories ${JSON.stringify(cats)}` });
        out[at]++;
      }
      return out;
    });
  }
  const N = counts.length;
  if (N < 1)
    throw new InputError({
      field: "ratings",
      value: `0 complete subjects (${dropped} dropped)`,
      expected: "at least 1 subject with every rating present",
    });
  const m = counts[0].reduce((s, v) => s + v, 0);
  counts.forEach((r, i) => {
    const s = r.reduce((x, v) => x + v, 0);
    if (s !== m) throw new InputError({ field: `ratings[${i}]`, value: `${s} ratings`, expected: `${m} ratings, as every other subject` });
  });
  if (m < 2) throw new InputError({ field: "ratings", value: `${m} rater(s)`, expected: "at least 2 ratings per subject" });
  const c = cats.length;
  const pj = new Array(c).fill(0);
  let Pbar = 0;
  for (const r of counts) {
    let sq = 0;
    for (let j = 0; j < c; j++) {
      pj[j] += r[j];
      sq += r[j] * r[j];
    }
    Pbar += (sq - m) / (m * (m - 1));
  }
  Pbar /= N;
  for (let j = 0; j < c; j++) pj[j] /= N * m;
  const Pe = pj.reduce((s, v) => s + v * v, 0);
  if (!(1 - Pe > 1e-12)) {
    throw new InputError(
      { field: "ratings", value: "a single category", expected: "ratings in at least two categories" },
      "Fleiss' kappa is undefined when every rating falls in one category",
    );
  }
  const kappa = (Pbar - Pe) / (1 - Pe);
  const nmm = N * m * (m - 1);
  let spq = 0;
  let spqqp = 0;
  const perCategory: FleissKappaResult["perCategory"] = [];
  const unused: Category[] = [];
  const seJ = Math.sqrt(2 / nmm);
  for (let j = 0; j < c; j++) {
    const q = 1 - pj[j];
    spq += pj[j] * q;
    spqqp += pj[j] * q * (q - pj[j]);
    if (pj[j] === 0) {
      unused.push(cats[j]);
      continue;
    }
    let num = 0;
    for (const r of counts) num += r[j] * (m - r[j]);
    const kj = 1 - num / (nmm * pj[j] * q);
    const zj = kj / seJ;
    perCategory.push({
      category: cats[j],
      proportion: pj[j],
      value: kj,
      se: seJ,
      z: zj,
      p: zTwoSided(zj),
      method: "Fleiss 1971; SE under kappa = 0 (Fleiss, Nee & Landis 1979)",
    });
  }
  const se = (Math.SQRT2 * Math.sqrt(Math.max(0, spq * spq - spqqp))) / (spq * Math.sqrt(nmm));
  const z = se > 0 ? kappa / se : 0;
  return finiteResult<FleissKappaResult>(
    {
      value: finiteOrThrow(kappa, "kappa"),
      se,
      z,
      p: zTwoSided(z),
      method: "Fleiss 1971; SE under kappa = 0 (Fleiss, Nee & Landis 1979)",
      perCategory,
      unused,
      subjects: N,
      raters: m,
      dropped,
      observedAgreement: Pbar,
      expectedAgreement: Pe,
    },
    "fleissKappa",
  );
}
