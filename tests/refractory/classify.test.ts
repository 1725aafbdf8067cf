import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { classifyRefractoriness } from "../../src/refractory/classify";
import { addDays } from "../../src/refractory/dates";
import type { TreatmentHistory } from "../../src/refractory/types";

const D0 = "2025-01-01";
const day = (n: number) => addDays(D0, n); // day(0) = D0 = day 1 of the course

function steroidHistory(
  drug: "prednisone" | "methylprednisolone",
  dose: number,
  days: number,
  assessDay: number,
  extra: Partial<TreatmentHistory> = {},
): TreatmentHistory {
  return {
    patientId: "S",
    asOf: day(120),
    mimicsExcluded: true,
    steroids: [{ drug, doseMgPerDay: dose, route: "oral", startDate: D0, endDate: day(days - 1) }],
    assessments: [{ date: day(assessDay), calprotectinUgG: 800 }],
    ...extra,
  };
}

// The chapter's own steroid definitions (domain-facts section 1), the classifier's default ("chapter");
// ECCO's preset is tested in definitions.test.ts.
describe("steroid-refractory: >= 40 mg/day prednisone-equivalent for >= 14 days with objective activity (the chapter's definition)", () => {
  it("40 mg/day for 14 days with activity on day 14 is steroid-refractory; 39 mg/day is not", () => {
    const yes = classifyRefractoriness(steroidHistory("prednisone", 40, 14, 13));
    expect(yes.labels).toEqual(["steroid-refractory"]);
    const f = yes.findings[0];
    expect(f.from).toBe(D0);
    expect(f.to).toBe(day(13));
    expect(f.reasons.join(" ")).toMatch(/14 consecutive days/);
    expect(f.evidence.map((e) => e.what).join(" ")).toMatch(/calprotectin 800/);
    expect(f.thresholds.steroidRefractoryMinMgPerDay).toBe(40);
    expect(classifyRefractoriness(steroidHistory("prednisone", 39, 14, 13)).labels).toEqual([]);
  });

  it("13 days at 40 mg/day is not enough; 14 days is", () => {
    expect(classifyRefractoriness(steroidHistory("prednisone", 40, 13, 12)).labels).toEqual([]);
    // activity measured on day 13 of a 14-day course is before the rule is met, and on day 14 it is after
    expect(classifyRefractoriness(steroidHistory("prednisone", 40, 30, 12)).labels).toEqual([]);
    expect(classifyRefractoriness(steroidHistory("prednisone", 40, 30, 13)).labels).toEqual(["steroid-refractory"]);
  });

  it("counts methylprednisolone through the equivalence table: 32 mg = 40 mg prednisone, 31 mg = 38.75", () => {
    expect(classifyRefractoriness(steroidHistory("methylprednisolone", 32, 14, 13)).labels).toEqual(["steroid-refractory"]);
    expect(classifyRefractoriness(steroidHistory("methylprednisolone", 31, 14, 13)).labels).toEqual([]);
  });

  it("activity must persist: an inactive assessment after 14 days means response", () => {
    const h = steroidHistory("prednisone", 40, 20, 15);
    h.assessments = [{ date: day(15), calprotectinUgG: 90 }];
    expect(classifyRefractoriness(h).labels).toEqual([]);
  });

  it("thresholds are options: 30 mg/day for 10 days under a 30/10 rule", () => {
    const h = steroidHistory("prednisone", 30, 10, 9);
    expect(classifyRefractoriness(h).labels).toEqual([]);
    expect(classifyRefractoriness(h, { steroidRefractoryMinMgPerDay: 30, steroidRefractoryMinDays: 10 }).labels).toEqual([
      "steroid-refractory",
    ]);
  });

  it("IV methylprednisolone: 3 days with activity on day 3 qualifies, 2 days does not", () => {
    const iv = (days: number): TreatmentHistory => ({
      patientId: "IV",
      asOf: day(30),
      mimicsExcluded: true,
      steroids: [{ drug: "methylprednisolone", doseMgPerDay: 60, route: "iv", startDate: D0, endDate: day(days - 1) }],
      assessments: [{ date: day(2), crpMgL: 80, endoscopy: { instrument: "Mayo", score: 3 } }],
    });
    const r = classifyRefractoriness(iv(3));
    expect(r.labels).toEqual(["steroid-refractory"]);
    expect(r.findings[0].reasons[0]).toMatch(/IV steroid/);
    expect(classifyRefractoriness(iv(2)).labels).toEqual([]);
  });

  it("an ongoing course shorter than 14 days with activity is not yet assessable", () => {
    const h: TreatmentHistory = {
      patientId: "O",
      asOf: day(9),
      mimicsExcluded: true,
      steroids: [{ drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: D0 }],
      assessments: [{ date: day(8), calprotectinUgG: 700 }],
    };
    const r = classifyRefractoriness(h);
    expect(r.labels).toEqual(["not-yet-assessable"]);
    expect(r.findings[0].notAssessableReason).toBe("steroid-course-too-short");
    expect(r.findings[0].pendingLabel).toBe("steroid-refractory");
    expect(r.findings[0].reasons[0]).toMatch(/only 10 of the 14 days/);
  });

  it("budesonide 9 mg is not counted as systemic steroid", () => {
    const h: TreatmentHistory = {
      patientId: "B",
      asOf: day(40),
      mimicsExcluded: true,
      steroids: [{ drug: "budesonide", doseMgPerDay: 9, route: "oral", startDate: D0, endDate: day(30) }],
      assessments: [{ date: day(20), calprotectinUgG: 900 }],
    };
    expect(classifyRefractoriness(h).labels).toEqual([]);
  });
});

