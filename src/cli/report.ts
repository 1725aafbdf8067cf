/**
 * The analyst's report: `buildReport(loaded)` runs every chapter module that
 * the loaded tables allow (cohort summary and load report, discordance
 * quadrants, refractoriness labels and next steps, TDM decisions, reliability
 * of repeated readings, PK forecasts for a few infliximab patients) and returns
 * plain data (tables, notes, figures); `reportHtml(report)` renders it as one
 * self-contained offline page and `reportJson(report)` as JSON.
 *
 * Safety: every value that came from a CSV reaches the page only through
 * `tableHtml`/`escapeHtml` (text) or `jsonForScript` (figure JSON); strings that
 * plotly would interpret as markup (hover text, trace names) are escaped with
 * `escapeHtml` first, since plotly decodes entities and renders a subset of tags.
 */
import { isoDate } from "../cohort/read";
import { IbdLabError, InputError } from "../core/errors";
import { classifyDiscordance, type DiscordanceCall, QUADRANTS, type Quadrant } from "../discordance/classify";
import { quadrantScatterFigure, quadrantSharesFigure } from "../discordance/figures";
import type { InstrumentId } from "../discordance/instruments";
import { icc } from "../measurement/icc";
import { mdc, sem } from "../measurement/reliability";
import { mapEstimate, recommendRegimen } from "../pk/bayes";
import { INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_FASANMADE_2011 } from "../pk/models";
import { infliximabRegimen } from "../pk/regimen";
import type { CovariateChange, Covariates } from "../pk/types";
import { axisTitle, type Figure } from "../plot/figure";
import { semanticColors, withBaseLayout } from "../plot/palette";
import { historiesFromCohort } from "../refractory/adapters";
import { type CohortRow, classifyCohort, nextStepSankey, summarizeCohort } from "../refractory/cohort";
import type { LoadedInputs } from "./load";
import { reportsOf } from "./validate";
import { visitRecords } from "./visits";

/** A table of the report: records with a column order. */
export interface ReportTable {
  caption: string;
  columns: string[];
  rows: Record<string, string | number | null>[];
  /** Rows shown in the HTML page (all rows are in the JSON). */
  maxRows?: number;
}

/** One section; `available: false` when its tables are missing (then `notes` says why). */
export interface ReportSection {
  id: string;
  title: string;
  available: boolean;
  notes: string[];
  tables: ReportTable[];
  figures: Figure[];
  /** Lists of reasons (e.g. per patient), rendered as bullet lists. */
  details: { heading: string; items: string[] }[];
}

export interface Report {
  title: string;
  generatedAt: string;
  inputs: { table: string; file: string }[];
  disclaimer: string;
  sections: ReportSection[];
}

/** Options of {@link buildReport}. */
export interface ReportOptions {
  /** Report title. Default: "ibd-lab cohort report". */
  title?: string;
  /** Most patients given a PK forecast. Default: 5. */
  pkPatients?: number;
  /** Target trough for the PK forecasts, ug/mL. Default: 5 (AGA 2017 reactive infliximab maintenance target, Feuerstein, Gastroenterology 153:827). */
  pkTargetTroughUgMl?: number;
  /** Posterior draws per forecast. Default: 500. */
  pkDraws?: number;
  /** Called before each step (for the progress line). */
  onStep?: (label: string) => void;
  /** Time stamp written in the report. Default: now. */
  now?: Date;
}

export const REPORT_STEPS = ["cohort summary", "discordance", "refractoriness", "TDM", "reliability", "PK forecasts"] as const;

export const DISCLAIMER =
  "Research and teaching output of ibd-lab, computed from the CSV files named below. It is not a medical device and not clinical advice: " +
  "every label, next step and dose forecast must be checked by the treating team against the full record and current guidelines.";

function section(id: string, title: string): ReportSection {
  return { id, title, available: true, notes: [], tables: [], figures: [], details: [] };
}

function unavailable(s: ReportSection, why: string): ReportSection {
  s.available = false;
  s.notes.push(why);
  return s;
}

const round = (x: number, d = 3): number | null => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);
const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

// ------------------------------------------------------------------ cohort

