import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { cohenKappa, cohenKappaFromTable, fleissKappa } from "../../src/measurement";

describe("cohenKappa: Cohen 1968 (Psychol Bull 70:213) worked example", () => {
  // proportions of n = 200, disagreement weights 0 1 3 / 1 0 6 / 3 6 0: kappa 0.492, weighted kappa 0.348
  const table = [
    [0.44, 0.07, 0.09],
    [0.05, 0.2, 0.05],
    [0.01, 0.03, 0.06],
  ];
  it("unweighted kappa 0.492", () => {
    expect(cohenKappaFromTable(table, { n: 200 }).value).toBeCloseTo(0.492, 3);
  });
  it("weighted kappa 0.348 with Cohen's disagreement weights", () => {
    const r = cohenKappaFromTable(table, {
      n: 200,
      weights: [
        [0, 1, 3],
        [1, 0, 6],
        [3, 6, 0],
      ],
      weightType: "disagreement",
    });
    expect(r.value).toBeCloseTo(0.348, 3);
  });
});

type KappaRef = { value: number; lower: number; upper: number; se: number };
const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/r/measurement.json"), "utf8")) as {
  kappa: {
    name: string;
    a: number[];
    b: number[];
    categories: number[];
    psych: Record<"none" | "linear" | "quadratic", KappaRef>;
    fce: Record<"linear" | "quadratic", KappaRef>;
  }[];
  kappaMonteCarlo: { proportions: number[][]; n: number; monteCarloSd: number; psychSe: number };
};

describe("cohenKappa vs R psych::cohen.kappa; fixture tests/fixtures/r/measurement.R", () => {
  for (const c of fixture.kappa) {
    it(`${c.name}, unweighted: kappa, SE and CI as psych`, () => {
      const r = cohenKappa(c.a, c.b, { categories: c.categories });
      const want = c.psych.none;
      expect(r.value).toBeCloseTo(want.value, 10);
      expect(r.se).toBeCloseTo(want.se, 10);
      expect(r.lower).toBeCloseTo(want.lower, 9);
      expect(r.upper).toBeCloseTo(want.upper, 9);
      expect(r.n).toBe(c.a.length);
    });
    for (const w of ["linear", "quadratic"] as const) {
      it(`${c.name}, ${w} weights: kappa as psych; SE and CI by the Fleiss, Cohen & Everitt 1969 formula (R, written out)`, () => {
        const r = cohenKappa(c.a, c.b, { weights: w, categories: c.categories });
        expect(r.value).toBeCloseTo(c.psych[w].value, 10);
        expect(r.value).toBeCloseTo(c.fce[w].value, 10);
        expect(r.se).toBeCloseTo(c.fce[w].se, 10);
        expect(r.lower).toBeCloseTo(c.fce[w].lower, 9);
        expect(r.upper).toBeCloseTo(c.fce[w].upper, 9);
      });
    }
  }
  it("weighted SE agrees with a Monte Carlo SD (20000 multinomial samples in R), where psych 2.2.9's weighted SE does not", () => {
    const mc = fixture.kappaMonteCarlo;
    const r = cohenKappaFromTable(mc.proportions, { n: mc.n, weights: "linear" });
    // Monte Carlo SD has ~0.5 % relative standard error with 20000 replicates; the delta-method SE is asymptotic
    expect(Math.abs(r.se / mc.monteCarloSd - 1)).toBeLessThan(0.03);
    expect(Math.abs(mc.psychSe / mc.monteCarloSd - 1)).toBeGreaterThan(0.1);
  });
});

describe("cohenKappa edge cases and properties", () => {
  it("perfect agreement: kappa 1, SE 0", () => {
    const r = cohenKappa([1, 2, 3, 1, 2], [1, 2, 3, 1, 2]);
    expect(r.value).toBe(1);
    expect(r.se).toBe(0);
  });
  it("a category never used (listed in categories) leaves kappa unchanged, weighted kappa is defined", () => {
    const a = [1, 2, 2, 1, 3, 3, 1];
    const b = [1, 2, 3, 1, 3, 2, 2];
    const plain = cohenKappa(a, b);
    const withUnused = cohenKappa(a, b, { categories: [1, 2, 3, 4] });
    expect(withUnused.value).toBeCloseTo(plain.value, 12);
    expect(withUnused.table[3]).toEqual([0, 0, 0, 0]);
    expect(Number.isFinite(cohenKappa(a, b, { categories: [1, 2, 3, 4], weights: "quadratic" }).value)).toBe(true);
  });
  it("a single category for both raters -> InputError, not NaN", () => {
    expect(() => cohenKappa([1, 1, 1], [1, 1, 1])).toThrow(/undefined/);
  });
  it("string labels, missing pairs dropped, lengths checked", () => {
    const r = cohenKappa(["mild", "severe", null, "mild"], ["mild", "severe", "mild", "severe"]);
    expect(r.dropped).toBe(1);
    expect(r.n).toBe(3);
    expect(r.categories).toEqual(["mild", "severe"]);
    expect(() => cohenKappa([1, 2], [1])).toThrow(InputError);
    expect(() => cohenKappa([1, 2], [1, 2], { weights: [[1]] })).toThrow(/weights/);
  });
  it("symmetric in the raters (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })), { minLength: 5, maxLength: 60 }),
        (pairs) => {
          const a = pairs.map((p) => p[0]);
          const b = pairs.map((p) => p[1]);
          fc.pre(new Set([...a, ...b]).size > 1);
          for (const weights of ["none", "quadratic"] as const) {
            const x = cohenKappa(a, b, { weights, categories: [1, 2, 3, 4] });
            const y = cohenKappa(b, a, { weights, categories: [1, 2, 3, 4] });
            // Swapping the raters transposes the table, so the same terms are summed in another
            // order: equal in exact arithmetic, equal to rounding (~1e-12 relative seen) in doubles.
            expect(Math.abs(y.value - x.value)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(x.value)));
            expect(Math.abs(y.se - x.se)).toBeLessThanOrEqual(1e-10 * x.se);
            expect(x.value).toBeLessThanOrEqual(1 + 1e-12);
          }
        },
      ),
    );
  });
});

