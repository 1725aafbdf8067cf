// How good is a forecast, on patients (issue 18 item 4; Sheiner & Beal 1981):
// src/records/predictive-performance.ts against
// - synthetic subjects of a one-compartment test model whose clearances are known multiples of the
//   typical one: their a priori rPE comes from the closed form of repeated IV infusions written out
//   here, and the stratum's median, mean, rRMSE, within-20 % and 2x2 table are recomputed by hand;
// - the sample cohort: the count of levels in each stratum from the records themselves (infliximab
//   levels on or after the first infusion; stratum k holds one level of each patient with more than
//   k levels), and a priori predictions against simulate for the patient's own covariates;
// - hand-built records (tests/records/record-fixture.ts): a record without albumin or without
//   infliximab is skipped for the model with pkSubject's own message, never an error.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { loadCohort } from "../../src/cohort";
import { ConvergenceError } from "../../src/core/errors";
import type { Observation } from "../../src/pk/bayes";
import { INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_FASANMADE_2011, VEDOLIZUMAB_ROSARIO_2015 } from "../../src/pk/models";
import { simulate } from "../../src/pk/simulate";
import { patientRecords } from "../../src/records/build";
import { pkSubject } from "../../src/records/pk";
import { type ForecastSubject, predictivePerformance } from "../../src/records/predictive-performance";
import { CL, hand, oneCompartment, regimen } from "../pk/one-compartment-fixture";
import { record } from "./record-fixture";

// mapEstimate, replaced by a stand-in only where a test asks for a failing fit
const control = vi.hoisted(() => ({ mode: "real" as "real" | "converge-error" | "type-error" }));
vi.mock("../../src/pk/bayes", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/pk/bayes")>();
  return {
    ...real,
    mapEstimate: (...args: Parameters<typeof real.mapEstimate>) => {
      if (control.mode === "converge-error") throw new ConvergenceError("BFGS: no finite objective", 3);
      if (control.mode === "type-error") throw new TypeError("a bug, not a data problem");
      return real.mapEstimate(...args);
    },
  };
});
beforeEach(() => {
  control.mode = "real";
});

const TIMES = [13.9, 41.9, 97.9];
const FACTORS = [1.5, 1, 0.8, 2, 0.6, 1.2, 0.9];
function subjects(): ForecastSubject[] {
  return FACTORS.map((f, i) => ({
    patientId: `S${i + 1}`,
    regimen: regimen(),
    observations: TIMES.map((t): Observation => ({ timeDays: t, concentrationUgMl: hand(t, f * CL) })),
    covariates: { weightKg: 70 },
  }));
}

