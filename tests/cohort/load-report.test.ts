/**
 * load-report.ts (issue #15 item 3): the reject log counts every rejected row by column and reason, keeps
 * the first maxRejectsKept in full, sorts the summary by count (ties in order of first appearance) and
 * throws at the first reject in strict mode; finishReport writes the warnings and conversions.
 */
import { describe, expect, it } from "vitest";
import { mapHeader } from "../../src/cohort/csv-header";
import { makeColumns } from "../../src/cohort/field-parse";
import { finishReport, newReport, RejectLog } from "../../src/cohort/load-report";
import { COHORT_SCHEMA } from "../../src/cohort/schema";
import { InputError } from "../../src/core/errors";

describe("RejectLog", () => {
  it("keeps the first maxRejectsKept rejects, counts all of them, most frequent reason first", () => {
    const report = newReport("f.csv", "labs");
    const log = new RejectLog(report, false, 2);
    log.reject(2, "crp_mg_l", "x", "not a number");
    log.reject(3, "(row)", "a,b", "expected 4 fields, found 2 (truncated row or missing delimiter)", "wrong number of fields");
    log.reject(4, "(row)", "a", "expected 4 fields, found 1 (truncated row or missing delimiter)", "wrong number of fields");
    log.reject(5, "albumin_g_dl", "y", "not a number");
    expect(report.rejectedCount).toBe(4);
    expect(report.rejected).toEqual([
      { line: 2, column: "crp_mg_l", value: "x", reason: "not a number" },
      { line: 3, column: "(row)", value: "a,b", reason: "expected 4 fields, found 2 (truncated row or missing delimiter)" },
    ]);
    expect(log.sorted()).toEqual([
      { column: "(row)", reason: "wrong number of fields", count: 2 },
      { column: "crp_mg_l", reason: "not a number", count: 1 },
      { column: "albumin_g_dl", reason: "not a number", count: 1 },
    ]);
  });

  it("clips a long value to 200 characters", () => {
    const report = newReport("f.csv", "labs");
    new RejectLog(report, false, 10).reject(2, "note", "z".repeat(300), "too long");
    expect(report.rejected[0].value).toBe(`${"z".repeat(197)}...`);
  });

  it("throws an InputError naming the table, row and column in strict mode", () => {
    const log = new RejectLog(newReport("f.csv", "labs"), true, 10);
    expect(() => log.reject(7, "crp_mg_l", "x", "not a number")).toThrow(InputError);
    expect(() => log.reject(7, "crp_mg_l", "x", "not a number")).toThrow(/labs: not a number/);
  });
});

describe("finishReport", () => {
  it("lists conversions with the values read, and warns of swallowed lines, LLOQ zeros and rejects", () => {
    const spec = COHORT_SCHEMA.labs;
    const cols = makeColumns(
      ["patient_id", "sample_date", "crp [mg/dL]"].map((h) => mapHeader(h, spec, {})),
      57,
      4,
    );
    cols[2].nonMissing = 3;
    const report = newReport("f.csv", "labs");
    report.rowsRead = 5;
    const log = new RejectLog(report, false, 10);
    log.reject(6, "(row)", '"x', "unterminated quoted field", "unterminated quoted field");
    finishReport(report, log, cols, { rowsAccepted: 4, quoteLine: 6, swallowed: 2, zeroAsBelow: 1, dateFormat: "DD/MM/YYYY" });
    expect(report.rowsAccepted).toBe(4);
    expect(report.linesSwallowed).toBe(2);
    expect(report.conversions).toEqual([{ column: "crp_mg_l", from: "mg/dL", to: "mg/L", factor: 10, values: 3, declaredIn: "header" }]);
    expect(report.warnings).toEqual([
      "an unclosed quote opened on line 6 swallows 2 line(s) to the end of the file (lines 6-7), rejected as one row: close the quote",
      "1 level(s) written as 0 read as below the limit of quantification given in lloq_ug_ml (censored, not a measured zero)",
      "dates read as DD/MM/YYYY and stored as days since 1970-01-01 (ISO in the DataFrame)",
      "1 of 5 rows rejected; see report.rejected",
    ]);
    expect(report.rejectSummary).toEqual([{ column: "(row)", reason: "unterminated quoted field", count: 1 }]);
  });
});
