// How good is a forecast (issue 18 item 4): the statistics of src/pk/prediction-error.ts against
// - scipy and numpy (tests/fixtures/py/prediction_error.py): the median's order-statistic interval
//   (k from scipy.stats.binom.cdf, Conover 1999 section 3.2), its exact coverage, numpy's median; the
//   Wilson interval typed in by hand in Python (Wilson 1927); rPE, mean, rRMSE and the fractions
//   within 20 % and 30 % by numpy on seeded levels, and the 2x2 table they give against 5 ug/mL;
// - hand values: the boundaries of the classification (a level at the target, a censored limit at
//   the target, limits straddling it), and small sums written out.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import type { Observation } from "../../src/pk/bayes";
import {
  fractionWithin,
  levelSide,
  meanOf,
  medianWithInterval,
  predictionErrorSummary,
  relativePredictionError,
  rootMeanSquare,
  targetClassification,
} from "../../src/pk/prediction-error";

interface MedianCase {
  values: number[];
  confidence: number;
  median: number;
  lower: number;
  upper: number;
  k: number;
  coverage: number;
  short: boolean;
}
interface WilsonCase {
  x: number;
  n: number;
  confidence: number;
  value: number;
  lower: number;
  upper: number;
}
interface Fixture {
  median: MedianCase[];
  wilson: WilsonCase[];
  summary: {
    targetTroughUgMl: number;
    observed: number[];
    predicted: number[];
    rpe: number[];
    mean: number;
    rrmse: number;
    within20: number;
    within30: number;
    median: MedianCase;
    table: { tp: number; fp: number; tn: number; fn: number };
    sensitivity: WilsonCase;
    specificity: WilsonCase;
  };
}

function fixture(): Fixture {
  return JSON.parse(readFileSync(join(__dirname, "../fixtures/py/prediction_error.json"), "utf8")) as Fixture;
}

const measured = (c: number, t = 56): Observation => ({ timeDays: t, concentrationUgMl: c });

describe("relativePredictionError", () => {
  it("is 100 (pred - obs) / obs", () => {
    expect(relativePredictionError(6, 5)).toBeCloseTo(20, 12);
    expect(relativePredictionError(2, 8)).toBeCloseTo(-75, 12);
    expect(relativePredictionError(0, 3)).toBe(-100);
    expect(relativePredictionError(3, 3)).toBe(0);
  });
  it("refuses a zero or negative observation, a negative prediction and non-numbers", () => {
    expect(() => relativePredictionError(1, 0)).toThrow(/observedUgMl.*greater than 0/);
    expect(() => relativePredictionError(-1, 2)).toThrow(/predictedUgMl.*>= 0/);
    expect(() => relativePredictionError(Number.NaN, 2)).toThrow(InputError);
    expect(() => relativePredictionError("3" as never, 2)).toThrow(InputError);
    // finite inputs whose error overflows
    expect(() => relativePredictionError(1e308, 1e-10)).toThrow(/relative prediction error/);
  });
});