describe("predictivePerformance on subjects with known clearances", () => {
  it("a priori: the rPE of each level from the closed form, and the stratum's statistics recomputed by hand", () => {
    const perf = predictivePerformance(subjects(), [oneCompartment()], { targetTroughUgMl: 5, maxLevelsUsed: 0 });
    const m = perf.models[0];
    expect(m.modelId).toBe("one-compartment-test");
    expect(m.patientsEvaluated).toBe(7);
    expect(m.strata.map((s) => s.levelsUsed)).toEqual([0]);
    const want: number[] = [];
    const obs: number[] = [];
    const pred: number[] = [];
    for (const f of FACTORS)
      for (const t of TIMES) {
        obs.push(hand(t, f * CL));
        pred.push(hand(t, CL));
        want.push((100 * (hand(t, CL) - hand(t, f * CL))) / hand(t, f * CL));
      }
    expect(m.predictions.map((p) => p.patientId)).toEqual(FACTORS.flatMap((_, i) => TIMES.map(() => `S${i + 1}`)));
    m.predictions.forEach((p, i) => {
      expect(p.rPe).toBeCloseTo(want[i], 6);
    });
    const s = m.strata[0];
    const sorted = [...want].sort((a, b) => a - b);
    // 21 values: median x(11); at 95 %, P(Bin(21, 1/2) <= 5) = 0.0133 <= 0.025 < P(<= 6) = 0.0392: x(6), x(16)
    expect(s.n).toBe(21);
    expect(s.medianRpe?.value).toBeCloseTo(sorted[10], 6);
    expect(s.medianRpe?.lower).toBeCloseTo(sorted[5], 6);
    expect(s.medianRpe?.upper).toBeCloseTo(sorted[15], 6);
    expect(s.meanRpe).toBeCloseTo(want.reduce((a, b) => a + b, 0) / 21, 6);
    expect(s.rRmse).toBeCloseTo(Math.sqrt(want.reduce((a, b) => a + b * b, 0) / 21), 6);
    expect(s.within20).toBeCloseTo(want.filter((r) => Math.abs(r) <= 20).length / 21, 12);
    expect(s.within30).toBeCloseTo(want.filter((r) => Math.abs(r) <= 30).length / 21, 12);
    const tp = obs.filter((o, i) => o < 5 && pred[i] < 5).length;
    const fn = obs.filter((o, i) => o < 5 && pred[i] >= 5).length;
    const tn = obs.filter((o, i) => o >= 5 && pred[i] >= 5).length;
    const fp = obs.filter((o, i) => o >= 5 && pred[i] < 5).length;
    expect(s.classification).toMatchObject({ truePositive: tp, falseNegative: fn, trueNegative: tn, falsePositive: fp });
    expect(tp * fn * tn).toBeGreaterThan(0);
    expect(s.classification.sensitivity?.value).toBeCloseTo(tp / (tp + fn), 12);
  });

  it("a posteriori: one prediction per patient and stratum, of the level after those fitted; empty strata have n 0 and nulls", () => {
    const perf = predictivePerformance(subjects(), [oneCompartment()], { targetTroughUgMl: 5, maxLevelsUsed: 4 });
    const m = perf.models[0];
    expect(m.strata.map((s) => [s.levelsUsed, s.n])).toEqual([
      [0, 21],
      [1, 7],
      [2, 7],
      [3, 0],
      [4, 0],
    ]);
    expect(m.predictions.filter((p) => p.levelsUsed === 2).map((p) => p.timeDays)).toEqual(FACTORS.map(() => 97.9));
    expect(m.strata[3]).toMatchObject({
      n: 0,
      medianRpe: null,
      meanRpe: null,
      rRmse: null,
      within20: null,
      within30: null,
      fitsSkipped: 0,
    });
    expect(m.strata[3].classification.sensitivity).toBeNull();
    expect(JSON.stringify(perf)).not.toMatch(/NaN|Infinity/);
    // the fits move towards each patient's own clearance: a posteriori rRMSE below a priori
    expect(m.strata[2].rRmse).toBeLessThan(m.strata[0].rRmse ?? 0);
    // minLevels 4: these patients have 3 levels, so they are predicted a priori only
    const few = predictivePerformance(subjects(), [oneCompartment()], { targetTroughUgMl: 5, minLevels: 4 });
    expect(few.models[0].strata.map((s) => s.n)).toEqual([21, 0, 0, 0]);
    expect(few.reasons).toContain("Patients with fewer than 4 levels contribute a priori predictions only.");
    expect(few.thresholds).toEqual({ targetTroughUgMl: 5, maxLevelsUsed: 3, confidence: 0.95, minLevels: 4, withinPercent: "20, 30" });
    // minLevels 3 (they have 3): a posteriori as usual
    expect(predictivePerformance(subjects(), [oneCompartment()], { targetTroughUgMl: 5, minLevels: 3 }).models[0].strata[1].n).toBe(7);
  });

  it("a subject lacking a covariate the model requires is skipped with the model's message", () => {
    const perf = predictivePerformance(subjects().slice(0, 2), [oneCompartment(), INFLIXIMAB_FASANMADE_2009], {
      targetTroughUgMl: 5,
      maxLevelsUsed: 1,
      confidence: 0.9,
    });
    expect(perf.models.map((m) => m.patientsEvaluated)).toEqual([2, 0]);
    expect(perf.models[1].skipped.map((s) => s.patientId)).toEqual(["S1", "S2"]);
    expect(perf.models[1].skipped[0].reason).toMatch(/albuminGdl/);
    expect(perf.models[0].strata[0].medianRpe?.confidence).toBe(0.9);
    expect(perf.reasons.some((r) => /Fasanmade 2009 \(UC\): 2 patient\(s\) not evaluated/.test(r))).toBe(true);
    expect(
      perf.reasons.some((r) => r === "Infliximab, Fasanmade 2009 (UC) (infliximab-fasanmade-2009): no patient could be evaluated."),
    ).toBe(true);
  });
});

