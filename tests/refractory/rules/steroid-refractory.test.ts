// Rule module src/refractory/rules/steroid-refractory.ts, pinned at its boundaries.
// Chapter (domain-facts section 1): >= 40 mg/day prednisone-equivalent for >= 14 days, or IV >= 40 mg/day for >= 3 days.
// ECCO (Magro 2017, J Crohns Colitis 11:649; Gomollón 2017, J Crohns Colitis 11:3): >= 0.75 mg/kg/day for 28 days,
//   capped at 60 mg/day (ibd-lab's reading, Baron 1962 BMJ 2:441). Equivalence: Meikle & Tyler 1977 (methylprednisolone 4 = prednisone 5).
import { describe, expect, it } from "vitest";
import { steroidRefractoryRule } from "../../../src/refractory/rules/steroid-refractory";
import { active, day, history, labelsOf, runRule, steroid } from "./helpers";

const oral = (dose: number, days: number, assessDay: number, extra = {}) =>
  history({ steroids: [steroid("prednisolone", dose, 0, days - 1)], assessments: [active(assessDay)], ...extra });

describe("steroid-refractory, chapter definitions (default)", () => {
  it("40 mg/day for 14 days with activity is refractory; 39 mg/day is not", () => {
    expect(labelsOf(steroidRefractoryRule, oral(40, 14, 13))).toEqual(["steroid-refractory"]);
    expect(labelsOf(steroidRefractoryRule, oral(39, 14, 13))).toEqual([]);
  });
  it("13 days at 40 mg/day is not enough; activity before day 14 does not count", () => {
    expect(labelsOf(steroidRefractoryRule, oral(40, 13, 12))).toEqual([]);
    expect(labelsOf(steroidRefractoryRule, oral(40, 30, 12))).toEqual([]);
  });
  it("activity counts up to 7 days (grace) after the course, not 8", () => {
    expect(labelsOf(steroidRefractoryRule, oral(40, 14, 13 + 7))).toEqual(["steroid-refractory"]);
    expect(labelsOf(steroidRefractoryRule, oral(40, 14, 13 + 8))).toEqual([]);
  });
  it("an ongoing course of 13 days with activity is not yet assessable (too short), reassessed on day 14", () => {
    const h = history({ asOf: day(12), steroids: [steroid("prednisolone", 40, 0)], assessments: [active(12)] });
    const { findings } = runRule(steroidRefractoryRule, h);
    expect(findings.map((f) => [f.notAssessableReason, f.pendingLabel])).toEqual([["steroid-course-too-short", "steroid-refractory"]]);
    expect(findings[0].reasons[0]).toContain(`Reassess on ${day(13)}`);
  });
  it("methylprednisolone 32 mg = 40 mg prednisone-equivalent qualifies; 31 mg (38.75) does not (Meikle & Tyler 1977)", () => {
    const mp = (dose: number) => history({ steroids: [steroid("methylprednisolone", dose, 0, 13)], assessments: [active(13)] });
    expect(labelsOf(steroidRefractoryRule, mp(32))).toEqual(["steroid-refractory"]);
    expect(labelsOf(steroidRefractoryRule, mp(31))).toEqual([]);
  });
  it("budesonide counts 0 mg prednisone-equivalent", () => {
    const h = history({ steroids: [steroid("budesonide", 9, 0, 40)], assessments: [active(20)] });
    expect(labelsOf(steroidRefractoryRule, h)).toEqual([]);
  });
  it("IV rule: 3 days of IV methylprednisolone 32 mg (40 mg/day) with activity is refractory; 2 days, or 31 mg, is not", () => {
    const iv = (dose: number, days: number) =>
      history({ steroids: [steroid("methylprednisolone", dose, 0, days - 1, "iv")], assessments: [active(days - 1)] });
    expect(labelsOf(steroidRefractoryRule, iv(32, 3))).toEqual(["steroid-refractory"]);
    expect(labelsOf(steroidRefractoryRule, iv(32, 2))).toEqual([]);
    expect(labelsOf(steroidRefractoryRule, iv(31, 3))).toEqual([]);
  });
  it("no objective assessment: not yet assessable; a recorded 'no-response' is accepted only with useRecordedOutcomes", () => {
    const h = history({ steroids: [{ ...steroid("prednisolone", 40, 0, 13), recordedOutcome: "no-response" }] });
    expect(labelsOf(steroidRefractoryRule, h)).toEqual(["not-yet-assessable:objective-data-missing"]);
    expect(labelsOf(steroidRefractoryRule, h, { useRecordedOutcomes: true })).toEqual(["steroid-refractory"]);
  });
  it("the finding is dated from the course start to the assessment, and names the chapter's definition", () => {
    const f = runRule(steroidRefractoryRule, oral(40, 14, 13)).findings[0];
    expect([f.from, f.to, f.thresholds.steroidRefractoryMinMgPerDay, f.thresholds.steroidRefractoryMinDays]).toEqual([
      day(0),
      day(13),
      40,
      14,
    ]);
    expect(f.reasons.at(-1)).toContain('"chapter", the default');
  });
});

describe('steroid-refractory, definitions: "ecco"', () => {
  const ecco = { definitions: "ecco" as const };
  it("70 kg: 52.5 mg/day for 28 days is refractory; 52 mg/day, or 27 days, is not", () => {
    expect(labelsOf(steroidRefractoryRule, oral(52.5, 28, 27, { weightKg: 70 }), ecco)).toEqual(["steroid-refractory"]);
    expect(labelsOf(steroidRefractoryRule, oral(52, 28, 27, { weightKg: 70 }), ecco)).toEqual([]);
    expect(labelsOf(steroidRefractoryRule, oral(52.5, 27, 26, { weightKg: 70 }), ecco)).toEqual([]);
  });
  it("the chapter's 40 mg x 14 days is not ECCO-refractory", () => {
    expect(labelsOf(steroidRefractoryRule, oral(40, 14, 13, { weightKg: 70 }), ecco)).toEqual([]);
  });
  it("100 kg: the dose is capped at 60 mg/day (not 75); 59 mg/day is not enough", () => {
    expect(labelsOf(steroidRefractoryRule, oral(60, 28, 27, { weightKg: 100 }), ecco)).toEqual(["steroid-refractory"]);
    expect(labelsOf(steroidRefractoryRule, oral(59, 28, 27, { weightKg: 100 }), ecco)).toEqual([]);
  });
  it("no weight: 60 mg/day qualifies for any weight; 45 mg/day is 'weight-missing', qualifying at 60 kg or less", () => {
    expect(labelsOf(steroidRefractoryRule, oral(60, 28, 27), ecco)).toEqual(["steroid-refractory"]);
    const { findings } = runRule(steroidRefractoryRule, oral(45, 28, 27), ecco);
    expect(findings.map((f) => [f.notAssessableReason, f.pendingLabel])).toEqual([["weight-missing", "steroid-refractory"]]);
    expect(findings[0].reasons[1]).toContain("weighs 60 kg or less");
  });
  it("IV rule is the same under ECCO (day-3 assessment, Harbord 2017)", () => {
    const h = history({ steroids: [steroid("methylprednisolone", 60, 0, 2, "iv")], assessments: [active(2)] });
    expect(labelsOf(steroidRefractoryRule, h, ecco)).toEqual(["steroid-refractory"]);
  });
});
