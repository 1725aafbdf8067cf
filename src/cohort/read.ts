/**
 * Safe, fast loading of cohort CSV files: `readCohortCsv(path, table, options)`.
 *
 * Why a hand-written byte-level parser rather than an engine (DuckDB's
 * @duckdb/node-api or nodejs-polars), although the issue prefers an engine:
 * 1. Reject reports must name the physical line of every bad row. Both engines
 *    skip blank lines and fold quoted newlines and give back row positions, not
 *    source lines (DuckDB's store_rejects names lines only for rows it cannot
 *    parse itself, not for rows that parse and then fail our checks); mapping
 *    rows back to lines means a second pass over the bytes in JavaScript, which
 *    is most of the cost of parsing them here.
 * 2. Validation (ranges, categories, impossible dates, wrong-unit detection,
 *    duplicate keys, unknown patients) has to run row by row in JavaScript on
 *    the engine's output, after crossing the native boundary column by column;
 *    the engine's share of the time is then small.
 * 3. No native binary: `npm ci` on a fresh machine needs nothing but JavaScript,
 *    and the notebooks (tslab) load nothing native besides what danfojs brings.
 * Measured, on the 1,000,000-row x 8-column labs file of bench/cohort.bench.ts
 * (2-core machine shared with other jobs, so noisy): this parser with full
 * validation 1.3-1.7 s wall, ~1.4 s CPU, peak RSS ~320 MiB; pandas 1.5.3
 * read_csv 1.2-2.1 s, peak ~265 MiB; DuckDB 1.4 (@duckdb/node-api, 2 threads,
 * tried outside the repo) needed ~1.6 s CPU just for `CREATE TABLE AS SELECT *
 * FROM read_csv(...)`, another 0.15-0.3 s per column to copy into a
 * Float64Array, and 6 s CPU / 1.4 GB peak through `getColumnsJS()`, before any
 * validation or line mapping. nodejs-polars was not tried: it has the same two
 * problems (no source lines, a native boundary per column). The parser works on
 * the raw Buffer: numbers and ISO dates are parsed from bytes without making
 * strings, repeated ids (files sorted by patient) reuse the previous string,
 * duplicate keys use an open-addressing set of doubles, and the danfojs
 * DataFrame is built only when `data.frame` is first read.
 *
 * CSV dialect (RFC 4180 plus what exports do): optional UTF-8 BOM; LF, CRLF or CR
 * line ends; fields quoted with `"` (doubled `""` inside), quoted fields may hold
 * the delimiter and newlines; blank lines are skipped (not counted as rows);
 * spaces around unquoted fields are trimmed; missing = empty or one of
 * `naValues` (default `NA`, `N/A`, `NULL`, `null`, `.`).
 *
 * Limits (all overridable in the options): only regular files are read (a
 * device, FIFO, socket or folder is refused before it is opened), at most
 * `maxFileBytes` (default 2 GiB - 1); lines longer than `maxLineBytes` (1 MiB)
 * are rejected undecoded; the report keeps the first `maxRejectsKept` (1000)
 * rejected rows in full and counts every rejected row by column and reason, so
 * a file of millions of bad rows gives a report of bounded size.
 */
import { isUtf8 } from "node:buffer";
import { InputError, UnitError } from "../core/errors";
import { checkMaxBytes, MAX_FILE_BYTES, readRegularFile } from "../core/files";
import { normalizeUnit, toCanonicalFactor, unitsOf } from "../core/units";
import { COHORT_SCHEMA, type CohortTableName, type ColumnSpec, type TableSpec } from "./schema";

/** One rejected data row. */
export interface Reject {
  /** 1-based physical line where the row starts (the header is line 1 after any BOM). */
  line: number;
  /** Column at fault, or `"(row)"` for a row-shape problem. */
  column: string;
  /** The offending text (truncated to 200 characters). */
  value: string;
  /** Why the row was rejected, in plain words. */
  reason: string;
}

/** One unit conversion applied to a column. */
export interface Conversion {
  column: string;
  /** Unit as declared (header or options). */
  from: string;
  /** Canonical unit. */
  to: string;
  /** Multiplier applied: canonical = value x factor. */
  factor: number;
  /** Number of non-missing values read in the declared unit (rows rejected for other reasons included). */
  values: number;
  /** Where the unit was declared. */
  declaredIn: "header" | "options";
}

/** Rejected rows of one column for one reason (the reason without the row's own value). */
export interface RejectSummary {
  /** Column at fault, or `"(row)"` for a row-shape problem. */
  column: string;
  /** Why, in plain words, without the row's value (e.g. "out of range", "unknown patient (not in the patients table)"). */
  reason: string;
  /** Rejected rows with this column and reason. */
  count: number;
}

/**
 * What happened while loading one file.
 * Invariant: `rowsRead = rowsAccepted + rejectedCount`, and
 * `rejected.length = min(rejectedCount, maxRejectsKept)` (so `rowsRead = rowsAccepted + rejected.length`
 * whenever no more than `maxRejectsKept` rows, default 1000, were rejected);
 * the counts of `rejectSummary` add up to `rejectedCount`.
 */
export interface LoadReport {
  file: string;
  table: CohortTableName;
  /** Data rows read (blank lines excluded; a row whose quoted field spans lines counts once). */
  rowsRead: number;
  rowsAccepted: number;
  /** Every rejected row. */
  rejectedCount: number;
  /** The first `maxRejectsKept` rejected rows (default 1000), in file order, in full. */
  rejected: Reject[];
  /** Every rejected row (kept in `rejected` or not) counted by column and reason, most frequent first. */
  rejectSummary: RejectSummary[];
  /**
   * Physical lines read as part of one rejected row because a quote opened on them was never closed:
   * from the line of that quote to the end of the file (0 when every quote is closed). That row counts
   * once in rowsRead and rejectedCount; the lines it swallowed are counted here.
   */
  linesSwallowed: number;
  conversions: Conversion[];
  /** Anything the user should know that did not reject a row. */
  warnings: string[];
  /** Header as found in the file, and the canonical name each column was mapped to. */
  header: { found: string; canonical: string }[];
  blankLines: number;
}

/** A column the toolkit computes on: numbers, integers, flags and dates (days since 1970-01-01) as Float64Array with NaN = missing; text as strings with null = missing. */
export type CohortColumn = Float64Array | (string | null)[];

/** A loaded table: typed columns plus a danfojs DataFrame made on first use. */
export interface CohortTable {
  table: CohortTableName;
  nRows: number;
  /** Canonical column name -> typed column (only accepted rows). Dates are days since 1970-01-01 (UTC). */
  columns: Record<string, CohortColumn>;
  /** Column types, as in the schema (`"text"` for extra columns). */
  types: Record<string, ColumnSpec["type"]>;
  /** A danfojs DataFrame of the same rows (dates as ISO strings, missing as null), built on first access. */
  readonly frame: import("danfojs-node").DataFrame;
}

