// Steroid definitions: the chapter's own (default) and ECCO's preset, and ECCO's budesonide clause.
// ECCO: Magro 2017 (J Crohns Colitis 11:649, UC) and Gomollón 2017 (J Crohns Colitis 11:3, CD):
//   refractory = active disease despite prednisolone up to 0.75 mg/kg/day over 4 weeks;
//   dependent = unable to reduce below 10 mg/day within 3 months of starting, or relapse within 3 months of stopping;
//   budesonide: unable to go below 3 mg/day within 3 months.
// Only classifyRefractoriness is imported, so each rule test fails on the behaviour of the old code, not on an import.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { classifyRefractoriness } from "../../src/refractory/classify";
import { addDays } from "../../src/refractory/dates";
import type { SteroidCourse, TreatmentHistory } from "../../src/refractory/types";

const D0 = "2025-01-01";
const day = (n: number) => addDays(D0, n); // day(0) = D0 = day 1 of the course

/** One constant-dose oral course of `days` days from D0, one calprotectin on `assessDay`. */
function course(dose: number, days: number, assessDay: number, extra: Partial<TreatmentHistory> = {}): TreatmentHistory {
  return {
    patientId: "S",
    asOf: day(150),
    mimicsExcluded: true,
    steroids: [{ drug: "prednisolone", doseMgPerDay: dose, route: "oral", startDate: D0, endDate: day(days - 1) }],
    assessments: [{ date: day(assessDay), calprotectinUgG: 800 }],
    ...extra,
  };
}

const seg = (drug: SteroidCourse["drug"], doseMgPerDay: number, from: number, to?: number): SteroidCourse => ({
  drug,
  doseMgPerDay,
  route: "oral",
  startDate: day(from),
  endDate: to === undefined ? undefined : day(to),
});

