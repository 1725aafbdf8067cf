import { describe, expect, it, vi } from "vitest";
import {
  candidateOutputName,
  MAP_FORECAST_BAND_DRAWS,
  MAP_FORECAST_DRAWS,
  MAP_FORECAST_MODEL_IDS,
  MAP_FORECAST_SEED,
  mapForecastCalculator,
  nextDoseDays,
  parseDoses,
  parseLevels,
} from "../../../src/live/calculators/map-forecast";
import type { LiveResult, LiveValues } from "../../../src/live/types";
import { forecastTroughs, INFLIXIMAB_CANDIDATES, mapEstimate, type Observation } from "../../../src/pk/bayes";
import { PK_MODELS } from "../../../src/pk/models/index";
import { posteriorProfile } from "../../../src/pk/posterior";
import { customRegimen } from "../../../src/pk/regimen";
import { simulate } from "../../../src/pk/simulate";
import type { DoseEvent } from "../../../src/pk/types";
import { expectReadableLogAxes } from "../../plot/log-axes";
import { expectInputError } from "./helpers";

// A switch that makes mapEstimate report a fit that stopped short of the mode (BFGS out of iterations),
// so the calculator's "not converged" path can be reached with ordinary data; off everywhere else.
const mock = vi.hoisted(() => ({ unconverged: false }));
vi.mock("../../../src/pk/bayes", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../../src/pk/bayes")>();
  return {
    ...actual,
    mapEstimate: (...args: Parameters<typeof actual.mapEstimate>) => {
      const fit = actual.mapEstimate(...args);
      return mock.unconverged ? { ...fit, converged: false, iterations: 200 } : fit;
    },
  };
});

const calc = mapForecastCalculator();
const defaults = Object.fromEntries(calc.inputs.map((i) => [i.name, i.value])) as LiveValues;
const run = (v: Partial<LiveValues>): LiveResult => calc.compute({ ...defaults, ...v } as LiveValues);

