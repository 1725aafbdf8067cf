import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { roc, rocAt, rocBestThreshold, rocTest } from "../../src/discordance/roc";

interface Best {
  threshold: number | number[];
  sensitivity: number | number[];
  specificity: number | number[];
}
interface Case {
  name: string;
  scores: (number | null)[];
  labels: number[];
  direction: "<" | ">";
  auc: number;
  lower: number;
  upper: number;
  lower90: number;
  upper90: number;
  variance: number;
  thresholds: (number | null)[];
  sensitivities: number[];
  specificities: number[];
  bestYouden: Best;
  bestYoudenWeighted: Best;
  bestTopleft: Best;
  bestTopleftWeighted: Best;
}
// pROC 1.18 reference values, fixture script tests/fixtures/r/roc.R
const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/r/roc.json"), "utf8")) as {
  cases: Case[];
  paired: {
    labels: number[];
    a: number[];
    b: number[];
    aucA: number;
    aucB: number;
    statistic: number;
    p: number;
    lower: number;
    upper: number;
  };
};

const arr = (x: number | number[]): number[] => (Array.isArray(x) ? x : [x]);

describe("roc against pROC (tests/fixtures/r/roc.R)", () => {
  for (const c of fixture.cases) {
    describe(c.name, () => {
      const scores = c.scores.map((s) => (s === null ? Number.NaN : s));
      const hasMissing = scores.some(Number.isNaN);
      const r = roc(scores, c.labels, { direction: c.direction, missing: hasMissing ? "drop" : "error" });
      it("AUC, DeLong variance and CI", () => {
        expect(r.auc.value).toBeCloseTo(c.auc, 12);
        expect(r.se ** 2).toBeCloseTo(c.variance, 12);
        expect(r.auc.lower).toBeCloseTo(c.lower, 10);
        expect(r.auc.upper).toBeCloseTo(c.upper, 10);
        expect(r.auc.method).toBe("DeLong");
        const r90 = roc(scores, c.labels, { direction: c.direction, missing: hasMissing ? "drop" : "error", confidence: 0.9 });
        expect(r90.auc.lower).toBeCloseTo(c.lower90, 10);
        expect(r90.auc.upper).toBeCloseTo(c.upper90, 10);
      });
      it("curve: thresholds at midpoints, sensitivities, specificities", () => {
        const n = c.thresholds.length;
        expect(r.curve.thresholds.length).toBe(n);
        const inf = c.direction === "<" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
        expect(r.curve.thresholds[0]).toBe(inf);
        expect(r.curve.thresholds[n - 1]).toBe(-inf);
        for (let k = 1; k < n - 1; k++) expect(r.curve.thresholds[k]).toBeCloseTo(c.thresholds[k] as number, 9);
        for (let k = 0; k < n; k++) {
          expect(r.curve.sensitivity[k]).toBeCloseTo(c.sensitivities[k], 12);
          expect(r.curve.specificity[k]).toBeCloseTo(c.specificities[k], 12);
        }
      });
      it("best thresholds (pROC coords best, best.weights)", () => {
        const check = (ours: ReturnType<typeof rocBestThreshold>, theirs: Best) => {
          const t = arr(theirs.threshold);
          expect(ours.best.length).toBe(t.length);
          const ourSorted = [...ours.best].sort((a, b) => a.threshold - b.threshold);
          const idx = t.map((_, i) => i).sort((i, j) => t[i] - t[j]);
          idx.forEach((i, k) => {
            expect(ourSorted[k].threshold).toBeCloseTo(t[i], 9);
            expect(ourSorted[k].sensitivity).toBeCloseTo(arr(theirs.sensitivity)[i], 12);
            expect(ourSorted[k].specificity).toBeCloseTo(arr(theirs.specificity)[i], 12);
          });
        };
        check(rocBestThreshold(r), c.bestYouden);
        check(rocBestThreshold(r, { cost: 2, prevalence: 0.3 }), c.bestYoudenWeighted);
        check(rocBestThreshold(r, { method: "closest.topleft" }), c.bestTopleft);
        check(rocBestThreshold(r, { method: "closest.topleft", cost: 0.5, prevalence: 0.2 }), c.bestTopleftWeighted);
      });
    });
  }

  it("Hanley & McNeil 1982 CT ratings: AUC 0.893 (Radiology 143:29, Table 1 and text)", () => {
    const c = fixture.cases.find((x) => x.name === "hanley-mcneil-1982") as Case;
    const r = roc(c.scores as number[], c.labels);
    expect(r.nControls).toBe(58);
    expect(r.nCases).toBe(51);
    expect(r.auc.value).toBeCloseTo(0.893, 3);
  });

  it("paired DeLong test matches pROC roc.test(paired = TRUE)", () => {
    const p = fixture.paired;
    const t = rocTest(roc(p.a, p.labels), roc(p.b, p.labels));
    expect(t.aucA).toBeCloseTo(p.aucA, 12);
    expect(t.aucB).toBeCloseTo(p.aucB, 12);
    expect(t.statistic).toBeCloseTo(p.statistic, 10);
    expect(t.p).toBeCloseTo(p.p, 10);
    expect(t.difference.lower).toBeCloseTo(p.lower, 10);
    expect(t.difference.upper).toBeCloseTo(p.upper, 10);
  });
});

