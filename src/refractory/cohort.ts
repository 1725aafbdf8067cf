/**
 * Cohort mode: classify every patient, choose a next step for each, summarise,
 * and draw the flow from label to next step (a pure plotly Sankey builder).
 */
import { IbdLabError, InputError } from "../core/errors";
import type { Reasoned } from "../core/result";
import { assertArray, assertObject, optionsObject } from "../core/validate";
import type { Figure } from "../plot/figure";
import { categorical, palette, withBaseLayout } from "../plot/palette";
import { classifyRefractoriness, type RefractoryClassification, type RefractoryLabel, type RefractoryOptions } from "./classify";
import { dayNumber } from "./dates";
import { PAPAMICHAEL_2019_TROUGH_TARGETS, type TdmDecision, type TdmOptions, type TdmPhase, tdmDecision } from "./tdm";
import type { AdvancedDrug, TreatmentHistory } from "./types";

/** Next steps, coarse enough to count in a cohort. */
export type NextStep =
  | "dilatation or surgery"
  | "exclude mimics"
  | "optimise dose"
  | "switch within class + immunomodulator"
  | "switch out of class"
  | "measure trough and ADA"
  | "recheck adherence and timing"
  | "steroid-sparing advanced therapy"
  | "treat active inflammation"
  | "investigate non-inflammatory symptoms"
  | "obtain objective assessment"
  | "record weight"
  | "complete induction"
  | "continue current plan";

/** Next step for one patient. */
export interface NextStepResult extends Reasoned {
  step: NextStep;
  /** The label that drove the step ("none" when no label applies). */
  drivenBy: RefractoryLabel | "none";
  /** The TDM decision used, when there was a level. */
  tdm?: TdmDecision;
}

/** Options of {@link nextStep} and {@link classifyCohort}. */
export interface NextStepOptions extends RefractoryOptions {
  tdm?: TdmOptions;
}

function phaseAt(drug: AdvancedDrug, weeks: number): TdmPhase {
  const row = PAPAMICHAEL_2019_TROUGH_TARGETS[drug] ?? {};
  const candidates: Array<[TdmPhase, number]> = [
    ["week2", 3],
    ["week6", 7],
    ["week8", 10],
    ["week14", 16],
  ];
  for (const [p, upTo] of candidates) if (weeks <= upTo && row[p]) return p;
  return "maintenance";
}

const TDM_STEP: Record<TdmDecision["action"], NextStep> = {
  "optimise-dose": "optimise dose",
  "quantify-ada": "measure trough and ADA",
  "switch-within-class-plus-immunomodulator": "switch within class + immunomodulator",
  "switch-out-of-class": "switch out of class",
  "recheck-mimics-adherence-timing": "recheck adherence and timing",
};

/**
 * The next step for a classified patient, in priority order: structural
 * obstruction, mimics, biologic failure (through {@link tdmDecision} on the
 * latest level of the failing drug), steroid failure, inflammation, symptoms,
 * missing data, incomplete induction.
 * @example
 * const history = {
 *   patientId: "P1", asOf: "2025-03-01", mimicsExcluded: true,
 *   steroids: [{ drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: "2025-01-01", endDate: "2025-01-20" }],
 *   assessments: [{ date: "2025-01-18", calprotectinUgG: 900 }],
 * };
 * nextStep(history, classifyRefractoriness(history)) // { step: "steroid-sparing advanced therapy", drivenBy: "steroid-refractory" }
 */
