// timeToThreshold (issue 18 item 5) against brute-force search: the same posterior draws, made here
// from the fit's mode and Laplace covariance with the seeded generator as forecastTroughs makes them
// (eta = eta_hat + L z; checked against forecastTroughs below), each simulated by simulate() on a
// grid 0.01 day apart, refined inside the bracketing step on a grid 1e-5 day apart: the first time at
// or below the threshold is each draw's crossing to within 1e-5 day. The solver brackets on its
// coarser grid (h / 32 = 0.016 day) and interpolates linearly, which on a smooth decline is exact to
// far better than 1e-3 day: its MAP time, median, interval and "by" day must match within 1e-3 day.
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { createRng } from "../../src/core/random";
import { forecastTroughs, type MapResult, mapEstimate } from "../../src/pk/bayes";
import { INFLIXIMAB_FASANMADE_2009, VEDOLIZUMAB_ROSARIO_2015 } from "../../src/pk/models";
import { infliximabRegimen, repeatedRegimen } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";
import { timeToThreshold } from "../../src/pk/time-to-threshold";
import type { Regimen } from "../../src/pk/types";

const cov = { weightKg: 70, albuminGdl: 3.2 };
const history = infliximabRegimen({ untilWeeks: 6 });
let fit: MapResult;

/** Draws of the Laplace posterior as forecastTroughs makes them (seed, one normal per effect, Cholesky). */
function draws(f: MapResult, n: number, seed: number): Record<string, number>[] {
  const k = f.parameters.length;
  const c = f.covarianceEta;
  const L: number[][] = Array.from({ length: k }, () => new Array(k).fill(0));
  for (let i = 0; i < k; i++)
    for (let j = 0; j <= i; j++) {
      let s = c[i][j];
      for (let m = 0; m < j; m++) s -= L[i][m] * L[j][m];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  const rng = createRng(seed);
  const out: Record<string, number>[] = [];
  for (let d = 0; d < n; d++) {
    const z = Array.from({ length: k }, () => rng.normal());
    const e: Record<string, number> = {};
    f.parameters.forEach((p, i) => {
      let s = f.etas[p];
      for (let j = 0; j <= i; j++) s += L[i][j] * z[j];
      e[p] = s;
    });
    out.push(e);
  }
  return out;
}

/** First time on a 0.01-day grid from `from` to `from + horizon` with the level at or below the threshold; Infinity if none. */
function bruteCrossing(
  f: MapResult,
  regimen: Regimen,
  etas: Record<string, number>,
  from: number,
  horizon: number,
  threshold: number,
): number {
  const n = Math.round(horizon / 0.01);
  const times = Float64Array.from({ length: n + 1 }, (_, i) => from + i * 0.01);
  const sim = simulate(f.model, regimen, f.covariates, { timesDays: times, etas });
  const i = sim.concentrationUgMl.findIndex((c) => c <= threshold);
  if (i <= 0) return i < 0 ? Number.POSITIVE_INFINITY : times[0];
  // refine inside the bracketing 0.01-day step on a grid 1e-5 day apart
  const fine = Float64Array.from({ length: 1001 }, (_, j) => times[i - 1] + j * 1e-5);
  const fineSim = simulate(f.model, regimen, f.covariates, { timesDays: fine, etas });
  return fine[fineSim.concentrationUgMl.findIndex((c) => c <= threshold)];
}

const q = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))];

beforeAll(() => {
  fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 41.9, concentrationUgMl: 12 }], cov);
});

