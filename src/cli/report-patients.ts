/**
 * The report read patient by patient: what a clinician needs first (who needs a
 * decision, which one and why, on one screen) and the reasons behind it said
 * once per patient, not once per visit.
 *
 * `patientReports` gathers, for every patient, the decision of the
 * refractoriness pathway (src/refractory: labels, next step, the TDM decision
 * it used), the discordant visits grouped by quadrant (the advice of a quadrant
 * once, the findings of each visit in one short line) and the PK forecast of
 * the report's fit. Sentences that repeat verbatim across many patients (the
 * definition that was applied, for instance) are lifted into `commonReasons`
 * and referenced by number. `reportSummary` counts patients per decision.
 *
 * Plain data, no rendering: src/cli/html.ts draws it, `reportJson` prints it.
 */
import { assertArray, assertInRange, assertObject, optionsObject } from "../core/validate";
import type { DiscordanceCall, Quadrant } from "../discordance/classify";
import type { PatientRecord } from "../records/types";
import type { DiscordanceVisit } from "../records/visits";
import { CARE_TEAM, type CareRole } from "../refractory/care-team";
import type { CohortRow, NextStep } from "../refractory/cohort";

/** Decisions in the order a clinician would deal with them: structural and switch decisions first, then dose, then work-up. */
export const DECISION_ORDER: readonly (NextStep | "not classified")[] = [
  "dilatation or surgery",
  "switch out of class",
  "switch within class + immunomodulator",
  "steroid-sparing advanced therapy",
  "treat active inflammation",
  "optimise dose",
  "measure trough and ADA",
  "recheck adherence and timing",
  "exclude mimics",
  "investigate non-inflammatory symptoms",
  "obtain objective assessment",
  "record weight",
  "not classified",
  "complete induction",
  "continue current plan",
];

/** Steps that ask for no change now. */
const NO_ACTION: ReadonlySet<string> = new Set(["complete induction", "continue current plan"]);

/** A block of a patient's details: a heading and its sentences (each said once in the report). */
export interface PatientBlock {
  heading: string;
  items: string[];
}

/** One patient of the report. */
export interface PatientReport {
  patientId: string;
  disease: string | null;
  /** The next step of the refractoriness pathway, or "not classified" when the history could not be read. */
  decision: NextStep | "not classified";
  /** False for "continue current plan" and "complete induction". */
  needsAction: boolean;
  /** The label that drove the decision ("none" when no label applies). */
  drivenBy: string;
  /** Labels found, with pending ones marked. */
  labels: string[];
  /** One line: the driver and, where a level decided, the level and antibody reading. */
  why: string;
  /** Details in order: decision, TDM, discordant visits, PK forecast, free-text note. */
  blocks: PatientBlock[];
  /** Numbers (1-based) of the {@link PatientsPart.commonReasons} that also apply to this patient. */
  commonReasons: number[];
}

/** The per-patient part of the report. */
export interface PatientsPart {
  patients: PatientReport[];
  /** Sentences that applied verbatim to many patients, said once here (cards refer to them by number). */
  commonReasons: { text: string; patients: number }[];
}

/** A decision and how many patients it concerns. */
export interface DecisionCount {
  decision: string;
  patients: number;
  needsAction: boolean;
  /** Labels that drove it, most frequent first. */
  drivenBy: { label: string; patients: number }[];
  /** The first patients (up to 8), in patient order. */
  examples: string[];
  /** Who joins the treating gastroenterologist at this step (src/refractory/care-team.ts); empty for "not classified". */
  calledIn: CareRole[];
}

/** The first screen of the report. */
export interface ReportSummary {
  patients: number;
  /** Patients per disease (UC, CD, ...). */
  byDisease: Record<string, number>;
  /** Patients whose decision asks for a change now. */
  needAction: number;
  notClassified: number;
  rowsRead: number;
  rowsRejected: number;
  /** Patients fitted for a PK forecast. */
  pkForecasts: number;
  /** Patient-visits where symptoms and inflammation disagree. */
  discordantVisits: number;
  decisions: DecisionCount[];
}

