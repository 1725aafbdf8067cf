// longestInterval (issue 18 item 5) against brute-force search: a grid of intervals half a day apart,
// each forecast by forecastTroughs with the same seed and number of draws (the same draws); the
// longest grid interval whose probability reaches the required one must bracket the solver's
// interval within the grid step (plus the bisection's resolution). Also: the interval just above the
// solver's misses, the shortest interval allowed (label, mg/day limit, raised cap), the search limit,
// a Michaelis-Menten model, a fit that did not converge, a censored level and hostile inputs.
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { forecastTroughs, type MapResult, mapEstimate } from "../../src/pk/bayes";
import { INFLIXIMAB_FASANMADE_2009 } from "../../src/pk/models";
import { infliximabRegimen } from "../../src/pk/regimen";
import { longestInterval, practicalIntervalDays } from "../../src/pk/solve-interval";
import { adalimumabFit, probabilities, vedolizumabFit } from "./brute-force";

const cov = { weightKg: 70, albuminGdl: 3.2 };
let fit: MapResult;

/** The longest grid interval whose probability is at least p (brute force); NaN when none is. */
function longestGridInterval(grid: number[], probs: number[], p: number): number {
  let best = Number.NaN;
  for (let i = 0; i < grid.length; i++) if (probs[i] >= p) best = grid[i];
  return best;
}

beforeAll(() => {
  fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen({ untilWeeks: 6 }), [{ timeDays: 97.9, concentrationUgMl: 1.8 }], cov);
});

