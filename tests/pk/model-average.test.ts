// Model averaging (issue 18 item 3; Uster 2021, mapbayr 0.10 `compute_weights`): the weights against
// the formulas computed here from independent MAP fits (mapEstimate, whose objective is checked against
// scipy in bayes.test.ts) and Omega written out by hand from the papers' CVs and correlations; the
// averaged forecast against the weighted mean and the mixture of the models' posterior draws, found by
// brute force over every pooled draw; the model that made the data wins.
import { describe, expect, it, vi } from "vitest";
import { ConvergenceError, InputError } from "../../src/core/errors";
import { forecastTroughDraws, INFLIXIMAB_CANDIDATES, mapEstimate, type Observation } from "../../src/pk/bayes";
import { averageModels, mixtureQuantile } from "../../src/pk/model-average";
import {
  INFLIXIMAB_BERENDS_2019_QSS,
  INFLIXIMAB_FASANMADE_2009,
  INFLIXIMAB_FASANMADE_2011,
  INFLIXIMAB_TERNANT_2021_DOUBLE,
  VEDOLIZUMAB_ROSARIO_2015,
} from "../../src/pk/models";
import { infliximabRegimen } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";
import type { PkModel } from "../../src/pk/types";

// a model that never converges, to reach the exclusion of a non-converged fit
vi.mock("../../src/pk/bayes", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/pk/bayes")>();
  return {
    ...real,
    mapEstimate: (...args: Parameters<typeof real.mapEstimate>) => {
      if (args[0].id.endsWith("-diverges")) throw new ConvergenceError("mapEstimate: no finite objective", 7);
      if (args[0].id.endsWith("-bad-input")) throw new InputError({ field: "observations", value: 0, expected: "a level" });
      const fit = real.mapEstimate(...args);
      if (args[0].id.endsWith("-low")) return { ...fit, objective: fit.objective - 2000 };
      if (args[0].id.endsWith("-far")) return { ...fit, objective: fit.objective + 5000 };
      return args[0].id.endsWith("-stalls") ? { ...fit, converged: false, iterations: 200 } : fit;
    },
  };
});

const history = infliximabRegimen({ untilWeeks: 6 });
const cov = { weightKg: 70, albuminGdl: 3.2 };
const levels: Observation[] = [
  { timeDays: 41.9, concentrationUgMl: 9 },
  { timeDays: 97.9, concentrationUgMl: 1.8 },
];
const LN_2PI = Math.log(2 * Math.PI);
const entry = (model: PkModel, observations = levels) => ({ model, regimen: history, observations, covariates: cov });
/**
 * omega^2 of each random effect as its source gives it: Fasanmade 2009 Table 3 prints 0.131 (CL) and 0.048
 * (V1); Fasanmade 2011 (as Frymoyer 2017 tabulates it) gives log-normal CVs, omega^2 = ln(1 + CV^2).
 */
const SOURCE_OMEGA2: Record<string, number[]> = {
  "infliximab-fasanmade-2009": [0.131, 0.048],
  "infliximab-fasanmade-2011": [0.307, 0.126, 0.553].map((cv) => Math.log1p(cv * cv)),
};
/** ln det Omega of a model without correlations: the sum of ln omega^2 over its random effects. */
const logDetDiagonal = (m: PkModel) => SOURCE_OMEGA2[m.id].reduce((s, v) => s + Math.log(v), 0);
const softmax = (logs: number[]) => {
  const top = Math.max(...logs);
  const e = logs.map((v) => Math.exp(v - top));
  const t = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / t);
};

