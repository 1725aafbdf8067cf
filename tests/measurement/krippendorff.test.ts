import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { cohenKappa, krippendorffAlpha } from "../../src/measurement";

// Krippendorff 2011, "Computing Krippendorff's alpha-reliability" (Annenberg departmental paper 43):
// reliability data of 4 observers x 12 units with missing values (section C), alpha nominal 0.743,
// ordinal 0.815, interval 0.849, ratio 0.797; and the 2 observers x 10 units binary example (section A), alpha 0.095.
// R irr::kripp.alpha is not installed here (no network), so the published worked examples are the reference.
const N = null;
const fourObservers = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
  [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
];

describe("krippendorffAlpha: Krippendorff 2011 worked examples", () => {
  const cases = { nominal: 0.743, ordinal: 0.815, interval: 0.849, ratio: 0.797 } as const;
  for (const [level, want] of Object.entries(cases)) {
    it(`${level} alpha ${want}`, () => {
      const r = krippendorffAlpha(fourObservers, level as keyof typeof cases, { rowsAre: "raters" });
      expect(r.value).toBeCloseTo(want, 3);
    });
  }
  it("nominal: 9 units pairable, n = 40 pairable values", () => {
    const r = krippendorffAlpha(fourObservers, "nominal", { rowsAre: "raters" });
    expect(r.pairableValues).toBe(40);
    expect(r.unitsUsed).toBe(11);
  });
  it("binary 2 x 10 example: alpha 0.095", () => {
    const r = krippendorffAlpha(
      [
        [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
        [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
      ],
      "nominal",
      { rowsAre: "raters" },
    );
    expect(r.value).toBeCloseTo(0.095, 3);
  });
  it("units-by-rows orientation (default) gives the same", () => {
    const byUnits = fourObservers[0].map((_, u) => fourObservers.map((row) => row[u]));
    expect(krippendorffAlpha(byUnits, "interval").value).toBeCloseTo(
      krippendorffAlpha(fourObservers, "interval", { rowsAre: "raters" }).value,
      12,
    );
  });
});

describe("krippendorffAlpha edge cases", () => {
  it("perfect agreement -> 1", () => {
    expect(
      krippendorffAlpha([
        [1, 1],
        [2, 2],
        [3, 3],
      ]).value,
    ).toBe(1);
  });
  it("nominal alpha with 2 raters, no missing, is close to Scott's pi / Cohen's kappa for large n", () => {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 400; i++) {
      a.push(i % 3);
      b.push(i % 7 === 0 ? (i + 1) % 3 : i % 3);
    }
    const alpha = krippendorffAlpha(a.map((v, i) => [v, b[i]])).value;
    expect(Math.abs(alpha - cohenKappa(a, b).value)).toBeLessThan(0.01);
  });
  it("a single distinct value -> InputError; string labels need nominal; negative ratio -> InputError", () => {
    expect(() =>
      krippendorffAlpha([
        [1, 1],
        [1, 1],
      ]),
    ).toThrow(/undefined/);
    expect(() => krippendorffAlpha([["a", "b"]], "interval")).toThrow(InputError);
    expect(() =>
      krippendorffAlpha(
        [
          [-1, 2],
          [3, 4],
        ],
        "ratio",
      ),
    ).toThrow(/ratio/);
    expect(() => krippendorffAlpha([[1, null]])).toThrow(/two raters/);
  });
  it("string labels (nominal) work", () => {
    const r = krippendorffAlpha([
      ["mild", "mild"],
      ["severe", "severe"],
      ["mild", "severe"],
      ["moderate", "moderate"],
    ]);
    expect(r.value).toBeGreaterThan(0);
    expect(r.value).toBeLessThan(1);
  });
});

describe("krippendorffAlpha: hostile input (issue 14)", () => {
  it("null rows, unknown orientations and levels are InputErrors", () => {
    expect(() => krippendorffAlpha([null, [1, 2]] as never)).toThrow(/data\[0\]: got null/);
    expect(() => krippendorffAlpha([[1, 2]], "nominal", { rowsAre: "constructor" as "units" })).toThrow(/rowsAre/);
    expect(() => krippendorffAlpha([[1, 2]], "constructor" as "nominal")).toThrow(/level/);
    expect(() =>
      krippendorffAlpha(
        [
          [1, 2],
          [2, 1],
        ],
        "nominal",
        null as never,
      ),
    ).toThrow(/options: got null/);
  });
});
