import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { likelihoodRatio, postTestProbability, predictiveValues } from "../../src/mimics/bayes";
import { MIMIC_TESTS } from "../../src/mimics/tests";
import { flareWorkup, mimicsExcluded } from "../../src/mimics/workup";
import { clean, step } from "./helpers";

describe("Bayes", () => {
  it("Fagan nomogram arithmetic: pre-test 10 %, LR 9 -> post-test 50 %", () => {
    // odds 1/9 × 9 = 1 -> 0.5 (odds form of Bayes' theorem, Fagan 1975)
    expect(postTestProbability(0.1, { lrPositive: 9, lrNegative: 0.1 }, "positive").posttest).toBeCloseTo(0.5, 12);
    expect(postTestProbability(0.5, { lrPositive: 9, lrNegative: 0.25 }, "negative").posttest).toBeCloseTo(0.2, 12);
  });
  it("from sensitivity/specificity equals the direct Bayes formula (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (p, se, sp) => {
          const pos = postTestProbability(p, { sensitivity: se, specificity: sp }, "positive").posttest;
          const neg = postTestProbability(p, { sensitivity: se, specificity: sp }, "negative").posttest;
          const pv = predictiveValues({ sensitivity: se, specificity: sp }, p);
          expect(pos).toBeCloseTo((se * p) / (se * p + (1 - sp) * (1 - p)), 10);
          expect(pos).toBeCloseTo(pv.ppv, 10);
          expect(1 - neg).toBeCloseTo(pv.npv, 10);
        },
      ),
    );
  });
  it("the meta-analysis's PPV of toxin EIA at 5 % prevalence lies in its reported 37-65 % range", () => {
    // The C. difficile meta-analysis (39 studies) reports PPV 37-65 % across tests at 5 % prevalence.
    const ppv = predictiveValues(MIMIC_TESTS.cdiffToxinEia, 0.05).ppv;
    expect(ppv).toBeGreaterThan(0.37);
    expect(ppv).toBeLessThan(0.65);
  });
  it("errors: probabilities out of range, infinite LR", () => {
    expect(() => postTestProbability(0, { lrPositive: 2, lrNegative: 0.5 }, "positive")).toThrow(/pretest/);
    expect(() => likelihoodRatio({ sensitivity: 0.9, specificity: 1 }, "positive")).toThrow(/infinite/);
    expect(() => likelihoodRatio({ sensitivity: 1.2, specificity: 0.9 }, "positive")).toThrow(InputError);
  });
  it("every registered test has a citation, a reference standard and values in (0, 1)", () => {
    for (const t of Object.values(MIMIC_TESTS)) {
      expect(t.sensitivity).toBeGreaterThan(0);
      expect(t.sensitivity).toBeLessThan(1);
      expect(t.specificity).toBeGreaterThan(0);
      expect(t.specificity).toBeLessThan(1);
      expect(t.citation.length).toBeGreaterThan(20);
      expect(t.referenceStandard.length).toBeGreaterThan(3);
    }
  });
});

