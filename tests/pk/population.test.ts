import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { predictionBandFigure, profileFigure } from "../../src/pk/figures";
import { INFLIXIMAB_BERENDS_2019_QSS, INFLIXIMAB_FASANMADE_2009, omegaSquared } from "../../src/pk/models";
import { predictionBands, probabilityOfTargetAttainment, simulatePopulation } from "../../src/pk/population";
import { infliximabRegimen } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";

const cov = { weightKg: 70, albuminGdl: 3.8 };

describe("population simulation", () => {
  it("is reproducible for a seed and matches single-patient simulation for the sampled etas", () => {
    const t = [14, 42, 98, 154];
    const a = simulatePopulation(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), cov, { n: 50, timesDays: t, seed: 9 });
    const b = simulatePopulation(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), cov, { n: 50, timesDays: t, seed: 9 });
    expect(Array.from(a.concentrationUgMl)).toEqual(Array.from(b.concentrationUgMl));
    const i = 17;
    const one = simulate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), cov, {
      timesDays: t,
      etas: { CL: a.etas.CL[i], V1: a.etas.V1[i] },
    }).concentrationUgMl;
    for (let j = 0; j < t.length; j++) expect(a.concentrationUgMl[i * t.length + j]).toBeCloseTo(one[j], 10);
  });

  it("samples eta with variance ln(1 + CV^2) (within 4 Monte Carlo standard errors)", () => {
    const n = 20000;
    const pop = simulatePopulation(INFLIXIMAB_FASANMADE_2009, infliximabRegimen({ untilWeeks: 0 }), cov, { n, timesDays: [1], seed: 2 });
    const e = pop.etas.CL;
    const mean = e.reduce((s, x) => s + x, 0) / n;
    const v = e.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    const w2 = omegaSquared(0.377);
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(w2 / n));
    expect(Math.abs(v - w2)).toBeLessThan(4 * w2 * Math.sqrt(2 / (n - 1)));
  });

  it("prediction bands are ordered and PTA rises with dose", () => {
    const t = Array.from({ length: 60 }, (_, i) => i * 7);
    const pop = simulatePopulation(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), cov, {
      n: 400,
      timesDays: t,
      seed: 4,
      residualError: true,
    });
    const b = predictionBands(pop, [0.05, 0.5, 0.95]);
    for (let j = 0; j < t.length; j++) {
      expect(b.quantilesUgMl[0][j]).toBeLessThanOrEqual(b.quantilesUgMl[1][j]);
      expect(b.quantilesUgMl[1][j]).toBeLessThanOrEqual(b.quantilesUgMl[2][j]);
    }
    const pta = probabilityOfTargetAttainment(
      INFLIXIMAB_FASANMADE_2009,
      [
        infliximabRegimen({ untilWeeks: 60 }),
        infliximabRegimen({ untilWeeks: 60, mgPerKg: 10, inductionMgPerKg: 10 }),
        infliximabRegimen({ untilWeeks: 60, intervalWeeks: 4 }),
      ],
      cov,
      {
        targetTroughUgMl: 5,
        atDays: 54 * 7,
        n: 1000,
        seed: 8,
      },
    );
    expect(pta[1].probability.value).toBeGreaterThan(pta[0].probability.value);
    expect(pta[2].probability.value).toBeGreaterThan(pta[1].probability.value);
    expect(pta[0].probability.lower).toBeLessThan(pta[0].probability.value);
    // same virtual patients, dose-proportional model: the 10 mg/kg median trough is twice the 5 mg/kg one
    expect(pta[1].medianTroughUgMl).toBeCloseTo(2 * pta[0].medianTroughUgMl, 8);
  });

  it("runs nonlinear (QSS-TMDD) populations through the ODE solver", () => {
    const pop = simulatePopulation(
      INFLIXIMAB_BERENDS_2019_QSS,
      infliximabRegimen({ untilWeeks: 14 }),
      { ...cov, targetBaselineNm: 5 },
      { n: 5, timesDays: [42, 98], seed: 1 },
    );
    expect(pop.concentrationUgMl.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
  });
});