function bruteAuc(s: number[], l: number[]): number {
  let sum = 0;
  let n1 = 0;
  let n0 = 0;
  for (let i = 0; i < s.length; i++) {
    if (l[i]) n1++;
    else n0++;
    if (!l[i]) continue;
    for (let j = 0; j < s.length; j++) if (!l[j]) sum += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
  }
  return sum / n1 / n0;
}

const sample = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { minLength: 4, maxLength: 60 })
  .filter((xs) => xs.filter((x) => x[1]).length >= 2 && xs.filter((x) => !x[1]).length >= 2);

describe("roc properties", () => {
  it("AUC equals the brute-force Mann-Whitney count with ties as one half", () => {
    fc.assert(
      fc.property(sample, (xs) => {
        const s = xs.map((x) => x[0]);
        const l = xs.map((x) => (x[1] ? 1 : 0));
        expect(roc(s, l).auc.value).toBeCloseTo(bruteAuc(s, l), 12);
      }),
    );
  });
  it("direction '>' on negated scores gives the same AUC and variance; a monotone transform changes nothing", () => {
    fc.assert(
      fc.property(sample, (xs) => {
        const s = xs.map((x) => x[0]);
        const l = xs.map((x) => x[1]);
        const a = roc(s, l);
        const b = roc(
          s.map((v) => -v),
          l,
          { direction: ">" },
        );
        const c = roc(
          s.map((v) => Math.exp(v)),
          l,
        );
        expect(b.auc.value).toBeCloseTo(a.auc.value, 12);
        expect(b.se).toBeCloseTo(a.se, 12);
        expect(c.se).toBeCloseTo(a.se, 12);
        expect(a.auc.lower).toBeLessThanOrEqual(a.auc.value);
        expect(a.auc.upper).toBeGreaterThanOrEqual(a.auc.value);
      }),
    );
  });
  it("rocTest of a curve with itself: z = 0, p = 1", () => {
    const r = roc([1, 2, 3, 4, 5, 2], [0, 0, 1, 1, 1, 1]);
    const t = rocTest(r, r);
    expect(t.statistic).toBe(0);
    expect(t.p).toBe(1);
  });
  it("rocAt reads sensitivity and specificity at a threshold", () => {
    const r = roc([1, 2, 3, 4, 5, 6], [0, 0, 1, 0, 1, 1]);
    // cases 3, 5, 6; controls 1, 2, 4
    expect(rocAt(r, 3.5)).toEqual({ threshold: 3.5, sensitivity: 2 / 3, specificity: 2 / 3 });
    expect(rocAt(r, 4.5)).toEqual({ threshold: 4.5, sensitivity: 2 / 3, specificity: 1 });
    expect(rocAt(r, 2.5)).toEqual({ threshold: 2.5, sensitivity: 1, specificity: 2 / 3 });
  });
});

