/**
 * Censored drug levels as labs write them (issue 13): `<0.4` below the lower limit of
 * quantification, `>45` above the upper one. A censored level is never stored as a number it
 * is not: the value column is NaN and two derived columns say which side and which limit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCohortCsv } from "../../src/cohort/index";

const HEAD = "patient_id,sample_date,week,drug,trough,lloq_ug_ml";
const read = (rows: string[], units = "ug/mL") =>
  parseCohortCsv(`${[HEAD, ...rows].join("\n")}\n`, "drug_levels", { units: { trough: units } });

describe("censored troughs", () => {
  it("reads <L and >U as censored with their limits, and measured levels as numbers", () => {
    const { data, report } = read([
      "P1,2024-01-01,0,infliximab,<0.4,0.4",
      "P1,2024-02-01,4,infliximab,>45,0.4",
      "P1,2024-03-01,8,infliximab,3.2,0.4",
      "P1,2024-04-01,12,infliximab,<= 0.5,",
    ]);
    expect(report.rowsAccepted).toBe(4);
    expect(Array.from(data.columns.trough_ug_ml as Float64Array)).toEqual([Number.NaN, Number.NaN, 3.2, Number.NaN]);
    expect(data.columns.trough_censored).toEqual(["below", "above", null, "below"]);
    expect(Array.from(data.columns.trough_limit_ug_ml as Float64Array)).toEqual([0.4, 45, Number.NaN, 0.5]);
    expect(data.types.trough_censored).toBe("category");
  });

  it("converts the limit with the column's declared unit", () => {
    const { data } = read(["P1,2024-01-01,0,infliximab,<400,", "P1,2024-02-01,4,infliximab,5000,"], "ng/mL");
    expect(Array.from(data.columns.trough_limit_ug_ml as Float64Array)).toEqual([0.4, Number.NaN]);
    expect(Array.from(data.columns.trough_ug_ml as Float64Array)).toEqual([Number.NaN, 5]);
  });

  it("never stores 0 as a level: below the given LLOQ, else rejected with the reason", () => {
    const { data, report } = read(["P1,2024-01-01,0,infliximab,0,0.4", "P2,2024-01-01,0,infliximab,0,"]);
    expect(report.rowsRead).toBe(2);
    expect(report.rowsAccepted).toBe(1);
    expect(report.rejected[0]).toMatchObject({ line: 3, column: "trough_ug_ml", value: "0" });
    expect(report.rejected[0].reason).toMatch(/<LLOQ/);
    expect(data.columns.trough_censored).toEqual(["below"]);
    expect(Array.from(data.columns.trough_limit_ug_ml as Float64Array)).toEqual([0.4]);
    expect(report.warnings.join(" ")).toMatch(/1 level\(s\) written as 0/);
  });

  it("rejects malformed or out-of-range limits, naming row, column and value", () => {
    const { report } = read(["P1,2024-01-01,0,infliximab,<0,", "P1,2024-02-01,4,infliximab,>900,", "P1,2024-03-01,8,infliximab,<0.4x,"]);
    expect(report.rowsAccepted).toBe(0);
    expect(report.rejected.map((r) => [r.line, r.value])).toEqual([
      [2, "<0"],
      [3, ">900"],
      [4, "<0.4x"],
    ]);
    expect(report.rejected[0].reason).toMatch(/limit must be a number > 0/);
  });

  it("keeps censoring in its row when rejected rows come between (property)", () => {
    // A rejected row's censoring must not leak into the next accepted row, which reuses its slot.
    const arb = fc.array(fc.constantFrom("<0.4", ">45", "2.5", "bad", "0"), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(arb, (vals) => {
        const rows = vals.map((v, i) => `P${i},2024-01-01,0,infliximab,${v},`);
        const { data, report } = read(rows);
        const kept = vals.filter((v) => v !== "bad" && v !== "0");
        expect(report.rowsAccepted + report.rejectedCount).toBe(vals.length);
        expect(data.columns.trough_censored).toEqual(kept.map((v) => (v === "<0.4" ? "below" : v === ">45" ? "above" : null)));
        expect(Array.from(data.columns.trough_ug_ml as Float64Array)).toEqual(kept.map((v) => (v === "2.5" ? 2.5 : Number.NaN)));
      }),
    );
  });

  it("refuses < and > in columns that are not censorable", () => {
    const { report } = parseCohortCsv("patient_id,sample_date,crp_mg_l\nP1,2024-01-01,<5\n", "labs");
    expect(report.rejected[0].reason).toMatch(/takes only numbers/);
  });
});
