/**
 * Reading subjects x raters tables for the reliability functions. Accepts the
 * wide shapes of src/core/input.ts plus a flat row-major form (fastest) and the
 * long/tidy format the cohort tables use (one row per subject, rater, value).
 * Missing ratings (null, undefined, NaN, "") become NaN; anything else that is
 * not a finite number throws an InputError naming the cell.
 */
import { InputError } from "../core/errors";
import { assertArray, assertObject, assertOneOf, assertString, assertWithinLimit, optionsObject } from "../core/validate";

/** Most ratings (subjects x raters cells) one call reads: 100,000,000 (800 MB as Float64). */
export const MAX_RATINGS = 100_000_000;

/** One rating in long (tidy) format. */
export interface LongRating {
  subject: string | number;
  rater: string | number;
  value: number | null | undefined;
}

/** A row-major subjects x raters matrix (the fastest input: no copy is made for a Float64Array). */
export interface FlatRatings {
  data: Float64Array | ArrayLike<number>;
  subjects: number;
  raters: number;
}

/** Duck-typed danfojs DataFrame (`values` is checked at run time to be rows of cells). */
export interface DataFrameLike {
  values: unknown;
  columns: string[];
}

function frameRows(frame: DataFrameLike, field: string): unknown[][] {
  const v = frame.values;
  if (!Array.isArray(v) || v.some((r) => !Array.isArray(r))) {
    throw new InputError({ field, value: "a one-dimensional table", expected: "a DataFrame with rows and columns" });
  }
  return v as unknown[][];
}

/** Everything {@link icc} and {@link cronbachAlpha} accept. */
export type RatingsInput =
  | ArrayLike<ArrayLike<number | null | undefined>>
  | FlatRatings
  | DataFrameLike
  | ArrayLike<LongRating>
  | ArrayLike<Record<string, unknown>>;

/** Options to read ratings. */
export interface RatingsOptions {
  /** "wide" (subjects x raters) or "long" (one row per rating). Default: long for arrays of records, wide otherwise. */
  format?: "wide" | "long";
  /** Column names of the long format. Default: `{ subject: "subject", rater: "rater", value: "value" }`. */
  columns?: { subject?: string; rater?: string; value?: string };
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
}

function cell(v: unknown, field: string): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (isMissing(v)) return Number.NaN;
  throw new InputError({ field, value: v, expected: "a finite number or a missing value (null, NaN, empty)" });
}

function isFlat(x: unknown): x is FlatRatings {
  return typeof x === "object" && x !== null && Object.hasOwn(x, "data") && Object.hasOwn(x, "subjects") && Object.hasOwn(x, "raters");
}
function isFrame(x: unknown): x is DataFrameLike {
  return typeof x === "object" && x !== null && "values" in x && "columns" in x && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

/** Converts any accepted ratings input to a row-major Float64Array (NaN = missing) with row/column labels for long input. */
export function toRatingsMatrix(
  input: RatingsInput,
  field: string,
  options?: RatingsOptions,
): { data: Float64Array; rows: number; cols: number; subjectLabels?: (string | number)[]; raterLabels?: (string | number)[] } {
  const opts = optionsObject(options);
  if (opts.format !== undefined) assertOneOf(opts.format, "format", ["wide", "long"] as const);
  if (opts.columns !== undefined) {
    const cols = assertObject<Record<string, unknown>>(opts.columns, "columns");
    for (const k of ["subject", "rater", "value"]) if (cols[k] !== undefined) assertString(cols[k], `columns.${k}`);
  }
  if (input === null || input === undefined || typeof input !== "object") {
    throw new InputError({ field, value: input, expected: "a subjects x raters table or long-format ratings" });
  }
  if (isFlat(input)) {
    const { subjects, raters } = input;
    const data = assertArray<unknown>(input.data, `${field}.data`);
    if (!Number.isInteger(subjects) || !Number.isInteger(raters) || subjects < 0 || raters < 0 || data.length !== subjects * raters) {
      throw new InputError({
        field: `${field}.data`,
        value: `${data.length} values for ${String(subjects)} x ${String(raters)}`,
        expected: "data.length = subjects x raters",
      });
    }
    // a Float64Array is used as is (no copy); infinities are rejected by the consumer's single pass
    if (input.data instanceof Float64Array) return { data: input.data, rows: subjects, cols: raters };
    const out = new Float64Array(input.data.length);
    for (let i = 0; i < out.length; i++) out[i] = cell(input.data[i], `${field}[${Math.floor(i / raters)}][${i % raters}]`);
    return { data: out, rows: subjects, cols: raters };
  }
  const frame = isFrame(input);
  if (!frame) assertArray(input, field);
  const first = frame ? undefined : (input as ArrayLike<unknown>)[0];
  const looksLong = !frame && typeof first === "object" && first !== null && !Array.isArray(first) && !ArrayBuffer.isView(first);
  const long = opts.format ? opts.format === "long" : frame ? opts.columns !== undefined : looksLong;
  if (long) return fromLong(input, field, opts);
  const rowsIn: ArrayLike<ArrayLike<unknown>> = frame ? frameRows(input as DataFrameLike, field) : (input as ArrayLike<ArrayLike<unknown>>);
  const rows = rowsIn.length;
  if (rows === 0) throw new InputError({ field, value: "0 subjects", expected: "at least 2 subjects (rows)" });
  const row0 = rowsIn[0];
  if (row0 === null || typeof row0 !== "object" || !Number.isInteger(row0.length)) {
    throw new InputError({ field: `${field}[0]`, value: row0, expected: "a row of ratings (one per rater)" });
  }
  const cols = row0.length;
  assertWithinLimit(rows * cols, `${field} (subjects x raters)`, MAX_RATINGS);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = rowsIn[i];
    if (!r || typeof r !== "object" || r.length !== cols) {
      throw new InputError({ field: `${field}[${i}]`, value: r ? `${r.length} values` : r, expected: `${cols} values like the first row` });
    }
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = r[j];
      data[base + j] = typeof v === "number" && Number.isFinite(v) ? v : cell(v, `${field}[${i}][${j}]`);
    }
  }
  return { data, rows, cols };
}

