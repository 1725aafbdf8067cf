#!/usr/bin/env node
// Builds the browser bundle dist/browser/ibd-lab.js (global `IbdLab`) from src/live/browser.ts with
// esbuild: the same TypeScript as the Node package, so a page computes with the library itself.
// Node-only imports (node:*, tslab, danfojs-node: the cohort loader and the notebook display) are
// replaced by stubs that throw a clear error if a page ever calls them; nothing in the calculators does.
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist", "browser", "ibd-lab.js");
mkdirSync(dirname(outfile), { recursive: true });

const NODE_ONLY = /^(node:.*|fs|path|os|url|worker_threads|child_process|tslab|danfojs-node)$/;
const nodeOnlyStub = {
  name: "node-only-stub",
  setup(b) {
    b.onResolve({ filter: NODE_ONLY }, (args) => ({ path: args.path, namespace: "node-only" }));
    b.onLoad({ filter: /.*/, namespace: "node-only" }, (args) => ({
      contents: `const name = ${JSON.stringify(args.path)};
module.exports = new Proxy({}, { get(_t, key) {
  if (key === "__esModule") return false;
  return function () { throw new Error("ibd-lab in the browser: " + name + "." + String(key) + " is Node only (reading files, the notebook display)"); };
} });`,
      loader: "js",
    }));
  },
};

const result = await build({
  entryPoints: [join(root, "src", "live", "browser.ts")],
  bundle: true,
  format: "iife",
  globalName: "IbdLab",
  platform: "browser",
  target: ["es2020"],
  minify: true,
  sourcemap: false,
  legalComments: "none",
  // a page may run this script inside a function (Jupyter's UI evaluates output scripts that way), where
  // the IIFE's `var IbdLab` would stay local: publish the global explicitly
  footer: { js: 'if(typeof window!=="undefined"){window.IbdLab=IbdLab;}' },
  outfile,
  plugins: [nodeOnlyStub],
  metafile: true,
  logLevel: "warning",
});
const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
if (!process.argv.includes("--quiet")) console.log(`[build-browser] ${outfile} (${(bytes / 1024).toFixed(0)} kB)`);
