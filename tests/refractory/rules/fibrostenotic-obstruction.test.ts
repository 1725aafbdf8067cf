// Rule module src/refractory/rules/fibrostenotic-obstruction.ts. The chapter: a fibrotic (or mixed) stricture with
// obstructive symptoms is structural, treated by dilatation or surgery (flow ∝ r⁴, Hagen-Poiseuille).
import { describe, expect, it } from "vitest";
import { fibrostenoticObstructionRule } from "../../../src/refractory/rules/fibrostenotic-obstruction";
import type { StrictureFinding } from "../../../src/refractory/types";
import { day, history, inactive, labelsOf, runRule } from "./helpers";

const stricture = (nature: StrictureFinding["nature"], obstructiveSymptoms: boolean, on = 10): StrictureFinding => ({
  date: day(on),
  nature,
  obstructiveSymptoms,
});

describe("fibrostenotic obstruction", () => {
  it("fibrotic or mixed with obstructive symptoms is labelled; inflammatory, or without symptoms, is not", () => {
    expect(labelsOf(fibrostenoticObstructionRule, history({ strictures: [stricture("fibrotic", true)] }))).toEqual([
      "fibrostenotic-obstruction",
    ]);
    expect(labelsOf(fibrostenoticObstructionRule, history({ strictures: [stricture("mixed", true)] }))).toEqual([
      "fibrostenotic-obstruction",
    ]);
    expect(labelsOf(fibrostenoticObstructionRule, history({ strictures: [stricture("inflammatory", true)] }))).toEqual([]);
    expect(labelsOf(fibrostenoticObstructionRule, history({ strictures: [stricture("fibrotic", false)] }))).toEqual([]);
  });
  it("the latest stricture finding decides, whatever the order given", () => {
    const h = history({ strictures: [stricture("fibrotic", false, 20), stricture("fibrotic", true, 10)] });
    expect(labelsOf(fibrostenoticObstructionRule, h)).toEqual([]);
  });
  it("quotes the latest objective activity on or before the stricture, and says controlled inflammation makes it structural", () => {
    const f = runRule(
      fibrostenoticObstructionRule,
      history({ strictures: [stricture("fibrotic", true, 10)], assessments: [inactive(5), inactive(11)] }),
    ).findings[0];
    expect(f.evidence.map((e) => e.date)).toEqual([day(10), day(5)]);
    expect(f.reasons.at(-1)).toBe("Inflammation is controlled, so the obstruction is structural, not refractory inflammation.");
  });
});
