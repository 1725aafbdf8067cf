/**
 * Two schema decisions of issue 14 (data dictionary vs loader): an ADA positivity
 * cut-off must be > 0 (a cut-off of 0 is meaningless, so the row is rejected), and
 * the ADA assay is free text (labs name their assays freely; a drug level is not
 * rejected for an unfamiliar assay name).
 */
import { describe, expect, it } from "vitest";
import { COHORT_SCHEMA, parseCohortCsv } from "../../src/cohort/index";

const header = "patient_id,sample_date,drug,trough_ug_ml,ada_assay,ada_u_ml,ada_threshold_u_ml,ada_result";

describe("ada_threshold_u_ml: exclusive minimum 0", () => {
  it("rejects a cut-off of 0, naming the open range", () => {
    const csv = `${header}\nP1,2021-01-04,infliximab,3.2,drug_tolerant_hmsa,0.4,0,negative\n`;
    const { data, report } = parseCohortCsv(csv, "drug_levels");
    expect(report.rowsAccepted).toBe(0);
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]).toMatchObject({ line: 2, column: "ada_threshold_u_ml", value: "0" });
    expect(report.rejected[0].reason).toContain("(0, 1000000]");
    expect(data.nRows).toBe(0);
  });

  it("accepts a positive cut-off, however small, and still accepts an ADA level of 0 (inclusive minimum)", () => {
    const csv = [
      header,
      "P1,2021-01-04,infliximab,3.2,drug_tolerant_hmsa,0.4,3.1,negative",
      "P1,2021-03-01,infliximab,1.1,drug_sensitive_elisa,0,10,negative",
      "P2,2021-01-04,adalimumab,5.0,drug_tolerant_hmsa,0.2,0.001,negative",
      "",
    ].join("\n");
    const { data, report } = parseCohortCsv(csv, "drug_levels");
    expect(report.rejected).toEqual([]);
    expect(report.rowsAccepted).toBe(3);
    expect([...(data.columns.ada_threshold_u_ml as Float64Array)]).toEqual([3.1, 10, 0.001]);
    expect([...(data.columns.ada_u_ml as Float64Array)]).toEqual([0.4, 0, 0.2]);
  });

  it("is declared in the schema", () => {
    const col = COHORT_SCHEMA.drug_levels.columns.find((c) => c.name === "ada_threshold_u_ml");
    expect(col).toMatchObject({ min: 0, minExclusive: true });
  });
});

describe("ada_assay: free text", () => {
  it("accepts an assay name the sample cohorts never write", () => {
    const csv = `${header}\nP1,2021-01-04,infliximab,3.2,Promonitor-IFX anti-drug ELISA,0.4,3.1,negative\n`;
    const { data, report } = parseCohortCsv(csv, "drug_levels");
    expect(report.rejected).toEqual([]);
    expect(data.columns.ada_assay).toEqual(["Promonitor-IFX anti-drug ELISA"]);
  });
});
