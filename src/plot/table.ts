/**
 * Small HTML tables for notebooks and reports. Every cell is escaped, so a CSV
 * value such as `<script>` shows as text.
 */

/** Escapes the five HTML special characters. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Options for {@link tableHtml}. */
export interface TableOptions {
  /** Column order and headers. Default: keys of the first row. */
  columns?: string[];
  /** Caption above the table. Default: none. */
  caption?: string;
  /** Significant digits for numbers. Default: 4. */
  digits?: number;
  /** Maximum rows shown (a note says how many were left out). Default: 50. */
  maxRows?: number;
}

function formatCell(v: unknown, digits: number): string {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "";
    if (Number.isInteger(v)) return String(v);
    return Number(v.toPrecision(digits)).toString();
  }
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return v.map((x) => formatCell(x, digits)).join("; ");
  return v === null || v === undefined ? "" : String(v);
}

/**
 * Renders an array of records as an HTML table.
 * @example tableHtml([{ drug: "infliximab", troughUgMl: 3.2 }])
 */
export function tableHtml(rows: ReadonlyArray<Record<string, unknown>>, options: TableOptions = {}): string {
  const columns = options.columns ?? (rows.length ? Object.keys(rows[0]) : []);
  const digits = options.digits ?? 4;
  const maxRows = options.maxRows ?? 50;
  const shown = rows.slice(0, maxRows);
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = shown.map((r) => `<tr>${columns.map((c) => `<td>${escapeHtml(formatCell(r[c], digits))}</td>`).join("")}</tr>`).join("");
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : "";
  const more = rows.length > shown.length ? `<p><em>${rows.length - shown.length} more rows not shown.</em></p>` : "";
  return `<table class="ibd-table">${caption}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}
