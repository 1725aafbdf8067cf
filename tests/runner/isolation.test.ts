// The notebook runner's kernel belongs to the checkout (issue 14 item 8, issue 17 item 1):
// two clones run notebooks one after the other, each on its own kernelspec (absolute paths
// into that clone), a deleted clone breaks nothing for the other, and no run changes a
// system-wide or user kernel (/usr/local/share/jupyter/kernels/tslab among them).
//
// The clones are `git clone`s of this checkout's HEAD, so they lack uncommitted work; the
// runner under test (scripts/) is copied over from the working tree. Their node_modules is a
// folder of links to this checkout's packages (no npm ci per clone), except the kernelspec
// cache (node_modules/.cache), which is each clone's own.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jupyterKernelDirs, snapshot } from "./kernel-dirs";

const root = join(__dirname, "..", "..");
const base = realpathSync(mkdtempSync(join(tmpdir(), "ibd-isolation-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function makeClone(name: string): string {
  const dir = join(base, name);
  const r = spawnSync("git", ["clone", "--quiet", root, dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git clone failed: ${r.stderr}`);
  cpSync(join(root, "scripts"), join(dir, "scripts"), { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  for (const entry of readdirSync(join(root, "node_modules"))) {
    if (entry === ".cache") continue;
    if (entry === "ibd-lab")
      symlinkSync("..", join(dir, "node_modules", entry)); // the clone's own self-link, as npm ci makes it
    else symlinkSync(join(root, "node_modules", entry), join(dir, "node_modules", entry));
  }
  // One small notebook that reports which kernelspec started its kernel.
  mkdirSync(join(dir, "scratch"));
  const nb = {
    cells: [
      {
        id: "probe",
        cell_type: "code",
        execution_count: null,
        metadata: {},
        outputs: [],
        source: ["console.log(JSON.stringify({ kernel: process.argv[1], cwd: process.cwd() }));"],
      },
    ],
    metadata: { kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(join(dir, "scratch", "probe.ipynb"), JSON.stringify(nb));
  return dir;
}

/** Runs the clone's runner on its probe notebook, from the clone, and returns what the cell printed. */
function runProbe(clone: string): { kernel: string; cwd: string } {
  const out = join(clone, "out");
  const r = spawnSync("/usr/bin/python3", [join(clone, "scripts", "run_notebooks.py"), "--out", out, join("scratch", "probe.ipynb")], {
    cwd: clone,
    encoding: "utf8",
    timeout: 180_000,
  });
  expect(r.stderr, r.stdout).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`kernel 'tslab': ${join(clone, "node_modules", ".cache", "ibd-lab", "jupyter", "kernels", "tslab")}`);
  const executed = JSON.parse(readFileSync(join(out, "probe.ipynb"), "utf8")) as { cells: { outputs: { text: string | string[] }[] }[] };
  const text = executed.cells[0].outputs.map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text)).join("");
  return JSON.parse(text);
}

describe("the notebook runner's kernel belongs to the checkout", () => {
  it.runIf(existsSync(join(root, ".git")))(
    "two clones run one after the other, each on its own kernel, and neither changes a system or user kernel",
    () => {
      const dirs = jupyterKernelDirs();
      const before = snapshot(dirs);
      const a = makeClone("a");
      const b = makeClone("b");
      const tslabIn = (clone: string) => join(clone, "node_modules", "tslab", "bin", "tslab");

      expect(runProbe(a)).toEqual({ kernel: tslabIn(a), cwd: join(a, "scratch") });
      expect(runProbe(b)).toEqual({ kernel: tslabIn(b), cwd: join(b, "scratch") });
      // Running b did not re-point a's kernel: a still runs on its own.
      expect(runProbe(a)).toEqual({ kernel: tslabIn(a), cwd: join(a, "scratch") });
      for (const clone of [a, b]) {
        const spec = JSON.parse(
          readFileSync(join(clone, "node_modules", ".cache", "ibd-lab", "jupyter", "kernels", "tslab", "kernel.json"), "utf8"),
        );
        expect(spec.argv.slice(1, 3)).toEqual([tslabIn(clone), "kernel"]);
      }
      // Deleting a scratch clone breaks nothing for the other.
      rmSync(a, { recursive: true, force: true });
      expect(runProbe(b)).toEqual({ kernel: tslabIn(b), cwd: join(b, "scratch") });

      expect(snapshot(dirs)).toEqual(before);
    },
    300_000, // four runner runs, each starting a kernel: ~40 s alone, longer beside other tests
  );
});
