// modelAverage from a patient record or from inputs (issue 18 item 3): each model's data is
// pkSubject(record, { model }); the weights are those of the same fits made here by hand from the
// subjects (the formulas themselves are checked in tests/pk/model-average.test.ts).
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { mapEstimate } from "../../src/pk/bayes";
import { averageModels } from "../../src/pk/model-average";
import { INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_FASANMADE_2011, INFLIXIMAB_SONG_2025 } from "../../src/pk/models";
import { infliximabRegimen } from "../../src/pk/regimen";
import { modelAverage } from "../../src/records/model-average";
import { pkSubject } from "../../src/records/pk";
import { record } from "./record-fixture";

describe("modelAverage", () => {
  it("from a record: each model fitted to its own subject; a model the record cannot serve gets weight 0 and the reason", () => {
    // no height: Song 2025 needs BMI
    const r = record({ heightCm: null });
    const models = [INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_FASANMADE_2011, INFLIXIMAB_SONG_2025];
    const avg = modelAverage(models, r, { forecast: { targetTroughUgMl: 5, nDraws: 100, seed: 2 } });
    const fits = models.slice(0, 2).map((m) => {
      const s = pkSubject(r, { model: m });
      return mapEstimate(m, s.regimen, s.observations, s.covariates);
    });
    // ln det Omega from the sources' omega^2: Fasanmade 2009 Table 3 prints 0.131 and 0.048; Fasanmade 2011's CVs
    // (Frymoyer 2017) are log-normal, ln(1 + CV^2)
    const omega2 = [[0.131, 0.048], [0.307, 0.126, 0.553].map((cv) => Math.log1p(cv * cv))];
    const ofv = fits.map((f, i) => f.objective + omega2[i].reduce((a, v) => a + Math.log(v), 0));
    // the (k + n) ln 2 pi terms: k = 2 and 3 random effects, the same n levels
    const lw = [-ofv[0] / 2 - Math.log(2 * Math.PI), -ofv[1] / 2 - 1.5 * Math.log(2 * Math.PI)];
    const w0 = 1 / (1 + Math.exp(lw[1] - lw[0]));
    expect(avg.weights["infliximab-fasanmade-2009"]).toBeCloseTo(w0, 10);
    expect(avg.weights["infliximab-fasanmade-2011"]).toBeCloseTo(1 - w0, 10);
    expect(avg.weights["infliximab-song-2025"]).toBe(0);
    expect(avg.models[2].excludedReason).toMatch(/^the record cannot serve it: .*P1: covariates\.bmiKgM2/);
    expect(avg.observations).toEqual(fits[0].observations);
    // the forecast starts at the record's next dose
    const next = pkSubject(r).nextDoseDays;
    expect(avg.averagedForecasts?.[0].troughDays).toBe(next + 3 * 56);
    expect(avg.models[0].forecasts[0].troughDays).toBe(next + 3 * 56);
  });

  it("from inputs: the same as averageModels on the same entries; a start day given is kept", () => {
    const history = infliximabRegimen({ untilWeeks: 6 });
    const inputs = {
      regimen: history,
      observations: [{ timeDays: 97.9, concentrationUgMl: 1.8 }],
      covariates: { weightKg: 70, albuminGdl: 3.2 },
    };
    const models = [INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_FASANMADE_2011];
    const opts = { scheme: "AIC" as const, forecast: { startDays: 98, nDraws: 50, seed: 1 } };
    const avg = modelAverage(models, inputs, opts);
    const direct = averageModels(
      models.map((model) => ({ model, ...inputs })),
      opts,
    );
    expect(avg.weights).toEqual(direct.weights);
    expect(avg.averagedForecasts).toEqual(direct.averagedForecasts);
    expect(avg.averagedForecasts?.[0].troughDays).toBe(98 + 3 * 56);
    const fromRecord = modelAverage(models, record(), { forecast: { startDays: 200, nDraws: 20, seed: 1 } });
    expect(fromRecord.averagedForecasts?.[0].troughDays).toBe(200 + 3 * 56);
  });

  it("refuses what is neither a record nor inputs, and bad model lists", () => {
    expect(() => modelAverage([INFLIXIMAB_FASANMADE_2009], { regimen: infliximabRegimen() } as never)).toThrow(
      /recordOrInputs.*a patient record .*regimen, observations, covariates/s,
    );
    expect(() => modelAverage([INFLIXIMAB_FASANMADE_2009], null as never)).toThrow(InputError);
    expect(() => modelAverage([] as never, record())).toThrow(/models/);
    expect(() => modelAverage("x" as never, record())).toThrow(InputError);
    expect(() => modelAverage(Array(21).fill(INFLIXIMAB_FASANMADE_2009), record())).toThrow(/models\.length/);
  });
});
