// Objective activity: CRP alone does not decide by default, and the calprotectin cut-off is disease-specific.
// Calprotectin cut-offs for endoscopic healing, meta-analysis PMC8543348 (domain-facts section 5):
//   UC 60-75 ug/g (sensitivity 0.87, specificity 0.79), UC range up to 150 ug/g; CD 180-250 ug/g.
// Only functions that existed before the change are imported, so each test fails on the old behaviour.
import { describe, expect, it } from "vitest";
import { objectiveActivity } from "../../src/refractory/activity";
import { classifyRefractoriness } from "../../src/refractory/classify";
import { addDays } from "../../src/refractory/dates";
import type { TreatmentHistory } from "../../src/refractory/types";

const D0 = "2025-01-01";
const day = (n: number) => addDays(D0, n);

describe("CRP alone is a weak, non-specific marker: it does not decide unless crpAloneDecides", () => {
  it("CRP 40 mg/L alone is 'unknown' (basis crp) with a request to confirm; crpAloneDecides restores 'active'", () => {
    const v = objectiveActivity({ date: D0, crpMgL: 40 });
    expect(v.status).toBe("unknown");
    expect(v.basis).toBe("crp");
    expect(v.description).toMatch(/CRP alone is a weak, non-specific marker.*confirm with calprotectin or endoscopy/);
    expect(objectiveActivity({ date: D0, crpMgL: 40 }, { crpAloneDecides: true }).status).toBe("active");
    // a normal CRP alone does not mean inactive either
    expect(objectiveActivity({ date: D0, crpMgL: 2 }).status).toBe("unknown");
    expect(objectiveActivity({ date: D0, crpMgL: 2 }, { crpAloneDecides: true }).status).toBe("inactive");
    expect(() => objectiveActivity({ date: D0, crpMgL: 2 }, { crpAloneDecides: "yes" as never })).toThrow(/crpAloneDecides/);
  });

  it("CRP beside calprotectin or endoscopy changes nothing: those decide", () => {
    expect(objectiveActivity({ date: D0, crpMgL: 40, calprotectinUgG: 900 }).status).toBe("active");
    expect(objectiveActivity({ date: D0, crpMgL: 40, endoscopy: { instrument: "Mayo", score: 1 } }).status).toBe("inactive");
  });

  it("a steroid course judged by CRP alone is not steroid-refractory; the classifier says to confirm it", () => {
    const h: TreatmentHistory = {
      patientId: "CRP",
      asOf: day(60),
      mimicsExcluded: true,
      steroids: [{ drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: D0, endDate: day(20) }],
      assessments: [{ date: day(14), crpMgL: 60 }],
    };
    const r = classifyRefractoriness(h);
    expect(r.labels).toEqual(["not-yet-assessable"]);
    expect(r.findings[0].notAssessableReason).toBe("objective-data-missing");
    expect(r.findings[0].reasons.join(" ")).toMatch(/Not counted: CRP 60 mg\/L on 2025-01-15 .*confirm with calprotectin or endoscopy/);
    expect(r.findings[0].thresholds.crpAloneDecides).toBe("no");
    const old = classifyRefractoriness(h, { activity: { crpAloneDecides: true } });
    expect(old.labels).toEqual(["steroid-refractory"]);
    expect(old.findings[0].thresholds.crpAloneDecides).toBe("yes");
  });
});

describe("calprotectin cut-off by disease: CD 250 ug/g, UC 150 ug/g, disease not given 250 ug/g", () => {
  it("objectiveActivity: 200 ug/g is active in UC, inactive in CD and when the disease is not given; 150 is the UC edge", () => {
    expect(objectiveActivity({ date: D0, calprotectinUgG: 200 }, { disease: "UC" }).status).toBe("active");
    expect(objectiveActivity({ date: D0, calprotectinUgG: 150 }, { disease: "UC" }).status).toBe("active");
    expect(objectiveActivity({ date: D0, calprotectinUgG: 149 }, { disease: "UC" }).status).toBe("inactive");
    expect(objectiveActivity({ date: D0, calprotectinUgG: 200 }, { disease: "CD" }).status).toBe("inactive");
    expect(objectiveActivity({ date: D0, calprotectinUgG: 250 }, { disease: "CD" }).status).toBe("active");
    const none = objectiveActivity({ date: D0, calprotectinUgG: 200 });
    expect(none.status).toBe("inactive");
    expect(none.description).toMatch(/threshold 250 ug\/g, disease not given/);
    // an explicit cut-off still wins over the disease default
    expect(objectiveActivity({ date: D0, calprotectinUgG: 120 }, { disease: "UC", calprotectinActiveUgG: 100 }).status).toBe("active");
  });

  // Infliximab: Remicade SmPC 4.2, response judged at week 14 in UC and (here) CD.
  const ifx = (disease?: "UC" | "CD"): TreatmentHistory => ({
    patientId: "FC",
    asOf: day(100),
    disease,
    mimicsExcluded: true,
    advancedTherapies: [{ drug: "infliximab", startDate: D0 }],
    assessments: [
      { date: day(-7), calprotectinUgG: 1200 },
      { date: day(98), calprotectinUgG: 200 },
    ],
  });

  it("the classifier takes the disease from the history: calprotectin 200 ug/g at week 14 is non-response in UC, remission in CD", () => {
    const uc = classifyRefractoriness(ifx("UC"));
    expect(uc.labels).toEqual(["primary-non-response"]);
    expect(uc.findings[0].thresholds.calprotectinActiveUgG).toBe(150);
    expect(uc.findings[0].thresholds.calprotectinCutoffSource).toMatch(/UC default: 150 ug\/g.*PMC8543348/);
    expect(uc.findings[0].reasons.join(" ")).toMatch(/calprotectin 200 ug\/g on 2025-04-09 \(active: threshold 150 ug\/g, UC\)/);
    expect(classifyRefractoriness(ifx("CD")).labels).toEqual([]);
  });

  it("without a disease the classifier keeps 250 ug/g and says so in the thresholds", () => {
    const r = classifyRefractoriness({ ...ifx(), assessments: [...(ifx().assessments ?? []), { date: day(99), calprotectinUgG: 300 }] });
    expect(r.findings[0].thresholds.calprotectinActiveUgG).toBe(250);
    expect(r.findings[0].thresholds.calprotectinCutoffSource).toMatch(/disease not given: 250 ug\/g/);
  });
});
