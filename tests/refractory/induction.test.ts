// Primary non-response is judged at the end of the induction of the drug, for the disease, from the
// label (SmPC section 4.2, through inductionWeeks in src/drugs/induction.ts), with extended induction.
// Only classifyRefractoriness is imported, so each test fails on the behaviour of the old code
// (one figure per drug: upadacitinib 8, tofacitinib 8, mirikizumab 12, adalimumab 12, vedolizumab 14).
import { describe, expect, it } from "vitest";
import { classifyRefractoriness } from "../../src/refractory/classify";
import { addDays } from "../../src/refractory/dates";
import type { AdvancedDrug, TreatmentHistory } from "../../src/refractory/types";

const D0 = "2025-01-01";
const day = (n: number) => addDays(D0, n);
const week = (w: number) => w * 7;

/** A drug started on D0, active at baseline, still active at `assessWeek`; the history ends a day later. */
function course(drug: AdvancedDrug, disease: "UC" | "CD" | undefined, assessWeek: number, extendedInduction?: boolean): TreatmentHistory {
  const instrument = disease === "CD" ? ("SES-CD" as const) : ("Mayo" as const);
  const score = disease === "CD" ? 12 : 3;
  return {
    patientId: `${drug}-${disease ?? "?"}`,
    asOf: day(week(assessWeek) + 1),
    disease,
    mimicsExcluded: true,
    advancedTherapies: [{ drug, startDate: D0, extendedInduction }],
    assessments: [
      { date: day(-5), endoscopy: { instrument, score } },
      { date: day(week(assessWeek)), endoscopy: { instrument, score } },
    ],
  };
}

const reasonsOf = (h: TreatmentHistory) => classifyRefractoriness(h).findings[0]?.reasons.join(" ") ?? "";

describe("upadacitinib in Crohn's disease: 45 mg once daily for 12 weeks (Rinvoq SmPC 4.2, CD)", () => {
  it("no response at week 9 is not yet primary non-response: induction is judged at week 12", () => {
    const r = classifyRefractoriness(course("upadacitinib", "CD", 9));
    expect(r.labels).toEqual(["not-yet-assessable"]);
    expect(r.findings[0].notAssessableReason).toBe("induction-too-short");
    expect(r.findings[0].reasons[0]).toMatch(/judged at week 12/);
    expect(r.findings[0].reasons).toContain(
      "Induction length: upadacitinib in CD: response judged at week 12. Source: Rinvoq SmPC 4.2 (CD): 45 mg once daily for 12 weeks; without adequate benefit, 30 mg once daily, discontinued without therapeutic benefit after 24 weeks of treatment.",
    );
  });

  it("no response at week 12 is primary non-response, with the induction length and its source in the thresholds", () => {
    const r = classifyRefractoriness(course("upadacitinib", "CD", 12));
    expect(r.labels).toEqual(["primary-non-response"]);
    expect(r.findings[0].reasons[0]).toMatch(/full 12-week induction/);
    expect(r.findings[0].thresholds.inductionWeeks).toBe(12);
    expect(r.findings[0].thresholds.inductionSource).toMatch(/^Rinvoq SmPC 4\.2 \(CD\)/);
  });
});

