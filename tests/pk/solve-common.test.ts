// The shared internals of the dose solvers (src/pk/solve-common.ts): the count of draws a
// probability needs (the comparison forecastTroughs makes, k / n >= p, with floating-point products
// such as 0.7 x 10 = 7.000000000000001), the cap (label, stricter, raised with a reason), the largest
// dose and shortest interval it allows, the bisections, the label row by route, and the reasons about
// the fit (TMDD drug form, provisional model).
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { type MapResult, mapEstimate } from "../../src/pk/bayes";
import { labelMaximumFor } from "../../src/pk/label-maxima";
import { INFLIXIMAB_BERENDS_2019_QSS, INFLIXIMAB_FASANMADE_2009, USTEKINUMAB_XU_2022 } from "../../src/pk/models";
import { infliximabRegimen } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";
import {
  CAP_CEILING,
  checkSolverFit,
  describeLimits,
  estimateFrom,
  fitReasons,
  labelFor,
  largestPassing,
  lastObservationDays,
  maxDoseAt,
  minIntervalFor,
  notConvergedReasons,
  predictorAt,
  quantile,
  requiredHits,
  resolveCap,
  smallestPassing,
} from "../../src/pk/solve-common";

let fit: MapResult;
beforeAll(() => {
  fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen({ untilWeeks: 6 }), [{ timeDays: 97.9, concentrationUgMl: 1.8 }], {
    weightKg: 70,
    albuminGdl: 3.2,
  });
});

describe("requiredHits", () => {
  it("the least k with k / n >= p, as forecastTroughs compares", () => {
    for (const [p, n] of [
      [0.7, 10],
      [0.8, 200],
      [0.8, 1],
      [0.5, 3],
      [0.999, 10],
      [0.01, 10],
      [0.3, 10],
      [0.9, 7],
    ]) {
      const k = requiredHits(p, n);
      expect(k / n).toBeGreaterThanOrEqual(p);
      expect(k === 1 || (k - 1) / n < p).toBe(true);
    }
    expect(requiredHits(0.7, 10)).toBe(7);
    expect(requiredHits(0.3, 10)).toBe(3);
    expect(requiredHits(0.8, 200)).toBe(160);
    // 0.28 x 25 = 7.000000000000001 in floating point, yet 7 / 25 >= 0.28
    expect(requiredHits(0.28, 25)).toBe(7);
    expect(requiredHits(0.14, 50)).toBe(7);
  });
});

describe("quantile and estimateFrom", () => {
  it("nearest rank of sorted values; the estimate's value is the one at the mode", () => {
    const v = Float64Array.of(5, 1, 4, 2, 3);
    expect(quantile(Float64Array.of(1, 2, 3, 4, 5), 0.5)).toBe(3);
    expect(quantile(Float64Array.of(1, 2, 3, 4, 5), 0)).toBe(1);
    expect(quantile(Float64Array.of(1, 2, 3, 4, 5), 1)).toBe(5);
    expect(estimateFrom(9, v, 0.5, "m")).toEqual({ value: 9, lower: 2, upper: 4, confidence: 0.5, method: "m" });
    // the values are not sorted in place
    expect(Array.from(v)).toEqual([5, 1, 4, 2, 3]);
  });
});