describe("longestInterval, linear model (infliximab)", () => {
  it("within half a day of a brute-force grid of intervals; 0.1 day longer misses", () => {
    const s = longestInterval(fit, { doseMgPerKg: 10, targetTroughUgMl: 5, startDays: 98, nDraws: 200, seed: 1 });
    const grid = Array.from({ length: 281 }, (_, i) => 28 + i * 0.5);
    const probs = probabilities(
      fit,
      grid.map((t) => ({ mgPerKg: 10, intervalDays: t })),
      98,
      5,
      200,
      1,
    );
    // the trough falls with the interval: the probabilities never rise along the grid
    for (let i = 1; i < probs.length; i++) expect(probs[i]).toBeLessThanOrEqual(probs[i - 1]);
    const g = longestGridInterval(grid, probs, 0.8);
    const t = s.intervalDays as number;
    expect(t).toBeGreaterThanOrEqual(g - 0.1);
    expect(t).toBeLessThan(g + 0.5);
    const [at, beyond] = probabilities(
      fit,
      [t, t + 0.1].map((x) => ({ mgPerKg: 10, intervalDays: x })),
      98,
      5,
      200,
      1,
    );
    expect(at).toBeGreaterThanOrEqual(0.8);
    expect(s.probabilityAtTarget).toBe(at);
    expect(beyond).toBeLessThan(0.8);
    expect(s.suggestedIntervalDays).toBe(7 * Math.floor(t / 7));
    expect(s.atSearchLimit).toBe(false);
    expect(s.minIntervalDays).toBe(28);
    const [f] = forecastTroughs(fit, [{ mgPerKg: 10, intervalDays: t }], { startDays: 98, nDraws: 200, seed: 1 });
    expect(s.troughUgMl?.value).toBeCloseTo(f.troughUgMl.value, 9);
    expect(s.troughUgMl?.lower).toBeCloseTo(f.troughUgMl.lower, 9);
    expect(s.troughUgMl?.upper).toBeCloseTo(f.troughUgMl.upper, 9);
    expect(s.thresholds).toMatchObject({ targetTroughUgMl: 5, probability: 0.8, doseMgPerKg: 10, doseMg: 700, resolutionDays: 0.1 });
    expect(s.reasons[0]).toMatch(/^10 mg\/kg \(700 mg at 70 kg\) keeps the trough before dose 4 at or above 5 ug\/mL/);
  });

  it("the MAP interval: the MAP trough reaches the target there and not 0.1 day later", () => {
    const s = longestInterval(fit, { doseMgPerKg: 10, targetTroughUgMl: 5, startDays: 98, nDraws: 20, seed: 1 });
    const m = s.mapIntervalDays as number;
    const [at, beyond] = forecastTroughs(
      fit,
      [m, m + 0.1].map((x) => ({ mgPerKg: 10, intervalDays: x })),
      { startDays: 98, nDraws: 1 },
    ).map((f) => f.troughUgMl.value);
    expect(at).toBeGreaterThanOrEqual(5);
    expect(beyond).toBeLessThan(5);
    expect(s.reasons.some((r) => r.includes(`the longest interval would be ${Number(m.toPrecision(3))} days`))).toBe(true);
  });

  it("a finer resolution and a flat dose in mg give the same interval as mg/kg", () => {
    const a = longestInterval(fit, { doseMgPerKg: 10, targetTroughUgMl: 5, startDays: 98, nDraws: 100, seed: 2, resolutionDays: 0.01 });
    const b = longestInterval(fit, { doseMg: 700, targetTroughUgMl: 5, startDays: 98, nDraws: 100, seed: 2, resolutionDays: 0.01 });
    expect(b.intervalDays as number).toBeCloseTo(a.intervalDays as number, 9);
    const [at, beyond] = probabilities(
      fit,
      [a.intervalDays as number, (a.intervalDays as number) + 0.01].map((x) => ({ mgPerKg: 10, intervalDays: x })),
      98,
      5,
      100,
      2,
    );
    expect(at).toBeGreaterThanOrEqual(0.8);
    expect(beyond).toBeLessThan(0.8);
  });

  it("even the shortest interval misses: null interval, the probability at the shortest, and reasons", () => {
    const s = longestInterval(fit, { doseMgPerKg: 5, targetTroughUgMl: 15, startDays: 98, nDraws: 100, seed: 1 });
    expect(s.intervalDays).toBeNull();
    expect(s.suggestedIntervalDays).toBeNull();
    expect(s.mapIntervalDays).toBeNull();
    const [p] = probabilities(fit, [{ mgPerKg: 5, intervalDays: 28 }], 98, 15, 100, 1);
    expect(s.probabilityAtTarget).toBe(p);
    expect(s.reasons[0]).toMatch(/^Even at the shortest interval allowed, every 28 days, 5 mg\/kg \(350 mg at 70 kg\) reaches 15 ug\/mL/);
    expect(s.reasons[0]).toContain(`with probability ${(100 * p).toFixed(0)} % only (required 80 %)`);
    expect(s.reasons.some((r) => r.includes("misses 15 ug/mL even every 28 days"))).toBe(true);
  });

  it("a low target still reached at the longest interval searched: that interval, flagged", () => {
    const s = longestInterval(fit, { doseMgPerKg: 10, targetTroughUgMl: 0.01, startDays: 98, nDraws: 50, seed: 1, maxIntervalDays: 70 });
    expect(s.intervalDays).toBe(70);
    expect(s.atSearchLimit).toBe(true);
    expect(s.suggestedIntervalDays).toBe(70);
    expect(s.mapIntervalDays).toBe(70);
    expect(s.reasons[0]).toContain("(the longest searched: the longest interval is at least that)");
  });

  it("never shorter than the label's 28 days; a raised cap allows shorter and says so", () => {
    const opts = { doseMgPerKg: 10, targetTroughUgMl: 20, startDays: 98, nDraws: 100, seed: 1 };
    expect(longestInterval(fit, opts).intervalDays).toBeNull();
    const raised = longestInterval(fit, { ...opts, cap: { minIntervalDays: 7, reason: "rescue protocol" } });
    expect(raised.capRaised).toBe(true);
    expect(raised.minIntervalDays).toBe(7);
    const t = raised.intervalDays as number;
    expect(t).toBeGreaterThanOrEqual(7);
    expect(t).toBeLessThan(28);
    const [at, beyond] = probabilities(
      fit,
      [t, t + 0.1].map((x) => ({ mgPerKg: 10, intervalDays: x })),
      98,
      20,
      100,
      1,
    );
    expect(at).toBeGreaterThanOrEqual(0.8);
    expect(beyond).toBeLessThan(0.8);
    expect(raised.reasons[0]).toContain('because the caller raised the cap ("rescue protocol")');
    expect(() => longestInterval(fit, { ...opts, cap: { minIntervalDays: 7 } })).toThrow(/options\.cap\.reason/);
  });

  it("a dose above the cap is refused; a raised cap with a reason allows it", () => {
    const opts = { doseMgPerKg: 12, targetTroughUgMl: 5, startDays: 98, nDraws: 20, seed: 1 };
    expect(() => longestInterval(fit, opts)).toThrow(/options\.doseMgPerKg.*10 mg\/kg at most/);
    expect(() => longestInterval(fit, { ...opts, doseMgPerKg: undefined, doseMg: 800 })).toThrow(/options\.doseMg\b/);
    const s = longestInterval(fit, { ...opts, cap: { maxMgPerKg: 12, reason: "shared decision" } });
    expect(s.capRaised).toBe(true);
    expect(s.intervalDays as number).toBeGreaterThan(28);
    expect(longestInterval(fit, { ...opts, doseMgPerKg: 10 }).intervalDays).not.toBeNull();
  });

  it("a stricter cap lengthens the shortest interval", () => {
    const s = longestInterval(fit, {
      doseMgPerKg: 10,
      targetTroughUgMl: 15,
      startDays: 98,
      nDraws: 50,
      seed: 1,
      cap: { minIntervalDays: 42 },
    });
    expect(s.minIntervalDays).toBe(42);
    expect(s.capRaised).toBe(false);
    const [p] = probabilities(fit, [{ mgPerKg: 10, intervalDays: 42 }], 98, 15, 50, 1);
    expect(s.probabilityAtTarget).toBe(p);
  });
});

