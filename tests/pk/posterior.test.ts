/**
 * posteriorProfile: MAP curve and Laplace-posterior band. Checked against an independent computation of
 * the same draws (Cholesky by hand for a 2 x 2 covariance, simulate per draw) and against the invariants a
 * band must keep.
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { createRng } from "../../src/core/random";
import { mapEstimate } from "../../src/pk/bayes";
import { INFLIXIMAB_FASANMADE_2009 } from "../../src/pk/models";
import { posteriorProfile } from "../../src/pk/posterior";
import { infliximabRegimen } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";

const cov = { weightKg: 70, albuminGdl: 3.4 };
const history = infliximabRegimen({ untilWeeks: 14 });
const fit = mapEstimate(
  INFLIXIMAB_FASANMADE_2009,
  history,
  [
    { timeDays: 41.9, concentrationUgMl: 9 },
    { timeDays: 97.9, concentrationUgMl: 2.1 },
  ],
  cov,
);
const plan = infliximabRegimen({ untilWeeks: 30 });
const times = [14, 42, 98, 150, 209];

describe("posteriorProfile", () => {
  it("equals the MAP simulation and quantiles of draws eta = eta_hat + L z made independently", () => {
    const band = posteriorProfile(fit, plan, times, { nDraws: 200, seed: 7, confidence: 0.8 });
    expect(band.mapUgMl).toEqual(
      Array.from(simulate(INFLIXIMAB_FASANMADE_2009, plan, cov, { timesDays: times, etas: fit.etas }).concentrationUgMl),
    );
    // the same draws by hand: 2 x 2 Cholesky of the posterior covariance, in the order of fit.parameters
    const [a, b] = fit.parameters;
    const c = fit.covarianceEta;
    const l11 = Math.sqrt(c[0][0]);
    const l21 = c[1][0] / l11;
    const l22 = Math.sqrt(c[1][1] - l21 * l21);
    const rng = createRng(7);
    const sims: Float64Array[] = [];
    for (let d = 0; d < 200; d++) {
      const z1 = rng.normal();
      const z2 = rng.normal();
      const etas = { [a]: fit.etas[a] + l11 * z1, [b]: fit.etas[b] + l21 * z1 + l22 * z2 };
      sims.push(simulate(INFLIXIMAB_FASANMADE_2009, plan, cov, { timesDays: times, etas }).concentrationUgMl);
    }
    times.forEach((_, t) => {
      const col = sims.map((s) => s[t]).sort((x, y) => x - y);
      expect(band.lowerUgMl[t]).toBeCloseTo(col[Math.round(0.1 * 199)], 12);
      expect(band.upperUgMl[t]).toBeCloseTo(col[Math.round(0.9 * 199)], 12);
    });
  });

  it("is ordered lower <= upper, widens with confidence and is seeded", () => {
    const narrow = posteriorProfile(fit, plan, times, { nDraws: 400, seed: 3, confidence: 0.5 });
    const wide = posteriorProfile(fit, plan, times, { nDraws: 400, seed: 3, confidence: 0.95 });
    times.forEach((_, t) => {
      expect(narrow.lowerUgMl[t]).toBeLessThanOrEqual(narrow.upperUgMl[t]);
      expect(wide.lowerUgMl[t]).toBeLessThanOrEqual(narrow.lowerUgMl[t]);
      expect(wide.upperUgMl[t]).toBeGreaterThanOrEqual(narrow.upperUgMl[t]);
    });
    expect(posteriorProfile(fit, plan, times, { nDraws: 400, seed: 3, confidence: 0.5 })).toEqual(narrow);
  });

  it("refuses what is not a fit, and bad options", () => {
    expect(() => posteriorProfile({} as never, plan, times)).toThrow(InputError);
    expect(() => posteriorProfile(fit, plan, times, { nDraws: 0 })).toThrow(InputError);
    expect(() => posteriorProfile(fit, plan, [], {})).toThrow(InputError);
  });
});
