import { describe, expect, it } from "vitest";
import { ASUC_DISCLAIMER, assessAsucDay3, hoStoolPoints } from "../../src/refractory/asuc";

const excluded = { cdiffToxin: "negative", cmvBiopsy: "negative" } as const;

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
    expect(dil.decision).toBe("rescue-therapy"); // Ho >= 4 predicts failure; pending tests do not delay rescue
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
    expect(r.plan.some((s) => /no response -> urgent colectomy/.test(s.action))).toBe(true);
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
    // A colectomy planned because no rescue agent suits is urgent, not an emergency (reviewer's wording, issue 21).
    expect(none.decision).toBe("urgent-colectomy");
    expect(none.plan.at(-1)?.action).toMatch(/^Urgent \(planned\) subtotal colectomy/);
  });

  it("emergency signs -> emergency colectomy; no predictor -> continue steroids", () => {
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

// Clinical review (issue 21): rescue is not delayed for a pending CMV biopsy (BSG 2019, Lamb et al., Gut 68:s1;
// ECCO 2021 infections guideline, Kucharzik et al., J Crohns Colitis 15:879). Each test fails on the rules before the review.
describe("infection results and rescue", () => {
  const failing = { dayOfIvSteroids: 3, stoolsPerDay: 10, crpMgL: 80 } as const;

  it("steroid failure predicted, C. difficile negative, CMV biopsy pending -> rescue today, with screening in the plan", () => {
    const r = assessAsucDay3({ ...failing, cdiffToxin: "negative", cmvBiopsy: "pending" });
    expect(r.decision).toBe("rescue-therapy");
    expect(r.rescueAgent).toBe("either");
    const text = r.reasons.join(" ");
    expect(text).toMatch(/CMV biopsy result is pending: histology takes days, and rescue therapy or colectomy is not delayed/);
    expect(text).toMatch(/if CMV colitis is found, ganciclovir is added/);
    const today = r.plan.find((s) => s.when === "Day 3 (today)");
    expect(today?.action).toMatch(/Start rescue therapy .*do not wait for the CMV biopsy/);
    // Screening that must precede infliximab or ciclosporin, sent on admission.
    for (const screen of [/hepatitis B/, /tuberculosis/, /HIV/, /varicella zoster/]) expect(r.plan[0].action).toMatch(screen);
    expect(text).toMatch(/Pre-rescue screening is not recorded as complete/);
    expect(r.thresholds.rescueScreening).toMatch(/hepatitis B.*tuberculosis.*HIV.*varicella/);
  });

  it("CMV found -> rescue with ganciclovir added, not withheld", () => {
    const r = assessAsucDay3({ ...failing, cdiffToxin: "negative", cmvBiopsy: "positive", rescueScreeningComplete: true });
    expect(r.decision).toBe("rescue-therapy");
    expect(r.plan.find((s) => s.when === "Day 3 (today)")?.action).toMatch(/with IV ganciclovir for CMV colitis/);
    expect(r.reasons.join(" ")).toMatch(/Pre-rescue screening is complete and clear/);
  });

  it("positive C. difficile toxin -> treat it and reassess (oral vancomycin or fidaxomicin)", () => {
    const r = assessAsucDay3({ ...failing, cdiffToxin: "positive", cmvBiopsy: "negative" });
    expect(r.decision).toBe("treat-infection-and-reassess");
    expect(r.rescueAgent).toBeUndefined();
    expect(r.plan.at(-1)?.action).toMatch(/oral vancomycin or fidaxomicin.*reassess in 24-48 hours/);
  });

  it("a C. difficile result not yet back does not stop the rescue plan, but must be in hand before the first dose", () => {
    const r = assessAsucDay3({ ...failing, cmvBiopsy: "negative" });
    expect(r.decision).toBe("rescue-therapy");
    expect(r.reasons.join(" ")).toMatch(/C\. difficile toxin result is not back.*before the first rescue dose/);
  });

  it("rejects the replaced booleans and unknown results by name", () => {
    expect(() => assessAsucDay3({ ...failing, cdiffExcluded: true } as never)).toThrow(/cdiffExcluded.*cdiffToxin/);
    expect(() => assessAsucDay3({ ...failing, cmvBiopsy: "maybe" as never })).toThrow(/cmvBiopsy/);
    expect(() => assessAsucDay3(null as never)).toThrow(/input/);
  });
});
