/**
 * "Every number a notebook prints comes from a function exported by ibd-lab" (README), checked on the
 * notebooks' code cells (issue 13): they import only ibd-lab and the stack's own packages, never read a
 * CSV file themselves (the toolkit's loaders do, with their load report), never join the cohort tables
 * by hand (patientRecords does, once) and hand-write no algorithm the toolkit provides.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = join(__dirname, "..", "..", "notebooks");
const notebooks = readdirSync(dir).filter((f) => f.endsWith(".ipynb"));

/** The code of a notebook's code cells, with comments removed (a comment may name what the code must not do). */
function code(nb: string): string {
  const json = JSON.parse(readFileSync(join(dir, nb), "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  return json.cells
    .filter((c) => c.cell_type === "code")
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source))
    .join("\n")
    .replace(/^\s*\/\/.*$/gm, "")
    .replace(/\/\*[\s\S]*?\*\//g, "");
}

/**
 * Packages a notebook may import: the toolkit, danfojs for tables, simple-statistics for descriptive statistics
 * (plotly reaches the page through ibd-lab's show()), and node's file-system helpers to write a file for the
 * loader to read (notebook 01 writes a messy export on purpose).
 */
const ALLOWED_IMPORTS = new Set(["ibd-lab", "danfojs-node", "simple-statistics", "node:fs", "node:path", "node:os"]);

/** What a notebook must not do, with the function of ibd-lab that does it instead. */
const FORBIDDEN: [RegExp, string][] = [
  [
    /\bdfd\.read(CSV|Csv|JSON|Excel)\b|\breadCSV\s*\(/,
    "read files with danfojs: load them with loadCohort or readCohortCsv (with a load report)",
  ],
  [/\breadFileSync\s*\(|\bcreateReadStream\s*\(/, "read a file by hand: load it with loadCohort or readCohortCsv"],
  [/\bpatient_id\s*===|===\s*\w+\.patient_id\b/, "join tables by patient id by hand: use patientRecords"],
  [/\.nRows\s*;\s*\w+\+\+/, "loop over a loaded table's columns by hand: use patientRecords (or tableRecords to show rows)"],
  [/\bfunction\s+visitRecords\b/, "build discordance visits by hand: use discordanceVisits"],
  [/\b(cholesky|l11|l21|l22)\b/i, "hand-written linear algebra: use the toolkit (posteriorProfile, forecastTroughs)"],
  [
    /reliability\s*:\s*ss\.\w+|sampleCorrelation\([^)]*Repeat/,
    "a reliability computed by hand: use repeatability (ICC(2,1), the one definition)",
  ],
  [/\bicc\([^)]*\)[\s\S]{0,200}\bsem\(/, "SEM assembled by hand from icc(): use repeatability, which the report uses too"],
];

describe("notebooks use only the toolkit's path", () => {
  it("finds the notebooks", () => {
    expect(notebooks.length).toBeGreaterThanOrEqual(10);
  });
  for (const nb of notebooks) {
    const src = code(nb);
    it(`${nb}: imports only ibd-lab and the stack's packages`, () => {
      const imports = [
        ...src.matchAll(/\bfrom\s+["']([^"']+)["']|\brequire\(\s*["']([^"']+)["']\s*\)|\bimport\(\s*["']([^"']+)["']\s*\)/g),
      ].map((m) => m[1] ?? m[2] ?? m[3]);
      expect(imports.filter((m) => !ALLOWED_IMPORTS.has(m))).toEqual([]);
    });
    it(`${nb}: reads no CSV itself, joins no tables by hand, hand-writes no toolkit algorithm`, () => {
      const found = FORBIDDEN.filter(([re]) => re.test(src)).map(([re, why]) => `${why} (${re.exec(src)?.[0]})`);
      expect(found).toEqual([]);
    });
  }
  it("the rules catch what they are for", () => {
    // the checks themselves, on snippets of what the notebooks used to do
    const hits = (s: string) => FORBIDDEN.filter(([re]) => re.test(s)).length;
    expect(hits('const df = await dfd.readCSV("../data/tour.csv");')).toBe(1);
    expect(hits("const lv = levels.filter((r) => r.patient_id === p.patient_id);")).toBe(1);
    expect(hits("const l11 = Math.sqrt(c[0][0]);")).toBe(1);
    expect(hits("return { reliability: ss.sampleCorrelation(xs, ys) };")).toBe(1);
    expect(hits("for (let i = 0; i < c.data.visits!.nRows; i++) {")).toBe(1);
    expect(hits("const r = repeatability(m.ratings);")).toBe(0);
  });
});