describe("the cap", () => {
  it("the label's, in words", () => {
    const c = resolveCap(labelMaximumFor("infliximab", "iv"), undefined);
    expect(c).toMatchObject({ maxMgPerKg: 10, minIntervalDays: 28, raised: false });
    expect(c.maxAmountMg).toBeUndefined();
    expect(c.reason).toBe(
      "Cap: the label's maximum, at most 10 mg/kg a dose, every 28 days at the shortest (Remicade (infliximab) prescribing information, Janssen, section 2.1; every 4 weeks is the toolkit's cap (INFLIXIMAB_LABEL_LIMITS)).",
    );
    expect(describeLimits({ maxAmountMg: 80, maxMgPerDay: 40 / 7, minIntervalDays: 7 })).toBe(
      "at most 80 mg a dose, every 7 days at the shortest, at most 5.71 mg a day",
    );
    expect(describeLimits({ maxMgPerKg: 5, maxAmountMg: 400, minIntervalDays: 56 })).toBe(
      "at most 5 mg/kg and 400 mg a dose, every 56 days at the shortest",
    );
    expect(describeLimits({ minIntervalDays: 14 })).toBe("every 14 days at the shortest");
  });

  it("stricter limits need no reason; a reason with stricter limits raises nothing", () => {
    const ada = labelMaximumFor("adalimumab", "sc");
    const c = resolveCap(ada, { maxAmountMg: 40, minIntervalDays: 14, maxMgPerDay: 2, maxMgPerKg: 1 });
    expect(c).toMatchObject({ maxAmountMg: 40, minIntervalDays: 14, maxMgPerDay: 2, maxMgPerKg: 1, raised: false });
    expect(c.reason).toMatch(
      /^Cap: at most 1 mg\/kg and 40 mg a dose, every 14 days at the shortest, at most 2 mg a day, stricter than the label's at most 80 mg a dose/,
    );
    expect(resolveCap(ada, { maxAmountMg: 80, reason: "why" }).raised).toBe(false);
    expect(resolveCap(ada, { minIntervalDays: 7, maxMgPerDay: 40 / 7 }).raised).toBe(false);
  });

  it("each looser limit needs a reason, and then says so", () => {
    const ada = labelMaximumFor("adalimumab", "sc");
    for (const loose of [{ maxAmountMg: 81 }, { minIntervalDays: 6 }, { maxMgPerDay: 6 }]) {
      expect(() => resolveCap(ada, loose)).toThrow(InputError);
      expect(() => resolveCap(ada, loose)).toThrow(/options\.cap\.reason.*a reason for raising/);
      const c = resolveCap(ada, { ...loose, reason: "MDT decision" });
      expect(c.raised).toBe(true);
      expect(c.reason).toMatch(
        /^The suggestion may exceed the labelled maximum of at most 80 mg a dose, every 7 days at the shortest, at most 5\.71 mg a day \(Humira .*\) because the caller raised the cap \("MDT decision"\): cap used /,
      );
    }
    expect(() => resolveCap(ada, { maxAmountMg: 81 })).toThrow(
      /^options\.cap\.reason: a cap looser than the label needs a reason, got undefined, expected a reason for raising maxAmountMg beyond the label's maximum \(at most 80 mg a dose/,
    );
    expect(() => resolveCap(ada, { minIntervalDays: 6, maxMgPerDay: 6 })).toThrow(
      /a reason for raising maxMgPerDay, minIntervalDays beyond/,
    );
    expect(resolveCap(ada, { minIntervalDays: 6, reason: "x" }).minIntervalDays).toBe(6);
  });

  it("a limit beyond the ceiling, a bad reason or a cap that is not an object is an InputError naming it", () => {
    const ifx = labelMaximumFor("infliximab", "iv");
    expect(() => resolveCap(ifx, { maxMgPerKg: CAP_CEILING.maxMgPerKg + 0.1, reason: "x" })).toThrow(/options\.cap\.maxMgPerKg/);
    expect(() => resolveCap(ifx, { maxAmountMg: CAP_CEILING.maxAmountMg + 1, reason: "x" })).toThrow(/options\.cap\.maxAmountMg/);
    expect(() => resolveCap(ifx, { maxMgPerDay: CAP_CEILING.maxMgPerDay + 1, reason: "x" })).toThrow(/options\.cap\.maxMgPerDay/);
    expect(() => resolveCap(ifx, { minIntervalDays: 731, reason: "x" })).toThrow(/options\.cap\.minIntervalDays/);
    expect(() => resolveCap(ifx, { maxMgPerKg: 5, reason: "" })).toThrow(
      /options\.cap\.reason: got "", expected a non-empty sentence saying why the cap is raised/,
    );
    expect(() => resolveCap(ifx, null)).toThrow(/options\.cap/);
    expect(resolveCap(ifx, { maxMgPerKg: CAP_CEILING.maxMgPerKg, reason: "x" }).maxMgPerKg).toBe(20);
  });

  it("the largest dose at an interval (in the label's unit) and the shortest interval for a dose", () => {
    const ifx = resolveCap(labelMaximumFor("infliximab", "iv"), { maxAmountMg: 600 });
    expect(maxDoseAt(ifx, 28, 70)).toBeCloseTo(600 / 70, 12);
    expect(maxDoseAt(ifx, 28, 50)).toBe(10);
    const ada = resolveCap(labelMaximumFor("adalimumab", "sc"), undefined);
    expect(maxDoseAt(ada, 7, 70)).toBeCloseTo(40, 12);
    expect(maxDoseAt(ada, 14, 70)).toBeCloseTo(80, 12);
    expect(maxDoseAt(ada, 28, 70)).toBe(80);
    expect(minIntervalFor(ada, 80)).toBeCloseTo(14, 12);
    expect(minIntervalFor(ada, 20)).toBe(7);
    const perKg = resolveCap(labelMaximumFor("adalimumab", "sc"), { maxMgPerKg: 0.5 });
    expect(maxDoseAt(perKg, 14, 70)).toBeCloseTo(35, 12);
    expect(minIntervalFor(resolveCap(labelMaximumFor("vedolizumab", "iv"), undefined), 300)).toBe(28);
  });
});