function fromLong(
  input: RatingsInput,
  field: string,
  options: RatingsOptions,
): { data: Float64Array; rows: number; cols: number; subjectLabels: (string | number)[]; raterLabels: (string | number)[] } {
  const sCol = options.columns?.subject ?? "subject";
  const rCol = options.columns?.rater ?? "rater";
  const vCol = options.columns?.value ?? "value";
  let records: { s: unknown; r: unknown; v: unknown }[];
  if (isFrame(input)) {
    if (!Array.isArray(input.columns)) {
      throw new InputError({ field: `${field}.columns`, value: input.columns, expected: "the DataFrame's column names" });
    }
    const idx = [sCol, rCol, vCol].map((c) => {
      const i = input.columns.indexOf(c);
      if (i < 0) throw new InputError({ field: `${field}.columns`, value: input.columns, expected: `a column named "${c}"` });
      return i;
    });
    records = frameRows(input, field).map((row) => ({ s: row[idx[0]], r: row[idx[1]], v: row[idx[2]] }));
  } else {
    const arr = input as ArrayLike<Record<string, unknown>>;
    records = [];
    const own = (rec: Record<string, unknown>, k: string) => (Object.hasOwn(rec, k) ? rec[k] : undefined);
    for (let i = 0; i < arr.length; i++) {
      const rec = assertObject<Record<string, unknown>>(arr[i], `${field}[${i}]`);
      records.push({ s: own(rec, sCol), r: own(rec, rCol), v: own(rec, vCol) });
    }
  }
  const sIndex = new Map<unknown, number>();
  const rIndex = new Map<unknown, number>();
  const isId = (v: unknown) => (typeof v === "string" && v !== "") || (typeof v === "number" && Number.isFinite(v));
  records.forEach((rec, i) => {
    if (!isId(rec.s))
      throw new InputError({ field: `${field}.${sCol}`, row: i + 1, value: rec.s, expected: "a subject id (a string or a number)" });
    if (!isId(rec.r))
      throw new InputError({ field: `${field}.${rCol}`, row: i + 1, value: rec.r, expected: "a rater id (a string or a number)" });
    if (!sIndex.has(rec.s)) sIndex.set(rec.s, sIndex.size);
    if (!rIndex.has(rec.r)) rIndex.set(rec.r, rIndex.size);
  });
  const rows = sIndex.size;
  const cols = rIndex.size;
  assertWithinLimit(rows * cols, `${field} (subjects x raters)`, MAX_RATINGS);
  const data = new Float64Array(rows * cols).fill(Number.NaN);
  const seen = new Uint8Array(rows * cols);
  records.forEach((rec, i) => {
    const at = (sIndex.get(rec.s) as number) * cols + (rIndex.get(rec.r) as number);
    if (seen[at]) {
      throw new InputError(
        {
          field: `${field}.${vCol}`,
          row: i + 1,
          value: `subject ${String(rec.s)}, rater ${String(rec.r)}`,
          expected: "one rating per subject and rater",
        },
        "duplicate rating",
      );
    }
    seen[at] = 1;
    data[at] = cell(rec.v, `${field}.${vCol} (row ${i + 1})`);
  });
  return {
    data,
    rows,
    cols,
    subjectLabels: [...sIndex.keys()] as (string | number)[],
    raterLabels: [...rIndex.keys()] as (string | number)[],
  };
}
