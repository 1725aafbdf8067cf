/**
 * readCohortCsv / parseCohortCsv beyond the corpus: a property test that any
 * table written with random quoting, line ends and blank lines reads back to
 * the same values with the right line numbers, plus loadCohort and the
 * DataFrame view.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysFromCivil, isoDate, loadCohort, parseCohortCsv } from "../../src/cohort/index";
import { InputError } from "../../src/core/errors";

describe("parseCohortCsv round trip (property)", () => {
  it("reads back every value, with rowsRead = accepted + rejected and the physical line of each reject", () => {
    const rowArb = fc.record({
      crp: fc.option(
        fc.integer({ min: 0, max: 50000 }).map((x) => x / 100),
        { nil: null },
      ),
      fcp: fc.integer({ min: -50, max: 9000 }),
      quote: fc.boolean(),
      blankAfter: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 40 }), fc.constantFrom("\n", "\r\n"), (rs, eol) => {
        const lines = ["patient_id,sample_date,crp_mg_l,calprotectin_ug_g"];
        const expectLines: number[] = [];
        const accepted: { crp: number | null; fcp: number }[] = [];
        rs.forEach((r, i) => {
          const id = `P${i}`;
          const date = isoDate(daysFromCivil(2020, 1, 1) + i);
          const crp = r.crp === null ? "" : String(r.crp);
          lines.push(r.quote ? `"${id}","${date}","${crp}",${r.fcp}` : `${id},${date},${crp},${r.fcp}`);
          if (r.fcp < 0) expectLines.push(lines.length);
          else accepted.push({ crp: r.crp, fcp: r.fcp });
          if (r.blankAfter) lines.push("");
        });
        const { data, report } = parseCohortCsv(lines.join(eol) + eol, "labs");
        expect(report.rowsRead).toBe(rs.length);
        expect(report.rowsRead).toBe(report.rowsAccepted + report.rejected.length);
        expect(report.rejectedCount).toBe(report.rejected.length);
        expect(report.rejected.map((r) => r.line)).toEqual(expectLines);
        const crp = data.columns.crp_mg_l as Float64Array;
        const fcp = data.columns.calprotectin_ug_g as Float64Array;
        accepted.forEach((a, i) => {
          if (a.crp === null) expect(Number.isNaN(crp[i])).toBe(true);
          else expect(crp[i]).toBe(a.crp);
          expect(fcp[i]).toBe(a.fcp);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe("dates", () => {
  it("daysFromCivil agrees with Date.UTC and rejects dates that do not exist", () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [2000, 2, 29],
      [2024, 12, 31],
      [1900, 3, 1],
    ]) {
      expect(daysFromCivil(y, m, d)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
    }
    expect(daysFromCivil(1900, 2, 29)).toBeNaN();
    expect(daysFromCivil(2023, 4, 31)).toBeNaN();
    expect(isoDate(daysFromCivil(2024, 2, 29))).toBe("2024-02-29");
  });
});

describe("loadCohort", () => {
  it("checks other tables against patients.csv and reports tables that are absent", { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "ibd-cohort-"));
    writeFileSync(join(dir, "patients.csv"), "patient_id,disease\nA1,UC\nA2,CD\n");
    writeFileSync(join(dir, "labs.csv"), "patient_id,sample_date,albumin [g/L]\nA1,2023-01-01,40\nZZ,2023-01-01,41\n");
    const c = loadCohort(dir);
    expect(c.missing).toContain("visits");
    expect(c.report.labs!.rejected).toEqual([
      { line: 3, column: "patient_id", value: "ZZ", reason: "unknown patient (not in the patients table)" },
    ]);
    expect((c.data.labs!.columns.albumin_g_dl as Float64Array)[0]).toBeCloseTo(4, 12);
    expect(c.report.labs!.conversions[0]).toMatchObject({ column: "albumin_g_dl", from: "g/L", to: "g/dL" });
    const frame = c.data.labs!.frame;
    expect(frame.shape).toEqual([1, 3]);
    expect(frame.column("sample_date").values).toEqual(["2023-01-01"]);
  });

  it("needs patients.csv unless told not to check", () => {
    const dir = mkdtempSync(join(tmpdir(), "ibd-cohort-"));
    writeFileSync(join(dir, "labs.csv"), "patient_id,sample_date\nA1,2023-01-01\n");
    expect(() => loadCohort(dir)).toThrow(InputError);
    expect(loadCohort(dir, { checkPatients: false }).data.labs!.nRows).toBe(1);
  });

  it("rejects an unknown table name", () => {
    expect(() => parseCohortCsv("a\n1\n", "nope" as never)).toThrow(/table/);
  });
});