describe("timeToThreshold, linear model (infliximab)", () => {
  it("the test's draws are forecastTroughs's draws", () => {
    const d = draws(fit, 5, 3);
    const f = forecastTroughs(fit, [{ mgPerKg: 5, intervalDays: 56 }], { startDays: 42, nDraws: 5, seed: 3, confidence: 0.5 });
    const troughs = d
      .map(
        (e) =>
          simulate(
            fit.model,
            // the doses before the new schedule (the week-6 dose on day 42 is replaced by its first dose), then the schedule
            {
              name: "x",
              doses: [
                ...history.doses.filter((x) => x.timeDays < 42),
                ...[42, 98, 154].map((t) => ({ timeDays: t, mgPerKg: 5, route: "iv" as const })),
              ],
            },
            cov,
            { timesDays: [210], etas: e },
          ).concentrationUgMl[0],
      )
      .sort((a, b) => a - b);
    // nearest-rank quantiles of the same five troughs: ranks round(0.25 x 4) = 1 and round(0.75 x 4) = 3
    expect(f[0].troughUgMl.lower).toBeCloseTo(troughs[1], 9);
    expect(f[0].troughUgMl.upper).toBeCloseTo(troughs[3], 9);
  });

  it("MAP time, median, interval and the 80 % day match a brute-force search on a 0.01-day grid", () => {
    const nDraws = 100;
    const t = timeToThreshold(fit, { thresholdUgMl: 3, nDraws, seed: 1, horizonDays: 120 });
    const tol = 1e-3;
    const mode = Object.fromEntries(fit.parameters.map((p) => [p, fit.etas[p]]));
    const mapBrute = bruteCrossing(fit, history, mode, 41.9, 120, 3);
    expect(t.status).toBe("falls");
    expect(Math.abs((t.mapTimeDays as number) - mapBrute)).toBeLessThanOrEqual(tol);
    const brute = draws(fit, nDraws, 1)
      .map((e) => bruteCrossing(fit, history, e, 41.9, 120, 3))
      .sort((a, b) => a - b);
    expect(brute.every(Number.isFinite)).toBe(true);
    expect(Math.abs((t.timeDays?.value as number) - q(brute, 0.5))).toBeLessThanOrEqual(tol);
    expect(Math.abs((t.timeDays?.lower as number) - q(brute, 0.05))).toBeLessThanOrEqual(tol);
    expect(Math.abs((t.timeDays?.upper as number) - q(brute, 0.95))).toBeLessThanOrEqual(tol);
    expect(Math.abs((t.byDays as number) - brute[79])).toBeLessThanOrEqual(tol);
    expect(t.timeDays?.confidence).toBe(0.9);
    expect(t.probabilityBelowAtStart).toBe(0);
    expect(t.probabilityByHorizon).toBe(1);
    expect(t.horizonEndDays).toBeCloseTo(161.9, 9);
    expect(t.thresholds).toMatchObject({ thresholdUgMl: 3, fromDays: 41.9, horizonDays: 120, probability: 0.8, nDraws });
    expect(t.reasons[0]).toMatch(/^At the MAP estimate the level falls to 3 ug\/mL on day /);
  });

  it("the probability and confidence options move the day and the interval as brute force says", () => {
    const t = timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 50, seed: 2, horizonDays: 120, probability: 0.95, confidence: 0.5 });
    const brute = draws(fit, 50, 2)
      .map((e) => bruteCrossing(fit, history, e, 41.9, 120, 3))
      .sort((a, b) => a - b);
    const tol = 1e-3;
    expect(Math.abs((t.byDays as number) - brute[47])).toBeLessThanOrEqual(tol);
    expect(Math.abs((t.timeDays?.lower as number) - q(brute, 0.25))).toBeLessThanOrEqual(tol);
    expect(Math.abs((t.timeDays?.upper as number) - q(brute, 0.75))).toBeLessThanOrEqual(tol);
  });

  it("with a future dose: the level rises again and the first crossing comes after it, as brute force finds", () => {
    const future = { doseMgPerKg: 5, intervalDays: 56, startDays: 56, count: 1 };
    const t = timeToThreshold(fit, { thresholdUgMl: 3, future, nDraws: 30, seed: 5, horizonDays: 180 });
    const regimen: Regimen = { name: "f", doses: [...history.doses, { timeDays: 56, mgPerKg: 5, route: "iv" }] };
    const brute = draws(fit, 30, 5)
      .map((e) => bruteCrossing(fit, regimen, e, 41.9, 180, 3))
      .sort((a, b) => a - b);
    const tol = 1e-3;
    expect(Math.abs((t.timeDays?.value as number) - q(brute, 0.5))).toBeLessThanOrEqual(tol);
    expect(t.timeDays?.value as number).toBeGreaterThan(56);
    expect(t.reasons.some((r) => r.startsWith("Future doses: 5 mg/kg every 56 days from day 56, 1 dose(s)"))).toBe(true);
    const without = timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 30, seed: 5, horizonDays: 180 });
    expect(without.timeDays?.value as number).toBeLessThan(t.timeDays?.value as number);
  });

  it("a level already below at fromDays is reported as such (the day itself), not as NaN", () => {
    const t = timeToThreshold(fit, { thresholdUgMl: 20, nDraws: 40, seed: 1 });
    expect(t.status).toBe("already-below");
    expect(t.mapTimeDays).toBe(41.9);
    expect(t.probabilityBelowAtStart).toBe(1);
    expect(t.byDays).toBe(41.9);
    expect(t.timeDays).toMatchObject({ value: 41.9, lower: 41.9, upper: 41.9 });
    expect(t.reasons[0]).toBe("At the MAP estimate the level is already at or below 20 ug/mL on day 41.9.");
    expect(t.reasons).toContain("In 100 % of the draws the level is already at or below the threshold on day 41.9.");
  });

  it("a level that stays above through the horizon is reported as such: nulls and reasons, never Infinity", () => {
    const t = timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 40, seed: 1, horizonDays: 10 });
    expect(t.status).toBe("not-within-horizon");
    expect(t.mapTimeDays).toBeNull();
    expect(t.timeDays).toBeNull();
    expect(t.byDays).toBeNull();
    expect(t.probabilityByHorizon).toBe(0);
    expect(t.reasons[0]).toMatch(/stays above 3 ug\/mL through day 51\.9 \(the horizon, 10 days\)/);
    expect(t.reasons[1]).toMatch(/^In 100 % of the posterior draws the level stays above/);
    expect(t.reasons[2]).toMatch(/within the horizon with probability 0 % only/);
    expect(JSON.stringify(t)).not.toMatch(/null,"lower"|Infinity|NaN/);
  });

  it("a horizon that cuts through the posterior: the median is reported in words, the day by which it falls with 80 % is null", () => {
    const probe = timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 100, seed: 1, horizonDays: 120 });
    // a horizon ending between the posterior median and the 80 % day
    const end = ((probe.timeDays?.value as number) + (probe.byDays as number)) / 2;
    const t = timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 100, seed: 1, horizonDays: end - 41.9 });
    expect(t.timeDays).toBeNull();
    expect(t.byDays).toBeNull();
    expect(t.probabilityByHorizon as number).toBeGreaterThanOrEqual(0.5);
    expect(t.probabilityByHorizon as number).toBeLessThan(0.8);
    const f3 = (x: number) => Number(x.toPrecision(3)).toString();
    const endDay = 41.9 + (end - 41.9);
    const med = probe.timeDays?.value as number;
    expect(t.reasons[1]).toBe(
      `In ${(100 * (1 - (t.probabilityByHorizon as number))).toFixed(0)} % of the posterior draws the level stays above 3 ug/mL through the horizon (day ${f3(endDay)}), so the 90 % interval of the crossing day is not reported (median: day ${f3(med)} (${f3(med - 41.9)} days after day 41.9)).`,
    );
    expect(t.reasons[2]).toBe(
      `The level falls to 3 ug/mL within the horizon with probability ${(100 * (t.probabilityByHorizon as number)).toFixed(0)} % only, below 80 %: no day within the horizon is reported.`,
    );
  });

  it("fromDays: later starts cross at the same day (no doses in between)", () => {
    const a = timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 20, seed: 1, horizonDays: 120 });
    const b = timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 20, seed: 1, fromDays: 60, horizonDays: 100 });
    expect(Math.abs((b.mapTimeDays as number) - (a.mapTimeDays as number))).toBeLessThan(0.02);
    expect(b.thresholds.fromDays).toBe(60);
  });
});

