/**
 * Fields to typed values (part 2 of the cohort loader, issue #15): numbers and
 * ISO or day-first dates parsed straight from the bytes (no string per field),
 * censored values (`<0.4`, `>45`) on columns with `censoring` in the schema,
 * missing values, categories and ids (a repeated id reuses the previous string:
 * files are sorted by patient), into one column store per column.
 *
 * The per-value checks that decide whether a field is usable (flag 0/1, whole
 * numbers, the column's range, allowed categories, known patients) run here,
 * in field order, because a row is rejected at its first bad field; their
 * wording for out-of-range values is in row-checks.ts.
 */
import type { ColumnState } from "./column-state";
import type { MappedColumn } from "./csv-header";
import type { RecordScanner } from "./csv-scanner";
import type { RejectLog } from "./load-report";
import { outOfRange } from "./ranges";

// ------------------------------------------------------------------ dates

// The one date module is src/core/dates.ts; the loader stores dates as its day numbers.
export { daysFromCivil, isoDate } from "../core/dates";

import { daysFromCivil } from "../core/dates";

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

// ------------------------------------------------------------------ column stores

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

/** A column store for each mapped column, sized for `estRows` rows. */
export function makeColumns(mapped: readonly MappedColumn[], naDigitMax: number, estRows: number): ColumnState[] {
  return mapped.map((m) => {
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
}

/** Grows every numeric store (and censored limits) to hold at least `need` rows. */
export function growColumns(cols: readonly ColumnState[], need: number): void {
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
}

/** Missing-value texts of the options (the empty field is always missing). */
export interface MissingValues {
  texts: Set<string>;
  /** Fields whose first byte is a digit skip the lookup: 57 unless a missing-value text starts with a digit (then 47). */
  digitMax: number;
  /** Bytes of the longest missing-value text as it can appear in the file (a quoted one doubles its quotes). */
  maxLen: number;
}

/** The missing-value texts of `naValues` (empty texts dropped; numbers compared as written). */
export function missingValues(naValues: Iterable<string | number>): MissingValues {
  const texts = new Set<string>();
  for (const t of naValues) if (String(t) !== "") texts.add(String(t));
  // Short fields are looked up in naValues unless they start with a digit; when a missing-value text itself starts
  // with a digit (999, 1900-01-01), those are looked up too (ColumnState.naDigitMax).
  const digitMax = [...texts].some((t) => t.charCodeAt(0) >= 48 && t.charCodeAt(0) <= 57) ? 47 : 57;
  const maxLen = Math.max(0, ...[...texts].map((t) => Buffer.byteLength(t) + (t.match(/"/g)?.length ?? 0)));
  return { texts, digitMax, maxLen };
}

const UNKNOWN_PATIENT = "unknown patient (not in the patients table)";

/**
 * Reads the fields of a record into one row of the column stores, rejecting the row (through the log) at its
 * first bad field. One object shape for every column, so the hot loop's property reads stay monomorphic.
 */
export class FieldReader {
  private readonly nCols: number;
  constructor(
    private readonly buf: Buffer,
    private readonly cols: ColumnState[],
    private readonly na: MissingValues,
    private readonly dateFormat: string,
    /** Column of patient_id (-1 when none), checked against `known` when given. */
    private readonly pidCol: number,
    private readonly known: Set<string> | undefined,
    private readonly log: RejectLog,
  ) {
    this.nCols = cols.length;
  }

  /** Parses the scanner's current record (of line `ln`) into row `row`; false when the row was rejected. */
  read(sc: RecordScanner, row: number, ln: number): boolean {
    const buf = this.buf;
    const cols = this.cols;
    const nCols = this.nCols;
    const naValues = this.na.texts;
    const maxNaLen = this.na.maxLen;
    const starts = sc.starts;
    const ends = sc.ends;
    const quoted = sc.quoted;
    for (let k = 0; k < nCols; k++) {
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
          this.log.reject(ln, c.mapped.name, "", "required value is missing");
          return false;
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
              this.log.reject(ln, c.mapped.name, text, r.reason);
              return false;
            }
            c.num[row] = Number.NaN;
            c.cens.dir[row] = r.dir;
            c.cens.limit[row] = r.limit;
            continue;
          }
          this.log.reject(
            ln,
            c.mapped.name,
            text,
            censored ? "censored value (< or >): this column takes only numbers; give a number, or leave empty" : "not a number",
          );
          return false;
        }
        if (kind === 2 && v !== 0 && v !== 1) {
          this.log.reject(ln, c.mapped.name, sc.fieldText(k), "expected 0 or 1");
          return false;
        }
        if (kind === 1 && !Number.isInteger(v)) {
          this.log.reject(ln, c.mapped.name, sc.fieldText(k), "expected a whole number");
          return false;
        }
        if (c.factor !== 1) {
          v *= c.factor;
          c.converted++;
        }
        if (v < c.min || v > c.max || (v === c.min && c.mapped.spec?.minExclusive === true)) {
          const why = outOfRange(v, c);
          this.log.reject(ln, c.mapped.name, sc.fieldText(k), why.reason, why.kind);
          return false;
        }
        c.num[row] = v;
      } else if (kind === 3) {
        const v = parseDate(buf, s, e, this.dateFormat);
        if (Number.isNaN(v)) {
          const text = sc.fieldText(k);
          const reason = describeBadDate(text, this.dateFormat);
          this.log.reject(ln, c.mapped.name, text, reason, badDateKind(reason));
          return false;
        }
        c.num[row] = v;
      } else {
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
            this.log.reject(
              ln,
              c.mapped.name,
              str,
              "contains a NUL byte (\\0), which no text value may hold (is the file binary or UTF-16?)",
            );
            return false;
          }
          if (c.hasCategories && !c.categories.has(str)) {
            this.log.reject(ln, c.mapped.name, str, `not an allowed value; expected one of ${[...c.categories].join(", ")}`);
            return false;
          }
          if (k === this.pidCol && this.known && !this.known.has(str)) {
            this.log.reject(ln, c.mapped.name, str, UNKNOWN_PATIENT);
            return false;
          }
          c.lastS = s;
          c.lastE = e;
          c.lastStr = str;
        }
        c.str[row] = str;
      }
    }
    return true;
  }
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
