// The report read patient by patient (src/cli/report-patients.ts): the first screen's counts against
// summarizeCohort and classifyDiscordance run independently on the same records, nothing a module said
// lost from a patient's card, every sentence said once per patient, and the common reasons lifted out.
import { describe, expect, it } from "vitest";
import { loadInputs, resolveInputs } from "../../src/cli/load";
import { buildReport } from "../../src/cli/report";
import { DECISION_ORDER, type PatientReport, patientReports, reportSummary } from "../../src/cli/report-patients";
import { classifyDiscordance } from "../../src/discordance/classify";
import { patientRecords } from "../../src/records/build";
import type { PatientRecord } from "../../src/records/types";
import { discordanceVisits } from "../../src/records/visits";
import { careTeamFor } from "../../src/refractory/care-team";
import { type CohortRow, classifyCohort, type NextStep, summarizeCohort } from "../../src/refractory/cohort";
import { treatmentHistories } from "../../src/refractory/histories";

const loaded = loadInputs(resolveInputs(["data/cd"]));
const records = patientRecords(loaded);
const rows = classifyCohort(treatmentHistories(records), { useRecordedOutcomes: true });
const visits = discordanceVisits(records);
const calls = classifyDiscordance(visits, { endoscopyPriority: ["sesCd", "mayoEndoscopic", "uceis"] }).calls;

const sentences = (p: PatientReport) => p.blocks.flatMap((b) => b.items);

describe("patientReports on the CD sample cohort", () => {
  const part = patientReports({ records, rows, visits, calls });
  const byId = new Map(part.patients.map((p) => [p.patientId, p]));
  const common = part.commonReasons.map((c) => c.text);

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
