import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { icc } from "../../src/measurement";
import { SHROUT_FLEISS_1979 } from "../fixtures/published/shrout-fleiss-1979";

// Shrout & Fleiss 1979, Psychol Bull 86:420, Table 2 (6 targets x 4 judges) and Table 4 (ICCs, 95 % CIs);
// as transcribed in ../shared/domain-facts.md section 6.
const SF = SHROUT_FLEISS_1979;
const KEYS = ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"] as const;

describe("icc: Shrout & Fleiss 1979 published values", () => {
  const r = icc(SF);
  // Table 4: ICC and 95 % CI, printed to 2 decimals
  const published: Record<(typeof KEYS)[number], [number, number, number]> = {
    ICC1: [0.17, -0.13, 0.72],
    ICC2: [0.29, 0.02, 0.76],
    ICC3: [0.71, 0.34, 0.95],
    ICC1k: [0.44, -0.88, 0.91],
    ICC2k: [0.62, 0.07, 0.93],
    ICC3k: [0.91, 0.68, 0.99],
  };
  for (const key of KEYS) {
    it(`${key} matches Table 4 to the published 2 decimals`, () => {
      const [v, lo, hi] = published[key];
      expect(Math.abs(r[key].value - v)).toBeLessThanOrEqual(0.005 + 1e-12);
      expect(Math.abs(r[key].lower - lo)).toBeLessThanOrEqual(0.005 + 1e-12);
      expect(Math.abs(r[key].upper - hi)).toBeLessThanOrEqual(0.005 + 1e-12);
    });
  }
  it("F tests: one-way F = 1.8 (5, 18), two-way F = 11.0 (5, 15)", () => {
    expect(r.ICC1.f).toBeCloseTo(1.79, 2);
    expect([r.ICC1.df1, r.ICC1.df2]).toEqual([5, 18]);
    expect(r.ICC3.f).toBeCloseTo(11.03, 2);
    expect([r.ICC3.df1, r.ICC3.df2]).toEqual([5, 15]);
  });
  it("names the McGraw-Wong forms", () => {
    expect(r.ICC2.mcgrawWong).toBe("ICC(A,1)");
    expect(r.ICC3k.mcgrawWong).toBe("ICC(C,k)");
    expect(r.ICC1.shroutFleiss).toBe("ICC(1,1)");
  });
  it("variance components reproduce the ICCs", () => {
    const vc = r.varianceComponents;
    expect(vc.subject / (vc.subject + vc.rater + vc.residual)).toBeCloseTo(r.ICC2.value, 12);
    expect(vc.subject / (vc.subject + vc.residual)).toBeCloseTo(r.ICC3.value, 12);
  });
});

interface IccFixture {
  name: string;
  ratings: (number | null)[][];
  confidence: number;
  completeSubjects: number;
  psych: Record<string, { value: number; f: number; df1: number; df2: number; p: number; lower: number; upper: number }>;
}
const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/r/measurement.json"), "utf8")) as { icc: IccFixture[] };

describe("icc vs R psych::ICC(x, lmer = FALSE) (fixture tests/fixtures/r/measurement.R)", () => {
  for (const c of fixture.icc) {
    it(c.name, () => {
      const r = icc(c.ratings, { confidence: c.confidence });
      expect(r.subjects).toBe(c.completeSubjects);
      expect(r.dropped).toBe(c.ratings.length - c.completeSubjects);
      for (const key of KEYS) {
        const want = c.psych[key];
        const got = r[key];
        expect(got.value).toBeCloseTo(want.value, 10);
        expect(got.f).toBeCloseTo(want.f, 9);
        expect(got.df1).toBe(want.df1);
        expect(got.df2).toBe(want.df2);
        expect(got.p).toBeCloseTo(want.p, 10);
        expect(got.lower).toBeCloseTo(want.lower, 8);
        expect(got.upper).toBeCloseTo(want.upper, 8);
        expect(got.confidence).toBe(c.confidence);
      }
    });
  }
});