describe("steroid-dependent: relapse below 10 mg/day or within 90 days of stopping (the chapter's definition)", () => {
  const taper = (relapseDay: number, relapseDose = 7.5): TreatmentHistory => ({
    patientId: "T",
    asOf: day(300),
    mimicsExcluded: true,
    steroids: [
      { drug: "prednisolone", doseMgPerDay: 40, route: "oral", startDate: D0, endDate: day(27) },
      { drug: "prednisolone", doseMgPerDay: 20, route: "oral", startDate: day(28), endDate: day(41) },
      { drug: "prednisolone", doseMgPerDay: relapseDose, route: "oral", startDate: day(42), endDate: day(55) },
    ],
    assessments: [
      { date: day(20), calprotectinUgG: 80 },
      { date: day(relapseDay), calprotectinUgG: 650 },
    ],
  });

  it("relapse at 7.5 mg/day is dependence; at exactly 10 mg/day it is not (the rule is 'below 10')", () => {
    const r = classifyRefractoriness(taper(50));
    expect(r.labels).toEqual(["steroid-dependent"]);
    expect(r.findings[0].reasons.join(" ")).toMatch(/7\.5 mg\/day prednisone-equivalent, below the 10 mg\/day/);
    expect(r.findings[0].evidence.some((e) => e.date === day(20))).toBe(true);
    expect(classifyRefractoriness(taper(50, 10)).labels).toEqual([]);
  });

  it("relapse 90 days after stopping is dependence, 91 days is not; the window is an option", () => {
    // last steroid day is day(55)
    expect(classifyRefractoriness(taper(145, 10)).labels).toEqual(["steroid-dependent"]);
    expect(classifyRefractoriness(taper(146, 10)).labels).toEqual([]);
    expect(classifyRefractoriness(taper(145, 10), { relapseWindowAfterStopDays: 60 }).labels).toEqual([]);
  });

  it("without a documented response there is no 'relapse', so no dependence label", () => {
    const h = taper(50);
    h.assessments = [{ date: day(50), calprotectinUgG: 650 }];
    expect(classifyRefractoriness(h).labels).not.toContain("steroid-dependent");
  });

  it("a symptomatic relapse without objective data is not yet assessable (objective data missing)", () => {
    const h = taper(50);
    h.assessments = [];
    h.symptoms = [
      { date: day(20), instrument: "HBI", value: 2, remission: true },
      { date: day(50), instrument: "HBI", value: 9, remission: false },
    ];
    const r = classifyRefractoriness(h);
    expect(r.labels).toEqual(["not-yet-assessable"]);
    expect(r.findings[0].notAssessableReason).toBe("objective-data-missing");
    expect(r.findings[0].pendingLabel).toBe("steroid-dependent");
  });
});

