// solveDose (issue 18 item 5) against brute-force search: a fine grid of doses, each forecast by
// forecastTroughs with the same seed and number of draws (the same draws), and the smallest grid dose
// whose probability reaches the required one must bracket the solver's dose within the grid step.
// The linear model's exactness (the k-th draw's own dose) and the Michaelis-Menten model's bisection
// are checked the same way; the cap, a fit that did not converge, a censored level and hostile
// inputs each have their own test.
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { forecastTroughs, type MapResult, mapEstimate } from "../../src/pk/bayes";
import { INFLIXIMAB_FASANMADE_2009 } from "../../src/pk/models";
import { infliximabRegimen } from "../../src/pk/regimen";
import { solveDose } from "../../src/pk/solve-dose";
import { adalimumabFit, probabilities, vedolizumabFit } from "./brute-force";

const cov = { weightKg: 70, albuminGdl: 3.2 };
let fit: MapResult;
let vdzFit: MapResult;

/** The smallest grid dose whose probability is at least p (brute force). */
function smallestGridDose(grid: number[], probs: number[], p: number): number {
  const i = probs.findIndex((q) => q >= p);
  return i < 0 ? Number.NaN : grid[i];
}

beforeAll(() => {
  const history = infliximabRegimen({ untilWeeks: 6 });
  fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, concentrationUgMl: 1.8 }], cov);
  vdzFit = vedolizumabFit();
});

