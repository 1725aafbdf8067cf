// Module src/refractory/rules/not-yet-assessable.ts: the mimic gate and "objective data missing" (the chapter:
// refractoriness is defined by objective criteria, after infection and other mimics are excluded).
import { describe, expect, it } from "vitest";
import { classifyRefractoriness } from "../../../src/refractory/classify";
import { prepareContext } from "../../../src/refractory/rules/context";
import { MIMIC_GATED, mimicGate, objectiveDataMissingRule } from "../../../src/refractory/rules/not-yet-assessable";
import { active, day, history, steroid } from "./helpers";

const refractory = (mimicsExcluded?: boolean) =>
  history({
    mimicsExcluded,
    mimicNote: "C. difficile toxin pending",
    steroids: [steroid("prednisolone", 40, 0, 13)],
    assessments: [active(13)],
  });

describe("mimic gate", () => {
  it("holds the refractory-IBD labels until mimics are excluded", () => {
    expect([...MIMIC_GATED]).toEqual([
      "steroid-refractory",
      "steroid-dependent",
      "primary-non-response",
      "secondary-loss-of-response",
      "refractory-inflammation",
    ]);
  });
  it("excluded: the label stands; not excluded or not recorded: not yet assessable, with the label pending", () => {
    expect(classifyRefractoriness(refractory(true)).labels).toEqual(["steroid-refractory"]);
    for (const m of [false, undefined]) {
      const f = classifyRefractoriness(refractory(m)).findings;
      expect(f.map((x) => [x.label, x.notAssessableReason, x.pendingLabel])).toEqual([
        ["not-yet-assessable", "mimics-not-excluded", "steroid-refractory"],
      ]);
      expect(f[0].reasons[0]).toContain(
        m === false ? "a mimic has not been excluded (C. difficile toxin pending)" : "the mimic workup is not recorded",
      );
    }
  });
  it("passes other findings through unchanged", () => {
    const ctx = prepareContext(refractory(false), {});
    const f = { label: "fibrostenotic-obstruction" as const, fromDay: 0, toDay: 0, evidence: [], reasons: ["x"], thresholds: {} };
    expect(mimicGate(ctx, [f])).toEqual([f]);
  });
});

describe("objective data missing", () => {
  const crpOnly = history({ steroids: [steroid("prednisolone", 40, 0, 30)], assessments: [{ date: day(20), crpMgL: 80 }] });
  it("treatment with only CRP (which does not decide) and no other finding is not yet assessable, quoting the CRP", () => {
    const r = objectiveDataMissingRule(prepareContext(crpOnly, {}), []);
    expect(r.findings.map((f) => [f.notAssessableReason, f.pendingLabel, f.fromDay])).toEqual([
      ["objective-data-missing", undefined, prepareContext(crpOnly, {}).asOfDay],
    ]);
    expect(r.findings[0].reasons[1]).toContain("Not counted:");
  });
  it("nothing when another rule found something, when an assessment decides, or when there is no treatment", () => {
    const ctx = prepareContext(crpOnly, {});
    expect(
      objectiveDataMissingRule(ctx, [{ label: "refractory-symptoms", fromDay: 0, toDay: 0, evidence: [], reasons: [], thresholds: {} }])
        .findings,
    ).toEqual([]);
    expect(objectiveDataMissingRule(prepareContext(crpOnly, { activity: { crpAloneDecides: true } }), []).findings).toEqual([]);
    expect(objectiveDataMissingRule(prepareContext(history({ assessments: [{ date: day(1), crpMgL: 80 }] }), {}), []).findings).toEqual([]);
  });
});
