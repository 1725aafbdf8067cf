import { describe, expect, it } from "vitest";
import { loadCohort } from "../../src/cohort/index";
import { discordanceFromModule, historiesFromCohort, mimicGateFromCohort, taperSegments } from "../../src/refractory/adapters";
import { classifyRefractoriness } from "../../src/refractory/classify";
import { classifyCohort, nextStep, nextStepSankey, summarizeCohort } from "../../src/refractory/cohort";
import { addDays } from "../../src/refractory/dates";
import type { AdaResult, TreatmentHistory } from "../../src/refractory/types";

const D0 = "2025-01-01";
const day = (n: number) => addDays(D0, n);

const pnr = (levelUgMl: number, ada?: AdaResult): TreatmentHistory => ({
  patientId: "PNR",
  asOf: day(110),
  mimicsExcluded: true,
  advancedTherapies: [{ drug: "infliximab", startDate: D0 }],
  assessments: [
    { date: day(-5), endoscopy: { instrument: "Mayo", score: 3 } },
    { date: day(98), endoscopy: { instrument: "Mayo", score: 3 } },
  ],
  drugLevels: [{ date: day(98), drug: "infliximab", levelUgMl, timing: "trough", ada }],
});

describe("nextStep", () => {
  it("routes a PNR through tdmDecision on the latest level: adequate trough -> switch out of class", () => {
    const h = pnr(12, { titre: 0, highThreshold: 3.1 });
    const n = nextStep(h, classifyRefractoriness(h));
    expect(n.step).toBe("switch out of class");
    expect(n.drivenBy).toBe("primary-non-response");
    expect(n.tdm?.thresholds.troughTargetUgMl).toBe(3); // week 14 sample: Papamichael week-14 target
    expect(n.reasons.some((r) => /full 14-week induction/.test(r))).toBe(true);
  });

  it("low trough with high ADA -> switch within class; no level -> measure trough and ADA", () => {
    const h = pnr(0.5, { titre: 20, highThreshold: 3.1 });
    expect(nextStep(h, classifyRefractoriness(h)).step).toBe("switch within class + immunomodulator");
    const none = { ...pnr(1), drugLevels: [] };
    expect(nextStep(none, classifyRefractoriness(none)).step).toBe("measure trough and ADA");
  });

  it("puts mimics first and structural obstruction before everything", () => {
    const h = { ...pnr(12), mimicsExcluded: false };
    expect(nextStep(h, classifyRefractoriness(h)).step).toBe("exclude mimics");
    const s: TreatmentHistory = { ...pnr(12), strictures: [{ date: day(100), nature: "fibrotic", obstructiveSymptoms: true }] };
    expect(nextStep(s, classifyRefractoriness(s)).step).toBe("dilatation or surgery");
  });

  it("ECCO steroid rule without a body weight -> record the weight (not 'continue current plan')", () => {
    // ECCO 2017 (Magro, J Crohns Colitis 11:649): refractory despite up to 0.75 mg/kg/day for 4 weeks needs the weight.
    const h: TreatmentHistory = {
      patientId: "W",
      asOf: day(40),
      mimicsExcluded: true,
      steroids: [{ drug: "prednisolone", doseMgPerDay: 40, route: "oral", startDate: D0, endDate: day(32) }],
      assessments: [{ date: day(31), calprotectinUgG: 900 }],
    };
    const opts = { definitions: "ecco" } as const;
    expect(nextStep(h, classifyRefractoriness(h, opts), opts).step).toBe("record weight");
    const weighed = { ...h, weightKg: 50 }; // 0.75 x 50 = 37.5 <= 40 mg/day for 32 days
    expect(nextStep(weighed, classifyRefractoriness(weighed, opts), opts).step).toBe("steroid-sparing advanced therapy");
  });

  it("takes the body weight from patients.csv", () => {
    const { data } = loadCohort("data/uc");
    expect(historiesFromCohort({ data })[0]).toMatchObject({ patientId: "UC001", weightKg: 70.9 });
  });

  it("with no label says so", () => {
    const h: TreatmentHistory = { patientId: "N", asOf: D0 };
    const n = nextStep(h, classifyRefractoriness(h));
    expect(n.step).toBe("continue current plan");
    expect(n.drivenBy).toBe("none");
  });
});