describe("solveDose, linear model (infliximab, Fasanmade 2009)", () => {
  it("the smallest dose reaching the probability, within 0.05 mg/kg of a brute-force grid search", () => {
    const nDraws = 200;
    const s = solveDose(fit, { targetTroughUgMl: 5, startDays: 98, intervalDays: 42, nDraws, seed: 1 });
    const grid = Array.from({ length: 201 }, (_, i) => i * 0.05);
    const probs = probabilities(
      fit,
      grid.map((d) => ({ mgPerKg: d, intervalDays: 42 })),
      98,
      5,
      nDraws,
      1,
    );
    const g = smallestGridDose(grid, probs, 0.8);
    expect(s.doseUnit).toBe("mg/kg");
    expect(s.reachesTarget).toBe(true);
    expect(s.doseMgPerKg as number).toBeGreaterThan(g - 0.05);
    expect(s.doseMgPerKg as number).toBeLessThanOrEqual(g);
    expect(s.doseMg).toBeCloseTo((s.doseMgPerKg as number) * 70, 9);
    expect(s.method).toMatch(/^exact: the trough of a linear model is affine in the dose, each of 200 Laplace posterior draws/);
    expect("maxAmountMg" in s.thresholds).toBe(false);
    expect("maxMgPerDay" in s.thresholds).toBe(false);
    const t = s.troughUgMl as { value: number; lower: number; upper: number };
    const f3 = (x: number) => Number(x.toPrecision(3)).toString();
    expect(s.reasons[0]).toBe(
      `${f3(s.doseMgPerKg as number)} mg/kg (${f3(s.doseMg as number)} mg at 70 kg) every 42 days from day 98 is the smallest dose whose trough before dose 4 reaches 5 ug/mL with probability 80 % (required 80 %); forecast trough ${f3(t.value)} ug/mL, 90 % interval ${f3(t.lower)}-${f3(t.upper)}.`,
    );
    expect(s.thresholds).toMatchObject({
      targetTroughUgMl: 5,
      probability: 0.8,
      intervalDays: 42,
      maxMgPerKg: 10,
      maxDoseMgPerKg: 10,
      minIntervalDays: 28,
    });
  });

  it("is exact: the probability reaches 0.8 at the dose and not a millionth below it (same draws as forecastTroughs)", () => {
    const s = solveDose(fit, { targetTroughUgMl: 5, startDays: 98, intervalDays: 42, nDraws: 200, seed: 1 });
    const d = s.doseMgPerKg as number;
    const [below, at, above] = probabilities(
      fit,
      [d * (1 - 1e-6), d, d * (1 + 1e-9)].map((x) => ({ mgPerKg: x, intervalDays: 42 })),
      98,
      5,
      200,
      1,
    );
    expect(below).toBeLessThan(0.8);
    expect(above).toBeGreaterThanOrEqual(0.8);
    expect(s.probabilityAtTarget).toBe(above);
    expect(at).toBeGreaterThanOrEqual(0.795);
    // the forecast trough at the dose is forecastTroughs's
    const [f] = forecastTroughs(fit, [{ mgPerKg: d, intervalDays: 42 }], { startDays: 98, nDraws: 200, seed: 1 });
    expect(s.troughUgMl?.value).toBeCloseTo(f.troughUgMl.value, 9);
    expect(s.troughUgMl?.lower).toBeCloseTo(f.troughUgMl.lower, 9);
    expect(s.troughUgMl?.upper).toBeCloseTo(f.troughUgMl.upper, 9);
    expect(s.troughUgMl?.method).toBe(f.troughUgMl.method);
    expect(s.troughDays).toBe(98 + 3 * 42);
  });

  it("the MAP dose puts the MAP trough exactly on the target, and the trough is affine in the dose (double the added dose, double the added trough)", () => {
    const s = solveDose(fit, { targetTroughUgMl: 5, startDays: 98, intervalDays: 42, nDraws: 50, seed: 3 });
    const d = s.mapDoseMgPerKg as number;
    expect(s.mapDoseMg).toBeCloseTo(d * 70, 9);
    const [zero, one, two] = forecastTroughs(
      fit,
      [0, d, 2 * d].map((x) => ({ mgPerKg: x, intervalDays: 42 })),
      { startDays: 98, nDraws: 1 },
    ).map((f) => f.troughUgMl.value);
    expect(one).toBeCloseTo(5, 9);
    expect(two - zero).toBeCloseTo(2 * (one - zero), 9);
    expect(s.reasons.some((r) => r.includes(`${Number(d.toPrecision(3))} mg/kg would reach 5 ug/mL`))).toBe(true);
  });

  it("a higher probability asks for a larger dose, and a longer interval too", () => {
    const base = { targetTroughUgMl: 5, startDays: 98, intervalDays: 42, nDraws: 200, seed: 1 };
    const p8 = solveDose(fit, base).doseMgPerKg as number;
    const p9 = solveDose(fit, { ...base, probability: 0.9 }).doseMgPerKg as number;
    const q8w = solveDose(fit, { ...base, intervalDays: 56 }).doseMgPerKg as number;
    expect(p9).toBeGreaterThan(p8);
    expect(q8w).toBeGreaterThan(p8);
  });

  it("evaluateAfterDoses moves the trough: before the second new dose", () => {
    const s = solveDose(fit, { targetTroughUgMl: 5, startDays: 98, intervalDays: 42, evaluateAfterDoses: 1, nDraws: 100, seed: 2 });
    expect(s.troughDays).toBe(140);
    const grid = Array.from({ length: 201 }, (_, i) => i * 0.05);
    const probs = grid.map(
      (d) =>
        forecastTroughs(fit, [{ mgPerKg: d, intervalDays: 42 }], {
          startDays: 98,
          evaluateAfterDoses: 1,
          targetTroughUgMl: 5,
          nDraws: 100,
          seed: 2,
        })[0].probabilityAtTarget as number,
    );
    const g = smallestGridDose(grid, probs, 0.8);
    expect(s.doseMgPerKg as number).toBeGreaterThan(g - 0.05);
    expect(s.doseMgPerKg as number).toBeLessThanOrEqual(g);
  });

  it("doses already given that reach the target need no new dose: 0", () => {
    const history = infliximabRegimen({ untilWeeks: 6 });
    const early = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 42.5, concentrationUgMl: 60 }], cov);
    const s = solveDose(early, { targetTroughUgMl: 0.05, startDays: 43, intervalDays: 28, evaluateAfterDoses: 1, nDraws: 50, seed: 1 });
    expect(s.doseMgPerKg).toBe(0);
    expect(s.mapDoseMgPerKg).toBe(0);
    expect(s.probabilityAtTarget).toBe(1);
  });
});