/** Options of {@link readCohortCsv}. */
export interface ReadCohortOptions {
  /** Units of columns whose header does not declare one, keyed by canonical name or stem (`{ albumin: "g/L" }`). Default: canonical units when the header uses the canonical name. */
  units?: Record<string, string>;
  /** Date format of every date column. Default: "YYYY-MM-DD". */
  dateFormat?: "YYYY-MM-DD" | "DD/MM/YYYY" | "MM/DD/YYYY" | "DD.MM.YYYY" | "YYYY/MM/DD";
  /** Field delimiter. Default: ",". */
  delimiter?: string;
  /**
   * Texts read as missing, besides the empty field. A number is compared as text with the field as written
   * (`999` matches the field `999`, not `999.0`). Default: ["NA", "N/A", "NULL", "null", "."].
   */
  naValues?: readonly (string | number)[];
  /** Known patients: a Set or array of ids (strings), or a loaded patients table. Rows of other patients are rejected. Default: not checked. */
  patients?: Iterable<string> | CohortTable;
  /** Throw an InputError at the first rejected row. Default: false. */
  strict?: boolean;
  /** Longest accepted line in bytes (a whole number >= 1); longer rows are rejected without being decoded. Default: 1,048,576 - 1 (1 MiB). */
  maxLineBytes?: number;
  /**
   * Largest file read, in bytes (a whole number from 1 to 2,147,483,647); a larger file (or Buffer) is refused
   * with an InputError before it is read. Default: 2,147,483,647 (2 GiB - 1, the most the parser can index).
   */
  maxFileBytes?: number;
  /**
   * Rejected rows kept in full in `report.rejected` (a whole number >= 0); every further rejected row is only
   * counted (`rejectedCount`, `rejectSummary`). Default: 1000.
   */
  maxRejectsKept?: number;
}

/** Result of {@link readCohortCsv}. */
export interface CohortLoad {
  data: CohortTable;
  report: LoadReport;
}

// ------------------------------------------------------------------ dates

/** Days since 1970-01-01 of a civil date (Hinnant's days_from_civil), or NaN when the date does not exist. */
export function daysFromCivil(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || y < 1 || y > 9999) return Number.NaN;
  const dim = m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  if (d > dim) return Number.NaN;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** ISO date (YYYY-MM-DD) of a day number from a cohort date column. */
export function isoDate(day: number): string {
  // days of 0001-01-01 and 9999-12-31, the dates a cohort file can hold
  if (typeof day !== "number" || !Number.isFinite(day) || day < -719162 || day >= 2932897)
    throw new InputError({ field: "day", value: day, expected: "a day number from -719162 (0001-01-01) to 2932896 (9999-12-31)" });
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

// ------------------------------------------------------------------ header and units

/**
 * The unit named by a snake_case header suffix (`g_dl`, `mcg_ml`, `lbs`), read
 * through src/core/units.ts's spellings with `_` standing for `/`.
 */
function suffixUnit(suffix: string): string | undefined {
  return normalizeUnit(suffix.replace("_", "/"));
}

interface MappedColumn {
  spec: ColumnSpec | undefined; // undefined = extra column kept as text
  name: string;
  unit?: string;
  factor: number;
  declaredIn?: "header" | "options";
}

function mapHeader(found: string, spec: TableSpec, options: ReadCohortOptions): MappedColumn {
  const h = found.trim();
  const lower = h.toLowerCase();
  const direct = spec.columns.find((c) => c.name === lower);
  const optionUnit = (c: ColumnSpec): string | undefined => options.units?.[c.name] ?? (c.stem ? options.units?.[c.stem] : undefined);
  const withUnit = (c: ColumnSpec, unit: string, declaredIn: "header" | "options"): MappedColumn => {
    const other = optionUnit(c);
    if (declaredIn === "header" && other !== undefined && normalizeUnit(other) !== normalizeUnit(unit)) {
      throw new UnitError(
        { field: h, value: other, expected: `the unit declared in the header (${unit}) or no unit in options` },
        "options.units contradicts the header",
      );
    }
    if (!c.quantity) {
      if (normalizeUnit(unit) === normalizeUnit(c.unit ?? "")) return { spec: c, name: c.name, unit: c.unit, factor: 1, declaredIn };
      throw new UnitError({ field: h, value: unit, expected: `${c.unit} (the only unit accepted for ${c.name})` }, "unknown unit");
    }
    const factor = toCanonicalFactor(c.quantity, unit, h);
    return { spec: c, name: c.name, unit: normalizeUnit(unit) ?? unit, factor, declaredIn };
  };
  if (direct) {
    // The canonical name (crp_mg_l) declares the canonical unit: an option naming another unit contradicts it,
    // exactly as for "crp [mg/L]"; values are never rescaled against what the header says.
    const u = optionUnit(direct);
    if (u !== undefined && direct.unit && normalizeUnit(u) !== normalizeUnit(direct.unit)) {
      throw new UnitError(
        {
          field: h,
          value: u,
          expected: `the unit declared by the header name (${direct.unit}) or no unit in options (rename the column to "${direct.stem ?? direct.name}" to declare the unit in options)`,
        },
        "options.units contradicts the header",
      );
    }
    return { spec: direct, name: direct.name, unit: direct.unit, factor: 1 };
  }
  // "albumin [g/L]" or "albumin (g/L)"
  const br = /^(.+?)\s*[[(]\s*([^\])]+?)\s*[\])]$/.exec(lower);
  if (br) {
    const c = spec.columns.find((x) => x.stem === br[1].replace(/\s+/g, "_") || x.name === br[1]);
    if (c?.unit) return withUnit(c, br[2], "header");
  }
  // "albumin_g_l"
  for (const c of spec.columns) {
    if (!c.stem || !lower.startsWith(`${c.stem}_`)) continue;
    const suffix = lower.slice(c.stem.length + 1);
    const unit = suffixUnit(suffix);
    if (unit && (!c.quantity || unitsOf(c.quantity).includes(unit) || normalizeUnit(unit) === c.unit)) return withUnit(c, unit, "header");
  }
  // bare stem: unit must come from options
  const bare = spec.columns.find((c) => c.stem === lower);
  if (bare) {
    const u = optionUnit(bare);
    if (u === undefined) {
      throw new UnitError(
        { field: h, expected: `a unit in the header (e.g. "${bare.stem} [${bare.unit}]" or "${bare.name}") or in options.units` },
        "column has no unit",
      );
    }
    return withUnit(bare, u, "options");
  }
  return { spec: undefined, name: h, factor: 1 };
}

// ------------------------------------------------------------------ number parsing

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Result slot of {@link parseNumber}: returning a double from a call that is not inlined would box it (one heap allocation per field). */
const NUM_OUT = new Float64Array(1);

