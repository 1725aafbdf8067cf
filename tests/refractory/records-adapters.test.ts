/**
 * The record-based adapters of src/refractory (issue 13): treatmentHistories, mimicGate and
 * pathwayScores read only patient records (src/records). Each documented rule of
 * src/refractory/histories.ts is pinned on small hand-built records, so a changed rule fails here;
 * the cohort wrappers (historiesFromCohort, ...) are covered by cohort.test.ts and inputs.test.ts.
 */
import { describe, expect, it } from "vitest";
import { loadCohort } from "../../src/cohort/load";
import { InputError } from "../../src/core/errors";
import { patientRecords } from "../../src/records/build";
import type { DrugLevelRecord, InfectionTest, PatientRecord, ScoreReading, TreatmentCourse } from "../../src/records/types";
import { addDays } from "../../src/refractory/dates";
import { treatmentHistories } from "../../src/refractory/histories";
import { mimicGate } from "../../src/refractory/mimic-gate";
import { IL23_TH17_GENE_SET, TNF_GENE_SET } from "../../src/refractory/pathway";
import { pathwayScores } from "../../src/refractory/pathway-scores";
import type { TreatmentHistory } from "../../src/refractory/types";

const D0 = "2025-01-01";
const day = (n: number) => addDays(D0, n);

function record(over: Partial<PatientRecord> = {}): PatientRecord {
  return {
    patientId: "P1",
    disease: "UC",
    sex: null,
    ageYears: null,
    weightKg: null,
    heightCm: null,
    diagnosisDate: null,
    baselineDate: null,
    extent: null,
    behavior: null,
    ilealResection: null,
    smoker: null,
    immunomodulator: null,
    firstBiologic: null,
    teachingCase: null,
    covariates: { weightKg: [], albuminGdl: [], crpMgL: [], calprotectinUgG: [] },
    labs: [],
    administrations: [],
    drugLevels: [],
    treatments: [],
    symptoms: [],
    endoscopy: [],
    strictures: [],
    infectionTests: [],
    geneExpression: [],
    ...over,
  };
}
const course = (drug: string, start: number, stop: number | null, over: Partial<TreatmentCourse> = {}): TreatmentCourse => ({
  drug,
  drugClass: null,
  startDate: day(start),
  stopDate: stop === null ? null : day(stop),
  route: "oral",
  doseMg: 40,
  schedule: "daily",
  phase: null,
  lowestDoseMg: null,
  stopReason: null,
  ...over,
});
const reading = (d: number, instrument: string, score: number, n = 1): ScoreReading => ({
  date: day(d),
  week: null,
  instrument,
  reading: n,
  score,
});
const test = (d: number, name: string, result: InfectionTest["result"], sehcatRetentionPct: number | null = null): InfectionTest => ({
  date: day(d),
  test: name,
  result,
  sehcatRetentionPct,
  breathH2RisePpm: null,
});
const level = (d: number, valueUgMl: number | null, over: Partial<DrugLevelRecord> = {}): DrugLevelRecord => ({
  date: day(d),
  drug: "infliximab",
  valueUgMl,
  censored: valueUgMl === null ? "below" : null,
  limitUgMl: valueUgMl === null ? 0.4 : null,
  lloqUgMl: 0.4,
  ada: { assay: null, levelUMl: null, thresholdUMl: null, result: null },
  ...over,
});
const one = (over: Partial<PatientRecord>, options = {}): TreatmentHistory => treatmentHistories([record(over)], options)[0];

