// Who is called in at each next step (src/refractory/care-team.ts): every step the pathway reports on the
// sample cohorts has an entry; the chapter's mechanical and laboratory steps call in the people who do them.
import { describe, expect, it } from "vitest";
import { loadCohort } from "../../src/cohort/load";
import { InputError } from "../../src/core/errors";
import { patientRecords } from "../../src/records/build";
import { CARE_ROLES, CARE_TEAM, careTeamFor } from "../../src/refractory/care-team";
import { classifyCohort, type NextStep } from "../../src/refractory/cohort";
import { treatmentHistories } from "../../src/refractory/histories";

describe("careTeamFor", () => {
  it("has an entry, a reason and a source for every step the pathway reports on the sample cohorts", () => {
    const steps = new Set<NextStep>();
    for (const dir of ["data/uc", "data/cd"]) {
      for (const r of classifyCohort(treatmentHistories(patientRecords(loadCohort(dir))), { useRecordedOutcomes: true }))
        if (r.next) steps.add(r.next.step);
    }
    expect(steps.size).toBeGreaterThanOrEqual(9);
    for (const s of steps) {
      const e = careTeamFor(s);
      expect(e.because.length, s).toBeGreaterThan(40);
      expect(e.source, s).toMatch(/Fiorino 2020/);
      expect(new Set(e.calledIn).size, s).toBe(e.calledIn.length);
    }
  });

  it("calls in those who do the chapter's mechanical and laboratory work", () => {
    // the chapter: a fibrotic stricture is stretched open endoscopically or removed surgically
    expect(careTeamFor("dilatation or surgery").calledIn.slice(0, 2)).toEqual(["colorectal surgeon", "interventional endoscopist"]);
    // the chapter's mimic hunt: C. difficile toxin in the stool, CMV on biopsy
    expect(careTeamFor("exclude mimics").calledIn).toEqual(expect.arrayContaining(["microbiologist", "histopathologist"]));
    // symptoms without inflammation: no more immunosuppression, so no pharmacist
    expect(careTeamFor("investigate non-inflammatory symptoms").calledIn).not.toContain("IBD pharmacist");
    expect(careTeamFor("optimise dose").calledIn[0]).toBe("IBD pharmacist");
    expect(careTeamFor("continue current plan").calledIn).toEqual([]);
    expect(Object.keys(CARE_TEAM)).toHaveLength(14);
  });

  it("names only the team's roles, each at least once, and a source and reason a reader can follow for every step", () => {
    const used = new Set<string>();
    for (const [step, e] of Object.entries(CARE_TEAM)) {
      for (const r of e.calledIn) {
        expect(CARE_ROLES, `${step}: ${r}`).toContain(r);
        used.add(r);
      }
      expect(e.because, step).toMatch(/^[A-Z].{40,}\.$/);
      expect(e.source, step).toMatch(/Fiorino 2020, ECCO quality-of-care standards \(J Crohns Colitis 14:1037\)$/);
    }
    expect([...used].sort()).toEqual([...CARE_ROLES].sort());
    // every step that asks for something calls someone in; only "continue current plan" does not
    expect(
      Object.entries(CARE_TEAM)
        .filter(([, e]) => e.calledIn.length === 0)
        .map(([step]) => step),
    ).toEqual(["continue current plan"]);
    // the steps whose work-up a guideline describes cite it
    expect(careTeamFor("dilatation or surgery").source).toMatch(
      /^Rieder 2016, ECCO topical review on fibrostenosing Crohn's disease \(J Crohns Colitis 10:873\)/,
    );
    for (const s of ["optimise dose", "switch within class + immunomodulator", "measure trough and ADA"] as const)
      expect(careTeamFor(s).source).toMatch(/^AGA 2017 TDM guideline \(Feuerstein, Gastroenterology 153:827\)/);
    expect(careTeamFor("exclude mimics").source).toMatch(/^Chapter, "The Hunt for Mimics"/);
    expect(careTeamFor("exclude mimics").because).toMatch(/C\. difficile toxin in the stool, CMV on biopsy/);
    expect(careTeamFor("investigate non-inflammatory symptoms").because).toMatch(/not by more immunosuppression/);
  });

  it("names the field and the steps for a step it does not know, including untyped input", () => {
    for (const bad of ["surgery", "toString", "__proto__", 3, null, undefined]) {
      expect(() => careTeamFor(bad as NextStep)).toThrow(InputError);
    }
    expect(() => careTeamFor("surgery" as NextStep)).toThrow(/step.*one of the next steps: dilatation or surgery, /);
  });
});
