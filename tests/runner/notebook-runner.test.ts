// The headless notebook runner (scripts/run_notebooks.py, issue 2 item 3) must
// fail, naming notebook, cell and error, on each way a tslab cell can fail,
// including tslab's stderr-only compile errors and the cells it aborts after.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const fixtures = join(root, "tests", "fixtures", "notebooks");
const outs: string[] = [];
afterAll(() => {
  for (const d of outs) rmSync(d, { recursive: true, force: true });
});

function runNotebook(name: string): { status: number | null; stdout: string; stderr: string; out: string } {
  const out = mkdtempSync(join(tmpdir(), "ibd-runner-"));
  outs.push(out);
  const r = spawnSync("/usr/bin/python3", [join(root, "scripts", "run_notebooks.py"), "--out", out, join(fixtures, `${name}.ipynb`)], {
    cwd: root,
    encoding: "utf8",
    timeout: 180_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out };
}

describe("run_notebooks.py", () => {
  it("fails on a TypeScript type error (stderr-only in tslab) and names the cell, then the aborted cell", () => {
    const r = runNotebook("bad-type");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad-type\.ipynb: cell 2: .*Type 'string' is not assignable to type 'number'/);
    expect(r.stderr).toMatch(/bad-type\.ipynb: cell 3: aborted by tslab after the error in cell 2/);
    // The executed notebook and its page are still written, for the reader to inspect.
    expect(existsSync(join(r.out, "bad-type.html"))).toBe(true);
  });

  it("fails on a thrown ibd-lab error and shows its message", () => {
    const r = runNotebook("bad-throw");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad-throw\.ipynb: cell 2: .*UnitError.*furlongs/s);
  });

  it("fails on a rejected promise returned without await", () => {
    const r = runNotebook("bad-reject");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad-reject\.ipynb: cell 2: a rejected Promise was returned without await/);
  });

  it("fails on a floating promise that rejects after the cell returned", () => {
    const r = runNotebook("bad-floating");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad-floating\.ipynb: cell 2: asynchronous error while this cell ran: .*floating rejection on purpose/s);
  });

  it("passes a notebook whose only stderr output is in a cell tagged allow-stderr", () => {
    const r = runNotebook("good-stderr");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ok .*good-stderr\.ipynb/);
    // Every cell keeps its own output, the last one included (hidden runner cells must not touch them).
    const nb = JSON.parse(readFileSync(join(r.out, "good-stderr.ipynb"), "utf8")) as {
      cells: { outputs: { text?: string[] | string }[] }[];
    };
    const texts = nb.cells.map((c) => c.outputs.map((o) => (Array.isArray(o.text) ? o.text.join("") : (o.text ?? ""))).join(""));
    expect(texts).toEqual(["fine\n", "a warning the author allowed\n", "after\n"]);
  });
});