describe("fleissKappa", () => {
  // Worked example of Wikipedia "Fleiss' kappa" (10 subjects, 14 raters, 5 categories): P̄ = 0.378, P̄e = 0.213, κ = 0.210.
  // R irr is not installed here (no network), so irr::kappam.fleiss cannot be run as a fixture.
  const counts = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];
  const r = fleissKappa(counts, { format: "counts" });
  it("kappa 0.210, P̄ 0.378, P̄e 0.213", () => {
    expect(r.value).toBeCloseTo(0.21, 3);
    expect(r.observedAgreement).toBeCloseTo(0.378, 3);
    expect(r.expectedAgreement).toBeCloseTo(0.213, 3);
  });
  it("SEs under kappa = 0 follow Fleiss, Nee & Landis 1979", () => {
    const N = 10;
    const m = 14;
    const pj = [20, 28, 39, 21, 32].map((v) => v / 140);
    const spq = pj.reduce((s, p) => s + p * (1 - p), 0);
    const want =
      (Math.SQRT2 * Math.sqrt(spq * spq - pj.reduce((s, p) => s + p * (1 - p) * (1 - 2 * p), 0))) / (spq * Math.sqrt(N * m * (m - 1)));
    expect(r.se).toBeCloseTo(want, 12);
    for (const c of r.perCategory) expect(c.se).toBeCloseTo(Math.sqrt(2 / (N * m * (m - 1))), 12);
    // per-category kappas average to the overall kappa when weighted by pⱼqⱼ (Fleiss 1971, eq. 14)
    const weighted = r.perCategory.reduce((s, c) => s + c.value * c.proportion * (1 - c.proportion), 0) / spq;
    expect(weighted).toBeCloseTo(r.value, 12);
  });
  it("raw ratings give the same as counts; unused categories are reported", () => {
    const raw = counts.map((row) => row.flatMap((n, j) => Array(n).fill(j + 1)));
    const x = fleissKappa(raw, { categories: [1, 2, 3, 4, 5, 6] });
    expect(x.value).toBeCloseTo(r.value, 12);
    expect(x.unused).toEqual([6]);
    expect(x.perCategory).toHaveLength(5);
  });
  it("perfect agreement -> 1; single category -> InputError; unequal raters -> InputError; missing drops the subject", () => {
    expect(
      fleissKappa([
        ["a", "a", "a"],
        ["b", "b", "b"],
      ]).value,
    ).toBe(1);
    expect(() =>
      fleissKappa([
        ["a", "a"],
        ["a", "a"],
      ]),
    ).toThrow(/undefined/);
    expect(() =>
      fleissKappa(
        [
          [2, 0],
          [1, 2],
        ],
        { format: "counts" },
      ),
    ).toThrow(/ratings/);
    const d = fleissKappa([
      ["a", "b", null],
      ["a", "a", "b"],
      ["b", "b", "b"],
    ]);
    expect(d.dropped).toBe(1);
    expect(d.subjects).toBe(2);
  });
});

describe("kappa: hostile input (issue 14)", () => {
  it("a table that is not an array, null options and prototype-key weight types are InputErrors", () => {
    expect(() => cohenKappaFromTable({} as never)).toThrow(/table: got \{\}, expected a square table/);
    expect(() =>
      cohenKappaFromTable(
        [
          [1, 2],
          [3, 4],
        ],
        null as never,
      ),
    ).toThrow(/options: got null/);
    expect(() =>
      cohenKappaFromTable(
        [
          [1, 2],
          [3, 4],
        ],
        { weightType: "constructor" as "agreement" },
      ),
    ).toThrow(/weightType/);
    expect(() => cohenKappa([1, 2], [1, 2], { categories: "abc" as never })).toThrow(/categories/);
    expect(() => fleissKappa([null, [1, 2]] as never)).toThrow(/ratings\[0\]: got null/);
    expect(() => fleissKappa([[1, 2]], { format: "constructor" as "counts" })).toThrow(/format/);
  });
});
