#!/usr/bin/env node
// npm run kernel: registers this checkout as a Jupyter kernel for your own
// notebooks, named "ibd-lab" ("TypeScript (ibd-lab)" in Jupyter's menus), with
// which a notebook in any folder can `import { icc } from "ibd-lab"`, types
// included. Nothing else registers or changes a kernel: the notebook runner
// uses a kernelspec of its own inside node_modules/.cache (scripts/run_notebooks.py).
//
//   npm run kernel [-- install] [--user | --sys-prefix | --prefix DIR] [--name NAME] [--python PY]
//   npm run kernel -- remove   [--user | --sys-prefix | --prefix DIR] [--name NAME] [--python PY]
//
//   --user        (default) the per-user kernels folder, Jupyter's data dir:
//                 ~/.local/share/jupyter/kernels/NAME, or $JUPYTER_DATA_DIR/kernels/NAME
//   --sys-prefix  PY's environment (a virtualenv or conda env): <sys.prefix>/share/jupyter/kernels/NAME
//   --prefix DIR  DIR/share/jupyter/kernels/NAME
//   --name NAME   kernel name (default ibd-lab)
//   --python PY   the Python whose jupyter_client installs it (default $IBD_LAB_PYTHON or /usr/bin/python3)
//
// The kernel runs scripts/tslab-kernel.cjs with this node binary and this
// checkout's tslab; it imports ibd-lab from this checkout's dist/ (npm run
// build). Beside the kernel, in the same Jupyter data folder, nbextensions/ibd-lab/
// gets links to plotly.min.js and the ibd-lab browser bundle: a notebook does not
// keep those scripts when saved (src/plot/assets.ts), and when it is reopened its
// figures and calculators load them from the Jupyter server there. Moving or deleting the checkout breaks the kernel: remove it, or
// install it again from the new place.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const USAGE =
  "usage: npm run kernel [-- install|remove] [--user | --sys-prefix | --prefix DIR] [--name NAME] [--python PY]\n" +
  "       (or: node scripts/kernel.mjs ...)";

function fail(message, code = 2) {
  console.error(`[kernel] ${message}`);
  process.exit(code);
}