/** What the report's sections computed, keyed for the patient view. */
export interface PatientInputs {
  records: readonly PatientRecord[];
  rows?: readonly CohortRow[];
  visits?: readonly DiscordanceVisit[];
  calls?: readonly DiscordanceCall[];
  /** PK blocks by patient id (heading and the fit's reasons). */
  pk?: ReadonlyMap<string, PatientBlock>;
}

/** Options of {@link patientReports}. */
export interface PatientReportOptions {
  /** A sentence said verbatim for at least this share of the patients (and at least 3) becomes a common reason. Default 0.2. */
  commonShare?: number;
}

const DISCORDANT: readonly Quadrant[] = ["refractory-symptoms", "silent-inflammation"];

/** Items by key, keys in first-seen order, each group in input order (Map.groupBy arrives only with Node 21). */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function uniq(items: readonly string[]): string[] {
  return [...new Set(items.filter((s) => s.length > 0))];
}

function whyOf(row: CohortRow | undefined): string {
  if (!row) return "no refractoriness assessment (no treatments or patient record)";
  if (row.error) return `history could not be classified: ${row.error}`;
  const parts: string[] = [];
  const pending = (row.classification?.findings ?? []).filter((f) => f.pendingLabel).map((f) => `${f.pendingLabel} pending mimic work-up`);
  const driver = row.next?.drivenBy ?? "none";
  if (driver !== "none" && driver !== "not-yet-assessable") parts.push(driver.replace(/-/g, " "));
  parts.push(...uniq(pending));
  const t = row.next?.tdm;
  if (t) parts.push(`trough ${t.levelInterpretation} (target ${t.troughTargetUgMl} µg/mL), ADA ${t.adaInterpretation}`);
  return parts.length ? parts.join("; ") : "no refractoriness label applies";
}

function visitBlocks(calls: readonly { call: DiscordanceCall; visit: DiscordanceVisit }[]): PatientBlock[] {
  const byQuadrant = groupBy(
    calls.filter((c) => DISCORDANT.includes(c.call.quadrant)),
    (c) => c.call.quadrant,
  );
  const blocks: PatientBlock[] = [];
  for (const q of DISCORDANT) {
    const list = byQuadrant.get(q);
    if (!list) continue;
    const when = (v: DiscordanceVisit) => (v.week === null ? String(v.date ?? "undated") : `week ${v.week}`);
    // The last reason of a call is the quadrant's advice, the same at every visit: said once. The others are
    // the visit's own findings, kept as one line per visit.
    const advice = uniq(list.map(({ call }) => call.reasons[call.reasons.length - 1] ?? ""));
    const findings = list.map(({ call, visit }) => `${when(visit)}: ${call.reasons.slice(0, -1).join(" ")}`);
    blocks.push({
      heading: `${q} at ${list.length} visit(s): ${list.map(({ visit }) => when(visit)).join(", ")}`,
      items: [...advice, ...findings],
    });
  }
  return blocks;
}

/**
 * Every patient's decision, reasons and forecasts, with sentences shared by many patients lifted out.
 * Patients come in {@link DECISION_ORDER}, then by id.
 */