describe("solveDose, the cap", () => {
  it("never above the label: an unreachable target gives the cap, reachesTarget false, and the probability there", () => {
    const s = solveDose(fit, { targetTroughUgMl: 30, startDays: 98, intervalDays: 56, nDraws: 100, seed: 1 });
    expect(s.doseMgPerKg).toBe(10);
    expect(s.reachesTarget).toBe(false);
    expect(s.capRaised).toBe(false);
    const [p] = probabilities(fit, [{ mgPerKg: 10, intervalDays: 56 }], 98, 30, 100, 1);
    expect(s.probabilityAtTarget).toBe(p);
    expect(p).toBeLessThan(0.8);
    expect(s.mapDoseMgPerKg).toBeNull();
    expect(s.mapDoseMg).toBeNull();
    expect(s.reasons[0]).toMatch(
      /^Even the largest dose allowed, 10 mg\/kg \(700 mg at 70 kg\) every 56 days, reaches 30 ug\/mL with probability (\d+) % only \(required 80 %\)/,
    );
    expect(s.reasons[0]).toContain(`with probability ${(100 * p).toFixed(0)} % only`);
    expect(s.reasons.some((r) => /the trough stays below 30 ug\/mL even at the cap \(10 mg\/kg\)/.test(r))).toBe(true);
    expect(s.reasons.some((r) => r.startsWith("Cap: the label's maximum, at most 10 mg/kg a dose"))).toBe(true);
  });

  it("a raised cap with a reason goes beyond the label and says so; without a reason it throws", () => {
    const opts = { targetTroughUgMl: 3, startDays: 98, intervalDays: 56, nDraws: 100, seed: 1 };
    const capped = solveDose(fit, opts);
    expect(capped.doseMgPerKg).toBe(10);
    expect(capped.reachesTarget).toBe(false);
    const raised = solveDose(fit, { ...opts, cap: { maxMgPerKg: 20, reason: "tertiary-centre protocol" } });
    expect(raised.capRaised).toBe(true);
    expect(raised.reachesTarget).toBe(true);
    expect(raised.doseMgPerKg as number).toBeGreaterThan(10);
    expect(raised.doseMgPerKg as number).toBeLessThanOrEqual(20);
    expect(raised.thresholds.maxMgPerKg).toBe(20);
    expect(raised.reasons[0]).toContain("may exceed the labelled maximum of at most 10 mg/kg a dose");
    expect(raised.reasons[0]).toContain('because the caller raised the cap ("tertiary-centre protocol")');
    // the cap's sentence once, first
    expect(raised.reasons.filter((r) => r.includes("tertiary-centre protocol"))).toHaveLength(1);
    expect(raised.reasons.filter((r) => r.startsWith("Cap:"))).toHaveLength(0);
    expect(() => solveDose(fit, { ...opts, cap: { maxMgPerKg: 20 } })).toThrow(/options\.cap\.reason/);
    expect(() => solveDose(fit, { ...opts, cap: { maxMgPerKg: 20, reason: "  " } })).toThrow(InputError);
    expect(() => solveDose(fit, { ...opts, cap: { maxMgPerKg: 21, reason: "more" } })).toThrow(/options\.cap\.maxMgPerKg/);
  });

  it("a stricter cap needs no reason and is never exceeded", () => {
    const s = solveDose(fit, { targetTroughUgMl: 5, startDays: 98, intervalDays: 42, nDraws: 200, seed: 1, cap: { maxMgPerKg: 6 } });
    expect(s.doseMgPerKg).toBe(6);
    expect(s.reachesTarget).toBe(false);
    expect(s.capRaised).toBe(false);
    expect(
      s.reasons.some((r) => r.startsWith("Cap: at most 6 mg/kg a dose, every 28 days at the shortest, stricter than the label's")),
    ).toBe(true);
    const flat = solveDose(fit, { targetTroughUgMl: 5, startDays: 98, intervalDays: 42, nDraws: 200, seed: 1, cap: { maxAmountMg: 350 } });
    expect(flat.doseMgPerKg).toBeCloseTo(5, 12);
    expect(flat.doseMg).toBeCloseTo(350, 9);
  });

  it("an interval shorter than the label's shortest is refused unless the cap is raised", () => {
    const opts = { targetTroughUgMl: 5, startDays: 98, intervalDays: 21, nDraws: 50, seed: 1 };
    expect(() => solveDose(fit, opts)).toThrow(/options\.intervalDays.*at least 28 days/);
    const s = solveDose(fit, { ...opts, cap: { minIntervalDays: 14, reason: "clinical trial arm" } });
    expect(s.capRaised).toBe(true);
    expect(s.thresholds.minIntervalDays).toBe(14);
    expect(() => solveDose(fit, { ...opts, cap: { minIntervalDays: 35 } })).toThrow(/options\.intervalDays/);
  });

  it("adalimumab: flat doses in mg, and the label's 40 mg weekly / 80 mg every other week bound the dose by the interval", () => {
    const adaFit = adalimumabFit();
    const weekly = solveDose(adaFit, { targetTroughUgMl: 40, startDays: 98, intervalDays: 7, nDraws: 50, seed: 1 });
    expect(weekly.doseUnit).toBe("mg");
    expect(weekly.doseMgPerKg).toBeNull();
    expect(weekly.doseMg).toBeCloseTo(40, 9);
    expect(weekly.reachesTarget).toBe(false);
    expect(weekly.reasons[0]).toMatch(/^Even the largest dose allowed, 40 mg every 7 days, reaches 40 ug\/mL/);
    const biweekly = solveDose(adaFit, { targetTroughUgMl: 40, startDays: 98, intervalDays: 14, nDraws: 50, seed: 1 });
    expect(biweekly.doseMg).toBeCloseTo(80, 9);
    expect(biweekly.thresholds).toMatchObject({ maxAmountMg: 80, minIntervalDays: 7, doseUnit: "mg" });
    expect(biweekly.thresholds.maxDoseMg).toBeCloseTo(80, 9);
    expect(weekly.thresholds.maxDoseMg).toBeCloseTo(40, 9);
    expect(biweekly.thresholds.maxMgPerDay).toBeCloseTo(40 / 7, 12);
    // a reachable target: brute force over flat doses, 1 mg apart
    const s = solveDose(adaFit, { targetTroughUgMl: 5, startDays: 98, intervalDays: 14, nDraws: 50, seed: 1 });
    const grid = Array.from({ length: 81 }, (_, i) => i);
    const probs = probabilities(
      adaFit,
      grid.map((d) => ({ amountMg: d, intervalDays: 14, route: "sc" as const })),
      98,
      5,
      50,
      1,
    );
    const g = smallestGridDose(grid, probs, 0.8);
    expect(s.reachesTarget).toBe(true);
    expect(s.doseMg as number).toBeGreaterThan(g - 1);
    expect(s.doseMg as number).toBeLessThanOrEqual(g);
  });
});

