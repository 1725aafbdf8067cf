// Rule module src/refractory/rules/secondary-loss-of-response.ts, pinned at its boundaries.
// The chapter: a documented initial response, then objective activity while still on the drug.
// Endoscopic response: a fall of >= 50 % on the same instrument (STRIDE-II, Turner 2021); an assessment up to
// 28 days after stopping (afterStopGraceDays) still judges the drug.
import { describe, expect, it } from "vitest";
import { secondaryLossOfResponseRule } from "../../../src/refractory/rules/secondary-loss-of-response";
import type { AdvancedTherapyCourse } from "../../../src/refractory/types";
import { active, day, history, inactive, labelsOf, runRule } from "./helpers";

const ifx = (endDay?: number): AdvancedTherapyCourse => ({
  drug: "infliximab",
  startDate: day(0),
  ...(endDay === undefined ? {} : { endDate: day(endDay) }),
});

describe("secondary loss of response", () => {
  it("objective remission, then activity on the drug, is a loss of response dated from the start to the loss", () => {
    const f = runRule(
      secondaryLossOfResponseRule,
      history({ advancedTherapies: [ifx()], assessments: [inactive(100), active(200)] }),
    ).findings;
    expect(f.map((x) => [x.label, x.drug, x.from, x.to])).toEqual([["secondary-loss-of-response", "infliximab", day(0), day(200)]]);
    expect(f[0].evidence.map((e) => e.date)).toEqual([day(0), day(100), day(200)]);
  });
  it("activity without an earlier response is not a loss of response", () => {
    expect(
      labelsOf(secondaryLossOfResponseRule, history({ advancedTherapies: [ifx()], assessments: [active(100), inactive(200)] })),
    ).toEqual([]);
  });
  it("activity 28 days after stopping still counts; 29 days does not", () => {
    const h = (lossDay: number) => history({ advancedTherapies: [ifx(250)], assessments: [inactive(100), active(lossDay)] });
    expect(labelsOf(secondaryLossOfResponseRule, h(250 + 28))).toEqual(["secondary-loss-of-response"]);
    expect(labelsOf(secondaryLossOfResponseRule, h(250 + 29))).toEqual([]);
  });
  it("activity after another drug has started belongs to that drug", () => {
    const h = history({
      advancedTherapies: [ifx(), { drug: "vedolizumab", startDate: day(150) }],
      assessments: [inactive(100), active(160)],
    });
    expect(runRule(secondaryLossOfResponseRule, h).findings.map((f) => f.drug)).toEqual([]);
  });
  it("a symptomatic initial response is accepted by default, not with acceptSymptomaticInitialResponse: false", () => {
    const h = history({
      advancedTherapies: [ifx()],
      symptoms: [{ date: day(60), instrument: "HBI", value: 2, remission: true }],
      assessments: [active(200)],
    });
    const f = runRule(secondaryLossOfResponseRule, h).findings;
    expect(f.map((x) => x.label)).toEqual(["secondary-loss-of-response"]);
    expect(f[0].reasons[0]).toContain("symptomatic (not objectively confirmed)");
    expect(labelsOf(secondaryLossOfResponseRule, h, { acceptSymptomaticInitialResponse: false })).toEqual([]);
  });
  it("an endoscopic fall of 50 % is the initial response; 40 % is not", () => {
    const h = (mid: number) =>
      history({
        advancedTherapies: [ifx()],
        assessments: [
          { date: day(-5), endoscopy: { instrument: "SES-CD", score: 10 } },
          { date: day(100), endoscopy: { instrument: "SES-CD", score: mid } },
          { date: day(200), endoscopy: { instrument: "SES-CD", score: 9 } },
        ],
      });
    expect(labelsOf(secondaryLossOfResponseRule, h(5))).toEqual(["secondary-loss-of-response"]);
    expect(labelsOf(secondaryLossOfResponseRule, h(6))).toEqual([]);
  });
  it("an assessment still showing the endoscopic response (>= 50 % below baseline) is not a loss, although active", () => {
    const h = history({
      advancedTherapies: [ifx()],
      assessments: [
        { date: day(-5), endoscopy: { instrument: "SES-CD", score: 10 } },
        { date: day(100), endoscopy: { instrument: "SES-CD", score: 5 } },
        { date: day(200), endoscopy: { instrument: "SES-CD", score: 4 } },
      ],
    });
    expect(labelsOf(secondaryLossOfResponseRule, h)).toEqual([]);
  });
});