describe("averageModels: weights (Uster 2021; mapbayr compute_weights)", () => {
  it('"LL" with every constant: exp(-OFV/2), OFV = OBJ + ln det Omega + (k + n) ln 2 pi', () => {
    const models = [INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_FASANMADE_2011];
    const avg = averageModels(models.map((m) => entry(m)));
    const ofv = models.map((m) => {
      const fit = mapEstimate(m, history, levels, cov);
      const k = Object.keys(m.iiv).length; // 2 (Fasanmade 2009) and 3 (Fasanmade 2011)
      return fit.objective + logDetDiagonal(m) + (k + 2) * LN_2PI;
    });
    const w = softmax(ofv.map((v) => -v / 2));
    expect(avg.models.map((r) => r.ofv)).toEqual(ofv.map((v) => expect.closeTo(v, 10)));
    expect(avg.weights["infliximab-fasanmade-2009"]).toBeCloseTo(w[0], 12);
    expect(avg.weights["infliximab-fasanmade-2011"]).toBeCloseTo(w[1], 12);
    expect(avg.models.map((r) => r.randomEffects)).toEqual([2, 3]);
    expect(avg.selected).toBe(w[0] > w[1] ? "infliximab-fasanmade-2009" : "infliximab-fasanmade-2011");
    expect(avg.scheme).toBe("LL");
    expect(avg.constants).toBe("full");
    expect(avg.thresholds).toEqual({ scheme: "LL", constants: "full", models: 2, modelsIncluded: 2 });
    expect(avg.reasons[0]).toMatch(
      /^2 model\(s\) fitted by MAP to the same 2 level\(s\), weighted by exp\(-OFV\/2\) \(Uster 2021.*every constant of the likelihood in the OFV/,
    );
    expect(avg.reasons[1]).toMatch(new RegExp(`Fasanmade 2009 \\(UC\\): OFV ${ofv[0].toFixed(2)}, weight ${(100 * w[0]).toFixed(1)} %`));
    // the averaged predictions are the weighted mean of the models' predictions at the levels
    const preds = models.map((m) => mapEstimate(m, history, levels, cov).predictionsUgMl);
    expect(avg.averagedPredictionsUgMl).toHaveLength(2);
    // two linear models: nothing about bound drug
    expect(avg.reasons).toHaveLength(4);
    expect(avg.reasons[3]).toMatch(/^Model selection/);
    expect(avg.models[0].predictionsUgMl).toEqual(preds[0]);
    avg.averagedPredictionsUgMl?.forEach((p, j) => {
      expect(p).toBeCloseTo(w[0] * preds[0][j] + w[1] * preds[1][j], 10);
    });
    expect(avg.averagedForecasts).toBeNull();
  });

  it('"AIC": exp(-OFV/2 - k); "mapbayr": the MAP objective alone, as mapbayr get_LL and get_AIC', () => {
    const models = [INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_FASANMADE_2011];
    const obj = models.map((m) => mapEstimate(m, history, levels, cov).objective);
    const aic = averageModels(
      models.map((m) => entry(m)),
      { scheme: "AIC", constants: "mapbayr" },
    );
    const w = softmax([-obj[0] / 2 - 2, -obj[1] / 2 - 3]);
    expect(aic.models[0].ofv).toBeCloseTo(obj[0], 10);
    expect(aic.weights["infliximab-fasanmade-2009"]).toBeCloseTo(w[0], 12);
    expect(aic.weights["infliximab-fasanmade-2011"]).toBeCloseTo(w[1], 12);
    expect(aic.reasons[0]).toMatch(/exp\(-OFV\/2 - k\).*MAP objective alone.*mapbayr/);
    const ll = averageModels(
      models.map((m) => entry(m)),
      { constants: "mapbayr" },
    );
    const wl = softmax([-obj[0] / 2, -obj[1] / 2]);
    expect(ll.weights["infliximab-fasanmade-2009"]).toBeCloseTo(wl[0], 12);
  });

  it("a published correlation enters ln det Omega: Berends 2019, r(CL, V1) = 0.123 (Table 2)", () => {
    // free drug, where Berends' source measured total: the option must reach the fit
    const avg = averageModels([entry(INFLIXIMAB_BERENDS_2019_QSS), entry(INFLIXIMAB_FASANMADE_2011)], { drugMeasure: "free" });
    const fit = mapEstimate(INFLIXIMAB_BERENDS_2019_QSS, history, levels, cov, { drugMeasure: "free" });
    const w2 = Object.values(INFLIXIMAB_BERENDS_2019_QSS.iiv).map((v) => Math.log(1 + v.cv ** 2));
    // CL and V1 correlated by 0.123: det of that 2x2 block = w_CL w_V1 (1 - r^2); the others independent
    const logDet = Math.log(w2[0] * w2[1] * (1 - 0.123 ** 2)) + w2.slice(2).reduce((s, v) => s + Math.log(v), 0);
    const k = w2.length;
    expect(avg.models[0].ofv).toBeCloseTo(fit.objective + logDet + (k + 2) * LN_2PI, 8);
    expect(avg.models[0].fit?.drugMeasure).toBe("free");
    expect(avg.reasons.join(" ")).toMatch(/Levels: levels compared with free drug, as the caller says the assay reads it\./);
  });

  it("the model that made the levels takes the weight, a wrong one none", () => {
    // levels simulated from Fasanmade 2011's typical patient; a copy with 3 times its clearance is wrong
    const sim = simulate(INFLIXIMAB_FASANMADE_2011, history, cov, { timesDays: [13.9, 41.9, 97.9] });
    const obs = Array.from(sim.timesDays, (t, i) => ({ timeDays: t, concentrationUgMl: sim.concentrationUgMl[i] }));
    const wrong: PkModel = { ...INFLIXIMAB_FASANMADE_2011, id: "fast-copy", parameters: { ...INFLIXIMAB_FASANMADE_2011.parameters } };
    wrong.parameters.CL = { ...wrong.parameters.CL, value: 3 * wrong.parameters.CL.value };
    const avg = averageModels([entry(wrong, obs), entry(INFLIXIMAB_FASANMADE_2011, obs)]);
    expect(avg.weights["infliximab-fasanmade-2011"]).toBeGreaterThan(0.99);
    expect(avg.selected).toBe("infliximab-fasanmade-2011");
    expect(avg.reasons.join(" ")).toMatch(/Model selection picks Infliximab, Fasanmade 2011 .*the average is close to it alone/);
    // the true model first this time; a model whose objective is 5000 higher (made so by the mock
    // above) has a weight that underflows to 0 and the true model's is 1, never NaN
    const absurd: PkModel = { ...INFLIXIMAB_FASANMADE_2011, id: "x-far" };
    const far = averageModels([entry(INFLIXIMAB_FASANMADE_2011, obs), entry(absurd, obs)]);
    expect((far.models[1].ofv as number) - (far.models[0].ofv as number)).toBeCloseTo(5000, 6);
    expect(far.weights).toEqual({ "infliximab-fasanmade-2011": 1, "x-far": 0 });
    expect(far.selected).toBe("infliximab-fasanmade-2011");
    expect(far.reasons[2]).toMatch(/: OFV [0-9.]+, weight 0\.00 %\.$/);
    expect(far.reasons[1]).toMatch(/: OFV [0-9.]+, weight 100\.0 %\.$/);
    // objectives of -2000 and less (exp(2000 / 2) overflows): the weights are still exp(-OFV/2) normalised
    const low = [INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_FASANMADE_2011].map((m) => ({ ...m, id: `${m.id}-low` }));
    const lowAvg = averageModels(low.map((m) => entry(m)));
    const lw = softmax(lowAvg.models.map((r) => -(r.ofv as number) / 2));
    expect(lowAvg.models[0].ofv).toBeLessThan(-1900);
    expect(lowAvg.models[0].weight).toBeCloseTo(lw[0], 12);
    expect(lowAvg.models[1].weight).toBeCloseTo(lw[1], 12);
  });
});

describe("averageModels: the averaged forecast", () => {
  it("a model given twice under two names: half the weight each, and the single model's forecast", () => {
    const twin: PkModel = { ...INFLIXIMAB_FASANMADE_2009, id: "twin" };
    const fo = { startDays: 98, targetTroughUgMl: 5, nDraws: 300, seed: 3 };
    const avg = averageModels([entry(INFLIXIMAB_FASANMADE_2009), entry(twin)], { forecast: fo });
    expect(avg.weights).toEqual({ "infliximab-fasanmade-2009": 0.5, twin: 0.5 });
    // a tie goes to the first
    expect(avg.selected).toBe("infliximab-fasanmade-2009");
    expect(avg.reasons.join(" ")).toMatch(
      /Model selection would pick Infliximab, Fasanmade 2009 \(UC\), with 50\.0 % of the weight; no model dominates, so the average carries the models' disagreement\./,
    );
    const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, levels, cov);
    const single = forecastTroughDraws(fit, INFLIXIMAB_CANDIDATES, { ...fo, confidence: 0.9 });
    avg.averagedForecasts?.forEach((f, c) => {
      const d = single.drawsUgMl[c];
      expect(f.name).toBe(single.forecasts[c].name);
      expect(f.troughUgMl.value).toBeCloseTo(single.forecasts[c].troughUgMl.value, 12);
      expect(f.probabilityAtTarget).toBeCloseTo(single.forecasts[c].probabilityAtTarget as number, 12);
      // the empirical quantile: the smallest draw with at least p of the draws at or below it
      expect(f.troughUgMl.lower).toBe(d[Math.ceil(0.05 * 300) - 1]);
      expect(f.troughUgMl.upper).toBe(d[Math.ceil(0.95 * 300) - 1]);
      expect(f.troughDays).toBe(98 + 3 * f.candidate.intervalDays);
    });
    expect(avg.averagedForecasts?.map((f) => f.name)).toEqual([
      "5 mg/kg q8w",
      "5 mg/kg q6w",
      "5 mg/kg q4w",
      "10 mg/kg q8w",
      "10 mg/kg q6w",
      "10 mg/kg q4w",
    ]);
  });

  it("two models: weighted mean at the MAP, mixture probability and mixture quantiles by brute force", () => {
    const models = [INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_FASANMADE_2011];
    const fo = { startDays: 98, targetTroughUgMl: 3, nDraws: 200, seed: 9, confidence: 0.8, candidates: INFLIXIMAB_CANDIDATES.slice(3, 5) };
    const avg = averageModels(
      models.map((m) => entry(m)),
      { forecast: fo },
    );
    const w = models.map((m) => avg.weights[m.id]);
    const per = models.map((m) => forecastTroughDraws(mapEstimate(m, history, levels, cov), fo.candidates, fo));
    expect(avg.averagedForecasts).toHaveLength(2);
    avg.averagedForecasts?.forEach((f, c) => {
      expect(f.troughUgMl.value).toBeCloseTo(w[0] * per[0].forecasts[c].troughUgMl.value + w[1] * per[1].forecasts[c].troughUgMl.value, 10);
      const p = per.map((x) => x.forecasts[c].probabilityAtTarget as number);
      expect(f.probabilityAtTarget).toBeCloseTo(w[0] * p[0] + w[1] * p[1], 12);
      // brute force: F(x) = sum_m w_m #(draws_m <= x) / n at every pooled draw; the smallest x with F >= p
      const pooled = [...per[0].drawsUgMl[c], ...per[1].drawsUgMl[c]].sort((a, b) => a - b);
      const F = (x: number) => per.reduce((s, q, m) => s + (w[m] * q.drawsUgMl[c].filter((v) => v <= x).length) / 200, 0);
      const quantile = (p: number) => pooled.find((x) => F(x) >= p - 1e-12);
      expect(f.troughUgMl.lower).toBe(quantile(0.1));
      expect(f.troughUgMl.upper).toBe(quantile(0.9));
      expect(f.troughUgMl.confidence).toBe(0.8);
      expect(f.troughUgMl.method).toBe("mixture of 2 models' Laplace posteriors, weighted (LL)");
    });
    expect(avg.models[1].forecasts[0].troughUgMl.value).toBe(per[1].forecasts[0].troughUgMl.value);
    expect(avg.thresholds).toMatchObject({ targetTroughUgMl: 3, forecastConfidence: 0.8 });
  });

  it("mixtureQuantile: a weight of 0 leaves a model out; p = 1 is the largest draw", () => {
    const a = Float64Array.of(1, 2, 3, 4);
    const b = Float64Array.of(10, 20);
    expect(mixtureQuantile([a, b], [1, 0], 0.5)).toBe(2);
    expect(mixtureQuantile([a, b], [0, 1], 0.5)).toBe(10);
    // F(4) = 0.75 * 1 = 0.75 (all of a), F(10) = 0.75 + 0.25 * 0.5 = 0.875
    expect(mixtureQuantile([a, b], [0.75, 0.25], 0.75)).toBe(4);
    expect(mixtureQuantile([a, b], [0.75, 0.25], 0.8)).toBe(10);
    expect(mixtureQuantile([a, b], [0.75, 0.25], 1)).toBe(20);
  });
});

