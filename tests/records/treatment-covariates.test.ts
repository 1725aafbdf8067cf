// The treatment covariates of a PK model from treatments.csv (issue 18 item 1, Rosario 2015 Table S4):
// prior anti-TNF and the concomitant drugs at the first dose, read by hand-made courses whose answer
// is known from their dates.
import { describe, expect, it } from "vitest";
import { mapEstimate } from "../../src/pk/bayes";
import { individualParameters, VEDOLIZUMAB_ROSARIO_2015 } from "../../src/pk/models";
import type { Covariates } from "../../src/pk/types";
import { pkSubject } from "../../src/records/pk";
import { treatmentFlags } from "../../src/records/treatment-covariates";
import type { PatientRecord, TreatmentCourse } from "../../src/records/types";
import { adm, lvl, record } from "./record-fixture";

const course = (drug: string, startDate: string, stopDate: string | null, drugClass: string | null = null): TreatmentCourse => ({
  drug,
  drugClass,
  startDate,
  stopDate,
  route: null,
  doseMg: null,
  schedule: null,
  phase: null,
  lowestDoseMg: null,
  stopReason: null,
});

describe("treatmentFlags", () => {
  const FIRST = "2024-01-01";

  it("a prior anti-TNF: a course of another anti-TNF started before the first dose, by name, biosimilar name or class", () => {
    expect(treatmentFlags([course("infliximab", "2022-05-01", "2023-06-01")], "vedolizumab", FIRST).flags).toEqual({ priorAntiTnf: true });
    expect(treatmentFlags([course("Adalimumab-ATTO", "2023-12-31", null)], "vedolizumab", FIRST).flags).toEqual({ priorAntiTnf: true });
    expect(treatmentFlags([course("Golimumab", "2021-01-01", "2021-06-01")], "vedolizumab", FIRST).flags).toEqual({ priorAntiTnf: true });
    expect(treatmentFlags([course("certolizumab pegol", "2021-01-01", "2021-06-01")], "vedolizumab", FIRST).flags).toEqual({
      priorAntiTnf: true,
    });
    expect(treatmentFlags([course("etanerceptish", "2021-01-01", null, "anti-TNF")], "vedolizumab", FIRST).flags).toEqual({
      priorAntiTnf: true,
    });
    const { notes } = treatmentFlags([course("infliximab", "2022-05-01", "2023-06-01")], "vedolizumab", FIRST);
    expect(notes).toEqual(["prior anti-TNF (infliximab from 2022-05-01)"]);
  });

  it("not a prior anti-TNF: one started on or after the first dose, the fitted drug itself, or another class", () => {
    expect(treatmentFlags([course("infliximab", FIRST, null)], "vedolizumab", FIRST).flags).toEqual({});
    expect(treatmentFlags([course("infliximab", "2024-03-01", null)], "vedolizumab", FIRST).flags).toEqual({});
    expect(treatmentFlags([course("infliximab", "2022-01-01", "2023-01-01")], "infliximab", FIRST).flags).toEqual({});
    expect(treatmentFlags([course("infliximab-dyyb", "2022-01-01", "2023-01-01")], "infliximab", FIRST).flags).toEqual({});
    expect(treatmentFlags([course("ustekinumab", "2022-01-01", null, "anti-IL-12/23")], "vedolizumab", FIRST).flags).toEqual({});
    // a drug whose name merely begins like an anti-TNF is not one
    expect(treatmentFlags([course("infliximabx", "2022-01-01", null)], "vedolizumab", FIRST).flags).toEqual({});
  });

  it("a concomitant drug: started by the first dose and not stopped before it (ongoing without a stop date)", () => {
    const at = (c: TreatmentCourse) => treatmentFlags([c], "vedolizumab", FIRST).flags;
    expect(at(course("azathioprine", "2023-01-01", null))).toEqual({ azathioprine: true });
    expect(at(course("azathioprine", FIRST, null))).toEqual({ azathioprine: true });
    expect(at(course("azathioprine", "2023-01-01", FIRST))).toEqual({ azathioprine: true });
    expect(at(course("azathioprine", "2023-01-01", "2023-12-31"))).toEqual({});
    expect(at(course("azathioprine", "2024-01-02", null))).toEqual({});
    expect(at(course("6-MP", "2023-01-01", null))).toEqual({ mercaptopurine: true });
    expect(at(course("Methotrexate", "2023-01-01", null))).toEqual({ methotrexate: true });
    expect(at(course("mesalamine", "2023-01-01", null))).toEqual({ aminosalicylate: true });
    expect(at(course("sulfasalazine", "2023-01-01", null))).toEqual({ aminosalicylate: true });
    expect(at(course("prednisone", "2023-01-01", null))).toEqual({});
  });

  it("several at once, each with its note, in the order prior anti-TNF then the concomitant drugs", () => {
    const r = treatmentFlags(
      [
        course("mesalamine", "2020-01-01", null),
        course("azathioprine", "2022-01-01", null),
        course("adalimumab", "2022-02-01", "2023-11-01"),
      ],
      "vedolizumab",
      FIRST,
    );
    expect(r.flags).toEqual({ priorAntiTnf: true, azathioprine: true, aminosalicylate: true });
    expect(r.notes).toEqual([
      "prior anti-TNF (adalimumab from 2022-02-01)",
      "azathioprine at the first dose (from 2022-01-01)",
      "mesalamine at the first dose (from 2020-01-01)",
    ]);
  });
});