describe("medianWithInterval against scipy (order statistics from Binomial(n, 1/2))", () => {
  it("gives numpy's median, scipy's ranks, bounds and exact coverage for every case", () => {
    const cases = fixture().median;
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) {
      const m = medianWithInterval(c.values, { confidence: c.confidence });
      const what = `n = ${c.values.length}, confidence ${c.confidence}`;
      expect(m.value, what).toBeCloseTo(c.median, 10);
      expect(m.ranks, what).toEqual([c.k, c.values.length + 1 - c.k]);
      expect(m.lower, what).toBe(c.lower);
      expect(m.upper, what).toBe(c.upper);
      expect(m.coverage, what).toBeCloseTo(c.coverage, 12);
      expect(m.n).toBe(c.values.length);
      expect(m.confidence).toBe(c.confidence);
      if (c.short) {
        expect(m.coverage).toBeLessThan(c.confidence);
        expect(m.method).toMatch(new RegExp(`too few values \\(${c.values.length}\\).*range x\\(1\\)-x\\(${c.values.length}\\)`));
      } else {
        // at least the confidence asked for (a tail equal to alpha/2, as 1/8 for n = 3 at 75 %, meets it: up to rounding)
        expect(m.coverage).toBeGreaterThanOrEqual(c.confidence - 1e-12);
        expect(m.method).toBe(
          `order statistics x(${c.k}), x(${c.values.length + 1 - c.k}) of ${c.values.length} (binomial, exact coverage ${Number(c.coverage.toFixed(4))})`,
        );
      }
    }
  });

  it("n = 6 at 95 % is the smallest n with an interval (2 x 2^-6 = 0.031 <= 0.05), n = 5 is not", () => {
    // hand: P(X = 0) = 1/64 <= 0.025 for n = 6; 1/32 > 0.025 for n = 5
    const six = medianWithInterval([6, 1, 5, 2, 4, 3]);
    expect(six.value).toBe(3.5);
    expect([six.lower, six.upper]).toEqual([1, 6]);
    expect(six.coverage).toBeCloseTo(1 - 2 / 64, 15);
    expect(six.method).toMatch(/^order statistics x\(1\), x\(6\) of 6/);
    const five = medianWithInterval([5, 1, 4, 2, 3]);
    expect(five.value).toBe(3);
    expect(five.coverage).toBeCloseTo(1 - 2 / 32, 15);
    expect(five.method).toMatch(/too few values \(5\) for a 95 % interval/);
    // a single value: its own interval, coverage 0
    const one = medianWithInterval([7]);
    expect(one).toMatchObject({ value: 7, lower: 7, upper: 7, coverage: 0, ranks: [1, 1] });
    // n = 10, confidence 0.9: P(X <= 1) = 11/1024 <= 0.05 and P(X <= 2) = 56/1024 > 0.05 give k = 2
    const ten = medianWithInterval([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], { confidence: 0.9 });
    expect(ten.ranks).toEqual([2, 9]);
    expect(ten.coverage).toBeCloseTo(1 - 22 / 1024, 15);
    // a confidence near 0: k never passes n/2 (the interval never inverts), here x(1)-x(3)
    expect(medianWithInterval([3, 1, 2], { confidence: 1e-13 }).ranks).toEqual([1, 3]);
    expect(medianWithInterval([4, 1, 2, 3], { confidence: 1e-13 }).ranks).toEqual([2, 3]);
    // the default confidence is 0.95: n = 10 gives k = 2 as well, P(X <= 1) = 11/1024 <= 0.025
    expect(medianWithInterval([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]).confidence).toBe(0.95);
  });

  it("stays inside the data and widens with the confidence", () => {
    const v = fixture().median.find((c) => c.values.length === 100)?.values ?? [];
    const a = medianWithInterval(v, { confidence: 0.8 });
    const b = medianWithInterval(v, { confidence: 0.99 });
    expect(b.lower).toBeLessThan(a.lower);
    expect(b.upper).toBeGreaterThan(a.upper);
    expect(a.lower).toBeLessThanOrEqual(a.value);
    expect(a.upper).toBeGreaterThanOrEqual(a.value);
    // a typed array is accepted, and the input is not reordered
    const t = Float64Array.of(3, 1, 2);
    expect(medianWithInterval(t).value).toBe(2);
    expect(Array.from(t)).toEqual([3, 1, 2]);
  });

  it("refuses an empty list, non-finite values, a confidence outside (0, 1) and more than 10,000,000 values", () => {
    expect(() => medianWithInterval(new Uint8Array(10_000_001))).toThrow(/^values\.length: above the limit.*at most 10,000,000/);
    expect(() => rootMeanSquare(new Uint8Array(10_000_001))).toThrow(/^values\.length: above the limit/);
    expect(() => targetClassification(new Uint8Array(10_000_001) as never, { targetTroughUgMl: 5 })).toThrow(
      /^rows\.length: above the limit/,
    );
    expect(() => medianWithInterval([])).toThrow(/values.*non-empty/);
    expect(() => medianWithInterval([1, Number.NaN])).toThrow(/values\[1\]/);
    expect(() => medianWithInterval([1, 2], { confidence: 1 })).toThrow(/options\.confidence/);
    expect(() => medianWithInterval(null as never)).toThrow(InputError);
    // the median of two huge values stays finite
    expect(medianWithInterval([1.5e308, 1.7e308]).value).toBeCloseTo(1.6e308, -300);
  });
});

