/**
 * readCohortCsv / parseCohortCsv, adversarial review (issue 14): what the loader reads (regular files
 * only, at most maxFileBytes), a canonical header contradicted by a unit option, a report of bounded
 * size for millions of bad rows (maxRejectsKept, rejectedCount, rejectSummary), and the smaller items:
 * numeric naValues, a string for options.patients, a NUL in an id, an unclosed quote, bad maxLineBytes.
 * Expected values are written from the file contents built in each test.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCohort, parseCohortCsv, readCohortCsv } from "../../src/cohort/index";
import { InputError, UnitError } from "../../src/core/errors";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ibd-read-limits-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LABS = "patient_id,sample_date,crp_mg_l,albumin_g_dl\nP1,2023-01-01,4.5,3.8\nP2,2023-01-02,12,4.1\n";

describe("only regular files, at most maxFileBytes (item 2)", () => {
  /** readCohortCsv in a child process killed after 15 s: the old reader grows without bound on /dev/zero and blocks on a FIFO. */
  function loadInChild(path: string): { signal: NodeJS.Signals | null; out: string } {
    const script = `
      const { readCohortCsv } = require(${JSON.stringify(join(__dirname, "..", "..", "src", "cohort", "read.ts"))});
      try { readCohortCsv(${JSON.stringify(path)}, "labs"); console.log("LOADED"); }
      catch (e) { console.log(e.constructor.name + ": " + e.message); }`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8", timeout: 15_000 });
    return { signal: r.signal, out: r.stdout.trim() };
  }

  it.runIf(process.platform !== "win32")("refuses a device, a symlink to one and a FIFO with no writer, without opening them", () => {
    const link = join(dir, "labs.csv");
    symlinkSync("/dev/zero", link);
    const fifo = join(dir, "fifo.csv");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    // the FIFO first: before this fix it blocks (no memory), /dev/zero grows by gigabytes until killed
    for (const [path, kind] of [
      [fifo, "a FIFO (named pipe)"],
      ["/dev/zero", "a character device"],
      [link, "a character device (through a symlink)"],
    ]) {
      const r = loadInChild(path);
      expect(r.signal, `${path}: killed after 15 s (hung, or read without end)`).toBeNull();
      expect(r.out).toBe(
        `InputError: path: ${kind}, got ${JSON.stringify(path)}, expected a regular file (not a folder, device, FIFO or socket)`,
      );
    }
  });

  it("maxFileBytes refuses a larger file (and Buffer) before parsing; the default reads it", () => {
    const f = join(dir, "small.csv");
    writeFileSync(f, LABS);
    const size = Buffer.byteLength(LABS);
    expect(readCohortCsv(f, "labs").report.rowsRead).toBe(2);
    expect(readCohortCsv(f, "labs", { maxFileBytes: size }).report.rowsRead).toBe(2);
    expect(() => readCohortCsv(f, "labs", { maxFileBytes: size - 1 })).toThrow(InputError);
    expect(() => readCohortCsv(f, "labs", { maxFileBytes: size - 1 })).toThrow(
      new RegExp(`${size} bytes, more than the limit.*at most ${size - 1} bytes \\(raise options\\.maxFileBytes`),
    );
    expect(() => parseCohortCsv(LABS, "labs", { maxFileBytes: 10 })).toThrow(/too large/);
    expect(() => loadCohort(dir, { checkPatients: false, maxFileBytes: 10 })).toThrow(InputError);
    for (const bad of [0, -1, Number.NaN, 0.5, Number.POSITIVE_INFINITY, 2 ** 31]) {
      expect(() => parseCohortCsv(LABS, "labs", { maxFileBytes: bad })).toThrow(/maxFileBytes/);
    }
  });
});

describe("a canonical header is not rescaled by a contradicting unit option (item 3)", () => {
  it("refuses crp_mg_l with crp=mg/dL and albumin_g_dl with albumin=g/L, like the bracketed header does; a matching option is fine", () => {
    for (const units of [{ crp: "mg/dL" }, { crp_mg_l: "mg/dL" }, { albumin: "g/L" }] as Record<string, string>[]) {
      let caught: unknown;
      try {
        parseCohortCsv(LABS, "labs", { units });
      } catch (e) {
        caught = e;
      }
      expect(caught, JSON.stringify(units)).toBeInstanceOf(UnitError);
      expect((caught as Error).message).toContain("options.units contradicts the header");
    }
    // the bracketed form, for comparison (already refused before this fix)
    expect(() =>
      parseCohortCsv("patient_id,sample_date,albumin [g/dL]\nP1,2023-01-01,3.8\n", "labs", { units: { albumin: "g/L" } }),
    ).toThrow(UnitError);
    // a matching option (any spelling) is accepted and the values stay as written
    const { data, report } = parseCohortCsv(LABS, "labs", { units: { crp: "MG/L", albumin: "g/dl" } });
    expect(Array.from(data.columns.crp_mg_l as Float64Array)).toEqual([4.5, 12]);
    expect(Array.from(data.columns.albumin_g_dl as Float64Array)).toEqual([3.8, 4.1]);
    expect(report.conversions).toEqual([]);
  });
});

