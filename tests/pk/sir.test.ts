// A posterior beyond Laplace (issue 18 item 6): posteriorSir (src/pk/sir.ts) against the exact
// posterior of one random effect computed here by quadrature: the density exp(-OBJ/2) of mapObjective
// (whose -2 log posterior is checked against scipy in bayes.test.ts) on a fine grid, integrated by the
// trapezoid rule, its 2.5 % and 97.5 % quantiles by interpolation. SIR's interval must match the exact
// one within 4 Monte Carlo standard errors of a sample quantile, sqrt(p(1 - p)/n) / f(q), and the
// Laplace interval must be flagged exactly where it misses the exact one by more than the tolerance:
// a level below the assay's limit (M3) skews the posterior, a measured level does not.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { mapEstimate, mapObjective, type Observation } from "../../src/pk/bayes";
import { INFLIXIMAB_FASANMADE_2009 } from "../../src/pk/models";
import { infliximabRegimen } from "../../src/pk/regimen";
import { posteriorSir } from "../../src/pk/sir";

const history = infliximabRegimen({ untilWeeks: 6 });
const cov = { weightKg: 70, albuminGdl: 3.2 };

/** Exact posterior quantiles of eta_CL (the only estimated effect) and the density there. */
function exactQuantiles(obs: Observation[], probs: number[]) {
  const { objective } = mapObjective(INFLIXIMAB_FASANMADE_2009, history, obs, cov, { parameters: ["CL"] });
  const n = 8001;
  const lo = -3;
  const hi = 3;
  const h = (hi - lo) / (n - 1);
  const x = Float64Array.from({ length: n }, (_, i) => lo + i * h);
  const logd = Float64Array.from(x, (v) => -objective(Float64Array.of(v)) / 2);
  const max = Math.max(...logd);
  const d = Float64Array.from(logd, (v) => Math.exp(v - max));
  const cdf = new Float64Array(n);
  for (let i = 1; i < n; i++) cdf[i] = cdf[i - 1] + ((d[i - 1] + d[i]) / 2) * h;
  const total = cdf[n - 1];
  // the grid holds the whole posterior: no mass at its edges
  expect(d[0] / Math.max(...d)).toBeLessThan(1e-8);
  expect(d[n - 1] / Math.max(...d)).toBeLessThan(1e-8);
  return probs.map((p) => {
    const target = p * total;
    let i = 1;
    while (cdf[i] < target) i++;
    const t = (target - cdf[i - 1]) / (cdf[i] - cdf[i - 1]);
    const q = x[i - 1] + t * h;
    return { q, density: (d[i - 1] + t * (d[i] - d[i - 1])) / total };
  });
}

