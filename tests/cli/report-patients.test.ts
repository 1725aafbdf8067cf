// The report read patient by patient (src/cli/report-patients.ts): the first screen's counts against
// summarizeCohort and classifyDiscordance run independently on the same records, nothing a module said
// lost from a patient's card, every sentence said once per patient, and the common reasons lifted out.
import { beforeAll, describe, expect, it } from "vitest";
import { loadInputs, resolveInputs } from "../../src/cli/load";
import { buildReport } from "../../src/cli/report";
import { DECISION_ORDER, type PatientReport, type PatientsPart, patientReports, reportSummary } from "../../src/cli/report-patients";
import { InputError } from "../../src/core/errors";
import { classifyDiscordance } from "../../src/discordance/classify";
import { patientRecords } from "../../src/records/build";
import type { PatientRecord } from "../../src/records/types";
import { discordanceVisits } from "../../src/records/visits";
import { CARE_TEAM, careTeamFor } from "../../src/refractory/care-team";
import { type CohortRow, classifyCohort, type NextStep, summarizeCohort } from "../../src/refractory/cohort";
import { treatmentHistories } from "../../src/refractory/histories";

const loaded = loadInputs(resolveInputs(["data/cd"]));
const records = patientRecords(loaded);
const rows = classifyCohort(treatmentHistories(records), { useRecordedOutcomes: true });
const visits = discordanceVisits(records);
const calls = classifyDiscordance(visits, { endoscopyPriority: ["sesCd", "mayoEndoscopic", "uceis"] }).calls;

const sentences = (p: PatientReport) => p.blocks.flatMap((b) => b.items);