export function nextStep(
  history: TreatmentHistory,
  classification: RefractoryClassification,
  options: NextStepOptions = {},
): NextStepResult {
  assertObject(history, "history");
  assertObject(classification, "classification");
  if (!Array.isArray(classification.findings))
    throw new InputError({
      field: "classification.findings",
      value: classification.findings,
      expected: "the findings of classifyRefractoriness",
    });
  optionsObject(options);
  const f = classification.findings;
  const has = (l: RefractoryLabel) => f.find((x) => x.label === l);
  const pending = (reason: string) => f.find((x) => x.label === "not-yet-assessable" && x.notAssessableReason === reason);
  const thresholds: Record<string, number | string> = {};
  const fib = has("fibrostenotic-obstruction");
  if (fib) return { step: "dilatation or surgery", drivenBy: "fibrostenotic-obstruction", reasons: fib.reasons, thresholds };
  const mimic = pending("mimics-not-excluded");
  if (mimic) return { step: "exclude mimics", drivenBy: "not-yet-assessable", reasons: mimic.reasons, thresholds };
  // The most recent biologic failure (the drug the patient is on or has just stopped).
  const bio = f
    .filter((x) => x.label === "primary-non-response" || x.label === "secondary-loss-of-response")
    .sort((a, b) => b.to.localeCompare(a.to))[0];
  if (bio?.drug) {
    const asOf = dayNumber(history.asOf, "asOf");
    const start = (history.advancedTherapies ?? []).find((t) => t.drug === bio.drug && t.startDate === bio.from);
    const levels = (history.drugLevels ?? [])
      .filter((l) => l.drug === bio.drug && dayNumber(l.date, "drugLevels.date") <= asOf)
      .sort((a, b) => a.date.localeCompare(b.date));
    const lvl = levels[levels.length - 1];
    if (!lvl || !PAPAMICHAEL_2019_TROUGH_TARGETS[bio.drug]) {
      return {
        step: "measure trough and ADA",
        drivenBy: bio.label,
        reasons: [...bio.reasons, lvl ? `No TDM targets for ${bio.drug}.` : `No ${bio.drug} level on record: measure a trough and ADA.`],
        thresholds,
      };
    }
    const weeks = start ? (dayNumber(lvl.date, "drugLevels.date") - dayNumber(start.startDate, "startDate")) / 7 : 52;
    const decision = tdmDecision(
      {
        drug: bio.drug,
        sampleTiming: lvl.timing,
        levelUgMl: lvl.levelUgMl,
        levelCensored: lvl.censored,
        phase: phaseAt(bio.drug, weeks),
        ada: lvl.ada,
        responsePattern: bio.label === "primary-non-response" ? "PNR" : "SLR",
        objectiveActivity: "active",
        mimicsExcluded: history.mimicsExcluded,
        disease: history.disease,
      },
      options.tdm,
    );
    return {
      step: TDM_STEP[decision.action],
      drivenBy: bio.label,
      tdm: decision,
      reasons: [...bio.reasons, ...decision.reasons],
      thresholds: decision.thresholds,
    };
  }
  const ster = has("steroid-refractory") ?? has("steroid-dependent");
  if (ster)
    return {
      step: "steroid-sparing advanced therapy",
      drivenBy: ster.label,
      reasons: [...ster.reasons, "Steroids have failed: start a steroid-sparing advanced therapy."],
      thresholds: ster.thresholds,
    };
  const infl = has("refractory-inflammation");
  if (infl) return { step: "treat active inflammation", drivenBy: "refractory-inflammation", reasons: infl.reasons, thresholds };
  const sym = has("refractory-symptoms");
  if (sym) return { step: "investigate non-inflammatory symptoms", drivenBy: "refractory-symptoms", reasons: sym.reasons, thresholds };
  const weight = pending("weight-missing");
  if (weight) return { step: "record weight", drivenBy: "not-yet-assessable", reasons: weight.reasons, thresholds };
  const missing = pending("objective-data-missing");
  if (missing) return { step: "obtain objective assessment", drivenBy: "not-yet-assessable", reasons: missing.reasons, thresholds };
  const short = pending("induction-too-short") ?? pending("steroid-course-too-short");
  if (short) return { step: "complete induction", drivenBy: "not-yet-assessable", reasons: short.reasons, thresholds };
  return {
    step: "continue current plan",
    drivenBy: "none",
    reasons: ["No refractoriness label applies on the available data."],
    thresholds,
  };
}

/** One patient's row in cohort mode. */
export interface CohortRow {
  patientId: string;
  classification?: RefractoryClassification;
  next?: NextStepResult;
  /** The error message when the patient's history could not be classified. */
  error?: string;
}

/**
 * Classifies every history and picks its next step. A patient whose history
 * is invalid gets an `error` row (with the typed error's message) instead of
 * stopping the whole cohort; any other exception is rethrown.
 * @example
 * const p1 = {
 *   patientId: "P1", asOf: "2025-03-01", mimicsExcluded: true,
 *   steroids: [{ drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: "2025-01-01", endDate: "2025-01-20" }],
 *   assessments: [{ date: "2025-01-18", calprotectinUgG: 900 }],
 * };
 * const rows = classifyCohort([p1, { ...p1, patientId: "P2", asOf: "2024-12-31" }]);
 * rows[0].next.step // "steroid-sparing advanced therapy"
 * rows[1] // { patientId: "P2" }: an error row, the history being invalid
 * rows[1].error.startsWith("assessments[0].date") // true
 */
export function classifyCohort(histories: readonly TreatmentHistory[], options: NextStepOptions = {}): CohortRow[] {
  if (!Array.isArray(histories)) throw new InputError({ field: "histories", value: histories, expected: "an array of TreatmentHistory" });
  return histories.map((h) => {
    try {
      const classification = classifyRefractoriness(h, options);
      return { patientId: h.patientId, classification, next: nextStep(h, classification, options) };
    } catch (e) {
      if (e instanceof IbdLabError) return { patientId: String(h?.patientId ?? "?"), error: e.message };
      throw e;
    }
  });
}

