import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError, UnitError } from "../../src/core/errors";
import { convert, nanomolarToUgPerMl } from "../../src/core/units";
import { MAX_DOSES } from "../../src/pk/check";
import { covariatePieces, covariatesAt } from "../../src/pk/covariates";
import { terminalHalfLifeDays } from "../../src/pk/linear";
import {
  INFLIXIMAB_BERENDS_2019_QSS,
  INFLIXIMAB_FASANMADE_2009,
  INFLIXIMAB_FASANMADE_2011,
  INFLIXIMAB_SONG_2025,
  individualParameters,
  PK_MODELS,
} from "../../src/pk/models";
import { occupancyUgMlVsKdNm, receptorOccupancy } from "../../src/pk/occupancy";
import { continueRegimen, customRegimen, infliximabRegimen, repeatedRegimen, resolveDoses } from "../../src/pk/regimen";
import { predictTroughs, simulate } from "../../src/pk/simulate";
import { qssFreeNm } from "../../src/pk/systems";

describe("regimens", () => {
  it("infliximab: 5 mg/kg at weeks 0, 2, 6 then every 8 weeks (Remicade PI 2.1)", () => {
    const r = infliximabRegimen({ untilWeeks: 54 });
    expect(r.doses.map((d) => d.timeDays / 7)).toEqual([0, 2, 6, 14, 22, 30, 38, 46, 54]);
    expect(r.doses.every((d) => d.mgPerKg === 5 && d.route === "iv")).toBe(true);
    expect(
      infliximabRegimen({ mgPerKg: 10, intervalWeeks: 4, induction: false, untilWeeks: 12 }).doses.map((d) => [d.timeDays, d.mgPerKg]),
    ).toEqual([
      [0, 10],
      [28, 10],
      [56, 10],
      [84, 10],
    ]);
  });

  it("resolves mg/kg with the weight in force at each dose", () => {
    const pieces = covariatePieces({ baseline: { weightKg: 60, albuminGdl: 3 }, changes: [{ timeDays: 20, weightKg: 66 }] });
    const d = resolveDoses(infliximabRegimen({ untilWeeks: 6 }), pieces);
    expect(d.map((x) => x.amountMg)).toEqual([300, 300, 330]);
    expect(covariatesAt(pieces, 19.99).weightKg).toBe(60);
  });

  it("continues a history with a new schedule", () => {
    const r = continueRegimen(
      infliximabRegimen({ untilWeeks: 6 }),
      repeatedRegimen({ route: "iv", mgPerKg: 10, intervalDays: 28, count: 3 }),
      98,
    );
    expect(r.doses.map((d) => d.timeDays)).toEqual([0, 14, 42, 98, 126, 154]);
  });

  it("rejects a negative dose, a dose without amount and a zero infusion time", () => {
    const cov = { weightKg: 70, albuminGdl: 4 };
    expect(() => simulate(INFLIXIMAB_FASANMADE_2009, customRegimen("bad", [{ timeDays: 0, amountMg: -5, route: "iv" }]), cov)).toThrow(
      /regimen\.doses\[0\]\.amountMg: got -5, expected a number >= 0/,
    );
    expect(() => simulate(INFLIXIMAB_FASANMADE_2009, customRegimen("bad", [{ timeDays: 0, route: "iv" }]), cov)).toThrow(InputError);
    expect(() =>
      simulate(INFLIXIMAB_FASANMADE_2009, customRegimen("bad", [{ timeDays: 0, amountMg: 5, route: "iv", infusionDays: 0 }]), cov),
    ).toThrow(/infusionDays/);
  });
});

