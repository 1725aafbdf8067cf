import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { wilson } from "../../src/core/intervals";
import { diagnosticAccuracy } from "../../src/discordance/accuracy";
import { spearmanCorrelation } from "../../src/discordance/spearman";

const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/r/roc.json"), "utf8")) as {
  wilson: { x: number; n: number; lower: number; upper: number }[];
  spearman: { x: number[]; y: number[]; r: number; bonettWright: number[]; fieller: number[] };
};

describe("wilson", () => {
  // R prop.test(x, n, correct = FALSE)$conf.int, fixture script tests/fixtures/r/roc.R
  for (const w of fixture.wilson) {
    it(`${w.x}/${w.n} matches prop.test(correct = FALSE)`, () => {
      const e = wilson(w.x, w.n);
      expect(e.lower).toBeCloseTo(w.lower, 12);
      expect(e.upper).toBeCloseTo(w.upper, 12);
      expect(e.method).toBe("Wilson");
    });
  }
  it("rejects x > n and non-integers", () => {
    expect(() => wilson(5, 4)).toThrow(InputError);
    expect(() => wilson(1.5, 4)).toThrow(/x/);
  });
});

describe("diagnosticAccuracy", () => {
  it("reproduces Simel, Rennie & Bossuyt 2008 (J Gen Intern Med 23:768, PMC2517891), Table 5", () => {
    // Examiner 1: 30 with the condition (sensitivity 0.67), 70 without (specificity 0.79):
    // LR+ 3.1 (1.9-5.2), LR- 0.42 (0.25-0.71).
    const a = diagnosticAccuracy({ tp: 20, fn: 10, fp: 15, tn: 55 });
    expect(a.sensitivity.value).toBeCloseTo(0.67, 2);
    expect(a.specificity.value).toBeCloseTo(0.79, 2);
    expect(a.lrPositive.value).toBeCloseTo(3.1, 1);
    expect(a.lrPositive.lower).toBeCloseTo(1.9, 1);
    expect(a.lrPositive.upper).toBeCloseTo(5.2, 1);
    expect(a.lrNegative.value).toBeCloseTo(0.42, 2);
    expect(a.lrNegative.lower).toBeCloseTo(0.25, 2);
    expect(a.lrNegative.upper).toBeCloseTo(0.71, 2);
    // Examiner 2: 23 with (0.65), 57 without (0.91): LR+ 7.4 (3.0-18), LR- 0.38 (0.22-0.67).
    const b = diagnosticAccuracy({ tp: 15, fn: 8, fp: 5, tn: 52 });
    expect(b.lrPositive.value).toBeCloseTo(7.4, 1);
    // The published lower bound "3.0" is not reproduced: the log method gives 3.06 here (every other figure matches).
    expect(Math.round(b.lrPositive.upper)).toBe(18);
    expect(b.lrNegative.value).toBeCloseTo(0.38, 2);
    expect(b.lrNegative.lower).toBeCloseTo(0.22, 2);
    expect(b.lrNegative.upper).toBeCloseTo(0.67, 2);
    expect(b.lrCorrection).toBe(0);
  });
  it("predictive values and prevalence follow the table", () => {
    const a = diagnosticAccuracy({ tp: 45, fp: 15, fn: 5, tn: 85 });
    expect(a.ppv?.value).toBe(45 / 60);
    expect(a.npv?.value).toBe(85 / 90);
    expect(a.prevalence).toBe(50 / 150);
    expect(a.lrPositive.method).toMatch(/Simel/);
  });
  it("zero cells: LRs use +0.5 in every cell and say so; PPV undefined when no positives", () => {
    const a = diagnosticAccuracy({ tp: 10, fp: 0, fn: 2, tn: 20 });
    expect(a.lrCorrection).toBe(0.5);
    expect(Number.isFinite(a.lrPositive.value)).toBe(true);
    expect(a.lrPositive.value).toBeCloseTo(10.5 / 13 / (0.5 / 21), 12);
    expect(a.notes.join(" ")).toMatch(/0.5 was added/);
    const b = diagnosticAccuracy({ tp: 0, fp: 0, fn: 3, tn: 7 });
    expect(b.ppv).toBeNull();
    expect(b.sensitivity.value).toBe(0);
  });
  it("no diseased or no non-diseased patients is an InputError", () => {
    expect(() => diagnosticAccuracy({ tp: 0, fp: 3, fn: 0, tn: 7 })).toThrow(/tp \+ fn/);
    expect(() => diagnosticAccuracy({ tp: 3, fp: 0, fn: 1, tn: 0 })).toThrow(/fp \+ tn/);
    expect(() => diagnosticAccuracy({ tp: -1, fp: 0, fn: 1, tn: 3 })).toThrow(InputError);
  });
  it("every interval contains its estimate and is finite (property)", () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(50), (tp, fp, fn, tn) => {
        fc.pre(tp + fn > 0 && fp + tn > 0);
        const a = diagnosticAccuracy({ tp, fp, fn, tn });
        for (const e of [a.sensitivity, a.specificity, a.lrPositive, a.lrNegative]) {
          expect(Number.isFinite(e.lower) && Number.isFinite(e.upper)).toBe(true);
          expect(e.lower).toBeLessThanOrEqual(e.value + 1e-12);
          expect(e.upper).toBeGreaterThanOrEqual(e.value - 1e-12);
        }
      }),
    );
  });
});