/** Parses a decimal number from bytes [s, e) into NUM_OUT[0] (NaN when the text is not a plain number). */
function parseNumber(buf: Buffer, s: number, e: number): void {
  let i = s;
  let neg = false;
  const c0 = buf[i];
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45;
    i++;
  }
  let int = 0;
  let nInt = 0;
  while (i < e) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) break;
    int = int * 10 + c;
    nInt++;
    i++;
  }
  let frac = 0;
  let nFrac = 0;
  if (i < e && buf[i] === 46) {
    i++;
    while (i < e) {
      const c = buf[i] - 48;
      if (c < 0 || c > 9) break;
      frac = frac * 10 + c;
      nFrac++;
      i++;
    }
  }
  if (i === e && nInt + nFrac > 0 && nInt <= 15 && nFrac <= 15 && nInt + nFrac <= 15) {
    const v = nFrac ? (int * POW10[nFrac] + frac) / POW10[nFrac] : int;
    NUM_OUT[0] = neg ? -v : v;
    return;
  }
  const text = buf.toString("latin1", s, e);
  NUM_OUT[0] = NUMERIC_TEXT.test(text) ? Number(text) : Number.NaN;
}

function digit(buf: Buffer, i: number): number {
  const c = buf[i] - 48;
  return c >= 0 && c <= 9 ? c : -1000000;
}
function num(buf: Buffer, s: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 10 + digit(buf, s + i);
  return v;
}

/** Parses a date in the given format from bytes; NaN for malformed or impossible dates. */
function parseDate(buf: Buffer, s: number, e: number, format: string): number {
  const len = e - s;
  if (format === "YYYY-MM-DD" || format === "YYYY/MM/DD") {
    const sep = format === "YYYY-MM-DD" ? 45 : 47;
    if (len !== 10 || buf[s + 4] !== sep || buf[s + 7] !== sep) return Number.NaN;
    const y = num(buf, s, 4);
    const m = num(buf, s + 5, 2);
    const d = num(buf, s + 8, 2);
    return y < 0 || m < 0 || d < 0 ? Number.NaN : daysFromCivil(y, m, d);
  }
  const sep = format === "DD.MM.YYYY" ? 46 : 47;
  if (len !== 10 || buf[s + 2] !== sep || buf[s + 5] !== sep) return Number.NaN;
  const a = num(buf, s, 2);
  const b = num(buf, s + 3, 2);
  const y = num(buf, s + 6, 4);
  if (a < 0 || b < 0 || y < 0) return Number.NaN;
  return format === "MM/DD/YYYY" ? daysFromCivil(y, a, b) : daysFromCivil(y, b, a);
}

// ------------------------------------------------------------------ the reader

interface ColumnState {
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

/**
 * A censored value as labs write it, `<0.4` or `>45` (also `<=`, `>=`, spaces): direction and limit in the column's
 * canonical unit, range-checked like a value; or the reason it is rejected.
 */
function censoredValue(text: string, c: ColumnState): { dir: "below" | "above"; limit: number } | { reason: string } {
  const m = /^\s*([<>])=?\s*(.*?)\s*$/.exec(text);
  const body = m ? m[2] : "";
  if (!m || !NUMERIC_TEXT.test(body)) return { reason: "censored value: expected <number or >number (e.g. <0.4)" };
  let limit = Number(body);
  if (c.factor !== 1) limit *= c.factor;
  if (!(limit > 0) || limit > c.max)
    return {
      reason: `censored value: the limit must be a number > 0 and at most ${c.max}${c.mapped.spec?.unit ? ` ${c.mapped.spec.unit}` : ""}`,
    };
  return { dir: m[1] === "<" ? "below" : "above", limit };
}

function clipValue(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/**
 * Reads one cohort table from a CSV file, validating every row against the
 * schema (data/README.md), converting declared units to canonical units, and
 * reporting what it did. Rows with a problem are rejected (not loaded):
 * every one is counted (`rejectedCount`, and by column and reason in
 * `rejectSummary`) and the first `maxRejectsKept` (default 1000) are listed
 * with line, column, value and reason in `rejected`; `rowsRead = rowsAccepted
 * + rejectedCount` always (and `= rowsAccepted + rejected.length` when no more
 * than `maxRejectsKept` rows were rejected).
 *
 * Only a regular file is read (a symlink to one is fine): a folder, device
 * (/dev/zero), FIFO or socket is refused before it is opened, and so is a file
 * larger than `maxFileBytes` (default 2 GiB - 1).
 *
 * @param path CSV file.
 * @param table Which cohort table the file holds (decides the schema).
 * @param options Units, date format, delimiter, missing-value texts, known patients, strictness, limits.
 * @returns `{ data, report }`: typed columns (and a danfojs DataFrame on demand) and the load report.
 * @throws InputError for a path that is not a readable regular file or is too large, an empty file, a missing
 *   required column, a wrong delimiter, a bad option, or (strict) the first bad row;
 *   UnitError for an unknown unit or a unit option that contradicts the header.
 * @example
 * const { data, report } = readCohortCsv("data/cd/labs.csv", "labs", { patients: cd.patients });
 * report.rejected; // []
 * data.columns.crp_mg_l; // Float64Array, mg/L
 */
export function readCohortCsv(path: string, table: CohortTableName, options: ReadCohortOptions = {}): CohortLoad {
  tableSpec(table);
  const opts = checkOptions(options);
  const buf = readRegularFile(path, {
    maxBytes: opts.maxFileBytes ?? MAX_FILE_BYTES,
    limitHint: "raise options.maxFileBytes, or --max-file-mb in the ibd-lab command, to read it",
  });
  return parseCohortCsv(buf, table, { ...opts, file: path });
}

function tableSpec(table: unknown): TableSpec {
  if (typeof table !== "string" || !Object.hasOwn(COHORT_SCHEMA, table)) {
    throw new InputError({ field: "table", value: table, expected: `one of ${Object.keys(COHORT_SCHEMA).join(", ")}` });
  }
  return COHORT_SCHEMA[table as CohortTableName];
}

function isWholeNumber(x: unknown, min: number): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= min;
}

/** Checks the options' types and limits (an untyped caller, e.g. a notebook, can pass anything). */
function checkOptions<T extends ReadCohortOptions>(options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InputError({ field: "options", value: options, expected: "an options object" });
  }
  const o = options as T;
  if (o.units !== undefined) {
    if (o.units === null || typeof o.units !== "object" || Array.isArray(o.units))
      throw new InputError({ field: "options.units", value: o.units, expected: 'an object of column -> unit, e.g. { albumin: "g/L" }' });
    for (const [k, v] of Object.entries(o.units)) {
      if (v !== undefined && typeof v !== "string")
        throw new InputError({ field: `options.units.${k}`, value: v, expected: 'a unit name such as "g/L"' });
    }
  }
  if (o.delimiter !== undefined && typeof o.delimiter !== "string") {
    throw new InputError({ field: "delimiter", value: o.delimiter, expected: "one ASCII character other than a quote or a line end" });
  }
  if (o.naValues !== undefined) {
    if (typeof o.naValues === "string" || o.naValues === null || typeof (o.naValues as Iterable<unknown>)[Symbol.iterator] !== "function")
      throw new InputError({ field: "naValues", value: o.naValues, expected: 'an array of texts (or numbers), e.g. ["NA", "999"]' });
    for (const t of o.naValues as Iterable<unknown>) {
      if (typeof t !== "string" && !(typeof t === "number" && Number.isFinite(t)))
        throw new InputError({ field: "naValues", value: t, expected: "texts or finite numbers" });
    }
  }
  if (o.maxLineBytes !== undefined && !(isWholeNumber(o.maxLineBytes, 1) && o.maxLineBytes <= MAX_FILE_BYTES)) {
    throw new InputError({ field: "maxLineBytes", value: o.maxLineBytes, expected: `a whole number of bytes in [1, ${MAX_FILE_BYTES}]` });
  }
  if (o.maxFileBytes !== undefined) checkMaxBytes(o.maxFileBytes, "maxFileBytes");
  if (o.maxRejectsKept !== undefined && !isWholeNumber(o.maxRejectsKept, 0)) {
    throw new InputError({ field: "maxRejectsKept", value: o.maxRejectsKept, expected: "a whole number >= 0" });
  }
  return o;
}