describe("covariates", () => {
  it("rejects zero weight and albumin that looks like g/L, with a UnitError pointing at the conversion", () => {
    expect(() => individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 0, albuminGdl: 4 })).toThrow(
      /weightKg: got 0, expected a number greater than 0/,
    );
    let err: unknown;
    try {
      individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 70, albuminGdl: 35 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnitError);
    expect((err as Error).message).toMatch(/albuminGdl.*looks like g\/L.*got 35/);
    // the same patient after conversion is accepted
    expect(
      individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 70, albuminGdl: convert(35, "albumin", "g/L", "g/dL") }).CL,
    ).toBeCloseTo(0.407 * (3.5 / 4.1) ** -1.54, 12);
    expect(() => simulate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), { weightKg: 70 })).toThrow(
      /albuminGdl: got undefined, expected a value/,
    );
  });

  it("applies time-varying covariates piecewise (ADA appearing raises clearance from that date)", () => {
    const reg = infliximabRegimen({ untilWeeks: 30 });
    const base = { weightKg: 70, albuminGdl: 4 };
    const t = [100, 150, 200];
    const none = simulate(INFLIXIMAB_FASANMADE_2009, reg, base, { timesDays: t }).concentrationUgMl;
    const ada = simulate(
      INFLIXIMAB_FASANMADE_2009,
      reg,
      { baseline: base, changes: [{ timeDays: 120, ada: true }] },
      { timesDays: t },
    ).concentrationUgMl;
    expect(ada[0]).toBe(none[0]);
    expect(ada[1]).toBeLessThan(none[1]);
    expect(ada[2] / none[2]).toBeLessThan(ada[1] / none[1]);
  });

  it("every model lists a citation for every parameter and covariate effect", () => {
    for (const m of Object.values(PK_MODELS)) {
      for (const [k, p] of Object.entries(m.parameters)) {
        expect(p.citation.length, `${m.id}.${k}`).toBeGreaterThan(5);
        expect(p.unit.length).toBeGreaterThan(0);
      }
      for (const e of m.covariateEffects) expect(e.citation.length).toBeGreaterThan(5);
    }
  });

  it("every model gives finite, positive parameters for any valid covariates, zeros included (no NaN or Infinity)", () => {
    const covariates = fc.record({
      weightKg: fc.double({ min: 1, max: 400, noNaN: true }),
      albuminGdl: fc.double({ min: 0.5, max: 10, noNaN: true }),
      crpMgL: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 500, noNaN: true })),
      calprotectinUgG: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 20000, noNaN: true })),
      ageYears: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 120, noNaN: true })),
      adaNgMl: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e4, noNaN: true })),
      bmiKgM2: fc.double({ min: 8, max: 90, noNaN: true }),
      targetBaselineNm: fc.double({ min: 0, max: 100, noNaN: true }),
      female: fc.boolean(),
      immunomodulator: fc.boolean(),
    });
    fc.assert(
      fc.property(covariates, fc.boolean(), (c, ada) => {
        for (const m of Object.values(PK_MODELS)) {
          const cov = m.refusedCovariates?.ada ? c : { ...c, ada };
          for (const [k, v] of Object.entries(individualParameters(m, cov))) {
            expect(Number.isFinite(v), `${m.id}.${k}`).toBe(true);
            if (k !== "R0") expect(v, `${m.id}.${k}`).toBeGreaterThan(0);
            else expect(v).toBeGreaterThanOrEqual(0);
          }
        }
      }),
    );
  });

  it("Fasanmade 2011: children get lower troughs per mg/kg than adults (Frymoyer 2017's finding)", () => {
    const reg = infliximabRegimen({ untilWeeks: 22 });
    const child = predictTroughs(INFLIXIMAB_FASANMADE_2011, reg, { weightKg: 20, albuminGdl: 4 });
    const adult = predictTroughs(INFLIXIMAB_FASANMADE_2011, reg, { weightKg: 70, albuminGdl: 4 });
    expect(child[child.length - 1].troughUgMl).toBeLessThan(adult[adult.length - 1].troughUgMl);
  });
});

describe("Berends 2019 target", () => {
  it("baseline serum TNF is Bmax 0.38 pM = 19.8 pg/mL with the 52 kDa trimer (Berends 2019 Table 2)", () => {
    const r0Nm = INFLIXIMAB_BERENDS_2019_QSS.parameters.R0.value;
    expect(r0Nm * 1000).toBeCloseTo(0.38, 2);
    expect(nanomolarToUgPerMl(r0Nm, 52) * 1e6).toBeCloseTo(19.8, 9); // ug/mL -> pg/mL
  });

  it("a patient's target burden replaces the typical R0, and the R0 random effect varies around it", () => {
    const cov = { weightKg: 70, albuminGdl: 3.2, targetBaselineNm: 5 };
    expect(individualParameters(INFLIXIMAB_BERENDS_2019_QSS, cov).R0).toBe(5);
    expect(individualParameters(INFLIXIMAB_BERENDS_2019_QSS, cov, { R0: Math.log(2) }).R0).toBeCloseTo(10, 12);
    const typical = individualParameters(INFLIXIMAB_BERENDS_2019_QSS, { weightKg: 70, albuminGdl: 3.2 }, { R0: Math.log(2) });
    expect(typical.R0).toBeCloseTo(2 * INFLIXIMAB_BERENDS_2019_QSS.parameters.R0.value, 15);
  });
});