describe("icc input formats", () => {
  const ref = icc(SF);
  it("flat Float64Array, typed rows and long format give the same result", () => {
    const flat = icc({ data: Float64Array.from(SF.flat()), subjects: 6, raters: 4 });
    const typed = icc(SF.map((r) => Float64Array.from(r)));
    const long = icc(SF.flatMap((row, i) => row.map((value, j) => ({ subject: `s${i}`, rater: `r${j}`, value }))));
    for (const r of [flat, typed, long]) for (const key of KEYS) expect(r[key].value).toBeCloseTo(ref[key].value, 12);
  });
  it("a danfojs-like DataFrame, wide and long (with named columns)", () => {
    const wide = icc({ values: SF, columns: ["a", "b", "c", "d"] });
    const longDf = icc(
      { values: SF.flatMap((row, i) => row.map((v, j) => [i, `reader${j}`, v])), columns: ["patient_id", "reader", "score"] },
      { columns: { subject: "patient_id", rater: "reader", value: "score" } },
    );
    expect(wide.ICC2.value).toBeCloseTo(ref.ICC2.value, 12);
    expect(longDf.ICC2.value).toBeCloseTo(ref.ICC2.value, 12);
  });
  it("a real danfojs DataFrame, wide and long", async () => {
    const dfd = await import("danfojs-node");
    const wide = new dfd.DataFrame(SF, { columns: ["a", "b", "c", "d"] });
    expect(icc(wide).ICC3.value).toBeCloseTo(ref.ICC3.value, 12);
    const long = new dfd.DataFrame(SF.flatMap((row, i) => row.map((v, j) => ({ patient_id: `p${i}`, reader: j + 1, score: v }))));
    const r = icc(long, { columns: { subject: "patient_id", rater: "reader", value: "score" } });
    expect(r.ICC2.value).toBeCloseTo(ref.ICC2.value, 12);
  });
  it("long format with a missing rating drops that subject", () => {
    const rows = SF.flatMap((row, i) => row.map((value, j) => ({ subject: i, rater: j, value })));
    const r = icc(rows.filter((x) => !(x.subject === 2 && x.rater === 1)));
    expect(r.dropped).toBe(1);
    expect(r.subjects).toBe(5);
    expect(r.warnings.join(" ")).toMatch(/dropped/);
  });
  it("rejects duplicate long ratings and non-numeric cells", () => {
    expect(() =>
      icc([
        { subject: 1, rater: 1, value: 1 },
        { subject: 1, rater: 1, value: 2 },
      ]),
    ).toThrow(/duplicate/);
    expect(() =>
      icc([
        [1, 2],
        [3, "x" as unknown as number],
      ]),
    ).toThrow(InputError);
    expect(() =>
      icc([
        [1, 2],
        [3, Number.POSITIVE_INFINITY],
      ]),
    ).toThrow(/ratings\[1\]\[1\]/);
    expect(() => icc({ data: Float64Array.from([1, 2, 3, Number.NEGATIVE_INFINITY]), subjects: 2, raters: 2 })).toThrow(
      /ratings\[1\]\[1\]/,
    );
    expect(() => icc({ data: [1, 2, 3], subjects: 2, raters: 2 })).toThrow(/subjects x raters/);
  });
  it("confidence must be in (0, 1)", () => {
    expect(() => icc(SF, { confidence: 95 })).toThrow(/confidence/);
  });
});

describe("icc edge cases: defined results or clear errors, never NaN", () => {
  it("one subject -> InputError", () => {
    expect(() => icc([[1, 2, 3]])).toThrow(/at least 2 subjects/);
  });
  it("one rater -> InputError", () => {
    expect(() => icc([[1], [2], [3]])).toThrow(/at least 2 raters/);
  });
  it("zero variance -> InputError", () => {
    expect(() =>
      icc([
        [3, 3],
        [3, 3],
        [3, 3],
      ]),
    ).toThrow(/no ICC is defined/);
  });
  it("identical raters (perfect agreement) -> every ICC is 1 with CI [1, 1]", () => {
    const r = icc([
      [1, 1, 1],
      [4, 4, 4],
      [2, 2, 2],
      [7, 7, 7],
    ]);
    for (const key of KEYS) {
      expect(r[key].value).toBe(1);
      expect(r[key].lower).toBe(1);
      expect(r[key].upper).toBe(1);
      expect(r[key].p).toBe(0);
      // issue 14: the F test is reported as not defined (zero error mean square), never as Infinity
      expect(r[key].f).toBeNull();
    }
    expect(r.warnings.join(" ")).toMatch(/not defined \(f: null, p = 0\)/);
  });
  it("raters differing by a constant: consistency 1, agreement < 1, all finite", () => {
    const r = icc([
      [1, 3],
      [4, 6],
      [2, 4],
      [7, 9],
    ]);
    expect(r.ICC3.value).toBe(1);
    expect(r.ICC2.value).toBeLessThan(1);
    for (const key of KEYS) for (const v of [r[key].value, r[key].lower, r[key].upper]) expect(Number.isFinite(v)).toBe(true);
  });
  it("all subjects missing a rating -> InputError that reports the drops", () => {
    expect(() =>
      icc([
        [1, null],
        [null, 2],
        [3, 4],
      ]),
    ).toThrow(/dropped/);
  });
});