describe("rootMeanSquare, meanOf, fractionWithin against numpy and by hand", () => {
  it("match numpy on 60 seeded predictions", () => {
    const s = fixture().summary;
    const rpe = s.observed.map((o, i) => relativePredictionError(s.predicted[i], o));
    rpe.forEach((r, i) => {
      expect(r).toBeCloseTo(s.rpe[i], 10);
    });
    expect(meanOf(rpe)).toBeCloseTo(s.mean, 10);
    expect(rootMeanSquare(rpe)).toBeCloseTo(s.rrmse, 10);
    expect(fractionWithin(rpe, 20)).toBe(s.within20);
    expect(fractionWithin(rpe, 30)).toBe(s.within30);
  });

  it("by hand, the bound itself counted; no overflow near 1e200", () => {
    expect(rootMeanSquare([-30, 40])).toBeCloseTo(Math.sqrt(1250), 12);
    expect(rootMeanSquare([3])).toBe(3);
    expect(rootMeanSquare([0, 0])).toBe(0);
    expect(rootMeanSquare([1e200, -1e200])).toBeCloseTo(1e200, -190);
    expect(meanOf([-30, 40, 5])).toBeCloseTo(5, 12);
    expect(meanOf([1e308, 1e308])).toBe(1e308);
    expect(fractionWithin([-25, -10, 0, 19.9, 20, 31], 20)).toBeCloseTo(4 / 6, 15);
    expect(fractionWithin([-20, 20.0001], 20)).toBe(0.5);
  });

  it("refuse empty lists, non-finite values and a percent that is not > 0", () => {
    expect(() => rootMeanSquare([])).toThrow(/values/);
    expect(() => rootMeanSquare([1, Number.POSITIVE_INFINITY])).toThrow(/values\[1\]/);
    expect(() => meanOf([])).toThrow(/values/);
    expect(() => meanOf([2, "1" as never])).toThrow(/values\[1\]/);
    expect(() => fractionWithin([], 20)).toThrow(/values/);
    expect(() => fractionWithin([1], 0)).toThrow(/percent/);
    expect(() => fractionWithin([1, Number.NaN], 20)).toThrow(/values\[1\]/);
  });
});

describe("levelSide: below the target is positive; a censored limit that straddles it is unknown", () => {
  it("measured levels: below, or at or above (a level at the target is not below it)", () => {
    expect(levelSide(measured(4.99), 5)).toBe("below");
    expect(levelSide(measured(5), 5)).toBe("at-or-above");
    expect(levelSide(measured(0), 5)).toBe("below");
  });
  it("censored levels by their limit", () => {
    expect(levelSide({ timeDays: 1, censored: "below", limitUgMl: 0.4 }, 5)).toBe("below");
    expect(levelSide({ timeDays: 1, censored: "below", limitUgMl: 5 }, 5)).toBe("below");
    expect(levelSide({ timeDays: 1, censored: "below", limitUgMl: 5.01 }, 5)).toBeNull();
    expect(levelSide({ timeDays: 1, censored: "above", limitUgMl: 5 }, 5)).toBe("at-or-above");
    expect(levelSide({ timeDays: 1, censored: "above", limitUgMl: 40 }, 5)).toBe("at-or-above");
    expect(levelSide({ timeDays: 1, censored: "above", limitUgMl: 4.99 }, 5)).toBeNull();
    // null, as records write "not given", is a measured level
    expect(levelSide({ timeDays: 1, concentrationUgMl: 2, censored: null as never }, 5)).toBe("below");
  });
  it("refuses malformed levels and targets", () => {
    expect(() => levelSide(measured(1), 0)).toThrow(/targetTroughUgMl/);
    expect(() => levelSide(null as never, 5)).toThrow(/observed/);
    expect(() => levelSide({ timeDays: 1 } as never, 5)).toThrow(/observed\.concentrationUgMl/);
    expect(() => levelSide({ timeDays: 1, censored: "below" } as never, 5)).toThrow(/observed\.limitUgMl/);
    expect(() => levelSide({ timeDays: 1, censored: "below", limitUgMl: 1, concentrationUgMl: 0.5 }, 5)).toThrow(
      /^observed\.concentrationUgMl: both a measured level and a censoring given, got 0\.5, expected no measured level on a level censored "below" its limit$/,
    );
    // null, as records write "not given", is no measured level
    expect(levelSide({ timeDays: 1, censored: "above", limitUgMl: 9, concentrationUgMl: null as never }, 5)).toBe("at-or-above");
    expect(() => levelSide({ timeDays: 1, censored: "sideways", limitUgMl: 1 } as never, 5)).toThrow(
      /observed\.censored.*"below" or "above"/,
    );
  });
});