describe("averageModels: models left out, and bad input", () => {
  it("a fit that did not converge and a model the data cannot serve get weight 0, with the reason", () => {
    const stalls: PkModel = { ...INFLIXIMAB_FASANMADE_2011, id: "fasanmade-stalls" };
    const avg = averageModels(
      [entry(stalls), entry(INFLIXIMAB_FASANMADE_2009), { model: INFLIXIMAB_FASANMADE_2011, unavailable: "no albumin" }],
      { forecast: { startDays: 98, nDraws: 50, seed: 1 } },
    );
    expect(avg.weights).toEqual({ "fasanmade-stalls": 0, "infliximab-fasanmade-2009": 1, "infliximab-fasanmade-2011": 0 });
    expect(avg.models.map((r) => r.included)).toEqual([false, true, false]);
    expect(avg.models[0].excludedReason).toMatch(/did not converge \(200 iterations\)/);
    expect(avg.models[0].forecasts).toEqual([]);
    expect(avg.models[2]).toMatchObject({ fit: null, ofv: null, objective: null, excludedReason: "no albumin", predictionsUgMl: [] });
    expect(avg.reasons.join(" ")).toMatch(/Fasanmade 2011 .*: not in the average, no albumin\./);
    expect(avg.selected).toBe("infliximab-fasanmade-2009");
    expect(avg.averagedForecasts?.[0].probabilityAtTarget).toBeUndefined();
    const none = averageModels([{ model: INFLIXIMAB_FASANMADE_2009, unavailable: "x" }], { forecast: { startDays: 98 } });
    expect(none).toMatchObject({ selected: null, averagedPredictionsUgMl: null, averagedForecasts: null });
    expect(none.reasons.at(-1)).toMatch(/No model could be fitted/);
  });

  it("refuses models of two drugs, a model twice, a forecast without its start or candidates, unknown options", () => {
    expect(() => averageModels([entry(INFLIXIMAB_FASANMADE_2009), entry(VEDOLIZUMAB_ROSARIO_2015)])).toThrow(/models\[1\].*one drug/s);
    // the same id twice, even as two objects
    const copy = { ...INFLIXIMAB_FASANMADE_2009 };
    expect(() => averageModels([entry(INFLIXIMAB_FASANMADE_2009), entry(copy)])).toThrow(/models\[1\].*each model once/s);
    expect(() => averageModels([entry(INFLIXIMAB_FASANMADE_2009)], { forecast: "soon" as never })).toThrow(/options\.forecast/);
    expect(() => averageModels([entry(INFLIXIMAB_FASANMADE_2009)], { forecast: { startDays: 98, confidence: 2 } })).toThrow(
      /options\.forecast\.confidence/,
    );
    expect(() => averageModels([entry(INFLIXIMAB_FASANMADE_2009)], { forecast: {} })).toThrow(/options\.forecast\.startDays/);
    expect(() => averageModels([entry(VEDOLIZUMAB_ROSARIO_2015)], { forecast: { startDays: 98 } })).toThrow(
      /options\.forecast\.candidates.*vedolizumab/s,
    );
    expect(() => averageModels([entry(INFLIXIMAB_FASANMADE_2009)], { scheme: "BIC" as never })).toThrow(/options\.scheme/);
    expect(() => averageModels([entry(INFLIXIMAB_FASANMADE_2009)], { constants: "some" as never })).toThrow(/options\.constants/);
    expect(() => averageModels([entry(INFLIXIMAB_FASANMADE_2009)], { forecast: {} })).toThrow(/startDays.*the day of the next dose/s);
    expect(() => averageModels([])).toThrow(/^models: /);
    expect(() => averageModels(Array(21).fill(entry(INFLIXIMAB_FASANMADE_2009)))).toThrow(/models\.length/);
    expect(() => averageModels([{ model: { id: "x" } as never }])).toThrow(/models\[0\]/);
    const other = [{ timeDays: 41.9, concentrationUgMl: 8 }];
    expect(() => averageModels([entry(INFLIXIMAB_FASANMADE_2009), entry(INFLIXIMAB_FASANMADE_2011, other)])).toThrow(
      /models\[1\]\.observations.*same levels/s,
    );
  });

  it("a fit that fails with ConvergenceError is left out with the reason; any other error is the caller's and propagates", () => {
    const diverges: PkModel = { ...INFLIXIMAB_FASANMADE_2011, id: "x-diverges" };
    const avg = averageModels([entry(diverges), entry(INFLIXIMAB_FASANMADE_2009)]);
    expect(avg.models[0]).toMatchObject({ included: false, fit: null, weight: 0 });
    expect(avg.models[0].excludedReason).toBe("the MAP fit failed (mapEstimate: no finite objective)");
    expect(avg.weights["infliximab-fasanmade-2009"]).toBe(1);
    const bad: PkModel = { ...INFLIXIMAB_FASANMADE_2011, id: "x-bad-input" };
    expect(() => averageModels([entry(bad), entry(INFLIXIMAB_FASANMADE_2009)])).toThrow(InputError);
  });
});