describe("bisection", () => {
  it("the smallest passing x of an increasing test, to the tolerance", () => {
    let calls = 0;
    const x = smallestPassing(0, 10, 1e-3, (v) => {
      calls++;
      return v >= Math.PI;
    });
    expect(x).toBeGreaterThanOrEqual(Math.PI);
    expect(x - Math.PI).toBeLessThanOrEqual(1e-3);
    expect(calls).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(10 / 1e-3)));
    expect(smallestPassing(0, 10, 1e-3, () => true)).toBe(0);
    expect(smallestPassing(0, 10, 1e-3, () => false)).toBe(10);
  });

  it("the largest passing x of a decreasing test, to the tolerance; null when even the lower end fails", () => {
    const x = largestPassing(28, 168, 0.1, (v) => v <= 43.21) as number;
    expect(x).toBeLessThanOrEqual(43.21);
    expect(43.21 - x).toBeLessThanOrEqual(0.1);
    let calls = 0;
    largestPassing(28, 168, 0.1, (v) => {
      calls++;
      return v <= 43.21;
    });
    expect(calls).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(140 / 0.1)));
    expect(largestPassing(28, 168, 0.1, () => true)).toBe(168);
    expect(largestPassing(28, 168, 0.1, () => false)).toBeNull();
  });
});

describe("the label by route, the fit's checks and the reasons about the fit", () => {
  it("the route of the last dose by default; another route of the same drug when asked", () => {
    expect(labelFor(fit, undefined).route).toBe("iv");
    expect(() => labelFor(fit, "sc")).toThrow(/options\.route/);
    const sc = { ...fit, model: { ...fit.model, drug: "vedolizumab" as const } };
    expect(labelFor(sc, "sc").maxAmountMg).toBe(108);
    const last = { ...sc, regimen: { name: "x", doses: [...fit.regimen.doses, { timeDays: 60, amountMg: 108, route: "sc" as const }] } };
    expect(labelFor(last, undefined).route).toBe("sc");
    expect(() => labelFor({ ...fit, regimen: { name: "x", doses: [] } }, undefined)).toThrow(
      /fit\.regimen\.doses: got \[\], expected the doses given \(the route is that of the last one\)/,
    );
    expect(labelFor({ ...fit, regimen: { name: "x", doses: [] } }, "iv").route).toBe("iv");
    // the last dose by time, not by place in the list
    const unsorted = {
      ...sc,
      regimen: { name: "x", doses: [{ timeDays: 60, amountMg: 108, route: "sc" as const }, ...fit.regimen.doses] },
    };
    expect(labelFor(unsorted, undefined).route).toBe("sc");
    const ada = { ...fit, model: { ...fit.model, drug: "adalimumab" as const } };
    expect(() => labelFor(ada, undefined)).toThrow(/^fit\.regimen\.doses\.route: got "iv", expected one of sc/);
  });

  it("a fit whose covariance is not positive definite is refused (the checks of forecastTroughs)", () => {
    expect(checkSolverFit(fit)).toBe(fit);
    expect(() =>
      checkSolverFit({
        ...fit,
        covarianceEta: [
          [-1, 0],
          [0, 1],
        ],
      }),
    ).toThrow(/fit\.covarianceEta/);
    expect(() => checkSolverFit({ ...fit, converged: "yes" as never })).toThrow(/fit\.converged/);
  });

  it("the last observation by time; predictions of the estimated effects only", () => {
    expect(
      lastObservationDays({
        ...fit,
        observations: [
          { timeDays: 97.9, concentrationUgMl: 1 },
          { timeDays: 50, concentrationUgMl: 2 },
        ],
      }),
    ).toBe(97.9);
    const clOnly = mapEstimate(fit.model, fit.regimen, fit.observations, fit.covariates, { parameters: ["CL"] });
    const level = predictorAt(clOnly, clOnly.regimen, [50])(Float64Array.of(0.1))[0];
    const sim = simulate(fit.model, fit.regimen, fit.covariates, { timesDays: [50], etas: { CL: 0.1 } });
    expect(level).toBeCloseTo(sim.concentrationUgMl[0], 10);
  });

  it("the reasons for a fit that did not converge", () => {
    expect(notConvergedReasons({ ...fit, iterations: 17, method: "MAP (x)" })).toEqual([
      "The MAP fit did not converge (BFGS stopped after 17 iterations without reaching the posterior mode), so no dose is suggested: check the levels, their times and units and the doses given, then refit.",
      "Fit: MAP (x).",
    ]);
    const bare = notConvergedReasons({ ...fit, iterations: undefined as never, method: undefined as never });
    expect(bare[0]).toContain("after an unknown number of iterations");
    expect(bare[1]).toBe("Fit: MAP.");
    expect(fitReasons({ ...fit, method: undefined as never }, 3)[0]).toContain("; uncertainty: MAP; probabilities from 3 posterior draws.");
  });

  it("a TMDD model says which drug form; a provisional model says it is", () => {
    const base = fitReasons(fit, 10);
    expect(base).toHaveLength(1);
    expect(base[0]).toContain("probabilities from 10 posterior draws");
    const tmdd = fitReasons({ ...fit, model: INFLIXIMAB_BERENDS_2019_QSS, drugMeasure: "free" }, 10);
    expect(tmdd).toHaveLength(2);
    expect(tmdd[1]).toMatch(/^Levels and forecasts: levels compared with free drug/);
    const prov = fitReasons({ ...fit, model: USTEKINUMAB_XU_2022 }, 10);
    expect(prov[prov.length - 1]).toBe(USTEKINUMAB_XU_2022.provisional);
  });
});
