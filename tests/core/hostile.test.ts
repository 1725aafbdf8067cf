// Issue 14: every export of src/index.ts, called with hostile values (null, undefined, NaN, ±Infinity,
// strings, empty and ragged arrays, prototype keys), throws an IbdLabError subclass or returns a result
// without NaN or Infinity, and never hangs or runs out of memory. Each function is fuzzed in its own
// worker thread against the built library (dist/, built by `npm test` before vitest runs), with a time
// limit and a memory cap, so a hang or a runaway allocation is a test failure and not a stuck CI.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import * as lib from "../../src/index";

const distIndex = join(__dirname, "..", "..", "dist", "index.js");
const workerFile = join(__dirname, "hostile", "worker.mjs");
const SEED = Number(process.env.FC_SEED ?? 20261125);
const NUM_RUNS = 150;
const TIME_LIMIT_MS = 20_000;

/** Classes (error constructors) are not called; everything else that is a function is. */
const functions = Object.entries(lib)
  .filter(([, v]) => typeof v === "function" && !/^class\s/.test(Function.prototype.toString.call(v)))
  .map(([k]) => k)
  .sort();

/** Exports documented to return ±Infinity for some valid input (none so far). */
const ALLOW_INFINITY = new Set<string>([]);

interface Outcome {
  failures: { args: string; problem: string }[];
  error?: string;
}

function fuzz(name: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const w = new Worker(workerFile, {
      workerData: { distIndex, name, seed: SEED, numRuns: NUM_RUNS, allowInfinity: ALLOW_INFINITY.has(name) },
      resourceLimits: { maxOldGenerationSizeMb: 768 },
      stdout: true,
      stderr: true,
    });
    const timer = setTimeout(() => {
      void w.terminate();
      resolve({ failures: [], error: `did not finish ${NUM_RUNS} hostile calls within ${TIME_LIMIT_MS / 1000} s (a hang?)` });
    }, TIME_LIMIT_MS);
    w.on("message", (m: Outcome) => {
      clearTimeout(timer);
      void w.terminate();
      resolve(m);
    });
    w.on("error", (e) => {
      clearTimeout(timer);
      resolve({ failures: [], error: `${e.name}: ${e.message}` });
    });
  });
}

describe("every export survives hostile input", () => {
  it("the built library exists and exports the same functions as src", async () => {
    expect(existsSync(distIndex), "run npm run build first").toBe(true);
    const built = await import(distIndex);
    for (const name of functions) expect(typeof built[name], name).toBe("function");
  });

  for (const name of functions) {
    it(name, async () => {
      const out = await fuzz(name);
      expect(out.error, `${name}: ${out.error}`).toBeUndefined();
      expect(out.failures.slice(0, 3), `${name}: ${out.failures.length} bad calls`).toEqual([]);
    });
  }
});
