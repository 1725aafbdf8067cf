// The walk over one patient's levels (issue 18 item 4; Sheiner & Beal 1981), src/pk/forecast-evaluation.ts:
// - a priori: a one-compartment test model and a synthetic patient whose clearance is 1.5 times the
//   typical value, levels from the closed form of repeated IV infusions written out here,
//   C(t) = sum_doses R/CL (1 - e^(-k T)) e^(-k (t - t_d - T)), k = CL/V; the a priori prediction is the
//   same formula at the typical clearance, so its rPE is known exactly;
// - a posteriori: the prediction of level k+1 is the model simulated (simulate, not the walk's own
//   predict) at the MAP etas of the fit to levels 1..k; it never changes when level k+1 or a later
//   one is changed to an absurd value, and it does change when a level before it is changed;
// - a fit that throws or does not converge is skipped with its reason (mapEstimate replaced by a
//   stand-in for those cases), and any other error is not swallowed.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ConvergenceError, InputError } from "../../src/core/errors";
import type { Observation } from "../../src/pk/bayes";
import { mapEstimate } from "../../src/pk/bayes";
import { forecastWalk, MAX_LEVELS_USED } from "../../src/pk/forecast-evaluation";
import { INFLIXIMAB_BERENDS_2019_QSS, INFLIXIMAB_FASANMADE_2009 } from "../../src/pk/models";
import { infliximabRegimen } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";
import { CL, hand, oneCompartment, regimen, V } from "./one-compartment-fixture";

const control = vi.hoisted(() => ({ mode: "real" as "real" | "converge-error" | "input-error" | "unconverged" | "type-error", calls: 0 }));
vi.mock("../../src/pk/bayes", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/pk/bayes")>();
  return {
    ...real,
    mapEstimate: (...args: Parameters<typeof real.mapEstimate>) => {
      control.calls++;
      if (control.mode === "converge-error") throw new ConvergenceError("dopri5: more than 1000000 steps", 7);
      if (control.mode === "input-error")
        throw new InputError({ field: "observations", value: 2, expected: "data for which the posterior has a finite curvature" });
      if (control.mode === "type-error") throw new TypeError("a bug, not a data problem");
      const fit = real.mapEstimate(...args);
      return control.mode === "unconverged" ? { ...fit, converged: false, iterations: 200 } : fit;
    },
  };
});

beforeEach(() => {
  control.mode = "real";
  control.calls = 0;
});

const TIMES = [13.9, 41.9, 97.9, 153.9];
const cov = { weightKg: 70 };

describe("forecastWalk a priori: the typical patient with the patient's doses", () => {
  it("a patient with 1.5 times the typical clearance: rPE = 100 (C(CL) - C(1.5 CL)) / C(1.5 CL) at every level", () => {
    const obs: Observation[] = TIMES.map((t) => ({ timeDays: t, concentrationUgMl: hand(t, 1.5 * CL) }));
    const walk = forecastWalk(oneCompartment(), regimen(), obs, cov, { maxLevelsUsed: 0 });
    expect(walk.predictions).toHaveLength(4);
    expect(walk.skipped).toEqual([]);
    walk.predictions.forEach((p, i) => {
      const truth = hand(TIMES[i], 1.5 * CL);
      const typical = hand(TIMES[i], CL);
      expect(p.levelsUsed).toBe(0);
      expect(p.timeDays).toBe(TIMES[i]);
      expect(p.predictedUgMl).toBeCloseTo(typical, 9);
      expect(p.rPe).toBeCloseTo((100 * (typical - truth)) / truth, 7);
      // faster clearance than typical: the typical patient is over-predicted
      expect(p.rPe).toBeGreaterThan(0);
    });
    // and a patient with the typical clearance has no a priori error
    const typicalObs = TIMES.map((t) => ({ timeDays: t, concentrationUgMl: hand(t, CL) }));
    for (const p of forecastWalk(oneCompartment(), regimen(), typicalObs, cov, { maxLevelsUsed: 0 }).predictions)
      expect(Math.abs(p.rPe ?? Number.NaN)).toBeLessThan(1e-7);
  });

  it("takes the levels in time order, copies them, and gives no rPE for censored or zero levels", () => {
    const obs: Observation[] = [
      { timeDays: 97.9, censored: "below", limitUgMl: 0.4 },
      { timeDays: 13.9, concentrationUgMl: 20 },
      { timeDays: 41.9, concentrationUgMl: 0 },
    ];
    const walk = forecastWalk(oneCompartment(), regimen(), obs, cov, { maxLevelsUsed: 0 });
    expect(walk.observations.map((o) => o.timeDays)).toEqual([13.9, 41.9, 97.9]);
    expect(walk.predictions.map((p) => p.timeDays)).toEqual([13.9, 41.9, 97.9]);
    expect(walk.predictions.map((p) => p.rPe === null)).toEqual([false, true, true]);
    expect(walk.predictions[2].observed).toEqual({ timeDays: 97.9, censored: "below", limitUgMl: 0.4 });
    expect(walk.predictions[2].predictedUgMl).toBeCloseTo(hand(97.9, CL), 9);
    expect(walk.predictions[0].observed).not.toBe(obs[1]);
    // records write "not given" as null: a level with censored null is measured
    const withNull = forecastWalk(oneCompartment(), regimen(), [{ timeDays: 13.9, concentrationUgMl: 20, censored: null as never }], cov);
    expect(withNull.predictions[0].observed).toEqual({ timeDays: 13.9, concentrationUgMl: 20 });
    expect(withNull.predictions[0].rPe).toBeCloseTo((100 * (hand(13.9, CL) - 20)) / 20, 7);
  });

  it("a target-mediated model predicts the drug form asked for (free or total)", () => {
    const history = infliximabRegimen({ untilWeeks: 6 });
    const c = { weightKg: 70, albuminGdl: 3.5 };
    const obs = [{ timeDays: 41.9, concentrationUgMl: 5 }];
    const sim = simulate(INFLIXIMAB_BERENDS_2019_QSS, history, c, { timesDays: [41.9] });
    const free = forecastWalk(INFLIXIMAB_BERENDS_2019_QSS, history, obs, c, { maxLevelsUsed: 0, drugMeasure: "free" });
    const total = forecastWalk(INFLIXIMAB_BERENDS_2019_QSS, history, obs, c, { maxLevelsUsed: 0, drugMeasure: "total" });
    expect(free.predictions[0].predictedUgMl).toBeCloseTo(sim.concentrationUgMl[0], 6);
    expect(total.predictions[0].predictedUgMl).toBeCloseTo(sim.totalUgMl[0], 6);
    expect(total.predictions[0].predictedUgMl).toBeGreaterThan(free.predictions[0].predictedUgMl);
  });
});