function cohortSection(loaded: LoadedInputs): ReportSection {
  const s = section("cohort", "Cohort and load report");
  const reports = reportsOf(loaded);
  s.tables.push({
    caption: "Files read (rowsRead = rowsAccepted + rejected)",
    columns: ["table", "file", "rows read", "accepted", "rejected", "conversions", "warnings"],
    rows: reports.map((r) => ({
      table: r.table,
      file: r.file,
      "rows read": r.rowsRead,
      accepted: r.rowsAccepted,
      rejected: r.rejectedCount,
      conversions: r.conversions.map((c) => `${c.column}: ${c.from} -> ${c.to} (x ${c.factor})`).join("; "),
      warnings: r.warnings.length,
    })),
  });
  const rejects = reports.flatMap((r) =>
    r.rejected.map((j) => ({ table: r.table, line: j.line, column: j.column, value: j.value, reason: j.reason })),
  );
  const rejectedCount = reports.reduce((k, r) => k + r.rejectedCount, 0);
  if (rejects.length) {
    s.tables.push({
      caption:
        rejects.length < rejectedCount
          ? `Rejected rows (${rejectedCount}; the first ${rejects.length} kept by the loader are listed)`
          : `Rejected rows (${rejects.length})`,
      columns: ["table", "line", "column", "value", "reason"],
      rows: rejects,
      maxRows: 200,
    });
  }
  if (rejectedCount > rejects.length) {
    s.tables.push({
      caption: `Every rejected row by column and reason (${rejectedCount})`,
      columns: ["table", "column", "reason", "rows"],
      rows: reports.flatMap((r) => r.rejectSummary.map((g) => ({ table: r.table, column: g.column, reason: g.reason, rows: g.count }))),
    });
  }
  const warnings = reports.flatMap((r) => r.warnings.map((w) => ({ table: r.table, warning: w })));
  if (warnings.length) s.tables.push({ caption: "Warnings", columns: ["table", "warning"], rows: warnings, maxRows: 100 });
  for (const n of loaded.notes) s.notes.push(n);
  if (loaded.missing.length) s.notes.push(`Tables not given: ${loaded.missing.join(", ")}. Sections that need them say so below.`);
  const pts = loaded.data.patients;
  if (pts) {
    const count = (name: string) => {
      const c = pts.columns[name];
      const m = new Map<string, number>();
      if (!Array.isArray(c)) return m;
      for (const v of c) m.set(v ?? "(missing)", (m.get(v ?? "(missing)") ?? 0) + 1);
      return m;
    };
    const rows: Record<string, string | number | null>[] = [{ characteristic: "patients", value: "all", patients: pts.nRows }];
    for (const col of ["disease", "sex", "first_biologic"]) {
      for (const [v, k] of [...count(col)].sort((a, b) => b[1] - a[1])) rows.push({ characteristic: col, value: v, patients: k });
    }
    const age = pts.columns.age_years;
    if (age instanceof Float64Array && age.length) {
      const sorted = Float64Array.from(age.filter(Number.isFinite)).sort();
      if (sorted.length)
        rows.push({ characteristic: "age_years (median)", value: "", patients: sorted[Math.floor((sorted.length - 1) / 2)] });
    }
    s.tables.push({ caption: "Patients", columns: ["characteristic", "value", "patients"], rows });
    const note = pts.columns.teaching_case;
    if (Array.isArray(note)) {
      const ids = pts.columns.patient_id as (string | null)[];
      const notes = ids.map((id, i) => ({ patient: id, teaching_case: note[i] })).filter((r) => r.teaching_case);
      if (notes.length)
        s.tables.push({ caption: "Patients with a free-text note (teaching_case)", columns: ["patient", "teaching_case"], rows: notes });
    }
  } else s.notes.push("No patients.csv: no cohort summary by patient characteristics.");
  return s;
}

// ------------------------------------------------------------------ discordance

/**
 * Escapes text that plotly renders (hover text, trace names, category labels). Plotly parses a subset of
 * HTML tags in these strings and decodes only a few entities (&lt; &gt; &amp; and numeric ones, not
 * &quot;), so `<`, `>` and `&` are escaped and quotes are left as they are: plotly puts the result into SVG text nodes.
 */