describe("targetClassification", () => {
  it("counts the 2x2 table and gives Wilson intervals as Python does", () => {
    const s = fixture().summary;
    const rows = s.observed.map((o, i) => ({ observed: measured(o), predictedUgMl: s.predicted[i] }));
    const t = targetClassification(rows, { targetTroughUgMl: s.targetTroughUgMl });
    expect([t.truePositive, t.falsePositive, t.trueNegative, t.falseNegative]).toEqual([s.table.tp, s.table.fp, s.table.tn, s.table.fn]);
    expect(t.unclassifiable).toBe(0);
    for (const [got, want] of [
      [t.sensitivity, s.sensitivity],
      [t.specificity, s.specificity],
    ] as const) {
      expect(got?.value).toBeCloseTo(want.value, 12);
      expect(got?.lower).toBeCloseTo(want.lower, 12);
      expect(got?.upper).toBeCloseTo(want.upper, 12);
      expect(got?.method).toBe("Wilson");
      expect(got?.confidence).toBe(0.95);
    }
  });

  it("Wilson intervals at other confidences and at the edges (0/1, 1/1) match Python", () => {
    for (const w of fixture().wilson) {
      // x true positives of n observed below the target
      const rows = Array.from({ length: w.n }, (_, i) => ({ observed: measured(1), predictedUgMl: i < w.x ? 2 : 9 }));
      const t = targetClassification(rows, { targetTroughUgMl: 5, confidence: w.confidence });
      expect(t.truePositive).toBe(w.x);
      expect(t.sensitivity?.lower).toBeCloseTo(w.lower, 12);
      expect(t.sensitivity?.upper).toBeCloseTo(w.upper, 12);
      expect(t.sensitivity?.confidence).toBe(w.confidence);
      expect(t.specificity).toBeNull();
    }
  });

  it("censored levels count when their side is known; a straddling limit is unclassifiable", () => {
    const rows = [
      { observed: { timeDays: 1, censored: "below" as const, limitUgMl: 0.4 }, predictedUgMl: 6 }, // FN
      { observed: { timeDays: 2, censored: "below" as const, limitUgMl: 0.4 }, predictedUgMl: 0.1 }, // TP
      { observed: { timeDays: 3, censored: "above" as const, limitUgMl: 40 }, predictedUgMl: 4 }, // FP
      { observed: { timeDays: 4, censored: "below" as const, limitUgMl: 10 }, predictedUgMl: 4 }, // ?
      { observed: measured(5, 5), predictedUgMl: 5 }, // TN: neither is below
    ];
    const t = targetClassification(rows, { targetTroughUgMl: 5 });
    expect(t).toMatchObject({ truePositive: 1, falseNegative: 1, falsePositive: 1, trueNegative: 1, unclassifiable: 1 });
    expect(t.sensitivity?.value).toBe(0.5);
    expect(t.specificity?.value).toBe(0.5);
    const none = targetClassification([], { targetTroughUgMl: 5 });
    expect(none).toEqual({
      truePositive: 0,
      falsePositive: 0,
      trueNegative: 0,
      falseNegative: 0,
      unclassifiable: 0,
      sensitivity: null,
      specificity: null,
    });
  });

  it("refuses malformed rows and options, naming the row", () => {
    expect(() => targetClassification(null as never, { targetTroughUgMl: 5 })).toThrow(/rows/);
    expect(() => targetClassification([], null as never)).toThrow(/options/);
    expect(() => targetClassification([], { targetTroughUgMl: -5 })).toThrow(/options\.targetTroughUgMl/);
    expect(() => targetClassification([], { targetTroughUgMl: 5, confidence: 2 })).toThrow(/options\.confidence/);
    expect(() => targetClassification([null as never], { targetTroughUgMl: 5 })).toThrow(/rows\[0\]/);
    expect(() => targetClassification([{ observed: measured(1), predictedUgMl: -1 }], { targetTroughUgMl: 5 })).toThrow(
      /rows\.predictedUgMl \(row 1\)/,
    );
  });
});

