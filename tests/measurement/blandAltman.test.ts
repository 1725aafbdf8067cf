import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { blandAltman, blandAltmanFigure } from "../../src/measurement";

// Bland & Altman 1986, Lancet 327:307, Table 1: PEF (l/min), first readings, Wright and mini-Wright meters.
const wright = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427];
const mini = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451];

describe("blandAltman: Bland & Altman 1986 (Lancet) PEF data", () => {
  const r = blandAltman(wright, mini);
  it("mean difference −2.1 l/min and SD 38.8 (as published)", () => {
    expect(r.bias.value).toBeCloseTo(-2.1, 1);
    expect(r.sdDifference).toBeCloseTo(38.8, 1);
    expect(r.n).toBe(17);
  });
  it("limits bias ± 1.96·SD and their CIs by Bland & Altman 1999 approximate SE", () => {
    const z = 1.959963984540054;
    expect(r.lowerLimit.value).toBeCloseTo(r.bias.value - z * r.sdDifference, 10);
    expect(r.upperLimit.value).toBeCloseTo(r.bias.value + z * r.sdDifference, 10);
    const se = r.sdDifference * Math.sqrt(1 / 17 + (z * z) / 32);
    const t16 = 2.119905299221254; // qt(0.975, 16) in R
    expect(r.upperLimit.upper - r.upperLimit.value).toBeCloseTo(t16 * se, 8);
    expect(r.bias.upper - r.bias.value).toBeCloseTo((t16 * r.sdDifference) / Math.sqrt(17), 8);
    expect(r.lowerLimit.method).toMatch(/Bland & Altman 1999/);
  });
  it("proportional bias: slope vs R lm(d ~ m) on the same data", () => {
    // R: summary(lm(I(w - m) ~ I((w + m)/2))): slope 0.02868745, SE 0.08820641, p 0.7495
    expect(r.proportionalBias.slope.value).toBeCloseTo(0.02868745, 7);
    expect(r.proportionalBias.p).toBeCloseTo(0.7495, 4);
    expect(r.proportionalBias.df).toBe(15);
  });
  it("builds a figure with points, bias, limits and regression", () => {
    const f = blandAltmanFigure(r, { unit: "l/min", labels: ["Wright", "mini-Wright"] });
    expect(f.data[0].x).toHaveLength(17);
    expect(JSON.stringify(f.layout)).toMatch(/l\/min/);
  });
});

describe("blandAltman options and edge cases", () => {
  it("logRatio analyses ln a − ln b and back-transforms to ratios", () => {
    const a = [50, 120, 400, 900, 30, 250];
    const b = [40, 150, 300, 1000, 35, 200];
    const r = blandAltman(a, b, { logRatio: true });
    const d = a.map((x, i) => Math.log(x) - Math.log(b[i]));
    expect(r.bias.value).toBeCloseTo(d.reduce((s, v) => s + v, 0) / d.length, 12);
    expect(r.ratio?.bias.value).toBeCloseTo(Math.exp(r.bias.value), 12);
    expect(() => blandAltman([0, 1, 2], [1, 1, 1], { logRatio: true })).toThrow(/a\[0\]/);
  });
  it("identical methods: bias 0, SD 0, limits 0, slope 0, no NaN", () => {
    const r = blandAltman([1, 2, 3, 4], [1, 2, 3, 4]);
    expect([r.bias.value, r.sdDifference, r.lowerLimit.value, r.upperLimit.value, r.proportionalBias.slope.value]).toEqual([0, 0, 0, 0, 0]);
    expect(r.proportionalBias.p).toBe(1);
  });
  it("drops missing pairs, rejects bad input", () => {
    const r = blandAltman([1, 2, null as unknown as number, 4, 5], [1, 3, 3, 4, 6]);
    expect(r.dropped).toBe(1);
    expect(r.n).toBe(4);
    expect(() => blandAltman([1, 2], [1, 2])).toThrow(/at least 3/);
    expect(() => blandAltman([1, 2, 3], [1, 2])).toThrow(InputError);
  });
});

describe("blandAltman: hostile input (issue 14)", () => {
  it("columns that are not arrays, null options and overflowing values are InputErrors", () => {
    expect(() => blandAltman({} as never, Number.NEGATIVE_INFINITY as never)).toThrow(InputError);
    expect(() => blandAltman(1 as never, 2.5 as never)).toThrow(/a: got 1, expected an array/);
    expect(() => blandAltman([1, 2, 3], [1, 2, 4], null as never)).toThrow(/options: got null/);
    expect(() => blandAltman([1e308, -1e308, 1e308], [-1e308, 1e308, -1e308])).toThrow(/result is not finite/);
  });
  it("the figure refuses a value that is not a blandAltman result and bad labels", () => {
    expect(() => blandAltmanFigure({} as never)).toThrow(/result\.scale/);
    const r = blandAltman([1, 2, 3, 5], [1.1, 2.2, 2.9, 5.3]);
    expect(() => blandAltmanFigure(r, { labels: ["only one"] as never })).toThrow(/labels/);
    expect(() => blandAltmanFigure(r, null as never)).toThrow(/options: got null/);
    expect(blandAltmanFigure(r, { labels: ["A", "B"], unit: "l/min" }).data.length).toBeGreaterThan(0);
  });
});