describe("predictivePerformance on patient records", () => {
  it("the sample cohort: each stratum holds the levels the records say, a priori as simulate gives it", () => {
    const records = patientRecords(loadCohort("data/cd")).slice(0, 25);
    const perf = predictivePerformance(records, [INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_FASANMADE_2011], { targetTroughUgMl: 5 });
    expect(perf.drug).toBe("infliximab");
    // infliximab levels on or after the first infusion, from the records alone
    const counts = records.map((r) => {
      const first = r.administrations.filter((a) => a.drug === "infliximab").map((a) => a.date)[0];
      return first === undefined ? 0 : r.drugLevels.filter((l) => l.drug === "infliximab" && l.date >= first).length;
    });
    const evaluated = counts.filter((c) => c > 0).length;
    expect(evaluated).toBeGreaterThan(10);
    for (const m of perf.models) {
      expect(m.patientsEvaluated).toBe(evaluated);
      expect(m.skipped).toHaveLength(records.length - evaluated);
      expect(m.strata[0].n).toBe(counts.reduce((a, b) => a + b, 0));
      for (let k = 1; k <= 3; k++) expect(m.strata[k].n + m.strata[k].fitsSkipped).toBe(counts.filter((c) => c > k).length);
      for (const s of m.skipped) expect(s.reason).toMatch(/^\w+: administrations: the doses given are needed/);
    }
    // a priori = the model simulated for the patient's own doses and covariates, no random effects
    const rec = records.find((_r, i) => counts[i] >= 3) as (typeof records)[number];
    const subject = pkSubject(rec, { model: INFLIXIMAB_FASANMADE_2011 });
    const sim = simulate(INFLIXIMAB_FASANMADE_2011, subject.regimen, subject.covariates, {
      timesDays: subject.observations.map((o) => o.timeDays),
    });
    const rows = perf.models[1].predictions.filter((p) => p.patientId === rec.patientId && p.levelsUsed === 0);
    expect(rows.map((p) => p.timeDays)).toEqual(subject.observations.map((o) => o.timeDays));
    rows.forEach((p, i) => {
      expect(p.predictedUgMl).toBeCloseTo(sim.concentrationUgMl[i], 8);
    });
    expect(perf.reasons[0]).toBe(
      "Compared 2 model(s) of infliximab on 25 patient(s): each level predicted a priori (the typical patient with the patient's covariates and doses, random effects 0), and the level after the first 1 to 3 levels predicted from the MAP fit to those levels alone, never seeing the level it predicts (Sheiner & Beal 1981).",
    );
    expect(perf.reasons[2]).toMatch(/target trough of 5 ug\/mL: a level below it is positive/);
    const s0 = perf.models[0].strata[0];
    expect(perf.reasons[3]).toContain(
      `a priori, ${s0.n} levels: median rPE ${s0.medianRpe && s0.medianRpe.value >= 0 ? "+" : ""}${s0.medianRpe?.value.toFixed(1)} %`,
    );
  });

  it("a record without albumin or without infliximab is skipped with pkSubject's reason, never an error", () => {
    const ok = record();
    const noAlbumin = record({ patientId: "P2", covariates: { ...ok.covariates, albuminGdl: [] } });
    const noDrug = record({ patientId: "P3", administrations: [], drugLevels: [] });
    const perf = predictivePerformance([ok, noAlbumin, noDrug], [INFLIXIMAB_FASANMADE_2011], { targetTroughUgMl: 5 });
    const m = perf.models[0];
    expect(m.patientsEvaluated).toBe(1);
    expect(m.skipped.map((s) => s.patientId)).toEqual(["P2", "P3"]);
    expect(m.skipped[0].reason).toMatch(
      /^P2: covariates\.albuminGdl: a covariate the model requires is missing.*within 28 days after the first dose/,
    );
    expect(m.skipped[1].reason).toMatch(/^P3: administrations/);
    // P1: three levels (one below the limit): three a priori, then levels 2 and 3
    expect(m.strata.map((s) => s.n)).toEqual([3, 1, 1, 0]);
    expect(m.strata[0].excludedFromBias).toBe(1);
    expect(m.predictions.every((p) => p.patientId === "P1")).toBe(true);
  });
});

