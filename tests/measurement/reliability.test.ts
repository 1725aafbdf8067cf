import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { cronbachAlpha, disattenuate, icc, mdc, sem, spearmanBrown, spearmanBrownInverse } from "../../src/measurement";
import { SHROUT_FLEISS_1979 } from "../fixtures/published/shrout-fleiss-1979";

const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/r/measurement.json"), "utf8")) as {
  alpha: { name: string; items: number[][]; confidence: number; psych: { value: number; lower: number; upper: number } }[];
};

describe("cronbachAlpha vs R psych::alpha raw_alpha and psych::alpha.ci (Feldt); fixture tests/fixtures/r/measurement.R", () => {
  for (const c of fixture.alpha) {
    it(c.name, () => {
      const r = cronbachAlpha(c.items, { confidence: c.confidence });
      expect(r.value).toBeCloseTo(c.psych.value, 10);
      expect(r.lower).toBeCloseTo(c.psych.lower, 9);
      expect(r.upper).toBeCloseTo(c.psych.upper, 9);
      expect(r.method).toBe("Feldt");
    });
  }
  it("equals ICC3k (Shrout & Fleiss 1979 data)", () => {
    const sf = SHROUT_FLEISS_1979;
    expect(cronbachAlpha(sf).value).toBeCloseTo(icc(sf).ICC3k.value, 12);
  });
  it("matches the variance formula k/(k-1)(1 - Σvar/var(total))", () => {
    const x = fixture.alpha[0].items;
    const k = x[0].length;
    const v = (a: number[]) => {
      const m = a.reduce((s, y) => s + y, 0) / a.length;
      return a.reduce((s, y) => s + (y - m) ** 2, 0) / (a.length - 1);
    };
    const items = Array.from({ length: k }, (_, j) => x.map((r) => r[j]));
    const total = x.map((r) => r.reduce((s, y) => s + y, 0));
    const want = (k / (k - 1)) * (1 - items.reduce((s, a) => s + v(a), 0) / v(total));
    expect(cronbachAlpha(x).value).toBeCloseTo(want, 12);
  });
  it("edge cases: perfect items -> 1 with CI [1, 1]; constant totals -> InputError; one item -> InputError", () => {
    const r = cronbachAlpha([
      [1, 1],
      [2, 2],
      [5, 5],
    ]);
    expect([r.value, r.lower, r.upper]).toEqual([1, 1, 1]);
    expect(() =>
      cronbachAlpha([
        [1, 2],
        [2, 1],
      ]),
    ).toThrow(InputError);
    expect(() => cronbachAlpha([[1], [2], [3]])).toThrow(/at least 2 items/);
  });
});

describe("SEM, MDC: Khanna 2016 (Gut) SES-CD inter-reader SEM 3.07 -> MDC95 ≈ 8.5", () => {
  it("mdc(3.07) = 1.96·√2·3.07", () => {
    expect(mdc(3.07)).toBeCloseTo(8.51, 2);
    expect(mdc(3.07, 0.9)).toBeCloseTo(1.6449 * Math.SQRT2 * 3.07, 3);
  });
  it("sem = sd·√(1 − r); the SD that gives SEM 3.07 at ICC 0.83 is 7.45", () => {
    expect(sem(3.07 / Math.sqrt(0.17), 0.83)).toBeCloseTo(3.07, 10);
    expect(sem(10, 1)).toBe(0);
    expect(() => sem(10, 1.2)).toThrow(/reliability/);
    expect(() => sem(-1, 0.5)).toThrow(/sd/);
  });
});

describe("Spearman-Brown", () => {
  it("textbook values", () => {
    expect(spearmanBrown(0.5, 3)).toBeCloseTo(0.75, 12);
    expect(spearmanBrown(0.6, 2)).toBeCloseTo(0.75, 12);
    expect(spearmanBrown(0, 10)).toBe(0);
    expect(spearmanBrown(1, 10)).toBe(1);
    expect(spearmanBrownInverse(0.5, 0.9)).toBeCloseTo(9, 12);
  });
  it("ICC1k is the Spearman-Brown step-up of ICC1 (Shrout & Fleiss 1979)", () => {
    const r = icc(SHROUT_FLEISS_1979);
    expect(spearmanBrown(r.ICC3.value, 4)).toBeCloseTo(r.ICC3k.value, 12);
  });
  it("inverse round-trip (fast-check)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0.1, max: 50, noNaN: true }), (r, k) => {
        const t = spearmanBrown(r, k);
        expect(spearmanBrownInverse(r, t)).toBeCloseTo(k, 6);
      }),
    );
  });
  it("monotone in k (fast-check)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.integer({ min: 1, max: 50 }), (r, k) => {
        expect(spearmanBrown(r, k + 1)).toBeGreaterThan(spearmanBrown(r, k));
      }),
    );
  });
  it("impossible targets throw", () => {
    expect(() => spearmanBrownInverse(0, 0.8)).toThrow(InputError);
    expect(() => spearmanBrownInverse(0.5, 1)).toThrow(/target/);
    expect(() => spearmanBrown(0.5, 0)).toThrow(/k/);
  });
});

describe("disattenuate", () => {
  it("r / √(rxx·ryy)", () => {
    expect(disattenuate(0.3, 0.5, 0.8)).toBeCloseTo(0.3 / Math.sqrt(0.4), 12);
    expect(disattenuate(0.5, 1, 1)).toBe(0.5);
    expect(() => disattenuate(0.5, 0, 1)).toThrow(/rxx/);
    expect(() => disattenuate(1.5, 0.5, 1)).toThrow(/rxy/);
  });
});

describe("hostile input (issue 14)", () => {
  it("spearmanBrown(1, 1e-300) is 1, not Infinity: no cancellation in 1 + (k − 1)ρ", () => {
    expect(spearmanBrown(1, 1e-300)).toBe(1);
    expect(spearmanBrown(0.5, 1e-300)).toBeGreaterThanOrEqual(0);
    expect(spearmanBrown(0.5, 1e-300)).toBeLessThan(1e-299);
    expect(spearmanBrown(0.5, 1e308)).toBeCloseTo(1, 12);
    expect(() => spearmanBrown(0.5, Number.POSITIVE_INFINITY)).toThrow(InputError);
  });

  it("mdc(1e308) is an InputError (the MDC overflows), not Infinity", () => {
    expect(() => mdc(1e308)).toThrow(/mdc.*result is not finite/);
    expect(mdc(3.07)).toBeCloseTo(8.51, 2);
  });

  it("a null options object is an InputError, not a TypeError", () => {
    expect(() =>
      cronbachAlpha(
        [
          [1, 2],
          [2, 3],
          [3, 5],
        ],
        null as never,
      ),
    ).toThrow(/options: got null, expected an object/);
    expect(() => cronbachAlpha({ data: null, subjects: 1, raters: 1 } as never)).toThrow(/items\.data/);
  });
});