function parse(argv) {
  const o = { action: "install", where: "user", prefix: null, name: "ibd-lab", python: process.env.IBD_LAB_PYTHON || "/usr/bin/python3" };
  const rest = [...argv];
  if (rest[0] === "install" || rest[0] === "remove") o.action = rest.shift();
  while (rest.length) {
    const a = rest.shift();
    const value = () => {
      const v = rest.shift();
      if (!v || v.startsWith("--")) fail(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === "--user") o.where = "user";
    else if (a === "--sys-prefix") o.where = "sys-prefix";
    else if (a === "--prefix") {
      o.where = "prefix";
      o.prefix = resolve(value());
    } else if (a === "--name") o.name = value();
    else if (a === "--python") o.python = value();
    else if (a === "-h" || a === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown argument "${a}"\n${USAGE}`);
  }
  o.name = o.name.toLowerCase(); // Jupyter's kernel names are lower case
  if (!/^[a-z0-9._-]+$/.test(o.name)) fail(`kernel name "${o.name}" may only hold letters, digits, ".", "_" and "-"`);
  return o;
}

// Runs in the chosen Python: prints the kernels folder for the chosen location, then
// installs (copies SRC there, replacing an older copy) or removes the kernel.
const PY = `
import json, os, shutil, sys
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_core.paths import jupyter_data_dir
action, where, prefix, name, src = sys.argv[1:6]
if where == "sys-prefix":
    prefix = sys.prefix
kernels = os.path.join(jupyter_data_dir(), "kernels") if where == "user" else os.path.join(prefix, "share", "jupyter", "kernels")
dest = os.path.join(kernels, name)
if action == "install":
    dest = KernelSpecManager().install_kernel_spec(src, name, user=(where == "user"), prefix=(None if where == "user" else prefix))
    print(dest)
else:
    spec = os.path.join(dest, "kernel.json")
    if not os.path.exists(spec):
        print("no kernel " + json.dumps(name) + " in " + kernels, file=sys.stderr)
        sys.exit(1)
    with open(spec) as f:
        if "ibd-lab" not in json.load(f).get("metadata", {}):
            print(dest + " was not installed by ibd-lab; not removing it", file=sys.stderr)
            sys.exit(1)
    shutil.rmtree(dest)
    print(dest)
`;

function python(o, src) {
  const r = spawnSync(o.python, ["-c", PY, o.action, o.where, o.prefix ?? "", o.name, src ?? ""], { encoding: "utf8" });
  if (r.error) fail(`cannot run ${o.python} (${r.error.message}): install Jupyter (npm run setup, as root, on Debian) or pass --python`);
  if (r.status !== 0) {
    const err = r.stderr.trim();
    if (/No module named '(jupyter_client|jupyter_core)'/.test(err))
      fail(`${o.python} has no Jupyter (jupyter_client): run npm run setup, or pass --python`);
    fail(err || `${o.python} exited with ${r.status}`, 1);
  }
  return r.stdout.trim();
}

/** The nbextensions/ibd-lab folder beside a kernel folder (<data>/kernels/NAME -> <data>/nbextensions/ibd-lab). */
const assetsDir = (kernelDir) => join(dirname(dirname(kernelDir)), "nbextensions", "ibd-lab");
const MARKER = "installed-by-ibd-lab.txt";

/** Links plotly.min.js and the browser bundle into nbextensions/ibd-lab (copies where links cannot be made). */
function installAssets(kernelDir) {
  const dir = assetsDir(kernelDir);
  const files = {
    "plotly.min.js": createRequire(import.meta.url).resolve("plotly.js-dist-min/plotly.min.js"),
    "ibd-lab.js": join(root, "dist", "browser", "ibd-lab.js"),
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), `Scripts for notebooks using ibd-lab's kernel, linked from ${root} by npm run kernel.\n`);
  for (const [name, from] of Object.entries(files)) {
    const to = join(dir, name);
    rmSync(to, { force: true });
    try {
      symlinkSync(from, to); // follows rebuilds of the bundle; the kernel depends on the checkout anyway
    } catch {
      if (existsSync(from)) copyFileSync(from, to);
    }
  }
  return dir;
}

const o = parse(process.argv.slice(2));
if (o.action === "remove") {
  const dest = python(o);
  console.log(`[kernel] removed ${dest}`);
  const dir = assetsDir(dest);
  if (existsSync(join(dir, MARKER))) {
    rmSync(dir, { recursive: true, force: true });
    console.log(`[kernel] removed ${dir}`);
  }
  process.exit(0);
}

const tslab = join(root, "node_modules", "tslab", "bin", "tslab");
if (!existsSync(tslab)) fail(`tslab is not installed in ${root}: run npm run setup first`);
const kernel = {
  argv: [process.execPath, join(root, "scripts", "tslab-kernel.cjs"), "--config-path", "{connection_file}"],
  display_name: o.name === "ibd-lab" ? "TypeScript (ibd-lab)" : `TypeScript (ibd-lab, ${o.name})`,
  language: "typescript",
  // Run-time resolution of "ibd-lab" from any folder: a folder holding the link ibd-lab -> this checkout.
  env: { NODE_PATH: join(root, "node_modules", ".cache", "ibd-lab", "node-path") },
  metadata: { "ibd-lab": { root } },
};
const src = mkdtempSync(join(tmpdir(), "ibd-lab-kernel-"));
try {
  chmodSync(src, 0o755); // jupyter_client copies the folder's mode: mkdtemp's 700 would hide the kernel from other users
  writeFileSync(join(src, "kernel.json"), `${JSON.stringify(kernel, null, 1)}\n`);
  const dest = python(o, src);
  console.log(`[kernel] installed "${o.name}" (${kernel.display_name}) in ${dest}`);
  console.log(`[kernel] it runs this checkout's tslab and imports ibd-lab from ${root}`);
  console.log(`[kernel] scripts for reopened notebooks' figures: ${installAssets(dest)}`);
  if (!existsSync(join(root, "dist", "index.d.ts")))
    console.log("[kernel] note: ibd-lab is not built yet: run npm run build before using the kernel");
  console.log(
    `[kernel] in Jupyter or VS Code pick "${kernel.display_name}"; remove it with npm run kernel -- remove${o.where === "user" ? "" : " (same location option)"}`,
  );
} finally {
  rmSync(src, { recursive: true, force: true });
}