/** Same as {@link readCohortCsv} for CSV content already in memory (a Buffer or a string). */
export function parseCohortCsv(
  content: Buffer | string,
  table: CohortTableName,
  options: ReadCohortOptions & { file?: string } = {},
): CohortLoad {
  const spec = tableSpec(table);
  options = checkOptions(options);
  if (typeof content !== "string" && !Buffer.isBuffer(content)) {
    throw new InputError({ field: "content", value: content, expected: "CSV text (a string or a Buffer)" });
  }
  const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const file = typeof options.file === "string" ? options.file : "(memory)";
  const maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  if (buf.length > maxFileBytes) {
    throw new InputError(
      { field: file, value: buf.length, expected: `at most ${maxFileBytes} bytes (options.maxFileBytes)` },
      "the CSV content is too large",
    );
  }
  const delimiter = options.delimiter ?? ",";
  if (Buffer.byteLength(delimiter) !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new InputError({ field: "delimiter", value: delimiter, expected: "one ASCII character other than a quote or a line end" });
  }
  const delim = delimiter.charCodeAt(0);
  const dateFormat = options.dateFormat ?? "YYYY-MM-DD";
  if (!["YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY", "YYYY/MM/DD"].includes(dateFormat)) {
    throw new InputError({
      field: "dateFormat",
      value: dateFormat,
      expected: "YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY or YYYY/MM/DD",
    });
  }
  const naValues = new Set<string>();
  for (const t of options.naValues ?? ["NA", "N/A", "NULL", "null", "."]) if (String(t) !== "") naValues.add(String(t));
  // Short fields are looked up in naValues unless they start with a digit; when a missing-value text itself starts
  // with a digit (999, 1900-01-01), those are looked up too (ColumnState.naDigitMax).
  const naDigitMax = [...naValues].some((t) => t.charCodeAt(0) >= 48 && t.charCodeAt(0) <= 57) ? 47 : 57;
  const maxLine = options.maxLineBytes ?? 1024 * 1024 - 1;
  const maxRejectsKept = options.maxRejectsKept ?? 1000;
  const strict = options.strict ?? false;
  const known = options.patients === undefined ? undefined : toPatientSet(options.patients);

  const n = buf.length;
  let pos = 0;
  if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
  // Validity of UTF-8 is checked only for records holding bytes >= 0x80 (ASCII is valid UTF-8).
  let warnedUtf8 = false;
  const badUtf8 = (s: number, e: number): boolean => {
    if (isUtf8(buf.subarray(s, e))) return false;
    if (!warnedUtf8) report.warnings.push("the file is not valid UTF-8: rows containing invalid bytes are rejected");
    warnedUtf8 = true;
    return true;
  };
  const report: LoadReport = {
    file,
    table,
    rowsRead: 0,
    rowsAccepted: 0,
    rejectedCount: 0,
    rejected: [],
    rejectSummary: [],
    linesSwallowed: 0,
    conversions: [],
    warnings: [],
    header: [],
    blankLines: 0,
  };
  if (pos === 3) report.warnings.push("a UTF-8 byte-order mark at the start was skipped");

  const sc = new RecordScanner(buf, pos, delim, maxLine);

  // ---- header
  if (sc.pos >= n) throw new InputError({ field: file, value: "", expected: "a header line naming the columns" }, "file is empty");
  let headerFields: string[] = [];
  while (sc.pos < n) {
    sc.scan();
    if (!sc.isBlank()) {
      if (sc.highByte && badUtf8(sc.starts[0], sc.ends[sc.nf - 1])) {
        throw new InputError({ field: "header", row: sc.recLine, expected: "UTF-8 text" }, "the header line has bytes that are not UTF-8");
      }
      headerFields = [];
      for (let k = 0; k < sc.nf; k++) headerFields.push(sc.fieldText(k));
      break;
    }
    report.blankLines++;
  }
  const headerLine = sc.recLine;
  if (headerFields.length === 0)
    throw new InputError({ field: file, expected: "a header line naming the columns" }, "file has only blank lines");
  if (sc.recError) throw new InputError({ field: "header", row: headerLine, value: headerFields.join(delimiter) }, sc.recError);
  if (headerFields.length === 1) {
    for (const [name, ch] of [
      ["semicolon", ";"],
      ["tab", "\t"],
      ["pipe", "|"],
      ["comma", ","],
    ] as const) {
      if (ch !== delimiter && headerFields[0].split(ch).length > 1) {
        throw new InputError(
          { field: "header", row: headerLine, value: headerFields[0], expected: `columns separated by "${delimiter}"` },
          `the header looks ${name}-delimited: pass { delimiter: ${JSON.stringify(ch)} }`,
        );
      }
    }
  }
  const mapped = headerFields.map((h) => mapHeader(h, spec, options));
  const seen = new Map<string, number>();
  mapped.forEach((m, k) => {
    if (seen.has(m.name)) {
      throw new InputError(
        { field: headerFields[k], row: headerLine, value: headerFields.join(delimiter), expected: "each column once" },
        `column ${m.name} appears twice (as "${headerFields[seen.get(m.name)!]}" and "${headerFields[k]}")`,
      );
    }
    seen.set(m.name, k);
  });
  for (const c of spec.columns) {
    if (c.required && !seen.has(c.name)) {
      throw new InputError(
        { field: c.name, row: headerLine, value: headerFields.join(delimiter), expected: `a column "${c.name}" (${c.description})` },
        `required column ${c.name} is missing from the ${table} table`,
      );
    }
  }
  report.header = headerFields.map((h, k) => ({ found: h, canonical: mapped[k].name }));
  for (const m of mapped) {
    if (!m.spec) report.warnings.push(`column "${m.name}" is not in the ${table} schema: kept as text`);
  }

  // ---- column state
  // Capacity from a native newline count (memchr), so columns are allocated once at their final size.
  let estRows = 1;
  for (let at = buf.indexOf(10, sc.pos); at !== -1; at = buf.indexOf(10, at + 1)) estRows++;
  if (estRows === 1) for (let at = buf.indexOf(13, sc.pos); at !== -1; at = buf.indexOf(13, at + 1)) estRows++;
  const cols: ColumnState[] = mapped.map((m) => {
    const type = m.spec?.type ?? "text";
    const numeric = type === "number" || type === "int" || type === "flag" || type === "date";
    return {
      mapped: m,
      type,
      num: new Float64Array(numeric ? estRows : 0),
      isNum: numeric,
      str: numeric ? [] : new Array<string | null>(estRows).fill(null),
      converted: 0,
      wrongUnit: 0,
      nonMissing: 0,
      categories: new Set<string>(m.spec?.categories ?? []),
      hasCategories: m.spec?.categories !== undefined,
      kind: type === "number" ? 0 : type === "int" ? 1 : type === "flag" ? 2 : type === "date" ? 3 : 4,
      naDigitMax,
      required: m.spec?.required ?? false,
      min: m.spec?.min ?? Number.NEGATIVE_INFINITY,
      max: m.spec?.max ?? Number.POSITIVE_INFINITY,
      factor: m.factor,
      cens: m.spec?.censoring && numeric ? { dir: new Array<string | null>(estRows).fill(null), limit: new Float64Array(estRows) } : null,
      lastS: -1,
      lastE: -1,
      lastStr: "",
    };
  });
  const nCols = cols.length;
  const pidCol = seen.get("patient_id");
  const keyCols = spec.key.map((k) => seen.get(k)).filter((k): k is number => k !== undefined);
  const keySeen = new Set<string>();
  const keyHash = new NumberSet(16);
  // Files sorted by patient: while each patient's rows come in one run, a duplicate (patient, date) can only be
  // inside the current run, checked in a small set; the first time a patient reappears after another, every
  // key so far moves into one global set. Same result either way, much less memory traffic when sorted.
  const runKeys = new NumberSet(16);
  const closedRuns = new Set<number>();
  const acceptedKeys = new Float64Array(estRows);
  let nAcceptedKeys = 0;
  let runId = -1;
  let globalKeys = false;
  const internIds = new Map<string, number>();
  const orderRules = (spec.dateOrder ?? [])
    .map((r) => ({ r, a: seen.get(r.earlier), b: seen.get(r.later), kind: `${r.later} is before ${r.earlier}` }))
    .filter(
      (x): x is { r: { earlier: string; later: string }; a: number; b: number; kind: string } => x.a !== undefined && x.b !== undefined,
    );
  const fieldCountKind = `wrong number of fields (expected ${nCols})`;
  let row = 0; // accepted rows written
  let zeroAsBelow = 0;
  const keyVals = new Float64Array(keyCols.length);

  // Every reject is counted by column and `kind` (the reason without the row's own value); the first
  // maxRejectsKept are kept in full. Memory stays bounded however many rows are bad.
  const summary = new Map<string, Map<string, RejectSummary>>(); // column -> kind -> count
  const summaryOrder: RejectSummary[] = [];
  const reject = (lineNo: number, column: string, value: string, reason: string, kind: string = reason): void => {
    if (strict) {
      throw new InputError({ field: column, row: lineNo, value: clipValue(value) }, `${table}: ${reason}`);
    }
    report.rejectedCount++;
    if (report.rejected.length < maxRejectsKept) report.rejected.push({ line: lineNo, column, value: clipValue(value), reason });
    let byKind = summary.get(column);
    if (!byKind) {
      byKind = new Map();
      summary.set(column, byKind);
    }
    const sm = byKind.get(kind);
    if (sm) sm.count++;
    else {
      const fresh = { column, reason: kind, count: 1 };
      byKind.set(kind, fresh);
      summaryOrder.push(fresh);
    }
  };
  let capacity = estRows;
  // bytes of the longest missing-value text as it can appear in the file (a quoted one doubles its quotes)
  const maxNaLen = Math.max(0, ...[...naValues].map((t) => Buffer.byteLength(t) + (t.match(/"/g)?.length ?? 0)));
  const ensure = (need: number) => {
    for (const c of cols) {
      if (c.isNum && c.num.length < need) {
        const g = new Float64Array(need);
        g.set(c.num);
        c.num = g;
      }
      if (c.cens && c.cens.limit.length < need) {
        const g = new Float64Array(need);
        g.set(c.cens.limit);
        c.cens.limit = g;
      }
    }
  };
  // A trough written as 0 means "below quantification" only where the file gives the assay's limit (lloq_ug_ml).
  const censCol = cols.findIndex((c) => c.cens !== null);
  const lloqCol = seen.get("lloq_ug_ml");

  // ---- rows
  while (sc.pos < n) {
    sc.scan();
    const starts = sc.starts;
    const ends = sc.ends;
    const quoted = sc.quoted;
    const nf = sc.nf;
    const recLine = sc.recLine;
    const recError = sc.recError;
    const highByte = sc.highByte;
    if (sc.isBlank()) {
      report.blankLines++;
      continue;
    }
    report.rowsRead++;
    const ln = recLine;
    if (recError) {
      const lastS = starts[0];
      reject(ln, "(row)", buf.toString("utf8", lastS, Math.min(ends[nf - 1], lastS + 200)), recError, sc.recKind);
      continue;
    }
    if (highByte && badUtf8(starts[0], ends[nf - 1])) {
      let bad = 0;
      for (let k = 0; k < nf; k++) {
        if (!isUtf8(buf.subarray(starts[k], ends[k]))) {
          bad = k;
          break;
        }
      }
      reject(
        ln,
        mapped[bad]?.name ?? "(row)",
        buf.toString("latin1", starts[bad], ends[bad]),
        "bytes that are not valid UTF-8 (save the file as UTF-8)",
      );
      continue;
    }
    if (nf !== nCols) {
      const text = buf.toString("utf8", starts[0], ends[nf - 1]);
      reject(
        ln,
        "(row)",
        text,
        `expected ${nCols} fields, found ${nf} (${nf < nCols ? "truncated row or missing delimiter" : "extra delimiter or unquoted comma"})`,
        fieldCountKind,
      );
      continue;
    }
    if (row >= capacity) {
      capacity = Math.ceil(capacity * 1.5) + 16;
      ensure(capacity);
    }
    let bad = false;
    for (let k = 0; k < nCols && !bad; k++) {
      const c = cols[k];
      const s = starts[k];
      const e = ends[k];
      const kind = c.kind;
      // missing?
      let missing = e === s;
      if (!missing && e - s <= maxNaLen) {
        const b0 = buf[s];
        if ((b0 < 48 || b0 > c.naDigitMax) && naValues.has(sc.fieldText(k))) missing = true;
      }
      if (missing) {
        if (c.required) {
          reject(ln, c.mapped.name, "", "required value is missing");
          bad = true;
          break;
        }
        if (c.isNum) c.num[row] = Number.NaN;
        else c.str[row] = null;
        if (c.cens) {
          c.cens.dir[row] = null;
          c.cens.limit[row] = Number.NaN;
        }
        continue;
      }
      c.nonMissing++;
      if (kind <= 2) {
        parseNumber(buf, s, e);
        let v = NUM_OUT[0];
        if (c.cens) {
          c.cens.dir[row] = null;
          c.cens.limit[row] = Number.NaN;
        }
        if (Number.isNaN(v)) {
          const text = sc.fieldText(k);
          const censored = /^\s*[<>]=?\s*\d/.test(text);
          if (censored && c.cens) {
            const r = censoredValue(text, c);
            if ("reason" in r) {
              reject(ln, c.mapped.name, text, r.reason);
              bad = true;
              break;
            }
            c.num[row] = Number.NaN;
            c.cens.dir[row] = r.dir;
            c.cens.limit[row] = r.limit;
            continue;
          }
          reject(
            ln,
            c.mapped.name,
            text,
            censored ? "censored value (< or >): this column takes only numbers; give a number, or leave empty" : "not a number",
          );
          bad = true;
          break;
        }
        if (kind === 2 && v !== 0 && v !== 1) {
          reject(ln, c.mapped.name, sc.fieldText(k), "expected 0 or 1");
          bad = true;
          break;
        }
        if (kind === 1 && !Number.isInteger(v)) {
          reject(ln, c.mapped.name, sc.fieldText(k), "expected a whole number");
          bad = true;
          break;
        }
        if (c.factor !== 1) {
          v *= c.factor;
          c.converted++;
        }
        if (v < c.min || v > c.max || (v === c.min && c.mapped.spec?.minExclusive === true)) {
          const why = outOfRange(v, c);
          reject(ln, c.mapped.name, sc.fieldText(k), why.reason, why.kind);
          bad = true;
          break;
        }
        c.num[row] = v;
      } else if (kind === 3) {
        const v = parseDate(buf, s, e, dateFormat);
        if (Number.isNaN(v)) {
          const text = sc.fieldText(k);
          const reason = describeBadDate(text, dateFormat);
          reject(ln, c.mapped.name, text, reason, badDateKind(reason));
          bad = true;
          break;
        }
        c.num[row] = v;
      } else {
        {
          // id / text / category; reuse the previous string when the bytes repeat (sorted files)
          let str: string;
          const len = e - s;
          let same = c.lastS >= 0 && len === c.lastE - c.lastS && !quoted[k];
          for (let j = 0; same && j < len; j++) same = buf[s + j] === buf[c.lastS + j];
          if (same) {
            str = c.lastStr;
          } else {
            str = sc.fieldText(k);
            if (str.includes("\u0000")) {
              reject(ln, c.mapped.name, str, "contains a NUL byte (\\0), which no text value may hold (is the file binary or UTF-16?)");
              bad = true;
              break;
            }
            if (c.hasCategories && !c.categories.has(str)) {
              reject(ln, c.mapped.name, str, `not an allowed value; expected one of ${[...c.categories].join(", ")}`);
              bad = true;
              break;
            }
            if (k === pidCol && known && !known.has(str)) {
              reject(ln, c.mapped.name, str, "unknown patient (not in the patients table)");
              bad = true;
              break;
            }
            c.lastS = s;
            c.lastE = e;
            c.lastStr = str;
          }
          c.str[row] = str;
        }
      }
    }
    if (!bad && censCol >= 0 && cols[censCol].num[row] === 0) {
      // 0 is not a level: it stands for "below the limit" only when the row says which limit.
      const lloq = lloqCol === undefined ? Number.NaN : cols[lloqCol].num[row];
      const cc = cols[censCol];
      if (Number.isNaN(lloq)) {
        reject(
          ln,
          cc.mapped.name,
          sc.fieldText(censCol),
          "0 is not a measured level: write a level below quantification as <LLOQ (e.g. <0.4), or give the assay's limit in lloq_ug_ml",
        );
        bad = true;
      } else {
        cc.num[row] = Number.NaN;
        cc.cens!.dir[row] = "below";
        cc.cens!.limit[row] = lloq;
        zeroAsBelow++;
      }
    }
    if (!bad) {
      for (const o of orderRules) {
        const a = cols[o.a].num![row];
        const b = cols[o.b].num![row];
        if (!Number.isNaN(a) && !Number.isNaN(b) && b < a) {
          reject(ln, o.r.later, sc.fieldText(o.b), `${o.r.later} is before ${o.r.earlier} (${sc.fieldText(o.a)})`, o.kind);
          bad = true;
          break;
        }
      }
    }
    if (!bad && keyCols.length) {
      for (let j = 0; j < keyCols.length; j++) {
        const c = cols[keyCols[j]];
        if (c.isNum) keyVals[j] = c.num[row];
        else {
          const s = c.str[row] ?? "";
          let id = internIds.get(s);
          if (id === undefined) {
            id = internIds.size;
            internIds.set(s, id);
          }
          keyVals[j] = id;
        }
      }
      let dup: boolean;
      if (keyCols.length === 1) dup = !keyHash.add(keyVals[0]);
      else if (keyCols.length === 2 && cols[keyCols[1]].type === "date") {
        const idIx = keyVals[0];
        const key = idIx * 8_388_608 + (keyVals[1] + 4_000_000);
        if (!globalKeys && idIx !== runId) {
          if (closedRuns.has(idIx)) {
            globalKeys = true;
            for (let q = 0; q < nAcceptedKeys; q++) keyHash.add(acceptedKeys[q]);
          } else {
            if (runId >= 0) closedRuns.add(runId);
            runId = idIx;
            runKeys.clear();
          }
        }
        if (globalKeys) dup = !keyHash.add(key);
        else {
          dup = !runKeys.add(key);
          if (!dup) acceptedKeys[nAcceptedKeys++] = key;
        }
      } else {
        const key = keyVals.join("|");
        dup = keySeen.has(key);
        if (!dup) keySeen.add(key);
      }
      if (dup) {
        const kc = keyCols.map((j) => mapped[j].name).join(", ");
        reject(
          ln,
          spec.key.join("+"),
          keyCols.map((j) => sc.fieldText(j)).join(", "),
          `duplicate key (${kc}): an earlier row has the same values`,
        );
        bad = true;
      }
    }
    if (bad) continue;
    row++;
  }
  report.rowsAccepted = row;
  if (sc.swallowed > 0) {
    // (after the loop: cold code inside it slows the hot path down)
    report.linesSwallowed = sc.swallowed;
    const last = sc.quoteLine + sc.swallowed - 1;
    report.warnings.push(
      `an unclosed quote opened on line ${sc.quoteLine} swallows ${sc.swallowed} line(s) to the end of the file (${sc.swallowed === 1 ? `line ${sc.quoteLine}` : `lines ${sc.quoteLine}-${last}`}), rejected as one row: close the quote`,
    );
  }
  if (report.rowsRead === 0) report.warnings.push("the file has a header but no data rows");
  if (zeroAsBelow > 0)
    report.warnings.push(
      `${zeroAsBelow} level(s) written as 0 read as below the limit of quantification given in lloq_ug_ml (censored, not a measured zero)`,
    );

  // ---- conversions and column-level warnings
  for (const c of cols) {
    if (c.mapped.factor !== 1 || (c.mapped.declaredIn && c.mapped.unit && c.mapped.spec?.unit && c.mapped.unit !== c.mapped.spec.unit)) {
      report.conversions.push({
        column: c.mapped.name,
        from: c.mapped.unit ?? "",
        to: c.mapped.spec?.unit ?? "",
        factor: c.mapped.factor,
        values: c.nonMissing,
        declaredIn: c.mapped.declaredIn ?? "header",
      });
    }
    if (c.wrongUnit > 0 && c.wrongUnit >= 0.2 * c.nonMissing) {
      report.warnings.push(
        `column ${c.mapped.name}: ${c.wrongUnit} of ${c.nonMissing} values look like a different unit than the declared ${c.mapped.unit}; check the unit`,
      );
    }
  }
  if (dateFormat !== "YYYY-MM-DD" && cols.some((c) => c.type === "date")) {
    report.warnings.push(`dates read as ${dateFormat} and stored as days since 1970-01-01 (ISO in the DataFrame)`);
  }
  if (report.rejectedCount > 0) {
    report.warnings.push(
      report.rejectedCount > report.rejected.length
        ? `${report.rejectedCount} of ${report.rowsRead} rows rejected; the first ${report.rejected.length} are listed in report.rejected, all are counted by column and reason in report.rejectSummary`
        : `${report.rejectedCount} of ${report.rowsRead} rows rejected; see report.rejected`,
    );
  }
  report.rejectSummary = summaryOrder.sort((a, b) => b.count - a.count);

  const columns: Record<string, CohortColumn> = {};
  const types: Record<string, ColumnSpec["type"]> = {};
  for (const c of cols) {
    if (c.isNum) columns[c.mapped.name] = c.num.length === row ? c.num : c.num.subarray(0, row);
    else {
      c.str.length = row;
      columns[c.mapped.name] = c.str;
    }
    types[c.mapped.name] = c.type;
    const cs = c.mapped.spec?.censoring;
    if (c.cens && cs) {
      c.cens.dir.length = row;
      columns[cs.censoredColumn] = c.cens.dir;
      types[cs.censoredColumn] = "category";
      columns[cs.limitColumn] = c.cens.limit.length === row ? c.cens.limit : c.cens.limit.subarray(0, row);
      types[cs.limitColumn] = "number";
    }
  }
  return { data: makeTable(table, row, columns, types), report };
}

/**
 * A set of finite doubles with open addressing (linear probing) on Float64Array
 * storage: a JavaScript Set of non-small-integer numbers boxes every key, which
 * made duplicate-key checking the slowest part of loading a million rows.
 */
class NumberSet {
  private keys: Float64Array;
  private used: Uint8Array;
  private mask: number;
  private size = 0;
  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
  }
  /** Adds x; false when it was already present. */
  add(x: number): boolean {
    if (this.size * 2 >= this.mask) this.rehash();
    // keys are integers below 2^53: split into 32-bit halves and mix (murmur3 finaliser)
    const lo = (x % 4294967296) | 0;
    const hi = (x / 4294967296) | 0;
    let h = lo ^ Math.imul(hi, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h = (h ^ (h >>> 16)) & this.mask;
    while (this.used[h]) {
      if (this.keys[h] === x) return false;
      h = (h + 1) & this.mask;
    }
    this.used[h] = 1;
    this.keys[h] = x;
    this.size++;
    return true;
  }
  /** Empties the set (keeps its storage when small). */
  clear(): void {
    if (this.size === 0) return;
    if (this.keys.length > 1024) {
      this.keys = new Float64Array(16);
      this.used = new Uint8Array(16);
      this.mask = 15;
    } else this.used.fill(0);
    this.size = 0;
  }
  private rehash(): void {
    const oldK = this.keys;
    const oldU = this.used;
    this.keys = new Float64Array(oldK.length * 2);
    this.used = new Uint8Array(oldK.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < oldK.length; i++) if (oldU[i]) this.add(oldK[i]);
  }
}

const UNCLOSED_QUOTE = "unterminated quoted field (a quote never closed swallows every line to the end of the file)";

/**
 * Splits one CSV record at a time into field boundaries (starts/ends into the
 * Buffer, quoted flags), counting physical lines, so reject reports can name
 * the line where a record starts even when quoted fields hold newlines.
 */
class RecordScanner {
  pos: number;
  line = 1;
  recLine = 1;
  nf = 0;
  recError = "";
  /** The problem of `recError` without the record's own details (for the reject summary). */
  recKind = "";
  /** Line of a quote never closed, and the lines from it to the end of the file it swallowed (0 when none). */
  quoteLine = 0;
  swallowed = 0;
  highByte = false;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  quoted = new Uint8Array(64);
  private readonly n: number;
  private readonly buf: Buffer;
  private readonly delim: number;
  private readonly maxLine: number;
  constructor(buf: Buffer, pos: number, delim: number, maxLine: number) {
    this.buf = buf;
    this.pos = pos;
    this.n = buf.length;
    this.delim = delim;
    this.maxLine = maxLine;
  }

  private grow(): void {
    const cap = this.starts.length * 2;
    const s2 = new Int32Array(cap);
    s2.set(this.starts);
    this.starts = s2;
    const e2 = new Int32Array(cap);
    e2.set(this.ends);
    this.ends = e2;
    const q2 = new Uint8Array(cap);
    q2.set(this.quoted);
    this.quoted = q2;
  }

  /** Reads the record at `pos` and moves `pos` past it. */
  scan(): void {
    const buf = this.buf;
    const n = this.n;
    const delim = this.delim;
    let starts = this.starts;
    let ends = this.ends;
    let quoted = this.quoted;
    let nf = 0;
    let line = this.line;
    let highByte = false;
    let recError = "";
    let recKind = "";
    this.recLine = line;
    const recStart = this.pos;
    let i = recStart;
    let next = n;
    for (;;) {
      if (nf === starts.length) {
        this.grow();
        starts = this.starts;
        ends = this.ends;
        quoted = this.quoted;
      }
      while (i < n && (buf[i] === 32 || buf[i] === 9) && buf[i] !== delim) i++;
      if (i < n && buf[i] === 34) {
        const quoteLine = line;
        i++;
        const fs = i;
        let closed = false;
        while (i < n) {
          const c = buf[i];
          if (c === 34) {
            if (i + 1 < n && buf[i + 1] === 34) {
              i += 2;
              continue;
            }
            closed = true;
            break;
          }
          if (c === 10) line++;
          else if (c === 13 && !(i + 1 < n && buf[i + 1] === 10)) line++;
          if (c > 127) highByte = true;
          i++;
        }
        starts[nf] = fs;
        ends[nf] = i;
        quoted[nf] = 1;
        nf++;
        if (!closed) {
          recError = this.unclosedQuote(quoteLine, line);
          recKind = UNCLOSED_QUOTE;
          next = n;
          break;
        }
        i++; // closing quote
        let junk = false;
        while (i < n && buf[i] !== delim && buf[i] !== 10 && buf[i] !== 13) {
          if (buf[i] !== 32 && buf[i] !== 9) junk = true;
          i++;
        }
        if (junk && !recError) recError = recKind = "text after a closing quote";
      } else {
        const fs = i;
        while (i < n) {
          const c = buf[i];
          if (c === delim || c === 10 || c === 13) break;
          if (c > 127) highByte = true;
          i++;
        }
        let fe = i;
        while (fe > fs && (buf[fe - 1] === 32 || buf[fe - 1] === 9)) fe--;
        starts[nf] = fs;
        ends[nf] = fe;
        quoted[nf] = 0;
        nf++;
      }
      if (i - recStart > this.maxLine && !recError) recError = recKind = `line longer than ${this.maxLine} bytes`;
      if (i >= n) {
        next = n;
        break;
      }
      const c = buf[i];
      if (c === delim) {
        i++;
        continue;
      }
      line++;
      next = c === 13 && i + 1 < n && buf[i + 1] === 10 ? i + 2 : i + 1;
      break;
    }
    this.nf = nf;
    this.line = line;
    this.highByte = highByte;
    this.recError = recError;
    this.recKind = recKind;
    this.pos = next;
  }

  /** Notes a quote opened on `quoteLine` and never closed (`line`: lines counted to the end of the file); returns the reason. Cold path, kept out of scan(). */
  private unclosedQuote(quoteLine: number, line: number): string {
    // `line` has counted every line end after the quote; a final line end opens no further line.
    const n = this.n;
    const last = n > 0 && (this.buf[n - 1] === 10 || this.buf[n - 1] === 13) ? line - 1 : line;
    const swallowed = Math.max(1, last - quoteLine + 1);
    this.quoteLine = quoteLine;
    this.swallowed = swallowed;
    return `unterminated quoted field: the quote opened on line ${quoteLine} is never closed, so it swallows ${swallowed} line(s) to the end of the file (${swallowed === 1 ? `line ${quoteLine}` : `lines ${quoteLine}-${last}`}) into this one row`;
  }

  /** Text of field k of the current record (UTF-8 when the record has non-ASCII bytes, doubled quotes undone). */
  fieldText(k: number): string {
    const s = this.starts[k];
    const e = this.ends[k];
    const t = this.highByte ? this.buf.toString("utf8", s, e) : this.buf.toString("latin1", s, e);
    return this.quoted[k] && t.includes('""') ? t.replace(/""/g, '"') : t;
  }

  /** The current record is an empty line. */
  isBlank(): boolean {
    return this.nf === 1 && this.ends[0] === this.starts[0] && !this.quoted[0];
  }
}

/** Why a number is out of its column's range (reason), and the same without the value (kind, for the reject summary); counts wrong-unit looks. */
function outOfRange(v: number, c: ColumnState): { reason: string; kind: string } {
  const spec1 = c.mapped.spec!;
  const hint = spec1.quantity ? wrongUnitHint(v / c.mapped.factor, spec1, c.mapped.unit ?? spec1.unit ?? "") : "";
  if (hint) c.wrongUnit++;
  const range = `${spec1.minExclusive ? "(" : "["}${spec1.min}, ${spec1.max}]${spec1.unit ? ` ${spec1.unit}` : ""}`;
  if (hint) {
    return {
      reason: `${hint}; values are never rescaled silently: fix the value or declare the unit`,
      kind: `implausible in ${c.mapped.unit ?? spec1.unit}, looks like another unit`,
    };
  }
  if (v < 0 && (spec1.min ?? 0) >= 0) {
    const negative = `negative value; expected a number in ${range}`;
    return { reason: negative, kind: negative };
  }
  const kind = `out of range: expected a number in ${range}`;
  return { reason: `${kind}${c.mapped.factor !== 1 ? ` (after converting ${c.mapped.unit} to ${spec1.unit})` : ""}`, kind };
}

function badDateKind(reason: string): string {
  return reason.startsWith("impossible date") ? "impossible date" : reason;
}

function describeBadDate(text: string, format: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m && format === "YYYY-MM-DD") return `impossible date (${text} does not exist)`;
  if (format !== "YYYY-MM-DD" && /^\d{2}[./]\d{2}[./]\d{4}$/.test(text)) return `impossible date for format ${format}`;
  return `not a date in the format ${format}${format === "YYYY-MM-DD" ? " (pass options.dateFormat for other formats)" : ""}`;
}

/** When a value is out of range in its declared unit but in range in another unit of the same quantity, names that unit. */
function wrongUnitHint(valueDeclared: number, spec: ColumnSpec, declared: string): string {
  if (!spec.quantity || spec.min === undefined || spec.max === undefined) return "";
  for (const u of unitsOf(spec.quantity)) {
    if (u === declared) continue;
    const canon = valueDeclared * toCanonicalFactor(spec.quantity, u);
    if (canon >= spec.min && canon <= spec.max && canon > 0) {
      return `implausible in ${declared} (allowed ${spec.min}-${spec.max} ${spec.unit}); it looks like ${u} (${fmt(canon)} ${spec.unit})`;
    }
  }
  return "";
}

function fmt(x: number): string {
  return Number.parseFloat(x.toPrecision(4)).toString();
}

function toPatientSet(p: Iterable<string> | CohortTable): Set<string> {
  const expected = "an array or Set of patient ids (strings), or a loaded patients table";
  if (typeof p === "object" && p !== null && "columns" in p && "table" in p) {
    const ids = (p as CohortTable).columns?.patient_id;
    if (!Array.isArray(ids)) throw new InputError({ field: "options.patients", expected: "a patients table with a patient_id column" });
    return new Set(ids.filter((x): x is string => typeof x === "string"));
  }
  // A string is iterable too: "UC001" would become the ids "U", "C", "0", "0", "1".
  if (typeof p !== "object" || p === null || typeof (p as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new InputError({ field: "options.patients", value: p, expected }, typeof p === "string" ? "one id given as a string" : undefined);
  }
  const set = p instanceof Set ? (p as Set<unknown>) : new Set<unknown>(p as Iterable<unknown>);
  // forEach: a for-of loop over a large Set costs milliseconds here, where it runs once, unoptimised
  set.forEach((id) => {
    if (typeof id !== "string") throw new InputError({ field: "options.patients", value: id, expected: `${expected}; every id a string` });
  });
  return set as Set<string>;
}

function makeTable(
  table: CohortTableName,
  nRows: number,
  columns: Record<string, CohortColumn>,
  types: Record<string, ColumnSpec["type"]>,
): CohortTable {
  let frame: import("danfojs-node").DataFrame | undefined;
  return {
    table,
    nRows,
    columns,
    types,
    get frame() {
      if (!frame) {
        // danfojs is heavy to import: load it only when a DataFrame is asked for.
        const dfd = require("danfojs-node") as typeof import("danfojs-node");
        const obj: Record<string, unknown[]> = {};
        for (const [name, col] of Object.entries(columns)) {
          if (col instanceof Float64Array) {
            obj[name] =
              types[name] === "date"
                ? Array.from(col, (d) => (Number.isNaN(d) ? null : isoDate(d)))
                : Array.from(col, (v) => (Number.isNaN(v) ? null : v));
          } else obj[name] = col;
        }
        frame = new dfd.DataFrame(obj);
      }
      return frame;
    },
  };
}