describe("predictivePerformance: bad arguments are InputErrors naming the field", () => {
  it("records, models and options", () => {
    const s = subjects().slice(0, 1);
    const one = [oneCompartment()];
    const opts = { targetTroughUgMl: 5 };
    expect(() => predictivePerformance(null as never, one, opts)).toThrow(/^records: got null, expected an array/);
    expect(() => predictivePerformance([null] as never, one, opts)).toThrow(/records\[0\]/);
    expect(() => predictivePerformance([{ ...s[0], patientId: 3 }] as never, one, opts)).toThrow(/records\[0\]\.patientId/);
    expect(() => predictivePerformance([{ ...s[0], regimen: null }] as never, one, opts)).toThrow(/records\[0\]\.regimen/);
    expect(() => predictivePerformance([{ ...s[0], observations: [] }] as never, one, opts)).toThrow(/records\[0\]\.observations/);
    expect(() => predictivePerformance([{ ...s[0], covariates: 1 }] as never, one, opts)).toThrow(/records\[0\]\.covariates/);
    expect(() => predictivePerformance([{ patientId: "X" }] as never, one, opts)).toThrow(/records\[0\]/);
    // a malformed record is an error, not a patient skipped
    expect(() => predictivePerformance([record({ drugLevels: null as never })], one, opts)).toThrow(/^records\[0\]\.drugLevels/);
    expect(() => predictivePerformance([record({ patientId: "" })], one, opts)).toThrow(/^records\[0\]\.patientId/);
    expect(() => predictivePerformance(s, [], opts)).toThrow(/models/);
    expect(() => predictivePerformance(s, [null] as never, opts)).toThrow(/models\[0\]/);
    expect(() => predictivePerformance(s, Array(21).fill(oneCompartment()), opts)).toThrow(/models\.length.*at most 20/);
    expect(() => predictivePerformance(s, [INFLIXIMAB_FASANMADE_2011, VEDOLIZUMAB_ROSARIO_2015], opts)).toThrow(
      /models\[1\]\.drug: got "vedolizumab", expected infliximab, the drug of models\[0\]/,
    );
    expect(() => predictivePerformance(s, one, undefined as never)).toThrow(/options/);
    expect(() => predictivePerformance(s, one, {} as never)).toThrow(/options\.targetTroughUgMl/);
    expect(() => predictivePerformance(s, one, { targetTroughUgMl: 5, maxLevelsUsed: 21 })).toThrow(/options\.maxLevelsUsed/);
    expect(() => predictivePerformance(s, one, { targetTroughUgMl: 5, confidence: 0 })).toThrow(/options\.confidence/);
    expect(() => predictivePerformance(s, one, { targetTroughUgMl: 5, minLevels: 0 })).toThrow(/options\.minLevels/);
    expect(() => predictivePerformance(s, one, { targetTroughUgMl: 5, drugMeasure: "bound" as never })).toThrow(/options\.drugMeasure/);
    expect(() => predictivePerformance(new Uint8Array(100_001) as never, one, opts)).toThrow(
      /^records\.length: above the limit.*at most 100,000/,
    );
    expect(() => predictivePerformance(s, one, { targetTroughUgMl: 5, minLevels: 22 })).toThrow(/options\.minLevels/);
    // the bounds themselves are accepted
    expect(predictivePerformance(s, one, { targetTroughUgMl: 5, minLevels: 21, maxLevelsUsed: 20 }).thresholds.minLevels).toBe(21);
  });
});