describe("forecastWalk a posteriori: level k+1 from the MAP fit to levels 1..k", () => {
  const truthObs = (): Observation[] => TIMES.map((t) => ({ timeDays: t, concentrationUgMl: hand(t, 1.5 * CL, 1.2 * V) }));

  it("predicts level k+1 at the MAP etas of levels 1..k, as simulate gives it", () => {
    const model = oneCompartment();
    const obs = truthObs();
    const walk = forecastWalk(model, regimen(), obs, cov);
    const post = walk.predictions.filter((p) => p.levelsUsed > 0);
    expect(post.map((p) => p.levelsUsed)).toEqual([1, 2, 3]);
    expect(post.map((p) => p.timeDays)).toEqual([41.9, 97.9, 153.9]);
    for (const p of post) {
      const k = p.levelsUsed;
      const fit = mapEstimate(model, regimen(), obs.slice(0, k), cov);
      const sim = simulate(model, regimen(), cov, { etas: fit.etas, timesDays: [TIMES[k]] });
      expect(p.predictedUgMl).toBeCloseTo(sim.concentrationUgMl[0], 9);
      expect(p.rPe).toBeCloseTo((100 * (sim.concentrationUgMl[0] - obs[k].concentrationUgMl!)) / obs[k].concentrationUgMl!, 6);
      // noise-free levels of a patient far from typical: the fit moves the forecast towards the truth
      const apriori = walk.predictions.find((q) => q.levelsUsed === 0 && q.timeDays === TIMES[k]);
      expect(Math.abs(p.rPe ?? Number.NaN)).toBeLessThan(Math.abs(apriori?.rPe ?? 0));
    }
  });

  it("never sees the level it predicts nor a later one: changing them leaves the prediction as it was", () => {
    const model = oneCompartment();
    const obs = truthObs();
    const base = forecastWalk(model, regimen(), obs, cov);
    for (let k = 1; k <= 3; k++) {
      const changed = obs.map((o, j): Observation => (j >= k ? { timeDays: o.timeDays, concentrationUgMl: 900 } : o));
      const walk = forecastWalk(model, regimen(), changed, cov);
      const before = base.predictions.find((p) => p.levelsUsed === k);
      const after = walk.predictions.find((p) => p.levelsUsed === k);
      expect(before?.predictedUgMl).toBeGreaterThan(0);
      expect(after?.predictedUgMl).toBe(before?.predictedUgMl);
      expect(after?.observed).toEqual({ timeDays: TIMES[k], concentrationUgMl: 900 });
      // censoring the predicted level does not change it either
      const censored = obs.map((o, j): Observation => (j === k ? { timeDays: o.timeDays, censored: "above", limitUgMl: 500 } : o));
      expect(forecastWalk(model, regimen(), censored, cov).predictions.find((p) => p.levelsUsed === k)?.predictedUgMl).toBe(
        before?.predictedUgMl,
      );
      // but a level before it does
      const earlier = obs.map((o, j): Observation => (j === k - 1 ? { timeDays: o.timeDays, concentrationUgMl: 900 } : o));
      const moved = forecastWalk(model, regimen(), earlier, cov).predictions.find((p) => p.levelsUsed === k);
      expect(moved?.predictedUgMl).not.toBeCloseTo(before?.predictedUgMl ?? 0, 3);
    }
  });

  it("stops at maxLevelsUsed and at the last level but one", () => {
    const model = oneCompartment();
    const obs = truthObs();
    expect(forecastWalk(model, regimen(), obs, cov, { maxLevelsUsed: 1 }).predictions.map((p) => p.levelsUsed)).toEqual([0, 0, 0, 0, 1]);
    expect(forecastWalk(model, regimen(), obs, cov, { maxLevelsUsed: 5 }).predictions.map((p) => p.levelsUsed)).toEqual([
      0, 0, 0, 0, 1, 2, 3,
    ]);
    expect(control.calls).toBe(4);
    expect(forecastWalk(model, regimen(), obs.slice(0, 1), cov).predictions.map((p) => p.levelsUsed)).toEqual([0]);
    expect(control.calls).toBe(4);
    expect(forecastWalk(model, regimen(), obs.slice(0, 2), cov, { maxLevelsUsed: MAX_LEVELS_USED }).predictions).toHaveLength(3);
  });
});