describe("a bounded report for many bad rows (item 4)", () => {
  it("keeps maxRejectsKept rejects in full, counts all 200 000 by column and reason, and rowsRead adds up", () => {
    const n = 200_000;
    const parts = ["patient_id,sample_date,crp_mg_l,calprotectin_ug_g\n", "P0,2023-01-01,1,50\n"];
    for (let i = 1; i <= n; i++) {
      const day = `2023-01-${String((i % 28) + 1).padStart(2, "0")}`;
      // three kinds of bad row: text in a number, a negative number, an out-of-range number
      parts.push(i % 3 === 0 ? `P${i},${day},abc,50\n` : i % 3 === 1 ? `P${i},${day},1,-5\n` : `P${i},${day},900,50\n`);
    }
    const text = parts.join("");
    const { data, report } = parseCohortCsv(text, "labs", { maxRejectsKept: 10 });
    expect(report.rowsRead).toBe(n + 1);
    expect(report.rowsAccepted).toBe(1);
    expect(data.nRows).toBe(1);
    expect(report.rejectedCount).toBe(n);
    expect(report.rowsRead).toBe(report.rowsAccepted + report.rejectedCount);
    expect(report.rejected).toHaveLength(10);
    expect(report.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(report.rejected[0]).toEqual({
      line: 3,
      column: "calprotectin_ug_g",
      value: "-5",
      reason: expect.stringContaining("negative value"),
    });
    // i = 1..200 000: i % 3 === 1 (negative) 66 667 rows, === 2 (out of range) 66 667, === 0 (not a number) 66 666;
    // most frequent first, ties in the order first seen
    expect(report.rejectSummary.map((g) => [g.column, g.count])).toEqual([
      ["calprotectin_ug_g", 66_667],
      ["crp_mg_l", 66_667],
      ["crp_mg_l", 66_666],
    ]);
    expect(report.rejectSummary.map((g) => g.reason)).toEqual([
      expect.stringContaining("negative value"),
      expect.stringContaining("out of range"),
      "not a number",
    ]);
    expect(report.rejectSummary.reduce((k, g) => k + g.count, 0)).toBe(report.rejectedCount);
    expect(report.warnings.join(" ")).toContain(`${n} of ${n + 1} rows rejected; the first 10 are listed in report.rejected`);
    // the default keeps 1000; the JSON of the report stays small
    const dflt = parseCohortCsv(text, "labs").report;
    expect(dflt.rejected).toHaveLength(1000);
    expect(dflt.rejectedCount).toBe(n);
    expect(JSON.stringify(dflt).length).toBeLessThan(300_000);
    expect(parseCohortCsv(text, "labs", { maxRejectsKept: 0 }).report.rejected).toEqual([]);
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => parseCohortCsv(text, "labs", { maxRejectsKept: bad })).toThrow(/maxRejectsKept/);
  });
});

