/**
 * The one place where user inputs (plain arrays, typed arrays, danfojs
 * Series/DataFrames) become the typed columns the toolkit computes on.
 */
import { InputError } from "./errors";

/** Anything column-like: a plain array, a typed array, or a danfojs Series (duck-typed). */
export type NumericColumn = ArrayLike<number> | { values: ArrayLike<unknown> };
/** Anything table-like: rows of numbers, or a danfojs DataFrame (duck-typed by `.values` + `.columns`). */
export type NumericMatrix = ArrayLike<ArrayLike<number>> | { values: unknown; columns: string[] };

function isSeriesLike(x: unknown): x is { values: ArrayLike<unknown> } {
  return typeof x === "object" && x !== null && "values" in x && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

/**
 * Converts a column-like input to a Float64Array. Missing values (null,
 * undefined, NaN, "") are kept as NaN only when `allowMissing` is set;
 * otherwise they throw an {@link InputError} naming the index.
 */
export function toFloat64(input: NumericColumn, field: string, options: { allowMissing?: boolean } = {}): Float64Array {
  const src: ArrayLike<unknown> = isSeriesLike(input) ? input.values : (input as ArrayLike<unknown>);
  if (src === null || typeof src !== "object" || !Number.isInteger((src as ArrayLike<unknown>).length) || src.length < 0) {
    throw new InputError({ field, value: input, expected: "an array of numbers" });
  }
  if (src instanceof Float64Array) {
    if (!options.allowMissing) checkFinite(src, field);
    return src;
  }
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (typeof v === "number" && Number.isFinite(v)) {
      out[i] = v;
    } else if (options.allowMissing && (v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v)))) {
      out[i] = Number.NaN;
    } else {
      throw new InputError({
        field: `${field}[${i}]`,
        value: v,
        expected: options.allowMissing ? "a finite number or a missing value" : "a finite number",
      });
    }
  }
  return out;
}

function checkFinite(a: Float64Array, field: string): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new InputError({ field: `${field}[${i}]`, value: a[i], expected: "a finite number" });
  }
}

/**
 * Converts a matrix-like input (rows of numbers or a danfojs DataFrame) into a
 * row-major Float64Array with its shape. Missing cells become NaN only when
 * `allowMissing` is set.
 */
export function toMatrix(
  input: NumericMatrix,
  field: string,
  options: { allowMissing?: boolean } = {},
): { data: Float64Array; rows: number; cols: number } {
  const rowsIn: ArrayLike<ArrayLike<unknown>> =
    typeof input === "object" && input !== null && "columns" in input && "values" in input
      ? ((input as { values: unknown }).values as ArrayLike<ArrayLike<unknown>>)
      : (input as ArrayLike<ArrayLike<unknown>>);
  if (!rowsIn || typeof rowsIn !== "object" || !Number.isInteger(rowsIn.length) || rowsIn.length < 0) {
    throw new InputError({ field, value: input, expected: "a matrix (array of rows) or a DataFrame" });
  }
  const rows = rowsIn.length;
  const first = rows > 0 ? rowsIn[0] : undefined;
  if (rows > 0 && (first === null || typeof first !== "object" || !Number.isInteger(first.length))) {
    throw new InputError({ field: `${field}[0]`, value: first, expected: "a row of numbers" });
  }
  const cols = first ? first.length : 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = rowsIn[i];
    if (!r || typeof r !== "object" || r.length !== cols) {
      throw new InputError({ field: `${field}[${i}]`, value: r ? `${r.length} values` : r, expected: `${cols} values like the first row` });
    }
    for (let j = 0; j < cols; j++) {
      const v = r[j];
      if (typeof v === "number" && Number.isFinite(v)) {
        data[i * cols + j] = v;
      } else if (options.allowMissing && (v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v)))) {
        data[i * cols + j] = Number.NaN;
      } else {
        throw new InputError({
          field: `${field}[${i}][${j}]`,
          value: v,
          expected: options.allowMissing ? "a finite number or a missing value" : "a finite number",
        });
      }
    }
  }
  return { data, rows, cols };
}