describe("solveDose, nonlinear model (vedolizumab, Rosario 2015, Michaelis-Menten)", () => {
  it("bisection on the probability, within the tolerance of a brute-force grid of doses 10 mg apart", () => {
    const nDraws = 20;
    const s = solveDose(vdzFit, { targetTroughUgMl: 15, startDays: 154, intervalDays: 28, nDraws, seed: 1, doseToleranceFraction: 0.001 });
    expect(s.doseUnit).toBe("mg");
    expect(s.method).toBe(
      "bisection on the posterior probability (the trough increases with the dose), to 0.3 mg, 20 Laplace posterior draws (common random numbers)",
    );
    const grid = Array.from({ length: 31 }, (_, i) => i * 10);
    const probs = probabilities(
      vdzFit,
      grid.map((d) => ({ amountMg: d, intervalDays: 28 })),
      154,
      15,
      nDraws,
      1,
    );
    // the trough rises with the dose: the probabilities never fall along the grid
    for (let i = 1; i < probs.length; i++) expect(probs[i]).toBeGreaterThanOrEqual(probs[i - 1]);
    const g = smallestGridDose(grid, probs, 0.8);
    const tol = 0.001 * 300;
    expect(s.reachesTarget).toBe(true);
    expect(s.doseMg as number).toBeGreaterThan(g - 10);
    expect(s.doseMg as number).toBeLessThanOrEqual(g + tol);
    // at the dose the probability holds; one tolerance below it does not
    const [below, at] = probabilities(
      vdzFit,
      [(s.doseMg as number) - tol, s.doseMg as number].map((d) => ({ amountMg: d, intervalDays: 28 })),
      154,
      15,
      nDraws,
      1,
    );
    expect(at).toBeGreaterThanOrEqual(0.8);
    expect(s.probabilityAtTarget).toBe(at);
    expect(below).toBeLessThan(0.8);
    // the MAP dose: the MAP trough reaches the target there, and not one tolerance below
    const [mBelow, mAt] = forecastTroughs(
      vdzFit,
      [(s.mapDoseMg as number) - tol, s.mapDoseMg as number].map((d) => ({ amountMg: d, intervalDays: 28 })),
      { startDays: 154, nDraws: 1 },
    ).map((f) => f.troughUgMl.value);
    expect(mAt).toBeGreaterThanOrEqual(15);
    expect(mBelow).toBeLessThan(15);
  });

  it("an unreachable target gives the 300 mg cap and the probability there", () => {
    const s = solveDose(vdzFit, { targetTroughUgMl: 60, startDays: 154, intervalDays: 28, nDraws: 10, seed: 1 });
    expect(s.doseMg).toBe(300);
    expect(s.reachesTarget).toBe(false);
    const [p] = probabilities(vdzFit, [{ amountMg: 300, intervalDays: 28 }], 154, 60, 10, 1);
    expect(s.probabilityAtTarget).toBe(p);
    expect(s.mapDoseMgPerKg).toBeNull();
    expect(s.mapDoseMg).toBeNull();
  });

  it("a target the doses given already reach needs no new dose", () => {
    const s = solveDose(vdzFit, { targetTroughUgMl: 0.01, startDays: 154, intervalDays: 28, evaluateAfterDoses: 1, nDraws: 10, seed: 1 });
    expect(s.doseMg).toBe(0);
    expect(s.mapDoseMg).toBe(0);
    expect(s.mapDoseMgPerKg).toBeNull();
  });
});

