/**
 * The load report of a cohort CSV (part 4 of the loader, issue #15): its shape
 * (`LoadReport`, `Reject`, `RejectSummary`, `Conversion`), the reject log that
 * counts every rejected row by column and reason and keeps the first
 * `maxRejectsKept` in full, and the summary written once the rows are read
 * (conversions, column warnings, the rejected-rows warning).
 */
import { InputError } from "../core/errors";
import type { ColumnState } from "./column-state";
import type { CohortTableName } from "./schema";

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

/** An empty report for `file`. */
export function newReport(file: string, table: CohortTableName): LoadReport {
  return {
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
}

function clipValue(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/**
 * Every reject is counted by column and `kind` (the reason without the row's own value); the first
 * maxRejectsKept are kept in full. Memory stays bounded however many rows are bad. In strict mode the
 * first reject throws.
 */
export class RejectLog {
  private readonly summary = new Map<string, Map<string, RejectSummary>>(); // column -> kind -> count
  private readonly order: RejectSummary[] = [];
  constructor(
    private readonly report: LoadReport,
    private readonly strict: boolean,
    private readonly maxRejectsKept: number,
  ) {}

  /** Rejects the row starting on `line`: `reason` in full, counted under `kind` (default: the reason). */
  reject(line: number, column: string, value: string, reason: string, kind: string = reason): void {
    const report = this.report;
    if (this.strict) {
      throw new InputError({ field: column, row: line, value: clipValue(value) }, `${report.table}: ${reason}`);
    }
    report.rejectedCount++;
    if (report.rejected.length < this.maxRejectsKept) report.rejected.push({ line, column, value: clipValue(value), reason });
    let byKind = this.summary.get(column);
    if (!byKind) {
      byKind = new Map();
      this.summary.set(column, byKind);
    }
    const sm = byKind.get(kind);
    if (sm) sm.count++;
    else {
      const fresh = { column, reason: kind, count: 1 };
      byKind.set(kind, fresh);
      this.order.push(fresh);
    }
  }

  /** The counts by column and reason, most frequent first (ties in order of first appearance). */
  sorted(): RejectSummary[] {
    return this.order.sort((a, b) => b.count - a.count);
  }
}

/** What the row loop found that the report states once the rows are read. */
export interface RowsOutcome {
  rowsAccepted: number;
  /** Line of a quote never closed and the lines it swallowed (0 when none). */
  quoteLine: number;
  swallowed: number;
  /** Levels written as 0 read as below the LLOQ given in lloq_ug_ml. */
  zeroAsBelow: number;
  dateFormat: string;
}

/** Fills in the report once every row is read: accepted rows, warnings, conversions, the reject summary. */
export function finishReport(report: LoadReport, log: RejectLog, cols: readonly ColumnState[], out: RowsOutcome): void {
  report.rowsAccepted = out.rowsAccepted;
  if (out.swallowed > 0) {
    report.linesSwallowed = out.swallowed;
    const last = out.quoteLine + out.swallowed - 1;
    report.warnings.push(
      `an unclosed quote opened on line ${out.quoteLine} swallows ${out.swallowed} line(s) to the end of the file (${out.swallowed === 1 ? `line ${out.quoteLine}` : `lines ${out.quoteLine}-${last}`}), rejected as one row: close the quote`,
    );
  }
  if (report.rowsRead === 0) report.warnings.push("the file has a header but no data rows");
  if (out.zeroAsBelow > 0)
    report.warnings.push(
      `${out.zeroAsBelow} level(s) written as 0 read as below the limit of quantification given in lloq_ug_ml (censored, not a measured zero)`,
    );

  // conversions and column-level warnings
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
  if (out.dateFormat !== "YYYY-MM-DD" && cols.some((c) => c.type === "date")) {
    report.warnings.push(`dates read as ${out.dateFormat} and stored as days since 1970-01-01 (ISO in the DataFrame)`);
  }
  if (report.rejectedCount > 0) {
    report.warnings.push(
      report.rejectedCount > report.rejected.length
        ? `${report.rejectedCount} of ${report.rowsRead} rows rejected; the first ${report.rejected.length} are listed in report.rejected, all are counted by column and reason in report.rejectSummary`
        : `${report.rejectedCount} of ${report.rowsRead} rows rejected; see report.rejected`,
    );
  }
  report.rejectSummary = log.sorted();
}