describe("timeToThreshold, options and messages", () => {
  it("the method, the grid, the thresholds and the reasons say what was used", () => {
    const t = timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 20, seed: 1, horizonDays: 120 });
    expect(t.method).toBe(
      "first crossing per draw: grid of 0.5 day (and every dose time), refined on 32 points in the bracketing step and interpolated linearly (to 0.0156 day); 20 Laplace posterior draws",
    );
    expect(t.thresholds).toEqual({
      thresholdUgMl: 3,
      fromDays: 41.9,
      horizonDays: 120,
      probability: 0.8,
      confidence: 0.9,
      nDraws: 20,
      gridStepDays: 0.5,
    });
    expect(t.timeDays?.method).toBe("posterior median and central interval, 20 Laplace posterior draws");
    const f3 = (x: number) => Number(x.toPrecision(3)).toString();
    const m = t.mapTimeDays as number;
    const e = t.timeDays as { value: number; lower: number; upper: number };
    expect(t.reasons[0]).toBe(`At the MAP estimate the level falls to 3 ug/mL on day ${f3(m)} (${f3(m - 41.9)} days after day 41.9).`);
    expect(t.reasons[1]).toBe(
      `Posterior median day ${f3(e.value)} (${f3(e.value - 41.9)} days after day 41.9), 90 % interval day ${f3(e.lower)} to ${f3(e.upper)}.`,
    );
    const by = t.byDays as number;
    expect(t.reasons[2]).toBe(
      `With probability 80 % the level has fallen to 3 ug/mL by day ${f3(by)} (${f3(by - 41.9)} days after day 41.9).`,
    );
    expect(t.reasons[3]).toMatch(/^Fitted to 1 measured level\(s\) with Infliximab, Fasanmade 2009/);
    expect(t.reasons).toHaveLength(4);
    // a long horizon: at most 800 grid steps
    expect(timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 2, horizonDays: 1000 }).thresholds.gridStepDays).toBe(1.25);
  });

  it("from the first dose on; a horizon beyond the time limit is refused", () => {
    // on day 0 the first infusion has not started: no drug yet, already below
    const t = timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 10, seed: 1, fromDays: 0, horizonDays: 120 });
    expect(t.status).toBe("already-below");
    expect(t.mapTimeDays).toBe(0);
    expect(() => timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 10, fromDays: 999_900 })).toThrow(/options\.fromDays \+ horizonDays/);
  });

  it("at most 199 doses inside the horizon", () => {
    const weekly = (count: number) => {
      const r = repeatedRegimen({ route: "iv", mgPerKg: 5, intervalDays: 7, count });
      return mapEstimate(INFLIXIMAB_FASANMADE_2009, r, [{ timeDays: 41.9, concentrationUgMl: 30 }], cov);
    };
    // doses on days 42, 49, ... inside (41.9, 3041.9): count - 6 of them
    expect(timeToThreshold(weekly(205), { thresholdUgMl: 3, nDraws: 2, horizonDays: 3000 }).status).toBe("falls");
    expect(() => timeToThreshold(weekly(206), { thresholdUgMl: 3, nDraws: 2, horizonDays: 3000 })).toThrow(/at most 199 doses/);
  });
});

