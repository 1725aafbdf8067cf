#!/usr/bin/env node
// npm run live: writes the offline teaching site out/live/index.html (plus ibd-lab.js and plotly.min.js
// beside it) from the built package (npm run build runs first). Optional argument: the output folder.
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { writeLiveSite } = require(resolve(root, "dist", "live", "site.js"));
const out = resolve(process.argv[2] ?? resolve(root, "out", "live"));
const index = writeLiveSite(out);
console.log(`[live] ${index}`);
