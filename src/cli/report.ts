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
import { IbdLabError } from "../core/errors";
import { classifyDiscordance, type DiscordanceCall, QUADRANTS, type Quadrant } from "../discordance/classify";
import { quadrantScatterFigure, quadrantSharesFigure } from "../discordance/figures";
import type { InstrumentId } from "../discordance/instruments";
import type { AdvancedDrug } from "../drugs/types";
import { repeatability } from "../measurement/repeatability";
import { type CandidateRegimen, forecastTroughs, mapEstimate, recommendRegimen, type TroughForecast } from "../pk/bayes";
import { axisTitle, type Figure } from "../plot/figure";
import { semanticColors, withBaseLayout } from "../plot/palette";
import { patientRecords } from "../records/build";
import { type PkSubject, pkSubject } from "../records/pk";
import { repeatedReadings } from "../records/ratings";
import type { PatientRecord } from "../records/types";
import { type DiscordanceVisit, discordanceVisits } from "../records/visits";
import { type CohortRow, classifyCohort, nextStepSankey, summarizeCohort } from "../refractory/cohort";
import { treatmentHistories } from "../refractory/histories";
import { troughTarget } from "../refractory/tdm";
import type { LoadedInputs } from "./load";
import { type PatientBlock, type PatientsPart, patientReports, type ReportSummary, reportSummary } from "./report-patients";
import { reportsOf } from "./validate";

/** A table of the report: records with a column order. */
export interface ReportTable {
  caption: string;
  columns: string[];
  rows: Record<string, string | number | null>[];
  /** Rows shown in the HTML page (all rows are in the JSON). */
  maxRows?: number;
  /** Rows that are also in the per-patient part: the HTML page shows them there, under each patient, not as a table. */
  inPatients?: boolean;
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
  /** Section "pk" only: one entry per fitted patient. */
  fits?: PkFitSummary[];
  /** The details are also in the per-patient part: the HTML page shows them there. Not in the JSON. */
  detailsInPatients?: boolean;
}

export interface Report {
  title: string;
  generatedAt: string;
  inputs: { table: string; file: string }[];
  disclaimer: string;
  /** The first screen: counts and the patients per decision. */
  summary: ReportSummary;
  /** Every patient: decision, why, and the reasons said once (see src/cli/report-patients.ts). */
  patients: PatientsPart;
  sections: ReportSection[];
}