describe("smaller loader items (item 5)", () => {
  it("a numeric naValues entry (text or number) reads as missing", () => {
    const csv = "patient_id,sample_date,crp_mg_l,calprotectin_ug_g\nP1,2023-01-01,999,50\nP2,2023-01-02,4,-999\nP3,2023-01-03,999.0,60\n";
    for (const naValues of [
      ["999", "-999"],
      [999, -999],
    ]) {
      const { data, report } = parseCohortCsv(csv, "labs", { naValues });
      const crp = data.columns.crp_mg_l as Float64Array;
      const fcp = data.columns.calprotectin_ug_g as Float64Array;
      expect(report.rowsAccepted, JSON.stringify(naValues)).toBe(2);
      expect(Number.isNaN(crp[0])).toBe(true);
      expect(crp[1]).toBe(4);
      expect(Number.isNaN(fcp[1])).toBe(true);
      // 999.0 is not the text 999: it stays a number, and is out of range for CRP
      expect(report.rejected).toEqual([{ line: 4, column: "crp_mg_l", value: "999.0", reason: expect.stringContaining("out of range") }]);
    }
    expect(() => parseCohortCsv(csv, "labs", { naValues: "999" as never })).toThrow(InputError);
  });

  it("refuses one patient id given as a string (it would be read as its characters)", () => {
    expect(() => parseCohortCsv(LABS, "labs", { patients: "P1" as never })).toThrow(InputError);
    expect(() => parseCohortCsv(LABS, "labs", { patients: "P1" as never })).toThrow(/options\.patients.*one id given as a string/);
    expect(() => parseCohortCsv(LABS, "labs", { patients: [1, 2] as never })).toThrow(/every id a string/);
    expect(parseCohortCsv(LABS, "labs", { patients: ["P1"] }).report.rejected.map((r) => r.value)).toEqual(["P2"]);
    expect(parseCohortCsv(LABS, "labs", { patients: new Set(["P1", "P2"]) }).report.rejectedCount).toBe(0);
  });

  it("rejects a row whose id holds a NUL byte, naming the NUL", () => {
    const { data, report } = parseCohortCsv("patient_id,sample_date,crp_mg_l\nP1\u0000,2023-01-01,4\nP2,2023-01-01,5\n", "labs");
    expect(data.columns.patient_id).toEqual(["P2"]);
    expect(report.rejected).toEqual([{ line: 2, column: "patient_id", value: "P1\u0000", reason: expect.stringContaining("NUL byte") }]);
  });

  it("an unclosed quote says on which line it opened and how many lines it swallows, and counts them", () => {
    const csv = 'patient_id,sample_date,crp_mg_l\nP1,2023-01-01,4\nP2,"2023-01-02,5\nP3,2023-01-03,6\nP4,2023-01-04,7\n';
    const { report } = parseCohortCsv(csv, "labs");
    expect(report.rowsRead).toBe(2);
    expect(report.rowsAccepted).toBe(1);
    expect(report.rejectedCount).toBe(1);
    expect(report.linesSwallowed).toBe(3);
    expect(report.rejected[0].line).toBe(3);
    expect(report.rejected[0].reason).toContain(
      "the quote opened on line 3 is never closed, so it swallows 3 line(s) to the end of the file (lines 3-5)",
    );
    expect(report.warnings.join(" ")).toContain("an unclosed quote opened on line 3 swallows 3 line(s) to the end of the file");
    // the quote on the last line, no final line end
    const last = parseCohortCsv('patient_id,sample_date,crp_mg_l\nP1,2023-01-01,"4', "labs").report;
    expect(last.linesSwallowed).toBe(1);
    expect(last.rejected[0].reason).toContain("swallows 1 line(s) to the end of the file (line 2)");
  });

  it("refuses a maxLineBytes that is not a whole number >= 1", () => {
    for (const bad of [-1, 0, Number.NaN, Number.POSITIVE_INFINITY, 2.5]) {
      expect(() => parseCohortCsv(LABS, "labs", { maxLineBytes: bad }), String(bad)).toThrow(InputError);
      expect(() => parseCohortCsv(LABS, "labs", { maxLineBytes: bad })).toThrow(/maxLineBytes/);
    }
    // the header has 44 bytes, line 2 then 51, line 3 20
    const long = LABS.replace("4.5", "4.5".padEnd(33, "0"));
    expect(parseCohortCsv(long, "labs", { maxLineBytes: 44 }).report.rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, "line longer than 44 bytes"],
    ]);
  });
});

describe("duplicate keys in a file with mixed line ends", () => {
  it("are found even when the row estimate falls short (rows ending in CR alone, one LF)", () => {
    // rows end in CR alone but one ends in LF, so a count of LFs after the header estimates 2 rows for 6
    const rows = ["A,2024-01-01", "A,2024-01-02", "A,2024-01-03", "A,2024-01-04", "B,2024-01-01", "A,2024-01-04"];
    const text = `patient_id,sample_date\r${rows.slice(0, 4).join("\r")}\n${rows.slice(4).join("\r")}\r`;
    const { report } = parseCohortCsv(text, "labs");
    expect(report.rowsRead).toBe(6);
    expect(report.rejectedCount).toBe(1);
    expect(report.rejected[0]).toMatchObject({ line: 7, reason: expect.stringMatching(/duplicate key/) });
  });
});
