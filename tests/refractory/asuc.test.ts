import { describe, expect, it } from "vitest";
import { ASUC_DISCLAIMER, assessAsucDay3, hoStoolPoints } from "../../src/refractory/asuc";

const excluded = { cdiffExcluded: true, cmvExcluded: true };

describe("Travis/Oxford criteria (Travis 1996 Gut 38:905): > 8 stools, or 3-8 stools with CRP > 45 mg/L on day 3", () => {
  it("applies the boundaries", () => {
    expect(assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 9, crpMgL: 0 }).travisPositive).toBe(true);
    expect(assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 8, crpMgL: 45 }).travisPositive).toBe(false);
    expect(assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 8, crpMgL: 46 }).travisPositive).toBe(true);
    expect(assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 3, crpMgL: 46 }).travisPositive).toBe(true);
    expect(assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 2, crpMgL: 120 }).travisPositive).toBe(false);
  });
});

describe("Lindgren and Ho indices", () => {
  it("Lindgren: stools + 0.14 x CRP > 8 (Lindgren 1998)", () => {
    const r = assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 2, crpMgL: 50 });
    expect(r.lindgrenScore).toBeCloseTo(9, 12);
    expect(r.lindgrenPositive).toBe(true);
    expect(assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 1, crpMgL: 50 }).lindgrenPositive).toBe(false); // exactly 8
  });

  it("Ho: stool points and total with published failure rates 11/43/85 % (Ho 2004)", () => {
    expect([3.9, 4, 6, 6.1, 9, 9.1].map(hoStoolPoints)).toEqual([0, 1, 1, 2, 2, 4]);
    const r = assessAsucDay3({
      dayOfIvSteroids: 3,
      stoolsPerDay: 2,
      crpMgL: 5,
      meanStoolsDays1to3: 5,
      colonicDiameterMm: 40,
      albuminAdmissionGdl: 2.9,
    });
    expect(r.hoScore).toBe(2);
    expect(r.hoFailureRate).toBe(0.43);
    const dil = assessAsucDay3({
      dayOfIvSteroids: 3,
      stoolsPerDay: 2,
      crpMgL: 5,
      meanStoolsDays1to3: 2,
      colonicDiameterMm: 55,
      albuminAdmissionGdl: 3.5,
    });
    expect(dil.hoScore).toBe(4);
    expect(dil.decision).toBe("exclude-infection-first"); // Ho >= 4 predicts failure; infection not yet excluded
    expect(() =>
      assessAsucDay3({
        dayOfIvSteroids: 3,
        stoolsPerDay: 2,
        crpMgL: 5,
        meanStoolsDays1to3: 2,
        colonicDiameterMm: 40,
        albuminAdmissionGdl: 29,
      }),
    ).toThrow(/g\/L/);
  });
});

describe("decision and plan", () => {
  it("predicted failure with infection excluded -> rescue, with surgeon and MDT brought in", () => {
    const r = assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 10, crpMgL: 80, ...excluded });
    expect(r.decision).toBe("rescue-therapy");
    expect(r.rescueAgent).toBe("either");
    expect(r.disclaimer).toBe(ASUC_DISCLAIMER);
    expect(r.reasons[0]).toMatch(/Research and teaching tool/);
    const day3 = r.plan.find((s) => s.when.startsWith("Day 3"));
    expect(day3?.involves).toEqual(expect.arrayContaining(["colorectal surgeon", "IBD MDT"]));
    expect(r.plan.some((s) => /no response -> colectomy/.test(s.action))).toBe(true);
  });

  it("chooses the rescue agent from previous failures", () => {
    expect(assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 10, crpMgL: 80, ...excluded, thiopurineFailure: true }).rescueAgent).toBe(
      "infliximab",
    );
    expect(assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 10, crpMgL: 80, ...excluded, antiTnfFailure: true }).rescueAgent).toBe(
      "ciclosporin",
    );
    const none = assessAsucDay3({
      dayOfIvSteroids: 3,
      stoolsPerDay: 10,
      crpMgL: 80,
      ...excluded,
      antiTnfFailure: true,
      ciclosporinContraindicated: true,
    });
    expect(none.decision).toBe("emergency-colectomy");
  });

  it("infection not excluded -> exclude infection first; emergency signs -> colectomy; no predictor -> continue steroids", () => {
    const inf = assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 10, crpMgL: 80, cdiffExcluded: true });
    expect(inf.decision).toBe("exclude-infection-first");
    expect(inf.reasons.join(" ")).toMatch(/CMV is not excluded/);
    expect(assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 2, crpMgL: 5, surgicalEmergency: true }).decision).toBe(
      "emergency-colectomy",
    );
    const ok = assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: 2, crpMgL: 10, ...excluded });
    expect(ok.decision).toBe("continue-iv-steroids");
    expect(ok.plan[0].involves).toContain("colorectal surgeon (joint care from admission)");
  });

  it("warns off day 3 and rejects bad input", () => {
    expect(assessAsucDay3({ dayOfIvSteroids: 5, stoolsPerDay: 2, crpMgL: 5 }).reasons[1]).toMatch(
      /derived on day 3 of IV steroids; this is day 5/,
    );
    expect(() => assessAsucDay3({ dayOfIvSteroids: 0, stoolsPerDay: 2, crpMgL: 5 })).toThrow(/dayOfIvSteroids/);
    expect(() => assessAsucDay3({ dayOfIvSteroids: 3, stoolsPerDay: -1, crpMgL: 5 })).toThrow(/stoolsPerDay/);
  });
});
