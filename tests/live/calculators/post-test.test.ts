import { describe, expect, it } from "vitest";
import { postTestCalculator } from "../../../src/live/calculators/post-test";
import type { LiveValues } from "../../../src/live/types";
import { likelihoodRatio, postTestProbability } from "../../../src/mimics/bayes";
import { MIMIC_TESTS, type MimicTestId } from "../../../src/mimics/tests";
import { expectInputError } from "./helpers";

const calc = postTestCalculator();
const base: LiveValues = { testId: "custom", pretestProbability: 0.1, sensitivity: 0.9, specificity: 0.958, result: "positive" };
const run = (v: Partial<LiveValues>) => calc.compute({ ...base, ...v } as LiveValues);

/** Bayes in probability form, independent of the odds form the library uses. */
function handPost(p: number, se: number, sp: number, result: "positive" | "negative") {
  return result === "positive" ? (se * p) / (se * p + (1 - sp) * (1 - p)) : ((1 - se) * p) / ((1 - se) * p + sp * (1 - p));
}

const logit = (p: number) => Math.log(p / (1 - p));

describe("post-test calculator", () => {
  it("declares its page contract", () => {
    expect(calc.name).toBe("post-test");
    expect(calc.chapter).toBe("04 Mimics");
    expect(calc.inputs.map((i) => i.name)).toEqual(["testId", "pretestProbability", "sensitivity", "specificity", "result"]);
    expect(calc.outputs.map((o) => o.name)).toEqual(["postTestProbability", "likelihoodRatio", "preTestOdds", "postTestOdds"]);
    const tests = calc.inputs[0] as { options: { value: string }[] };
    expect(tests.options.map((o) => o.value)).toEqual(["custom", ...Object.keys(MIMIC_TESTS)]);
    expect(postTestCalculator(JSON.parse(JSON.stringify({ testId: "sehcat", result: "negative" }))).inputs.map((i) => i.value)).toEqual([
      "sehcat",
      0.1,
      0.9,
      0.958,
      "negative",
    ]);
  });

  it("custom test: Bayes odds form, probability form and the library agree", () => {
    for (const p of [0.001, 0.05, 0.3, 0.5, 0.9, 0.999]) {
      for (const [se, sp] of [
        [0.9, 0.958],
        [0.5, 0.5],
        [0.999, 0.001],
        [0.001, 0.999],
      ]) {
        for (const result of ["positive", "negative"] as const) {
          const out = run({ pretestProbability: p, sensitivity: se, specificity: sp, result }).outputs;
          const lr = result === "positive" ? se / (1 - sp) : (1 - se) / sp;
          expect(out.likelihoodRatio).toBeCloseTo(lr, 12);
          expect(out.preTestOdds).toBeCloseTo(p / (1 - p), 12);
          expect((out.postTestOdds as number) / (out.preTestOdds as number)).toBeCloseTo(lr, 9);
          expect(out.postTestProbability).toBeCloseTo(handPost(p, se, sp, result), 12);
          expect(out.postTestProbability).toBe(postTestProbability(p, { sensitivity: se, specificity: sp }, result).posttest);
          expect(out.likelihoodRatio).toBe(likelihoodRatio({ sensitivity: se, specificity: sp }, result));
        }
      }
    }
  });

  it("a registered test uses its published characteristics and ignores the two fields", () => {
    // C. difficile NAAT (sensitivity 0.9, specificity 0.958 against toxigenic culture): LR+ 21.4; 10 % -> 70 %
    const naat = run({ testId: "cdiffNaat", sensitivity: 0.2, specificity: 0.3 });
    expect(naat.outputs.likelihoodRatio).toBeCloseTo(21.43, 2);
    expect(naat.outputs.postTestProbability).toBeCloseTo(0.704, 3);
    expect(naat.notes.join(" ")).toMatch(/fields are ignored/);
    // the fields are not even read: garbage in them changes nothing
    expect(run({ testId: "cdiffNaat", sensitivity: "x", specificity: -1 }).outputs).toEqual(naat.outputs);
    for (const id of Object.keys(MIMIC_TESTS) as MimicTestId[]) {
      for (const result of ["positive", "negative"] as const) {
        const t = MIMIC_TESTS[id];
        const out = run({ testId: id, pretestProbability: 0.25, result }).outputs;
        expect(out.postTestProbability).toBeCloseTo(handPost(0.25, t.sensitivity, t.specificity, result), 12);
        expect(out.postTestProbability).toBe(postTestProbability(0.25, t, result).posttest);
      }
    }
    expect(run({ testId: "cmvTissueIhc" }).notes.join(" ")).toMatch(/not verified/);
    expect(run({}).notes.join(" ")).not.toMatch(/ignored/);
  });

  it("every output is a finite number", () => {
    for (const v of [
      {},
      { pretestProbability: 0.999, sensitivity: 0.999, specificity: 0.999 },
      { pretestProbability: 0.001, result: "negative" },
    ]) {
      const r = run(v as Partial<LiveValues>);
      for (const o of calc.outputs) expect(Number.isFinite(r.outputs[o.name]), o.name).toBe(true);
    }
  });

  it("validates every field with an InputError naming it", () => {
    expectInputError(() => run({ pretestProbability: 0 }), "pretestProbability");
    expectInputError(() => run({ pretestProbability: 1 }), "pretestProbability");
    expectInputError(() => run({ pretestProbability: Number.NaN }), "pretestProbability");
    expectInputError(() => run({ sensitivity: 1.2 }), "sensitivity");
    expectInputError(() => run({ specificity: 1 }), "specificity");
    expectInputError(() => run({ result: "maybe" }), "result");
    expectInputError(() => run({ testId: "constructor" }), "testId");
    expectInputError(() => postTestCalculator({ pretestProbability: 2 }), "pretestProbability");
    expectInputError(() => postTestCalculator({ testId: "x" as never }), "testId");
  });

  it("draws a Fagan nomogram whose line passes through the three values", () => {
    for (const [p, result] of [
      [0.1, "positive"],
      [0.6, "negative"],
      [0.999, "positive"],
    ] as const) {
      const r = run({ pretestProbability: p, result });
      const f = r.figure;
      const line = f.data.at(-1) as { x: number[]; y: number[] };
      expect(line.x).toEqual([0, 1, 2]);
      const [y0, y1, y2] = line.y;
      expect(y0).toBeCloseTo(-logit(p), 12);
      expect(y1).toBeCloseTo(Math.log(r.outputs.likelihoodRatio as number) / 2, 12);
      expect(y2).toBeCloseTo(Math.log(r.outputs.postTestOdds as number), 9);
      // collinear: the middle point is the mean of the ends (odds form of Bayes' theorem)
      expect(y1).toBeCloseTo((y0 + y2) / 2, 12);
      const yr = (f.layout.yaxis as { range: number[] }).range;
      expect(yr[1]).toBeGreaterThan(Math.max(Math.abs(y0), Math.abs(y2)));
    }
    const f = run({}).figure;
    const names = f.data.map((t) => t.name);
    for (const n of ["pre-test probability axis", "likelihood ratio axis", "post-test probability axis"]) expect(names).toContain(n);
    // left axis ticks: probability p at y = −logit(p); LR ticks at ln(LR)/2
    const left = f.data.find((t) => t.name === "pre-test probability axis ticks") as { y: number[]; text: string[] };
    expect(left.y[left.text.indexOf("10")]).toBeCloseTo(-logit(0.1), 12);
    const mid = f.data.find((t) => t.name === "likelihood ratio axis ticks") as { y: number[]; text: string[] };
    expect(mid.y[mid.text.indexOf("100")]).toBeCloseTo(Math.log(100) / 2, 12);
    expect(f.layout.uirevision).toBe("post-test");
  });
});