export function plotlyText(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function safeCalls(calls: readonly DiscordanceCall[]): DiscordanceCall[] {
  return calls.map((c) => ({ ...c, patientId: c.patientId === undefined ? undefined : plotlyText(c.patientId) }));
}

function discordanceSection(loaded: LoadedInputs, ctx: { visits?: ReturnType<typeof visitRecords> }): ReportSection {
  const s = section("discordance", "Symptoms vs inflammation: discordance quadrants");
  if (!loaded.data.visits) return unavailable(s, "Needs visits.csv (symptom scores) and endoscopy.csv or labs.csv: not given.");
  if (!loaded.data.endoscopy && !loaded.data.labs)
    return unavailable(s, "Needs endoscopy.csv or labs.csv (an objective measure) besides visits.csv: neither given.");
  const visits = ctx.visits ?? visitRecords(loaded);
  ctx.visits = visits;
  const res = classifyDiscordance(visits, { endoscopyPriority: ["sesCd", "mayoEndoscopic", "uceis"] });
  s.notes.push(
    `${res.n} patient-visits classified with src/discordance (classifyDiscordance): symptom score first reading (PRO2, else HBI), endoscopy (SES-CD, Mayo, UCEIS; first reader), calprotectin and CRP of the same week.`,
  );
  // Per disease when patients.csv says it (UC and CD use different instruments), else one group.
  const diseaseOf = new Map<string, string>();
  const pts = loaded.data.patients;
  if (pts && Array.isArray(pts.columns.disease)) {
    const ids = pts.columns.patient_id as (string | null)[];
    const dis = pts.columns.disease as (string | null)[];
    for (let i = 0; i < pts.nRows; i++) if (ids[i] && dis[i]) diseaseOf.set(ids[i] as string, dis[i] as string);
  }
  const groups = new Map<string, Record<Quadrant, number>>();
  const zero = () => Object.fromEntries(QUADRANTS.map((q) => [q, 0])) as Record<Quadrant, number>;
  res.calls.forEach((c) => {
    const g = diseaseOf.get(String(c.patientId)) ?? "cohort";
    const counts = groups.get(g) ?? zero();
    counts[c.quadrant] += 1;
    groups.set(g, counts);
  });
  const names = [...groups.keys()].sort();
  s.tables.push({
    caption: "Quadrant calls per patient-visit",
    columns: ["quadrant", ...names.flatMap((n) => [n, `${n} %`])],
    rows: QUADRANTS.map((q) => {
      const row: Record<string, string | number | null> = { quadrant: q };
      for (const n of names) {
        const counts = groups.get(n) as Record<Quadrant, number>;
        const total = QUADRANTS.reduce((k, x) => k + counts[x], 0);
        row[n] = counts[q];
        row[`${n} %`] = round((100 * counts[q]) / Math.max(total, 1), 1);
      }
      return row;
    }),
  });
  s.figures.push(
    quadrantSharesFigure(Object.fromEntries(names.map((n) => [plotlyText(n), groups.get(n) as Record<Quadrant, number>])), {
      title: "Quadrant shares of all patient-visits",
    }),
  );
  const hasX = (id: string) => visits.some((v) => typeof v[id] === "number");
  if (hasX("calprotectinUgG")) {
    const safe = safeCalls(res.calls);
    for (const x of ["pro2Uc", "hbi"] as InstrumentId[]) {
      if (hasX(x))
        s.figures.push(
          quadrantScatterFigure(safe, {
            x,
            y: "calprotectinUgG",
            logY: true,
            jitter: 0.6,
            title: `${x} vs calprotectin, coloured by quadrant`,
          }),
        );
    }
  }
  const discordant: Quadrant[] = ["refractory-symptoms", "silent-inflammation"];
  const rows = res.calls
    .map((c, i) => ({ c, v: visits[i] }))
    .filter(({ c }) => discordant.includes(c.quadrant))
    .map(({ c, v }) => ({ patient: String(c.patientId ?? ""), week: v.week, quadrant: c.quadrant, reasons: c.reasons.join(" ") }));
  s.tables.push({ caption: `Discordant visits (${rows.length})`, columns: ["patient", "week", "quadrant", "reasons"], rows, maxRows: 50 });
  return s;
}

// ------------------------------------------------------------------ refractoriness and TDM

function refractorySection(loaded: LoadedInputs, ctx: { rows?: CohortRow[] }): ReportSection {
  const s = section("refractory", "Refractoriness labels and next steps");
  if (!loaded.data.patients) return unavailable(s, "Needs patients.csv (and treatments.csv for labels): not given.");
  if (!loaded.data.treatments) s.notes.push("No treatments.csv: no steroid or biologic courses, so most labels cannot be given.");
  const histories = historiesFromCohort(loaded);
  const rows = classifyCohort(histories, { useRecordedOutcomes: true });
  ctx.rows = rows;
  const sum = summarizeCohort(rows);
  s.notes.push(
    `${sum.patients} patients classified by src/refractory (historiesFromCohort, classifyCohort with recorded stop reasons accepted); ${sum.errors} could not be classified.`,
  );
  s.tables.push({
    caption: "Patients per label (a patient can carry several)",
    columns: ["label", "patients", "percent"],
    rows: sum.labels,
  });
  s.tables.push({ caption: "Next step per patient", columns: ["step", "patients", "percent"], rows: sum.steps });
  if (rows.some((r) => r.next))
    s.figures.push(nextStepSankey(rows, { title: "From the label that drives the decision to the next step (patients)" }));
  s.tables.push({
    caption: "Per patient",
    columns: ["patient", "labels", "next step", "why"],
    rows: rows.map((r) => ({
      patient: r.patientId,
      labels: r.error
        ? ""
        : (r.classification?.findings ?? []).map((f) => f.label + (f.pendingLabel ? ` (${f.pendingLabel} pending)` : "")).join("; "),
      "next step": r.error ? "not classified" : (r.next?.step ?? ""),
      why: r.error ?? r.next?.reasons[r.next.reasons.length - 1] ?? "",
    })),
    maxRows: 100,
  });
  return s;
}

function tdmSection(loaded: LoadedInputs, rows: CohortRow[] | undefined): ReportSection {
  const s = section("tdm", "Therapeutic drug monitoring recommendations");
  if (!loaded.data.drug_levels) return unavailable(s, "Needs drug_levels.csv (troughs and anti-drug antibodies): not given.");
  if (!rows) return unavailable(s, "Needs the refractoriness classification (patients.csv): not available.");
  const withTdm = rows.filter((r) => r.next?.tdm);
  s.notes.push(
    `${withTdm.length} patients with a biologic failure and a drug level got a TDM decision (src/refractory tdmDecision; reactive trough targets AGA 2017 for infliximab, adalimumab and certolizumab, Papamichael 2019 Table 1 for the others). Patients with a failure but no level are told to measure one.`,
  );
  const measure = rows.filter((r) => r.next?.step === "measure trough and ADA").length;
  if (measure) s.notes.push(`${measure} patients with a biologic failure have no usable level: measure a trough and ADA.`);
  const table = withTdm.map((r) => {
    const d = r.next?.tdm;
    return {
      patient: r.patientId,
      failure: r.next?.drivenBy ?? "",
      level: d?.levelInterpretation ?? "",
      ADA: d?.adaInterpretation ?? "",
      "target trough (ug/mL)": d?.troughTargetUgMl ?? null,
      "failure type": d?.failureType ?? "",
      action: d?.summary ?? "",
      reasons: d?.reasons.join(" ") ?? "",
    };
  });
  s.tables.push({
    caption: "TDM decision per patient",
    columns: ["patient", "failure", "level", "ADA", "target trough (ug/mL)", "failure type", "action", "reasons"],
    rows: table,
    maxRows: 100,
  });
  const counts = new Map<string, number>();
  for (const r of withTdm) counts.set(r.next?.tdm?.action ?? "", (counts.get(r.next?.tdm?.action ?? "") ?? 0) + 1);
  if (counts.size) {
    s.figures.push({
      data: [{ type: "bar", x: [...counts.keys()], y: [...counts.values()], marker: { color: semanticColors.model } }],
      layout: withBaseLayout({
        title: { text: "TDM actions" },
        xaxis: { title: axisTitle("Action") },
        yaxis: { title: axisTitle("Patients") },
      }),
    });
  }
  return s;
}

// ------------------------------------------------------------------ reliability

interface Long {
  subject: string;
  rater: number;
  value: number;
}

function reliabilitySection(loaded: LoadedInputs): ReportSection {
  const s = section("reliability", "Reliability of repeated readings");
  const groups = new Map<string, { unit: string; long: Long[] }>();
  const add = (name: string, unit: string, subject: string, rater: number, value: number) => {
    if (!Number.isFinite(value) || (rater !== 1 && rater !== 2)) return;
    const g = groups.get(name) ?? { unit, long: [] };
    g.long.push({ subject, rater, value });
    groups.set(name, g);
  };
  const scan = (table: "visits" | "endoscopy", raterCol: string, label: string) => {
    const t = loaded.data[table];
    if (!t) return;
    const pid = t.columns.patient_id as (string | null)[];
    const week = t.columns.week as Float64Array;
    const inst = t.columns.instrument as (string | null)[];
    const rater = t.columns[raterCol] as Float64Array;
    const score = t.columns.score as Float64Array;
    for (let i = 0; i < t.nRows; i++) add(`${inst[i]} (${label})`, "points", `${pid[i]}\u0000${week[i]}`, rater[i], score[i]);
  };
  scan("visits", "reading", "two readings");
  scan("endoscopy", "reader", "two readers");
  const lb = loaded.data.labs;
  if (lb) {
    const pid = lb.columns.patient_id as (string | null)[];
    const week = lb.columns.week as Float64Array;
    const d1 = lb.columns.calprotectin_ug_g as Float64Array | undefined;
    const d2 = lb.columns.calprotectin_day2_ug_g as Float64Array | undefined;
    if (d1 && d2) {
      for (let i = 0; i < lb.nRows; i++) {
        if (!(d1[i] > 0 && d2[i] > 0)) continue;
        add("log calprotectin (two stools)", "ln(ug/g)", `${pid[i]}\u0000${week[i]}`, 1, Math.log(d1[i]));
        add("log calprotectin (two stools)", "ln(ug/g)", `${pid[i]}\u0000${week[i]}`, 2, Math.log(d2[i]));
      }
    }
  }
  if (!groups.size)
    return unavailable(
      s,
      "Needs repeated readings: visits.csv (reading 1/2), endoscopy.csv (reader 1/2) or labs.csv (calprotectin on two days): none given.",
    );
  const rows: Record<string, string | number | null>[] = [];
  for (const [name, g] of groups) {
    try {
      const r = icc(g.long);
      const seen = new Map<string, number>();
      for (const x of g.long) seen.set(x.subject, (seen.get(x.subject) ?? 0) + 1);
      const vals: number[] = [];
      // SD of the readings of subjects with both readings (the population SD behind SEM)
      for (const x of g.long) if ((seen.get(x.subject) ?? 0) >= 2) vals.push(x.value);
      const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
      const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(vals.length - 1, 1));
      const semValue = sem(sd, Math.min(1, Math.max(0, r.ICC2.value)));
      rows.push({
        measure: name,
        "subject-visits": r.subjects,
        ICC2: round(r.ICC2.value),
        lower: round(r.ICC2.lower),
        upper: round(r.ICC2.upper),
        SD: round(sd),
        SEM: round(semValue),
        MDC95: round(mdc(semValue)),
        unit: g.unit,
      });
    } catch (e) {
      if (!(e instanceof IbdLabError)) throw e;
      rows.push({
        measure: name,
        "subject-visits": null,
        ICC2: null,
        lower: null,
        upper: null,
        SD: null,
        SEM: null,
        MDC95: null,
        unit: g.unit,
      });
      s.notes.push(`${name}: not computed (${errText(e)})`);
    }
  }
  s.notes.push(
    "ICC(2,1), two-way random effects, absolute agreement, single reading (src/measurement icc, Shrout & Fleiss 1979), 95 % CI; SEM = SD·√(1 − ICC), MDC95 = 1.96·√2·SEM.",
  );
  s.tables.push({
    caption: "Reliability where readings repeat",
    columns: ["measure", "subject-visits", "ICC2", "lower", "upper", "SD", "SEM", "MDC95", "unit"],
    rows,
  });
  const ok = rows.filter((r) => typeof r.ICC2 === "number");
  if (ok.length) {
    s.figures.push({
      data: [
        {
          type: "bar",
          x: ok.map((r) => plotlyText(r.measure)),
          y: ok.map((r) => r.ICC2),
          error_y: {
            type: "data",
            symmetric: false,
            array: ok.map((r) => (r.upper as number) - (r.ICC2 as number)),
            arrayminus: ok.map((r) => (r.ICC2 as number) - (r.lower as number)),
          },
          marker: { color: semanticColors.model },
        },
      ],
      layout: withBaseLayout({
        title: { text: "ICC(2,1) with 95 % CI" },
        xaxis: { title: axisTitle("Measure") },
        yaxis: { title: axisTitle("ICC"), range: [0, 1] },
      }),
    });
  }
  return s;
}