describe("practicalIntervalDays", () => {
  it("whole weeks, else whole days, never below the shortest interval allowed", () => {
    expect(practicalIntervalDays(43.6, 28)).toBe(42);
    expect(practicalIntervalDays(42, 28)).toBe(42);
    expect(practicalIntervalDays(29.9, 28)).toBe(28);
    expect(practicalIntervalDays(12.5, 10)).toBe(12);
    expect(practicalIntervalDays(10.9, 10)).toBe(10);
    expect(practicalIntervalDays(10.5, 10.2)).toBe(10.5);
    expect(() => practicalIntervalDays(Number.NaN, 28)).toThrow(/intervalDays: got NaN/);
    expect(() => practicalIntervalDays(30, "28" as never)).toThrow(/minIntervalDays: got "28"/);
  });
});

describe("longestInterval, options and messages", () => {
  it("a start on the day of the last level is allowed; a trough beyond the time limit is refused", () => {
    const s = longestInterval(fit, { doseMgPerKg: 10, targetTroughUgMl: 5, startDays: 97.9, nDraws: 20, seed: 1 });
    expect(s.intervalDays).not.toBeNull();
    expect(() => longestInterval(fit, { doseMgPerKg: 10, targetTroughUgMl: 5, startDays: 999_900, nDraws: 20 })).toThrow(
      /forecast trough time/,
    );
  });

  it("the method, the thresholds and the reasons say what was used", () => {
    const s = longestInterval(fit, { doseMg: 700, targetTroughUgMl: 5, startDays: 98, nDraws: 50, seed: 1 });
    expect(s.method).toBe(
      "bisection on the posterior probability (the trough falls as the interval grows), to 0.1 day, 50 Laplace posterior draws (common random numbers)",
    );
    expect("doseMgPerKg" in s.thresholds).toBe(false);
    expect("maxAmountMg" in s.thresholds).toBe(false);
    expect("maxMgPerDay" in s.thresholds).toBe(false);
    expect(s.thresholds).toMatchObject({
      doseMg: 700,
      minIntervalDays: 28,
      maxIntervalDays: 168,
      maxMgPerKg: 10,
      evaluateAfterDoses: 3,
      nDraws: 50,
    });
    const t = s.intervalDays as number;
    const tr = s.troughUgMl as { value: number; lower: number; upper: number; method: string };
    const f3 = (x: number) => Number(x.toPrecision(3)).toString();
    const w = s.suggestedIntervalDays as number;
    expect(s.reasons[0]).toBe(
      `700 mg keeps the trough before dose 4 at or above 5 ug/mL with probability ${(100 * (s.probabilityAtTarget as number)).toFixed(0)} % (required 80 %) up to an interval of ${f3(t)} days; forecast trough there ${f3(tr.value)} ug/mL, 90 % interval ${f3(tr.lower)}-${f3(tr.upper)}. In practice: every ${w} days (${w / 7} weeks).`,
    );
    expect(tr.method).toBe("Laplace posterior, 50 draws");
    expect(s.reasons.filter((r) => r.startsWith("Cap: the label's maximum"))).toHaveLength(1);
    expect(s.reasons.some((r) => r.startsWith("Fitted to 1 measured level(s) with Infliximab, Fasanmade 2009 (UC)"))).toBe(true);
  });

  it("a suggestion that is not whole weeks says days only", () => {
    const s = longestInterval(fit, {
      doseMgPerKg: 10,
      targetTroughUgMl: 20,
      startDays: 98,
      nDraws: 50,
      seed: 1,
      cap: { minIntervalDays: 10, reason: "trial" },
    });
    const t = s.intervalDays as number;
    expect(t).toBeGreaterThan(10);
    expect(s.suggestedIntervalDays).toBe(practicalIntervalDays(t, 10));
    const w = s.suggestedIntervalDays as number;
    expect(s.reasons[1]).toContain(w % 7 === 0 ? `every ${w} days (${w / 7} weeks).` : `every ${w} days.`);
    expect(s.reasons.filter((r) => r.includes('("trial")'))).toHaveLength(1);
  });
});

