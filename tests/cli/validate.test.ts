// `ibd-lab validate`: exit codes (0 all loaded, 1 rows rejected, 2 bad usage/unreadable input),
// messages on stderr, and the --json shape. Compared against the loader's own reports (readCohortCsv).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCohortCsv } from "../../src/cohort/read";
import { HOSTILE_DIR, HOSTILE_VALUE } from "../fixtures/cli/hostile";
import { run } from "./helpers";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ibd-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ibd-lab validate", () => {
  it("exits 0 and says OK when every row of a cohort folder loads", async () => {
    const r = await run(["validate", "data/cd"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^patients \(data\/cd\/patients\.csv\): 400 rows read, 400 accepted, 0 rejected$/m);
    expect(r.stdout).toMatch(/^OK: 10 file\(s\), \d+ rows accepted, none rejected$/m);
  });

  it("exits 1 and lists line, column, value and reason of each rejected row", async () => {
    const r = await run(["validate", HOSTILE_DIR]);
    expect(r.code).toBe(1);
    const labs = readCohortCsv(join(HOSTILE_DIR, "labs.csv"), "labs").report;
    expect(labs.rejected).toHaveLength(1);
    const j = labs.rejected[0];
    expect(r.stdout).toContain(`rejected: line ${j.line}, column ${j.column}, value ${JSON.stringify(HOSTILE_VALUE)}: ${j.reason}`);
    expect(r.stdout).toMatch(/^REJECTED ROWS: 1 of \d+ rows in 1 file\(s\) were rejected$/m);
  });

  it("--json gives the loader's reports and totals", async () => {
    const r = await run(["validate", HOSTILE_DIR, "--json"]);
    expect(r.code).toBe(1);
    const v = JSON.parse(r.stdout);
    expect(Object.keys(v).sort()).toEqual(["exitCode", "notes", "ok", "reports", "rowsAccepted", "rowsRead", "rowsRejected"]);
    expect(v.ok).toBe(false);
    expect(v.exitCode).toBe(1);
    expect(v.reports.map((x: { table: string }) => x.table)[0]).toBe("patients");
    const labs = v.reports.find((x: { table: string }) => x.table === "labs");
    expect(labs).toEqual(
      JSON.parse(
        JSON.stringify(
          readCohortCsv(join(HOSTILE_DIR, "labs.csv"), "labs", {
            patients: readCohortCsv(join(HOSTILE_DIR, "patients.csv"), "patients").data,
          }).report,
        ),
      ),
    );
    expect(v.rowsRead).toBe(v.rowsAccepted + v.rowsRejected);
    expect(v.rowsRejected).toBe(1);
  });

  it("reads one file whose table is given by --table, and rejects rows of unknown patients only when patients.csv is given", async () => {
    const file = join(dir, "export.csv");
    writeFileSync(file, readFileSync("data/uc/labs.csv", "utf8").split("\n").slice(0, 6).join("\n"));
    const r = await run(["validate", file, "--table", "labs"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("labs (");
    expect(r.stdout).toContain("5 rows read, 5 accepted, 0 rejected");
    expect(r.stdout).toContain("note: no patients.csv given");
    const withPatients = await run(["validate", file, "--table", "labs", join(HOSTILE_DIR, "patients.csv")]);
    // the --table applies to every file: patients.csv is then read as labs and fails its header
    expect(withPatients.code).toBe(2);
  });

  it("rejects rows of patients missing from patients.csv (exit 1)", async () => {
    const sub = join(dir, "mixed");
    require("node:fs").mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, "patients.csv"), readFileSync("data/uc/patients.csv", "utf8").split("\n").slice(0, 3).join("\n"));
    writeFileSync(join(sub, "labs.csv"), readFileSync("data/uc/labs.csv", "utf8").split("\n").slice(0, 12).join("\n"));
    const r = await run(["validate", sub, "--json"]);
    const v = JSON.parse(r.stdout);
    expect(r.code).toBe(1);
    const labs = v.reports.find((x: { table: string }) => x.table === "labs");
    // labs rows 1-11 belong to UC001-UC003; UC003 is not among the two patients given
    expect(labs.rejected.length).toBeGreaterThan(0);
    expect(labs.rejected.every((x: { column: string; value: string }) => x.column === "patient_id" && x.value === "UC003")).toBe(true);
  });

  const usage: [string, string[], RegExp][] = [
    ["no arguments to validate", ["validate"], /missing required argument 'inputs'/],
    ["a missing path", ["validate", "no/such/dir"], /cannot read "no\/such\/dir": no such file or folder/],
    [
      "an unknown table name",
      ["validate", "data/uc/labs.csv", "--table", "lab"],
      /unknown table "lab" for --table: expected one of patients, /,
    ],
    [
      "a file whose table cannot be told",
      ["validate", "tests/fixtures/cli/labs-export-2024.csv"],
      /cannot tell which table "tests\/fixtures\/cli\/labs-export-2024\.csv" holds: name the file <table>\.csv or pass --table/,
    ],
    [
      "a file read as the wrong table",
      ["validate", "data/uc/labs.csv", "--table", "visits"],
      /cannot load "data\/uc\/labs\.csv" as visits: /,
    ],
    ["an unknown option", ["validate", "data/uc", "--bogus"], /unknown option '--bogus'/],
    ["an unknown command", ["frobnicate"], /unknown command 'frobnicate'/],
    ["a folder with no cohort table", ["validate", "src"], /folder "src" holds no cohort table/],
    ["a bad --max-rejects", ["validate", "data/uc", "--max-rejects", "-3"], /--max-rejects must be a whole number >= 0, got "-3"/],
  ];
  for (const [what, argv, message] of usage) {
    it(`exits 2 with a clear message on stderr for ${what}`, async () => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    });
  }

  it("exits 2 for a file that is not readable as text CSV", async () => {
    const file = join(dir, "labs.csv");
    writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]));
    const r = await run(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ibd-lab: error: cannot load ".*labs\.csv" as labs: /);
  });

  it("prints usage on stderr with exit 2 when no command is given", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: ibd-lab [options] [command]");
  });

  it("prints the version with exit 0", async () => {
    const r = await run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
  });

  it("prints help with exit 0", async () => {
    const r = await run(["validate", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: ibd-lab validate [options] <inputs...>");
  });

  it("keeps terminal control characters out of the text output", async () => {
    const file = join(dir, "visits.csv");
    const lines = readFileSync("data/uc/visits.csv", "utf8").split("\n").slice(0, 3);
    lines.push(lines[1].replace(/^UC001,[^,]+/, "UC001,\u001b[31mred"));
    writeFileSync(file, lines.join("\n"));
    const r = await run(["validate", file]);
    expect(r.code).toBe(1);
    expect(r.stdout.includes("\u001b")).toBe(false);
    expect(r.stdout).toContain("\\u001b[31mred");
  });
});
