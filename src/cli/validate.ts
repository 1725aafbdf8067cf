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
  const rowsRejected = reports.reduce((s, r) => s + r.rejectedCount, 0);
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

/**
 * Human-readable text of one load report; at most `maxRejects` rejected rows are listed, and when some are
 * not listed, every rejected row is counted by column and reason.
 */
export function formatLoadReport(r: LoadReport, options: { maxRejects?: number } = {}): string {
  const max = options.maxRejects ?? 50;
  const lines: string[] = [];
  lines.push(`${r.table} (${clean(r.file)}): ${r.rowsRead} rows read, ${r.rowsAccepted} accepted, ${r.rejectedCount} rejected`);
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
  const listed = Math.min(max, r.rejected.length);
  if (r.rejectedCount > listed) {
    lines.push(
      r.rejectedCount > r.rejected.length
        ? `  ... ${r.rejectedCount - listed} more rejected rows (--json lists the first ${r.rejected.length}; --max-rejects-kept keeps more). All ${r.rejectedCount} by column and reason:`
        : `  ... ${r.rejectedCount - listed} more rejected rows (use --json for all). All ${r.rejectedCount} by column and reason:`,
    );
    for (const g of r.rejectSummary) lines.push(`    ${clean(g.column)}: ${clean(g.reason)}: ${g.count}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The whole validate output in text form. */
export function formatValidate(v: ValidateJson, options: { maxRejects?: number } = {}): string {
  const parts = v.reports.map((r) => formatLoadReport(r, options));
  for (const n of v.notes) parts.push(`note: ${clean(n)}\n`);
  parts.push(
    v.ok
      ? `OK: ${v.reports.length} file(s), ${v.rowsAccepted} rows accepted, none rejected\n`
      : `REJECTED ROWS: ${v.rowsRejected} of ${v.rowsRead} rows in ${v.reports.filter((r) => r.rejectedCount > 0).length} file(s) were rejected\n`,
  );
  return parts.join("");
}