/** Rows of {@link classifyCohort}, checked for untyped callers. */
function checkRows(rows: unknown): asserts rows is readonly CohortRow[] {
  if (!Array.isArray(rows)) assertArray(rows, "rows");
  for (const [i, r] of (rows as unknown[]).entries()) {
    assertObject(r, `rows[${i}]`);
    const row = r as CohortRow;
    if (row.classification !== undefined && (row.classification === null || !Array.isArray(row.classification.labels)))
      throw new InputError({
        field: `rows[${i}].classification`,
        value: row.classification,
        expected: "a classification from classifyCohort",
      });
    if (row.next !== undefined && (row.next === null || typeof row.next.step !== "string" || typeof row.next.drivenBy !== "string"))
      throw new InputError({ field: `rows[${i}].next`, value: row.next, expected: "a next step from classifyCohort" });
  }
}

/** Counts of a cohort: patients per label (a patient may have several) and per next step. */
export interface CohortSummary {
  patients: number;
  errors: number;
  labels: Array<{ label: RefractoryLabel | "none"; patients: number; percent: number }>;
  steps: Array<{ step: NextStep; patients: number; percent: number }>;
}

/**
 * Summary table of {@link classifyCohort} rows. Percentages are of classified patients (errors excluded).
 * @example
 * const p1 = {
 *   patientId: "P1", asOf: "2025-03-01", mimicsExcluded: true,
 *   steroids: [{ drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: "2025-01-01", endDate: "2025-01-20" }],
 *   assessments: [{ date: "2025-01-18", calprotectinUgG: 900 }],
 * };
 * const summary = summarizeCohort(classifyCohort([p1, { ...p1, patientId: "P2", asOf: "2024-12-31" }]));
 * summary // { patients: 2, errors: 1 }
 * summary.labels // [{ label: "steroid-refractory", patients: 1, percent: 100 }]
 */
export function summarizeCohort(rows: readonly CohortRow[]): CohortSummary {
  checkRows(rows);
  const ok = rows.filter((r) => r.classification);
  const n = ok.length;
  const pct = (k: number) => (n ? Math.round((1000 * k) / n) / 10 : 0);
  const labelCount = new Map<RefractoryLabel | "none", number>();
  const stepCount = new Map<NextStep, number>();
  for (const r of ok) {
    const labels = r.classification?.labels.length ? r.classification.labels : (["none"] as const);
    for (const l of labels) labelCount.set(l, (labelCount.get(l) ?? 0) + 1);
    if (r.next) stepCount.set(r.next.step, (stepCount.get(r.next.step) ?? 0) + 1);
  }
  return {
    patients: rows.length,
    errors: rows.length - n,
    labels: [...labelCount].map(([label, k]) => ({ label, patients: k, percent: pct(k) })).sort((a, b) => b.patients - a.patients),
    steps: [...stepCount].map(([step, k]) => ({ step, patients: k, percent: pct(k) })).sort((a, b) => b.patients - a.patients),
  };
}

/**
 * Sankey figure: each patient flows from the label that drove the next step
 * to the next step. Pure builder; display with `show()`.
 * @example
 * const p1 = {
 *   patientId: "P1", asOf: "2025-03-01", mimicsExcluded: true,
 *   steroids: [{ drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: "2025-01-01", endDate: "2025-01-20" }],
 *   assessments: [{ date: "2025-01-18", calprotectinUgG: 900 }],
 * };
 * const figure = nextStepSankey(classifyCohort([p1]));
 * figure.data[0].type // "sankey"
 * figure.data[0].node.label // ["steroid-refractory", "steroid-sparing advanced therapy"]
 */
export function nextStepSankey(rows: readonly CohortRow[], options: { title?: string } = {}): Figure {
  checkRows(rows);
  optionsObject(options);
  if (options.title !== undefined && typeof options.title !== "string")
    throw new InputError({ field: "options.title", value: options.title, expected: "a string" });
  const flows = new Map<string, number>();
  for (const r of rows) {
    if (!r.next) continue;
    const key = `${r.next.drivenBy}\u0000${r.next.step}`;
    flows.set(key, (flows.get(key) ?? 0) + 1);
  }
  const left = [...new Set([...flows.keys()].map((k) => k.split("\u0000")[0]))];
  const right = [...new Set([...flows.keys()].map((k) => k.split("\u0000")[1]))];
  const labels = [...left.map((l) => (l === "none" ? "no label" : l)), ...right];
  const source: number[] = [];
  const target: number[] = [];
  const value: number[] = [];
  for (const [k, v] of flows) {
    const [a, b] = k.split("\u0000");
    source.push(left.indexOf(a));
    target.push(left.length + right.indexOf(b));
    value.push(v);
  }
  const colors = labels.map((_, i) => (i < left.length ? categorical[i % categorical.length] : palette.grey));
  return {
    data: [
      {
        type: "sankey",
        arrangement: "snap",
        node: { label: labels, color: colors, pad: 14, thickness: 16 },
        link: { source, target, value, color: source.map((s) => `${colors[s]}66`) },
      },
    ],
    layout: withBaseLayout({ title: { text: options.title ?? "From refractoriness label to next step (patients)" }, height: 460 }),
  };
}