describe("forecastWalk: fits that fail", () => {
  const obs = (): Observation[] => TIMES.map((t) => ({ timeDays: t, concentrationUgMl: hand(t, CL) }));

  it("a fit that throws a ConvergenceError or an InputError is skipped, with the levels it used and the reason", () => {
    control.mode = "converge-error";
    const walk = forecastWalk(oneCompartment(), regimen(), obs(), cov, { maxLevelsUsed: 2 });
    expect(walk.predictions.map((p) => p.levelsUsed)).toEqual([0, 0, 0, 0]);
    expect(walk.skipped).toEqual([
      { levelsUsed: 1, timeDays: 41.9, reason: "the MAP fit to level 1 failed: dopri5: more than 1000000 steps" },
      { levelsUsed: 2, timeDays: 97.9, reason: "the MAP fit to levels 1-2 failed: dopri5: more than 1000000 steps" },
    ]);
    control.mode = "input-error";
    const bad = forecastWalk(oneCompartment(), regimen(), obs(), cov, { maxLevelsUsed: 1 });
    expect(bad.skipped).toHaveLength(1);
    expect(bad.skipped[0].reason).toMatch(/^the MAP fit to level 1 failed: observations: got 2, expected data for which the posterior/);
  });

  it("a fit that does not converge gives no prediction", () => {
    control.mode = "unconverged";
    const walk = forecastWalk(oneCompartment(), regimen(), obs(), cov, { maxLevelsUsed: 3 });
    expect(walk.predictions.filter((p) => p.levelsUsed > 0)).toEqual([]);
    expect(walk.skipped.map((s) => s.reason)).toEqual([
      "the MAP fit to level 1 did not converge (BFGS stopped after 200 iterations)",
      "the MAP fit to levels 1-2 did not converge (BFGS stopped after 200 iterations)",
      "the MAP fit to levels 1-3 did not converge (BFGS stopped after 200 iterations)",
    ]);
  });

  it("any other error is a bug and is not swallowed", () => {
    control.mode = "type-error";
    expect(() => forecastWalk(oneCompartment(), regimen(), obs(), cov)).toThrow(TypeError);
  });
});

describe("forecastWalk: bad input is an InputError naming the field", () => {
  it("options and the data mapObjective checks", () => {
    const model = oneCompartment();
    const o = [{ timeDays: 13.9, concentrationUgMl: 2 }];
    expect(() => forecastWalk(model, regimen(), o, cov, { maxLevelsUsed: -1 })).toThrow(/options\.maxLevelsUsed/);
    expect(() => forecastWalk(model, regimen(), o, cov, { maxLevelsUsed: 1.5 })).toThrow(/options\.maxLevelsUsed/);
    expect(() => forecastWalk(model, regimen(), o, cov, { maxLevelsUsed: MAX_LEVELS_USED + 1 })).toThrow(/options\.maxLevelsUsed/);
    expect(() => forecastWalk(model, regimen(), o, cov, null as never)).toThrow(/options/);
    expect(() => forecastWalk(model, regimen(), o, cov, { drugMeasure: "bound" as never })).toThrow(/options\.drugMeasure/);
    expect(() => forecastWalk(model, regimen(), [], cov)).toThrow(/observations/);
    expect(() => forecastWalk(model, regimen(), [{ timeDays: -1, concentrationUgMl: 2 }], cov)).toThrow(/before the first dose/);
    expect(() => forecastWalk(model, regimen(), [{ timeDays: 2, concentrationUgMl: Number.NaN }], cov)).toThrow(InputError);
    expect(() => forecastWalk(INFLIXIMAB_FASANMADE_2009, regimen(), o, cov)).toThrow(/albuminGdl/);
    expect(() => forecastWalk(null as never, regimen(), o, cov)).toThrow(InputError);
  });
});
