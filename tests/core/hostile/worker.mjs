// Runs hostile calls against one exported function of the built library (dist/index.js) and
// reports every call that threw something other than an IbdLabError or returned NaN/Infinity.
// Runs in a worker thread so that the parent can time it out (a hang) or cap its memory.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import fc from "fast-check";

const require = createRequire(import.meta.url);
const lib = require(workerData.distIndex);
const { name, seed, numRuns, allowInfinity } = workerData;
const f = lib[name];

/** Values an untyped caller (a notebook) can pass by mistake. */
const hostileLeaf = () =>
  fc.constantFrom(
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -1,
    0,
    1,
    0.5,
    2.5,
    1e308,
    "",
    "abc",
    "12",
    "__proto__",
    "constructor",
    "2023-01-01",
    true,
    [],
    [Number.NaN],
    [1, 2, 3],
    [[1, 2], [3]],
    [
      [1, 2],
      [3, 4],
    ],
    {},
    new Float64Array(0),
  );
const hostileObject = fc.dictionary(
  fc.constantFrom(
    "n",
    "seed",
    "weightKg",
    "albuminGdl",
    "timesDays",
    "levelUgMl",
    "drug",
    "date",
    "value",
    "count",
    "intervalDays",
    "amountMg",
    "radiusMm",
    "lengthMm",
    "confidence",
    "__proto__",
    "constructor",
  ),
  hostileLeaf(),
  { maxKeys: 4 },
);
const hostile = fc.oneof({ weight: 3, arbitrary: hostileLeaf() }, { weight: 1, arbitrary: hostileObject });

/** Paths of NaN / Infinity numbers inside a result (depth-limited, cycle-safe). */
function badNumbers(value, path = "result", seen = new Set(), depth = 0, out = []) {
  if (out.length > 3 || depth > 6) return out;
  if (typeof value === "number") {
    if (Number.isNaN(value) || (!allowInfinity && !Number.isFinite(value))) out.push(`${path} = ${value}`);
    return out;
  }
  if (value === null || typeof value !== "object" || seen.has(value)) return out;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    for (let i = 0; i < Math.min(value.length, 1000); i++) badNumbers(value[i], `${path}[${i}]`, seen, depth + 1, out);
    return out;
  }
  for (const [k, v] of Object.entries(value).slice(0, 200)) badNumbers(v, `${path}.${k}`, seen, depth + 1, out);
  return out;
}

const failures = [];
const arity = Math.max(1, Math.min(f.length, 4));
const describe = (v) => {
  try {
    return JSON.stringify(v, (_k, x) =>
      typeof x === "number" && !Number.isFinite(x) ? String(x) : x === undefined ? "undefined" : x,
    )?.slice(0, 160);
  } catch {
    return String(v);
  }
};
fc.assert(
  fc.property(fc.array(hostile, { minLength: 1, maxLength: arity + 1 }), (args) => {
    let result;
    try {
      result = f(...args);
    } catch (e) {
      if (!(e instanceof lib.IbdLabError))
        failures.push({ args: describe(args), problem: `${e?.constructor?.name}: ${String(e?.message).slice(0, 160)}` });
      return true;
    }
    if (result && typeof result.then === "function") {
      result.catch(() => {});
      return true;
    }
    const bad = badNumbers(result);
    if (bad.length) failures.push({ args: describe(args), problem: `non-finite ${bad.join("; ")}` });
    return true;
  }),
  { seed, numRuns },
);
parentPort.postMessage({ failures });
