import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { readingsNeeded, spearmanBrown, spearmanBrownInverse } from "../../src/measurement";

/** The definition, by brute force: the least n >= 1 whose Spearman-Brown reliability reaches the target. */
function bruteForce(r: number, t: number): number {
  let n = 1;
  while (spearmanBrown(r, n) < t) n++;
  return n;
}

describe("readingsNeeded (Spearman 1910; Brown 1910)", () => {
  it("0.5 → 0.9 needs 9 readings, although the real inverse is 9.000000000000002", () => {
    expect(spearmanBrownInverse(0.5, 0.9)).toBeGreaterThan(9); // the floating error this function exists for
    expect(Math.ceil(spearmanBrownInverse(0.5, 0.9))).toBe(10);
    expect(spearmanBrown(0.5, 9)).toBeGreaterThanOrEqual(0.9);
    expect(readingsNeeded(0.5, 0.9)).toBe(9);
  });

  it("matches the brute-force search over spearmanBrown on a grid of reliabilities and targets", () => {
    let cases = 0;
    for (let i = 1; i <= 99; i++)
      for (let j = 0; j <= 99; j++) {
        const r = i / 100;
        const t = j / 100;
        expect(readingsNeeded(r, t), `r=${r} t=${t}`).toBe(bruteForce(r, t));
        cases++;
      }
    expect(cases).toBe(99 * 100);
  });

  it("the count reaches the target and one fewer does not (fast-check)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }), (r, t) => {
        const n = readingsNeeded(r, t);
        expect(Number.isInteger(n) && n >= 1).toBe(true);
        expect(spearmanBrown(r, n)).toBeGreaterThanOrEqual(t);
        if (n > 1) expect(spearmanBrown(r, n - 1)).toBeLessThan(t);
      }),
    );
  });

  it("exact integer prophecies: the target reached by k readings needs k readings", () => {
    for (const r of [0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.84, 0.9])
      for (let k = 1; k <= 40; k++) expect(readingsNeeded(r, spearmanBrown(r, k)), `r=${r} k=${k}`).toBe(k);
  });

  it("edge cases: a target at or below one reading's reliability, and perfect reliability, need one reading", () => {
    expect(readingsNeeded(0.84, 0.8)).toBe(1);
    expect(readingsNeeded(0.84, 0.84)).toBe(1);
    expect(readingsNeeded(0.3, 0)).toBe(1);
    expect(readingsNeeded(1, 1)).toBe(1);
    expect(readingsNeeded(0.84, 0.95)).toBe(4); // bank problem "reliability-samples"
  });

  it("bad input throws InputError naming the argument", () => {
    expect(() => readingsNeeded(0, 0.8)).toThrow(InputError);
    expect(() => readingsNeeded(0.5, 1)).toThrow(/target/);
    expect(() => readingsNeeded(1.2, 0.8)).toThrow(/reliability/);
    expect(() => readingsNeeded(0.5, -0.1)).toThrow(/target/);
    expect(() => readingsNeeded(Number.NaN, 0.8)).toThrow(InputError);
    expect(() => readingsNeeded(0.5, "0.9" as unknown as number)).toThrow(InputError);
    expect(() => readingsNeeded(1e-300, 0.9)).toThrow(/2\^53/);
  });
});

describe("readingsNeeded near a target of 1, where the prophecy is flat over many counts in floating point", () => {
  it("returns promptly a count that reaches the target while one fewer does not", () => {
    for (const [r, t] of [
      [0.5, 1 - 2 ** -50],
      [0.9, 1 - 2 ** -52],
      [1e-10, 0.9999],
      [0.3, 0.999999999999],
    ]) {
      const n = readingsNeeded(r, t);
      expect(spearmanBrown(r, n), `r=${r} t=${t}`).toBeGreaterThanOrEqual(t);
      expect(spearmanBrown(r, n - 1), `r=${r} t=${t}`).toBeLessThan(t);
    }
  });

  it("over all of (0, 1] x [0, 1): a valid count, or InputError when 2^53 readings would not do (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (r, t) => {
          let n: number;
          try {
            n = readingsNeeded(r, t);
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            return;
          }
          expect(Number.isSafeInteger(n) && n >= 1).toBe(true);
          expect(spearmanBrown(r, n)).toBeGreaterThanOrEqual(t);
          if (n > 1) expect(spearmanBrown(r, n - 1)).toBeLessThan(t);
        },
      ),
    );
  });
});