describe("solveDose, fits", () => {
  it("a fit that did not converge gives no dose, and says so first", () => {
    const s = solveDose({ ...fit, converged: false, iterations: 200 }, { targetTroughUgMl: 5, startDays: 98, intervalDays: 42 });
    expect(s.doseMgPerKg).toBeNull();
    expect(s.doseMg).toBeNull();
    expect(s.mapDoseMgPerKg).toBeNull();
    expect(s.mapDoseMg).toBeNull();
    expect(s.probabilityAtTarget).toBeNull();
    expect(s.troughUgMl).toBeNull();
    expect(s.reachesTarget).toBe(false);
    expect(s.reasons[0]).toMatch(/did not converge \(BFGS stopped after 200 iterations/);
    expect(s.thresholds.targetTroughUgMl).toBe(5);
    expect(s.method).toBe("none");
  });

  it("the work limit of a nonlinear model: draws x bisection steps at most 1,000,000 (checked before any work); none for a linear one", () => {
    const idle = { ...vdzFit, converged: false };
    // tolerance 0.001: ceil(log2(1000)) + 2 = 12 steps
    const opts = { targetTroughUgMl: 15, startDays: 154, intervalDays: 28 };
    expect(solveDose(idle, { ...opts, nDraws: 83_333 }).doseMg).toBeNull();
    expect(() => solveDose(idle, { ...opts, nDraws: 83_334 })).toThrow(
      /options\.nDraws x bisection steps.*use fewer draws or a larger doseToleranceFraction/,
    );
    expect(
      solveDose({ ...fit, converged: false }, { targetTroughUgMl: 5, startDays: 98, intervalDays: 42, nDraws: 100_000 }).doseMg,
    ).toBeNull();
  });

  it("a start on the day of the last level is allowed; a trough beyond the time limit is refused", () => {
    const s = solveDose(fit, { targetTroughUgMl: 5, startDays: 97.9, intervalDays: 42, nDraws: 20, seed: 1 });
    expect(s.troughDays).toBeCloseTo(97.9 + 126, 9);
    expect(() => solveDose(fit, { targetTroughUgMl: 5, startDays: 98, intervalDays: 400_000, nDraws: 20 })).toThrow(/forecast trough time/);
  });

  it("a level below the assay's limit (M3): the dose still matches brute force, and the reasons say how the level was fitted", () => {
    const history = infliximabRegimen({ untilWeeks: 6 });
    const cens = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, censored: "below", limitUgMl: 0.4 }], cov);
    const s = solveDose(cens, { targetTroughUgMl: 3, startDays: 98, intervalDays: 28, nDraws: 100, seed: 4 });
    const grid = Array.from({ length: 201 }, (_, i) => i * 0.05);
    const probs = probabilities(
      cens,
      grid.map((d) => ({ mgPerKg: d, intervalDays: 28 })),
      98,
      3,
      100,
      4,
    );
    const g = smallestGridDose(grid, probs, 0.8);
    expect(s.doseMgPerKg as number).toBeGreaterThan(g - 0.05);
    expect(s.doseMgPerKg as number).toBeLessThanOrEqual(g);
    expect(s.reasons.some((r) => r.includes("1 of them outside the assay's range (fitted by M3, Beal 2001)"))).toBe(true);
  });
});

