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
 * The parser is in parts, each its own file (issue #15): csv-scanner.ts (bytes
 * to fields, with line numbers and quoting; the CSV dialect is described
 * there), csv-header.ts (the header and its units), field-parse.ts (fields to
 * typed values, censored values included), row-checks.ts (ranges, LLOQ zeros,
 * date order, keys, known patients), load-report.ts (rejects, summary,
 * warnings, conversions) and cohort-table.ts (the loaded table);
 * `parseCohortCsv` below composes them. Missing = empty or one of `naValues`
 * (default `NA`, `N/A`, `NULL`, `null`, `.`). The hot path is three method
 * calls per record (RecordScanner.scan, FieldReader.read, RowChecks.check) on
 * objects of one shape each, with no closure created per row; cold work (bad
 * rows, non-ASCII records, the report) is in separate functions. Measured
 * against the single-function version it replaced, alternating runs on the
 * bench file: no slower (median 0.55 s both; minimum CPU 0.47-0.50 s after,
 * 0.53-0.61 s before), ratio to pandas about 1.2x either way.
 *
 * Limits (all overridable in the options): only regular files are read (a
 * device, FIFO, socket or folder is refused before it is opened), at most
 * `maxFileBytes` (default 2 GiB - 1); lines longer than `maxLineBytes` (1 MiB)
 * are rejected undecoded; the report keeps the first `maxRejectsKept` (1000)
 * rejected rows in full and counts every rejected row by column and reason, so
 * a file of millions of bad rows gives a report of bounded size.
 */
import { isUtf8 } from "node:buffer";
import { InputError } from "../core/errors";
import { checkMaxBytes, MAX_FILE_BYTES, readRegularFile } from "../core/files";
import { type CohortTable, tableFromColumns } from "./cohort-table";
import { readHeader } from "./csv-header";
import { bomLength, estimateRows, RecordScanner } from "./csv-scanner";
import { FieldReader, growColumns, makeColumns, missingValues } from "./field-parse";
import { finishReport, type LoadReport, newReport, RejectLog } from "./load-report";
import { RowChecks, toPatientSet } from "./row-checks";
import { COHORT_SCHEMA, type CohortTableName, type TableSpec } from "./schema";

export type { CohortColumn, CohortTable } from "./cohort-table";
export { daysFromCivil, isoDate } from "./field-parse";
export type { Conversion, LoadReport, Reject, RejectSummary } from "./load-report";

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
 * const patients = readCohortCsv("data/cd/patients.csv", "patients").data;
 * const { data, report } = readCohortCsv("data/cd/drug_levels.csv", "drug_levels", { patients });
 * report.rejected; // []
 * report.rowsAccepted; // 1772
 * data.columns.trough_censored.filter((d) => d === "below").length; // 85 (levels written as <LLOQ)
 * data.columns.trough_ug_ml instanceof Float64Array; // true (ug/mL, NaN where censored or missing)
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

/**
 * Same as {@link readCohortCsv} for CSV content already in memory (a Buffer or a string): the same checks,
 * units, censored values and report; `options.file` names the content in the report (default "(memory)").
 *
 * @example
 * const csv = [
 *   "patient_id,sample_date,crp [mg/dL],albumin_g_l",
 *   "UC001,2024-01-08,1.2,31",
 *   "UC001,2024-03-04,0.8,34",
 *   "UC001,2024-03-04,0.5,35",
 * ].join("\n");
 * const { data, report } = parseCohortCsv(csv, "labs");
 * Array.from(data.columns.crp_mg_l); // [12, 8] (mg/dL converted to mg/L)
 * report.conversions[0]; // { column: "crp_mg_l", from: "mg/dL", to: "mg/L", factor: 10 }
 * report.rejected[0]; // { line: 4, column: "patient_id+sample_date", value: "UC001, 2024-03-04" }
 * // censored levels: "<0.4", or 0 where the row gives the assay's limit
 * const levels = parseCohortCsv(
 *   "patient_id,drug,sample_date,trough_ug_ml,lloq_ug_ml\nCD001,infliximab,2024-01-08,<0.4,\nCD001,infliximab,2024-03-04,0,0.4\nCD001,infliximab,2024-04-29,5.2,",
 *   "drug_levels",
 * ).data.columns;
 * levels.trough_censored; // ["below", "below", null]
 * Array.from(levels.trough_limit_ug_ml.subarray(0, 2)); // [0.4, 0.4]
 * levels.trough_ug_ml[2]; // 5.2
 */
