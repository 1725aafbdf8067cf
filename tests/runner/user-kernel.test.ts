// `npm run kernel` (scripts/kernel.mjs, issue 17 item 1): registers the "ibd-lab" kernel in
// the user's Jupyter, with which a notebook in ANY folder imports ibd-lab and sees its types.
// Installed into a temporary Jupyter data dir (JUPYTER_DATA_DIR), then a notebook in a
// temporary folder outside the repository runs on it through nbclient and /usr/bin/python3.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { icc } from "../../src";
import { jupyterKernelDirs, snapshot } from "./kernel-dirs";

const root = join(__dirname, "..", "..");
const kernelScript = join(root, "scripts", "kernel.mjs");
const temps: string[] = [];
const temp = (prefix: string): string => {
  const d = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temps.push(d);
  return d;
};
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function env(dataDir: string): NodeJS.ProcessEnv {
  const { JUPYTER_PATH: _ignored, ...rest } = process.env;
  return { ...rest, JUPYTER_DATA_DIR: dataDir };
}

function kernelCommand(args: string[], dataDir: string) {
  return spawnSync(process.execPath, [kernelScript, ...args], { cwd: root, encoding: "utf8", env: env(dataDir) });
}

// Executes `cells` as one notebook in `folder` on the kernel `name` (allow_errors, as the runner
// does) and returns every cell's stdout and stderr text.
const EXECUTE = `
import json, sys, nbformat
from nbclient import NotebookClient
kernel, folder, cells = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
nb = nbformat.v4.new_notebook()
nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "typescript"}
nbformat.write(nb, folder + "/probe.ipynb")
NotebookClient(nb, kernel_name=kernel, timeout=120, allow_errors=True, resources={"metadata": {"path": folder}}).execute()
print(json.dumps([{n: "".join(o.get("text", "") for o in c.outputs if o.get("name") == n) for n in ("stdout", "stderr")} for c in nb.cells]))
`;

function execute(kernel: string, folder: string, cells: string[], dataDir: string): { stdout: string; stderr: string }[] {
  const r = spawnSync("/usr/bin/python3", ["-c", EXECUTE, kernel, folder, JSON.stringify(cells)], {
    encoding: "utf8",
    env: env(dataDir),
    timeout: 180_000,
  });
  if (r.status !== 0) throw new Error(`nbclient failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "[]");
}

// Shrout & Fleiss 1979, Table 2: 6 targets x 4 judges
const RATINGS = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];

describe("npm run kernel (scripts/kernel.mjs)", () => {
  it("installs the ibd-lab kernel in the user's Jupyter with absolute paths to this node and checkout", () => {
    const data = temp("ibd-kernel-data-");
    const system = jupyterKernelDirs().filter((d) => !d.startsWith(data));
    const before = snapshot(system);
    const r = kernelCommand(["install"], data);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const dir = join(data, "kernels", "ibd-lab");
    expect(r.stdout).toContain(`installed "ibd-lab" (TypeScript (ibd-lab)) in ${dir}`);
    const spec = JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8"));
    expect(spec.argv).toEqual([process.execPath, join(root, "scripts", "tslab-kernel.cjs"), "--config-path", "{connection_file}"]);
    expect(spec.display_name).toBe("TypeScript (ibd-lab)");
    expect(spec.env.NODE_PATH).toBe(join(root, "node_modules", ".cache", "ibd-lab", "node-path"));
    // Beside it, the scripts that reopened notebooks load from the Jupyter server (src/plot/assets.ts):
    // links to this checkout's plotly.js and browser bundle, in <data>/nbextensions/ibd-lab
    const assets = join(data, "nbextensions", "ibd-lab");
    expect(r.stdout).toContain(`scripts for reopened notebooks' figures: ${assets}`);
    expect(realpathSync(join(assets, "plotly.min.js"))).toBe(realpathSync(require.resolve("plotly.js-dist-min/plotly.min.js")));
    expect(realpathSync(join(assets, "ibd-lab.js"))).toBe(realpathSync(join(root, "dist", "browser", "ibd-lab.js")));
    // Installing again replaces it; no other kernel folder changed.
    expect(kernelCommand(["install"], data).status).toBe(0);
    expect(readdirSync(join(data, "kernels"))).toEqual(["ibd-lab"]);
    expect(snapshot(system)).toEqual(before);
  });

  it("installs under --prefix and removes only its own kernel from there", () => {
    const data = temp("ibd-kernel-data-");
    const prefix = temp("ibd-kernel-prefix-");
    const dir = join(prefix, "share", "jupyter", "kernels", "lab2");
    expect(kernelCommand(["install", "--prefix", prefix, "--name", "lab2"], data).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8")).display_name).toBe("TypeScript (ibd-lab, lab2)");
    expect(existsSync(join(data, "kernels"))).toBe(false); // not in the user's folder as well
    const assets = join(prefix, "share", "jupyter", "nbextensions", "ibd-lab");
    expect(existsSync(join(assets, "plotly.min.js"))).toBe(true);
    const removed = kernelCommand(["remove", "--prefix", prefix, "--name", "lab2"], data);
    expect(removed.stdout).toContain(`removed ${dir}`);
    expect(existsSync(dir)).toBe(false);
    expect(removed.stdout).toContain(`removed ${assets}`);
    expect(existsSync(assets)).toBe(false);
    // A kernel ibd-lab did not install is left alone.
    const foreign = join(prefix, "share", "jupyter", "kernels", "other");
    mkdirSync(foreign, { recursive: true });
    writeFileSync(join(foreign, "kernel.json"), JSON.stringify({ argv: ["x"], display_name: "x", language: "x" }));
    const refused = kernelCommand(["remove", "--prefix", prefix, "--name", "other"], data);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("was not installed by ibd-lab");
    expect(existsSync(join(foreign, "kernel.json"))).toBe(true);
    expect(kernelCommand(["install", "--bogus"], data).status).toBe(2);
  });

  it("runs a notebook in a folder outside the repository that imports { icc } from ibd-lab, with its types", () => {
    expect(existsSync(join(root, "dist", "index.d.ts")), "the kernel imports ibd-lab from dist/: npm run build first").toBe(true);
    const data = temp("ibd-kernel-data-");
    expect(kernelCommand(["install"], data).status).toBe(0);
    const folder = temp("ibd-kernel-notebook-");
    expect(relative(realpathSync(root), folder).startsWith("..")).toBe(true);
    // Nothing above the folder provides ibd-lab: only the kernel can.
    for (let d = folder; d !== dirname(d); d = dirname(d)) expect(existsSync(join(d, "node_modules", "ibd-lab"))).toBe(false);
    const cells = execute(
      "ibd-lab",
      folder,
      [
        `import { icc } from "ibd-lab";\nconst r = icc(${JSON.stringify(RATINGS)});\nconsole.log(r.ICC3.value.toFixed(3));`,
        // Only the .d.ts types know IccResult has no ICC4; without them r would be any.
        "console.log(r.ICC4);",
      ],
      data,
    );
    expect(cells[0]).toEqual({ stdout: `${icc(RATINGS).ICC3.value.toFixed(3)}\n`, stderr: "" });
    expect(cells[1].stderr).toMatch(/Property 'ICC4' does not exist on type 'IccResult'/);
    expect(cells[1].stdout).toBe("");
    // The kernel wrote nothing into the notebook's folder (no node_modules link).
    expect(readdirSync(folder)).toEqual(["probe.ipynb"]);
  }, 180_000);
});