describe("longestInterval, adalimumab: the label's mg/day limit", () => {
  it("80 mg is every 14 days at the shortest, 40 mg every 7", () => {
    const adaFit = adalimumabFit();
    const s80 = longestInterval(adaFit, { doseMg: 80, targetTroughUgMl: 50, startDays: 98, nDraws: 20, seed: 1 });
    expect(s80.minIntervalDays).toBeCloseTo(14, 12);
    expect(s80.intervalDays).toBeNull();
    const s40 = longestInterval(adaFit, { doseMg: 40, targetTroughUgMl: 50, startDays: 98, nDraws: 20, seed: 1 });
    expect(s40.minIntervalDays).toBe(7);
    expect(() => longestInterval(adaFit, { doseMg: 90, targetTroughUgMl: 5, startDays: 98, nDraws: 20 })).toThrow(/80 mg at most/);
    // a reachable target, against brute force
    const s = longestInterval(adaFit, { doseMg: 40, targetTroughUgMl: 5, startDays: 98, nDraws: 50, seed: 1, maxIntervalDays: 42 });
    const grid = Array.from({ length: 71 }, (_, i) => 7 + i * 0.5);
    const probs = probabilities(
      adaFit,
      grid.map((t) => ({ amountMg: 40, intervalDays: t, route: "sc" as const })),
      98,
      5,
      50,
      1,
    );
    const g = longestGridInterval(grid, probs, 0.8);
    expect(s.intervalDays as number).toBeGreaterThanOrEqual(g - 0.1);
    expect(s.intervalDays as number).toBeLessThan(g + 0.5);
  });
});

describe("longestInterval, nonlinear model (vedolizumab, Michaelis-Menten)", () => {
  it("within 2 days of a brute-force grid, and 0.1 day longer misses", () => {
    const vf = vedolizumabFit();
    const s = longestInterval(vf, { doseMg: 300, targetTroughUgMl: 15, startDays: 154, nDraws: 20, seed: 1, maxIntervalDays: 84 });
    const grid = Array.from({ length: 29 }, (_, i) => 28 + i * 2);
    const probs = probabilities(
      vf,
      grid.map((t) => ({ amountMg: 300, intervalDays: t })),
      154,
      15,
      20,
      1,
    );
    for (let i = 1; i < probs.length; i++) expect(probs[i]).toBeLessThanOrEqual(probs[i - 1]);
    const g = longestGridInterval(grid, probs, 0.8);
    const t = s.intervalDays as number;
    expect(t).toBeGreaterThanOrEqual(g - 0.1);
    expect(t).toBeLessThan(g + 2);
    const [at, beyond] = probabilities(
      vf,
      [t, t + 0.1].map((x) => ({ amountMg: 300, intervalDays: x })),
      154,
      15,
      20,
      1,
    );
    expect(at).toBeGreaterThanOrEqual(0.8);
    expect(beyond).toBeLessThan(0.8);
  });
});