describe("solveDose, hostile input", () => {
  const good = { targetTroughUgMl: 5, startDays: 98, intervalDays: 42, nDraws: 10 };
  it.each([
    ["fit", () => solveDose(null as unknown as MapResult, good), /fit/],
    ["fit.observations", () => solveDose({ ...fit, observations: [] }, good), /fit\.observations/],
    ["options", () => solveDose(fit, null as never), /options/],
    ["target NaN", () => solveDose(fit, { ...good, targetTroughUgMl: Number.NaN }), /options\.targetTroughUgMl/],
    ["target string", () => solveDose(fit, { ...good, targetTroughUgMl: "5" as never }), /options\.targetTroughUgMl/],
    ["target negative", () => solveDose(fit, { ...good, targetTroughUgMl: -1 }), /options\.targetTroughUgMl/],
    [
      "start before the last level",
      () => solveDose(fit, { ...good, startDays: 90 }),
      /options\.startDays.*after the last observation \(day 97\.9\)/,
    ],
    ["start huge", () => solveDose(fit, { ...good, startDays: 1e308 }), /options\.startDays/],
    ["interval array", () => solveDose(fit, { ...good, intervalDays: [42] as never }), /options\.intervalDays/],
    ["interval huge", () => solveDose(fit, { ...good, intervalDays: 1e9 }), /options\.intervalDays/],
    ["probability 1", () => solveDose(fit, { ...good, probability: 1 }), /options\.probability/],
    ["draws too many", () => solveDose(fit, { ...good, nDraws: 1e6 }), /options\.nDraws/],
    ["draws fractional", () => solveDose(fit, { ...good, nDraws: 2.5 }), /options\.nDraws/],
    ["evaluateAfterDoses 0", () => solveDose(fit, { ...good, evaluateAfterDoses: 0 }), /options\.evaluateAfterDoses/],
    ["confidence", () => solveDose(fit, { ...good, confidence: 2 }), /options\.confidence/],
    ["tolerance", () => solveDose(fit, { ...good, doseToleranceFraction: 0 }), /options\.doseToleranceFraction/],
    ["route", () => solveDose(fit, { ...good, route: "sc" }), /options\.route/],
    ["cap array", () => solveDose(fit, { ...good, cap: [] as never }), /options\.cap/],
    ["cap reason number", () => solveDose(fit, { ...good, cap: { maxMgPerKg: 5, reason: 3 as never } }), /options\.cap\.reason/],
    ["cap negative", () => solveDose(fit, { ...good, cap: { maxAmountMg: -1 } }), /options\.cap\.maxAmountMg/],
    ["cap per day", () => solveDose(fit, { ...good, cap: { maxMgPerDay: 1e9, reason: "x" } }), /options\.cap\.maxMgPerDay/],
    ["cap interval", () => solveDose(fit, { ...good, cap: { minIntervalDays: 0.5, reason: "x" } }), /options\.cap\.minIntervalDays/],
    ["seed", () => solveDose(fit, { ...good, seed: 1.5 }), /seed/],
    [
      "draws x bisection steps (nonlinear)",
      () => solveDose(vdzFit, { ...good, startDays: 154, intervalDays: 28, nDraws: 100_000, doseToleranceFraction: 1e-6 }),
      /options\.nDraws x bisection steps/,
    ],
  ])("%s: InputError naming the field", (_, call, field) => {
    expect(call).toThrow(InputError);
    expect(call).toThrow(field);
  });
});