describe("primary non-response and secondary loss of response", () => {
  const ifx = (assess: Array<[number, number]>, asOfDay: number, endDay?: number): TreatmentHistory => ({
    patientId: "I",
    asOf: day(asOfDay),
    mimicsExcluded: true,
    advancedTherapies: [{ drug: "infliximab", startDate: D0, endDate: endDay === undefined ? undefined : day(endDay) }],
    assessments: [
      { date: day(-7), endoscopy: { instrument: "Mayo", score: 3 } },
      ...assess.map(([d, s]) => ({ date: day(d), endoscopy: { instrument: "Mayo" as const, score: s } })),
    ],
  });

  it("infliximab: Mayo 3 at week 14 after a full induction is PNR", () => {
    const r = classifyRefractoriness(ifx([[98, 3]], 100));
    expect(r.labels).toEqual(["primary-non-response"]);
    const f = r.findings[0];
    expect(f.drug).toBe("infliximab");
    expect(f.reasons[0]).toMatch(/full 14-week induction/);
    expect(f.evidence.some((e) => /baseline: Mayo 3/.test(e.what))).toBe(true);
  });

  it("one week short of induction (week 13) is not yet assessable, not PNR", () => {
    const r = classifyRefractoriness(ifx([[91, 3]], 92));
    expect(r.labels).toEqual(["not-yet-assessable"]);
    expect(r.findings[0].notAssessableReason).toBe("induction-too-short");
    expect(r.findings[0].reasons[0]).toMatch(/13 weeks 1 days old; it is judged at week 14/);
  });

  it("a drug stopped at week 13 cannot be called PNR", () => {
    const r = classifyRefractoriness(ifx([[95, 3]], 120, 91));
    expect(r.findings[0].notAssessableReason).toBe("induction-too-short");
    expect(r.findings[0].reasons[0]).toMatch(/stopped .* before the end of its 14-week induction/);
  });

  it("induction lengths are drug-specific and configurable", () => {
    const h = ifx([[84, 3]], 90);
    expect(classifyRefractoriness(h).labels).toEqual(["not-yet-assessable"]);
    expect(classifyRefractoriness(h, { inductionWeeks: { infliximab: 12 } }).labels).toEqual(["primary-non-response"]);
  });

  it("an endoscopic fall of >= 50 % is objective improvement (Mayo 3 -> 1 is remission; SES-CD 12 -> 6 is response)", () => {
    expect(classifyRefractoriness(ifx([[98, 1]], 100)).labels).toEqual([]);
    const cd: TreatmentHistory = {
      patientId: "C",
      asOf: day(100),
      mimicsExcluded: true,
      advancedTherapies: [{ drug: "adalimumab", startDate: D0 }],
      assessments: [
        { date: day(-3), endoscopy: { instrument: "SES-CD", score: 12 } },
        { date: day(85), endoscopy: { instrument: "SES-CD", score: 6 } },
      ],
    };
    expect(classifyRefractoriness(cd).labels).toEqual([]);
    cd.assessments = [cd.assessments?.[0] as never, { date: day(85), endoscopy: { instrument: "SES-CD", score: 7 } }];
    expect(classifyRefractoriness(cd).labels).toEqual(["primary-non-response"]);
  });

  it("complete induction without an objective assessment is not yet assessable (objective data missing)", () => {
    const r = classifyRefractoriness(ifx([], 120));
    expect(r.findings[0].notAssessableReason).toBe("objective-data-missing");
    expect(r.findings[0].pendingLabel).toBe("primary-non-response");
  });

  it("remission at week 14 then activity at week 30 is SLR", () => {
    const r = classifyRefractoriness(
      ifx(
        [
          [98, 0],
          [210, 3],
        ],
        215,
      ),
    );
    expect(r.labels).toEqual(["secondary-loss-of-response"]);
    expect(r.findings[0].reasons[0]).toMatch(/initial objective response on 2025-04-09/);
    expect(r.findings[0].to).toBe(day(210));
  });

  it("a symptomatic initial response counts for SLR only when allowed", () => {
    const h = ifx([[100, 3]], 105);
    h.symptoms = [{ date: day(60), instrument: "partial Mayo", value: 1, remission: true }];
    expect(classifyRefractoriness(h).labels).toEqual(["secondary-loss-of-response"]);
    expect(classifyRefractoriness(h).findings[0].reasons[0]).toMatch(/symptomatic \(not objectively confirmed\)/);
    expect(classifyRefractoriness(h, { acceptSymptomaticInitialResponse: false }).labels).toEqual(["primary-non-response"]);
  });
});