describe("predictionErrorSummary", () => {
  it("is the statistics above on the measured levels > 0, and the table on all of them", () => {
    const s = fixture().summary;
    const rows = s.observed.map((o, i) => ({ observed: measured(o), predictedUgMl: s.predicted[i] }));
    rows.push({ observed: { timeDays: 9, censored: "below", limitUgMl: 0.4 }, predictedUgMl: 1 }); // TP, no rPE
    rows.push({ observed: measured(0), predictedUgMl: 7 }); // FN, no rPE
    const sum = predictionErrorSummary(rows, { targetTroughUgMl: 5 });
    expect(sum.n).toBe(62);
    expect(sum.nWithRpe).toBe(60);
    expect(sum.excludedFromBias).toBe(2);
    expect(sum.meanRpe).toBeCloseTo(s.mean, 10);
    expect(sum.rRmse).toBeCloseTo(s.rrmse, 10);
    expect(sum.within20).toBe(s.within20);
    expect(sum.within30).toBe(s.within30);
    expect(sum.medianRpe?.value).toBeCloseTo(s.median.median, 10);
    expect(sum.medianRpe?.lower).toBeCloseTo(s.median.lower, 10);
    expect(sum.medianRpe?.upper).toBeCloseTo(s.median.upper, 10);
    expect(sum.classification.truePositive).toBe(s.table.tp + 1);
    expect(sum.classification.falseNegative).toBe(s.table.fn + 1);
    expect(sum.classification.trueNegative).toBe(s.table.tn);
    // records write "not given" as null: a measured level with censored null has its rPE, a censored one with a null level none
    rows.push({ observed: { timeDays: 10, concentrationUgMl: 8, censored: null as never }, predictedUgMl: 6 }); // TN, rPE -25
    rows.push({ observed: { timeDays: 11, censored: "above", limitUgMl: 40, concentrationUgMl: null as never }, predictedUgMl: 50 }); // TN
    const more = predictionErrorSummary(rows, { targetTroughUgMl: 5 });
    expect([more.n, more.nWithRpe, more.excludedFromBias]).toEqual([64, 61, 3]);
    expect(more.meanRpe).toBeCloseTo((60 * s.mean - 25) / 61, 10);
    expect(more.classification.trueNegative).toBe(s.table.tn + 2);
  });

  it("no level, or none with an rPE: n and null statistics, never NaN", () => {
    expect(predictionErrorSummary([], { targetTroughUgMl: 5 })).toMatchObject({
      n: 0,
      nWithRpe: 0,
      excludedFromBias: 0,
      medianRpe: null,
      meanRpe: null,
      rRmse: null,
      within20: null,
      within30: null,
    });
    const censoredOnly = predictionErrorSummary([{ observed: { timeDays: 1, censored: "below", limitUgMl: 0.4 }, predictedUgMl: 1 }], {
      targetTroughUgMl: 5,
    });
    expect(censoredOnly).toMatchObject({ n: 1, nWithRpe: 0, excludedFromBias: 1, medianRpe: null, rRmse: null });
    expect(censoredOnly.classification.truePositive).toBe(1);
  });

  it("passes the confidence to the median's and the Wilson intervals", () => {
    const rows = [3, 4, 6, 8, 9, 11, 12, 2].map((o, i) => ({ observed: measured(o), predictedUgMl: o * (1 + (i - 3) / 10) }));
    const s90 = predictionErrorSummary(rows, { targetTroughUgMl: 5, confidence: 0.9 });
    expect(s90.medianRpe?.confidence).toBe(0.9);
    expect(s90.classification.sensitivity?.confidence).toBe(0.9);
    expect(s90.classification.specificity?.confidence).toBe(0.9);
    // n = 8 at 90 %: P(X <= 1) = 9/256 <= 0.05 < P(X <= 2) = 37/256, so k = 2
    expect(s90.medianRpe?.ranks).toEqual([2, 7]);
    const s95 = predictionErrorSummary(rows, { targetTroughUgMl: 5 });
    expect(s95.medianRpe?.confidence).toBe(0.95);
    // at 95 %: P(X <= 0) = 1/256 <= 0.025 < 9/256, so k = 1
    expect(s95.medianRpe?.ranks).toEqual([1, 8]);
  });
});
