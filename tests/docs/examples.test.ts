// Executable documentation (issue 15, item 2): every function exported from src/index.ts has a JSDoc
// @example, and every `expr // <literal>` line in it prints what it says. The format is described in
// tests/docs/doctest.ts (parseExpectation, compileExample).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../../src/index";
import {
  collectDocFunctions,
  compileExample,
  type DocFunction,
  mismatch,
  parseExpectation,
  printedTolerance,
  REPO_ROOT,
  runExample,
} from "./doctest";

// Examples read data by repository-relative paths (loadCohort("data/uc")).
if (process.cwd() !== REPO_ROOT) process.chdir(REPO_ROOT);

const functions: DocFunction[] = collectDocFunctions();
const publicNames = Object.keys(api);
const modules = [...new Set(functions.map((f) => f.module))].sort();

describe("the doc-test format", () => {
  const value = (c: string) => {
    const e = parseExpectation(c);
    if (e.kind !== "value") throw new Error(`not a value: ${c}`);
    return e.expected;
  };

  it("reads the tolerance from the printed precision", () => {
    expect(printedTolerance("0.407")).toBeCloseTo(0.0005, 15);
    expect(printedTolerance("6")).toBe(0.5);
    expect(printedTolerance("1e-9")).toBeCloseTo(0.5e-9, 20);
    expect(printedTolerance("1.5e-3")).toBeCloseTo(0.5e-4, 18);
    expect(mismatch(value("0.407"), 0.4074)).toBeUndefined();
    expect(mismatch(value("0.407"), 0.4076)).toMatch(/expected 0.407/);
    expect(mismatch(value("≈ 6"), 6.49)).toBeUndefined();
    expect(mismatch(value("~6"), 6.51)).toBeDefined();
    expect(mismatch(value("-2.5"), -2.54)).toBeUndefined();
    expect(mismatch(value("−2.5 l/min"), -2.54)).toBeUndefined();
    expect(mismatch(value("2e−3"), 0.00204)).toBeUndefined();
    expect(mismatch(value("1e-9"), 1.4e-9)).toBeUndefined();
    expect(mismatch(value("1e-9"), 1.6e-9)).toBeDefined();
    expect(mismatch(value("6"), "6")).toBeDefined();
  });

  it("separates the literal from its note", () => {
    expect(value("8.51: SES-CD inter-reader SEM")).toMatchObject({ kind: "number", value: 8.51 });
    expect(value("0.75 (three readings)")).toMatchObject({ kind: "number", value: 0.75 });
    expect(value('"CD001" (the first patient)')).toEqual({ kind: "exact", value: "CD001" });
    expect(value("9 readings")).toMatchObject({ kind: "number", value: 9 });
    expect(value("true, since ...")).toEqual({ kind: "exact", value: true });
    expect(parseExpectation("2026-01-05 is a date, not a number")).toEqual({ kind: "none" });
    expect(parseExpectation("the mean of the readings")).toEqual({ kind: "none" });
    expect(parseExpectation("throws InputError (negative dose)")).toEqual({ kind: "throws", error: "InputError" });
    expect(() => parseExpectation("[1, 2")).toThrow();
  });

  it("compares arrays and objects deeply, objects as a subset, `...` as a prefix", () => {
    expect(mismatch(value("[0, 2, 6, 14]"), [0, 2, 6, 14])).toBeUndefined();
    expect(mismatch(value("[0, 2, 6, 14]"), [0, 2, 6, 14, 22])).toBeDefined();
    expect(mismatch(value("[0, 2, 6, 14, ...]"), [0, 2, 6, 14, 22])).toBeUndefined();
    expect(mismatch(value("[0, 2, 6, 14, ...]"), [0, 2, 6])).toBeDefined();
    expect(mismatch(value("[0.5, 1]"), new Float64Array([0.46, 1.2]))).toBeUndefined();
    expect(mismatch(value('{ verdict: "low" }'), { verdict: "low", reasons: [] })).toBeUndefined();
    expect(mismatch(value('{ verdict: "low" }'), { verdict: "high" })).toMatch(/\.verdict/);
    expect(mismatch(value("{ a: { b: [1, 2] }, 'c': null }"), { a: { b: [1, 2], x: 1 }, c: null })).toBeUndefined();
    expect(mismatch(value("{ a: 1 }"), {})).toMatch(/key a/);
  });

  it("checks expressions, declared names and thrown errors, and reports line, expected and actual", async () => {
    const code = [
      "const k = spearmanBrown(0.5, 3); // 0.75",
      "k * 2 // 1.5",
      "spearmanBrown(0.5,",
      "  3) // 0.76 (wrong on purpose)",
      "spearmanBrown(2, 3); // throws InputError",
      "[1, 2, 3].map((x) => x * x) // [1, 4, ...]",
    ].join("\n");
    const compiled = compileExample({ code, line: 10 }, publicNames);
    expect(compiled.checks.map((c) => c.line)).toEqual([10, 11, 13, 14, 15]);
    const run = await runExample(compiled, api, (l) => `f.ts:${l}`);
    expect(run.checked).toBe(5);
    expect(run.failures).toHaveLength(1);
    expect(run.failures[0]).toContain("f.ts:13");
    expect(run.failures[0]).toContain("expected: 0.76");
    expect(run.failures[0]).toContain("actual:   0.75");
  });

  it("refuses a checked line that runs on into the next statement (a line starting with [ or ()", () => {
    expect(() => compileExample({ code: "spearmanBrown(0.5, 3) // 0.75\n[1, 2].length // 2", line: 1 }, publicNames)).toThrow(
      /line 1: .*end the line with ";"/,
    );
  });

  it("refuses an expectation inside a block, where it would never be checked", () => {
    expect(() => compileExample({ code: "for (const x of [1]) {\n  x // 1\n}", line: 7 }, publicNames)).toThrow(
      /line 8: an expectation inside a block/,
    );
  });

  it("fails an example that throws where no error was announced, or that does not throw where one was", async () => {
    const boom = await runExample(
      compileExample({ code: "const x = 1; // 1\nspearmanBrown(2, 3)", line: 1 }, publicNames),
      api,
      (l) => `L${l}`,
    );
    expect(boom.failures).toEqual([expect.stringMatching(/^L2: threw InputError/)]);
    const quiet = await runExample(
      compileExample({ code: "spearmanBrown(0.5, 3) // throws InputError", line: 1 }, publicNames),
      api,
      String,
    );
    expect(quiet.failures).toEqual([expect.stringContaining("returned normally")]);
    const wrong = await runExample(compileExample({ code: "spearmanBrown(2, 3) // throws UnitError", line: 1 }, publicNames), api, String);
    expect(wrong.failures).toEqual([expect.stringContaining("threw InputError")]);
  });
});