describe("mimics, discordance, strictures", () => {
  it("holds back refractoriness until mimics are excluded, naming the pending label", () => {
    const h = steroidHistory("prednisone", 40, 14, 13, { mimicsExcluded: undefined, mimicNote: "CMV biopsy pending" });
    const r = classifyRefractoriness(h);
    expect(r.labels).toEqual(["not-yet-assessable"]);
    expect(r.findings[0].pendingLabel).toBe("steroid-refractory");
    expect(r.findings[0].notAssessableReason).toBe("mimics-not-excluded");
    expect(r.findings[0].reasons[0]).toMatch(/CMV biopsy pending/);
  });

  it("maps the discordance quadrant to refractory symptoms or inflammation while on treatment", () => {
    const base: TreatmentHistory = {
      patientId: "Q",
      asOf: day(200),
      mimicsExcluded: true,
      advancedTherapies: [{ drug: "vedolizumab", startDate: D0 }],
      assessments: [{ date: day(100), calprotectinUgG: 40 }],
    };
    const sym = classifyRefractoriness({ ...base, discordance: { date: day(150), quadrant: "refractory-symptoms" } });
    expect(sym.labels).toEqual(["refractory-symptoms"]);
    expect(sym.findings[0].reasons.join(" ")).toMatch(/bile acid/);
    const infl = classifyRefractoriness({ ...base, discordance: { date: day(150), quadrant: "silent-inflammation" } });
    expect(infl.labels).toEqual(["refractory-inflammation"]);
    expect(infl.findings[0].reasons[0]).toMatch(/silent inflammation/);
    const none = classifyRefractoriness({
      ...base,
      advancedTherapies: [],
      discordance: { date: day(150), quadrant: "refractory-symptoms" },
    });
    expect(none.labels).toEqual([]);
    expect(none.warnings[0]).toMatch(/no treatment was running/);
  });

  it("labels fibrostenotic obstruction, only with obstructive symptoms and a fibrotic or mixed stricture", () => {
    const h: TreatmentHistory = {
      patientId: "F",
      asOf: day(10),
      mimicsExcluded: true,
      assessments: [{ date: day(1), calprotectinUgG: 30 }],
      strictures: [{ date: day(5), nature: "fibrotic", obstructiveSymptoms: true, luminalDiameterMm: 6 }],
    };
    const r = classifyRefractoriness(h);
    expect(r.labels).toEqual(["fibrostenotic-obstruction"]);
    expect(r.findings[0].reasons.join(" ")).toMatch(/r⁴.*16/);
    expect(r.findings[0].reasons.join(" ")).toMatch(/structural/);
    expect(
      classifyRefractoriness({ ...h, strictures: [{ date: day(5), nature: "inflammatory", obstructiveSymptoms: true }] }).labels,
    ).toEqual([]);
    expect(classifyRefractoriness({ ...h, strictures: [{ date: day(5), nature: "fibrotic", obstructiveSymptoms: false }] }).labels).toEqual(
      [],
    );
  });
});