describe("roc errors and edge cases", () => {
  it("a single class is a clear InputError", () => {
    expect(() => roc([1, 2, 3], [1, 1, 1])).toThrow(InputError);
    expect(() => roc([1, 2, 3], [1, 1, 1])).toThrow(/both classes/);
  });
  it("one case only: AUC exists but DeLong does not, so it says so", () => {
    expect(() => roc([1, 2, 3], [0, 0, 1])).toThrow(/single case or control/);
  });
  it("NaN or missing scores throw by default, naming the index", () => {
    expect(() => roc([1, Number.NaN, 3, 4], [0, 0, 1, 1])).toThrow(/scores\[1\]/);
    expect(() => roc([1, null as unknown as number, 3, 4], [0, 0, 1, 1])).toThrow(InputError);
  });
  it("missing: 'drop' removes the rows and counts them", () => {
    const r = roc([1, Number.NaN, 3, 4, 0.5, 2], [0, 0, 1, 1, 0, 1], { missing: "drop" });
    expect(r.dropped).toBe(1);
    expect(r.nControls).toBe(2);
    expect(r.auc.value).toBe(1);
  });
  it("labels other than 0/1/true/false and length mismatch throw", () => {
    expect(() => roc([1, 2, 3, 4], [0, 2, 1, 1])).toThrow(/labels\[1\]/);
    expect(() => roc([1, 2, 3, 4], [0, 1, 1])).toThrow(/labels/);
  });
  it("all scores tied: AUC 0.5 with zero variance, CI collapses to 0.5", () => {
    const r = roc([2, 2, 2, 2], [0, 1, 0, 1]);
    expect(r.auc.value).toBe(0.5);
    expect(r.auc.lower).toBe(0.5);
    expect(r.auc.upper).toBe(0.5);
    expect(r.curve.thresholds.length).toBe(2);
  });
  it("rocTest refuses unpaired curves", () => {
    const a = roc([1, 2, 3, 4], [0, 0, 1, 1]);
    const b = roc([1, 2, 3, 4], [0, 1, 0, 1]);
    expect(() => rocTest(a, b)).toThrow(/same patients/);
  });
});

describe("direction 'auto' follows pROC's median rule", () => {
  it("picks '>' when the controls' median is higher, giving pROC's AUC for that data", () => {
    const c = fixture.cases.find((x) => x.name === "direction-greater") as Case;
    const r = roc(c.scores as number[], c.labels, { direction: "auto" });
    expect(r.direction).toBe(">");
    expect(r.auc.value).toBeCloseTo(c.auc, 12);
  });
});

describe("roc helpers: hostile input (issue 14)", () => {
  const r = roc([1, 2, 3, 4, 5, 6], [0, 0, 1, 0, 1, 1]);
  it("rocAt, rocBestThreshold and rocTest refuse values that are not roc() results", () => {
    expect(() => rocAt({} as never, 1)).toThrow(/result\.curve/);
    expect(() => rocAt(undefined as never, 1)).toThrow(/result: got undefined/);
    expect(() => rocBestThreshold({} as never)).toThrow(/result\.curve/);
    expect(() => rocBestThreshold(r, null as never)).toThrow(/options: got null/);
    expect(() => rocTest({} as never, r)).toThrow(/a\.curve/);
    expect(() => rocTest(r, { ...r, nCases: 99 })).toThrow(/b\.nCases/);
    expect(() => roc([1, 2, 3, 4], [0, 0, 1, 1], null as never)).toThrow(/options: got null/);
  });
  it("midpoint thresholds of scores near ±1e308 do not overflow: only the two documented end sentinels are infinite", () => {
    const big = roc([1e308, 1.7e308, -1.7e308, -1e308], [1, 1, 0, 0]);
    expect(Array.from(big.curve.thresholds.slice(1, -1)).every(Number.isFinite)).toBe(true);
    expect(big.curve.thresholds[2]).toBe(0);
  });
  it("rocAt needs a finite threshold (the result never echoes an Infinity)", () => {
    expect(() => rocAt(r, Number.POSITIVE_INFINITY)).toThrow(/threshold: got Infinity/);
    expect(rocAt(r, 3.5).sensitivity).toBeCloseTo(2 / 3, 12);
  });
});