describe("timeToThreshold, the future schedule and the horizon", () => {
  it("a future schedule in mg, starting on the day of the last level, replaces the doses recorded from then on", () => {
    const t = timeToThreshold(fit, {
      thresholdUgMl: 3,
      nDraws: 5,
      seed: 1,
      horizonDays: 120,
      future: { doseMg: 350, intervalDays: 56, startDays: 41.9, count: 1 },
    });
    expect(t.reasons.some((r) => r === "Future doses: 350 mg every 56 days from day 41.9, 1 dose(s).")).toBe(true);
    const perKg = timeToThreshold(fit, {
      thresholdUgMl: 3,
      nDraws: 5,
      seed: 1,
      horizonDays: 120,
      future: { doseMgPerKg: 5, intervalDays: 56, startDays: 41.9, count: 1 },
    });
    // 350 mg is 5 mg/kg at 70 kg: the same crossing
    expect(perKg.mapTimeDays as number).toBeCloseTo(t.mapTimeDays as number, 9);
    // the last future dose must be within the time limit: 500,000 + 59 x 10,000 is not
    expect(() =>
      timeToThreshold(fit, {
        thresholdUgMl: 3,
        nDraws: 5,
        future: { doseMgPerKg: 5, intervalDays: 10_000, startDays: 500_000, count: 60 },
      }),
    ).toThrow(/options\.future: last dose time/);
    expect(
      timeToThreshold(fit, {
        thresholdUgMl: 3,
        nDraws: 5,
        horizonDays: 120,
        future: { doseMgPerKg: 5, intervalDays: 10_000, startDays: 56, count: 100 },
      }).status,
    ).toBe("falls");
  });

  it("each field of a malformed future schedule is named", () => {
    const future = { doseMgPerKg: 5, intervalDays: 56, startDays: 56, count: 1 };
    const call = (f: object) => () => timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 5, future: f as never });
    expect(call({ ...future, doseMg: 300 })).toThrow(/options\.future\.doseMgPerKg: got 5, expected exactly one of doseMgPerKg or doseMg/);
    expect(call({ ...future, doseMgPerKg: undefined })).toThrow(/options\.future\.doseMgPerKg: got undefined, expected exactly one/);
    expect(call({ ...future, doseMgPerKg: -1 })).toThrow(/options\.future\.doseMgPerKg: got -1/);
    expect(call({ ...future, doseMgPerKg: undefined, doseMg: "300" })).toThrow(/options\.future\.doseMg: got "300"/);
    expect(call({ ...future, intervalDays: -1 })).toThrow(/options\.future\.intervalDays: got -1/);
    expect(call({ ...future, intervalDays: 2e6 })).toThrow(/options\.future\.intervalDays: got 2000000/);
    expect(call({ ...future, startDays: Number.NaN })).toThrow(/options\.future\.startDays: got NaN/);
    expect(call({ ...future, startDays: 41 })).toThrow(
      /options\.future\.startDays: got 41, expected a time at or after the last observation \(day 41\.9\)/,
    );
    expect(call({ ...future, count: 0 })).toThrow(/options\.future\.count/);
  });

  it("a crossing in the last half day of the horizon is found; the doses after the horizon do not count", () => {
    const probe = timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 2, seed: 1, horizonDays: 120 });
    const m = probe.mapTimeDays as number;
    const t = timeToThreshold(fit, { thresholdUgMl: 3, nDraws: 2, seed: 1, horizonDays: m - 41.9 + 0.2 });
    expect(t.status).toBe("falls");
    expect(t.mapTimeDays as number).toBeCloseTo(m, 3);
    const r = repeatedRegimen({ route: "iv", mgPerKg: 5, intervalDays: 7, count: 206 });
    const weekly = mapEstimate(INFLIXIMAB_FASANMADE_2009, r, [{ timeDays: 41.9, concentrationUgMl: 30 }], cov);
    // 200 doses after day 41.9, 143 of them within 1000 days
    expect(timeToThreshold(weekly, { thresholdUgMl: 3, nDraws: 2, horizonDays: 1000 }).horizonEndDays).toBeCloseTo(1041.9, 9);
  });
});

