/**
 * Small HTML tables for notebooks and reports. Every cell is escaped, so a CSV
 * value such as `<script>` shows as text.
 */
import { InputError } from "../core/errors";
import { assertArray, assertInteger, assertObject, optionalString, optionsObject } from "../core/validate";

/** Most rows {@link tableHtml} renders, whatever `maxRows` asks (a larger table belongs in a file, not a notebook cell). */
export const MAX_TABLE_ROWS = 10_000;
/** Most columns {@link tableHtml} renders. */
export const MAX_TABLE_COLUMNS = 1_000;

/**
 * Escapes the five HTML special characters of a text value. Strings are escaped as they are;
 * numbers, booleans and bigints are written with `String`; null and undefined give "". Any other
 * value (an object, an array, a function) is refused, since its text form would be "[object Object]".
 * @throws InputError for a value that is not a string, number, boolean, bigint, null or undefined.
 * @example escapeHtml("<b>") // "&lt;b&gt;"
 */
export function escapeHtml(value: unknown): string {
  if (value !== null && value !== undefined && typeof value === "object") {
    throw new InputError({ field: "value", value, expected: "text (a string, number or boolean) to escape" });
  }
  if (typeof value === "function" || typeof value === "symbol") {
    throw new InputError({ field: "value", value: typeof value, expected: "text (a string, number or boolean) to escape" });
  }
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Options for {@link tableHtml}. */
export interface TableOptions {
  /** Column order and headers. Default: keys of the first row. At most {@link MAX_TABLE_COLUMNS}. */
  columns?: string[];
  /** Caption above the table. Default: none. */
  caption?: string;
  /** Significant digits for numbers, 1 to 21. Default: 4. */
  digits?: number;
  /** Maximum rows shown (a note says how many were left out). Default: 50; at most {@link MAX_TABLE_ROWS}. */
  maxRows?: number;
}

function formatCell(v: unknown, digits: number): string {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "";
    if (Number.isInteger(v)) return String(v);
    return Number(v.toPrecision(digits)).toString();
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return v.map((x) => formatCell(x, digits)).join("; ");
  if (v === null || v === undefined) return "";
  if (typeof v === "object") {
    try {
      return JSON.stringify(v) ?? "";
    } catch {
      return Object.prototype.toString.call(v);
    }
  }
  return String(v);
}

/**
 * Renders an array of records as an HTML table. A cell shows a record's own field only (a column
 * named "constructor" never reads a prototype method); non-finite numbers show as blank cells.
 * @throws InputError when `rows` is not an array of records, or an option is malformed
 * (`columns` not an array of strings, `digits` outside 1-21, `maxRows` not an integer in 0-{@link MAX_TABLE_ROWS}).
 * @example
 * tableHtml([{ drug: "infliximab", troughUgMl: 3.2 }]) // "<table class=\"ibd-table\"><thead><tr><th>drug</th><th>troughUgMl</th></tr></thead><tbody><tr><td>infliximab</td><td>3.2</td></tr></tbody></table>"
 */
export function tableHtml(rows: ReadonlyArray<Record<string, unknown>>, options?: TableOptions): string {
  const list = assertArray<unknown>(rows, "rows");
  if (!Array.isArray(list)) throw new InputError({ field: "rows", value: rows, expected: "an array of records" });
  const o = optionsObject(options);
  const maxRows = assertInteger(o.maxRows ?? 50, "maxRows", 0);
  if (maxRows > MAX_TABLE_ROWS) {
    throw new InputError({ field: "maxRows", value: maxRows, expected: `at most ${MAX_TABLE_ROWS} rows (write larger tables to a file)` });
  }
  const digits = assertInteger(o.digits ?? 4, "digits", 1);
  if (digits > 21) throw new InputError({ field: "digits", value: digits, expected: "an integer from 1 to 21" });
  const caption = optionalString(o.caption === "" ? undefined : o.caption, "caption");
  const shown = (list as unknown[]).slice(0, maxRows).map((r, i) => assertObject(r, `rows[${i}]`));
  let columns: string[];
  if (o.columns !== undefined) {
    const cols = assertArray<unknown>(o.columns, "columns");
    columns = Array.from(cols, (c, i) => {
      if (typeof c !== "string") throw new InputError({ field: `columns[${i}]`, value: c, expected: "a column name (string)" });
      return c;
    });
  } else columns = shown.length ? Object.keys(shown[0]) : [];
  if (columns.length > MAX_TABLE_COLUMNS) {
    throw new InputError({ field: "columns", value: columns.length, expected: `at most ${MAX_TABLE_COLUMNS} columns` });
  }
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const cellOf = (r: Record<string, unknown>, c: string) => (Object.hasOwn(r, c) ? r[c] : undefined);
  const body = shown
    .map((r) => `<tr>${columns.map((c) => `<td>${escapeHtml(formatCell(cellOf(r, c), digits))}</td>`).join("")}</tr>`)
    .join("");
  const captionHtml = caption ? `<caption>${escapeHtml(caption)}</caption>` : "";
  const rowsCount = list.length;
  const more = rowsCount > shown.length ? `<p><em>${rowsCount - shown.length} more rows not shown.</em></p>` : "";
  return `<table class="ibd-table">${captionHtml}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}
