// Loader flags shared by validate and report (--unit, --date-format, --delimiter) and report --strict.
// Expected values come from the loader itself (readCohortCsv with the same options) on the same file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCohortCsv } from "../../src/cohort/read";
import { HOSTILE_DIR } from "../fixtures/cli/hostile";
import { run } from "./helpers";

let dir: string;
let labsGl: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ibd-cli-flags-"));
  // labs with albumin in g/L under a header that declares no unit, ';' as delimiter and DD/MM/YYYY dates
  const [head, ...rows] = readFileSync("data/uc/labs.csv", "utf8").trim().split("\n").slice(0, 9);
  const cols = head.split(",");
  const a = cols.indexOf("albumin_g_dl");
  const d = cols.indexOf("sample_date");
  cols[a] = "albumin";
  const out = rows.map((r) => {
    const f = r.split(",");
    if (f[a] !== "") f[a] = String(Number(f[a]) * 10);
    const [y, m, day] = f[d].split("-");
    f[d] = `${day}/${m}/${y}`;
    return f.join(";");
  });
  labsGl = join(dir, "labs.csv");
  writeFileSync(labsGl, `${[cols.join(";"), ...out].join("\n")}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loader flags", () => {
  it("--unit, --date-format and --delimiter reach the loader (albumin g/L converted to g/dL)", async () => {
    const r = await run(["validate", labsGl, "--unit", "albumin=g/L", "--date-format", "DD/MM/YYYY", "--delimiter", ";", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    const ref = readCohortCsv(labsGl, "labs", { units: { albumin: "g/L" }, dateFormat: "DD/MM/YYYY", delimiter: ";" }).report;
    expect(v.reports[0]).toEqual(JSON.parse(JSON.stringify(ref)));
    expect(v.reports[0].conversions).toEqual([
      expect.objectContaining({ column: "albumin_g_dl", to: "g/dL", factor: 0.1, declaredIn: "options" }),
    ]);
  });

  it("without the unit the albumin column is an error (exit 2, the loader's message)", async () => {
    const r = await run(["validate", labsGl, "--date-format", "DD/MM/YYYY", "--delimiter", ";"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ibd-lab: error: cannot load ".*labs\.csv" as labs: .*albumin/);
  });

  const bad: [string, string[], string][] = [
    ["a --unit without =", ["--unit", "albumin"], '--unit takes column=unit (e.g. albumin=g/L), got "albumin"'],
    ["an unknown --date-format", ["--date-format", "YY-MM-DD"], 'unknown --date-format "YY-MM-DD": expected one of YYYY-MM-DD, '],
    ["a long --delimiter", ["--delimiter", ";;"], '--delimiter must be one character (or "tab"), got ";;"'],
  ];
  for (const [what, flags, message] of bad) {
    it(`exits 2 for ${what}`, async () => {
      const r = await run(["validate", labsGl, ...flags]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    });
  }

  it("report --strict exits 1 when rows were rejected, and still writes the report", async () => {
    const json = join(dir, "r.json");
    const r = await run(["report", HOSTILE_DIR, "--json-out", json, "--strict", "--pk-patients", "0"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(json, "utf8")).sections).toHaveLength(6);
    const clean = await run(["report", "data/cd", "--json-out", json, "--strict", "--pk-patients", "0"]);
    expect(clean.code).toBe(0);
  });
});