describe("timeToThreshold, nonlinear model (vedolizumab, Michaelis-Menten)", () => {
  it("the MAP crossing and the median match brute force", () => {
    const vdz = repeatedRegimen({
      route: "iv",
      amountMg: 300,
      intervalDays: 56,
      count: 1,
      startDays: 42,
      loading: [
        { timeDays: 0, amountMg: 300, route: "iv" },
        { timeDays: 14, amountMg: 300, route: "iv" },
      ],
    });
    const vf = mapEstimate(VEDOLIZUMAB_ROSARIO_2015, vdz, [{ timeDays: 70, concentrationUgMl: 20 }], { weightKg: 70, albuminGdl: 3.5 });
    const t = timeToThreshold(vf, { thresholdUgMl: 5, nDraws: 9, seed: 1, horizonDays: 100 });
    const tol = 1e-3;
    const mode = Object.fromEntries(vf.parameters.map((p) => [p, vf.etas[p]]));
    expect(Math.abs((t.mapTimeDays as number) - bruteCrossing(vf, vdz, mode, 70, 100, 5))).toBeLessThanOrEqual(tol);
    const brute = draws(vf, 9, 1)
      .map((e) => bruteCrossing(vf, vdz, e, 70, 100, 5))
      .sort((a, b) => a - b);
    expect(Math.abs((t.timeDays?.value as number) - brute[4])).toBeLessThanOrEqual(tol);
  });
});

