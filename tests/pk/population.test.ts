import { describe, expect, it } from "vitest";
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
