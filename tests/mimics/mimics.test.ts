import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { likelihoodRatio, postTestProbability, predictiveValues } from "../../src/mimics/bayes";
import { MIMIC_TESTS } from "../../src/mimics/tests";
import { flareWorkup, mimicsExcluded } from "../../src/mimics/workup";

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
  const done = { adherence: "confirmed" as const, weeksOnTherapy: 14 };
  it("orders the checklist: C. difficile, CMV, bile acids, SIBO, adherence/timing", () => {
    const w = flareWorkup({});
    expect(w.steps.map((s) => s.mimic)).toEqual(["c-difficile", "cmv", "bile-acid-diarrhoea", "sibo", "adherence-timing"]);
    expect(w.next?.mimic).toBe("c-difficile");
    expect(w.mimicsExcluded).toBe(false);
  });
  it("C. difficile: NAAT+ toxin- is colonisation (excluded) unless severely ill (treat)", () => {
    const col = flareWorkup({ ...done, results: { cdiffNaat: "positive", cdiffToxin: "negative" } }).steps[0];
    expect(col.status).toBe("excluded");
    expect(col.reasons.join(" ")).toMatch(/colonisation/);
    const sick = flareWorkup({ ...done, severelyIll: true, results: { cdiffNaat: "positive", cdiffToxin: "negative" } }).steps[0];
    expect(sick.status).toBe("treat-empirically");
    expect(flareWorkup({ results: { cdiffNaat: "negative", cdiffToxin: "positive" } }).steps[0].status).toBe("confirmed");
    expect(flareWorkup({ results: { cdiffNaat: "positive" } }).steps[0].action).toMatch(/toxin/);
    expect(flareWorkup({ results: { cdiffToxin: "negative" } }).steps[0].status).toBe("pending");
  });
  it("CMV: tissue decides; blood PCR never excludes; not indicated without immunosuppression", () => {
    expect(flareWorkup({ results: {} }).steps[1].status).toBe("not-indicated");
    const blood = flareWorkup({ steroidRefractory: true, results: { cmvBloodPcr: "negative" } }).steps[1];
    expect(blood.status).toBe("pending");
    expect(blood.action).toMatch(/biops/);
    expect(flareWorkup({ immunosuppressed: true, results: { cmvTissueIhc: "positive" } }).steps[1].status).toBe("confirmed");
    expect(flareWorkup({ immunosuppressed: true, results: { cmvTissueIhc: "negative" } }).steps[1].status).toBe("excluded");
  });
  it("bile acid diarrhoea after ileal resection: SeHCAT grades", () => {
    const w = flareWorkup({ ilealResection: true, results: { sehcatRetentionPct: 3 } }).steps[2];
    expect(w.status).toBe("confirmed");
    expect(w.reasons.join(" ")).toMatch(/severe/);
    expect(flareWorkup({ ilealResection: true, results: { sehcatRetentionPct: 12 } }).steps[2].reasons.join(" ")).toMatch(/mild/);
    expect(flareWorkup({ ilealResection: true, results: { sehcatRetentionPct: 30 } }).steps[2].status).toBe("excluded");
    expect(flareWorkup({ ilealResection: true }).steps[2].status).toBe("pending");
    expect(() => flareWorkup({ results: { sehcatRetentionPct: 130 } })).toThrow(/sehcatRetentionPct/);
  });
  it("a negative test with a high pre-test probability does not exclude (Bayes guard)", () => {
    // Glucose breath test: sensitivity 0.545, specificity 0.832 -> LR- = 0.547; pre-test 50 % -> post-test 35 %
    const s = flareWorkup({ alteredAnatomyOrMotility: true, results: { glucoseBreathTest: "negative" }, pretest: { sibo: 0.5 } }).steps[3];
    expect(s.status).toBe("pending");
    expect(s.bayes?.[0].posttest).toBeCloseTo(0.455 / 0.832 / (1 + 0.455 / 0.832), 10);
    const low = flareWorkup({ alteredAnatomyOrMotility: true, results: { glucoseBreathTest: "negative" }, pretest: { sibo: 0.1 } })
      .steps[3];
    expect(low.status).toBe("excluded");
  });
  it("adherence and timing: doubtful adherence or too early is a finding", () => {
    expect(flareWorkup({ adherence: "doubtful" }).steps[4].status).toBe("confirmed");
    expect(flareWorkup({ adherence: "confirmed", weeksOnTherapy: 4 }).steps[4].status).toBe("confirmed");
    expect(flareWorkup({ adherence: "confirmed", weeksOnTherapy: 10 }).steps[4].status).toBe("excluded");
    expect(() => flareWorkup({ weeksOnTherapy: -1 })).toThrow(InputError);
  });
  it("bad test results throw naming the field", () => {
    expect(() => flareWorkup({ results: { cdiffNaat: "pos" as "positive" } })).toThrow(/results.cdiffNaat/);
  });
});

describe("mimicsExcluded (the refractory gate)", () => {
  it("true only when every step is excluded or not indicated", () => {
    const clean = flareWorkup({ adherence: "confirmed", weeksOnTherapy: 14, results: { cdiffNaat: "negative" } });
    expect(clean.mimicsExcluded).toBe(true);
    expect(mimicsExcluded(clean)).toMatchObject({ excluded: true, outstanding: [], confirmed: [] });
  });
  it("a pending CMV biopsy blocks the refractory label, and says why", () => {
    const m = mimicsExcluded({ steroidRefractory: true, adherence: "confirmed", weeksOnTherapy: 14, results: { cdiffNaat: "negative" } });
    expect(m.excluded).toBe(false);
    expect(m.outstanding).toEqual(["cmv"]);
    expect(m.reasons.join(" ")).toMatch(/Not refractory/);
  });
  it("a confirmed mimic also blocks it", () => {
    const m = mimicsExcluded({ adherence: "confirmed", weeksOnTherapy: 14, results: { cdiffNaat: "positive", cdiffToxin: "positive" } });
    expect(m.excluded).toBe(false);
    expect(m.confirmed).toEqual(["c-difficile"]);
  });
});