export function parseCohortCsv(
  content: Buffer | string,
  table: CohortTableName,
  options: ReadCohortOptions & { file?: string } = {},
): CohortLoad {
  const spec = tableSpec(table);
  options = checkOptions(options);
  const { buf, file, delimiter, dateFormat } = checkContent(content, options);
  const na = missingValues(options.naValues ?? ["NA", "N/A", "NULL", "null", "."]);
  const known = options.patients === undefined ? undefined : toPatientSet(options.patients);

  const report = newReport(file, table);
  const log = new RejectLog(report, options.strict ?? false, options.maxRejectsKept ?? 1000);
  // Validity of UTF-8 is checked only for records holding bytes >= 0x80 (ASCII is valid UTF-8).
  let warnedUtf8 = false;
  const badUtf8 = (s: number, e: number): boolean => {
    if (isUtf8(buf.subarray(s, e))) return false;
    if (!warnedUtf8) report.warnings.push("the file is not valid UTF-8: rows containing invalid bytes are rejected");
    warnedUtf8 = true;
    return true;
  };
  const bom = bomLength(buf);
  if (bom) report.warnings.push("a UTF-8 byte-order mark at the start was skipped");
  const sc = new RecordScanner(buf, bom, delimiter.charCodeAt(0), options.maxLineBytes ?? 1024 * 1024 - 1);

  // ---- header
  const onBlank = () => {
    report.blankLines++;
  };
  const header = readHeader(sc, spec, table, { units: options.units, file, delimiter }, onBlank, badUtf8);
  const mapped = header.mapped;
  report.header = header.fields.map((h, k) => ({ found: h, canonical: mapped[k].name }));
  for (const m of mapped) {
    if (!m.spec) report.warnings.push(`column "${m.name}" is not in the ${table} schema: kept as text`);
  }

  // ---- rows
  const estRows = estimateRows(buf, sc.pos);
  const cols = makeColumns(mapped, na.digitMax, estRows);
  const fields = new FieldReader(buf, cols, na, dateFormat, header.index.get("patient_id") ?? -1, known, log);
  const checks = new RowChecks(cols, spec, header.index, estRows, log);
  const nCols = cols.length;
  let capacity = estRows;
  let row = 0; // accepted rows written
  const n = buf.length;
  while (sc.pos < n) {
    sc.scan();
    if (sc.isBlank()) {
      report.blankLines++;
      continue;
    }
    report.rowsRead++;
    // (a record with non-ASCII bytes, an error or the wrong number of fields: checked out of the hot path)
    if ((sc.recError || sc.nf !== nCols || sc.highByte) && rejectShape(sc, buf, mapped, log, badUtf8)) continue;
    const ln = sc.recLine;
    if (row >= capacity) {
      capacity = Math.ceil(capacity * 1.5) + 16;
      growColumns(cols, capacity);
    }
    if (fields.read(sc, row, ln) && checks.check(sc, row, ln)) row++;
  }
  // (after the loop: cold code inside it slows the hot path down)
  finishReport(report, log, cols, {
    rowsAccepted: row,
    quoteLine: sc.quoteLine,
    swallowed: sc.swallowed,
    zeroAsBelow: checks.zeroAsBelow,
    dateFormat,
  });
  return { data: tableFromColumns(table, cols, row), report };
}

/**
 * Rejects a record that cannot be read as a row, checked in this order: a scanner error (unclosed quote, line
 * too long), bytes that are not UTF-8 (naming its first such field), the wrong number of fields. False when the
 * record is a readable row.
 */
function rejectShape(
  sc: RecordScanner,
  buf: Buffer,
  mapped: readonly { name: string }[],
  log: RejectLog,
  badUtf8: (s: number, e: number) => boolean,
): boolean {
  const ln = sc.recLine;
  const nf = sc.nf;
  const nCols = mapped.length;
  if (sc.recError) {
    const s = sc.starts[0];
    log.reject(ln, "(row)", buf.toString("utf8", s, Math.min(sc.ends[nf - 1], s + 200)), sc.recError, sc.recKind);
    return true;
  }
  if (sc.highByte && badUtf8(sc.starts[0], sc.ends[nf - 1])) {
    let bad = 0;
    for (let k = 0; k < nf; k++) {
      if (!isUtf8(buf.subarray(sc.starts[k], sc.ends[k]))) {
        bad = k;
        break;
      }
    }
    log.reject(
      ln,
      mapped[bad]?.name ?? "(row)",
      buf.toString("latin1", sc.starts[bad], sc.ends[bad]),
      "bytes that are not valid UTF-8 (save the file as UTF-8)",
    );
    return true;
  }
  if (nf === nCols) return false;
  const text = buf.toString("utf8", sc.starts[0], sc.ends[nf - 1]);
  const why = nf < nCols ? "truncated row or missing delimiter" : "extra delimiter or unquoted comma";
  log.reject(ln, "(row)", text, `expected ${nCols} fields, found ${nf} (${why})`, `wrong number of fields (expected ${nCols})`);
  return true;
}

/** The content as a Buffer, its name in the report, and the checked delimiter and date format. */
function checkContent(
  content: unknown,
  options: ReadCohortOptions & { file?: string },
): { buf: Buffer; file: string; delimiter: string; dateFormat: string } {
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
  const dateFormat = options.dateFormat ?? "YYYY-MM-DD";
  if (!["YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY", "YYYY/MM/DD"].includes(dateFormat)) {
    throw new InputError({
      field: "dateFormat",
      value: dateFormat,
      expected: "YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY or YYYY/MM/DD",
    });
  }
  return { buf, file, delimiter, dateFormat };
}