describe("CRP on clearance (Song 2025)", () => {
  const ref = { weightKg: 65, albuminGdl: 4.4, crpMgL: 1.8, adaNgMl: 10, bmiKgM2: 22.5 };

  it("gives the published typical values at the cohort means (Song 2025 Table 2: CL 0.248 L/day, F 0.667)", () => {
    const p = individualParameters(INFLIXIMAB_SONG_2025, ref);
    expect(p.CL).toBeCloseTo(0.248, 12);
    expect(p.F).toBeCloseTo(0.667, 12);
    expect(p.V1).toBe(1.87);
  });

  it("follows the published equation CL = 0.248 (ALB/4.4)^-0.372 (CRP/1.8)^0.022 (ADA/10)^0.022 (BMI/22.5)^0.36", () => {
    const p = individualParameters(INFLIXIMAB_SONG_2025, { weightKg: 80, albuminGdl: 3.1, crpMgL: 85, adaNgMl: 35, bmiKgM2: 27.5 });
    const expected = 0.248 * (3.1 / 4.4) ** -0.372 * (85 / 1.8) ** 0.022 * (35 / 10) ** 0.022 * (27.5 / 22.5) ** 0.36;
    expect(p.CL).toBeCloseTo(expected, 12);
    expect(p.F).toBeCloseTo(0.667 * (35 / 10) ** -0.213 * (27.5 / 22.5) ** -0.832, 12);
  });

  it("clearance rises with CRP and never reaches 0: a CRP reported as 0 counts as the 0.6 mg/L floor", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 300, noNaN: true }), fc.double({ min: 0, max: 300, noNaN: true }), (a, b) => {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        const cl = (crpMgL: number) => individualParameters(INFLIXIMAB_SONG_2025, { ...ref, crpMgL }).CL;
        expect(cl(lo)).toBeLessThanOrEqual(cl(hi));
        expect(cl(lo)).toBeGreaterThan(0);
      }),
    );
    const atZero = individualParameters(INFLIXIMAB_SONG_2025, { ...ref, crpMgL: 0 }).CL;
    expect(atZero).toBe(individualParameters(INFLIXIMAB_SONG_2025, { ...ref, crpMgL: 0.6 }).CL);
  });

  it("needs CRP and BMI, and refuses the ada flag, naming the field", () => {
    const { crpMgL: _c, ...noCrp } = ref;
    expect(() => individualParameters(INFLIXIMAB_SONG_2025, noCrp)).toThrow(/crpMgL/);
    expect(() => individualParameters(INFLIXIMAB_SONG_2025, { ...ref, crpMgL: -1 })).toThrow(InputError);
    const err = (() => {
      try {
        individualParameters(INFLIXIMAB_SONG_2025, { ...ref, ada: true });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect(String((err as Error).message)).toMatch(/covariates\.ada.*adaNgMl/s);
    // ada: false is the default and harmless
    expect(individualParameters(INFLIXIMAB_SONG_2025, { ...ref, ada: false }).CL).toBeCloseTo(0.248, 12);
  });

  it("a CRP flare lowers the maintenance trough, and by less than the albumin fall that comes with it", () => {
    const reg = customRegimen(
      "5 mg/kg q8w",
      [0, 8, 16, 24, 32].map((w) => ({ timeDays: w * 7, route: "iv" as const, mgPerKg: 5 })),
    );
    const trough = (c: Partial<typeof ref>) => {
      const t = predictTroughs(INFLIXIMAB_SONG_2025, reg, { ...ref, ...c });
      return t[t.length - 1].troughUgMl;
    };
    const quiet = trough({});
    const crpOnly = trough({ crpMgL: 60 });
    const crpAndAlbumin = trough({ crpMgL: 60, albuminGdl: 3.0 });
    expect(crpOnly).toBeLessThan(quiet);
    expect(crpAndAlbumin).toBeLessThan(crpOnly);
    expect(quiet - crpOnly).toBeLessThan(crpOnly - crpAndAlbumin);
  });
});

describe("receptor occupancy", () => {
  it("the chapter's example: trough 12 ug/mL, KD ~1 -> over 90 % occupied", () => {
    expect(receptorOccupancy(12, 1)).toBeCloseTo(12 / 13, 12);
    expect(receptorOccupancy(12, 1)).toBeGreaterThan(0.9);
    // against the in-vivo KSS (~15 nM) the same trough is less saturating than against the picomolar in-vitro KD
    expect(occupancyUgMlVsKdNm(12, 15)).toBeLessThan(occupancyUgMlVsKdNm(12, 0.0042));
    expect(() => receptorOccupancy(-1, 1)).toThrow(InputError);
  });
});

describe("hostile input (issue 14)", () => {
  const cov = { weightKg: 70, albuminGdl: 4 };

  it("terminalHalfLifeDays refuses CL 0 or NaN instead of returning Infinity or NaN", () => {
    const p = individualParameters(INFLIXIMAB_FASANMADE_2009, cov);
    expect(terminalHalfLifeDays(p)).toBeGreaterThan(10);
    expect(() => terminalHalfLifeDays({ ...p, CL: 0 })).toThrow(/parameters\.CL: got 0, expected a number greater than 0/);
    expect(() => terminalHalfLifeDays({ ...p, CL: Number.NaN })).toThrow(/parameters\.CL: got NaN/);
    expect(() => terminalHalfLifeDays({ CL: 0.4, V1: 3, Q: 1 })).toThrow(/parameters\.V2/);
    expect(() => terminalHalfLifeDays(undefined as never)).toThrow(InputError);
  });

  it("individualParameters: etas must be finite numbers keyed by the model's random effects", () => {
    expect(() => individualParameters(INFLIXIMAB_FASANMADE_2009, cov, { CL: Number.NaN })).toThrow(
      /etas\.CL: got NaN, expected a finite number/,
    );
    expect(() => individualParameters(INFLIXIMAB_FASANMADE_2009, cov, { CL: Number.POSITIVE_INFINITY })).toThrow(InputError);
    expect(() => individualParameters(INFLIXIMAB_FASANMADE_2009, cov, { CL: 1e308 })).toThrow(/etas\.CL.*within ±10/);
    // Q has no random effect in this model, and "constructor" is not a parameter at all
    expect(() => individualParameters(INFLIXIMAB_FASANMADE_2009, cov, { Q: 0.1 })).toThrow(
      /etas\.Q.*random effect of this model: one of CL, V1/,
    );
    expect(() => individualParameters(INFLIXIMAB_FASANMADE_2009, cov, JSON.parse('{"constructor": 0.1}'))).toThrow(InputError);
    expect(individualParameters(INFLIXIMAB_FASANMADE_2009, cov, { CL: 0.2 }).CL).toBeCloseTo(
      individualParameters(INFLIXIMAB_FASANMADE_2009, cov).CL * Math.exp(0.2),
      12,
    );
  });

  it("individualParameters refuses a value that is not a model", () => {
    expect(() => individualParameters(undefined as never, cov)).toThrow(/model: got undefined, expected an object/);
    expect(() => individualParameters({ ...INFLIXIMAB_FASANMADE_2009, structure: "constructor" } as never, cov)).toThrow(
      /model\.structure/,
    );
    const broken = {
      ...INFLIXIMAB_FASANMADE_2009,
      parameters: { ...INFLIXIMAB_FASANMADE_2009.parameters, CL: { ...INFLIXIMAB_FASANMADE_2009.parameters.CL, value: 0 } },
    };
    expect(() => individualParameters(broken, cov)).toThrow(/model\.parameters\.CL\.value: got 0/);
  });

  it("receptorOccupancy stays defined near 1e308 (C + KD overflows)", () => {
    expect(receptorOccupancy(1e308, 1e308)).toBeCloseTo(0.5, 12);
    expect(receptorOccupancy(9, 1)).toBe(0.9);
  });

  it("qssFreeNm refuses NaN and out-of-range arguments", () => {
    expect(qssFreeNm(10, 0, 1)).toBeCloseTo(10, 12);
    expect(() => qssFreeNm(Number.NaN, 1, 1)).toThrow(/ctotNm: got NaN/);
    expect(() => qssFreeNm(1, Number.POSITIVE_INFINITY, 1)).toThrow(InputError);
    expect(() => qssFreeNm(1, 1, 0)).toThrow(/kNm: got 0/);
    expect(() => qssFreeNm(1e308, 0, 1e308)).toThrow(/result is not finite/);
  });

  it("repeatedRegimen needs a whole number of doses within the limit", () => {
    expect(() => repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 14, count: 2.5 })).toThrow(
      /count: got 2.5, expected an integer >= 0/,
    );
    expect(() => repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 14, count: 1e308 })).toThrow(/count.*expected at most/);
    expect(() => repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 14, count: MAX_DOSES + 1 })).toThrow(InputError);
    expect(repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 14, count: MAX_DOSES }).doses).toHaveLength(MAX_DOSES);
    expect(() => repeatedRegimen(undefined as never)).toThrow(/options: got undefined, expected an object/);
    expect(() => repeatedRegimen({ route: "constructor" as "sc", amountMg: 40, intervalDays: 14, count: 2 })).toThrow(/route/);
    expect(() => repeatedRegimen({ route: "sc", intervalDays: 14, count: 2 })).toThrow(/exactly one of amountMg or mgPerKg/);
  });

  it("infliximabRegimen refuses a schedule that would loop without end", () => {
    expect(() => infliximabRegimen({ intervalWeeks: 1e-300 })).toThrow(/doses.*expected at most 5,000/);
    expect(() => infliximabRegimen({ untilWeeks: 1e308 })).toThrow(InputError);
    expect(() => infliximabRegimen(null as never)).toThrow(/options: got null, expected an object/);
    expect(() => infliximabRegimen({ induction: "yes" as never })).toThrow(/induction/);
  });

  it("customRegimen and continueRegimen check their arguments", () => {
    expect(() => customRegimen("x", undefined as never)).toThrow(InputError);
    expect(() => customRegimen(Number.POSITIVE_INFINITY as never, [])).toThrow(/name/);
    expect(() => customRegimen("x", [[1, 2]] as never)).toThrow(/regimen\.doses\[0\]: got \[1,2\], expected an object/);
    expect(() => customRegimen("x", [{ timeDays: Number.NaN, amountMg: 5, route: "iv" }])).toThrow(/timeDays: got NaN/);
    expect(() => continueRegimen({} as never, infliximabRegimen(), 0)).toThrow(/history\.doses/);
    expect(() => continueRegimen(infliximabRegimen(), infliximabRegimen(), Number.NEGATIVE_INFINITY)).toThrow(/startDays/);
  });

  it("simulate refuses a value that is not a model, unknown solvers and absurd output grids", () => {
    const reg = infliximabRegimen({ untilWeeks: 6 });
    expect(() => simulate(undefined as never, reg, cov)).toThrow(/model: got undefined/);
    expect(() => simulate(INFLIXIMAB_FASANMADE_2009, reg, cov, { solver: "constructor" as "auto" })).toThrow(/solver/);
    expect(() => simulate(INFLIXIMAB_FASANMADE_2009, reg, cov, null as never)).toThrow(/options: got null/);
    expect(() => simulate(INFLIXIMAB_FASANMADE_2009, reg, cov, { timesDays: [1e308] })).toThrow(/timesDays\[0\].*within/);
    const far = customRegimen("far", [
      { timeDays: -900_000, amountMg: 5, route: "iv" },
      { timeDays: 900_000, amountMg: 5, route: "iv" },
    ]);
    expect(() => simulate(INFLIXIMAB_FASANMADE_2009, far, cov)).toThrow(/default output times.*give timesDays/);
    expect(() => predictTroughs(INFLIXIMAB_FASANMADE_2009, {} as never, cov)).toThrow(/regimen\.doses/);
  });
});