describe("classifyCohort, summary and Sankey", () => {
  const histories: TreatmentHistory[] = [
    pnr(12, { titre: 0, highThreshold: 3.1 }),
    { ...pnr(0.5, { titre: 20, highThreshold: 3.1 }), patientId: "SLR" },
    { patientId: "OK", asOf: D0 },
    { patientId: "BAD", asOf: "2025-02-31" },
  ];

  it("classifies every patient and records an invalid history as an error row", () => {
    const rows = classifyCohort(histories);
    expect(rows.map((r) => r.patientId)).toEqual(["PNR", "SLR", "OK", "BAD"]);
    expect(rows[3].error).toMatch(/asOf.*real calendar date/);
    expect(rows[3].classification).toBeUndefined();
    const s = summarizeCohort(rows);
    expect(s.patients).toBe(4);
    expect(s.errors).toBe(1);
    expect(s.labels.find((l) => l.label === "primary-non-response")).toEqual({ label: "primary-non-response", patients: 2, percent: 66.7 });
    expect(s.steps.reduce((a, b) => a + b.patients, 0)).toBe(3);
  });

  it("the Sankey carries one unit of flow per classified patient", () => {
    const fig = nextStepSankey(classifyCohort(histories));
    const link = fig.data[0].link as { value: number[]; source: number[]; target: number[] };
    expect(link.value.reduce((a, b) => a + b, 0)).toBe(3);
    const labels = (fig.data[0].node as { label: string[] }).label;
    expect(labels).toEqual(
      expect.arrayContaining([
        "primary-non-response",
        "no label",
        "switch out of class",
        "switch within class + immunomodulator",
        "continue current plan",
      ]),
    );
  });
});

describe("recorded course outcomes (useRecordedOutcomes)", () => {
  const h: TreatmentHistory = {
    patientId: "R",
    asOf: day(200),
    mimicsExcluded: true,
    steroids: [
      { drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: D0, endDate: day(20), recordedOutcome: "no-response" },
      { drug: "prednisone", doseMgPerDay: 7.5, route: "oral", startDate: day(100), endDate: day(120), recordedOutcome: "relapse-on-taper" },
    ],
  };
  it("without the option the courses are not assessable (objective data missing)", () => {
    const r = classifyRefractoriness(h);
    expect(r.labels).toEqual(["not-yet-assessable"]);
    expect(r.findings.map((f) => f.pendingLabel)).toEqual(["steroid-refractory", "steroid-dependent"]);
  });
  it("with the option they are labelled, and the reasons say the evidence is a record", () => {
    const r = classifyRefractoriness(h, { useRecordedOutcomes: true });
    expect(r.labels).toEqual(["steroid-refractory", "steroid-dependent"]);
    expect(r.findings[0].reasons.join(" ")).toMatch(/recorded outcome 'no response' was accepted/);
    expect(r.findings[1].reasons[0]).toMatch(/7\.5 mg\/day .*below 10/);
  });
});

