// diagnosticAccuracy checked against independent values (issue #22: mutants that accuracy.test.ts let
// survive). Every expected value is a published figure or a hand formula written out here, never
// the function's own output. All work happens inside `it` so that Stryker's per-test coverage sees it.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { diagnosticAccuracy } from "../../src/discordance/accuracy";

/** Standard normal quantiles (any table of the normal distribution): z(0.975), z(0.95). */
const Z95 = 1.959963984540054;
const Z90 = 1.6448536269514722;

/** Wilson 1927 score interval, written out: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n). */
function wilsonByHand(x: number, n: number, z: number): [number, number] {
  const p = x / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** The error a call throws (fails the test when it does not throw an InputError). */
function inputErrorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error("expected an InputError, got no error");
}

describe("diagnosticAccuracy against independent values", () => {
  it("proportions reproduce Newcombe 1998 (Stat Med 17:857), Table II, Wilson score method", () => {
    // Newcombe's examples 81/263 -> 0.2553-0.3662 and 15/148 -> 0.0624-0.1605, as sensitivity and specificity.
    const a = diagnosticAccuracy({ tp: 81, fn: 182, fp: 133, tn: 15 });
    expect(a.sensitivity.value).toBe(81 / 263);
    expect(a.sensitivity.lower).toBeCloseTo(0.2553, 4);
    expect(a.sensitivity.upper).toBeCloseTo(0.3662, 4);
    expect(a.specificity.value).toBe(15 / 148);
    expect(a.specificity.lower).toBeCloseTo(0.0624, 4);
    expect(a.specificity.upper).toBeCloseTo(0.1605, 4);
    // Examples 0/20 -> 0-0.1611 and 1/29 -> 0.0061-0.1718, as PPV (0 of 20 positives diseased) and NPV.
    const b = diagnosticAccuracy({ tp: 0, fp: 20, fn: 28, tn: 1 });
    expect(b.ppv?.value).toBe(0);
    expect(b.ppv?.lower).toBeCloseTo(0, 4); // 0.0000 in the table (the formula leaves 1e-17 of rounding)
    expect(b.ppv?.upper).toBeCloseTo(0.1611, 4);
    expect(b.npv?.value).toBe(1 / 29);
    expect(b.npv?.lower).toBeCloseTo(0.0061, 4);
    expect(b.npv?.upper).toBeCloseTo(0.1718, 4);
  });

  it("low prevalence (fp > tp): PPV = tp / (tp + fp) with its Wilson interval, not null", () => {
    // 6 diseased among 1000; 5 true and 20 false positives: PPV 5/25 = 0.2, NPV 974/975.
    const a = diagnosticAccuracy({ tp: 5, fp: 20, fn: 1, tn: 974 });
    expect(a.ppv).not.toBeNull();
    expect(a.ppv?.value).toBe(0.2);
    const [lo, hi] = wilsonByHand(5, 25, Z95);
    expect(a.ppv?.lower).toBeCloseTo(lo, 12);
    expect(a.ppv?.upper).toBeCloseTo(hi, 12);
    expect(a.npv?.value).toBe(974 / 975);
    const [nlo, nhi] = wilsonByHand(974, 975, Z95);
    expect(a.npv?.lower).toBeCloseTo(nlo, 12);
    expect(a.npv?.upper).toBeCloseTo(nhi, 12);
    expect(a.prevalence).toBe(6 / 1000);
    expect(a.n).toBe(1000);
    expect(a.notes).toEqual([]);
  });

  it("n is tp + fp + fn + tn and prevalence (tp + fn) / n, for several tables", () => {
    expect(diagnosticAccuracy({ tp: 20, fn: 10, fp: 15, tn: 55 }).n).toBe(100);
    const a = diagnosticAccuracy({ tp: 3, fp: 5, fn: 7, tn: 11 });
    expect(a.n).toBe(26);
    expect(a.prevalence).toBe(10 / 26);
    const b = diagnosticAccuracy({ tp: 1, fp: 2, fn: 4, tn: 8 });
    expect(b.n).toBe(15);
    expect(b.prevalence).toBe(5 / 15);
  });

  it("the confidence option sets every interval: 90 % Wilson and log-method intervals by hand", () => {
    const t = { tp: 20, fn: 10, fp: 15, tn: 55 };
    const a = diagnosticAccuracy(t, { confidence: 0.9 });
    const cases: [typeof a.sensitivity | null, number, number][] = [
      [a.sensitivity, 20, 30],
      [a.specificity, 55, 70],
      [a.ppv, 20, 35],
      [a.npv, 55, 65],
    ];
    for (const [e, x, n] of cases) {
      const [lo, hi] = wilsonByHand(x, n, Z90);
      expect(e?.value).toBe(x / n);
      expect(e?.lower).toBeCloseTo(lo, 12);
      expect(e?.upper).toBeCloseTo(hi, 12);
      expect(e?.confidence).toBe(0.9);
      expect(e?.method).toBe("Wilson");
    }
    // Simel 1991: SE(ln LR+) = √(1/tp − 1/(tp+fn) + 1/fp − 1/(fp+tn)), and likewise for LR−.
    const lrPos = 20 / 30 / (15 / 70);
    const sePos = Math.sqrt(1 / 20 - 1 / 30 + 1 / 15 - 1 / 70);
    expect(a.lrPositive.value).toBeCloseTo(lrPos, 12);
    expect(a.lrPositive.lower).toBeCloseTo(lrPos * Math.exp(-Z90 * sePos), 12);
    expect(a.lrPositive.upper).toBeCloseTo(lrPos * Math.exp(Z90 * sePos), 12);
    const lrNeg = 10 / 30 / (55 / 70);
    const seNeg = Math.sqrt(1 / 10 - 1 / 30 + 1 / 55 - 1 / 70);
    expect(a.lrNegative.value).toBeCloseTo(lrNeg, 12);
    expect(a.lrNegative.lower).toBeCloseTo(lrNeg * Math.exp(-Z90 * seNeg), 12);
    expect(a.lrNegative.upper).toBeCloseTo(lrNeg * Math.exp(Z90 * seNeg), 12);
    expect(a.lrPositive.confidence).toBe(0.9);
    expect(a.lrNegative.confidence).toBe(0.9);
    expect(a.lrPositive.method).toBe("log (Simel 1991)");
    // The default is 95 %.
    const d = diagnosticAccuracy(t);
    expect(d.sensitivity.confidence).toBe(0.95);
    expect(d.lrPositive.confidence).toBe(0.95);
    expect(d.lrPositive.upper).toBeCloseTo(lrPos * Math.exp(Z95 * sePos), 12);
  });

  it("notes: none for a full table; one sentence per undefined predictive value and for the 0.5 correction", () => {
    expect(diagnosticAccuracy({ tp: 45, fp: 15, fn: 5, tn: 85 }).notes).toEqual([]);
    expect(diagnosticAccuracy({ tp: 45, fp: 15, fn: 5, tn: 85 }).lrCorrection).toBe(0);
    // No test positive (tp = fp = 0): PPV null, NPV defined, a zero cell.
    const noPos = diagnosticAccuracy({ tp: 0, fp: 0, fn: 3, tn: 7 });
    expect(noPos.ppv).toBeNull();
    expect(noPos.npv?.value).toBe(7 / 10);
    expect(noPos.notes).toEqual([
      "No test was positive: PPV is undefined (null).",
      "A cell is zero: 0.5 was added to every cell for the likelihood ratios and their intervals (Haldane-Anscombe).",
    ]);
    // No test negative (fn = tn = 0): NPV null, PPV defined.
    const noNeg = diagnosticAccuracy({ tp: 3, fp: 2, fn: 0, tn: 0 });
    expect(noNeg.npv).toBeNull();
    expect(noNeg.ppv?.value).toBe(3 / 5);
    expect(noNeg.notes).toEqual([
      "No test was negative: NPV is undefined (null).",
      "A cell is zero: 0.5 was added to every cell for the likelihood ratios and their intervals (Haldane-Anscombe).",
    ]);
    // Haldane-Anscombe by hand: (3.5/4)/(1 − 0.5/3) for LR+, (0.5/4)/(0.5/3) for LR−.
    expect(noNeg.lrCorrection).toBe(0.5);
    expect(noNeg.lrPositive.value).toBeCloseTo(3.5 / 4 / (1 - 0.5 / 3), 12);
    expect(noNeg.lrNegative.value).toBeCloseTo(0.5 / 4 / (0.5 / 3), 12);
  });

  it("errors name the argument and say what was expected", () => {
    for (const bad of [null, 5, "table", []]) {
      const e = inputErrorOf(() => diagnosticAccuracy(bad as never));
      expect(e.field).toBe("table");
      expect(e.expected).toBe("an object { tp, fp, fn, tn }");
    }
    expect(inputErrorOf(() => diagnosticAccuracy({ tp: 1, fp: 1, fn: 1, tn: 1 }, { confidence: 1.5 })).field).toBe("confidence");
    expect(inputErrorOf(() => diagnosticAccuracy({ tp: -1, fp: 1, fn: 1, tn: 1 })).field).toBe("tp");
    expect(inputErrorOf(() => diagnosticAccuracy({ tp: 1, fp: 1.5, fn: 1, tn: 1 })).field).toBe("fp");
    expect(inputErrorOf(() => diagnosticAccuracy({ tp: 1, fp: 1, fn: -2, tn: 1 })).field).toBe("fn");
    expect(inputErrorOf(() => diagnosticAccuracy({ tp: 1, fp: 1, fn: 1, tn: Number.NaN })).field).toBe("tn");
    const noDisease = inputErrorOf(() => diagnosticAccuracy({ tp: 0, fp: 3, fn: 0, tn: 7 }));
    expect(noDisease.field).toBe("tp + fn");
    expect(noDisease.expected).toBe("at least one patient with the disease");
    const noHealthy = inputErrorOf(() => diagnosticAccuracy({ tp: 3, fp: 0, fn: 1, tn: 0 }));
    expect(noHealthy.field).toBe("fp + tn");
    expect(noHealthy.expected).toBe("at least one patient without the disease");
  });

  it("a table whose total overflows (n = Infinity) throws instead of returning Infinity (CONTRIBUTING: Errors)", () => {
    // Each margin (1.6e308) is finite, the total 3.2e308 is not.
    const e = inputErrorOf(() => diagnosticAccuracy({ tp: 8e307, fp: 8e307, fn: 8e307, tn: 8e307 }));
    expect(e.field).toBe("diagnosticAccuracy.n");
  });
});