describe("treatmentHistories: steroid courses", () => {
  it("expands a tapered course: the start dose for 14 days, then 5 mg steps spread to the lowest dose", () => {
    const h = one({ treatments: [course("prednisolone", 0, 69, { schedule: "daily, tapered", doseMg: 40, lowestDoseMg: 7.5 })] });
    const s = h.steroids ?? [];
    expect(s.map((x) => x.doseMgPerDay)).toEqual([40, 35, 30, 25, 20, 15, 10, 7.5]);
    // 70 days: 14 at 40 mg, then 56 days over 7 steps = 8 days each
    expect(s[0]).toEqual({ drug: "prednisolone", doseMgPerDay: 40, route: "oral", startDate: D0, endDate: day(13) });
    expect(s[1]).toMatchObject({ startDate: day(14), endDate: day(21) });
    expect(s[7]).toMatchObject({ startDate: day(62), endDate: day(69) });
    for (let i = 1; i < s.length; i++) expect(s[i].startDate).toBe(addDays(s[i - 1].endDate as string, 1));
  });

  it("keeps an untapered course, or a taper without a lowest dose, as one segment; drops 0 mg; maps the route", () => {
    const h = one({
      treatments: [
        course("prednisone", 0, 20, { schedule: "daily", doseMg: 40, lowestDoseMg: 10 }),
        course("prednisolone", 30, 50, { schedule: "tapered", doseMg: 30, lowestDoseMg: null }),
        course("methylprednisolone", 60, 64, { route: "IV", doseMg: 60 }),
        course("hydrocortisone", 70, 80, { route: "Rectal", doseMg: 100 }),
        course("budesonide", 90, null, { route: null, doseMg: 9 }),
        course("prednisone", 100, 110, { doseMg: null }),
      ],
    });
    expect(h.steroids).toEqual([
      { drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: D0, endDate: day(20) },
      { drug: "prednisolone", doseMgPerDay: 30, route: "oral", startDate: day(30), endDate: day(50) },
      { drug: "methylprednisolone", doseMgPerDay: 60, route: "iv", startDate: day(60), endDate: day(64) },
      { drug: "hydrocortisone", doseMgPerDay: 100, route: "rectal", startDate: day(70), endDate: day(80) },
      { drug: "budesonide", doseMgPerDay: 9, route: "oral", startDate: day(90), endDate: undefined },
    ]);
  });

  it("turns recorded stop reasons into outcomes on the last segment", () => {
    const h = one({
      treatments: [
        course("prednisone", 0, 69, { schedule: "daily, tapered", lowestDoseMg: 7.5, stopReason: "relapse_on_taper" }),
        course("prednisone", 100, 120, { stopReason: "no_response" }),
        course("prednisone", 200, 220, { stopReason: "taper_complete" }),
        course("prednisone", 300, 320, { stopReason: "adverse_event" }),
        course("prednisone", 400, 420, { stopReason: "constructor" }),
      ],
    });
    const s = h.steroids ?? [];
    expect(s.filter((x) => x.recordedOutcome).map((x) => [x.startDate, x.recordedOutcome])).toEqual([
      [day(62), "relapse-on-taper"],
      [day(100), "no-response"],
      [day(200), "taper-complete"],
    ]);
    expect(s.some((x) => x.outcomeDate !== undefined)).toBe(false);
  });

  it("dates a relapse after stopping at the next steroid or advanced-therapy start after the course", () => {
    const h = one({
      treatments: [
        course("infliximab", 5, null, { route: "IV" }), // before the course ended: not the relapse
        course("prednisone", 0, 30, { stopReason: "relapse_after_stop" }),
        course("azathioprine", 40, null), // neither steroid nor advanced therapy
        course("adalimumab", 60, null, { route: "SC" }),
        course("prednisolone", 100, 120),
      ],
    });
    expect((h.steroids ?? [])[0]).toMatchObject({ recordedOutcome: "relapse-after-stop", outcomeDate: day(60) });
    const alone = one({ treatments: [course("prednisone", 0, 30, { stopReason: "relapse_after_stop" }), course("prednisolone", 90, 100)] });
    expect((alone.steroids ?? [])[0].outcomeDate).toBe(day(90));
    const none = one({ treatments: [course("prednisone", 0, 30, { stopReason: "relapse_after_stop" })] });
    expect((none.steroids ?? [])[0].outcomeDate).toBeUndefined();
  });
});

describe("treatmentHistories: advanced therapies", () => {
  it("merges rows of the same drug less than 70 days apart (stop to next start) into one course", () => {
    const merged = one({ treatments: [course("infliximab", 0, 100, { doseMg: 350 }), course("infliximab", 169, 300, { doseMg: 700 })] });
    expect(merged.advancedTherapies).toEqual([{ drug: "infliximab", startDate: D0, endDate: day(300), doseMg: 350 }]);
    const apart = one({ treatments: [course("infliximab", 0, 100), course("infliximab", 170, 300)] });
    expect(apart.advancedTherapies?.map((c) => [c.startDate, c.endDate])).toEqual([
      [D0, day(100)],
      [day(170), day(300)],
    ]);
    const ongoingLater = one({ treatments: [course("infliximab", 0, 42), course("infliximab", 98, null)] });
    expect(ongoingLater.advancedTherapies).toEqual([{ drug: "infliximab", startDate: D0, endDate: undefined, doseMg: 40 }]);
  });

  it("does not merge different drugs, an ongoing course, or drugs outside src/drugs", () => {
    const h = one({
      treatments: [
        course("infliximab", 0, 100),
        course("adalimumab", 110, 200),
        course("adalimumab", 210, null),
        course("adalimumab", 220, null),
        course("mesalamine", 0, null),
      ],
    });
    expect(h.advancedTherapies?.map((c) => [c.drug, c.startDate, c.endDate])).toEqual([
      ["infliximab", D0, day(100)],
      ["adalimumab", day(110), undefined],
      ["adalimumab", day(220), undefined],
    ]);
  });
});

