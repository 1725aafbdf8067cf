import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { icc, iccOneWay } from "../../src/measurement";
import { SHROUT_FLEISS_1979 } from "../fixtures/published/shrout-fleiss-1979";

const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/r/measurement.json"), "utf8")) as {
  iccOneWay: {
    name: string;
    ratings: (number | null)[][];
    confidence: number;
    reference: {
      value: number;
      lower: number;
      upper: number;
      f: number;
      df1: number;
      df2: number;
      p: number;
      n0: number;
      subjects: number;
      ratings: number;
    };
  }[];
};

describe("iccOneWay vs R aov() mean squares with Searle's n0 (fixture tests/fixtures/r/measurement.R)", () => {
  for (const c of fixture.iccOneWay) {
    it(c.name, () => {
      const r = iccOneWay(c.ratings, { confidence: c.confidence });
      const want = c.reference;
      expect(r.value).toBeCloseTo(want.value, 10);
      expect(r.lower).toBeCloseTo(want.lower, 9);
      expect(r.upper).toBeCloseTo(want.upper, 9);
      expect(r.f).toBeCloseTo(want.f, 9);
      expect(r.p).toBeCloseTo(want.p, 12);
      expect([r.df1, r.df2]).toEqual([want.df1, want.df2]);
      expect(r.n0).toBeCloseTo(want.n0, 12);
      expect(r.subjects).toBe(want.subjects);
      expect(r.ratings).toBe(want.ratings);
      expect(r.dropped).toBe(c.ratings.length - want.subjects);
    });
  }
});

describe("iccOneWay", () => {
  it("equals icc's ICC1 and its CI on complete data (Shrout & Fleiss 1979, Table 2 data)", () => {
    const sf = SHROUT_FLEISS_1979;
    const a = iccOneWay(sf);
    const b = icc(sf).ICC1;
    expect(a.value).toBeCloseTo(b.value, 12);
    expect(a.lower).toBeCloseTo(b.lower, 10);
    expect(a.upper).toBeCloseTo(b.upper, 10);
    expect(a.n0).toBe(4);
  });
  it("uses the ratings that icc's complete-case rule would drop", () => {
    const x = [
      [1, 2, null],
      [4, 5, 6],
      [7, null, 8],
      [2, 3, 2],
    ];
    expect(icc(x).subjects).toBe(2);
    expect(iccOneWay(x).ratings).toBe(10);
  });
  it("edge cases: perfect agreement -> 1; nobody rated twice -> InputError; equal means -> InputError", () => {
    const p = iccOneWay([
      [1, 1, null],
      [3, 3, 3],
    ]);
    expect([p.value, p.lower, p.upper]).toEqual([1, 1, 1]);
    expect(() =>
      iccOneWay([
        [1, null],
        [null, 2],
      ]),
    ).toThrow(/rated twice/);
    expect(() =>
      iccOneWay([
        [1, 3],
        [3, 1],
      ]),
    ).toThrow(/no ICC/);
  });
});

describe("iccOneWay: hostile input (issue 14)", () => {
  it("exact agreement reports f: null and p = 0 rather than F = Infinity; null options are an InputError", () => {
    const p = iccOneWay([
      [1, 1, null],
      [3, 3, 3],
    ]);
    expect(p.f).toBeNull();
    expect(p.p).toBe(0);
    expect(() =>
      iccOneWay(
        [
          [1, 2],
          [3, 5],
        ],
        null as never,
      ),
    ).toThrow(/options: got null/);
  });
});
