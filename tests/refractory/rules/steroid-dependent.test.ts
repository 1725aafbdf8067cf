// Rule module src/refractory/rules/steroid-dependent.ts, pinned at its boundaries.
// Chapter (domain-facts section 1): relapse after a response while tapering below 10 mg/day prednisone-equivalent,
//   or within 3 months (90 days) of stopping.
// ECCO (Magro 2017, J Crohns Colitis 11:649; Gomollón 2017, J Crohns Colitis 11:3) adds: unable to reduce below
//   10 mg/day within 3 months (90 days) of starting; budesonide (Gomollón 2017): below 3 mg/day within 3 months.
import { describe, expect, it } from "vitest";
import { steroidDependentRule } from "../../../src/refractory/rules/steroid-dependent";
import { active, day, history, inactive, labelsOf, runRule, steroid } from "./helpers";

/** Prednisolone 40 mg days 0-29, 20 mg days 30-59, then `last` mg days 60-89; response on day 25. */
const taper = (last: number, relapseDay: number) =>
  history({
    steroids: [steroid("prednisolone", 40, 0, 29), steroid("prednisolone", 20, 30, 59), steroid("prednisolone", last, 60, 89)],
    assessments: [inactive(25), active(relapseDay)],
  });

describe("steroid-dependent, chapter definitions (default)", () => {
  it("relapse at 9 mg/day (below 10) after a response is dependence; at 10 mg/day it is not", () => {
    expect(labelsOf(steroidDependentRule, taper(9, 70))).toEqual(["steroid-dependent"]);
    expect(labelsOf(steroidDependentRule, taper(10, 70))).toEqual([]);
  });
  it("relapse 90 days after stopping is dependence; 91 days is not", () => {
    expect(labelsOf(steroidDependentRule, taper(10, 89 + 90))).toEqual(["steroid-dependent"]);
    expect(labelsOf(steroidDependentRule, taper(10, 89 + 91))).toEqual([]);
  });
  it("without a documented response before the relapse there is no dependence", () => {
    const h = history({ steroids: [steroid("prednisolone", 9, 0, 29)], assessments: [active(20)] });
    expect(labelsOf(steroidDependentRule, h)).toEqual([]);
  });
  it("a symptom score in remission counts as the response", () => {
    const h = history({
      steroids: [steroid("prednisolone", 9, 0, 29)],
      symptoms: [{ date: day(10), instrument: "HBI", value: 3, remission: true }],
      assessments: [active(20)],
    });
    expect(labelsOf(steroidDependentRule, h)).toEqual(["steroid-dependent"]);
  });
  it("the chapter has no 'within 3 months of starting' clause", () => {
    const h = history({ steroids: [steroid("prednisolone", 15, 0, 119)], assessments: [inactive(30), active(95)] });
    expect(labelsOf(steroidDependentRule, h)).toEqual([]);
  });
  it("the finding runs from the block start to the relapse, with the response and the relapse as evidence", () => {
    const f = runRule(steroidDependentRule, taper(9, 70)).findings[0];
    expect([f.from, f.to]).toEqual([day(0), day(70)]);
    expect(f.evidence.slice(-2).map((e) => e.date)).toEqual([day(25), day(70)]);
  });
});

describe('steroid-dependent, definitions: "ecco"', () => {
  const ecco = { definitions: "ecco" as const };
  /** 15 mg/day from day 0 to `end`, then 5 mg/day to day 150; response on day 30, activity on `activeDay`. */
  const slow = (end: number, activeDay: number) =>
    history({
      steroids: [steroid("prednisolone", 15, 0, end), steroid("prednisolone", 5, end + 1, 150)],
      assessments: [inactive(30), active(activeDay)],
    });
  it("still >= 10 mg/day on day 90 with recurrent activity is dependence; below 10 on day 90 is not", () => {
    const f = runRule(steroidDependentRule, slow(90, 85), ecco).findings;
    expect(f.map((x) => [x.label, x.to])).toEqual([["steroid-dependent", day(90)]]);
    expect(labelsOf(steroidDependentRule, slow(89, 85), ecco)).toEqual([]);
  });
  it("the recurrent activity counts up to day 90 + 7 (grace), not day 98", () => {
    expect(labelsOf(steroidDependentRule, slow(120, 97), ecco)).toEqual(["steroid-dependent"]);
    expect(labelsOf(steroidDependentRule, slow(120, 98), ecco)).toEqual([]);
  });
  it("the taper and after-stop rules are kept", () => {
    expect(labelsOf(steroidDependentRule, taper(9, 70), ecco)).toEqual(["steroid-dependent"]);
    expect(labelsOf(steroidDependentRule, taper(10, 89 + 90), ecco)).toEqual(["steroid-dependent"]);
  });
});

describe("budesonide dependence (ECCO's clause, both sets)", () => {
  const bud = (low: number, relapseDay: number) =>
    history({
      steroids: [steroid("budesonide", 9, 0, 29), steroid("budesonide", low, 30, 59)],
      assessments: [inactive(20), active(relapseDay)],
    });
  it("relapse at 2 mg/day budesonide (below 3) is dependence; at 3 mg/day it is not", () => {
    expect(labelsOf(steroidDependentRule, bud(2, 45))).toEqual(["steroid-dependent"]);
    expect(labelsOf(steroidDependentRule, bud(3, 45))).toEqual([]);
  });
  it("still >= 3 mg/day 90 days after starting, with activity by day 97, is dependence under the chapter's set too", () => {
    const h = (activeDay: number) =>
      history({ steroids: [steroid("budesonide", 6, 0, 119)], assessments: [inactive(30), active(activeDay)] });
    expect(labelsOf(steroidDependentRule, h(97))).toEqual(["steroid-dependent"]);
    expect(labelsOf(steroidDependentRule, h(98))).toEqual([]);
  });
});

describe("recorded outcomes without objective data", () => {
  const h = history({ steroids: [{ ...steroid("prednisolone", 9, 0, 29), recordedOutcome: "relapse-on-taper" }] });
  it("a recorded relapse on taper is not yet assessable, or dependence with useRecordedOutcomes", () => {
    expect(labelsOf(steroidDependentRule, h)).toEqual(["not-yet-assessable:objective-data-missing"]);
    expect(labelsOf(steroidDependentRule, h, { useRecordedOutcomes: true })).toEqual(["steroid-dependent"]);
  });
});