describe("pkSubject for a model with treatment covariates (Rosario 2015)", () => {
  const ved = (over: Partial<PatientRecord> = {}) =>
    record({
      disease: "UC",
      firstBiologic: "infliximab",
      administrations: [
        { ...adm("2024-01-01", 300, "IV", 0.5), drug: "vedolizumab" },
        { ...adm("2024-01-15", 300, "IV", 0.5), drug: "vedolizumab" },
        { ...adm("2024-02-12", 300, "IV", 0.5), drug: "vedolizumab" },
      ],
      drugLevels: [
        { ...lvl("2024-01-15", 38), drug: "vedolizumab" },
        { ...lvl("2024-02-12", 25), drug: "vedolizumab" },
      ],
      treatments: [course("infliximab", "2022-03-01", "2023-10-01", "anti-TNF"), course("mesalamine", "2021-01-01", null, "5-ASA")],
      ...over,
    });

  it("the flags in force at the first dose enter the baseline, and the reasons say where they come from", () => {
    const s = pkSubject(ved(), { drug: "vedolizumab" });
    expect(s.modelId).toBe("vedolizumab-rosario-2015");
    expect(s.covariates.baseline.priorAntiTnf).toBe(true);
    expect(s.covariates.baseline.aminosalicylate).toBe(true);
    expect(s.covariates.baseline.azathioprine).toBeUndefined();
    expect(s.covariates.baseline.ulcerativeColitis).toBe(true);
    const cov = s.reasons.find((r) => r.startsWith("Covariates:")) as string;
    expect(cov).toContain(
      "from treatments.csv: prior anti-TNF (infliximab from 2022-03-01), mesalamine at the first dose (from 2021-01-01)",
    );
    expect(cov).toContain("partial Mayo score not in the cohort files: the reference patient's 6 is used");
    expect(cov).not.toContain("CDAI");
    // the model uses them: this patient's typical CL is 1.04 x 1.02 that of the same patient without them
    const plain = pkSubject(ved({ treatments: [] }), { drug: "vedolizumab" });
    const typicalCl = (b: Covariates) => individualParameters(VEDOLIZUMAB_ROSARIO_2015, b).CL;
    expect(typicalCl(s.covariates.baseline) / typicalCl(plain.covariates.baseline)).toBeCloseTo(1.04 * 1.02, 14);
    expect(mapEstimate(s.model, s.regimen, s.observations, s.covariates).converged).toBe(true);
  });

  it("no treatment covariates: said, and nothing set; in Crohn's disease the CDAI is the score said to be missing", () => {
    const s = pkSubject(ved({ treatments: [], disease: "CD" }), { drug: "vedolizumab" });
    for (const k of ["priorAntiTnf", "azathioprine", "mercaptopurine", "methotrexate", "aminosalicylate"] as const)
      expect(s.covariates.baseline[k]).toBeUndefined();
    const cov = s.reasons.find((r) => r.startsWith("Covariates:")) as string;
    expect(cov).toContain(
      "treatments.csv: no prior anti-TNF, no concomitant thiopurine, methotrexate or aminosalicylate at the first dose",
    );
    expect(cov).toContain("CDAI not in the cohort files: the reference patient's 300 is used");
    expect(cov).not.toContain("partial Mayo");
  });

  it("a model without treatment covariates is not given any, and its reasons do not mention treatments.csv", () => {
    const s = pkSubject(record({ treatments: [course("adalimumab", "2022-01-01", "2023-01-01")] }), { drug: "infliximab" });
    expect(s.covariates.baseline.priorAntiTnf).toBeUndefined();
    expect(s.reasons.join(" ")).not.toContain("treatments.csv");
  });

  it("a malformed treatment course is refused with the field named, when the model reads treatments", () => {
    const bad = ved({ treatments: [{ ...course("azathioprine", "2023-01-01", null), startDate: "01/03/2023" }] });
    expect(() => pkSubject(bad, { drug: "vedolizumab", model: VEDOLIZUMAB_ROSARIO_2015 })).toThrow(/treatments\[0\]\.startDate/);
  });
});