describe("extended induction: judged at the end of the label's extension", () => {
  // Xeljanz SmPC 4.2 (UC): 10 mg twice daily for 8 weeks, extendable by 8; stop without benefit by week 16.
  // Rinvoq SmPC 4.2 (UC): 45 mg once daily for 8 weeks, extendable by 8; stop without benefit by week 16.
  it.each(["tofacitinib", "upadacitinib"] as const)("%s in UC with extendedInduction: week 12 is too early, week 16 is judged", (drug) => {
    const early = classifyRefractoriness(course(drug, "UC", 12, true));
    expect(early.findings[0].notAssessableReason).toBe("induction-too-short");
    expect(early.findings[0].reasons[0]).toMatch(/judged at week 16/);
    expect(early.findings[0].reasons.join(" ")).toMatch(new RegExp(`${drug} in UC: response judged at week 16 \\(extended induction\\)`));
    const judged = classifyRefractoriness(course(drug, "UC", 16, true));
    expect(judged.labels).toEqual(["primary-non-response"]);
    expect(judged.findings[0].reasons[0]).toMatch(/full 16-week induction/);
    expect(judged.findings[0].thresholds.extendedInduction).toBe("yes");
    // without the extension the label's 8 weeks apply
    expect(classifyRefractoriness(course(drug, "UC", 8)).labels).toEqual(["primary-non-response"]);
  });

  // Omvoh SmPC 4.2 (UC): IV at weeks 0, 4, 8; without adequate benefit at week 12, extended IV induction at
  // weeks 12, 16, 20; discontinue without benefit by week 24.
  it("mirikizumab in UC with extendedInduction is judged at week 24 (week 20 is too early); without it at week 12", () => {
    expect(classifyRefractoriness(course("mirikizumab", "UC", 20, true)).findings[0].notAssessableReason).toBe("induction-too-short");
    const r = classifyRefractoriness(course("mirikizumab", "UC", 24, true));
    expect(r.labels).toEqual(["primary-non-response"]);
    expect(r.findings[0].reasons[0]).toMatch(/full 24-week induction/);
    expect(classifyRefractoriness(course("mirikizumab", "UC", 12)).labels).toEqual(["primary-non-response"]);
  });
});

describe("UC inductions shorter than the old one-figure-per-drug table", () => {
  // Humira SmPC 4.2 (UC): clinical response usually within 2-8 weeks; do not continue in patients failing to respond by then.
  it("adalimumab in UC is judged at week 8 (the old table said 12, the CD figure)", () => {
    const r = classifyRefractoriness(course("adalimumab", "UC", 8));
    expect(r.labels).toEqual(["primary-non-response"]);
    expect(r.findings[0].reasons[0]).toMatch(/full 8-week induction/);
    expect(r.findings[0].thresholds.inductionSource).toMatch(/^Humira SmPC 4\.2 \(UC\)/);
  });

  // Entyvio SmPC 4.2 (UC, IV): discontinue if no evidence of therapeutic benefit by week 10.
  it("vedolizumab in UC is judged at week 10 (the old table said 14, the CD figure)", () => {
    const r = classifyRefractoriness(course("vedolizumab", "UC", 10));
    expect(r.labels).toEqual(["primary-non-response"]);
    expect(r.findings[0].reasons[0]).toMatch(/full 10-week induction/);
    // Entyvio SmPC 4.2 (CD, IV): discontinue without benefit by week 14
    expect(classifyRefractoriness(course("vedolizumab", "CD", 10)).findings[0].notAssessableReason).toBe("induction-too-short");
  });
});

describe("a history without a disease uses the drug's longer induction, and says so", () => {
  it("adalimumab without a disease is judged at week 12 (UC 8, CD 12): week 8 is too early", () => {
    const r = classifyRefractoriness(course("adalimumab", undefined, 8));
    expect(r.findings[0].notAssessableReason).toBe("induction-too-short");
    expect(reasonsOf(course("adalimumab", undefined, 8))).toMatch(
      /Disease not given: adalimumab's longer induction \(12 weeks; UC 8, CD 12\) is used, so non-response is not called early\./,
    );
  });

  it("upadacitinib without a disease is judged at week 12, not 8", () => {
    expect(classifyRefractoriness(course("upadacitinib", undefined, 9)).findings[0].notAssessableReason).toBe("induction-too-short");
    expect(classifyRefractoriness(course("upadacitinib", undefined, 12)).labels).toEqual(["primary-non-response"]);
  });
});

describe("the caller's inductionWeeks still overrides the label, and the reasons say so", () => {
  it("upadacitinib in CD with inductionWeeks 8 is judged at week 8", () => {
    const r = classifyRefractoriness(course("upadacitinib", "CD", 8), { inductionWeeks: { upadacitinib: 8 } });
    expect(r.labels).toEqual(["primary-non-response"]);
    expect(r.findings[0].reasons.join(" ")).toMatch(
      /8 weeks, given by the caller \(inductionWeeks\.upadacitinib\) instead of the label's 12/,
    );
    expect(r.findings[0].thresholds.inductionSource).toBe("caller's inductionWeeks.upadacitinib");
  });
});