describe("cohort adapter", () => {
  it("expands a 40 -> 7.5 mg taper into 5 mg steps over the course", () => {
    const segs = taperSegments("prednisone", 40, 7.5, D0, day(69), "oral");
    expect(segs.map((s) => s.doseMgPerDay)).toEqual([40, 35, 30, 25, 20, 15, 10, 7.5]);
    expect(segs[0].endDate).toBe(day(13));
    expect(segs[segs.length - 1].endDate).toBe(day(69));
    // contiguous segments
    for (let i = 1; i < segs.length; i++) expect(segs[i].startDate).toBe(addDays(segs[i - 1].endDate as string, 1));
    expect(taperSegments("prednisone", 40, 40, D0, day(20), "oral")).toEqual([
      { drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: D0, endDate: day(20) },
    ]);
  });

  // Teaching patients of the sample cohorts (src/cohort TEACHING_PATIENTS; data/uc, data/cd).
  it("classifies the chapter's teaching patients of data/uc and data/cd as their descriptions say", () => {
    const uc = classifyCohort(historiesFromCohort(loadCohort("data/uc")), { useRecordedOutcomes: true });
    const cd = classifyCohort(historiesFromCohort(loadCohort("data/cd")), { useRecordedOutcomes: true });
    const get = (rows: typeof uc, id: string) => rows.find((r) => r.patientId === id);
    expect(get(uc, "UC002")?.classification?.labels).toContain("secondary-loss-of-response");
    expect(get(uc, "UC002")?.next?.step).toBe("switch within class + immunomodulator");
    expect(get(uc, "UC003")?.classification?.labels).toContain("primary-non-response");
    expect(get(uc, "UC003")?.next?.step).toBe("switch out of class");
    expect(get(uc, "UC004")?.classification?.findings[0].reasons[0]).toMatch(/IV steroid .* for 5 consecutive days/);
    expect(get(uc, "UC005")?.next?.step).toBe("exclude mimics");
    expect(get(uc, "UC006")?.classification?.labels).toEqual(["steroid-dependent"]);
    expect(
      get(uc, "UC007")?.classification?.findings.some(
        (f) => f.pendingLabel === "steroid-refractory" && f.notAssessableReason === "mimics-not-excluded",
      ),
    ).toBe(true);
    expect(get(cd, "CD001")?.classification?.labels).toContain("refractory-symptoms");
    expect(
      get(cd, "CD002")?.classification?.findings.some((f) => f.label === "refractory-inflammation" && /feels well/.test(f.reasons[0])),
    ).toBe(true);
    expect(get(cd, "CD003")?.next?.step).toBe("switch within class + immunomodulator");
    expect(get(cd, "CD004")?.classification?.labels).toContain("primary-non-response");
    expect(get(cd, "CD005")?.next?.step).toBe("dilatation or surgery");
    expect(get(cd, "CD006")?.classification?.labels).toContain("steroid-refractory");
    expect(uc.every((r) => !r.error) && cd.every((r) => !r.error)).toBe(true);
  });

  // src/mimics (mimicsExcluded) and src/discordance (classifyDiscordance) through the thin adapters.
  it("uses the src/mimics gate and the src/discordance call when asked", () => {
    const uc = loadCohort("data/uc");
    // The src/mimics workup now asks about NSAIDs, which the tables do not record: the gate must be
    // told to assume none (assumeNoNsaids), as it is told to assume adherence, for anyone to pass it.
    const hs = historiesFromCohort(uc, {
      mimicsExcluded: mimicGateFromCohort(uc, { assumeAdherenceConfirmed: true, assumeNoNsaids: true }),
      discordance: discordanceFromModule,
    });
    const get = (id: string) => hs.find((h) => h.patientId === id) as TreatmentHistory;
    expect(get("UC007").mimicsExcluded).toBe(false);
    expect(get("UC007").mimicNote).toMatch(/Mimic found: cmv/);
    expect(get("UC005").mimicNote).toMatch(/c-difficile/);
    expect(get("UC001").mimicsExcluded).toBe(true);
    expect(get("UC001").discordance?.quadrant).toBe("refractory-symptoms");
    const strict = historiesFromCohort(uc, { mimicsExcluded: mimicGateFromCohort(uc) });
    // without an adherence record the src/mimics adherence step stays pending
    expect(strict.find((h) => h.patientId === "UC001")?.mimicsExcluded).toBe(false);
    // and without an NSAID record the NSAID step does
    const noNsaidRecord = historiesFromCohort(uc, { mimicsExcluded: mimicGateFromCohort(uc, { assumeAdherenceConfirmed: true }) });
    expect(noNsaidRecord.find((h) => h.patientId === "UC001")?.mimicNote).toMatch(/Not yet excluded: nsaids\./);
    const cd = loadCohort("data/cd");
    const cdH = historiesFromCohort(cd, { discordance: discordanceFromModule });
    expect(cdH.find((h) => h.patientId === "CD002")?.discordance?.quadrant).toBe("silent-inflammation");
  });
});
