// npm run setup (scripts/setup.mjs, issue 2 item 2): idempotent, and when Jupyter
// is missing on a machine where it is not root, it stops with the exact command.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const setup = join(root, "scripts", "setup.mjs");

describe("scripts/setup.mjs", () => {
  it("is idempotent: a second run finds everything in place and registers the kernel with absolute paths", () => {
    const r = spawnSync(process.execPath, [setup], { cwd: root, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("npm dependencies present");
    expect(r.stdout).toContain("Jupyter and Chromium present");
    expect(r.stdout).toMatch(/tslab kernel registered \(/);
    const where = /tslab kernel registered \((.*)\)/.exec(r.stdout)?.[1] ?? "";
    const spec = JSON.parse(readFileSync(join(where, "kernel.json"), "utf8")) as { argv: string[] };
    // Absolute node and tslab: the kernel starts with nothing on PATH.
    expect(spec.argv[0]).toBe(process.execPath);
    expect(spec.argv[1]).toBe(join(root, "node_modules", "tslab", "bin", "tslab"));
  });

  it.runIf(process.getuid?.() === 0)("as a non-root user without Jupyter, stops and prints the exact apt-get command", () => {
    const r = spawnSync("runuser", ["-u", "nobody", "--", "env", "IBD_LAB_PYTHON=/nonexistent/python3", process.execPath, setup], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("this is not root");
    expect(r.stderr).toContain(
      "apt-get update && apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel chromium",
    );
  });
});
