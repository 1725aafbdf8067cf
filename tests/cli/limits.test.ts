// validate and report with the loader's limits (issue 14, items 3-5): a unit flag that contradicts a
// canonical header, bounded reject lists (--max-rejects-kept, counts by column and reason), and report's
// message for a file whose table cannot be told. Expected values come from the files built here.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./helpers";

let dir: string;
let bad: string;
const N_BAD = 5000;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ibd-cli-limits-"));
  // 5000 rows with text in crp_mg_l, 1 good row
  const rows = ["patient_id,sample_date,crp_mg_l", "P0,2023-01-01,3"];
  for (let i = 1; i <= N_BAD; i++) rows.push(`P${i},2023-01-01,high`);
  mkdirSync(join(dir, "big"));
  bad = join(dir, "big", "labs.csv");
  writeFileSync(bad, `${rows.join("\n")}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a --unit that contradicts a canonical header (item 3)", () => {
  it("exits 2 instead of multiplying every value by 10; a matching --unit is fine", async () => {
    for (const unit of ["crp=mg/dL", "albumin=g/L"]) {
      const r = await run(["validate", "data/uc/labs.csv", "--unit", unit]);
      expect(r.code, unit).toBe(2);
      expect(r.stderr).toContain("options.units contradicts the header");
    }
    const ok = await run(["validate", "data/uc/labs.csv", "--unit", "crp=mg/L", "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).reports[0].conversions).toEqual([]);
  });
});

describe("bounded reject lists (item 4)", () => {
  it("validate --json keeps --max-rejects-kept rejects per file and counts them all", async () => {
    const r = await run(["validate", bad, "--json", "--max-rejects-kept", "7"]);
    expect(r.code).toBe(1);
    const v = JSON.parse(r.stdout);
    const rep = v.reports[0];
    expect(v.rowsRejected).toBe(N_BAD);
    expect(v.rowsRead).toBe(v.rowsAccepted + v.rowsRejected);
    expect(rep.rejectedCount).toBe(N_BAD);
    expect(rep.rejected).toHaveLength(7);
    expect(rep.rejectSummary).toEqual([{ column: "crp_mg_l", reason: "not a number", count: N_BAD }]);
    // default: 1000 kept
    const d = JSON.parse((await run(["validate", bad, "--json"])).stdout);
    expect(d.reports[0].rejected).toHaveLength(1000);
    expect(d.reports[0].rejectedCount).toBe(N_BAD);
  });

  it("validate's text output counts every rejected row and lists them by column and reason", async () => {
    const r = await run(["validate", bad, "--max-rejects", "3", "--max-rejects-kept", "10"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${N_BAD + 1} rows read, 1 accepted, ${N_BAD} rejected`);
    expect(r.stdout).toContain(`... ${N_BAD - 3} more rejected rows (--json lists the first 10; --max-rejects-kept keeps more)`);
    expect(r.stdout).toContain(`    crp_mg_l: not a number: ${N_BAD}`);
    expect(r.stdout).toMatch(new RegExp(`^REJECTED ROWS: ${N_BAD} of ${N_BAD + 1} rows in 1 file\\(s\\) were rejected$`, "m"));
  });

  it("report lists the kept rejects, counts all of them, and builds no JSON unless asked", async () => {
    const out = join(dir, "r.html");
    const r = await run(["report", join(dir, "big"), "--out", out, "--max-rejects-kept", "5", "--pk-patients", "0"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      `note: ${N_BAD} row(s) were rejected while loading; the first 5 of each file are listed, all are counted by column and reason, in the report's load section`,
    );
    const html = readFileSync(out, "utf8");
    expect(html).toContain(`Rejected rows (${N_BAD}; the first 5 kept by the loader are listed)`);
    expect(html).toContain(`Every rejected row by column and reason (${N_BAD})`);
    const j = await run(["report", join(dir, "big"), "--json", "--max-rejects-kept", "5", "--pk-patients", "0", "--quiet"]);
    const files = JSON.parse(j.stdout).sections[0].tables[0].rows[0];
    expect(files["rows read"]).toBe(files.accepted + files.rejected);
    expect(files.rejected).toBe(N_BAD);
  });

  it("exits 2 for a bad --max-rejects-kept", async () => {
    const r = await run(["validate", bad, "--max-rejects-kept", "-1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-rejects-kept must be a whole number >= 0, got "-1"');
  });
});

describe("report's message for a file whose table cannot be told (item 5)", () => {
  it("names the table file names and does not suggest --table, which report does not have", async () => {
    const file = join(dir, "export.csv");
    writeFileSync(file, "patient_id,sample_date\nP1,2023-01-01\n");
    const r = await run(["report", file, "--json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `cannot tell which table "${file}" holds: the file name must be a table name, one of patients.csv, visits.csv, labs.csv,`,
    );
    expect(r.stderr).not.toContain("--table");
    const v = await run(["validate", file]);
    expect(v.stderr).toContain("pass --table <name>");
  });
});