// ------------------------------------------------------------------ PK

interface PkCandidate {
  patientId: string;
  startDay: number;
  weightKg: number;
  obs: { timeDays: number; concentrationUgMl: number; ada: boolean }[];
  belowLoq: number;
  albumin: { day: number; gdl: number }[];
  priority: number;
  disease: string | null;
  female: boolean;
  immunomodulator: boolean;
}

function pkSection(loaded: LoadedInputs, rows: CohortRow[] | undefined, options: ReportOptions): ReportSection {
  const s = section("pk", "Infliximab PK forecasts (Bayesian MAP)");
  const dl = loaded.data.drug_levels;
  const pts = loaded.data.patients;
  if (!dl) return unavailable(s, "Needs drug_levels.csv with infliximab troughs: not given.");
  if (!pts) return unavailable(s, "Needs patients.csv (weight, baseline date): not given.");
  const maxPatients = options.pkPatients ?? 5;
  const target = options.pkTargetTroughUgMl ?? 5;
  const nDraws = options.pkDraws ?? 500;
  s.notes.push(
    "Research and teaching use only: forecasts from a population model fitted to a handful of levels are uncertain and assume the dosing below; they are not dosing advice.",
  );
  const pid = pts.columns.patient_id as (string | null)[];
  const weight = pts.columns.weight_kg as Float64Array;
  const baseline = pts.columns.baseline_date as Float64Array;
  const disease = pts.columns.disease as (string | null)[];
  const sex = pts.columns.sex as (string | null)[];
  const imm = pts.columns.immunomodulator as Float64Array;
  const byId = new Map<string, number>();
  for (let i = 0; i < pts.nRows; i++) if (pid[i]) byId.set(pid[i] as string, i);
  // infliximab start per patient: first infliximab course in treatments, else the baseline date
  const start = new Map<string, number>();
  const tr = loaded.data.treatments;
  if (tr) {
    const tp = tr.columns.patient_id as (string | null)[];
    const drug = tr.columns.drug as (string | null)[];
    const sd = tr.columns.start_date as Float64Array;
    for (let i = 0; i < tr.nRows; i++) {
      if (drug[i] !== "infliximab" || !tp[i] || !Number.isFinite(sd[i])) continue;
      const prev = start.get(tp[i] as string);
      if (prev === undefined || sd[i] < prev) start.set(tp[i] as string, sd[i]);
    }
  }
  const cands = new Map<string, PkCandidate>();
  const dp = dl.columns.patient_id as (string | null)[];
  const ddrug = dl.columns.drug as (string | null)[];
  const ddate = dl.columns.sample_date as Float64Array;
  const trough = dl.columns.trough_ug_ml as Float64Array;
  const adaRes = dl.columns.ada_result as (string | null)[];
  for (let i = 0; i < dl.nRows; i++) {
    const p = dp[i];
    if (!p || ddrug[i] !== "infliximab" || !Number.isFinite(trough[i]) || !Number.isFinite(ddate[i])) continue;
    const k = byId.get(p);
    if (k === undefined || !(weight[k] > 0)) continue;
    const st = start.get(p) ?? baseline[k];
    if (!Number.isFinite(st)) continue;
    const c = cands.get(p) ?? {
      patientId: p,
      startDay: st,
      weightKg: weight[k],
      obs: [],
      belowLoq: 0,
      albumin: [],
      priority: 1,
      disease: disease?.[k] ?? null,
      female: sex?.[k] === "F",
      immunomodulator: imm?.[k] === 1,
    };
    const t = ddate[i] - st - 0.01;
    if (t <= 0) continue;
    if (trough[i] > 0) c.obs.push({ timeDays: t, concentrationUgMl: trough[i], ada: adaRes[i] === "positive" });
    else c.belowLoq++;
    cands.set(p, c);
  }
  if (!cands.size) return unavailable(s, "No infliximab trough after the start of infliximab in drug_levels.csv: nothing to forecast.");
  // Patients whose next step came from a TDM decision come first.
  for (const r of rows ?? []) {
    const c = cands.get(r.patientId);
    if (c && r.next?.tdm) c.priority = 0;
  }
  const lb = loaded.data.labs;
  if (lb) {
    const lp = lb.columns.patient_id as (string | null)[];
    const ld = lb.columns.sample_date as Float64Array;
    const alb = lb.columns.albumin_g_dl as Float64Array | undefined;
    if (alb) {
      for (let i = 0; i < lb.nRows; i++) {
        const c = lp[i] ? cands.get(lp[i] as string) : undefined;
        if (c && alb[i] > 0) c.albumin.push({ day: ld[i] - c.startDay, gdl: alb[i] });
      }
    }
  }
  const ranked = [...cands.values()]
    .filter((c) => c.obs.length >= 1)
    .sort((a, b) => a.priority - b.priority || b.obs.length - a.obs.length || (a.patientId < b.patientId ? -1 : 1));
  // Take patients in turn from each disease, so a combined UC + CD input shows both.
  const queues = new Map<string, PkCandidate[]>();
  for (const c of ranked) queues.set(c.disease ?? "", [...(queues.get(c.disease ?? "") ?? []), c]);
  const chosen: PkCandidate[] = [];
  while (chosen.length < Math.min(maxPatients, ranked.length)) {
    for (const q of queues.values()) {
      const c = q.shift();
      if (c && chosen.length < maxPatients) chosen.push(c);
    }
  }
  s.notes.push(
    `${cands.size} patients have infliximab troughs; forecasts for ${chosen.length} (at most ${maxPatients}; patients with a TDM decision first). Models: ${INFLIXIMAB_FASANMADE_2009.label} for UC, ${INFLIXIMAB_FASANMADE_2011.label} for CD; target trough ${target} ug/mL with probability 0.8.`,
  );
  const forecastRows: Record<string, string | number | null>[] = [];
  const bars: { name: string; x: string[]; y: number[]; lo: number[]; hi: number[] }[] = [];
  for (const c of chosen) {
    const reasons: string[] = [];
    try {
      c.obs.sort((a, b) => a.timeDays - b.timeDays);
      c.albumin.sort((a, b) => a.day - b.day);
      const lastDay = c.obs[c.obs.length - 1].timeDays;
      const regimen = infliximabRegimen({ untilWeeks: Math.ceil(lastDay / 7) + 8 });
      const next = regimen.doses.find((d) => d.timeDays > lastDay);
      if (!next) throw new Error("no scheduled dose after the last level");
      const fitRegimen = { ...regimen, doses: regimen.doses.filter((d) => d.timeDays <= next.timeDays) };
      const alb0 = c.albumin.filter((a) => a.day <= 7).pop() ?? c.albumin[0];
      if (!alb0)
        throw new InputError({
          field: "labs.albumin_g_dl",
          value: c.patientId,
          expected: "an albumin value for this patient (a covariate of the model)",
        });
      const model = c.disease === "CD" ? INFLIXIMAB_FASANMADE_2011 : INFLIXIMAB_FASANMADE_2009;
      const base: Covariates = {
        weightKg: c.weightKg,
        albuminGdl: Math.min(alb0.gdl, 6),
        female: c.female,
        immunomodulator: c.immunomodulator,
      };
      const changes: CovariateChange[] = c.albumin
        .filter((a) => a.day > 7 && a.day <= lastDay)
        .map((a) => ({ timeDays: a.day, albuminGdl: Math.min(a.gdl, 6) }));
      const firstAda = c.obs.find((o) => o.ada);
      if (firstAda) changes.push({ timeDays: Math.max(0.5, firstAda.timeDays - 30), ada: true });
      changes.sort((a, b) => a.timeDays - b.timeDays);
      const fit = mapEstimate(
        INFLIXIMAB_FASANMADE_2009,
        fitRegimen,
        c.obs.map(({ timeDays, concentrationUgMl }) => ({ timeDays, concentrationUgMl })),
        { baseline: base, changes },
      );
      const rec = recommendRegimen(fit, { targetTroughUgMl: target, probability: 0.8, startDays: next.timeDays, nDraws, seed: 1 });
      reasons.push(
        `Assumed dosing: infliximab 5 mg/kg at weeks 0, 2, 6, then every 8 weeks from ${isoDate(c.startDay)} (dose changes in treatments.csv are not modelled).`,
        `Model: ${model.label} (${model.citation.split(";")[0]}), chosen for ${c.disease === "CD" ? "Crohn's disease" : "ulcerative colitis (or disease not given)"}.`,
        `Fitted to ${c.obs.length} trough(s) above the quantification limit${c.belowLoq ? ` (${c.belowLoq} below it left out)` : ""}; weight ${c.weightKg} kg, albumin ${alb0.gdl} g/dL at the start${changes.some((x) => x.albuminGdl !== undefined) ? " and as measured later" : ""}${c.immunomodulator ? ", on a thiopurine" : ""}${firstAda ? "; ADA positive, assumed present from 30 days before the first positive sample" : ""}.`,
        ...rec.reasons,
      );
      for (const f of rec.forecasts) {
        forecastRows.push({
          patient: c.patientId,
          option: f.name,
          "forecast trough (ug/mL)": round(f.troughUgMl.value, 2),
          "90 % lower": round(f.troughUgMl.lower, 2),
          "90 % upper": round(f.troughUgMl.upper, 2),
          [`P(>= ${target})`]: round(f.probabilityAtTarget ?? Number.NaN, 2),
          chosen: f === rec.recommended ? "yes" : "",
        });
      }
      bars.push({
        name: plotlyText(c.patientId),
        x: rec.forecasts.map((f) => f.name),
        y: rec.forecasts.map((f) => f.troughUgMl.value),
        lo: rec.forecasts.map((f) => f.troughUgMl.value - f.troughUgMl.lower),
        hi: rec.forecasts.map((f) => f.troughUgMl.upper - f.troughUgMl.value),
      });
      s.details.push({
        heading: `${c.patientId}: ${rec.recommended ? rec.recommended.name : "no labelled option reaches the target"}`,
        items: reasons,
      });
    } catch (e) {
      s.details.push({ heading: `${c.patientId}: not forecast`, items: [...reasons, `The fit failed: ${errText(e)}`] });
    }
  }
  if (forecastRows.length) {
    s.tables.push({
      caption: "Forecast trough three intervals after the next dose, per option (Laplace posterior)",
      columns: ["patient", "option", "forecast trough (ug/mL)", "90 % lower", "90 % upper", `P(>= ${target})`, "chosen"],
      rows: forecastRows,
      maxRows: 60,
    });
    s.figures.push({
      data: bars.map((b) => ({
        type: "bar",
        name: b.name,
        x: b.x,
        y: b.y,
        error_y: { type: "data", symmetric: false, array: b.hi, arrayminus: b.lo },
      })),
      layout: withBaseLayout({
        title: { text: `Forecast trough by option (90 % interval); target ${target} µg/mL` },
        barmode: "group",
        xaxis: { title: axisTitle("Maintenance option") },
        yaxis: { title: axisTitle("Forecast trough", "µg/mL") },
        shapes: [
          {
            type: "line",
            xref: "paper",
            x0: 0,
            x1: 1,
            y0: target,
            y1: target,
            line: { color: semanticColors.threshold, dash: "dash", width: 1 },
          },
        ],
      }),
    });
  }
  return s;
}

