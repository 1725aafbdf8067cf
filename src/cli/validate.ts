/** Plain-text and JSON renderings of load reports for `ibd-lab validate` (and the report's load section). */
import type { LoadReport } from "../cohort/read";
import type { LoadedInputs } from "./load";

/** Machine-readable validate result (`--json`). */
export interface ValidateJson {
  ok: boolean;
  exitCode: 0 | 1;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  notes: string[];
  reports: LoadReport[];
}

/** Reports in load order (patients first). */
export function reportsOf(loaded: LoadedInputs): LoadReport[] {
  return loaded.reports;
}

export function validateJson(loaded: LoadedInputs): ValidateJson {
  const reports = reportsOf(loaded);
  const rowsRead = reports.reduce((s, r) => s + r.rowsRead, 0);
  const rowsAccepted = reports.reduce((s, r) => s + r.rowsAccepted, 0);
  const rowsRejected = reports.reduce((s, r) => s + r.rejected.length, 0);
  return {
    ok: rowsRejected === 0,
    exitCode: rowsRejected === 0 ? 0 : 1,
    rowsRead,
    rowsAccepted,
    rowsRejected,
    notes: loaded.notes,
    reports,
  };
}

/** Keeps control characters out of the terminal (a CSV value could hold escape sequences). */
function clean(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Human-readable text of one load report; at most `maxRejects` rejected rows are listed. */
export function formatLoadReport(r: LoadReport, options: { maxRejects?: number } = {}): string {
  const max = options.maxRejects ?? 50;
  const lines: string[] = [];
  lines.push(`${r.table} (${clean(r.file)}): ${r.rowsRead} rows read, ${r.rowsAccepted} accepted, ${r.rejected.length} rejected`);
  for (const c of r.conversions) {
    lines.push(
      `  conversion: ${c.column} from ${clean(c.from)} to ${c.to} (x ${c.factor}, ${c.values} values, declared in ${c.declaredIn})`,
    );
  }
  for (const w of r.warnings) lines.push(`  warning: ${clean(w)}`);
  if (r.blankLines > 0) lines.push(`  ${r.blankLines} blank line(s) skipped`);
  for (const j of r.rejected.slice(0, max)) {
    lines.push(`  rejected: line ${j.line}, column ${clean(j.column)}, value ${JSON.stringify(clean(j.value))}: ${clean(j.reason)}`);
  }
  if (r.rejected.length > max) lines.push(`  ... ${r.rejected.length - max} more rejected rows (use --json for all)`);
  return `${lines.join("\n")}\n`;
}

/** The whole validate output in text form. */
export function formatValidate(v: ValidateJson, options: { maxRejects?: number } = {}): string {
  const parts = v.reports.map((r) => formatLoadReport(r, options));
  for (const n of v.notes) parts.push(`note: ${clean(n)}\n`);
  parts.push(
    v.ok
      ? `OK: ${v.reports.length} file(s), ${v.rowsAccepted} rows accepted, none rejected\n`
      : `REJECTED ROWS: ${v.rowsRejected} of ${v.rowsRead} rows in ${v.reports.filter((r) => r.rejected.length > 0).length} file(s) were rejected\n`,
  );
  return parts.join("");
}