describe("treatmentHistories: assessments, symptoms and drug levels", () => {
  it("averages the endoscopy readers of the disease's instrument and merges labs by date", () => {
    const h = one({
      endoscopy: [
        reading(10, "mayo_endoscopic", 2, 1),
        reading(10, "mayo_endoscopic", 3, 2),
        reading(10, "uceis", 7),
        reading(20, "ses_cd", 12),
      ],
      labs: [
        { date: day(10), week: null, crpMgL: 5, albuminGdl: null, hemoglobinGdl: null, calprotectinUgG: 400, calprotectinDay2UgG: null },
        { date: day(15), week: null, crpMgL: null, albuminGdl: 3, hemoglobinGdl: null, calprotectinUgG: null, calprotectinDay2UgG: null },
      ],
    });
    expect(h.assessments).toEqual([{ date: day(10), endoscopy: { instrument: "Mayo", score: 2.5 }, calprotectinUgG: 400, crpMgL: 5 }]);
    // the SES-CD reading of a UC record is not read, and its date does not set asOf (the lab of day 15 does)
    expect(h.asOf).toBe(day(15));
    const cd = one({
      disease: "CD",
      endoscopy: [reading(10, "mayo_endoscopic", 2), reading(20, "ses_cd", 12, 1), reading(20, "ses_cd", 9, 2)],
    });
    expect(cd.assessments).toEqual([{ date: day(20), endoscopy: { instrument: "SES-CD", score: 10.5 } }]);
  });

  it("UC symptoms: Mayo stool + bleeding, both needed, remission when stool <= 1 and bleeding 0", () => {
    const h = one({
      symptoms: [
        reading(0, "mayo_stool_frequency", 1),
        reading(0, "mayo_rectal_bleeding", 0),
        reading(10, "mayo_stool_frequency", 2),
        reading(10, "mayo_stool_frequency", 1, 2),
        reading(10, "mayo_rectal_bleeding", 0),
        reading(20, "mayo_stool_frequency", 0),
        reading(20, "mayo_rectal_bleeding", 1),
        reading(30, "mayo_stool_frequency", 0),
        reading(30, "hbi", 2),
      ],
    });
    expect(h.symptoms).toEqual([
      { date: D0, instrument: "Mayo stool + bleeding", value: 1, remission: true },
      { date: day(10), instrument: "Mayo stool + bleeding", value: 1.5, remission: false },
      { date: day(20), instrument: "Mayo stool + bleeding", value: 1, remission: false },
    ]);
    expect(h.asOf).toBe(day(30));
  });

  it("CD symptoms: HBI averaged over readings, remission when <= 4 (Best 2006); IBDU is read as UC", () => {
    const h = one({
      disease: "CD",
      symptoms: [reading(0, "hbi", 4), reading(10, "hbi", 4, 1), reading(10, "hbi", 5, 2), reading(20, "mayo_stool_frequency", 0)],
    });
    expect(h.symptoms).toEqual([
      { date: D0, instrument: "HBI", value: 4, remission: true },
      { date: day(10), instrument: "HBI", value: 4.5, remission: false },
    ]);
    expect(one({ disease: "IBDU" }).disease).toBe("UC");
  });

  it("keeps troughs of advanced therapies with their ADA; a censored level keeps its side and limit", () => {
    const h = one({
      drugLevels: [
        level(10, 5.2, { ada: { assay: "hmsa", levelUMl: 12, thresholdUMl: 3.1, result: "positive" } }),
        level(20, 3, { ada: { assay: null, levelUMl: null, thresholdUMl: null, result: "negative" } }),
        level(25, 3, { ada: { assay: null, levelUMl: 2, thresholdUMl: 0, result: "inconclusive" } }),
        level(30, 8, { drug: "methotrexate" }),
        level(40, null),
      ],
    });
    expect(h.drugLevels).toEqual([
      { date: day(10), drug: "infliximab", levelUgMl: 5.2, timing: "trough", ada: { titre: 12, highThreshold: 3.1, unit: "U/mL (hmsa)" } },
      { date: day(20), drug: "infliximab", levelUgMl: 3, timing: "trough", ada: { positive: false } },
      { date: day(25), drug: "infliximab", levelUgMl: 3, timing: "trough", ada: undefined },
      // <0.4: undetectable, the most telling TDM finding, never dropped
      { date: day(40), drug: "infliximab", levelUgMl: 0.4, censored: "below", timing: "trough", ada: undefined },
    ]);
    expect(h.asOf).toBe(day(40));
  });

  it("asOf: the latest recorded date, else the baseline date, else 1970-01-01; later data are left out", () => {
    expect(one({ treatments: [course("infliximab", 0, 300)], baselineDate: day(-5) }).asOf).toBe(day(300));
    expect(one({ baselineDate: day(-5) }).asOf).toBe(day(-5));
    expect(one({}).asOf).toBe("1970-01-01");
    const h = one(
      {
        symptoms: [reading(0, "hbi", 2), reading(50, "hbi", 9)],
        disease: "CD",
        strictures: [
          {
            date: day(60),
            week: null,
            location: "ileum",
            modality: null,
            type: "fibrotic",
            lengthMm: 30,
            minDiameterMm: 8,
            prestenoticDilationMm: 35,
          },
        ],
      },
      { asOf: day(40) },
    );
    expect(h.asOf).toBe(day(40));
    expect(h.symptoms?.map((s) => s.date)).toEqual([D0]);
    expect(h.strictures).toEqual([]);
  });

  it("takes the weight when the record has one", () => {
    expect(one({ weightKg: 61.5 }).weightKg).toBe(61.5);
    expect("weightKg" in one({})).toBe(false);
  });
});