describe("flareWorkup", () => {
  it("orders the checklist: infections first, adherence and timing last", () => {
    const w = flareWorkup({});
    expect(w.steps.map((s) => s.mimic)).toEqual([
      "c-difficile",
      "enteric-infection",
      "cmv",
      "abscess",
      "nsaids",
      "malignancy",
      "bile-acid-diarrhoea",
      "sibo",
      "microscopic-colitis",
      "adherence-timing",
    ]);
    expect(w.steps.map((s) => s.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(w.next?.mimic).toBe("c-difficile");
    expect(w.mimicsExcluded).toBe(false);
  });
  it("C. difficile: NAAT+ toxin- is a clinical judgement (pending) unless severely ill (treat)", () => {
    const col = step(flareWorkup({ ...clean, results: { cdiffNaat: "positive", cdiffToxin: "negative" } }), "c-difficile");
    expect(col.status).toBe("pending");
    expect(col.reasons.join(" ")).toMatch(/colonisation/);
    const sick = flareWorkup({ ...clean, severelyIll: true, results: { cdiffNaat: "positive", cdiffToxin: "negative" } });
    expect(step(sick, "c-difficile").status).toBe("treat-empirically");
    expect(step(flareWorkup({ results: { cdiffNaat: "negative", cdiffToxin: "positive" } }), "c-difficile").status).toBe("confirmed");
    expect(step(flareWorkup({ results: { cdiffNaat: "positive" } }), "c-difficile").action).toMatch(/toxin/);
    expect(step(flareWorkup({ results: { cdiffToxin: "negative" } }), "c-difficile").status).toBe("pending");
  });
  it("CMV: tissue decides; blood PCR never excludes; not indicated without immunosuppression", () => {
    expect(step(flareWorkup({ results: {} }), "cmv").status).toBe("not-indicated");
    const blood = step(flareWorkup({ steroidRefractory: true, results: { cmvBloodPcr: "negative" } }), "cmv");
    expect(blood.status).toBe("pending");
    expect(blood.action).toMatch(/biops/);
    expect(step(flareWorkup({ immunosuppressed: true, results: { cmvTissueIhc: "positive" } }), "cmv").status).toBe("confirmed");
    expect(step(flareWorkup({ immunosuppressed: true, results: { cmvTissueIhc: "negative" } }), "cmv").status).toBe("excluded");
  });
  it("bile acid diarrhoea after ileal resection: SeHCAT grades", () => {
    const w = step(flareWorkup({ ilealResection: true, results: { sehcatRetentionPct: 3 } }), "bile-acid-diarrhoea");
    expect(w.status).toBe("confirmed");
    expect(w.reasons.join(" ")).toMatch(/severe/);
    const mild = step(flareWorkup({ ilealResection: true, results: { sehcatRetentionPct: 12 } }), "bile-acid-diarrhoea");
    expect(mild.reasons.join(" ")).toMatch(/mild/);
    expect(step(flareWorkup({ ilealResection: true, results: { sehcatRetentionPct: 30 } }), "bile-acid-diarrhoea").status).toBe("excluded");
    expect(step(flareWorkup({ ilealResection: true }), "bile-acid-diarrhoea").status).toBe("pending");
    expect(() => flareWorkup({ results: { sehcatRetentionPct: 130 } })).toThrow(/sehcatRetentionPct/);
  });
  it("a negative test with a high pre-test probability does not exclude (Bayes guard)", () => {
    // Glucose breath test: sensitivity 0.545, specificity 0.832 -> LR- = 0.547; pre-test 50 % -> post-test 35 %
    const s = step(
      flareWorkup({ alteredAnatomyOrMotility: true, results: { glucoseBreathTest: "negative" }, pretest: { sibo: 0.5 } }),
      "sibo",
    );
    expect(s.status).toBe("pending");
    expect(s.bayes?.[0].posttest).toBeCloseTo(0.455 / 0.832 / (1 + 0.455 / 0.832), 10);
    const low = step(
      flareWorkup({ alteredAnatomyOrMotility: true, results: { glucoseBreathTest: "negative" }, pretest: { sibo: 0.1 } }),
      "sibo",
    );
    expect(low.status).toBe("excluded");
  });
  it("adherence and timing: doubtful adherence or too early is a finding", () => {
    expect(step(flareWorkup({ adherence: "doubtful" }), "adherence-timing").status).toBe("confirmed");
    const early = flareWorkup({ drug: "adalimumab", disease: "UC", adherence: "confirmed", weeksOnTherapy: 4 });
    expect(step(early, "adherence-timing").status).toBe("confirmed");
    const late = flareWorkup({ drug: "adalimumab", disease: "UC", adherence: "confirmed", weeksOnTherapy: 10 });
    expect(step(late, "adherence-timing").status).toBe("excluded");
    expect(() => flareWorkup({ weeksOnTherapy: -1 })).toThrow(InputError);
  });
  it("bad test results throw naming the field", () => {
    expect(() => flareWorkup({ results: { cdiffNaat: "pos" as "positive" } })).toThrow(/results.cdiffNaat/);
  });
});

describe("mimicsExcluded (the refractory gate)", () => {
  it("true only when every step is excluded or not indicated", () => {
    const w = flareWorkup(clean);
    expect(w.mimicsExcluded).toBe(true);
    expect(mimicsExcluded(w)).toMatchObject({ excluded: true, outstanding: [], confirmed: [] });
    expect(mimicsExcluded(w).thresholds).toEqual(w.thresholds);
  });
  it("a pending CMV biopsy blocks the refractory label, and says why", () => {
    const m = mimicsExcluded({ ...clean, steroidRefractory: true });
    expect(m.excluded).toBe(false);
    expect(m.outstanding).toEqual(["cmv"]);
    expect(m.reasons.join(" ")).toMatch(/Not refractory/);
  });
  it("a confirmed mimic also blocks it", () => {
    const m = mimicsExcluded({ ...clean, results: { ...clean.results, cdiffNaat: "positive", cdiffToxin: "positive" } });
    expect(m.excluded).toBe(false);
    expect(m.confirmed).toEqual(["c-difficile"]);
  });
});