const sign = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(1)} %`;

describe("predictivePerformance: reasons, failed fits and levels it cannot use", () => {
  it("says what was compared, each stratum's bias and imprecision, and who was not evaluated", () => {
    const perf = predictivePerformance(subjects().slice(0, 3), [oneCompartment(), INFLIXIMAB_FASANMADE_2009], {
      targetTroughUgMl: 5,
      maxLevelsUsed: 2,
      confidence: 0.9,
    });
    const m = perf.models[0];
    const strata = m.strata.map((st) => {
      const med = st.medianRpe;
      if (med === null || st.rRmse === null) throw new Error("expected statistics");
      const when = st.levelsUsed === 0 ? "a priori" : st.levelsUsed === 1 ? "after 1 level" : "after 2 levels";
      return `${when}, ${st.n} levels: median rPE ${sign(med.value)} (90 % CI ${sign(med.lower)} to ${sign(med.upper)}), rRMSE ${st.rRmse.toFixed(1)} %`;
    });
    expect(perf.reasons).toEqual([
      "Compared 2 model(s) of infliximab on 3 patient(s): each level predicted a priori (the typical patient with the patient's covariates and doses, random effects 0), and the level after the first 1 to 2 levels predicted from the MAP fit to those levels alone, never seeing the level it predicts (Sheiner & Beal 1981).",
      "Bias is the median relative prediction error rPE = 100 (pred - obs) / obs with its 90 % distribution-free interval (order statistics); imprecision is rRMSE = sqrt(mean rPE²); levels outside the assay's range have no rPE.",
      "Classification against the target trough of 5 ug/mL: a level below it is positive (it calls for action); sensitivity and specificity with Wilson intervals; a level outside the assay's range counts when its limit lies on one side of the target.",
      `One compartment (test) (one-compartment-test), 3 patient(s): ${strata.join("; ")}.`,
      "Infliximab, Fasanmade 2009 (UC) (infliximab-fasanmade-2009): no patient could be evaluated.",
      "Infliximab, Fasanmade 2009 (UC): 3 patient(s) not evaluated (see skipped for each reason).",
      "Patients with fewer than 2 levels contribute a priori predictions only.",
    ]);
    // the a priori median of these patients (1.5, 1 and 0.8 times the typical clearance) is an over-prediction
    expect(strata[0]).toMatch(/median rPE \+/);
  });

  it("a patient with one level, and one whose levels all lie below the assay's limit (no rPE)", () => {
    const oneLevel: ForecastSubject = { ...subjects()[0], patientId: "A", observations: [{ timeDays: 13.9, concentrationUgMl: 4 }] };
    const censored: ForecastSubject = {
      ...subjects()[1],
      patientId: "B",
      observations: [{ timeDays: 97.9, censored: "below", limitUgMl: 0.4 }],
    };
    const perf = predictivePerformance([oneLevel, censored], [oneCompartment()], { targetTroughUgMl: 5, maxLevelsUsed: 0 });
    expect(perf.reasons[0]).toContain("and no a posteriori prediction (maxLevelsUsed 0) (Sheiner & Beal 1981).");
    expect(perf.models[0].strata[0]).toMatchObject({ n: 2, nWithRpe: 1 });
    const only = predictivePerformance([censored], [oneCompartment()], { targetTroughUgMl: 5, maxLevelsUsed: 0 });
    expect(only.reasons[3]).toBe(
      "One compartment (test) (one-compartment-test), 1 patient(s): a priori, 1 level: no measured level for a relative error.",
    );
    expect(only.models[0].strata[0].classification.unclassifiable + only.models[0].strata[0].classification.truePositive).toBe(1);
  });

  it("a fit that fails is counted in its stratum and said, the prediction skipped", () => {
    control.mode = "converge-error";
    const perf = predictivePerformance(subjects().slice(0, 2), [oneCompartment()], { targetTroughUgMl: 5, maxLevelsUsed: 2 });
    const m = perf.models[0];
    expect(m.strata.map((st) => [st.n, st.fitsSkipped])).toEqual([
      [6, 0],
      [0, 2],
      [0, 2],
    ]);
    expect(m.fitsSkipped[0]).toEqual({
      patientId: "S1",
      levelsUsed: 1,
      timeDays: 41.9,
      reason: "the MAP fit to level 1 failed: BFGS: no finite objective",
    });
    expect(m.fitsSkipped.map((f) => f.patientId)).toEqual(["S1", "S1", "S2", "S2"]);
    expect(perf.reasons).toContain(
      "One compartment (test): 4 a posteriori prediction(s) not made: the MAP fit failed or did not converge.",
    );
    expect(perf.reasons.some((r) => /not evaluated/.test(r))).toBe(false);
  });

  it("a level in the wrong unit (a UnitError) skips the patient; a bug (any other error) is not swallowed", () => {
    const ng: ForecastSubject = { ...subjects()[0], patientId: "NG", observations: [{ timeDays: 13.9, concentrationUgMl: 5000 }] };
    const perf = predictivePerformance([ng, subjects()[1]], [oneCompartment()], { targetTroughUgMl: 5 });
    expect(perf.models[0].skipped.map((x) => x.patientId)).toEqual(["NG"]);
    expect(perf.models[0].skipped[0].reason).toMatch(/5000/);
    expect(perf.models[0].patientsEvaluated).toBe(1);
    control.mode = "type-error";
    expect(() => predictivePerformance(subjects().slice(0, 1), [oneCompartment()], { targetTroughUgMl: 5 })).toThrow(TypeError);
  });

  it("passes the drug form to the fits: free and total are accepted (the same for a linear model)", () => {
    const a = predictivePerformance(subjects().slice(0, 2), [oneCompartment()], { targetTroughUgMl: 5, drugMeasure: "total" });
    const b = predictivePerformance(subjects().slice(0, 2), [oneCompartment()], { targetTroughUgMl: 5, drugMeasure: "free" });
    expect(a.models[0].predictions).toEqual(b.models[0].predictions);
    expect(a.models[0].strata[1].n).toBe(2);
  });
});