describe("the runner finds the public functions", () => {
  it("follows re-exports to functions, overloads and const arrow functions, with each @example block", () => {
    const found = collectDocFunctions(join(__dirname, "fixtures", "api", "index.ts"));
    expect(found.map((f) => [f.name, f.examples.map((e) => e.code.trim())])).toEqual([
      ["bare", []],
      ["half", ["half(3) // 1.5"]],
      ["twice", ["twice(2) // 4", 'twice("a") // "aa"']],
    ]);
    expect(found.find((f) => f.name === "twice")?.examples.map((e) => e.line)).toEqual([5, 6]); // the line of each @example tag
  });

  it("reads src/index.ts's export list, including exported const arrow functions", () => {
    const names = new Set(functions.map((f) => f.name));
    for (const n of ["icc", "spearmanBrown", "loadCohort", "simulate", "show"]) expect(names, n).toContain(n);
    // every function found is a public runtime export, and every public function is found
    for (const f of functions) expect(typeof (api as Record<string, unknown>)[f.name], f.name).toBe("function");
    const classes = new Set(["IbdLabError", "InputError", "UnitError", "ConvergenceError", "EnvironmentError"]);
    const runtimeFunctions = publicNames.filter((n) => typeof (api as Record<string, unknown>)[n] === "function" && !classes.has(n));
    expect(runtimeFunctions.filter((n) => !names.has(n))).toEqual([]);
  });
});

for (const module of modules) {
  const inModule = functions.filter((f) => f.module === module);
  describe(`src/${module}`, () => {
    // Coverage, one assertion per module so a failure lists that module's missing functions.
    it("every exported function has an @example", () => {
      const missing = inModule.filter((f) => f.examples.length === 0).map((f) => `${f.name} (${f.file}:${f.line})`);
      expect(missing, `src/${module}: ${missing.length} exported function(s) without an @example`).toEqual([]);
    });
    for (const f of inModule)
      f.examples.forEach((example, i) => {
        const label = `${f.name} @example ${i + 1} (${f.file}:${example.line})`;
        it(label, async () => {
          let compiled: ReturnType<typeof compileExample>;
          try {
            compiled = compileExample(example, publicNames);
          } catch (e) {
            throw new Error(`${f.file}: ${f.name}: ${(e as Error).message}`);
          }
          const run = await runExample(compiled, api, (line) => `${f.file}:${line} (${f.name})`);
          expect(run.failures, run.failures.join("\n\n")).toEqual([]);
        }, 30_000);
      });
  });
}
