// Rule module src/refractory/rules/refractory-inflammation.ts. The chapter: objective inflammation persisting on
// treatment, with or without symptoms (discordance quadrants of src/discordance), is refractory inflammation.
import { describe, expect, it } from "vitest";
import { refractoryInflammationRule } from "../../../src/refractory/rules/refractory-inflammation";
import type { DiscordanceQuadrant } from "../../../src/refractory/types";
import { day, history, labelsOf, runRule, steroid } from "./helpers";

const onIfx = (quadrant: DiscordanceQuadrant, on = 50) =>
  history({ advancedTherapies: [{ drug: "infliximab", startDate: day(0), endDate: day(100) }], discordance: { date: day(on), quadrant } });

describe("refractory inflammation", () => {
  it("silent inflammation and concordant activity on a drug are refractory inflammation", () => {
    const f = runRule(refractoryInflammationRule, onIfx("silent-inflammation")).findings;
    expect(f.map((x) => [x.label, x.from, x.to])).toEqual([["refractory-inflammation", day(50), day(50)]]);
    expect(f[0].reasons[0]).toContain("silent inflammation");
    expect(labelsOf(refractoryInflammationRule, onIfx("concordant-active"))).toEqual(["refractory-inflammation"]);
  });
  it("remission, refractory symptoms and indeterminate are not", () => {
    for (const q of ["concordant-remission", "refractory-symptoms", "indeterminate"] as const)
      expect(labelsOf(refractoryInflammationRule, onIfx(q))).toEqual([]);
  });
  it("the last day on the drug counts; the day after gives a warning, not a label", () => {
    expect(labelsOf(refractoryInflammationRule, onIfx("concordant-active", 100))).toEqual(["refractory-inflammation"]);
    const r = runRule(refractoryInflammationRule, onIfx("concordant-active", 101));
    expect([r.findings, r.warnings]).toEqual([
      [],
      [`Discordance quadrant "concordant-active" on ${day(101)} was not labelled refractory: no treatment was running that day.`],
    ]);
  });
  it("systemic steroids count as treatment; budesonide-only days do not", () => {
    const h = (drug: "prednisolone" | "budesonide") =>
      history({ steroids: [steroid(drug, 20, 0, 60)], discordance: { date: day(30), quadrant: "concordant-active" } });
    expect(runRule(refractoryInflammationRule, h("prednisolone")).findings[0].evidence[0].what).toContain("on systemic steroids");
    expect(labelsOf(refractoryInflammationRule, h("budesonide"))).toEqual([]);
  });
});