describe("patientReports on the CD sample cohort", () => {
  // computed in a hook, not the describe body, so that mutation testing sees which test ran the code
  let part: PatientsPart;
  let byId: Map<string, PatientReport>;
  let common: string[];
  beforeAll(() => {
    part = patientReports({ records, rows, visits, calls });
    byId = new Map(part.patients.map((p) => [p.patientId, p]));
    common = part.commonReasons.map((c) => c.text);
  });

  it("has every patient once, in decision order, then by id", () => {
    expect(part.patients.map((p) => p.patientId).sort()).toEqual(records.map((r) => r.patientId).sort());
    const rank = part.patients.map((p) => DECISION_ORDER.indexOf(p.decision));
    expect(rank.every((r) => r >= 0)).toBe(true);
    for (let i = 1; i < rank.length; i++) {
      expect(rank[i] >= rank[i - 1]).toBe(true);
      if (rank[i] === rank[i - 1]) expect(part.patients[i].patientId > part.patients[i - 1].patientId).toBe(true);
    }
  });

  it("says each sentence once per patient and loses none of the pathway's or the TDM decision's reasons", () => {
    for (const row of rows) {
      const p = byId.get(row.patientId) as PatientReport;
      const said = sentences(p);
      expect(new Set(said).size, row.patientId).toBe(said.length);
      // a common reason is not repeated in the card, and the card refers to it
      for (const s of said) expect(common).not.toContain(s);
      const reach = new Set([...said, ...p.commonReasons.map((k) => common[k - 1])]);
      for (const s of [...(row.next?.reasons ?? []), ...(row.next?.tdm?.reasons ?? [])])
        expect(reach.has(s), `${row.patientId}: ${s}`).toBe(true);
      expect(p.decision).toBe(row.next?.step ?? "not classified");
      expect(p.needsAction).toBe(!["continue current plan", "complete induction"].includes(p.decision));
    }
  });

  it("lists every discordant visit of a patient once, with the quadrant's advice said once", () => {
    const discordant = new Map<string, number>();
    calls.forEach((c, i) => {
      if (c.quadrant === "refractory-symptoms" || c.quadrant === "silent-inflammation")
        discordant.set(visits[i].patientId, (discordant.get(visits[i].patientId) ?? 0) + 1);
    });
    expect(discordant.size).toBeGreaterThan(50);
    for (const p of part.patients) {
      const blocks = p.blocks.filter((b) => /^(refractory-symptoms|silent-inflammation) at \d+ visit\(s\)/.test(b.heading));
      const listed = blocks.reduce((k, b) => k + Number(/ at (\d+) visit/.exec(b.heading)?.[1]), 0);
      expect(listed, p.patientId).toBe(discordant.get(p.patientId) ?? 0);
      // one line per visit, each starting with its week
      for (const b of blocks) {
        const n = Number(/ at (\d+) visit/.exec(b.heading)?.[1]);
        expect(b.items.filter((s) => /^week \d+: /.test(s)).length).toBe(n);
      }
    }
    // the advice of a quadrant: said for many patients, so once for the report
    expect(common).toContain(
      "Symptoms without objective inflammation: look for IBS-type symptoms, bile acid diarrhoea, SIBO or infection before escalating immunosuppression.",
    );
  });

  it("the one-line why names the driver and, where a level decided, the level and the antibodies", () => {
    const tdm = rows.find((r) => r.next?.tdm?.levelInterpretation === "low" && r.next.tdm.adaInterpretation === "high") as CohortRow;
    expect(tdm).toBeDefined();
    const t = tdm.next?.tdm;
    expect(byId.get(tdm.patientId)?.why).toBe(
      `${tdm.next?.drivenBy.replace(/-/g, " ")}; trough low (target ${t?.troughTargetUgMl} µg/mL), ADA high`,
    );
    const none = rows.find((r) => r.next?.step === "continue current plan") as CohortRow;
    expect(byId.get(none.patientId)?.why).toBe("no refractoriness label applies");
  });

  it("summary: patients per decision equal summarizeCohort's steps, and the drivers add up", () => {
    const s = reportSummary(part, { rowsRead: 10, rowsRejected: 1, pkForecasts: 0, discordantVisits: 0 });
    const steps = summarizeCohort(rows).steps;
    expect(Object.fromEntries(s.decisions.map((d) => [d.decision, d.patients]))).toEqual(
      Object.fromEntries(steps.map((x) => [x.step, x.patients])),
    );
    expect(s.patients).toBe(records.length);
    expect(s.byDisease).toEqual({ CD: records.length });
    expect(s.needAction).toBe(
      records.length -
        steps.filter((x) => x.step === "continue current plan" || x.step === "complete induction").reduce((k, x) => k + x.patients, 0),
    );
    for (const d of s.decisions) {
      expect(d.drivenBy.reduce((k, x) => k + x.patients, 0)).toBe(d.patients);
      expect(d.examples.length).toBe(Math.min(8, d.patients));
      // who joins: the care-team map's roles for that step
      expect(d.calledIn).toEqual(d.decision === "not classified" ? [] : careTeamFor(d.decision as NextStep).calledIn);
    }
    expect(s.decisions.map((d) => d.decision)).toEqual(DECISION_ORDER.filter((d) => s.decisions.some((x) => x.decision === d)));
  });
});

