// Vedolizumab, Rosario 2015 (issue 18 item 1): every covariate of the final model, as Table 2 and
// Table S4 give them (and nlmixr2lib's Rosario_2015_vedolizumab.R transcribes them). Each expected
// value is written here from the published numbers, not read back from the model file. The whole
// model against R deSolve is tests/pk/desolve.test.ts (vedolizumab_cd_every_covariate,
// vedolizumab_uc_every_covariate).
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { checkModel } from "../../src/pk/check";
import { validateCovariates } from "../../src/pk/covariates";
import { individualParameters, VEDOLIZUMAB_ROSARIO_2015 as ROS } from "../../src/pk/models";
import type { Covariates, PkModel } from "../../src/pk/types";

/** The reference patient of Table 2's footnote, with a diagnosis. */
const ref = (uc: boolean): Covariates => ({
  weightKg: 70,
  albuminGdl: 4,
  calprotectinUgG: 700,
  ageYears: 40,
  cdaiScore: 300,
  partialMayoScore: 6,
  ulcerativeColitis: uc,
});
const cl = (c: Covariates) => individualParameters(ROS, c).CL;

describe("Rosario 2015: typical values by disease (Table 2)", () => {
  it("the reference UC patient: CLL 0.159 L/day, Vc 3.19 L, Vp 1.65, Q 0.12, Vmax 0.265 mg/day, Km 0.964 ug/mL", () => {
    const p = individualParameters(ROS, ref(true));
    expect(p.CL).toBeCloseTo(0.159, 15);
    expect(p.V1).toBeCloseTo(3.19, 15);
    expect(p.V2).toBeCloseTo(1.65, 15);
    expect(p.Q).toBeCloseTo(0.12, 15);
    expect(p.VMAX).toBeCloseTo(0.265, 15);
    expect(p.KM).toBeCloseTo(0.964, 15);
  });

  it("the reference CD patient: CLL 0.155 L/day and Vc 3.19 x 1.01 (Table S4); the other parameters as in UC", () => {
    const p = individualParameters(ROS, ref(false));
    expect(p.CL).toBeCloseTo(0.155, 15);
    expect(p.V1).toBeCloseTo(3.19 * 1.01, 14);
    expect(p.V2).toBeCloseTo(1.65, 15);
    expect(p.VMAX).toBeCloseTo(0.265, 15);
  });

  it("without a diagnosis the patient is taken as Crohn's disease (the default of ulcerativeColitis)", () => {
    expect(cl({ weightKg: 70, albuminGdl: 4 })).toBeCloseTo(0.155, 15);
    expect(individualParameters(ROS, { weightKg: 70, albuminGdl: 4 }).V1).toBeCloseTo(3.2219, 13);
  });
});