describe("timeToThreshold, fits", () => {
  it("a fit that did not converge gives no time, and says so first", () => {
    const t = timeToThreshold({ ...fit, converged: false }, { thresholdUgMl: 3 });
    expect(t.status).toBeNull();
    expect(t.mapTimeDays).toBeNull();
    expect(t.timeDays).toBeNull();
    expect(t.byDays).toBeNull();
    expect(t.probabilityBelowAtStart).toBeNull();
    expect(t.probabilityByHorizon).toBeNull();
    expect(t.method).toBe("none");
    expect(t.reasons[0]).toMatch(/did not converge/);
  });

  it("a level below the assay's limit (M3): the median matches brute force, and the reasons say how the level was fitted", () => {
    const cens = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 41.9, censored: "below", limitUgMl: 15 }], cov);
    const t = timeToThreshold(cens, { thresholdUgMl: 3, nDraws: 40, seed: 1, horizonDays: 120 });
    const brute = draws(cens, 40, 1)
      .map((e) => bruteCrossing(cens, history, e, 41.9, 120, 3))
      .sort((a, b) => a - b);
    expect(Math.abs((t.timeDays?.value as number) - q(brute, 0.5))).toBeLessThanOrEqual(1e-3);
    expect(t.reasons.some((r) => r.includes("fitted by M3, Beal 2001"))).toBe(true);
  });
});

describe("timeToThreshold, hostile input", () => {
  const good = { thresholdUgMl: 3, nDraws: 5 };
  const future = { doseMgPerKg: 5, intervalDays: 56, startDays: 56, count: 1 };
  it.each([
    ["fit", () => timeToThreshold([] as unknown as MapResult, good), /fit/],
    ["options", () => timeToThreshold(fit, undefined as never), /options/],
    ["threshold NaN", () => timeToThreshold(fit, { thresholdUgMl: Number.NaN }), /options\.thresholdUgMl/],
    ["threshold 0", () => timeToThreshold(fit, { thresholdUgMl: 0 }), /options\.thresholdUgMl/],
    ["from before the first dose", () => timeToThreshold(fit, { ...good, fromDays: -1 }), /options\.fromDays.*first dose/],
    ["from string", () => timeToThreshold(fit, { ...good, fromDays: "50" as never }), /options\.fromDays/],
    ["horizon huge", () => timeToThreshold(fit, { ...good, horizonDays: 1e9 }), /options\.horizonDays/],
    ["horizon 0", () => timeToThreshold(fit, { ...good, horizonDays: 0 }), /options\.horizonDays/],
    ["probability", () => timeToThreshold(fit, { ...good, probability: 1.5 }), /options\.probability/],
    ["confidence", () => timeToThreshold(fit, { ...good, confidence: 0 }), /options\.confidence/],
    ["draws", () => timeToThreshold(fit, { ...good, nDraws: 1e5 }), /options\.nDraws/],
    ["future array", () => timeToThreshold(fit, { ...good, future: [] as never }), /options\.future/],
    ["future two doses", () => timeToThreshold(fit, { ...good, future: { ...future, doseMg: 300 } }), /options\.future\.doseMgPerKg/],
    [
      "future dose negative",
      () => timeToThreshold(fit, { ...good, future: { ...future, doseMgPerKg: -5 } }),
      /options\.future\.doseMgPerKg/,
    ],
    [
      "future mg negative",
      () => timeToThreshold(fit, { ...good, future: { ...future, doseMgPerKg: undefined, doseMg: -5 } }),
      /options\.future\.doseMg/,
    ],
    ["future interval", () => timeToThreshold(fit, { ...good, future: { ...future, intervalDays: 0 } }), /options\.future\.intervalDays/],
    ["future start", () => timeToThreshold(fit, { ...good, future: { ...future, startDays: 10 } }), /options\.future\.startDays/],
    ["future count", () => timeToThreshold(fit, { ...good, future: { ...future, count: 1000 } }), /options\.future\.count/],
    [
      "future last dose",
      () => timeToThreshold(fit, { ...good, future: { ...future, intervalDays: 1e5, count: 20 } }),
      /options\.future: last dose time/,
    ],
    ["future route", () => timeToThreshold(fit, { ...good, future: { ...future, route: "sc" } }), /options\.route/],
    [
      "too many doses in the horizon",
      () => {
        const weekly = repeatedRegimen({ route: "iv", mgPerKg: 5, intervalDays: 7, count: 300 });
        const f = mapEstimate(INFLIXIMAB_FASANMADE_2009, weekly, [{ timeDays: 41.9, concentrationUgMl: 30 }], cov);
        return timeToThreshold(f, { ...good, horizonDays: 3000 });
      },
      /options\.horizonDays/,
    ],
  ])("%s: InputError naming the field", (_, call, field) => {
    expect(call).toThrow(InputError);
    expect(call).toThrow(field);
  });
});
