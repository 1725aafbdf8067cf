#!/usr/bin/env node
// The "ibd-lab" Jupyter kernel (installed by `npm run kernel`, scripts/kernel.mjs):
// this checkout's tslab, with `import { icc } from "ibd-lab"` working, types
// included, from a notebook in ANY folder. Jupyter starts it as
//   node <checkout>/scripts/tslab-kernel.cjs --config-path <connection file>
// in the notebook's folder, with NODE_PATH (from kernel.json) naming a folder
// that holds one link, ibd-lab -> <checkout>.
//
// tslab resolves modules twice, and both must find the checkout:
//  - at run time Node's require searches node_modules up from the notebook's
//    folder, then NODE_PATH: the link (re-created here if `npm ci` removed it);
//  - at compile time tslab's TypeScript (Node10 resolution, rooted at the
//    notebook's folder) ignores NODE_PATH and tslab reads no tsconfig. So when
//    no node_modules/ibd-lab is visible from the folder, TypeScript's file
//    system is shown this checkout as <folder>/node_modules/ibd-lab (reads
//    only, nothing is written to the folder), as tslab itself does for its own
//    "tslab" module.
// A folder that installs its own ibd-lab (node_modules/ibd-lab in it or above)
// keeps it, for both. The kernel always runs this checkout's tslab (a folder's
// own node_modules/tslab is not used, since its TypeScript would not be patched).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const tslabDir = path.join(root, "node_modules", "tslab");

/** The NODE_PATH folder kernel.json names; the link inside it points at this checkout. */
const NODE_PATH_DIR = path.join(root, "node_modules", ".cache", "ibd-lab", "node-path");

function ensureNodePathLink() {
  const link = path.join(NODE_PATH_DIR, "ibd-lab");
  try {
    if (fs.realpathSync(link) === fs.realpathSync(root)) return;
  } catch {
    // missing or dangling: (re)create below
  }
  try {
    fs.mkdirSync(NODE_PATH_DIR, { recursive: true });
    const tmp = `${link}.${process.pid}`;
    fs.symlinkSync(root, tmp, "dir");
    fs.renameSync(tmp, link); // atomic: two kernels starting together both succeed
  } catch (e) {
    console.error(`ibd-lab kernel: cannot create ${link} (${e.message}); "ibd-lab" may not be importable at run time`);
  }
}

/** True when TypeScript and Node would find an ibd-lab of the folder's own. */
function hasOwnIbdLab(dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "node_modules", "ibd-lab", "package.json"))) return true;
    if (path.dirname(d) === d) return false;
  }
}

/** Makes TypeScript's file system (ts.sys, which tslab's compiler host reads through) show `root` at <cwd>/node_modules/ibd-lab. */
function showCheckoutToTypeScript(cwd) {
  const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] }));
  const slash = (p) => p.split(path.sep).join("/");
  const virtual = `${slash(cwd)}/node_modules/ibd-lab`;
  const real = slash(root);
  const map = (p) => (typeof p === "string" && (p === virtual || p.startsWith(`${virtual}/`)) ? real + p.slice(virtual.length) : p);
  for (const name of ["fileExists", "readFile", "directoryExists", "getDirectories", "readDirectory", "realpath", "getModifiedTime"]) {
    const original = ts.sys[name];
    if (typeof original !== "function") continue;
    ts.sys[name] = (p, ...rest) => original.call(ts.sys, map(p), ...rest);
  }
}

const args = process.argv.slice(2);
const at = args.indexOf("--config-path");
if (at < 0 || !args[at + 1]) {
  console.error("usage: tslab-kernel.cjs --config-path <connection file> (started by Jupyter; install it with npm run kernel)");
  process.exit(2);
}
ensureNodePathLink();
if (!hasOwnIbdLab(process.cwd())) showCheckoutToTypeScript(process.cwd());
require(path.join(tslabDir, "dist", "main.js")).startKernel({ configPath: args[at + 1], enableFindLocal: false, jsKernel: false });
