// Tests for mutants of src/measurement/icc.ts that survived the first mutation run (issue #22, item 2):
// the ICC2 interval when the residual mean square is 0 (Satterthwaite df at its limit k − 1), and the warnings.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { icc } from "../../src/measurement";
import { SHROUT_FLEISS_1979 } from "../fixtures/published/shrout-fleiss-1979";

const KEYS = ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"] as const;
type Bounds = { value: number; lower: number; upper: number };

// psych::ICC and the limit formula written out in R, fixture script tests/fixtures/r/survivors.R
const survivors = JSON.parse(readFileSync(join(__dirname, "../fixtures/r/survivors.json"), "utf8")) as {
  iccZeroResidual: {
    ratings: number[][];
    psych: Record<(typeof KEYS)[number], Bounds>;
    hand: { MSB: number; MSJ: number; ICC2lower: number; ICC2upper: number; ICC2klower: number; ICC2kupper: number };
  };
};
// psych::ICC(x, lmer = FALSE), fixture script tests/fixtures/r/measurement.R
const measurement = JSON.parse(readFileSync(join(__dirname, "../fixtures/r/measurement.json"), "utf8")) as {
  icc: { name: string; ratings: (number | null)[][]; confidence: number; completeSubjects: number; psych: Record<string, Bounds> }[];
};

const RESIDUAL_ZERO = /residual mean square is 0/;
const WITHIN_ZERO = /within-subject mean square is 0/;
const DROPPED = /subject\(s\) with a missing rating were dropped/;
const NOT_CONTAINED = /does not contain the estimate/;
const NOT_MEANINGFUL = /not meaningful/;

describe("icc with a zero residual mean square, k = 3 raters (psych::ICC, tests/fixtures/r/survivors.R)", () => {
  // Judge 1 of Shrout & Fleiss 1979 Table 2 (9, 6, 8, 7, 10, 6) and two raters who add 1 and 3 to it
  const c = survivors.iccZeroResidual;
  const r = icc(c.ratings);
  it("mean squares as written out in R", () => {
    expect(r.meanSquares.subjects).toBeCloseTo(c.hand.MSB, 12);
    expect(r.meanSquares.raters).toBeCloseTo(c.hand.MSJ, 12);
    expect(r.meanSquares.residual).toBe(0);
  });
  it("ICC2 and ICC2k intervals at the Satterthwaite limit v = k − 1, as psych::ICC and the hand formula", () => {
    expect(r.ICC2.lower).toBeCloseTo(c.hand.ICC2lower, 10);
    expect(r.ICC2.upper).toBeCloseTo(c.hand.ICC2upper, 10);
    expect(r.ICC2k.lower).toBeCloseTo(c.hand.ICC2klower, 10);
    expect(r.ICC2k.upper).toBeCloseTo(c.hand.ICC2kupper, 10);
  });
  for (const key of KEYS) {
    it(`${key}: value and CI as psych::ICC`, () => {
      expect(r[key].value).toBeCloseTo(c.psych[key].value, 9);
      expect(r[key].lower).toBeCloseTo(c.psych[key].lower, 9);
      expect(r[key].upper).toBeCloseTo(c.psych[key].upper, 9);
    });
  }
  it("warns once, about the residual mean square, and about nothing else", () => {
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(RESIDUAL_ZERO);
  });
});

describe("icc warnings", () => {
  it("Shrout & Fleiss 1979 Table 2 (complete, MSE > 0, ICC2 inside its interval): no warning", () => {
    expect(icc(SHROUT_FLEISS_1979).warnings).toEqual([]);
  });
  it("identical raters: both zero mean squares are reported, and nothing else", () => {
    const r = icc([
      [1, 1, 1],
      [4, 4, 4],
      [2, 2, 2],
      [7, 7, 7],
    ]);
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings.some((w) => RESIDUAL_ZERO.test(w))).toBe(true);
    expect(r.warnings.some((w) => WITHIN_ZERO.test(w))).toBe(true);
  });
  it("a dropped subject is reported with its count", () => {
    const r = icc([...SHROUT_FLEISS_1979, [5, null, 4, 6]]);
    expect(r.dropped).toBe(1);
    expect(r.warnings).toEqual(["1 subject(s) with a missing rating were dropped (complete cases)."]);
  });
  // Which warnings each psych case must raise is decided from psych's own numbers: a dropped subject,
  // an ICC2 outside psych's ICC2 interval, a psych ICC2 lower bound below −1/(k − 1).
  for (const c of measurement.icc) {
    it(`as psych's numbers imply: ${c.name}`, () => {
      const r = icc(c.ratings, { confidence: c.confidence });
      const k = c.ratings[0].length;
      const p2 = c.psych.ICC2;
      const expected: RegExp[] = [];
      if (c.completeSubjects < c.ratings.length) expected.push(DROPPED);
      if (!(p2.lower <= p2.value && p2.value <= p2.upper)) expected.push(NOT_CONTAINED);
      if (1 + p2.lower * (k - 1) <= 0) expected.push(NOT_MEANINGFUL);
      expect(r.warnings).toHaveLength(expected.length);
      expected.forEach((re, i) => {
        expect(r.warnings[i]).toMatch(re);
      });
    });
  }
  // No psych case puts ICC2 outside its interval (a search of small random tables in R found none), so the
  // loop checks that warning for absence only; the other two it checks for presence as well.
  it("the psych cases include a dropped subject and an ICC2 lower bound below −1/(k − 1)", () => {
    const flags = measurement.icc.map((c) => {
      const p2 = c.psych.ICC2;
      const k = c.ratings[0].length;
      return [c.completeSubjects < c.ratings.length, !(p2.lower <= p2.value && p2.value <= p2.upper), 1 + p2.lower * (k - 1) <= 0];
    });
    expect(flags.some((f) => f[0])).toBe(true);
    expect(flags.some((f) => f[2])).toBe(true);
  });
});
