// Tests for mutants of src/discordance/roc.ts that survived the first mutation run (issue #22, item 2).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { roc, rocAt, rocTest } from "../../src/discordance/roc";

// pROC reference values, fixture script tests/fixtures/r/survivors.R
const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/r/survivors.json"), "utf8")) as {
  rocTopControl: {
    scores: number[];
    labels: number[];
    auc: number;
    variance: number;
    lower: number;
    upper: number;
    thresholds: (number | null)[];
    sensitivities: number[];
    specificities: number[];
  };
  rocGreater: {
    labels: number[];
    a: number[];
    b: number[];
    aucA: number;
    aucB: number;
    lowerA: number;
    upperA: number;
    at: { threshold: number[]; sensitivity: number[]; specificity: number[] };
    test: { statistic: number; p: number; lower: number; upper: number };
  };
};

describe("roc: a control scores above every case (pROC, tests/fixtures/r/survivors.R)", () => {
  const c = fixture.rocTopControl;
  const r = roc(c.scores, c.labels);
  it("AUC, DeLong variance and CI as pROC", () => {
    expect(r.auc.value).toBeCloseTo(c.auc, 12);
    expect(r.se ** 2).toBeCloseTo(c.variance, 12);
    expect(r.auc.lower).toBeCloseTo(c.lower, 10);
    expect(r.auc.upper).toBeCloseTo(c.upper, 10);
  });
  it("the curve runs to the +Infinity threshold at specificity 1, as pROC's", () => {
    const want = c.thresholds.map((t, i) => (t === null ? (i === 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY) : t));
    expect(Array.from(r.curve.thresholds)).toHaveLength(want.length);
    want.forEach((t, i) => {
      if (Number.isFinite(t)) expect(r.curve.thresholds[i]).toBeCloseTo(t, 12);
      else expect(r.curve.thresholds[i]).toBe(t);
      expect(r.curve.sensitivity[i]).toBeCloseTo(c.sensitivities[i], 12);
      expect(r.curve.specificity[i]).toBeCloseTo(c.specificities[i], 12);
    });
    expect(r.curve.specificity[r.curve.specificity.length - 1]).toBe(1);
  });
});

describe('roc with direction ">": rocAt and rocTest (pROC direction = ">", tests/fixtures/r/survivors.R)', () => {
  const g = fixture.rocGreater;
  const a = roc(g.a, g.labels, { direction: ">" });
  const b = roc(g.b, g.labels, { direction: ">" });
  it("AUC and DeLong CI as pROC", () => {
    expect(a.auc.value).toBeCloseTo(g.aucA, 12);
    expect(b.auc.value).toBeCloseTo(g.aucB, 12);
    expect(a.auc.lower).toBeCloseTo(g.lowerA, 10);
    expect(a.auc.upper).toBeCloseTo(g.upperA, 10);
  });
  it("rocAt: sensitivity and specificity at thresholds as pROC::coords (a case is called when score < threshold)", () => {
    g.at.threshold.forEach((t, i) => {
      const p = rocAt(a, t);
      expect(p.threshold).toBe(t);
      expect(p.sensitivity).toBeCloseTo(g.at.sensitivity[i], 12);
      expect(p.specificity).toBeCloseTo(g.at.specificity[i], 12);
    });
  });
  it("rocTest: paired DeLong test of two '>' curves as pROC::roc.test", () => {
    const t = rocTest(a, b);
    expect(t.aucA).toBeCloseTo(g.aucA, 12);
    expect(t.aucB).toBeCloseTo(g.aucB, 12);
    expect(t.statistic).toBeCloseTo(g.test.statistic, 9);
    expect(t.p).toBeCloseTo(g.test.p, 9);
    expect(t.difference.lower).toBeCloseTo(g.test.lower, 9);
    expect(t.difference.upper).toBeCloseTo(g.test.upper, 9);
  });
});

describe("roc keeps its own copy of the caller's scores", () => {
  // The result keeps the scores for rocAt and rocTest; a caller reusing its Float64Array afterwards
  // must not change what the result says (the AUC 0.88 curve of the rocAt JSDoc example).
  const values = [40, 90, 150, 220, 310, 120, 480, 650, 900, 1200];
  const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
  it("the caller's arrays are not modified, and later changes to them do not reach the result", () => {
    const scores = Float64Array.from(values);
    const lab = labels.slice();
    const r = roc(scores, lab);
    const other = roc(
      Float64Array.from([2, 12, 4, 8, 3, 6, 15, 5, 30, 9]),
      labels.map((l) => l === 1),
    );
    expect(Array.from(scores)).toEqual(values);
    expect(lab).toEqual(labels);
    // hand count at threshold 250: cases above 250 are 480, 650, 900, 1200 (4 of 5); controls at or below: 4 of 5
    expect(rocAt(r, 250)).toEqual({ threshold: 250, sensitivity: 0.8, specificity: 0.8 });
    const before = rocTest(r, other);
    scores.fill(0); // the caller reuses its buffer
    expect(rocAt(r, 250)).toEqual({ threshold: 250, sensitivity: 0.8, specificity: 0.8 });
    const after = rocTest(r, other);
    expect(after.statistic).toBe(before.statistic);
    expect(after.p).toBe(before.p);
    expect(r.delong.scores).not.toBe(scores);
  });
});