describe("contradictory and missing histories", () => {
  it("treatment without any objective assessment is not yet assessable", () => {
    const r = classifyRefractoriness({
      patientId: "M",
      asOf: day(30),
      mimicsExcluded: true,
      steroids: [{ drug: "prednisone", doseMgPerDay: 20, route: "oral", startDate: D0, endDate: day(10) }],
    });
    expect(r.labels).toEqual(["not-yet-assessable"]);
    expect(r.findings[0].notAssessableReason).toBe("objective-data-missing");
  });

  it("an empty history has no label", () => {
    expect(classifyRefractoriness({ patientId: "E", asOf: D0 }).labels).toEqual([]);
  });

  it("warns when endoscopy and calprotectin disagree, and lets endoscopy decide", () => {
    const h = steroidHistory("prednisone", 40, 14, 13);
    h.assessments = [{ date: day(13), calprotectinUgG: 900, endoscopy: { instrument: "Mayo", score: 0 } }];
    const r = classifyRefractoriness(h);
    expect(r.labels).toEqual([]);
    expect(r.warnings[0]).toMatch(/Contradictory assessment.*endoscopy decides/);
  });

  it("throws typed errors naming the field for impossible histories", () => {
    expect(() => classifyRefractoriness({ patientId: "", asOf: D0 })).toThrow(InputError);
    expect(() => classifyRefractoriness({ patientId: "X", asOf: "2025-13-01" })).toThrow(/asOf/);
    expect(() => classifyRefractoriness({ patientId: "X", asOf: D0, assessments: [{ date: day(3), crpMgL: 5 }] })).toThrow(
      /assessments\[0\]\.date.*on or before asOf/,
    );
    expect(() =>
      classifyRefractoriness({
        patientId: "X",
        asOf: day(30),
        advancedTherapies: [{ drug: "infliximab", startDate: day(10), endDate: day(5) }],
      }),
    ).toThrow(/advancedTherapies\[0\]\.endDate/);
    expect(() =>
      classifyRefractoriness({ patientId: "X", asOf: day(30), advancedTherapies: [{ drug: "etanercept" as never, startDate: day(1) }] }),
    ).toThrow(/advancedTherapies\[0\]\.drug/);
    expect(() => classifyRefractoriness({ patientId: "X", asOf: day(30), assessments: [{ date: day(1), calprotectinUgG: -5 }] })).toThrow(
      /calprotectinUgG/,
    );
  });
});

describe("steroid-refractory rule against an explicit oracle (property)", () => {
  it("labels exactly when dose >= 40, days >= 14, an active calprotectin falls from day 14 to 7 days after the course", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 80 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 1000 }),
        (dose, days, assessDay, fcUgG) => {
          const h: TreatmentHistory = {
            patientId: "P",
            asOf: day(120),
            mimicsExcluded: true,
            steroids: [{ drug: "prednisone", doseMgPerDay: dose, route: "oral", startDate: D0, endDate: day(days - 1) }],
            assessments: [{ date: day(assessDay), calprotectinUgG: fcUgG }],
          };
          const expected = dose >= 40 && days >= 14 && assessDay >= 13 && assessDay <= days - 1 + 7 && fcUgG >= 250;
          return classifyRefractoriness(h).labels.includes("steroid-refractory") === expected;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("assessments after a switch belong to the new drug", () => {
  it("does not call SLR on the old drug from an assessment taken after the next drug started", () => {
    const h: TreatmentHistory = {
      patientId: "SW",
      asOf: day(200),
      mimicsExcluded: true,
      advancedTherapies: [
        { drug: "infliximab", startDate: D0, endDate: day(100) },
        { drug: "ustekinumab", startDate: day(110) },
      ],
      assessments: [
        { date: day(-2), endoscopy: { instrument: "SES-CD", score: 12 } },
        { date: day(98), endoscopy: { instrument: "SES-CD", score: 2 } },
        { date: day(120), endoscopy: { instrument: "SES-CD", score: 10 } },
      ],
    };
    const r = classifyRefractoriness(h);
    expect(r.findings.filter((f) => f.drug === "infliximab").map((f) => f.label)).toEqual([]);
    // judged from ustekinumab's start: week 16 not reached by an assessment at day 120 -> induction running
    expect(r.findings.find((f) => f.drug === "ustekinumab")?.notAssessableReason).toBe("induction-too-short");
  });
});