// ------------------------------------------------------------------ assembly

/** Runs every section the loaded tables allow; a section that fails is reported as unavailable with the error, not thrown. */
export function buildReport(loaded: LoadedInputs, options: ReportOptions = {}): Report {
  const step = options.onStep ?? (() => {});
  const guard = (id: string, title: string, f: () => ReportSection): ReportSection => {
    try {
      return f();
    } catch (e) {
      // One section's failure must not cost the analyst the rest of the report.
      const kind =
        e instanceof IbdLabError
          ? "Could not be computed from these tables"
          : "Internal error while computing this section (please report it)";
      return unavailable(section(id, title), `${kind}: ${errText(e)}`);
    }
  };
  const ctx: { visits?: ReturnType<typeof visitRecords>; rows?: CohortRow[] } = {};
  const sections: ReportSection[] = [];
  step(REPORT_STEPS[0]);
  sections.push(cohortSection(loaded));
  step(REPORT_STEPS[1]);
  sections.push(guard("discordance", "Symptoms vs inflammation: discordance quadrants", () => discordanceSection(loaded, ctx)));
  step(REPORT_STEPS[2]);
  sections.push(guard("refractory", "Refractoriness labels and next steps", () => refractorySection(loaded, ctx)));
  step(REPORT_STEPS[3]);
  sections.push(guard("tdm", "Therapeutic drug monitoring recommendations", () => tdmSection(loaded, ctx.rows)));
  step(REPORT_STEPS[4]);
  sections.push(guard("reliability", "Reliability of repeated readings", () => reliabilitySection(loaded)));
  step(REPORT_STEPS[5]);
  sections.push(guard("pk", "Infliximab PK forecasts (Bayesian MAP)", () => pkSection(loaded, ctx.rows, options)));
  return {
    title: options.title ?? "ibd-lab cohort report",
    generatedAt: (options.now ?? new Date()).toISOString(),
    inputs: loaded.files.map((f) => ({ table: f.table, file: f.path })),
    disclaimer: DISCLAIMER,
    sections,
  };
}

/** The report as JSON-ready data: figures reduced to their titles and trace counts (tables hold the numbers). */
export function reportJson(report: Report): unknown {
  return {
    ...report,
    sections: report.sections.map((s) => ({
      ...s,
      figures: s.figures.map((f) => ({ title: (f.layout.title as { text?: string } | undefined)?.text ?? "", traces: f.data.length })),
    })),
  };
}
