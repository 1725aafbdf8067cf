// Free or total drug (issue 18 item 2): in a target-mediated model a measured level is compared with
// the drug form its assay reads. The references are the simulator's own two outputs (free drug,
// concentrationUgMl, and free + bound, totalUgMl, each checked against deSolve in desolve.test.ts);
// these tests check that the MAP fit, its forecasts and its posterior profile use the form chosen,
// that the default is what the model's source measured (Berends 2019: total, Eq. 9 as read by
// nlmixr2lib; Ternant 2021: free), and that the choice is said in the result.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { forecastTroughs, mapEstimate, mapObjective } from "../../src/pk/bayes";
import { INFLIXIMAB_BERENDS_2019_QSS, INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_TERNANT_2021_DOUBLE } from "../../src/pk/models";
import { posteriorProfile } from "../../src/pk/posterior";
import { infliximabRegimen } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";

const history = infliximabRegimen({ untilWeeks: 6 });
const cov = { weightKg: 70, albuminGdl: 3.5, targetBaselineNm: 5 };
const obs = [{ timeDays: 97.9, concentrationUgMl: 2.5 }];

describe("which drug a level is compared with", () => {
  it("Berends 2019 (QSS-TMDD): total by default (its source), free when asked; predict is the simulator's total or free", () => {
    const eta = Float64Array.of(0.1, -0.05, 0.2, 0.3);
    const total = mapObjective(INFLIXIMAB_BERENDS_2019_QSS, history, obs, cov);
    const free = mapObjective(INFLIXIMAB_BERENDS_2019_QSS, history, obs, cov, { drugMeasure: "free" });
    expect(total.drugMeasure).toBe("total");
    expect(total.drugMeasureReason).toMatch(/what the model's source measured/);
    expect(free.drugMeasure).toBe("free");
    expect(free.drugMeasureReason).toMatch(/caller/);
    const etas = Object.fromEntries(total.names.map((n, i) => [n, eta[i]]));
    const sim = simulate(INFLIXIMAB_BERENDS_2019_QSS, history, cov, { timesDays: [97.9], etas });
    expect(total.predict(eta)[0]).toBeCloseTo(sim.totalUgMl[0], 6);
    expect(free.predict(eta)[0]).toBeCloseTo(sim.concentrationUgMl[0], 6);
    // at a target burden of 5 nM the two forms of the trough are far apart (the R check: 27 %)
    expect(sim.totalUgMl[0] / sim.concentrationUgMl[0]).toBeGreaterThan(1.1);
  });

  it("Ternant 2021 (double QSS): free by default, from its source", () => {
    const o = mapObjective(INFLIXIMAB_TERNANT_2021_DOUBLE, history, obs, { weightKg: 70 });
    expect(o.drugMeasure).toBe("free");
    expect(o.drugMeasureReason).toMatch(/Ternant/);
  });

  it("a linear model has no bound drug: both choices give the same predictions and the result says why", () => {
    const c = { weightKg: 70, albuminGdl: 3.5 };
    const a = mapObjective(INFLIXIMAB_FASANMADE_2009, history, obs, c, { drugMeasure: "total" });
    const b = mapObjective(INFLIXIMAB_FASANMADE_2009, history, obs, c, { drugMeasure: "free" });
    const eta = Float64Array.of(0.2, -0.1);
    expect(a.predict(eta)[0]).toBe(b.predict(eta)[0]);
    expect(mapObjective(INFLIXIMAB_FASANMADE_2009, history, obs, c).drugMeasureReason).toMatch(/no bound drug/);
  });

  it("the fit, its trough forecast and its posterior profile all use the form the levels were fitted as", () => {
    const fitTotal = mapEstimate(INFLIXIMAB_BERENDS_2019_QSS, history, obs, cov, { parameters: ["CL"] });
    const fitFree = mapEstimate(INFLIXIMAB_BERENDS_2019_QSS, history, obs, cov, { parameters: ["CL"], drugMeasure: "free" });
    expect(fitTotal.drugMeasure).toBe("total");
    expect(fitFree.drugMeasure).toBe("free");
    // the same measured 2.5 ug/mL read as total drug means less free drug: a faster clearance
    expect(fitTotal.etas.CL).toBeGreaterThan(fitFree.etas.CL);
    // each fit reproduces the level in its own form
    const at = (fit: typeof fitTotal) => simulate(fit.model, history, cov, { timesDays: [97.9], etas: fit.etas });
    expect(fitTotal.predictionsUgMl[0]).toBeCloseTo(at(fitTotal).totalUgMl[0], 6);
    expect(fitFree.predictionsUgMl[0]).toBeCloseTo(at(fitFree).concentrationUgMl[0], 6);
    const profile = posteriorProfile(fitTotal, history, [97.9], { nDraws: 20 });
    expect(profile.mapUgMl[0]).toBeCloseTo(at(fitTotal).totalUgMl[0], 6);
    const [f] = forecastTroughs(fitTotal, [{ mgPerKg: 5, intervalDays: 56 }], { startDays: 98, evaluateAfterDoses: 1, nDraws: 20 });
    const future = simulate(fitTotal.model, { name: "next", doses: [...history.doses, { timeDays: 98, mgPerKg: 5, route: "iv" }] }, cov, {
      timesDays: [98 + 56],
      etas: fitTotal.etas,
    });
    expect(f.troughUgMl.value).toBeCloseTo(future.totalUgMl[0], 5);
  });

  it("an unknown form is an InputError naming options.drugMeasure", () => {
    expect(() => mapObjective(INFLIXIMAB_BERENDS_2019_QSS, history, obs, cov, { drugMeasure: "bound" as never })).toThrow(InputError);
    expect(() => mapObjective(INFLIXIMAB_BERENDS_2019_QSS, history, obs, cov, { drugMeasure: "bound" as never })).toThrow(
      /options\.drugMeasure/,
    );
  });
});
