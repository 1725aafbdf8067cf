// src/core/portable-math.ts: @stdlib's msun ports stand in for Math.exp/expm1/log/pow on the PK path so
// a page and Node compute the same bits (tests/browser/live.test.ts checks that end to end). Here: each
// agrees with the engine's Math function to within 2 ulp over a seeded grid, and with exact values.
import { describe, expect, it } from "vitest";
import { pexp, pexpm1, pln, ppow } from "../../src/core/portable-math";
import { createRng } from "../../src/core/random";

const ulps = (a: number, b: number) => Math.abs(a - b) / (Number.EPSILON * Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE));

describe("portable math (FreeBSD msun via @stdlib) against Math and exact values", () => {
  const rng = createRng(20261201);
  const rand = () => rng.uniform();
  const xs = Array.from({ length: 20000 }, () => -700 + 1400 * rand());
  it("pexp is within 2 ulp of Math.exp from -700 to 700, and exact at 0", () => {
    expect(Math.max(...xs.map((x) => ulps(pexp(x), Math.exp(x))))).toBeLessThanOrEqual(2);
    expect(pexp(0)).toBe(1);
    expect(pexp(-Infinity)).toBe(0);
  });
  it("pexpm1 is within 2 ulp of Math.expm1, including tiny arguments where exp(x) - 1 loses digits", () => {
    const small = xs.map((x) => x * 1e-12);
    expect(Math.max(...[...xs.map((x) => x / 100), ...small].map((x) => ulps(pexpm1(x), Math.expm1(x))))).toBeLessThanOrEqual(2);
  });
  it("pln is within 2 ulp of Math.log on (0, 1e300], and exact at 1 and e^k for small k", () => {
    const pos = xs.map((x) => Math.exp(x / 2.4));
    expect(Math.max(...pos.map((x) => ulps(pln(x), Math.log(x))))).toBeLessThanOrEqual(2);
    expect(pln(1)).toBe(0);
    expect(pln(Math.E)).toBe(1);
  });
  it("ppow is within 2 ulp of ** for covariate ratios and exponents as in the PK models, exact for integer powers", () => {
    const worst = xs.map((x, i) => {
      const ratio = 0.2 + Math.abs(x) / 300; // e.g. albumin / 4.1, weight / 70
      const expo = -3 + (6 * i) / xs.length; // e.g. -1.54, 0.75
      return ulps(ppow(ratio, expo), ratio ** expo);
    });
    expect(Math.max(...worst)).toBeLessThanOrEqual(2);
    expect(ppow(2, 10)).toBe(1024);
    expect(ppow(0, 2)).toBe(0);
    expect(ppow(9, 0.5)).toBe(3);
  });
});