/** Relative closeness at 1e-9 (absolute near 0). */
function close(actual: number | null, expected: number, rel = 1e-9) {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

const trace = (r: LiveResult, name: string) =>
  r.figure.data.find((t) => t.name === name) as { x: number[]; y: number[]; [k: string]: unknown };

// The scenario of the tests, built here by hand (not through the parser): 5 mg/kg at weeks 0, 2, 6 and 14,
// levels before the week-6, week-14 and week-22 infusions, 70 kg, albumin 3.8 g/dL.
const DOSES: DoseEvent[] = [0, 14, 42, 98].map((t) => ({ timeDays: t, mgPerKg: 5, route: "iv" }));
const DOSE_TEXT = "0, 5\n14, 5\n42, 5\n98, 5";
const COV = { weightKg: 70, albuminGdl: 3.8 };
const F09 = PK_MODELS["infliximab-fasanmade-2009"];

describe("map-forecast calculator: page contract", () => {
  it("declares its inputs, outputs and defaults", () => {
    expect(calc.name).toBe("map-forecast");
    expect(calc.chapter).toBe("05 Pharmacokinetics");
    expect(calc.inputs.map((i) => i.name)).toEqual([
      "modelId",
      "weightKg",
      "albuminGdl",
      "crpMgL",
      "bmiKgM2",
      "doses",
      "levels",
      "intervalWeeks",
      "targetTroughUgMl",
    ]);
    // the registry's choice (pkModelFor("infliximab"): diagnosis not given, IV) and AGA 2017's target
    expect(defaults.modelId).toBe("infliximab-fasanmade-2009");
    expect(defaults.targetTroughUgMl).toBe(5);
    // only closed-form infliximab models are offered (the TMDD ones take seconds per fit and forecast)
    expect(MAP_FORECAST_MODEL_IDS).toEqual(["infliximab-fasanmade-2009", "infliximab-fasanmade-2011", "infliximab-song-2025"]);
    for (const id of MAP_FORECAST_MODEL_IDS) expect(PK_MODELS[id].structure).toBe("linear");
    const probabilityNames = [
      "probability_5mgkg_q8w",
      "probability_5mgkg_q6w",
      "probability_5mgkg_q4w",
      "probability_10mgkg_q8w",
      "probability_10mgkg_q6w",
      "probability_10mgkg_q4w",
    ];
    expect(INFLIXIMAB_CANDIDATES.map(candidateOutputName)).toEqual(probabilityNames);
    expect(calc.outputs.map((o) => o.name)).toEqual([
      "predictedTroughUgMl",
      "clearanceLDay",
      "clearanceLowerLDay",
      "clearanceUpperLDay",
      "typicalClearanceLDay",
      "converged",
      "nextDoseDays",
      ...probabilityNames,
    ]);
    // valid, stable HTML name attributes, unique
    for (const o of calc.outputs) expect(o.name).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    expect(new Set(calc.outputs.map((o) => o.name)).size).toBe(calc.outputs.length);
    // each option's label says where it stands against the label (Remicade PI 2.1)
    expect(calc.outputs.find((o) => o.name === "probability_5mgkg_q8w")?.label).toContain("(labelled)");
    expect(calc.outputs.find((o) => o.name === "probability_10mgkg_q8w")?.label).toContain("CD");
    expect(calc.outputs.find((o) => o.name === "probability_5mgkg_q4w")?.label).toContain("off-label");
    // the page re-creates the calculator from JSON options
    const json = JSON.parse(JSON.stringify({ modelId: "infliximab-fasanmade-2011", weightKg: 55, levels: "97.9, 3", intervalWeeks: 6 }));
    const c2 = mapForecastCalculator(json);
    expect(c2.inputs.find((i) => i.name === "modelId")?.value).toBe("infliximab-fasanmade-2011");
    expect(c2.inputs.find((i) => i.name === "levels")?.value).toBe("97.9, 3");
    expect(c2.inputs.find((i) => i.name === "intervalWeeks")?.value).toBe(6);
  });

  it("refuses bad factory options", () => {
    expectInputError(() => mapForecastCalculator({ modelId: "infliximab-ternant-2021-double-tmdd" }), "modelId");
    expectInputError(() => mapForecastCalculator({ weightKg: 500 }), "weightKg");
    expectInputError(() => mapForecastCalculator({ levels: "97.9; 1.8; 3" }), "levels", "line 1");
    expectInputError(() => mapForecastCalculator({ doses: "" }), "doses");
  });

  it("every output is present and finite (or null only where documented); the same inputs give the same numbers", () => {
    for (const modelId of MAP_FORECAST_MODEL_IDS) {
      const r = run({ modelId });
      for (const o of calc.outputs) {
        expect(Object.hasOwn(r.outputs, o.name), o.name).toBe(true);
        expect(Number.isFinite(r.outputs[o.name]), `${modelId} ${o.name}`).toBe(true);
      }
      for (const c of INFLIXIMAB_CANDIDATES) {
        const p = r.outputs[candidateOutputName(c)] as number;
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
      expect(JSON.parse(JSON.stringify(run({ modelId })))).toEqual(JSON.parse(JSON.stringify(r)));
    }
  });
});

describe("map-forecast calculator: outputs = a direct call of the library", () => {
  // built independently of the calculator's parser: measured, measured, below the assay's limit (M3)
  const observations: Observation[] = [
    { timeDays: 41.9, concentrationUgMl: 7 },
    { timeDays: 97.9, concentrationUgMl: 0.8 },
    { timeDays: 153.9, censored: "below", limitUgMl: 0.4 },
  ];
  const regimen = customRegimen("history", DOSES);

  it("Fasanmade 2009 with a censored level: fit, next trough and every probability", () => {
    const r = run({ doses: DOSE_TEXT, levels: "41.9, 7\n97.9, 0.8\n153.9, <0.4" });
    const fit = mapEstimate(F09, regimen, observations, COV);
    expect(fit.converged).toBe(true);
    expect(fit.levelsCensored).toBe(1);
    expect(r.outputs.converged).toBe(1);
    close(r.outputs.clearanceLDay, fit.individualParameters.CL);
    close(r.outputs.clearanceLowerLDay, fit.parameterIntervals.CL.lower);
    close(r.outputs.clearanceUpperLDay, fit.parameterIntervals.CL.upper);
    // next infusion on the current schedule (5 mg/kg q8w after day 98): day 98 + 56 = 154, after the last level (153.9)
    expect(r.outputs.nextDoseDays).toBe(154);
    // forecasts from day 154, trough before the 4th infusion, same draws and seed
    const forecasts = forecastTroughs(fit, INFLIXIMAB_CANDIDATES, {
      startDays: 154,
      targetTroughUgMl: 5,
      nDraws: MAP_FORECAST_DRAWS,
      seed: MAP_FORECAST_SEED,
    });
    for (const f of forecasts) close(r.outputs[candidateOutputName(f.candidate)], f.probabilityAtTarget as number);
    // the next trough = forecastTroughs' value at the mode for the current schedule after one infusion
    // (a different code path: mapObjective's predictor, not simulate)
    const next = forecastTroughs(fit, [{ mgPerKg: 5, intervalDays: 56 }], { startDays: 154, evaluateAfterDoses: 1, nDraws: 1, seed: 1 });
    expect(next[0].troughDays).toBe(210);
    close(r.outputs.predictedTroughUgMl, next[0].troughUgMl.value);
    // hand formula for the typical clearance: 0.407 L/day (Fasanmade 2009, abstract) × (albumin/4.1)^-1.54
    close(r.outputs.typicalClearanceLDay, 0.407 * (3.8 / 4.1) ** -1.54);
  });

  it("follows the target, the interval, the weight and a flat dose", () => {
    const levels = "41.9, 9\n97.9, 2.5\n153.9, 1.9";
    const obs: Observation[] = [
      { timeDays: 41.9, concentrationUgMl: 9 },
      { timeDays: 97.9, concentrationUgMl: 2.5 },
      { timeDays: 153.9, concentrationUgMl: 1.9 },
    ];
    // 60 kg, target 3 µg/mL, current interval 6 weeks, the last infusion a flat 400 mg
    const r = run({ levels, weightKg: 60, targetTroughUgMl: 3, intervalWeeks: 6, doses: "0, 5\n14, 5\n42, 5\n98, 400 mg" });
    const doses: DoseEvent[] = [...DOSES.slice(0, 3), { timeDays: 98, amountMg: 400, route: "iv" }];
    const fit = mapEstimate(F09, customRegimen("h", doses), obs, { weightKg: 60, albuminGdl: 3.8 });
    close(r.outputs.clearanceLDay, fit.individualParameters.CL);
    // 98 + 42 = 140 < 153.9, so the next infusion is 98 + 2 × 42 = 182
    expect(r.outputs.nextDoseDays).toBe(182);
    const forecasts = forecastTroughs(fit, INFLIXIMAB_CANDIDATES, {
      startDays: 182,
      targetTroughUgMl: 3,
      nDraws: MAP_FORECAST_DRAWS,
      seed: MAP_FORECAST_SEED,
    });
    for (const f of forecasts) close(r.outputs[candidateOutputName(f.candidate)], f.probabilityAtTarget as number);
    const next = forecastTroughs(fit, [{ amountMg: 400, intervalDays: 42 }], { startDays: 182, evaluateAfterDoses: 1, nDraws: 1, seed: 1 });
    close(r.outputs.predictedTroughUgMl, next[0].troughUgMl.value);
  });

  it("Song 2025 reads CRP and BMI; the Fasanmade models ignore them", () => {
    const levels = "41.9, 9\n97.9, 2.5\n153.9, 1.9";
    const obs = parseLevels(levels);
    const r = run({ modelId: "infliximab-song-2025", levels, crpMgL: 20, bmiKgM2: 30 });
    const fit = mapEstimate(PK_MODELS["infliximab-song-2025"], customRegimen("h", DOSES), obs, { ...COV, crpMgL: 20, bmiKgM2: 30 });
    close(r.outputs.clearanceLDay, fit.individualParameters.CL);
    expect(run({ modelId: "infliximab-song-2025", levels, crpMgL: 1 }).outputs.clearanceLDay).not.toBe(r.outputs.clearanceLDay);
    const f11 = run({ modelId: "infliximab-fasanmade-2011", levels, crpMgL: 20, bmiKgM2: 30 });
    expect(run({ modelId: "infliximab-fasanmade-2011", levels, crpMgL: 1, bmiKgM2: 18 }).outputs).toEqual(f11.outputs);
    const fit11 = mapEstimate(PK_MODELS["infliximab-fasanmade-2011"], customRegimen("h", DOSES), obs, COV);
    close(f11.outputs.clearanceLDay, fit11.individualParameters.CL);
  });

  it("draws the individual curve and its band as posteriorProfile does, and the typical curve as simulate", () => {
    const r = run({});
    const fit = mapEstimate(F09, customRegimen("h", DOSES), observations, COV);
    const ind = trace(r, "individual (MAP)");
    // the curve runs on the current schedule continued: infusions on days 154, 210, 266 and 322
    const plan = customRegimen("plan", [...DOSES, ...[154, 210, 266, 322].map((t) => ({ timeDays: t, mgPerKg: 5, route: "iv" as const }))]);
    const profile = posteriorProfile(fit, plan, ind.x, { nDraws: MAP_FORECAST_BAND_DRAWS, seed: MAP_FORECAST_SEED });
    ind.y.forEach((y, i) => {
      close(y, profile.mapUgMl[i]);
    });
    trace(r, "90 % posterior band").y.forEach((y, i) => {
      close(y, profile.lowerUgMl[i]);
    });
    const typ = trace(r, "population-typical");
    const sim = simulate(F09, plan, COV, { timesDays: typ.x }).concentrationUgMl;
    typ.y.forEach((y, i) => {
      close(y, sim[i]);
    });
    // the curve reaches the end of the forecast window: 154 + 3 × 56 = 322 days
    expect(Math.max(...ind.x)).toBe(322);
  });
});

describe("map-forecast calculator: hand checks", () => {
  it("levels on the population prediction give etas ≈ 0 and an individual curve ≈ the typical one", () => {
    const times = [41.9, 97.9, 153.9];
    const c = simulate(F09, customRegimen("h", DOSES), COV, { timesDays: times }).concentrationUgMl;
    const levels = times.map((t, i) => `${t}, ${c[i]}`).join("\n");
    const r = run({ levels });
    // CL = CL_typ · exp(eta_CL), so eta_CL = ln(CL/CL_typ). With a proportional residual error, the ln s² term
    // of the objective pulls the mode slightly towards lower concentrations, so eta is near 0, not exactly 0:
    // here |eta_CL| < 0.05, under 0.15 of its prior SD (omega = sqrt(ln(1 + 0.377²)) = 0.366).
    const etaCl = Math.log((r.outputs.clearanceLDay as number) / (r.outputs.typicalClearanceLDay as number));
    expect(Math.abs(etaCl)).toBeLessThan(0.05);
    const ind = trace(r, "individual (MAP)");
    const typ = trace(r, "population-typical");
    expect(ind.x).toEqual(typ.x);
    ind.y.forEach((y, i) => {
      if (typ.y[i] > 0.01) {
        expect(y / typ.y[i]).toBeGreaterThan(0.8);
        expect(y / typ.y[i]).toBeLessThan(1.05);
      }
    });
    // and the probabilities are those of a typical patient: the labelled 5 mg/kg q8w rarely reaches 5 µg/mL
    expect(r.outputs.probability_5mgkg_q8w).toBeLessThan(0.5);
  });

  it("a very low (or undetectable) level means a faster clearance and a lower forecast", () => {
    const at = (third: string) => run({ levels: `41.9, 9\n97.9, 2\n153.9, ${third}` }).outputs;
    const usual = at("1.5");
    const low = at("0.1");
    const undetectable = at("<0.4");
    expect(low.clearanceLDay as number).toBeGreaterThan(usual.clearanceLDay as number);
    expect(low.clearanceLDay as number).toBeGreaterThan(low.typicalClearanceLDay as number);
    expect(undetectable.clearanceLDay as number).toBeGreaterThan(usual.clearanceLDay as number);
    expect(low.predictedTroughUgMl as number).toBeLessThan(usual.predictedTroughUgMl as number);
    expect(low.probability_10mgkg_q4w as number).toBeLessThanOrEqual(usual.probability_10mgkg_q4w as number);
    // a more intensive option never has a lower probability than a less intensive one of the same interval
    for (const o of [usual, low, undetectable]) {
      expect(o.probability_10mgkg_q8w as number).toBeGreaterThanOrEqual(o.probability_5mgkg_q8w as number);
      expect(o.probability_5mgkg_q4w as number).toBeGreaterThanOrEqual(o.probability_5mgkg_q8w as number);
    }
  });

  it("next dose: the last infusion repeated at the interval, first at or after the last level", () => {
    expect(nextDoseDays([0, 14, 42, 98], [41.9, 97.9, 153.9], 56)).toBe(154);
    expect(nextDoseDays([0, 14, 42], [97.9], 56)).toBe(98);
    expect(nextDoseDays([0, 14, 42, 98], [154], 56)).toBe(154); // a level drawn on the day of the infusion
    expect(nextDoseDays([0, 14, 42, 98], [41.9], 56)).toBe(154); // infusions after the last level stay history
    expect(nextDoseDays([0], [200], 28)).toBe(224);
  });
});

describe("map-forecast calculator: a fit that did not converge", () => {
  it("gives null probabilities (and no fit-derived number) with a note saying why", () => {
    mock.unconverged = true;
    let r: LiveResult;
    try {
      r = run({});
    } finally {
      mock.unconverged = false;
    }
    expect(r.outputs.converged).toBe(0);
    for (const c of INFLIXIMAB_CANDIDATES) expect(r.outputs[candidateOutputName(c)]).toBeNull();
    for (const n of ["predictedTroughUgMl", "clearanceLDay", "clearanceLowerLDay", "clearanceUpperLDay"]) expect(r.outputs[n]).toBeNull();
    // what does not depend on the fit is still given
    close(r.outputs.typicalClearanceLDay, 0.407 * (3.8 / 4.1) ** -1.54);
    expect(r.outputs.nextDoseDays).toBe(154);
    expect(r.notes.some((n) => /did not converge/.test(n) && /no dose/.test(n))).toBe(true);
    // the figure keeps the levels and the typical curve, without an individual curve
    expect(trace(r, "population-typical")).toBeDefined();
    expect(trace(r, "individual (MAP)")).toBeUndefined();
    // and the same inputs fit normally once the switch is off
    expect(run({}).outputs.converged).toBe(1);
  });

  it("a fit the library cannot finish (Laplace approximation without curvature) takes the same path", () => {
    const doses = "0, 0.01";
    const levels = "0.05, 1000\n3000, >900\n3001, 1000";
    // the direct call fails: the Hessian at the mode is not positive definite
    const obs = parseLevels(levels);
    expect(() => mapEstimate(F09, customRegimen("h", parseDoses(doses)), obs, COV)).toThrow(/Laplace approximation failed/);
    const r = run({ doses, levels });
    expect(r.outputs.converged).toBe(0);
    for (const c of INFLIXIMAB_CANDIDATES) expect(r.outputs[candidateOutputName(c)]).toBeNull();
    expect(r.notes.some((n) => n.includes("The MAP fit failed"))).toBe(true);
  });
});

describe("map-forecast calculator: figure", () => {
  it("has the observed levels (censored ones marked), both curves, the band, the target line and units on the axes", () => {
    const r = run({ levels: "41.9, 7\n97.9, 0.8\n153.9, <0.4", targetTroughUgMl: 4.5 });
    const names = r.figure.data.map((t) => t.name);
    for (const n of ["measured level", "below the assay's limit (M3)", "individual (MAP)", "population-typical", "90 % posterior band"]) {
      expect(names).toContain(n);
    }
    expect(trace(r, "measured level").x).toEqual([41.9, 97.9]);
    expect(trace(r, "measured level").y).toEqual([7, 0.8]);
    const cens = trace(r, "below the assay's limit (M3)");
    expect(cens.x).toEqual([153.9]);
    expect(cens.y).toEqual([0.4]);
    expect((cens.marker as { symbol: string }).symbol).toBe("triangle-down-open");
    const layout = r.figure.layout as Record<string, { title?: { text: string }; type?: string }> & { shapes: Record<string, unknown>[] };
    expect(layout.xaxis.title?.text).toBe("Time since the first infusion (days)");
    expect(layout.yaxis.title?.text).toBe("Infliximab concentration (µg/mL)");
    expect(layout.yaxis.type).toBe("log");
    // issue #17 item 5: labels are full values (tests/plot/log-axes.ts), and the fixed range stays as computed
    expect(expectReadableLogAxes(r.figure)).toBe(1);
    const y = r.figure.layout.yaxis as { range: number[]; tickvals: number[] };
    const inRange = y.tickvals.filter((v) => Math.log10(v) >= y.range[0] && Math.log10(v) <= y.range[1]);
    expect(inRange.length).toBeGreaterThanOrEqual(3);
    expect(r.figure.layout.height).toBe(420);
    expect(r.figure.layout.uirevision).toBe("map-forecast");
    // the target: a horizontal line at 4.5 µg/mL (shapes take data values on a log axis)
    expect(layout.shapes.some((s) => s.yref === "y" && s.y0 === 4.5 && s.y1 === 4.5)).toBe(true);
    // no censored trace when every level is measured; an "above" trace for ">" levels
    expect(names.filter((n) => String(n).includes("assay's limit"))).toHaveLength(1);
    const above = run({ levels: "41.9, >50\n97.9, 2" });
    expect(above.figure.data.map((t) => t.name)).toContain("above the assay's limit (M3)");
    expect(above.figure.data.map((t) => t.name)).not.toContain("below the assay's limit (M3)");
  });
});

describe("map-forecast calculator: parsers", () => {
  it("read the documented formats", () => {
    expect(parseDoses("0, 5\n14, 5 mg/kg\n\n# maintenance\n98; 400 mg\n154\t10 MG/KG # escalated")).toEqual([
      { timeDays: 0, mgPerKg: 5, route: "iv" },
      { timeDays: 14, mgPerKg: 5, route: "iv" },
      { timeDays: 98, amountMg: 400, route: "iv" },
      { timeDays: 154, mgPerKg: 10, route: "iv" },
    ]);
    expect(parseLevels("41.9, 7.5\r\n97.9, 1.8 µg/mL\n120, 2 ug/mL\n153.9, <0.4\n160, < 0.3\n170, >50")).toEqual([
      { timeDays: 41.9, concentrationUgMl: 7.5 },
      { timeDays: 97.9, concentrationUgMl: 1.8 },
      { timeDays: 120, concentrationUgMl: 2 },
      { timeDays: 153.9, censored: "below", limitUgMl: 0.4 },
      { timeDays: 160, censored: "below", limitUgMl: 0.3 },
      { timeDays: 170, censored: "above", limitUgMl: 50 },
    ]);
    expect(parseLevels("97.9, 0")).toEqual([{ timeDays: 97.9, concentrationUgMl: 0 }]);
  });

  it("reject a bad line with an InputError naming the field, the line number and the text", () => {
    const e = expectInputError(() => parseLevels("41.9, 7\n\n97.9, abc"), "levels", "line 3", '"97.9, abc"');
    expect(e.row).toBe(3);
    expectInputError(() => parseLevels("97.9 1.8"), "levels", "line 1", "97.9 1.8");
    expectInputError(() => parseLevels("97.9, 1.8, 3"), "levels", "line 1");
    expectInputError(() => parseLevels("97,9, 1,8"), "levels", "line 1");
    expectInputError(() => parseLevels("97.9, 1800 ng/mL"), "levels", "line 1", "ng/mL");
    expectInputError(() => parseLevels("97.9, 1800"), "levels", "line 1", "1000");
    expectInputError(() => parseLevels("97.9, -1"), "levels", "line 1");
    expectInputError(() => parseLevels("97.9, <0"), "levels", "line 1");
    expectInputError(() => parseLevels("-3, 1"), "levels", "line 1");
    expectInputError(() => parseLevels("4000, 1"), "levels", "line 1", "3650");
    expectInputError(() => parseLevels("day 98, 1.8"), "levels", "line 1");
    expectInputError(() => parseLevels("  \n# nothing"), "levels");
    expectInputError(() => parseLevels(Array(21).fill("1, 1").join("\n")), "levels", "at most 20");
    expectInputError(() => parseDoses("0, 5\n14, five"), "doses", "line 2", "14, five");
    expectInputError(() => parseDoses("0, 5\n0, 5"), "doses", "line 2", "line 1");
    expectInputError(() => parseDoses("0, 25"), "doses", "line 1", "20 mg/kg");
    expectInputError(() => parseDoses("0, 0"), "doses", "line 1");
    expectInputError(() => parseDoses("0, 5000 mg"), "doses", "line 1", "2000 mg");
    expectInputError(() => parseDoses("0, 5 mg/m2"), "doses", "line 1");
    expectInputError(() => parseDoses(""), "doses");
  });

  it("compute names the field and line of a bad entry, and refuses bad numbers and models", () => {
    expectInputError(() => run({ levels: "41.9, 7\n97.9, ?" }), "levels", "line 2");
    expectInputError(() => run({ doses: "0, 5\n14, 5,5" }), "doses", "line 2");
    // a level before the first infusion
    expectInputError(() => run({ doses: "14, 5\n42, 5", levels: "7, 3\n41.9, 8" }), "levels", "line 1", "first infusion");
    expectInputError(() => run({ levels: 42 as unknown as string }), "levels");
    expectInputError(() => run({ weightKg: 0 }), "weightKg");
    expectInputError(() => run({ weightKg: "70" }), "weightKg");
    expectInputError(() => run({ albuminGdl: 38 }), "albuminGdl");
    expectInputError(() => run({ crpMgL: -1 }), "crpMgL");
    expectInputError(() => run({ bmiKgM2: Number.NaN }), "bmiKgM2");
    expectInputError(() => run({ intervalWeeks: 1 }), "intervalWeeks");
    expectInputError(() => run({ targetTroughUgMl: 0 }), "targetTroughUgMl");
    expectInputError(() => run({ modelId: "infliximab-berends-2019-qss" }), "modelId");
  });
});