/** Options of {@link buildReport}. */
export interface ReportOptions {
  /** Report title. Default: "ibd-lab cohort report". */
  title?: string;
  /** Most patients fitted and forecast, taken in turn from each disease and drug. Default: 8. */
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

function cohortSection(loaded: LoadedInputs, records: PatientRecord[] | undefined): ReportSection {
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
  if (records) {
    const rows: Record<string, string | number | null>[] = [{ characteristic: "patients", value: "all", patients: records.length }];
    const pick: [string, (r: PatientRecord) => string | null][] = [
      ["disease", (r) => r.disease],
      ["sex", (r) => r.sex],
      ["first_biologic", (r) => r.firstBiologic],
    ];
    for (const [name, f] of pick) {
      const m = new Map<string, number>();
      for (const r of records) m.set(f(r) ?? "(missing)", (m.get(f(r) ?? "(missing)") ?? 0) + 1);
      for (const [v, k] of [...m].sort((x, y) => y[1] - x[1])) rows.push({ characteristic: name, value: v, patients: k });
    }
    const ages = Float64Array.from(records.flatMap((r) => (r.ageYears === null ? [] : [r.ageYears]))).sort();
    if (ages.length) rows.push({ characteristic: "age_years (median)", value: "", patients: ages[Math.floor((ages.length - 1) / 2)] });
    s.tables.push({ caption: "Patients", columns: ["characteristic", "value", "patients"], rows });
    const notes = records.filter((r) => r.teachingCase).map((r) => ({ patient: r.patientId, teaching_case: r.teachingCase }));
    if (notes.length)
      s.tables.push({ caption: "Patients with a free-text note (teaching_case)", columns: ["patient", "teaching_case"], rows: notes });
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

function discordanceSection(loaded: LoadedInputs, records: PatientRecord[] | undefined, ctx: ReportContext): ReportSection {
  const s = section("discordance", "Symptoms vs inflammation: discordance quadrants");
  if (!loaded.data.visits) return unavailable(s, "Needs visits.csv (symptom scores) and endoscopy.csv or labs.csv: not given.");
  if (!loaded.data.endoscopy && !loaded.data.labs)
    return unavailable(s, "Needs endoscopy.csv or labs.csv (an objective measure) besides visits.csv: neither given.");
  if (!records) return unavailable(s, "Needs patients.csv (the patients the visits belong to): not given.");
  const visits = ctx.visits ?? discordanceVisits(records);
  ctx.visits = visits;
  const res = classifyDiscordance(visits, { endoscopyPriority: ["sesCd", "mayoEndoscopic", "uceis"] });
  ctx.calls = res.calls;
  s.notes.push(
    `${res.n} patient-visits (discordanceVisits of the patient records) classified with src/discordance (classifyDiscordance): symptom score first reading (PRO2, else HBI), endoscopy (SES-CD, Mayo, UCEIS; first reader), calprotectin and CRP of the same week.`,
  );
  // Per disease (UC and CD use different instruments).
  const diseaseOf = new Map(records.map((r) => [r.patientId, r.disease as string]));
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
  s.tables.push({
    caption: `Discordant visits (${rows.length})`,
    columns: ["patient", "week", "quadrant", "reasons"],
    rows,
    maxRows: 50,
    inPatients: true,
  });
  return s;
}

// ------------------------------------------------------------------ refractoriness and TDM

function refractorySection(loaded: LoadedInputs, records: PatientRecord[] | undefined, ctx: ReportContext): ReportSection {
  const s = section("refractory", "Refractoriness labels and next steps");
  if (!records) return unavailable(s, "Needs patients.csv (and treatments.csv for labels): not given.");
  if (!loaded.data.treatments) s.notes.push("No treatments.csv: no steroid or biologic courses, so most labels cannot be given.");
  const histories = treatmentHistories(records);
  const rows = classifyCohort(histories, { useRecordedOutcomes: true });
  ctx.rows = rows;
  const sum = summarizeCohort(rows);
  s.notes.push(
    `${sum.patients} patients classified by src/refractory (treatmentHistories of the patient records, classifyCohort with recorded stop reasons accepted); ${sum.errors} could not be classified.`,
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
    inPatients: true,
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
    inPatients: true,
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

function reliabilitySection(records: PatientRecord[] | undefined): ReportSection {
  const s = section("reliability", "Reliability of repeated readings");
  if (!records) return unavailable(s, "Needs patients.csv (the patients whose readings repeat): not given.");
  const measures = repeatedReadings(records);
  if (!measures.length)
    return unavailable(
      s,
      "Needs repeated readings: visits.csv (reading 1/2), endoscopy.csv (reader 1/2) or labs.csv (calprotectin on two days): none given.",
    );
  const rows: Record<string, string | number | null>[] = [];
  let method = "";
  for (const g of measures) {
    try {
      const r = repeatability(g.ratings, { scale: g.scale });
      method = r.method;
      rows.push({
        measure: g.measure,
        "subject-visits": r.subjects,
        ICC2: round(r.reliability.value),
        lower: round(r.reliability.lower),
        upper: round(r.reliability.upper),
        SD: round(r.sd),
        SEM: round(r.sem),
        MDC95: round(r.mdc95),
        unit: g.unit,
      });
    } catch (e) {
      if (!(e instanceof IbdLabError)) throw e;
      rows.push({
        measure: g.measure,
        "subject-visits": null,
        ICC2: null,
        lower: null,
        upper: null,
        SD: null,
        SEM: null,
        MDC95: null,
        unit: g.unit,
      });
      s.notes.push(`${g.measure}: not computed (${errText(e)})`);
    }
  }
  if (method) s.notes.push(`repeatability() from src/measurement, the definition the notebooks use: ${method}.`);
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
        xaxis: { title: axisTitle("Measure"), automargin: true },
        yaxis: { title: axisTitle("ICC"), range: [0, 1] },
      }),
    });
  }
  return s;
}

// ------------------------------------------------------------------ PK

/** One fitted patient in the report (the `fits` of the section with id "pk"). */
export interface PkFitSummary {
  patientId: string;
  drug: string;
  disease: string;
  /** Registry id of the model (pkModelFor), e.g. "infliximab-fasanmade-2011". */
  modelId: string;
  administrationsUsed: number;
  levelsUsed: number;
  levelsCensored: number;
  converged: boolean;
  /** MAP random effects. */
  etas: Record<string, number>;
  /** Day of the next dose (days after the first administration), where the forecast starts. */
  nextDoseDays: number;
  /** Name of the recommended option (infliximab), or null (none reaches the target, not converged, or not infliximab). */
  recommended: string | null;
}

