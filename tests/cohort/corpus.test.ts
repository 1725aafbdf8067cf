/**
 * The bad-input corpus (issue 3, item 4): every tests/fixtures/cohort/<case>.csv is
 * loaded with the options in <case>.expected.json and must give exactly the
 * expected report: the same rows read/accepted, the same rejects (line, column,
 * value, and a reason containing the expected words), the expected conversions
 * and warnings, and the expected accepted values; or the expected error.
 * Expectations were written by hand from the file contents
 * (tests/fixtures/cohort/make.mjs writes both).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CohortTableName, parseCohortCsv, type ReadCohortOptions, readCohortCsv } from "../../src/cohort/index";
import { InputError, UnitError } from "../../src/core/errors";

const dir = join(__dirname, "..", "fixtures", "cohort");

interface Expected {
  file: string;
  table: CohortTableName;
  options?: ReadCohortOptions & { patients?: string[] };
  error?: { type: "InputError" | "UnitError"; message: string[] };
  report?: {
    rowsRead: number;
    rowsAccepted: number;
    blankLines?: number;
    rejected: { line: number; column: string; value: string; reason: string }[];
    conversions?: { column: string; from: string; to: string; factor: number; values: number; declaredIn: string }[];
    warnings?: string[];
  };
  values?: Record<string, (number | string | null)[]>;
}

const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".expected.json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Expected);

describe("bad-input corpus", () => {
  it("has at least 25 malformed files", () => {
    const malformed = cases.filter((c) => c.error || (c.report && (c.report.rejected.length > 0 || (c.report.warnings ?? []).length > 0)));
    expect(malformed.length).toBeGreaterThanOrEqual(25);
  });

  for (const c of cases) {
    it(`${c.file}`, () => {
      const path = join(dir, c.file);
      if (c.error) {
        let caught: unknown;
        try {
          readCohortCsv(path, c.table, c.options);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(c.error.type === "UnitError" ? UnitError : InputError);
        for (const m of c.error.message) expect((caught as Error).message).toContain(m);
        return;
      }
      const { data, report } = readCohortCsv(path, c.table, c.options);
      const want = c.report!;
      expect(report.rowsRead).toBe(want.rowsRead);
      expect(report.rowsAccepted).toBe(want.rowsAccepted);
      expect(report.rowsRead).toBe(report.rowsAccepted + report.rejectedCount);
      // fewer rejects than maxRejectsKept (1000): every one is listed, and counted by column and reason
      expect(report.rejected.length).toBe(report.rejectedCount);
      expect(report.rejectSummary.reduce((k, g) => k + g.count, 0)).toBe(report.rejectedCount);
      expect(data.nRows).toBe(report.rowsAccepted);
      if (want.blankLines !== undefined) expect(report.blankLines).toBe(want.blankLines);
      expect(report.rejected.map((r) => [r.line, r.column, r.value])).toEqual(want.rejected.map((r) => [r.line, r.column, r.value]));
      report.rejected.forEach((r, i) => {
        expect(r.reason).toContain(want.rejected[i].reason);
      });
      if (want.conversions) {
        expect(report.conversions.length).toBe(want.conversions.length);
        want.conversions.forEach((w, i) => {
          const got = report.conversions[i];
          expect({ ...got, factor: 0 }).toEqual({ ...w, factor: 0 });
          expect(got.factor).toBeCloseTo(w.factor, 12);
        });
      }
      for (const w of want.warnings ?? []) expect(report.warnings.some((x) => x.includes(w))).toBe(true);
      for (const [col, values] of Object.entries(c.values ?? {})) {
        const got = data.columns[col];
        expect(got.length).toBe(values.length);
        values.forEach((v, i) => {
          const g = got[i];
          if (v === null) expect(g === null || (typeof g === "number" && Number.isNaN(g))).toBe(true);
          else if (typeof v === "number") expect(g as number).toBeCloseTo(v, 6);
          else expect(g).toBe(v);
        });
      }
    });
  }
});

describe("very long line", () => {
  it("rejects a 1 MB line with its line number and keeps reading", () => {
    const big = "x".repeat(1024 * 1024);
    const text = `patient_id,drug,start_date,schedule\nP001,infliximab,2023-01-01,${big}\nP002,prednisone,2023-01-01,daily\n`;
    const { data, report } = parseCohortCsv(text, "treatments");
    expect(report.rowsRead).toBe(2);
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0].line).toBe(2);
    expect(report.rejected[0].reason).toContain("line longer than");
    expect(report.rejected[0].value.length).toBeLessThanOrEqual(200);
    expect(data.columns.patient_id).toEqual(["P002"]);
  });
});
