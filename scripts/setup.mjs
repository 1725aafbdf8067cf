#!/usr/bin/env node
// npm run setup: prepares a fresh Debian machine to run ibd-lab's notebooks and
// tests. Idempotent: every step checks first and does nothing when done.
//  1. npm dependencies (npm ci) when node_modules is missing or older than the lock.
//  2. Debian packages: Jupyter's executor and exporter (nbclient, nbconvert,
//     ipykernel), Jupyter Notebook's UI (the live-widget test in it) and Chromium
//     for the browser checks. Installed with apt-get
//     when running as root; otherwise stops and prints the exact command.
// It registers no Jupyter kernel and changes none: the notebook runner uses a
// kernelspec of this checkout's own (scripts/run_notebooks.py), and a kernel for
// your own Jupyter is the explicit `npm run kernel` (scripts/kernel.mjs).
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// Debian's Python, which the Debian Jupyter packages install into (the `python3` on
// PATH may be another one). IBD_LAB_PYTHON overrides it (used by the tests).
const PYTHON = process.env.IBD_LAB_PYTHON || "/usr/bin/python3";
const DEBIAN_PACKAGES = ["jupyter-nbconvert", "python3-nbclient", "jupyter-client", "python3-ipykernel", "jupyter-notebook", "chromium"];
const quiet = process.argv.includes("--quiet");
const log = (msg) => {
  if (!quiet) console.log(`[setup] ${msg}`);
};

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`[setup] failed: ${cmd} ${args.join(" ")}`);
    process.exit(r.status ?? 1);
  }
}

// 1. npm dependencies
const lock = join(root, "package-lock.json");
const stamp = join(root, "node_modules", ".package-lock.json");
if (!existsSync(stamp) || statSync(stamp).mtimeMs < statSync(lock).mtimeMs) {
  log("installing npm dependencies (npm ci)");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
} else {
  log("npm dependencies present");
}

// 2. Debian packages
function pythonHasJupyter() {
  if (!existsSync(PYTHON)) return false;
  const r = spawnSync(PYTHON, ["-c", "import nbclient, nbconvert, ipykernel, jupyter_client"], { stdio: "ignore" });
  return r.status === 0;
}
const hasChromium = existsSync("/usr/bin/chromium");
// Jupyter Notebook's own UI: the browser test of live widgets in it (tests/browser/jupyter-ui.test.ts)
const hasNotebookUi = existsSync("/usr/bin/jupyter-notebook");
if (!pythonHasJupyter() || !hasChromium || !hasNotebookUi) {
  const cmd = `apt-get update && apt-get install -y ${DEBIAN_PACKAGES.join(" ")}`;
  if (process.getuid && process.getuid() === 0) {
    log(`installing Debian packages: ${DEBIAN_PACKAGES.join(" ")}`);
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", ...DEBIAN_PACKAGES], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } else {
    console.error(
      `[setup] Jupyter (Debian packages), its Notebook UI or Chromium is missing and this is not root.\n[setup] Run as root:\n  sudo sh -c '${cmd}'\n[setup] then run npm run setup again.`,
    );
    process.exit(1);
  }
} else {
  log("Jupyter and Chromium present");
}

// Kernels: nothing to do here, and no kernel is registered or changed. The notebook
// runner writes and uses a kernelspec of this checkout's own (scripts/run_notebooks.py,
// in node_modules/.cache); a kernel for your own Jupyter is the explicit `npm run kernel`.
log("notebooks run on this checkout's own tslab kernel; for your own Jupyter: npm run kernel");