/** Drugs the report forecasts: those with a published model in the registry. */
const PK_DRUGS = ["infliximab", "adalimumab", "vedolizumab", "ustekinumab"] as const;

function pkSection(
  records: PatientRecord[] | undefined,
  rows: CohortRow[] | undefined,
  options: ReportOptions,
  ctx: ReportContext,
): ReportSection {
  const s = section("pk", "PK forecasts (Bayesian MAP on the doses given)");
  s.detailsInPatients = true;
  if (!records) return unavailable(s, "Needs patients.csv (weight, disease): not given.");
  const maxPatients = options.pkPatients ?? 8;
  const nDraws = options.pkDraws ?? 500;
  s.notes.push(
    "Research and teaching use only: forecasts from a population model fitted to a handful of levels are uncertain; they are not dosing advice.",
  );
  // Candidates: patients with levels and administrations of a drug that has a model; one fit per patient
  // (the drug with the most levels). Patients whose next step came from a TDM decision come first.
  const tdm = new Set((rows ?? []).filter((r) => r.next?.tdm).map((r) => r.patientId));
  type Cand = { rec: PatientRecord; drug: string; levels: number };
  const cands: Cand[] = [];
  let noDoses = 0;
  for (const rec of records) {
    const counts = new Map<string, number>();
    for (const l of rec.drugLevels) if ((PK_DRUGS as readonly string[]).includes(l.drug)) counts.set(l.drug, (counts.get(l.drug) ?? 0) + 1);
    let best: string | undefined;
    for (const [d, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = d;
    if (!best) continue;
    const drug = best;
    if (!rec.administrations.some((a) => a.drug === drug)) {
      noDoses++;
      continue;
    }
    cands.push({ rec, drug, levels: counts.get(drug) ?? 0 });
  }
  if (noDoses)
    s.notes.push(
      `${noDoses} patient(s) have drug levels but no administrations of that drug in administrations.csv: not fitted (the doses given are needed).`,
    );
  if (!cands.length)
    return unavailable(
      s,
      "No patient has both drug levels and administrations (administrations.csv) of a drug with a published model: nothing to fit.",
    );
  cands.sort(
    (a, b) =>
      Number(!tdm.has(a.rec.patientId)) - Number(!tdm.has(b.rec.patientId)) ||
      b.levels - a.levels ||
      (a.rec.patientId < b.rec.patientId ? -1 : 1),
  );
  // Take patients in turn from each disease and drug, so every combination in the input is shown.
  const queues = new Map<string, Cand[]>();
  for (const c of cands) {
    const k = `${c.rec.disease}\u0000${c.drug}`;
    queues.set(k, [...(queues.get(k) ?? []), c]);
  }
  const chosen: Cand[] = [];
  while (chosen.length < Math.min(maxPatients, cands.length)) {
    for (const q of queues.values()) {
      const c = q.shift();
      if (c && chosen.length < maxPatients) chosen.push(c);
    }
  }
  s.notes.push(
    `${cands.length} patients have levels and doses of a drug with a published model; fits for ${chosen.length} (at most ${maxPatients}; patients with a TDM decision first, then in turn by disease and drug). Each is fitted to the doses in administrations.csv and every level, censored ones by M3 (Beal 2001); the model comes from pkModelFor (one registry). Infliximab gets a recommendation within the labelled maxima (target ${options.pkTargetTroughUgMl ?? 5} ug/mL, probability 0.8); other drugs a forecast of the current schedule against their maintenance target.`,
  );
  const fits: PkFitSummary[] = [];
  // Each fit's reasons, in the section and under the patient in the per-patient part.
  const pkBlocks = new Map<string, PatientBlock>();
  ctx.pk = pkBlocks;
  const addDetail = (patientId: string, d: { heading: string; items: string[] }) => {
    s.details.push(d);
    pkBlocks.set(patientId, { heading: `PK forecast: ${d.heading}`, items: [...d.items] });
  };
  const forecastRows: Record<string, string | number | null>[] = [];
  const bars: { name: string; x: string[]; y: number[]; lo: number[]; hi: number[] }[] = [];
  for (const c of chosen) {
    const reasons: string[] = [];
    try {
      const subj = pkSubject(c.rec, { drug: c.drug });
      reasons.push(...subj.reasons);
      const fit = mapEstimate(subj.model, subj.regimen, subj.observations, subj.covariates);
      const summary: PkFitSummary = {
        patientId: subj.patientId,
        drug: subj.drug,
        disease: subj.disease,
        modelId: subj.modelId,
        administrationsUsed: subj.administrationsUsed,
        levelsUsed: subj.levelsUsed,
        levelsCensored: subj.levelsCensored,
        converged: fit.converged,
        etas: fit.etas,
        nextDoseDays: subj.nextDoseDays,
        recommended: null,
      };
      fits.push(summary);
      if (!fit.converged) {
        addDetail(c.rec.patientId, {
          heading: `${subj.patientId} (${subj.drug}): no forecast`,
          items: [...reasons, `The MAP fit did not converge (${fit.iterations} iterations): no forecast and no dose are given from it.`],
        });
        continue;
      }
      const target = targetFor(subj.drug, options);
      let forecasts: TroughForecast[];
      let chosenName: string | null = null;
      if (subj.drug === "infliximab") {
        const rec = recommendRegimen(fit, {
          targetTroughUgMl: target.value,
          probability: 0.8,
          startDays: subj.nextDoseDays,
          nDraws,
          seed: 1,
        });
        forecasts = rec.forecasts;
        chosenName = rec.recommended?.name ?? null;
        summary.recommended = chosenName;
        reasons.push(...rec.reasons);
      } else {
        const current = currentSchedule(subj);
        forecasts = forecastTroughs(fit, [current], { startDays: subj.nextDoseDays, targetTroughUgMl: target.value, nDraws, seed: 1 });
        const f = forecasts[0];
        reasons.push(
          `Forecast of the current schedule (${f.name}): trough ${f.troughUgMl.value.toFixed(1)} ug/mL (${Math.round(100 * f.troughUgMl.confidence)} % interval ${f.troughUgMl.lower.toFixed(1)}-${f.troughUgMl.upper.toFixed(1)}), probability ${(100 * (f.probabilityAtTarget ?? 0)).toFixed(0)} % of reaching ${target.value} ug/mL (${target.source}).`,
          `No dose is suggested for ${subj.drug}: ibd-lab holds labelled maxima for infliximab only.`,
        );
      }
      for (const f of forecasts) {
        forecastRows.push({
          patient: subj.patientId,
          drug: subj.drug,
          model: subj.modelId,
          option: f.name,
          "forecast trough (ug/mL)": round(f.troughUgMl.value, 2),
          "90 % lower": round(f.troughUgMl.lower, 2),
          "90 % upper": round(f.troughUgMl.upper, 2),
          target: target.value,
          "P(>= target)": round(f.probabilityAtTarget ?? Number.NaN, 2),
          chosen: f.name === chosenName ? "yes" : "",
        });
      }
      bars.push({
        name: plotlyText(`${subj.patientId} (${subj.drug})`),
        x: forecasts.map((f) => f.name),
        y: forecasts.map((f) => f.troughUgMl.value),
        lo: forecasts.map((f) => f.troughUgMl.value - f.troughUgMl.lower),
        hi: forecasts.map((f) => f.troughUgMl.upper - f.troughUgMl.value),
      });
      addDetail(c.rec.patientId, {
        heading: `${subj.patientId} (${subj.drug}, ${subj.modelId}): ${
          subj.drug === "infliximab" ? (chosenName ?? "no labelled option reaches the target") : "forecast of the current schedule"
        }`,
        items: reasons,
      });
    } catch (e) {
      if (!(e instanceof IbdLabError)) throw e;
      addDetail(c.rec.patientId, {
        heading: `${c.rec.patientId} (${c.drug}): not fitted`,
        items: [...reasons, `The fit failed: ${errText(e)}`],
      });
    }
  }
  s.fits = fits;
  if (forecastRows.length) {
    s.tables.push({
      caption: "Forecast trough three intervals after the next dose, per option (Laplace posterior)",
      columns: [
        "patient",
        "drug",
        "model",
        "option",
        "forecast trough (ug/mL)",
        "90 % lower",
        "90 % upper",
        "target",
        "P(>= target)",
        "chosen",
      ],
      rows: forecastRows,
      maxRows: 80,
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
        title: { text: "Forecast trough by option (90 % interval)" },
        barmode: "group",
        xaxis: { title: axisTitle("Maintenance option") },
        yaxis: { title: axisTitle("Forecast trough", "µg/mL") },
      }),
    });
  }
  s.tables.push({
    caption: "Fits (one per patient)",
    columns: ["patient", "drug", "model", "doses", "levels", "censored", "converged", "recommended"],
    rows: fits.map((f) => ({
      patient: f.patientId,
      drug: f.drug,
      model: f.modelId,
      doses: f.administrationsUsed,
      levels: f.levelsUsed,
      censored: f.levelsCensored,
      converged: f.converged ? "yes" : "no",
      recommended: f.recommended ?? "",
    })),
  });
  return s;
}