describe("treatmentHistories: mimic rule and strictures", () => {
  const verdict = (tests: InfectionTest[]) => {
    const h = one({ infectionTests: tests });
    return [h.mimicsExcluded, h.mimicNote];
  };
  it("infections are excluded by a C. difficile test without positive toxin, NAAT-only positivity or positive CMV", () => {
    expect(verdict([])).toEqual([false, "no C. difficile test on record"]);
    expect(verdict([test(0, "cdiff_naat", "negative")])).toEqual([true, undefined]);
    expect(verdict([test(0, "cdiff_toxin", "negative")])).toEqual([true, undefined]);
    expect(verdict([test(0, "cdiff_naat", "positive"), test(0, "cdiff_toxin", "negative")])).toEqual([true, undefined]);
    expect(verdict([test(0, "cdiff_naat", "positive")])).toEqual([false, "C. difficile NAAT positive without a toxin test"]);
    expect(verdict([test(0, "cdiff_toxin", "positive")])).toEqual([false, "C. difficile toxin positive"]);
    expect(verdict([test(0, "cdiff_naat", "negative"), test(0, "cmv_ihc", "positive")])).toEqual([
      false,
      "CMV positive on immunohistochemistry",
    ]);
  });

  it("positive SeHCAT and breath tests are quoted but do not fail the infection rule", () => {
    expect(
      verdict([test(0, "cdiff_naat", "negative"), test(0, "sehcat", "positive", 8), test(5, "glucose_breath_test", "positive")]),
    ).toEqual([true, "SeHCAT positive (bile acid diarrhoea); glucose breath test positive (SIBO)"]);
  });

  it("an override replaces the verdict and its note", () => {
    const h = one(
      { infectionTests: [test(0, "cdiff_naat", "negative")] },
      { mimicsExcluded: () => ({ excluded: false, note: "by hand" }) },
    );
    expect([h.mimicsExcluded, h.mimicNote]).toEqual([false, "by hand"]);
  });

  it("strictures: pre-stenotic dilatation >= 30 mm stands for obstructive symptoms", () => {
    const s = (type: string | null, dil: number | null) => ({
      date: D0,
      week: null,
      location: "ileum",
      modality: "MRE",
      type,
      lengthMm: 40,
      minDiameterMm: 9,
      prestenoticDilationMm: dil,
    });
    const h = one({ disease: "CD", strictures: [s("fibrotic", 30), s("mixed", 29.9), s("inflammatory", null), s("unknown", 45)] });
    expect(h.strictures).toEqual([
      { date: D0, nature: "fibrotic", obstructiveSymptoms: true, luminalDiameterMm: 9, prestenoticDilatation: true },
      { date: D0, nature: "mixed", obstructiveSymptoms: false, luminalDiameterMm: 9, prestenoticDilatation: false },
      { date: D0, nature: "inflammatory", obstructiveSymptoms: false, luminalDiameterMm: 9, prestenoticDilatation: false },
      { date: D0, nature: "inflammatory", obstructiveSymptoms: true, luminalDiameterMm: 9, prestenoticDilatation: true },
    ]);
  });
});