describe("posteriorSir against the exact posterior (quadrature)", () => {
  const cases: [string, Observation[], boolean][] = [
    [
      "a level the day after the first infusion says little about clearance: the posterior stays near its log-normal prior, and Laplace is adequate",
      [{ timeDays: 1, concentrationUgMl: 100 }],
      false,
    ],
    [
      "a single measured trough of 1.8 ug/mL: a trough falls exponentially with clearance, the posterior of log CL is skewed, and Laplace misses its lower bound",
      [{ timeDays: 97.9, concentrationUgMl: 1.8 }],
      true,
    ],
    [
      "a trough below the limit of 0.4 ug/mL (M3): Laplace misses the skewed posterior",
      [{ timeDays: 97.9, censored: "below", limitUgMl: 0.4 }],
      true,
    ],
  ];
  for (const [what, obs, laplaceOff] of cases) {
    it(what, () => {
      const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, obs, cov, { parameters: ["CL"] });
      const nResample = 4000;
      const sir = posteriorSir(fit, { nProposals: 20000, nResample, seed: 7 });
      const etaHat = fit.etas.CL;
      const clHat = fit.individualParameters.CL;
      const [q1, q2] = exactQuantiles(obs, [0.025, 0.975]);
      const exact = { lower: clHat * Math.exp(q1.q - etaHat), upper: clHat * Math.exp(q2.q - etaHat) };
      const n = Math.min(nResample, sir.effectiveSampleSize);
      const se = (q: { density: number }) => Math.sqrt((0.025 * 0.975) / n) / q.density;
      const c = sir.intervals.CL;
      expect(Math.abs(Math.log(c.sir.lower / exact.lower))).toBeLessThan(4 * se(q1));
      expect(Math.abs(Math.log(c.sir.upper / exact.upper))).toBeLessThan(4 * se(q2));
      // the Laplace interval is the fit's own
      expect(c.laplace.lower).toBeCloseTo(fit.parameterIntervals.CL.lower, 10);
      expect(c.laplace.upper).toBeCloseTo(fit.parameterIntervals.CL.upper, 10);
      // how far Laplace is from the exact posterior decides the flag (tolerance 0.1 on the log scale)
      const off = Math.max(Math.abs(Math.log(c.laplace.lower / exact.lower)), Math.abs(Math.log(c.laplace.upper / exact.upper)));
      expect(off > 0.1).toBe(laplaceOff);
      expect(c.differs).toBe(laplaceOff);
      expect(sir.reasons[0]).toMatch(laplaceOff ? /CL: the Laplace interval .* differs from the SIR one/ : /agree with SIR/);
      expect(sir.effectiveSampleSize).toBeGreaterThan(0.3 * 20000);
      expect(sir.etas.CL).toHaveLength(nResample);
    });
  }

  it("two random effects (CL and V1): each marginal interval matches the exact one from a 2-D quadrature", () => {
    const obs: Observation[] = [{ timeDays: 97.9, concentrationUgMl: 1.8 }];
    const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, obs, cov);
    expect(fit.parameters).toEqual(["CL", "V1"]);
    const nResample = 4000;
    const sir = posteriorSir(fit, { nProposals: 20000, nResample, seed: 11 });
    const { objective } = mapObjective(INFLIXIMAB_FASANMADE_2009, history, obs, cov);
    const g = 301;
    const lo = -2.5;
    const h = 5 / (g - 1);
    const dens = new Float64Array(g * g);
    let max = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < g; a++)
      for (let b = 0; b < g; b++) {
        const v = -objective(Float64Array.of(lo + a * h, lo + b * h)) / 2;
        dens[a * g + b] = v;
        if (v > max) max = v;
      }
    for (let i = 0; i < dens.length; i++) dens[i] = Math.exp(dens[i] - max);
    const marginal = (axis: 0 | 1) =>
      Float64Array.from({ length: g }, (_, a) => {
        let t = 0;
        for (let b = 0; b < g; b++) t += axis === 0 ? dens[a * g + b] : dens[b * g + a];
        return t;
      });
    for (const [axis, nm] of [
      [0, "CL"],
      [1, "V1"],
    ] as const) {
      const m = marginal(axis);
      const cdf = new Float64Array(g);
      for (let i = 1; i < g; i++) cdf[i] = cdf[i - 1] + ((m[i - 1] + m[i]) / 2) * h;
      const total = cdf[g - 1];
      const q = (p: number) => {
        let i = 1;
        while (cdf[i] < p * total) i++;
        const t = (p * total - cdf[i - 1]) / (cdf[i] - cdf[i - 1]);
        return { q: lo + (i - 1 + t) * h, density: (m[i - 1] + t * (m[i] - m[i - 1])) / total };
      };
      const q1 = q(0.025);
      const q2 = q(0.975);
      const n = Math.min(nResample, sir.effectiveSampleSize);
      const se = (x: { density: number }) => Math.sqrt((0.025 * 0.975) / n) / x.density;
      const etaHat = fit.etas[nm];
      const pHat = fit.individualParameters[nm];
      const c = sir.intervals[nm];
      // grid step h = 0.017: the quadrature's error is added to the Monte Carlo allowance
      expect(Math.abs(Math.log(c.sir.lower / (pHat * Math.exp(q1.q - etaHat))))).toBeLessThan(4 * se(q1) + h);
      expect(Math.abs(Math.log(c.sir.upper / (pHat * Math.exp(q2.q - etaHat))))).toBeLessThan(4 * se(q2) + h);
      expect(c.laplace.lower).toBeCloseTo(fit.parameterIntervals[nm].lower, 10);
      expect(c.laplace.upper).toBeCloseTo(fit.parameterIntervals[nm].upper, 10);
    }
    // the SIR bounds are the nearest-rank quantiles of the resampled etas
    const sorted = [...sir.etas.V1].sort((x, y) => x - y);
    const at = (p: number) => sorted[Math.round(p * (sorted.length - 1))];
    expect(sir.intervals.V1.sir.lower).toBeCloseTo(fit.individualParameters.V1 * Math.exp(at(0.025) - fit.etas.V1), 12);
    expect(sir.intervals.V1.sir.upper).toBeCloseTo(fit.individualParameters.V1 * Math.exp(at(0.975) - fit.etas.V1), 12);
    expect(sir.effectiveSampleSize).toBeLessThanOrEqual(20000);
    expect(sir.method).toMatch(/multivariate t \(4 df\).*weighted by posterior\/proposal, 4000 resampled/);
    expect(sir.method).toMatch(/^Sampling importance resampling \(Rubin 1988; Dosne 2016\): 20000 proposals/);
  });

  it("a poor proposal (covariance shrunk 100-fold) gives a small effective sample size, and says so", () => {
    const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, concentrationUgMl: 1.8 }], cov, { parameters: ["CL"] });
    const narrow = { ...fit, covarianceEta: [[fit.covarianceEta[0][0] / 100]] };
    const sir = posteriorSir(narrow, { nProposals: 2000, nResample: 200, seed: 5 });
    expect(sir.effectiveSampleSize).toBeLessThan(200);
    expect(sir.reasons.at(-1)).toMatch(new RegExp(`^Effective sample size ${Math.round(sir.effectiveSampleSize)} of 2000 proposals`));
    const good = posteriorSir(fit, { nProposals: 2000, nResample: 200, seed: 5 });
    expect(good.reasons.some((r) => /Effective sample size/.test(r))).toBe(false);
    // the reason gives the two intervals and how far apart they are
    const c = good.intervals.CL;
    const pct = 100 * Math.max(Math.abs(Math.log(c.sir.lower / c.laplace.lower)), Math.abs(Math.log(c.sir.upper / c.laplace.upper)));
    const f = (x: number) => Number(x.toPrecision(3)).toString();
    expect(good.reasons[0]).toBe(
      `CL: the Laplace interval (${f(c.laplace.lower)}-${f(c.laplace.upper)}) differs from the SIR one (${f(c.sir.lower)}-${f(c.sir.upper)}) by ${f(pct)} % at a bound; trust the SIR interval (the Laplace approximation assumes a symmetric posterior on the log scale).`,
    );
    const wide = posteriorSir(fit, { nProposals: 2000, nResample: 200, seed: 5, tolerance: 5 });
    expect(wide.reasons).toEqual([
      "The Laplace intervals agree with SIR within 500 % at every bound: the Laplace approximation is adequate here.",
    ]);
  });

  it("is seeded: the same seed gives the same sample, another seed another one", () => {
    const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, concentrationUgMl: 1.8 }], cov);
    const a = posteriorSir(fit, { nProposals: 500, nResample: 100, seed: 3 });
    const b = posteriorSir(fit, { nProposals: 500, nResample: 100, seed: 3 });
    const c = posteriorSir(fit, { nProposals: 500, nResample: 100, seed: 4 });
    expect(a.etas).toEqual(b.etas);
    expect(a.etas).not.toEqual(c.etas);
    expect(a.parameters).toEqual(["CL", "V1"]);
  });

  it("bad options and a value that is not a fit are InputErrors naming the field", () => {
    const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, concentrationUgMl: 1.8 }], cov);
    expect(() => posteriorSir(fit, { nProposals: 10 })).toThrow(/options\.nProposals/);
    expect(() => posteriorSir(fit, { nProposals: 200, nResample: 500 })).toThrow(/options\.nResample/);
    expect(() => posteriorSir(fit, { tolerance: -1 })).toThrow(/options\.tolerance/);
    expect(() => posteriorSir(fit, { confidence: 1 })).toThrow(/options\.confidence/);
    expect(() => posteriorSir(null as never)).toThrow(InputError);
    expect(() =>
      posteriorSir({
        ...fit,
        covarianceEta: [
          [1, 2],
          [2, 1],
        ],
      }),
    ).toThrow(/fit\.covarianceEta/);
    expect(() => posteriorSir({ ...fit, etas: { CL: 0 } })).toThrow(/fit\.etas\.V1/);
    expect(() => posteriorSir({ ...fit, covarianceEta: [[0.1, 0]] })).toThrow(/fit\.covarianceEta\[1\]\[0\]/);
    expect(() => posteriorSir({ ...fit, covarianceEta: undefined as never })).toThrow(/fit\.covarianceEta\[0\]\[0\]/);
    expect(() => posteriorSir({ ...fit, etas: undefined as never })).toThrow(/fit\.etas\.CL/);
    expect(() => posteriorSir({ ...fit, individualParameters: { CL: 0.4 } })).toThrow(/fit\.individualParameters\.V1/);
    expect(() => posteriorSir({ ...fit, individualParameters: { CL: Number.NaN, V1: 3 } })).toThrow(/fit\.individualParameters\.CL/);
  });
});