/** Maintenance trough target of a drug: infliximab the report's option (default AGA 2017, 5), else tdmDecision's own target. */
function targetFor(drug: string, options: ReportOptions): { value: number; source: string } {
  if (drug === "infliximab") return { value: options.pkTargetTroughUgMl ?? 5, source: "AGA 2017 reactive target" };
  const t = troughTarget(drug as AdvancedDrug);
  return { value: t.targetUgMl, source: t.source };
}

/** The schedule in force: the last dose and the last interval between doses (8 weeks when only one dose). */
function currentSchedule(subj: PkSubject): CandidateRegimen {
  const d = subj.regimen.doses;
  const last = d[d.length - 1];
  const interval = d.length >= 2 ? last.timeDays - d[d.length - 2].timeDays : 56;
  const weeks = interval / 7;
  return {
    name: `${last.amountMg} mg ${last.route.toUpperCase()} every ${Number.isInteger(weeks) ? `${weeks} weeks` : `${interval} days`} (as given)`,
    amountMg: last.amountMg as number,
    intervalDays: interval > 0 ? interval : 56,
    route: last.route,
  };
}

// ------------------------------------------------------------------ assembly

/** What one section computed and a later one (or the per-patient part) reads. */
interface ReportContext {
  visits?: DiscordanceVisit[];
  calls?: DiscordanceCall[];
  rows?: CohortRow[];
  pk?: Map<string, PatientBlock>;
}

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
  const ctx: ReportContext = {};
  const sections: ReportSection[] = [];
  step(REPORT_STEPS[0]);
  // The one join of the tables: every section below reads the patient records, not the tables.
  let records: PatientRecord[] | undefined;
  let recordsError: string | undefined;
  try {
    records = loaded.data.patients ? patientRecords(loaded) : undefined;
  } catch (e) {
    if (!(e instanceof IbdLabError)) throw e;
    recordsError = `The patient records could not be built, so the sections that need them are not available: ${errText(e)}`;
  }
  const cohort = cohortSection(loaded, records);
  if (recordsError) cohort.notes.push(recordsError);
  sections.push(cohort);
  step(REPORT_STEPS[1]);
  sections.push(guard("discordance", "Symptoms vs inflammation: discordance quadrants", () => discordanceSection(loaded, records, ctx)));
  step(REPORT_STEPS[2]);
  sections.push(guard("refractory", "Refractoriness labels and next steps", () => refractorySection(loaded, records, ctx)));
  step(REPORT_STEPS[3]);
  sections.push(guard("tdm", "Therapeutic drug monitoring recommendations", () => tdmSection(loaded, ctx.rows)));
  step(REPORT_STEPS[4]);
  sections.push(guard("reliability", "Reliability of repeated readings", () => reliabilitySection(records)));
  step(REPORT_STEPS[5]);
  sections.push(guard("pk", "PK forecasts (Bayesian MAP on the doses given)", () => pkSection(records, ctx.rows, options, ctx)));
  const patients = patientReports({ records: records ?? [], rows: ctx.rows, visits: ctx.visits, calls: ctx.calls, pk: ctx.pk });
  const reports = reportsOf(loaded);
  const summary = reportSummary(patients, {
    rowsRead: reports.reduce((k, r) => k + r.rowsRead, 0),
    rowsRejected: reports.reduce((k, r) => k + r.rejectedCount, 0),
    pkForecasts: sections.find((x) => x.id === "pk")?.fits?.length ?? 0,
    discordantVisits: (ctx.calls ?? []).filter((c) => c.quadrant === "refractory-symptoms" || c.quadrant === "silent-inflammation").length,
  });
  return {
    title: options.title ?? "ibd-lab cohort report",
    generatedAt: (options.now ?? new Date()).toISOString(),
    inputs: loaded.files.map((f) => ({ table: f.table, file: f.path })),
    disclaimer: DISCLAIMER,
    summary,
    patients,
    sections,
  };
}

/** The report as JSON-ready data: figures reduced to their titles and trace counts (tables hold the numbers). */
export function reportJson(report: Report): unknown {
  return {
    ...report,
    sections: report.sections.map(({ detailsInPatients: _, ...s }) => ({
      ...s,
      tables: s.tables.map(({ inPatients: __, ...t }) => t),
      figures: s.figures.map((f) => ({ title: (f.layout.title as { text?: string } | undefined)?.text ?? "", traces: f.data.length })),
    })),
  };
}
