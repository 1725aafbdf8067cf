/**
 * field-parse.ts and row-checks.ts (issue #15 item 3), each part on its own: fields of scanned records to
 * typed values (numbers, dates, censored values, missing values, repeated ids) and the row checks (LLOQ
 * zeros, date order, duplicate keys, whether the file is sorted by patient or not). Expected values are
 * written from the records built in each test.
 */
import { describe, expect, it } from "vitest";
import type { ColumnState } from "../../src/cohort/column-state";
import { mapHeader } from "../../src/cohort/csv-header";
import { RecordScanner } from "../../src/cohort/csv-scanner";
import { daysFromCivil, FieldReader, makeColumns, missingValues } from "../../src/cohort/field-parse";
import { newReport, RejectLog } from "../../src/cohort/load-report";
import { RowChecks } from "../../src/cohort/row-checks";
import { COHORT_SCHEMA, type CohortTableName } from "../../src/cohort/schema";

/** Reads `csv` (header first) through the parts: rows accepted, the column stores and the report. */
function read(csv: string, table: CohortTableName, opts: { na?: string[]; dateFormat?: string; known?: string[] } = {}) {
  const buf = Buffer.from(csv, "utf8");
  const spec = COHORT_SCHEMA[table];
  const sc = new RecordScanner(buf, 0, 44, 10_000);
  sc.scan();
  const header = Array.from({ length: sc.nf }, (_, k) => sc.fieldText(k));
  const mapped = header.map((h) => mapHeader(h, spec, {}));
  const index = new Map(mapped.map((m, k) => [m.name, k]));
  const na = missingValues(opts.na ?? ["NA"]);
  const cols = makeColumns(mapped, na.digitMax, 16);
  const report = newReport("(test)", table);
  const log = new RejectLog(report, false, 100);
  const known = opts.known && new Set(opts.known);
  const fields = new FieldReader(buf, cols, na, opts.dateFormat ?? "YYYY-MM-DD", index.get("patient_id") ?? -1, known, log);
  const checks = new RowChecks(cols, spec, index, 16, log);
  let row = 0;
  while (sc.pos < buf.length) {
    sc.scan();
    if (fields.read(sc, row, sc.recLine) && checks.check(sc, row, sc.recLine)) row++;
  }
  const col = (name: string): ColumnState => cols[index.get(name)!];
  return { row, col, report, checks };
}

describe("missingValues", () => {
  it("looks up fields starting with a digit only when a missing-value text starts with one", () => {
    expect(missingValues(["NA", "."]).digitMax).toBe(57);
    expect(missingValues(["NA", 999]).digitMax).toBe(47);
    expect(missingValues(['a"b', ""]).maxLen).toBe(4);
    expect([...missingValues(["NA", "", 999]).texts]).toEqual(["NA", "999"]);
  });
});

describe("FieldReader", () => {
  it("parses numbers, dates and ids from bytes, converting declared units and reusing a repeated id", () => {
    const r = read("patient_id,sample_date,crp [mg/dL],week\nUC001,2024-01-08,1.25,0\nUC001,2024-02-05,NA,4\n", "labs");
    expect(r.row).toBe(2);
    expect(Array.from(r.col("crp_mg_l").num.subarray(0, 2))).toEqual([12.5, Number.NaN]);
    expect(Array.from(r.col("sample_date").num.subarray(0, 2))).toEqual([daysFromCivil(2024, 1, 8), daysFromCivil(2024, 2, 5)]);
    expect(r.col("patient_id").str.slice(0, 2)).toEqual(["UC001", "UC001"]);
    expect(r.col("crp_mg_l").converted).toBe(1);
  });

  it("rejects a row at its first bad field, naming the line, column and reason", () => {
    const r = read("patient_id,sample_date,crp_mg_l,week\nUC001,2024-02-30,x,0\nUC001,2024-01-01,x,1.5\nUC001,2024-01-02,1,1.5\n", "labs");
    expect(r.row).toBe(0);
    expect(r.report.rejected.map((x) => [x.line, x.column, x.reason])).toEqual([
      [2, "sample_date", "impossible date (2024-02-30 does not exist)"],
      [3, "crp_mg_l", "not a number"],
      [4, "week", "expected a whole number"],
    ]);
  });

  it("reads <limit and >limit as censored on a censoring column, and checks known patients", () => {
    const r = read(
      "patient_id,drug,sample_date,trough_ug_ml\nCD001,infliximab,2024-01-08,<0.4\nCD001,infliximab,2024-02-08,> 45\nCD009,infliximab,2024-01-08,3\n",
      "drug_levels",
      { known: ["CD001"] },
    );
    expect(r.row).toBe(2);
    const c = r.col("trough_ug_ml");
    expect(c.cens?.dir.slice(0, 2)).toEqual(["below", "above"]);
    expect(Array.from(c.cens?.limit.subarray(0, 2) ?? [])).toEqual([0.4, 45]);
    expect(r.report.rejected[0]).toMatchObject({ line: 4, column: "patient_id", reason: "unknown patient (not in the patients table)" });
  });
});

describe("RowChecks", () => {
  it("reads a 0 level as below the row's LLOQ, and rejects it where the row gives none", () => {
    const r = read(
      "patient_id,drug,sample_date,trough_ug_ml,lloq_ug_ml\nCD001,infliximab,2024-01-08,0,0.3\nCD001,infliximab,2024-02-08,0,\n",
      "drug_levels",
    );
    expect([r.row, r.checks.zeroAsBelow]).toEqual([1, 1]);
    expect(r.col("trough_ug_ml").cens?.dir[0]).toBe("below");
    expect(r.report.rejected[0]).toMatchObject({ line: 3, column: "trough_ug_ml", value: "0" });
  });

  it("finds duplicate (patient, date) keys whether the file is sorted by patient or a patient comes back", () => {
    const sorted = read("patient_id,sample_date\nA,2024-01-01\nA,2024-01-02\nA,2024-01-01\nB,2024-01-01\n", "labs");
    expect(sorted.report.rejected.map((x) => [x.line, x.value])).toEqual([[4, "A, 2024-01-01"]]);
    const unsorted = read("patient_id,sample_date\nA,2024-01-01\nB,2024-01-01\nA,2024-01-02\nA,2024-01-01\nB,2024-01-01\n", "labs");
    expect(unsorted.report.rejected.map((x) => [x.line, x.value])).toEqual([
      [5, "A, 2024-01-01"],
      [6, "B, 2024-01-01"],
    ]);
    expect(unsorted.row).toBe(3);
  });
});