describe("averageModels: censored levels, other drugs, target-mediated and provisional models", () => {
  it("a level below the assay's limit is fitted (M3) but adds no 2 pi term; the reasons count it", () => {
    const withCensored: Observation[] = [...levels, { timeDays: 153.9, censored: "below", limitUgMl: 0.4 }];
    const avg = averageModels([entry(INFLIXIMAB_FASANMADE_2009, withCensored)]);
    const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, withCensored, cov);
    // k = 2 random effects and n = 2 measured levels: the censored one's M3 term has no 2 pi
    expect(avg.models[0].ofv).toBeCloseTo(fit.objective + logDetDiagonal(INFLIXIMAB_FASANMADE_2009) + 4 * LN_2PI, 10);
    expect(avg.reasons[0]).toMatch(/to the same 3 level\(s\) \(1 outside the assay's range, M3\), weighted/);
  });

  it("a drug other than infliximab forecasts the candidates it is given", () => {
    const vh = { name: "vedolizumab 300 mg q8w", amountMg: 300, intervalDays: 56 };
    const vedo = {
      regimen: { name: "v", doses: [0, 14, 42].map((t) => ({ timeDays: t, amountMg: 300, route: "iv" as const, infusionDays: 0.5 / 24 })) },
      observations: [{ timeDays: 97.9, concentrationUgMl: 12 }],
      covariates: { weightKg: 70, albuminGdl: 4 },
    };
    const avg = averageModels([{ model: VEDOLIZUMAB_ROSARIO_2015, ...vedo }], {
      forecast: { startDays: 98, candidates: [vh], nDraws: 10, seed: 1 },
    });
    expect(avg.averagedForecasts?.map((f) => f.name)).toEqual(["vedolizumab 300 mg q8w"]);
    expect(avg.weights).toEqual({ "vedolizumab-rosario-2015": 1 });
  });

  it("target-mediated models fitted to different drug forms are flagged; a provisional model says what it lacks", () => {
    const provisional: PkModel = {
      ...INFLIXIMAB_FASANMADE_2009,
      id: "x-provisional",
      provisional: "Provisional: placeholder variability.",
    };
    const one = averageModels([entry(INFLIXIMAB_BERENDS_2019_QSS), entry(provisional)]);
    expect(one.reasons).toContain("Infliximab, Fasanmade 2009 (UC): Provisional: placeholder variability.");
    expect(one.reasons.join(" ")).toMatch(/Levels: levels compared with total drug, what the model's source measured/);
    const two = averageModels([entry(INFLIXIMAB_BERENDS_2019_QSS), entry(INFLIXIMAB_TERNANT_2021_DOUBLE)]);
    expect(two.reasons.at(-1)).toMatch(
      /^The target-mediated models compared the levels with different drug forms \(Infliximab QSS-TMDD, Berends 2019 \(UC\): total; Infliximab double QSS-TMDD, Ternant 2021 \(IBD\): free\), each as its source measured: give drugMeasure/,
    );
    const same = averageModels([entry(INFLIXIMAB_BERENDS_2019_QSS), entry(INFLIXIMAB_TERNANT_2021_DOUBLE)], { drugMeasure: "total" });
    expect(same.reasons.join(" ")).not.toMatch(/different drug forms/);
  });
});
