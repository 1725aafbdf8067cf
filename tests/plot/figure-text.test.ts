// Every figure the toolkit builds, read as the JSON plotly receives (issue #17 item 5):
// - micrograms are spelled "µg" in all text a reader sees (titles, axis titles, legend names, hover templates,
//   annotations, marker labels), also where the unit comes from the caller or from an identifier-style registry
//   unit ("ug/g" of the instrument registry, a caller's unit: "ug/mL"); the pattern below is what the review found;
// - every log axis labels full values only (tests/plot/log-axes.ts).
// The builders are called with their JSDoc examples' inputs; the live calculators at their defaults and with
// every input moved (tests/live/scenarios.ts), as the bundle-parity test does.
import { describe, expect, it } from "vitest";
import * as api from "../../src/index";
import { CALCULATOR_NAMES, calculator } from "../../src/live/calculators/index";
import type { Figure } from "../../src/plot/figure";
import { defaults, moved } from "../live/scenarios";
import { expectReadableLogAxes } from "./log-axes";

/** "ug/mL" or "ug/g" as a word: micrograms written with a "u" (identifiers such as calprotectin_ug_g do not match). */
const UG_AS_U = /\bug\/(mL|g)\b/;

function builtFigures(): Record<string, Figure> {
  const active = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
  const fc = api.roc([40, 90, 150, 220, 310, 120, 480, 650, 900, 1200], active);
  const calls = api.classifyDiscordance([
    { patientId: "A", hbi: 9, calprotectinUgG: 40 },
    { patientId: "B", hbi: 2, calprotectinUgG: 900 },
    { patientId: "C", hbi: 10, calprotectinUgG: 1200 },
    { patientId: "D", hbi: 1, calprotectinUgG: 30 },
  ]).calls;
  const sim = api.simulate(api.INFLIXIMAB_FASANMADE_2009, api.infliximabRegimen(), { weightKg: 70, albuminGdl: 4 });
  const pop = api.simulatePopulation(
    api.INFLIXIMAB_FASANMADE_2009,
    api.infliximabRegimen(),
    { weightKg: 70, albuminGdl: 4 },
    { n: 200, timesDays: [0, 14, 42, 98, 378], seed: 7 },
  );
  const segment = { lengthCm: 30, normalDiameterMm: 25, strictures: [{ lengthCm: 3, diameterMm: 8 }] };
  const wright = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427];
  const miniWright = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451];
  const p1 = {
    patientId: "P1",
    asOf: "2025-03-01",
    mimicsExcluded: true,
    steroids: [{ drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: "2025-01-01", endDate: "2025-01-20" }],
    assessments: [{ date: "2025-01-18", calprotectinUgG: 900 }],
  };
  return {
    rocFigure: api.rocFigure({ calprotectin: fc }, { points: { Youden: api.rocBestThreshold(fc).best[0] }, thresholdUnit: "ug/g" }),
    quadrantScatterFigure: api.quadrantScatterFigure(calls, { x: "hbi", y: "calprotectinUgG", logY: true }),
    quadrantSharesFigure: api.quadrantSharesFigure({ CD: api.classifyDiscordance([{ hbi: 9, calprotectinUgG: 40 }]).counts }),
    profileFigure: api.profileFigure([{ name: "typical", timesDays: sim.timesDays, concentrationUgMl: sim.concentrationUgMl }], {
      targetUgMl: 5,
      logY: true,
    }),
    predictionBandFigure: api.predictionBandFigure(api.predictionBands(pop, [0.05, 0.5, 0.95]), { targetUgMl: 5, logY: true }),
    relativeFlowFigure: api.relativeFlowFigure(),
    strictureFlowFigure: api.strictureFlowFigure({ radiusMm: 2.5, lengthCm: 3, viscosityMPaS: 1000 }),
    segmentProfileFigure: api.segmentProfileFigure(api.segmentPressureDrop(segment, { flowMlMin: 5, fluid: { viscosityMPaS: 100 } })),
    interventionFigure: api.interventionFigure(api.compareInterventions(segment, { pressureDropPa: 50, fluid: { viscosityMPaS: 100 } })),
    readingsFigure: api.readingsFigure(api.simulateReadings({ reliability: 0.6, seed: 1 }), { unit: "ug/mL" }),
    misclassificationFigure: api.misclassificationFigure(api.simulateMisclassification({ reliabilities: [0.5, 0.9], seed: 7 })),
    attenuationFigure: api.attenuationFigure(api.simulateAttenuation({ trueCorrelation: 0.6, reliabilitiesX: [0.5, 1], seed: 2 })),
    sampleSizeFigure: api.sampleSizeFigure(api.sampleSizeInflation({ effectSize: 0.5, reliabilities: [0.5, 1], trials: 100, seed: 3 })),
    blandAltmanFigure: api.blandAltmanFigure(api.blandAltman(wright, miniWright), { unit: "ug/g", labels: ["Wright", "mini-Wright"] }),
    checkSummaryFigure: api.checkSummaryFigure(api.checkAll({ "occupancy-1": 0.714 }, { display: false })),
    nextStepSankey: api.nextStepSankey(api.classifyCohort([p1 as never])),
  };
}

describe("figure text across the toolkit (issue #17 item 5)", () => {
  const figures = builtFigures();

  it("covers every public figure builder (a new builder must be added here)", () => {
    const builders = Object.keys(api).filter((n) => /Figure$|Sankey$/.test(n) && typeof (api as Record<string, unknown>)[n] === "function");
    expect(builders.filter((n) => n !== "checkFigure").sort()).toEqual(Object.keys(figures).sort());
  });

  for (const [name, fig] of Object.entries(figures)) {
    it(`${name}: no "ug/mL" or "ug/g" in its text; log axes label full values`, () => {
      const json = JSON.stringify(fig);
      expect(json.match(UG_AS_U)?.[0], name).toBeUndefined();
      expectReadableLogAxes(fig);
    });
  }

  it("the caller's and the registry's 'ug' units arrive as 'µg' (the pattern really is checked)", () => {
    expect(JSON.stringify(figures.readingsFigure)).toContain("µg/mL");
    expect(JSON.stringify(figures.blandAltmanFigure)).toContain("µg/g");
    expect(JSON.stringify(figures.quadrantScatterFigure)).toContain("µg/g");
    expect(JSON.stringify(figures.rocFigure)).toContain("µg/g");
    expect(UG_AS_U.test(JSON.stringify({ title: "Trough (ug/mL)" }))).toBe(true);
    expect(UG_AS_U.test(JSON.stringify({ column: "calprotectin_ug_g" }))).toBe(false);
  });

  it("the log axes of the builders that draw one are checked, not skipped", () => {
    const counts = Object.fromEntries(Object.entries(figures).map(([n, f]) => [n, expectReadableLogAxes(f)]));
    expect(counts).toMatchObject({ quadrantScatterFigure: 1, profileFigure: 1, predictionBandFigure: 1, strictureFlowFigure: 2 });
  });
});

describe("live calculators' figures (issue #17 item 5)", () => {
  for (const name of CALCULATOR_NAMES) {
    it(`${name}: no "ug/mL" or "ug/g" in its figure; log axes label full values, at the defaults and with every input moved`, () => {
      const calc = name === "measurement-error" ? calculator(name, { unit: "ug/g", scoreName: "calprotectin" }) : calculator(name);
      for (const values of [defaults(calc), moved(calc)]) {
        const fig = calc.compute(values).figure;
        expect(JSON.stringify(fig).match(UG_AS_U)?.[0], name).toBeUndefined();
        expectReadableLogAxes(fig);
      }
    });
  }
});