describe("the chapter's steroid definitions are the default, and say so", () => {
  it("40 mg/day for 14 days is refractory by the chapter's rule; thresholds and reasons name the definition and its source", () => {
    const r = classifyRefractoriness(course(40, 14, 13));
    expect(r.labels).toEqual(["steroid-refractory"]);
    const f = r.findings[0];
    expect(f.thresholds.definitions).toBe("chapter");
    expect(f.thresholds.steroidDefinitionsSource).toMatch(/chapter's own definitions.*not ECCO's/);
    expect(f.thresholds.steroidRefractoryMinMgPerDay).toBe(40);
    expect(f.thresholds.steroidRefractoryMinDays).toBe(14);
    expect(f.reasons.join(" ")).toMatch(/Definition applied \("chapter", the default\): the chapter's own definitions/);
  });

  it("rejects an unknown definition set and an impossible weight, naming the field", () => {
    expect(() => classifyRefractoriness(course(40, 14, 13), { definitions: "bsg" as never })).toThrow(InputError);
    expect(() => classifyRefractoriness(course(40, 14, 13), { definitions: "bsg" as never })).toThrow(/definitions/);
    expect(() => classifyRefractoriness(course(40, 14, 13, { weightKg: -70 }))).toThrow(/weightKg/);
  });
});

describe('ECCO steroid-refractory: prednisolone 0.75 mg/kg/day for 4 weeks (Magro 2017; Gomollón 2017), { definitions: "ecco" }', () => {
  const ecco = { definitions: "ecco" as const };

  it("60 kg: 45 mg/day (0.75 x 60) for 28 days with activity is refractory; 27 days or 44 mg/day is not", () => {
    const yes = classifyRefractoriness(course(45, 28, 27, { weightKg: 60 }), ecco);
    expect(yes.labels).toEqual(["steroid-refractory"]);
    const f = yes.findings[0];
    expect(f.thresholds.definitions).toBe("ecco");
    expect(f.thresholds.steroidRefractoryMinMgPerDay).toBe(45);
    expect(f.thresholds.steroidRefractoryMinMgPerKgPerDay).toBe(0.75);
    expect(f.thresholds.steroidRefractoryMinDays).toBe(28);
    expect(f.thresholds.steroidDefinitionsSource).toMatch(/Magro 2017.*Gomollón 2017/);
    expect(f.reasons[0]).toMatch(/>= 45 mg\/day prednisone-equivalent \(0\.75 mg\/kg\/day x 60 kg\) for 28 consecutive days/);
    expect(f.reasons.join(" ")).toMatch(/Definition applied \("ecco"\): ECCO \(Magro 2017/);
    expect(classifyRefractoriness(course(45, 27, 26, { weightKg: 60 }), ecco).labels).toEqual([]);
    expect(classifyRefractoriness(course(44, 28, 27, { weightKg: 60 }), ecco).labels).toEqual([]);
  });

  it("the chapter's 40 mg/day for 14 days is not refractory under ECCO for a 60 kg patient", () => {
    expect(classifyRefractoriness(course(40, 14, 13, { weightKg: 60 })).labels).toEqual(["steroid-refractory"]);
    expect(classifyRefractoriness(course(40, 14, 13, { weightKg: 60 }), ecco).labels).toEqual([]);
  });

  it("100 kg: 0.75 mg/kg would be 75 mg/day; the dose is capped at 60 mg/day, and the reasons say so", () => {
    const r = classifyRefractoriness(course(60, 28, 27, { weightKg: 100 }), ecco);
    expect(r.labels).toEqual(["steroid-refractory"]);
    expect(r.findings[0].thresholds.steroidRefractoryMinMgPerDay).toBe(60);
    expect(r.findings[0].reasons[0]).toMatch(/0\.75 mg\/kg\/day x 100 kg = 75, capped at 60 mg\/day/);
    expect(classifyRefractoriness(course(59, 28, 27, { weightKg: 100 }), ecco).labels).toEqual([]);
  });

  it("without a weight, 40 mg/day for 28 days is not yet assessable (weight missing), with the weight that would qualify; 60 mg/day qualifies for any weight", () => {
    const r = classifyRefractoriness(course(40, 28, 27), ecco);
    expect(r.labels).toEqual(["not-yet-assessable"]);
    const f = r.findings[0];
    expect(f.notAssessableReason).toBe("weight-missing");
    expect(f.pendingLabel).toBe("steroid-refractory");
    expect(f.reasons.join(" ")).toMatch(/weighs 53\.33 kg or less\. Record weightKg/);
    expect(f.thresholds.steroidRefractoryMinMgPerDay).toMatch(/weight not recorded/);
    const high = classifyRefractoriness(course(60, 28, 27), ecco);
    expect(high.labels).toEqual(["steroid-refractory"]);
    expect(high.findings[0].reasons[0]).toMatch(/meets 0\.75 mg\/kg\/day for any weight/);
  });

  // ECCO judges IV steroids in acute severe colitis at day 3 (Harbord 2017, J Crohns Colitis 11:769).
  it("the IV rule (3 days of IV methylprednisolone with activity) applies under ECCO too, and says whose rule it is", () => {
    const iv: TreatmentHistory = {
      patientId: "IV",
      asOf: day(30),
      mimicsExcluded: true,
      steroids: [{ drug: "methylprednisolone", doseMgPerDay: 60, route: "iv", startDate: D0, endDate: day(2) }],
      assessments: [{ date: day(2), endoscopy: { instrument: "Mayo", score: 3 } }],
    };
    const r = classifyRefractoriness(iv, ecco);
    expect(r.labels).toEqual(["steroid-refractory"]);
    expect(r.findings[0].reasons[0]).toMatch(/IV steroid/);
    expect(r.findings[0].reasons.join(" ")).toMatch(/ECCO's refractory definition is written for oral prednisolone.*day-3 assessment/);
  });

  it("caller overrides apply on top of either set", () => {
    // a fixed dose replaces ECCO's per-kg dose (no weight needed); the 28 days stay
    const fixed = { definitions: "ecco" as const, steroidRefractoryMinMgPerDay: 40 };
    const r = classifyRefractoriness(course(40, 28, 27), fixed);
    expect(r.labels).toEqual(["steroid-refractory"]);
    expect(r.findings[0].thresholds.steroidDefinitionsOverridden).toBe("steroidRefractoryMinMgPerDay = 40");
    expect(r.findings[0].reasons.join(" ")).toMatch(/The caller overrode: steroidRefractoryMinMgPerDay = 40/);
    expect(classifyRefractoriness(course(40, 27, 26), fixed).labels).toEqual([]);
    // the chapter's set with ECCO's 28 days
    expect(classifyRefractoriness(course(40, 27, 26), { steroidRefractoryMinDays: 28 }).labels).toEqual([]);
    expect(classifyRefractoriness(course(40, 27, 26)).labels).toEqual(["steroid-refractory"]);
  });
});

describe("ECCO steroid dependence: not below 10 mg/day within 3 months of starting (Magro 2017; Gomollón 2017)", () => {
  // Response at day 20 on 40 mg; relapse at day 50 on 20 mg; back up to 40, then 20 mg beyond day 90.
  const h: TreatmentHistory = {
    patientId: "D",
    asOf: day(130),
    weightKg: 70,
    mimicsExcluded: true,
    steroids: [
      seg("prednisolone", 40, 0, 27),
      seg("prednisolone", 30, 28, 41),
      seg("prednisolone", 20, 42, 55),
      seg("prednisolone", 40, 56, 69),
      seg("prednisolone", 20, 70, 120),
    ],
    assessments: [
      { date: day(-3), calprotectinUgG: 900 },
      { date: day(20), calprotectinUgG: 80 },
      { date: day(50), calprotectinUgG: 700 },
    ],
  };

  it("still 20 mg/day on day 90 after a relapse on 20 mg/day is dependence under ECCO, labelled on day 90; the chapter's rule (relapse below 10) does not apply", () => {
    const ecco = classifyRefractoriness(h, { definitions: "ecco" });
    expect(ecco.labels).toEqual(["steroid-dependent"]);
    const f = ecco.findings[0];
    expect(f.to).toBe(day(90));
    expect(f.reasons.join(" ")).toMatch(
      /Not reduced below 10 mg\/day prednisone-equivalent within 90 days of starting on 2025-01-01: still 20 mg\/day prednisone-equivalent on 2025-04-01, with recurrent activity on 2025-02-20/,
    );
    expect(f.reasons.join(" ")).toMatch(/Definition applied \("ecco"\): ECCO .*Gomollón 2017/);
    expect(f.thresholds.dependenceStartWindowDays).toBe(90);
    expect(classifyRefractoriness(h).labels).toEqual([]);
    // the chapter's set with ECCO's start clause added by the caller
    expect(classifyRefractoriness(h, { dependenceStartWindowDays: 90 }).labels).toEqual(["steroid-dependent"]);
  });

  it("a block that ends before day 90 cannot meet the start clause", () => {
    const short = { ...h, steroids: h.steroids?.slice(0, 4), asOf: day(80) };
    expect(classifyRefractoriness(short, { definitions: "ecco" }).labels).toEqual([]);
  });
});

describe("budesonide dependence: ECCO's clause, below 3 mg/day budesonide (Gomollón 2017), under both sets", () => {
  // Ileocaecal CD: budesonide 9 mg for 8 weeks, 6 mg for 2 weeks, 3 mg for 2 weeks, then stop.
  const taper = (steroids: SteroidCourse[], relapseDay: number, asOf = 150): TreatmentHistory => ({
    patientId: "B",
    asOf: day(asOf),
    disease: "CD",
    mimicsExcluded: true,
    steroids,
    assessments: [
      { date: day(-3), calprotectinUgG: 900 },
      { date: day(42), calprotectinUgG: 80 },
      { date: day(relapseDay), calprotectinUgG: 700 },
    ],
  });
  const nineSixThree = [seg("budesonide", 9, 0, 55), seg("budesonide", 6, 56, 69), seg("budesonide", 3, 70, 83)];

  it("9 -> 6 -> 3 mg, relapse 17 days after going below 3 mg/day (stopping): steroid-dependent, and the reason names budesonide", () => {
    for (const definitions of ["chapter", "ecco"] as const) {
      const r = classifyRefractoriness(taper(nineSixThree, 100), { definitions });
      expect(r.labels).toEqual(["steroid-dependent"]);
      const f = r.findings[0];
      expect(f.reasons.join(" ")).toMatch(
        /Relapse on 2025-04-11, 17 days after stopping budesonide on 2025-03-25 .*budesonide could not be brought below 3 mg\/day/,
      );
      expect(f.reasons.join(" ")).toMatch(/ECCO's budesonide clause.*chapter's definitions say nothing about budesonide/);
      expect(f.thresholds.budesonideDependenceBelowMgPerDay).toBe(3);
      expect(f.evidence.some((e) => /budesonide 9 mg\/day oral/.test(e.what))).toBe(true);
    }
  });

  it("9 -> 6 -> 3 -> 1.5 mg/day (3 mg every other day), relapse on 1.5 mg/day: dependent while tapering budesonide", () => {
    const r = classifyRefractoriness(taper([...nineSixThree, seg("budesonide", 1.5, 84, 97)], 92));
    expect(r.labels).toEqual(["steroid-dependent"]);
    expect(r.findings[0].reasons[1]).toBe(
      "Relapse on 2025-04-03 while tapering budesonide: 1.5 mg/day budesonide, below the 3 mg/day threshold.",
    );
  });

  it("a relapse on 6 mg/day (not below 3), with the course still running before day 90, is not dependence", () => {
    const r = classifyRefractoriness(taper([seg("budesonide", 9, 0, 55), seg("budesonide", 6, 56)], 65, 70));
    expect(r.labels).toEqual([]);
    expect(
      classifyRefractoriness(taper([seg("budesonide", 9, 0, 55), seg("budesonide", 6, 56)], 65, 70), { definitions: "ecco" }).labels,
    ).toEqual([]);
  });

  it("still 6 mg/day 90 days after starting, after a relapse on 6 mg/day, is dependence (unable to go below 3 mg/day within 3 months)", () => {
    const r = classifyRefractoriness(taper([seg("budesonide", 9, 0, 55), seg("budesonide", 6, 56, 120)], 65, 130));
    expect(r.labels).toEqual(["steroid-dependent"]);
    expect(r.findings[0].to).toBe(day(90));
    expect(r.findings[0].reasons[1]).toMatch(/Not reduced below 3 mg\/day budesonide within 90 days of starting/);
  });

  it("budesonide still never counts toward the systemic steroid-refractory rule, under either set", () => {
    const h = taper([seg("budesonide", 9, 0, 40)], 30, 60);
    h.assessments = [{ date: day(30), calprotectinUgG: 900 }];
    expect(classifyRefractoriness(h).labels).toEqual([]);
    expect(classifyRefractoriness({ ...h, weightKg: 10 }, { definitions: "ecco" }).labels).toEqual([]);
  });
});