describe("mimicGate (src/mimics) from records", () => {
  // An infliximab patient at week 17 whose infection workup is negative, like UC001 of data/uc.
  const base = record({
    patientId: "G1",
    treatments: [course("infliximab", 0, null, { route: "IV" })],
    endoscopy: [reading(120, "mayo_endoscopic", 2)],
    immunomodulator: true,
    infectionTests: [
      test(-7, "cdiff_naat", "negative"),
      test(-7, "stool_culture", "negative"),
      test(-7, "stool_ova_parasites", "negative"),
      test(-5, "cmv_ihc", "negative"),
    ],
  });
  const gated = (rec: PatientRecord, options = { assumeAdherenceConfirmed: true, assumeNoNsaids: true }) =>
    treatmentHistories([rec], { mimicsExcluded: mimicGate([rec], options) })[0];

  it("passes a complete negative workup only under the stated adherence and NSAID assumptions", () => {
    expect(gated(base).mimicsExcluded).toBe(true);
    expect(gated(base).mimicNote).toBeUndefined();
    expect(gated(base, { assumeAdherenceConfirmed: false, assumeNoNsaids: true }).mimicsExcluded).toBe(false);
    expect(gated(base, { assumeAdherenceConfirmed: true, assumeNoNsaids: false }).mimicNote).toMatch(/Not yet excluded: nsaids\./);
  });

  it("reads the latest result of each test", () => {
    const found = { ...base, infectionTests: [...base.infectionTests, test(100, "cmv_ihc", "positive")] };
    expect(gated(found).mimicsExcluded).toBe(false);
    expect(gated(found).mimicNote).toMatch(/Mimic found: cmv/);
    const cleared = { ...base, infectionTests: [test(-50, "cmv_ihc", "positive"), ...base.infectionTests] };
    expect(gated(cleared).mimicsExcluded).toBe(true);
    const indeterminate = { ...base, infectionTests: [...base.infectionTests, test(100, "cdiff_naat", "indeterminate")] };
    expect(gated(indeterminate).mimicNote).toMatch(/Not yet excluded: .*c-difficile/);
  });

  it("reads a thiopurine at baseline as immunosuppression, and the ileal resection with the SeHCAT retention", () => {
    // No advanced therapy or steroid: only the record's flags make the patient immunosuppressed or resected.
    const plain = { ...base, treatments: [], infectionTests: base.infectionTests.filter((t) => t.test !== "stool_ova_parasites") };
    expect(gated({ ...plain, immunomodulator: true }).mimicNote).toMatch(/Not yet excluded: .*enteric-infection/);
    expect(gated({ ...plain, immunomodulator: false }).mimicNote).not.toMatch(/enteric-infection/);
    expect(gated({ ...plain, ilealResection: true }).mimicNote).toMatch(/bile-acid-diarrhoea/);
    expect(gated({ ...plain, ilealResection: false }).mimicNote).not.toMatch(/bile-acid-diarrhoea/);
    const sehcat = { ...plain, ilealResection: true, infectionTests: [...plain.infectionTests, test(-3, "sehcat", "negative", 40)] };
    expect(gated(sehcat).mimicNote).not.toMatch(/bile-acid-diarrhoea/);
  });

  it("judges a patient without a record on the history alone (no tests)", () => {
    const gate = mimicGate([base], { assumeAdherenceConfirmed: true, assumeNoNsaids: true });
    const h = treatmentHistories([base])[0];
    expect(gate("OTHER", { ...h, patientId: "OTHER" }).excluded).toBe(false);
    expect(gate("G1", h).excluded).toBe(true);
  });
});