describe("longestInterval, fits", () => {
  it("a fit that did not converge gives no interval, and says so first", () => {
    const s = longestInterval({ ...fit, converged: false }, { doseMgPerKg: 10, targetTroughUgMl: 5, startDays: 98 });
    expect(s.intervalDays).toBeNull();
    expect(s.suggestedIntervalDays).toBeNull();
    expect(s.mapIntervalDays).toBeNull();
    expect(s.probabilityAtTarget).toBeNull();
    expect(s.troughUgMl).toBeNull();
    expect(s.reasons[0]).toMatch(/did not converge/);
    expect(s.method).toBe("none");
    expect(s.atSearchLimit).toBe(false);
    expect(s.capRaised).toBe(false);
  });

  it("the work limit: draws x bisection steps at most 1,000,000 (checked before any work)", () => {
    const idle = { ...fit, converged: false };
    // from 28 to 60 days at 0.1 day: ceil(log2(320)) + 2 = 11 steps
    const opts = { doseMgPerKg: 10, targetTroughUgMl: 5, startDays: 98, maxIntervalDays: 60 };
    expect(longestInterval(idle, { ...opts, nDraws: 90_909 }).intervalDays).toBeNull();
    expect(() => longestInterval(idle, { ...opts, nDraws: 90_910 })).toThrow(
      /options\.nDraws x bisection steps.*use fewer draws or a coarser resolutionDays/,
    );
    // a range shorter than the resolution: 2 steps
    const narrow = { ...opts, maxIntervalDays: 28.05, nDraws: 100_000 };
    expect(longestInterval(idle, narrow).intervalDays).toBeNull();
  });

  it("a level below the assay's limit (M3): brute force agrees, and the reasons say how the level was fitted", () => {
    const cens = mapEstimate(
      INFLIXIMAB_FASANMADE_2009,
      infliximabRegimen({ untilWeeks: 6 }),
      [{ timeDays: 97.9, censored: "below", limitUgMl: 0.4 }],
      cov,
    );
    const s = longestInterval(cens, { doseMgPerKg: 10, targetTroughUgMl: 3, startDays: 98, nDraws: 100, seed: 4 });
    const grid = Array.from({ length: 281 }, (_, i) => 28 + i * 0.5);
    const probs = probabilities(
      cens,
      grid.map((t) => ({ mgPerKg: 10, intervalDays: t })),
      98,
      3,
      100,
      4,
    );
    const g = longestGridInterval(grid, probs, 0.8);
    expect(s.intervalDays as number).toBeGreaterThanOrEqual(g - 0.1);
    expect(s.intervalDays as number).toBeLessThan(g + 0.5);
    expect(s.reasons.some((r) => r.includes("fitted by M3, Beal 2001"))).toBe(true);
  });
});

describe("longestInterval, hostile input", () => {
  const good = { doseMgPerKg: 10, targetTroughUgMl: 5, startDays: 98, nDraws: 10 };
  it.each([
    ["fit", () => longestInterval(undefined as unknown as MapResult, good), /fit/],
    ["options", () => longestInterval(fit, "x" as never), /options/],
    ["both doses", () => longestInterval(fit, { ...good, doseMg: 700 }), /options\.doseMgPerKg.*exactly one/],
    ["no dose", () => longestInterval(fit, { ...good, doseMgPerKg: undefined }), /options\.doseMgPerKg/],
    ["dose NaN", () => longestInterval(fit, { ...good, doseMgPerKg: Number.NaN }), /options\.doseMgPerKg/],
    ["dose negative", () => longestInterval(fit, { ...good, doseMgPerKg: -1 }), /options\.doseMgPerKg/],
    ["target", () => longestInterval(fit, { ...good, targetTroughUgMl: null as never }), /options\.targetTroughUgMl/],
    ["start", () => longestInterval(fit, { ...good, startDays: 50 }), /options\.startDays.*after the last observation \(day 97\.9\)/],
    ["start NaN", () => longestInterval(fit, { ...good, startDays: Number.NaN }), /options\.startDays/],
    ["dose mg negative", () => longestInterval(fit, { ...good, doseMgPerKg: undefined, doseMg: -1 }), /options\.doseMg\b/],
    ["max interval short", () => longestInterval(fit, { ...good, maxIntervalDays: 20 }), /options\.maxIntervalDays/],
    ["max interval huge", () => longestInterval(fit, { ...good, maxIntervalDays: 1e6 }), /options\.maxIntervalDays/],
    ["resolution", () => longestInterval(fit, { ...good, resolutionDays: 0 }), /options\.resolutionDays/],
    ["probability", () => longestInterval(fit, { ...good, probability: -0.5 }), /options\.probability/],
    ["draws", () => longestInterval(fit, { ...good, nDraws: 0 }), /options\.nDraws/],
    ["evaluateAfterDoses", () => longestInterval(fit, { ...good, evaluateAfterDoses: 101 }), /options\.evaluateAfterDoses/],
    ["confidence", () => longestInterval(fit, { ...good, confidence: 1 }), /options\.confidence/],
    ["route", () => longestInterval(fit, { ...good, route: "im" as never }), /options\.route/],
    [
      "draws x bisection steps",
      () => longestInterval(fit, { ...good, nDraws: 100_000, resolutionDays: 0.001 }),
      /options\.nDraws x bisection steps/,
    ],
  ])("%s: InputError naming the field", (_, call, field) => {
    expect(call).toThrow(InputError);
    expect(call).toThrow(field);
  });
});
