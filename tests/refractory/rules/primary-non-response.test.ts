// Rule module src/refractory/rules/primary-non-response.ts, pinned at its boundaries.
// Induction length per drug and disease: EU SmPC section 4.2 of each drug (docs/clinical-rules.md, "Induction
// length"; src/drugs/induction.ts); response is judged from start + weeks x 7 days, within 56 days after it.
// Endoscopic response: a fall of >= 50 % on the same instrument (STRIDE-II, Turner 2021).
import { describe, expect, it } from "vitest";
import { primaryNonResponseRule } from "../../../src/refractory/rules/primary-non-response";
import type { AdvancedDrug, TreatmentHistory } from "../../../src/refractory/types";
import { active, day, history, labelsOf, runRule } from "./helpers";

const on = (drug: AdvancedDrug, disease: TreatmentHistory["disease"], asOf: number, assess: number[], extendedInduction = false) =>
  history({
    asOf: day(asOf),
    disease,
    advancedTherapies: [{ drug, startDate: day(0), ...(extendedInduction ? { extendedInduction } : {}) }],
    assessments: assess.map(active),
  });

// [drug, disease, extended induction, weeks] from docs/clinical-rules.md "Induction length" (SmPC 4.2).
const INDUCTION: Array<[AdvancedDrug, TreatmentHistory["disease"], boolean, number]> = [
  ["infliximab", "UC", false, 14],
  ["infliximab", "CD", false, 14],
  ["adalimumab", "UC", false, 8],
  ["adalimumab", "CD", false, 12],
  ["adalimumab", undefined, false, 12], // no disease: the longer figure
  ["golimumab", "UC", false, 14],
  ["vedolizumab", "UC", false, 10],
  ["vedolizumab", "CD", false, 14],
  ["vedolizumab", undefined, false, 14],
  ["ustekinumab", "UC", false, 16],
  ["ustekinumab", "CD", false, 16],
  ["risankizumab", "CD", false, 24],
  ["mirikizumab", "UC", false, 12],
  ["mirikizumab", "UC", true, 24],
  ["tofacitinib", "UC", false, 8],
  ["tofacitinib", "UC", true, 16],
  ["upadacitinib", "UC", false, 8],
  ["upadacitinib", "UC", true, 16],
  ["upadacitinib", "CD", false, 12],
  ["upadacitinib", "CD", true, 24],
  ["ozanimod", "UC", false, 10],
];

describe("primary non-response: judged at the end of the drug's induction for the disease (SmPC 4.2)", () => {
  for (const [drug, disease, ext, weeks] of INDUCTION) {
    const judge = weeks * 7;
    it(`${drug} ${disease ?? "(no disease)"}${ext ? " extended" : ""}: week ${weeks} (day ${judge})`, () => {
      // One day before the end of induction: too early.
      expect(labelsOf(primaryNonResponseRule, on(drug, disease, judge - 1, [judge - 1], ext))).toEqual([
        "not-yet-assessable:induction-too-short",
      ]);
      // Activity at the end of induction: non-response.
      const f = runRule(primaryNonResponseRule, on(drug, disease, judge + 10, [judge], ext)).findings;
      expect(f.map((x) => [x.label, x.drug, x.to, x.thresholds.inductionWeeks])).toEqual([
        ["primary-non-response", drug, day(judge), weeks],
      ]);
      // Activity only before the end of induction: no judging assessment.
      expect(labelsOf(primaryNonResponseRule, on(drug, disease, judge + 10, [judge - 1], ext))).toEqual([
        "not-yet-assessable:objective-data-missing",
      ]);
    });
  }
});

describe("primary non-response: the judging window and improvement", () => {
  const judge = 14 * 7; // infliximab
  it("an assessment 56 days after the end of induction judges; 57 days does not", () => {
    expect(labelsOf(primaryNonResponseRule, on("infliximab", "CD", judge + 100, [judge + 56]))).toEqual(["primary-non-response"]);
    expect(labelsOf(primaryNonResponseRule, on("infliximab", "CD", judge + 100, [judge + 57]))).toEqual([
      "not-yet-assessable:objective-data-missing",
    ]);
  });
  it("a course stopped before the end of induction cannot be judged", () => {
    const h = history({
      advancedTherapies: [{ drug: "infliximab", startDate: day(0), endDate: day(judge - 1) }],
      assessments: [active(judge - 1)],
    });
    const f = runRule(primaryNonResponseRule, h).findings[0];
    expect([f.notAssessableReason, f.reasons[0]]).toEqual(["induction-too-short", expect.stringContaining("was stopped on")]);
  });
  it("an endoscopic fall of 50 % from baseline is a response (no label); 40 % is not", () => {
    const endo = (after: number) =>
      history({
        asOf: day(judge + 10),
        disease: "CD",
        advancedTherapies: [{ drug: "infliximab", startDate: day(0) }],
        assessments: [
          { date: day(-5), endoscopy: { instrument: "SES-CD", score: 10 } },
          { date: day(judge), endoscopy: { instrument: "SES-CD", score: after } },
        ],
      });
    expect(labelsOf(primaryNonResponseRule, endo(5))).toEqual([]);
    expect(labelsOf(primaryNonResponseRule, endo(6))).toEqual(["primary-non-response"]);
  });
  it("the caller's inductionWeeks overrides the label", () => {
    const h = on("infliximab", "CD", 8 * 7 + 10, [8 * 7]);
    expect(labelsOf(primaryNonResponseRule, h, { inductionWeeks: { infliximab: 8 } })).toEqual(["primary-non-response"]);
  });
  it("a symptomatic response during induction is an initial response (the secondary rule's), not non-response", () => {
    const h = {
      ...on("infliximab", "CD", judge + 10, [judge]),
      symptoms: [{ date: day(30), instrument: "HBI", value: 2, remission: true }],
    };
    expect(labelsOf(primaryNonResponseRule, h)).toEqual([]);
    expect(labelsOf(primaryNonResponseRule, h, { acceptSymptomaticInitialResponse: false })).toEqual(["primary-non-response"]);
  });
});