describe("pathwayScores from records", () => {
  const biopsy = (d: number, genes: readonly string[], v: number) =>
    genes.map((gene) => ({ date: day(d), week: null, gene, pathway: null, log2Expression: v }));
  const recs = [
    // A's first biopsy reads TNF twice (the later reading counts); its later biopsy is not the baseline.
    record({
      patientId: "A",
      geneExpression: [
        ...biopsy(100, TNF_GENE_SET, 10),
        ...biopsy(0, TNF_GENE_SET, 5),
        ...biopsy(0, TNF_GENE_SET, 1),
        ...biopsy(0, IL23_TH17_GENE_SET, 3),
      ],
    }),
    record({ patientId: "B", geneExpression: [...biopsy(5, TNF_GENE_SET, 2), ...biopsy(5, IL23_TH17_GENE_SET, 2)] }),
    record({ patientId: "C", geneExpression: [...biopsy(7, TNF_GENE_SET, 3), ...biopsy(7, IL23_TH17_GENE_SET, 1)] }),
    record({ patientId: "D" }),
  ];

  it("z-scores each patient's first biopsy against all patients' first biopsies", () => {
    // Each gene: first biopsies 1, 2, 3 (TNF set) and 3, 2, 1 (IL-23 set): mean 2, SD 1.
    const s = pathwayScores(recs);
    expect([...s.keys()]).toEqual(["A", "B", "C"]);
    expect(s.get("A")).toEqual({ date: D0, tnf: -1, il23: 1 });
    expect(s.get("B")).toEqual({ date: day(5), tnf: 0, il23: 0 });
    expect(s.get("C")).toEqual({ date: day(7), tnf: 1, il23: -1 });
  });

  it("leaves out a first biopsy with too few genes of a set", () => {
    const e = record({ patientId: "E", geneExpression: biopsy(0, ["TNF"], 2) });
    const s = pathwayScores([...recs, e]);
    expect(s.has("E")).toBe(false);
    expect(s.size).toBe(3);
    expect(pathwayScores([])).toEqual(new Map());
  });
});

describe("record adapters on the sample cohort", () => {
  it("a patient's history depends on that patient's record only", () => {
    for (const dir of ["data/uc", "data/cd"]) {
      const records = patientRecords(loadCohort(dir));
      const all = treatmentHistories(records);
      expect(all.map((h) => h.patientId)).toEqual(records.map((r) => r.patientId));
      records.forEach((r, i) => {
        expect(treatmentHistories([r])[0]).toEqual(all[i]);
      });
    }
  });
});

describe("record adapters refuse what is not a patient record, by name", () => {
  it("names the argument, record, list, index and field", () => {
    expect(() => treatmentHistories("x" as never)).toThrow(/records: got "x", expected an array of patient records/);
    expect(() => treatmentHistories([record(), null] as never)).toThrow(/records\[1\]: got null, expected a patient record/);
    expect(() => treatmentHistories([{ ...record(), patientId: 7 }] as never)).toThrow(/records\[0\]\.patientId: got 7/);
    expect(() => treatmentHistories([{ ...record(), disease: "crohn" }] as never)).toThrow(/records\[0\]\.disease: got "crohn"/);
    expect(() => treatmentHistories([{ ...record(), treatments: undefined }] as never)).toThrow(
      /records\[0\]\.treatments: got undefined, expected an array/,
    );
    const badDate = record({ treatments: [course("prednisone", 0, 10), { ...course("prednisone", 0, 10), startDate: "2025-02-30" }] });
    expect(() => treatmentHistories([record(), badDate])).toThrow(
      /records\[1\]\.treatments\[1\]\.startDate: got "2025-02-30", expected a real calendar date/,
    );
    expect(() => treatmentHistories([record({ symptoms: [{ ...reading(0, "hbi", 1), score: "3" as never }] })])).toThrow(
      /records\[0\]\.symptoms\[0\]\.score: got "3", expected a finite number/,
    );
    expect(() => treatmentHistories([record({ drugLevels: [level(0, 3, { ada: { levelUMl: "12" } as never })] })])).toThrow(
      /records\[0\]\.drugLevels\[0\]\.ada\.levelUMl/,
    );
    expect(() => treatmentHistories([record()], { asOf: "soon" })).toThrow(/options\.asOf/);
    expect(() => treatmentHistories([record()], { mimicsExcluded: true as never })).toThrow(/options\.mimicsExcluded/);
    expect(() => pathwayScores([record({ geneExpression: [{ date: D0 } as never] })])).toThrow(/records\[0\]\.geneExpression\[0\]\.gene/);
    expect(() => mimicGate([{ ...record(), infectionTests: {} }] as never)).toThrow(
      /records\[0\]\.infectionTests: got \{\}, expected an array/,
    );
    expect(() => mimicGate([record()], { assumeNoNsaids: "yes" } as never)).toThrow(/options\.assumeNoNsaids/);
    expect(() => treatmentHistories([null] as never)).toThrow(InputError);
  });
});
