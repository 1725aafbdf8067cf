// Rule module src/refractory/rules/refractory-symptoms.ts. The chapter: symptoms without objective inflammation on
// treatment are refractory symptoms, not refractory inflammation (discordance quadrant "refractory-symptoms").
import { describe, expect, it } from "vitest";
import { classifyRefractoriness } from "../../../src/refractory/classify";
import { refractorySymptomsRule } from "../../../src/refractory/rules/refractory-symptoms";
import type { DiscordanceQuadrant } from "../../../src/refractory/types";
import { day, history, labelsOf, runRule } from "./helpers";

const onIfx = (quadrant: DiscordanceQuadrant, on = 50) =>
  history({ advancedTherapies: [{ drug: "infliximab", startDate: day(0), endDate: day(100) }], discordance: { date: day(on), quadrant } });

describe("refractory symptoms", () => {
  it("symptoms without inflammation on a drug are refractory symptoms", () => {
    const f = runRule(refractorySymptomsRule, onIfx("refractory-symptoms")).findings;
    expect(f.map((x) => [x.label, x.from])).toEqual([["refractory-symptoms", day(50)]]);
    expect(f[0].evidence[0].what).toBe("discordance quadrant: symptoms without objective inflammation, on infliximab");
  });
  it("other quadrants are not", () => {
    for (const q of ["concordant-remission", "concordant-active", "silent-inflammation", "indeterminate"] as const)
      expect(labelsOf(refractorySymptomsRule, onIfx(q))).toEqual([]);
  });
  it("off treatment (the day after the last dose day) it is a warning, not a label", () => {
    expect(labelsOf(refractorySymptomsRule, onIfx("refractory-symptoms", 100))).toEqual(["refractory-symptoms"]);
    expect(runRule(refractorySymptomsRule, onIfx("refractory-symptoms", 101)).warnings).toHaveLength(1);
  });
  it("is not held by the mimic gate, which adds that the workup is the first step", () => {
    const r = classifyRefractoriness({ ...onIfx("refractory-symptoms"), mimicsExcluded: undefined });
    const f = r.findings.find((x) => x.label === "refractory-symptoms");
    expect(f?.reasons.at(-1)).toBe("The mimic workup is incomplete: it is the first step for these symptoms.");
  });
});
