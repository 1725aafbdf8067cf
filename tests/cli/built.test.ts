// The built command, as a user runs it: `node dist/cli/main.js ...` (the package.json "bin").
// Needs `npm run build` first (CI builds before the tests, in the notebooks step).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HOSTILE_DIR } from "../fixtures/cli/hostile";

const BIN = "dist/cli/main.js";

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("node dist/cli/main.js", () => {
  it("is built and declared as the package's bin", () => {
    expect(existsSync(BIN), `${BIN} missing: run npm run build first`).toBe(true);
    expect(JSON.parse(readFileSync("package.json", "utf8")).bin).toEqual({ "ibd-lab": BIN });
    expect(readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("validates with the process exit codes 1 (rejected rows) and 2 (unreadable input)", () => {
    const bad = cli(["validate", HOSTILE_DIR]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("column crp_mg_l");
    const missing = cli(["validate", "no/such.csv"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('ibd-lab: error: cannot read "no/such.csv": no such file or folder\n');
  });

  it("writes a report, with no progress line when stderr is a pipe", () => {
    const dir = mkdtempSync(join(tmpdir(), "ibd-bin-"));
    try {
      const out = join(dir, "report.html");
      const r = cli(["report", HOSTILE_DIR, "--out", out]);
      expect(r.code).toBe(0);
      expect(r.stderr.includes("\r")).toBe(false);
      expect(r.stderr).toContain(`report written to ${out}`);
      expect(readFileSync(out, "utf8")).toContain("Reliability of repeated readings");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