describe("population simulation: hostile input and work limits (issue 14)", () => {
  const reg = infliximabRegimen({ untilWeeks: 14 });

  it("without timesDays is an InputError naming the missing option, not a TypeError", () => {
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 10, seed: 1 } as never)).toThrow(InputError);
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 10, seed: 1 } as never)).toThrow(
      /options\.timesDays: got undefined, expected the output times/,
    );
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, undefined as never)).toThrow(/options: got undefined/);
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, null as never, { n: 2, timesDays: [1] })).toThrow(
      /covariates: got null/,
    );
  });

  it("refuses a fractional or absurd number of patients and more values than maxValues", () => {
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 2.5, timesDays: [1] })).toThrow(/options\.n: got 2.5/);
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 1e308, timesDays: [1] })).toThrow(
      /options\.n.*expected at most 1,000,000/,
    );
    const times = Array.from({ length: 1000 }, (_, i) => i);
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 100_000, timesDays: times })).toThrow(
      /n x timesDays\.length.*raise options\.maxValues/,
    );
    // the cap is documented and can be raised deliberately
    expect(
      simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 30, timesDays: times, maxValues: 30_000, seed: 1 }).concentrationUgMl,
    ).toHaveLength(30_000);
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 30, timesDays: times, maxValues: 29_999 })).toThrow(
      /maxValues/,
    );
    expect(() => simulatePopulation(INFLIXIMAB_BERENDS_2019_QSS, reg, cov, { n: 50_000, timesDays: [1] })).toThrow(/ODE.*seeded batches/);
  });

  it("iivParameters are the model's own random effects (never a prototype key)", () => {
    expect(() => simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 2, timesDays: [1], iivParameters: ["constructor"] })).toThrow(
      /options\.iivParameters: got "constructor", expected one of CL, V1/,
    );
  });

  it("predictionBands and PTA check their inputs", () => {
    expect(() => predictionBands({} as never)).toThrow(/pop\.n/);
    const pop = simulatePopulation(INFLIXIMAB_FASANMADE_2009, reg, cov, { n: 20, timesDays: [1, 2], seed: 1 });
    expect(() => predictionBands(pop, [Number.NaN])).toThrow(/probabilities\[0\]/);
    expect(() => predictionBands({ ...pop, concentrationUgMl: new Float64Array(3) })).toThrow(/concentrationUgMl/);
    expect(() => probabilityOfTargetAttainment(INFLIXIMAB_FASANMADE_2009, {} as never, cov, { targetTroughUgMl: 5, atDays: 98 })).toThrow(
      /regimens: got \{\}, expected an array/,
    );
    expect(() => probabilityOfTargetAttainment(INFLIXIMAB_FASANMADE_2009, [reg], cov, { targetTroughUgMl: 5 } as never)).toThrow(
      /options\.atDays/,
    );
  });
});

describe("PK figures: hostile input (issue 14)", () => {
  it("predictionBandFigure and profileFigure refuse values that are not bands or series", () => {
    expect(() => predictionBandFigure({} as never)).toThrow(/bands\.timesDays/);
    expect(() => predictionBandFigure([] as never)).toThrow(/at least one result of predictionBands/);
    expect(() => profileFigure({} as never)).toThrow(/series: got \{\}, expected an array/);
    expect(() => profileFigure([{ name: "x", timesDays: [1, 2], concentrationUgMl: [1, Number.NaN] }])).toThrow(
      /series\[0\]\.concentrationUgMl\[1\]/,
    );
    expect(() => profileFigure([], { targetUgMl: Number.POSITIVE_INFINITY })).toThrow(/targetUgMl/);
    expect(profileFigure([{ name: "x", timesDays: [0, 7], concentrationUgMl: [10, 5] }], { targetUgMl: 5 }).data).toHaveLength(1);
  });
});