describe("spearmanCorrelation", () => {
  const s = fixture.spearman;
  it("rs matches R cor(method = 'spearman') with ties; CIs match the formulas evaluated in R", () => {
    const bw = spearmanCorrelation(s.x, s.y);
    expect(bw.value).toBeCloseTo(s.r, 12);
    expect(bw.lower).toBeCloseTo(s.bonettWright[0], 12);
    expect(bw.upper).toBeCloseTo(s.bonettWright[1], 12);
    expect(bw.method).toMatch(/Bonett-Wright/);
    const fi = spearmanCorrelation(s.x, s.y, { se: "fieller" });
    expect(fi.lower).toBeCloseTo(s.fieller[0], 12);
    expect(fi.upper).toBeCloseTo(s.fieller[1], 12);
  });
  it("textbook example: perfect monotone relation gives 1; ranks 1..5 vs 2,1,4,3,5 give 0.8", () => {
    expect(spearmanCorrelation([1, 2, 3, 4, 5], [10, 20, 30, 40, 500]).value).toBe(1);
    expect(spearmanCorrelation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).value).toBeCloseTo(0.8, 12);
  });
  it("missing pairs throw unless dropped; constant input and n < 4 throw", () => {
    expect(() => spearmanCorrelation([1, 2, Number.NaN, 4, 5], [1, 2, 3, 4, 5])).toThrow(/x\[2\]/);
    expect(spearmanCorrelation([1, 2, Number.NaN, 4, 5], [1, 3, 3, 4, 5], { missing: "drop" }).n).toBe(4);
    expect(() => spearmanCorrelation([1, 1, 1, 1], [1, 2, 3, 4])).toThrow(/distinct/);
    expect(() => spearmanCorrelation([1, 2, 3], [1, 2, 3])).toThrow(/at least 4/);
  });
});

describe("hostile input (issue 14)", () => {
  it("null options are an InputError in wilson, diagnosticAccuracy and spearmanCorrelation", () => {
    expect(() => wilson(1, 2, null as never)).toThrow(/options: got null/);
    expect(() => diagnosticAccuracy({ tp: 1, fp: 1, fn: 1, tn: 1 }, null as never)).toThrow(/options: got null/);
    expect(() => diagnosticAccuracy([] as never)).toThrow(/table/);
    expect(() => spearmanCorrelation([1, 2, 3, 4], [1, 3, 2, 4], null as never)).toThrow(/options: got null/);
    expect(() => spearmanCorrelation([1, 2, 3, 4], [1, 3, 2, 4], { missing: "constructor" as "drop" })).toThrow(/missing/);
  });
});