export function patientReports(inputs: PatientInputs, options: PatientReportOptions = {}): PatientsPart {
  assertObject(inputs, "inputs");
  assertArray(inputs.records, "inputs.records");
  const share = assertInRange(optionsObject(options).commonShare ?? 0.2, "options.commonShare", 0, 1);
  const rowOf = new Map((inputs.rows ?? []).map((r) => [r.patientId, r]));
  const paired = (inputs.calls ?? []).flatMap((call, i) => {
    const visit = inputs.visits?.[i];
    return visit ? [{ call, visit }] : [];
  });
  const callsOf = groupBy(paired, (c) => String(c.visit.patientId));
  const drafts = inputs.records.map((rec) => {
    const row = rowOf.get(rec.patientId);
    const decision: NextStep | "not classified" = row?.next?.step ?? "not classified";
    const blocks: PatientBlock[] = [];
    if (row?.next) {
      const tdmReasons = new Set(row.next.tdm?.reasons ?? []);
      blocks.push({ heading: `Decision: ${decision}`, items: row.next.reasons.filter((r) => !tdmReasons.has(r)) });
      const t = row.next.tdm;
      if (t)
        blocks.push({
          heading: `Drug level: ${t.levelInterpretation}, ADA ${t.adaInterpretation}, ${t.failureType} failure: ${t.summary}`,
          items: t.reasons,
        });
    } else if (row?.error) blocks.push({ heading: "Not classified", items: [row.error] });
    if (row?.classification?.warnings.length) blocks.push({ heading: "Data warnings", items: row.classification.warnings });
    blocks.push(...visitBlocks(callsOf.get(rec.patientId) ?? []));
    const pk = inputs.pk?.get(rec.patientId);
    if (pk) blocks.push(pk);
    if (rec.teachingCase) blocks.push({ heading: "Note in patients.csv (teaching_case)", items: [rec.teachingCase] });
    // Said once per patient: a sentence already given in an earlier block is dropped.
    const said = new Set<string>();
    for (const b of blocks) {
      b.items = b.items.filter((s) => {
        if (said.has(s)) return false;
        said.add(s);
        return true;
      });
    }
    return {
      patientId: rec.patientId,
      disease: rec.disease,
      decision,
      needsAction: !NO_ACTION.has(decision),
      drivenBy: row?.next?.drivenBy ?? "none",
      labels: uniq(
        (row?.classification?.findings ?? []).map((f) => (f.pendingLabel ? `${f.pendingLabel} (pending mimic work-up)` : f.label)),
      ),
      why: whyOf(row),
      blocks: blocks.filter((b) => b.items.length > 0 || b.heading.startsWith("Drug level")),
      commonReasons: [] as number[],
    } satisfies PatientReport;
  });
  // Sentences said for many patients: once, in commonReasons.
  const count = new Map<string, number>();
  for (const d of drafts) for (const s of new Set(d.blocks.flatMap((b) => b.items))) count.set(s, (count.get(s) ?? 0) + 1);
  const threshold = Math.max(3, Math.ceil(share * drafts.length));
  const common = [...count].filter(([, n]) => n >= threshold).map(([text, patients]) => ({ text, patients }));
  const index = new Map(common.map((c, i) => [c.text, i + 1]));
  for (const d of drafts) {
    const refs = new Set<number>();
    for (const b of d.blocks)
      b.items = b.items.filter((s) => {
        const k = index.get(s);
        if (k === undefined) return true;
        refs.add(k);
        return false;
      });
    d.commonReasons = [...refs].sort((a, b) => a - b);
  }
  const rank = (d: string) => DECISION_ORDER.indexOf(d as NextStep);
  drafts.sort((a, b) => rank(a.decision) - rank(b.decision) || (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0));
  return { patients: drafts, commonReasons: common };
}

/** The counts of the first screen: patients, rows, and patients per decision with what drove it. */
export function reportSummary(
  part: PatientsPart,
  counts: { rowsRead: number; rowsRejected: number; pkForecasts: number; discordantVisits: number },
): ReportSummary {
  const byDisease: Record<string, number> = {};
  for (const p of part.patients) byDisease[p.disease ?? "(missing)"] = (byDisease[p.disease ?? "(missing)"] ?? 0) + 1;
  const groups = groupBy(part.patients, (p) => p.decision as string);
  const decisions: DecisionCount[] = [...groups].map(([decision, ps]) => {
    const driven = new Map<string, number>();
    for (const p of ps) driven.set(p.drivenBy, (driven.get(p.drivenBy) ?? 0) + 1);
    return {
      decision,
      patients: ps.length,
      needsAction: !NO_ACTION.has(decision),
      drivenBy: [...driven]
        .map(([label, patients]) => ({ label, patients }))
        .sort((a, b) => b.patients - a.patients || (a.label < b.label ? -1 : 1)),
      examples: ps.slice(0, 8).map((p) => p.patientId),
      calledIn: decision in CARE_TEAM ? [...CARE_TEAM[decision as NextStep].calledIn] : [],
    };
  });
  return {
    patients: part.patients.length,
    byDisease,
    needAction: part.patients.filter((p) => p.needsAction).length,
    notClassified: part.patients.filter((p) => p.decision === "not classified").length,
    ...counts,
    decisions,
  };
}