describe("patientReports on hand-made inputs", () => {
  const rec = (id: string): PatientRecord => ({ ...records[0], patientId: id, teachingCase: null });
  const row = (id: string, reasons: string[]): CohortRow => ({
    patientId: id,
    next: { step: "exclude mimics", drivenBy: "not-yet-assessable", reasons, thresholds: {} },
  });

  it("lifts a sentence out when it is said for at least the share of patients and at least 3", () => {
    const ids = ["A", "B", "C", "D", "E"];
    const shared = "Shared sentence.";
    // shared by 3 of 5 (60 %): common at the default 20 %; own sentences stay
    const part = patientReports({
      records: ids.map(rec),
      rows: ids.map((id, i) => row(id, i < 3 ? [shared, `Own ${id}.`] : [`Own ${id}.`])),
    });
    expect(part.commonReasons).toEqual([{ text: shared, patients: 3 }]);
    const a = part.patients.find((p) => p.patientId === "A") as PatientReport;
    expect(sentences(a)).toEqual(["Own A."]);
    expect(a.commonReasons).toEqual([1]);
    expect(part.patients.find((p) => p.patientId === "E")?.commonReasons).toEqual([]);
    // 3 of 5 is below a 70 % share: nothing lifted
    expect(
      patientReports({ records: ids.map(rec), rows: ids.map((id, i) => row(id, i < 3 ? [shared] : [])) }, { commonShare: 0.7 })
        .commonReasons,
    ).toEqual([]);
    // two patients of two share it (100 %) but fewer than 3: stays in the cards
    const two = patientReports({ records: ["A", "B"].map(rec), rows: ["A", "B"].map((id) => row(id, [shared])) });
    expect(two.commonReasons).toEqual([]);
    expect(sentences(two.patients[0])).toEqual([shared]);
  });

  it("a sentence repeated within one patient's blocks is said in the first block only", () => {
    const r: CohortRow = {
      patientId: "A",
      next: { step: "optimise dose", drivenBy: "secondary-loss-of-response", reasons: ["Same.", "Same.", "Other."], thresholds: {} },
      classification: { patientId: "A", asOf: "2025-01-01", labels: [], findings: [], warnings: ["Same."] },
    };
    const p = patientReports({ records: [rec("A")], rows: [r] }).patients[0];
    expect(p.blocks.map((b) => [b.heading, b.items])).toEqual([["Decision: optimise dose", ["Same.", "Other."]]]);
    expect(p.why).toBe("secondary loss of response");
  });

  it("builds each block from its source, in order: decision, drug level, warnings, discordant visits, PK, note", () => {
    const tdm = {
      action: "optimise-dose",
      summary: "Optimise the dose.",
      failureType: "pharmacokinetic",
      troughTargetUgMl: 5,
      levelInterpretation: "low",
      adaInterpretation: "absent",
      reasons: ["Trough 1 ug/mL is low.", "No ADA."],
      thresholds: {},
    } as const;
    const r: CohortRow = {
      patientId: "A",
      next: {
        step: "optimise dose",
        drivenBy: "secondary-loss-of-response",
        reasons: ["Response lost.", "Trough 1 ug/mL is low.", "No ADA."],
        thresholds: {},
        tdm: tdm as never,
      },
      classification: {
        patientId: "A",
        asOf: "2025-01-01",
        labels: [],
        findings: [
          { label: "not-yet-assessable", pendingLabel: "steroid-dependent" } as never,
          { label: "secondary-loss-of-response" } as never,
        ],
        warnings: ["Contradictory assessment."],
      },
    };
    const call = (quadrant: string, reasons: string[]) =>
      ({ quadrant, symptoms: "quiet", inflammation: "active", evidence: [], reasons, thresholds: {} }) as never;
    const visits = [
      { patientId: "A", week: 14 },
      { patientId: "A", week: null, date: "2024-05-01" },
      { patientId: "A", week: 30 },
      { patientId: "B", week: 14 },
      { patientId: "A", week: 40 },
    ] as never[];
    const calls = [
      call("silent-inflammation", ["SES-CD 8.", "CRP 3.", "Treat it."]),
      call("silent-inflammation", ["SES-CD 9.", "Treat it."]),
      call("remission", ["All quiet."]),
      call("silent-inflammation", ["Other patient.", "Treat it."]),
      call("refractory-symptoms", ["PRO2 3.", "Look for mimics."]),
    ];
    const pk = new Map([["A", { heading: "PK forecast: A", items: ["Forecast 4 ug/mL.", "No ADA."] }]]);
    const recA = { ...rec("A"), teachingCase: "SLR teaching case" };
    const part = patientReports({ records: [recA, rec("B")], rows: [r], visits, calls, pk }, { commonShare: 0.9 });
    const a = part.patients.find((p) => p.patientId === "A") as PatientReport;
    expect(a.blocks).toEqual([
      { heading: "Decision: optimise dose", items: ["Response lost."] },
      { heading: "Drug level: low, ADA absent, pharmacokinetic failure: Optimise the dose.", items: ["Trough 1 ug/mL is low.", "No ADA."] },
      { heading: "Data warnings", items: ["Contradictory assessment."] },
      { heading: "refractory-symptoms at 1 visit(s): week 40", items: ["Look for mimics.", "week 40: PRO2 3."] },
      {
        heading: "silent-inflammation at 2 visit(s): week 14, 2024-05-01",
        items: ["Treat it.", "week 14: SES-CD 8. CRP 3.", "2024-05-01: SES-CD 9."],
      },
      // "No ADA." was said in the drug-level block
      { heading: "PK forecast: A", items: ["Forecast 4 ug/mL."] },
      { heading: "Note in patients.csv (teaching_case)", items: ["SLR teaching case"] },
    ]);
    expect(a.labels).toEqual(["steroid-dependent (pending mimic work-up)", "secondary-loss-of-response"]);
    expect(a.why).toBe("secondary loss of response; steroid-dependent pending mimic work-up; trough low (target 5 µg/mL), ADA absent");
    expect(a.drivenBy).toBe("secondary-loss-of-response");
    // B has no pathway row: not classified, its visit listed
    const b = part.patients.find((p) => p.patientId === "B") as PatientReport;
    expect(b.blocks).toEqual([{ heading: "silent-inflammation at 1 visit(s): week 14", items: ["Treat it.", "week 14: Other patient."] }]);
    // decision order: "optimise dose" before "not classified"
    expect(part.patients.map((p) => p.patientId)).toEqual(["A", "B"]);
  });

  it("a history that could not be classified says so, with the error, and needs action", () => {
    const part = patientReports({ records: [rec("E")], rows: [{ patientId: "E", error: "assessments[0].date: not a date" }] });
    const p = part.patients[0];
    expect(p.decision).toBe("not classified");
    expect(p.needsAction).toBe(true);
    expect(p.blocks).toEqual([{ heading: "Not classified", items: ["assessments[0].date: not a date"] }]);
    expect(p.why).toBe("history could not be classified: assessments[0].date: not a date");
    expect(p.drivenBy).toBe("none");
    const s = reportSummary(part, { rowsRead: 3, rowsRejected: 1, pkForecasts: 0, discordantVisits: 2 });
    expect(s).toMatchObject({
      patients: 1,
      needAction: 1,
      notClassified: 1,
      rowsRead: 3,
      rowsRejected: 1,
      pkForecasts: 0,
      discordantVisits: 2,
    });
    expect(s.decisions).toEqual([
      {
        decision: "not classified",
        patients: 1,
        needsAction: true,
        drivenBy: [{ label: "none", patients: 1 }],
        examples: ["E"],
        calledIn: [],
      },
    ]);
  });

  it("summary: drivers most frequent first, ties by name; the first 8 patients; a missing disease counted as such", () => {
    const ids = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"];
    const driven = ["steroid-refractory", "steroid-dependent", "steroid-refractory", "steroid-dependent", "primary-non-response"];
    const rows: CohortRow[] = ids.map((id, i) => ({
      patientId: id,
      next: {
        step: "steroid-sparing advanced therapy",
        drivenBy: (driven[i] ?? "steroid-dependent") as never,
        reasons: [],
        thresholds: {},
      },
    }));
    const records2 = ids.map((id, i) => ({ ...rec(id), disease: i === 0 ? null : "UC" }) as PatientRecord);
    const s = reportSummary(patientReports({ records: records2, rows }), {
      rowsRead: 0,
      rowsRejected: 0,
      pkForecasts: 0,
      discordantVisits: 0,
    });
    expect(s.byDisease).toEqual({ "(missing)": 1, UC: 8 });
    expect(s.needAction).toBe(9);
    expect(s.decisions).toHaveLength(1);
    expect(s.decisions[0].drivenBy).toEqual([
      { label: "steroid-dependent", patients: 6 },
      { label: "steroid-refractory", patients: 2 },
      { label: "primary-non-response", patients: 1 },
    ]);
    expect(s.decisions[0].examples).toEqual(ids.slice(0, 8));
    expect(s.decisions[0].calledIn).toEqual(["IBD nurse", "IBD pharmacist"]);
    // a tie in counts: by name
    const tie = reportSummary(patientReports({ records: records2.slice(0, 2), rows: rows.slice(0, 2) }), {
      rowsRead: 0,
      rowsRejected: 0,
      pkForecasts: 0,
      discordantVisits: 0,
    });
    expect(tie.decisions[0].drivenBy.map((d) => d.label)).toEqual(["steroid-dependent", "steroid-refractory"]);
  });

  it("DECISION_ORDER lists every next step once, the structural first and no change last", () => {
    expect(new Set(DECISION_ORDER).size).toBe(DECISION_ORDER.length);
    expect([...DECISION_ORDER].sort()).toEqual([...Object.keys(CARE_TEAM), "not classified"].sort());
    expect(DECISION_ORDER.slice(0, 3)).toEqual(["dilatation or surgery", "switch out of class", "switch within class + immunomodulator"]);
    expect(DECISION_ORDER.slice(-2)).toEqual(["complete induction", "continue current plan"]);
    // patients are sorted by it: a surgical patient before one who continues, whatever the ids
    const part = patientReports({
      records: [rec("A"), rec("B")],
      rows: [
        { patientId: "A", next: { step: "continue current plan", drivenBy: "none", reasons: [], thresholds: {} } },
        { patientId: "B", next: { step: "dilatation or surgery", drivenBy: "fibrostenotic-obstruction", reasons: [], thresholds: {} } },
      ],
    });
    expect(part.patients.map((p) => [p.patientId, p.needsAction])).toEqual([
      ["B", true],
      ["A", false],
    ]);
    // within a decision, by id whatever the input order; one unclassified patient among classified ones
    const cont = (id: string): CohortRow => ({
      patientId: id,
      next: { step: "continue current plan", drivenBy: "none", reasons: [], thresholds: {} },
    });
    const mixed = patientReports({ records: ["C", "A", "Z", "B"].map(rec), rows: [cont("C"), cont("A"), cont("B")] });
    expect(mixed.patients.map((p) => p.patientId)).toEqual(["Z", "A", "B", "C"]);
    const s = reportSummary(mixed, { rowsRead: 0, rowsRejected: 0, pkForecasts: 0, discordantVisits: 0 });
    expect([s.needAction, s.notClassified]).toEqual([1, 1]);
  });

  it("refuses inputs without records and a share outside 0-1, naming the field", () => {
    expect(() => patientReports(undefined as never)).toThrow(InputError);
    expect(() => patientReports({} as never)).toThrow(/inputs\.records/);
    expect(() => patientReports({ records: [] }, { commonShare: 2 })).toThrow(/options\.commonShare/);
    expect(() => patientReports({ records: [] }, { commonShare: Number.NaN })).toThrow(InputError);
  });

  it("a patient without a pathway row is 'not classified' and needs action", () => {
    const p = patientReports({ records: [rec("Z")] }).patients[0];
    expect(p.decision).toBe("not classified");
    expect(p.needsAction).toBe(true);
    expect(p.why).toMatch(/^no refractoriness assessment/);
  });
});

describe("buildReport carries the per-patient part", () => {
  it("puts each PK fit's reasons under its patient", () => {
    const report = buildReport(loaded, { pkPatients: 2, pkDraws: 100 });
    const pk = report.sections.find((s) => s.id === "pk");
    expect(pk?.fits?.length).toBe(2);
    for (const f of pk?.fits ?? []) {
      const p = report.patients.patients.find((x) => x.patientId === f.patientId) as PatientReport;
      const block = p.blocks.find((b) => b.heading.startsWith("PK forecast: "));
      expect(block?.heading).toContain(`${f.patientId} (${f.drug}, ${f.modelId})`);
    }
    expect(report.summary.pkForecasts).toBe(2);
    expect(report.summary.discordantVisits).toBe(
      calls.filter((c) => c.quadrant === "refractory-symptoms" || c.quadrant === "silent-inflammation").length,
    );
  });
});