describe("Rosario 2015: the covariates of Table S4 on linear clearance", () => {
  it("each treatment flag multiplies CLL by its published factor, in both diseases", () => {
    const factors: [keyof Covariates, number][] = [
      ["ada", 1.12],
      ["priorAntiTnf", 1.04],
      ["azathioprine", 0.998],
      ["mercaptopurine", 1.04],
      ["methotrexate", 0.983],
      ["aminosalicylate", 1.02],
    ];
    for (const uc of [true, false])
      for (const [flag, f] of factors) {
        expect(cl({ ...ref(uc), [flag]: true }) / cl(ref(uc))).toBeCloseTo(f, 14);
        expect(cl({ ...ref(uc), [flag]: false })).toBe(cl(ref(uc)));
      }
    // all six at once: the product
    const all = {
      ...ref(true),
      ada: true,
      priorAntiTnf: true,
      azathioprine: true,
      mercaptopurine: true,
      methotrexate: true,
      aminosalicylate: true,
    };
    expect(cl(all)).toBeCloseTo(0.159 * 1.12 * 1.04 * 0.998 * 1.04 * 0.983 * 1.02, 14);
  });

  it("CDAI acts in Crohn's disease only: (CDAI/300)^-0.0515", () => {
    expect(cl({ ...ref(false), cdaiScore: 150 })).toBeCloseTo(0.155 * (150 / 300) ** -0.0515, 15);
    expect(cl({ ...ref(false), cdaiScore: 450 })).toBeCloseTo(0.155 * 1.5 ** -0.0515, 15);
    // in UC a CDAI changes nothing
    expect(cl({ ...ref(true), cdaiScore: 150 })).toBe(cl(ref(true)));
  });

  it("the partial Mayo score acts in ulcerative colitis only: (pMayo/6)^0.0408", () => {
    expect(cl({ ...ref(true), partialMayoScore: 3 })).toBeCloseTo(0.159 * 0.5 ** 0.0408, 15);
    expect(cl({ ...ref(true), partialMayoScore: 9 })).toBeCloseTo(0.159 * 1.5 ** 0.0408, 15);
    expect(cl({ ...ref(false), partialMayoScore: 3 })).toBe(cl(ref(false)));
  });

  it("a score not given sits at the reference (CDAI 300, partial Mayo 6)", () => {
    const { cdaiScore: _c, partialMayoScore: _p, ...rest } = ref(false);
    expect(cl(rest)).toBe(cl(ref(false)));
    const { cdaiScore: _c2, partialMayoScore: _p2, ...restUc } = ref(true);
    expect(cl(restUc)).toBe(cl(ref(true)));
  });

  it("a score of 0 is floored at 1 point, so CL stays finite and positive (ibd-lab's choice, marked unverified)", () => {
    expect(cl({ ...ref(false), cdaiScore: 0 })).toBeCloseTo(0.155 * (1 / 300) ** -0.0515, 15);
    expect(cl({ ...ref(true), partialMayoScore: 0 })).toBeCloseTo(0.159 * (1 / 6) ** 0.0408, 15);
    const floors = ROS.covariateEffects.filter((e) => e.covariate === "cdaiScore" || e.covariate === "partialMayoScore");
    expect(floors).toHaveLength(2);
    for (const e of floors) expect(e.unverified).toMatch(/ibd-lab's choice/);
  });

  it("weight, albumin, calprotectin and age: the power terms of Table S4, with the fixed allometric exponents", () => {
    const c = { ...ref(true), weightKg: 55, albuminGdl: 3.1, calprotectinUgG: 2500, ageYears: 63 };
    const p = individualParameters(ROS, c);
    expect(p.CL).toBeCloseTo(0.159 * (55 / 70) ** 0.362 * (3.1 / 4) ** -1.18 * (2500 / 700) ** 0.031 * (63 / 40) ** -0.0346, 15);
    expect(p.V1).toBeCloseTo(3.19 * (55 / 70) ** 0.467, 14);
    expect(p.V2).toBeCloseTo(1.65 * (55 / 70), 15);
    expect(p.Q).toBeCloseTo(0.12 * (55 / 70) ** 0.75, 15);
    expect(p.VMAX).toBeCloseTo(0.265 * (55 / 70) ** 0.75, 15);
  });

  it("every effect of the model carries Table 2 or Table S4 as its source", () => {
    for (const e of ROS.covariateEffects) expect(e.citation).toMatch(/Table (2|S4)/);
    expect(ROS.covariateEffects.map((e) => e.covariate).sort()).toEqual(
      [
        "ada",
        "ageYears",
        "albuminGdl",
        "aminosalicylate",
        "azathioprine",
        "calprotectinUgG",
        "cdaiScore",
        "mercaptopurine",
        "methotrexate",
        "partialMayoScore",
        "priorAntiTnf",
        "ulcerativeColitis",
        "ulcerativeColitis",
        "weightKg",
        "weightKg",
        "weightKg",
        "weightKg",
        "weightKg",
      ].sort(),
    );
  });
});

describe("the new covariates and effect forms are checked", () => {
  it("scores out of their range are refused with the field named", () => {
    expect(() => validateCovariates({ weightKg: 70, cdaiScore: -1 })).toThrow(/covariates\.cdaiScore/);
    expect(() => validateCovariates({ weightKg: 70, cdaiScore: 701 })).toThrow(InputError);
    expect(validateCovariates({ weightKg: 70, cdaiScore: 700 }).cdaiScore).toBe(700);
    expect(() => validateCovariates({ weightKg: 70, partialMayoScore: 9.5 })).toThrow(/covariates\.partialMayoScore/);
    expect(() => validateCovariates({ weightKg: 70, partialMayoScore: -0.5 })).toThrow(InputError);
    expect(validateCovariates({ weightKg: 70, partialMayoScore: 9 }).partialMayoScore).toBe(9);
  });

  it("a flag must be true or false", () => {
    for (const k of ["priorAntiTnf", "azathioprine", "mercaptopurine", "methotrexate", "aminosalicylate"])
      expect(() => validateCovariates({ weightKg: 70, [k]: "yes" } as unknown as Covariates)).toThrow(new RegExp(`covariates\\.${k}`));
  });

  it("checkModel: a multiplier needs a gate; factor, proportional and multiplier effects need a flag; a gate names a flag", () => {
    const withEffect = (e: object): PkModel => ({
      ...ROS,
      covariateEffects: [{ parameter: "CL", citation: "x", ...e }] as PkModel["covariateEffects"],
    });
    expect(() => checkModel(withEffect({ covariate: "ulcerativeColitis", form: "multiplier", coefficient: 1.1 }))).toThrow(
      /covariateEffects\[0\]\.when/,
    );
    expect(() => checkModel(withEffect({ covariate: "ageYears", form: "factor", coefficient: 1.1 }))).toThrow(/a flag for a factor effect/);
    expect(() => checkModel(withEffect({ covariate: "ageYears", form: "proportional", coefficient: 0.1 }))).toThrow(
      /a flag for a proportional effect/,
    );
    expect(() =>
      checkModel(
        withEffect({ covariate: "ageYears", form: "power", reference: 40, coefficient: 0.1, when: { covariate: "ageYears", is: true } }),
      ),
    ).toThrow(/when\.covariate/);
    expect(() =>
      checkModel(
        withEffect({ covariate: "ageYears", form: "power", reference: 40, coefficient: 0.1, when: { covariate: "female", is: "yes" } }),
      ),
    ).toThrow(/when\.is/);
    expect(checkModel(ROS)).toBe(ROS);
  });

  it("a gated power effect on a patient outside its group multiplies by exactly 1", () => {
    const gated: PkModel = {
      ...ROS,
      covariateEffects: [
        {
          parameter: "CL",
          covariate: "ageYears",
          form: "power",
          reference: 40,
          coefficient: 1,
          when: { covariate: "female", is: true },
          citation: "x",
        },
      ],
    };
    expect(individualParameters(gated, { weightKg: 70, albuminGdl: 4, ageYears: 80 }).CL).toBe(0.159);
    expect(individualParameters(gated, { weightKg: 70, albuminGdl: 4, ageYears: 80, female: true }).CL).toBeCloseTo(0.318, 15);
  });
});