describe("icc properties (fast-check)", () => {
  const matrix = fc
    .tuple(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 2, max: 5 }))
    .chain(([n, k]) => fc.array(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: k, maxLength: k }), { minLength: n, maxLength: n }));
  const usable = (m: number[][]) => {
    const means = m.map((r) => r.reduce((s, v) => s + v, 0));
    return means.some((v) => v !== means[0]);
  };
  it("invariant to adding a constant and to rescaling", () => {
    fc.assert(
      fc.property(matrix, fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (m, c, s) => {
        fc.pre(usable(m));
        const a = icc(m);
        const b = icc(m.map((r) => r.map((v) => v * s + c)));
        for (const key of KEYS) {
          expect(b[key].value).toBeCloseTo(a[key].value, 6);
          expect(b[key].lower).toBeCloseTo(a[key].lower, 5);
        }
      }),
      { numRuns: 60 },
    );
  });
  it("invariant to the order of subjects and raters; lower <= value <= upper", () => {
    fc.assert(
      fc.property(matrix, (m) => {
        fc.pre(usable(m));
        const a = icc(m);
        const b = icc([...m].reverse().map((r) => [...r].reverse()));
        for (const key of KEYS) {
          expect(b[key].value).toBeCloseTo(a[key].value, 9);
          // psych's ICC2k lower bound steps up the ICC2 bound; below −1/(k−1) that flips sign (flagged in warnings)
          if (key === "ICC2k" && 1 + a.ICC2.lower * (m[0].length - 1) <= 0) {
            expect(a.warnings.join(" ")).toMatch(/not meaningful/);
            continue;
          }
          // the Satterthwaite approximation can exclude a strongly negative ICC2 (flagged in warnings)
          if ((key === "ICC2" || key === "ICC2k") && !(a.ICC2.lower <= a.ICC2.value + 1e-12 && a.ICC2.value <= a.ICC2.upper + 1e-12)) {
            expect(a.warnings.join(" ")).toMatch(/does not contain the estimate/);
            expect(a.ICC2.value).toBeLessThan(0);
            continue;
          }
          expect(a[key].lower).toBeLessThanOrEqual(a[key].value + 1e-12);
          expect(a[key].value).toBeLessThanOrEqual(a[key].upper + 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("icc: hostile input (issue 14)", () => {
  it("perfect agreement reports the F test as not defined (f: null, p = 0), never Infinity, and the one-way F when it exists", () => {
    // raters differ by a constant: MSE = 0 (ICC2/ICC3 F undefined) but MSW > 0 (ICC1 F defined)
    const r = icc([
      [1, 3],
      [4, 6],
      [2, 4],
      [7, 9],
    ]);
    expect(r.ICC3.f).toBeNull();
    expect(r.ICC3.p).toBe(0);
    expect(r.ICC2k.f).toBeNull();
    expect(typeof r.ICC1.f).toBe("number");
    expect(Number.isFinite(r.ICC1.f as number)).toBe(true);
    expect(r.warnings.join(" ")).toMatch(/residual mean square is 0/);
  });

  it("null options, a non-array and rows that are not rows are InputErrors", () => {
    expect(() =>
      icc(
        [
          [1, 2],
          [3, 4],
        ],
        null as never,
      ),
    ).toThrow(/options: got null/);
    expect(() => icc({} as never)).toThrow(InputError);
    expect(() => icc([null, [1, 2]] as never)).toThrow(/ratings\[0\]: got null/);
    expect(() =>
      icc(
        [
          [1, 2],
          [3, 4],
        ],
        { format: "constructor" as "wide" },
      ),
    ).toThrow(/format/);
    expect(() => icc([{ subject: {}, rater: 1, value: 2 }] as never)).toThrow(/subject id/);
  });

  it("ratings whose sums overflow are refused rather than dropped as missing", () => {
    expect(() =>
      icc([
        [1e308, 1e308],
        [1, 2],
        [3, 5],
      ]),
    ).toThrow(/overflow/);
  });
});
