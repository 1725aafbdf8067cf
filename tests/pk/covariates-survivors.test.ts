// Tests for mutants of src/pk/covariates.ts that survived the first mutation run (issue #22, item 2).
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { covariatePieces, covariatesAt, validateCovariates } from "../../src/pk/covariates";

// Hand computation: weight 70 -> 65 kg on day 14, albumin 2.8 -> 3.8 g/dL on day 42.
// Before day 14: 70/2.8; days 14 to 42: 65/2.8; from day 42: 65/3.8. A change applies from its own day.
const baseline = { weightKg: 70, albuminGdl: 2.8 };
const changes = [
  { timeDays: 42, albuminGdl: 3.8 },
  { timeDays: 14, weightKg: 65 },
];

describe("covariatePieces / covariatesAt", () => {
  const unsorted = covariatePieces({ baseline, changes });
  const sorted = covariatePieces({ baseline, changes: [changes[1], changes[0]] });
  const cases: [number, number, number][] = [
    [0, 70, 2.8],
    [13.99, 70, 2.8],
    [14, 65, 2.8],
    [20, 65, 2.8],
    [42, 65, 3.8],
    [100, 65, 3.8],
  ];
  for (const [t, w, alb] of cases) {
    it(`day ${t}: weight ${w} kg, albumin ${alb} g/dL, unsorted timeline as sorted`, () => {
      expect(covariatesAt(unsorted, t)).toEqual({ weightKg: w, albuminGdl: alb });
      expect(covariatesAt(sorted, t)).toEqual({ weightKg: w, albuminGdl: alb });
    });
  }
});

describe("validateCovariates range checks throw InputError", () => {
  const bad: [string, Record<string, unknown>][] = [
    ["weight below 1 kg", { weightKg: 0.5 }],
    ["weight above 400 kg", { weightKg: 401 }],
    ["albumin 0", { weightKg: 70, albuminGdl: 0 }],
    ["negative CRP", { weightKg: 70, crpMgL: -1 }],
    ["negative ADA", { weightKg: 70, adaNgMl: -1 }],
    ["BMI below 8", { weightKg: 70, bmiKgM2: 7.9 }],
    ["BMI above 90", { weightKg: 70, bmiKgM2: 90.1 }],
    ["age below 0", { weightKg: 70, ageYears: -0.5 }],
    ["age above 120", { weightKg: 70, ageYears: 120.5 }],
    ["negative calprotectin", { weightKg: 70, calprotectinUgG: -1 }],
    ["negative target baseline", { weightKg: 70, targetBaselineNm: -1 }],
  ];
  for (const [name, c] of bad) {
    it(name, () => {
      expect(() => validateCovariates(c)).toThrow(InputError);
    });
  }
  it("the bounds themselves are accepted", () => {
    for (const c of [
      { weightKg: 1 },
      { weightKg: 400 },
      { weightKg: 70, bmiKgM2: 8, ageYears: 0 },
      { weightKg: 70, bmiKgM2: 90, ageYears: 120 },
    ]) {
      expect(validateCovariates(c)).toEqual(c);
    }
  });
});
