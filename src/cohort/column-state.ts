/**
 * The state of one column while a CSV is read (its typed store and hot-loop copies of its spec): a type
 * of its own file, so the loader's parts (field-parse, ranges, row-checks, load-report, cohort-table) can
 * share it without importing each other in a circle.
 */
import type { MappedColumn } from "./csv-header";
import type { ColumnSpec } from "./schema";

/** One column being read: its typed store and hot-loop copies of its spec. */
export interface ColumnState {
  mapped: MappedColumn;
  type: ColumnSpec["type"];
  /** Numeric storage (length 0 for text columns): every field always holds the same kind of value, so V8 keeps one map. */
  num: Float64Array;
  isNum: boolean;
  str: (string | null)[];
  converted: number;
  wrongUnit: number;
  nonMissing: number;
  categories: Set<string>;
  hasCategories: boolean;
  // hot-loop copies of the spec (one object shape for every column, so property reads stay monomorphic)
  kind: number; // 0 number, 1 int, 2 flag, 3 date, 4 text
  /** Fields whose first byte is in 48..naDigitMax (digits) skip the missing-value lookup: 57 (every digit) unless a missing-value text starts with a digit (then 47: none skip). */
  naDigitMax: number;
  required: boolean;
  min: number;
  max: number;
  factor: number;
  /** Censored values of a `censoring` column: direction ("below"/"above"/null) and limit (NaN when not censored); null for other columns. */
  cens: { dir: (string | null)[]; limit: Float64Array } | null;
  // last-id cache (files sorted by patient)
  lastS: number;
  lastE: number;
  lastStr: string;
}
