/**
 * Symptom × inflammation quadrants for a patient-visit or a cohort.
 *
 *                     objective remission        objective activity
 *   symptomatic       refractory-symptoms        concordant-active
 *   quiet             concordant-remission       silent-inflammation
 *
 * plus "indeterminate" when the symptom score or the objective evidence is
 * missing, in the grey zone, or conflicting (endoscopy quiet but calprotectin
 * or CRP high). Rules, in order:
 *
 * - Symptoms: the first symptom instrument present in `symptomPriority`
 *   decides; "not in remission" (active or grey zone) counts as symptomatic.
 * - Inflammation: endoscopy, when present, is the reference. Endoscopic
 *   activity is activity whatever the biomarkers say. Endoscopic remission with
 *   an active biomarker is a conflict (proximal or small-bowel disease, an
 *   infection) and the call is indeterminate. Without endoscopy, calprotectin
 *   decides unless it is in its grey zone or contradicted by an active CRP; a
 *   raised CRP alone counts as activity, a normal CRP alone decides nothing.
 *
 * Reliability-aware calls (classical test theory): with an instrument's
 * reliability ρ (e.g. an ICC) and between-patient SD, SEM = SD·√(1 − ρ). The
 * true score is modelled as N(observed, SEM) ("observed" model), or with
 * Kelley's regressed estimate N(μ + ρ(x − μ), SD·√(ρ(1 − ρ))) ("kelley"
 * model, needs the population mean μ) (Kelley 1927; Lord & Novick 1968, §3.7).
 * The probability that the true value lies on the other side of the threshold
 * that decided the call is computed on each axis (with a half-step continuity
 * correction for integer scores, and on the log scale when asked, e.g. for
 * calprotectin), the two axes are taken as independent, and the probability of
 * each quadrant is the product. A call is borderline when the probability of
 * another quadrant exceeds `borderlineAbove`.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { InputError } from "../core/errors";
import type { Reasoned } from "../core/result";
import { assertArray, assertObject, assertOneOf, assertOpenUnit, optionsObject } from "../core/validate";
import {
  describeRule,
  INSTRUMENT_IDS,
  INSTRUMENTS,
  type Instrument,
  type InstrumentId,
  instrumentThresholds,
  type ReadingState,
  readingState,
  type ThresholdOverride,
  type ThresholdRule,
} from "./instruments";

/** The five discordance categories. */
export type Quadrant = "concordant-active" | "concordant-remission" | "refractory-symptoms" | "silent-inflammation" | "indeterminate";

/** The four decided quadrants. */
export type DecidedQuadrant = Exclude<Quadrant, "indeterminate">;

/** Every category, in display order. */
export const QUADRANTS: readonly Quadrant[] = [
  "concordant-active",
  "refractory-symptoms",
  "silent-inflammation",
  "concordant-remission",
  "indeterminate",
];

/** One patient-visit: instrument readings keyed by instrument id (missing = absent, null, NaN or ""). */
export type VisitRecord = Partial<Record<InstrumentId, number | null | undefined | string>> & {
  patientId?: string | number;
  visitDate?: string;
};

/**
 * Reliability of an instrument, for reliability-aware calls: either the reliability coefficient with the
 * between-patient SD (SEM = SD·√(1 − ρ)), or the SEM directly (e.g. SES-CD inter-reader SEM 3.07, Khanna 2016).
 */
export interface InstrumentReliability {
  /** Reliability coefficient ρ in (0, 1), e.g. an inter-rater ICC or a test-retest ICC. Needed unless `sem` is given. */
  reliability?: number;
  /** Between-patient standard deviation in the population (on the log scale when `scale: "log"`). Needed unless `sem` is given. */
  sd?: number;
  /** Standard error of measurement, used as is by the "observed" model (on the log scale when `scale: "log"`). */
  sem?: number;
  /** Population mean (on the chosen scale), needed only by the "kelley" model. */
  mean?: number;
  /** Scale on which the error is normal: "log" for right-skewed biomarkers such as calprotectin. Default: "linear". */
  scale?: "linear" | "log";
}

/** Options of {@link classifyDiscordance}. */
export interface ClassifyOptions {
  /** Threshold overrides per instrument. Default: the registry's (see INSTRUMENTS). */
  thresholds?: Partial<Record<InstrumentId, ThresholdOverride>>;
  /** Which symptom score decides when several are present. Default: ["pro2Uc", "pro2Cd", "partialMayo", "hbi", "cdai"]. */
  symptomPriority?: InstrumentId[];
  /** Which endoscopic score decides when several are present. Default: ["sesCd", "uceis", "mayoEndoscopic"]. */
  endoscopyPriority?: InstrumentId[];
  /** Per-instrument reliability; when given, calls carry quadrant probabilities. Default: none. */
  reliability?: Partial<Record<InstrumentId, InstrumentReliability>>;
  /** True-score model for reliability-aware calls. Default: "observed". */
  errorModel?: "observed" | "kelley";
  /** A call is borderline when P(another quadrant) exceeds this. Default: 0.2. */
  borderlineAbove?: number;
}

/** One reading that took part in the call. */
export interface Evidence {
  instrument: InstrumentId;
  value: number;
  unit: string;
  state: ReadingState;
  /** The rules it was compared with, e.g. "<= 4 points". */
  remission: string;
  active: string;
  /** Whether this reading decided its axis. */
  decisive: boolean;
}

/** Reliability-aware probabilities of the four quadrants. */
export interface QuadrantProbabilities {
  probabilities: Record<DecidedQuadrant, number>;
  /** Probability that the true state lies in a quadrant other than the one called. */
  pOther: number;
  borderline: boolean;
  /** P(truly symptomatic) and P(truly inflamed), each 0/1 when that axis had no reliability given. */
  pSymptomatic: number;
  pInflamed: number;
  model: string;
}

/** The call for one patient-visit. */
export interface DiscordanceCall extends Reasoned {
  quadrant: Quadrant;
  symptoms: "symptomatic" | "quiet" | "unknown";
  inflammation: "active" | "remission" | "unknown" | "conflicting";
  evidence: Evidence[];
  patientId?: string | number;
  visitDate?: string;
  /** Present when reliability was given for at least one deciding instrument (and the call is not indeterminate). */
  uncertainty?: QuadrantProbabilities;
}

/** The calls for a cohort, with counts and shares per category. */
export interface CohortDiscordance {
  calls: DiscordanceCall[];
  counts: Record<Quadrant, number>;
  /** counts / n. */
  shares: Record<Quadrant, number>;
  n: number;
  /** Number of decided calls flagged borderline (0 without reliability). */
  borderline: number;
}

const DEFAULT_SYMPTOMS: InstrumentId[] = ["pro2Uc", "pro2Cd", "partialMayo", "hbi", "cdai"];
const DEFAULT_ENDOSCOPY: InstrumentId[] = ["sesCd", "uceis", "mayoEndoscopic"];

function readValue(record: Record<string, unknown>, id: InstrumentId, row?: number): number | undefined {
  const v = Object.hasOwn(record, id) ? record[id] : undefined;
  if (v === undefined || v === null || v === "" || (typeof v === "number" && Number.isNaN(v))) return undefined;
  if (typeof v === "string") {
    const n = Number(v);
    if (v.trim() !== "" && Number.isFinite(n)) return n;
  }
  if (typeof v === "number" && Number.isFinite(v)) return v;
  throw new InputError({ field: id, row, value: v, expected: `a number in ${INSTRUMENTS[id].unit} or a missing value` });
}

/** Boundary on the continuous scale for a rule, with a half-step continuity correction for integer scores. */
function boundary(rule: ThresholdRule, step: number): number {
  const h = step / 2;
  switch (rule.op) {
    case "<=":
      return rule.value + h;
    case "<":
      return rule.value - h;
    case ">=":
      return rule.value - h;
    default:
      return rule.value + h;
  }
}

/** P(true value above the boundary) under the chosen error model. */
function pAbove(value: number, b: number, rel: InstrumentReliability, model: "observed" | "kelley", field: string): number {
  if (typeof rel !== "object" || rel === null) {
    throw new InputError({ field: `reliability.${field}`, value: rel, expected: "{ reliability, sd } or { sem }" });
  }
  const positive = (v: unknown, name: string) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
      throw new InputError({ field: `reliability.${field}.${name}`, value: v, expected: "a positive number" });
    }
    return v;
  };
  const log = rel.scale === "log";
  if (log && !(value > 0 && b > 0)) {
    throw new InputError({ field, value, expected: "a positive value and threshold for a log-scale error model" });
  }
  const x = log ? Math.log(value) : value;
  const t = log ? Math.log(b) : b;
  let mu: number;
  let s: number;
  if (model === "kelley") {
    const rho = assertOpenUnit(rel.reliability, `reliability.${field}.reliability`);
    const sd = positive(rel.sd, "sd");
    if (typeof rel.mean !== "number" || !Number.isFinite(rel.mean)) {
      throw new InputError({
        field: `reliability.${field}.mean`,
        value: rel.mean,
        expected: "the population mean (needed by the kelley model)",
      });
    }
    mu = rel.mean + rho * (x - rel.mean);
    s = sd * Math.sqrt(rho * (1 - rho));
  } else {
    mu = x;
    s =
      rel.sem !== undefined
        ? positive(rel.sem, "sem")
        : positive(rel.sd, "sd") * Math.sqrt(1 - assertOpenUnit(rel.reliability, `reliability.${field}.reliability`));
  }
  return 1 - normalCdf(t, mu, s);
}

interface Axis {
  instrument: Instrument;
  value: number;
  /** The threshold rule deciding the two-state call on this axis. */
  rule: ThresholdRule;
  /** The call made: true = symptomatic / inflamed. */
  positive: boolean;
}

/** Probability that the axis is truly positive (symptomatic / inflamed). */
function axisProbability(axis: Axis, options: ClassifyOptions, model: "observed" | "kelley"): number | undefined {
  const rel = options.reliability?.[axis.instrument.id];
  if (!rel) return undefined;
  const b = boundary(axis.rule, axis.instrument.step);
  const above = pAbove(axis.value, b, rel, model, axis.instrument.id);
  // Every rule deciding positivity points upwards (activity is "above").
  return above;
}

function evidenceOf(inst: Instrument, value: number, state: ReadingState, decisive: boolean): Evidence {
  return {
    instrument: inst.id,
    value,
    unit: inst.unit,
    state,
    remission: describeRule(inst.remission, inst.unit),
    active: describeRule(inst.active, inst.unit),
    decisive,
  };
}

function classifyOne(record: Record<string, unknown>, options: ClassifyOptions, row?: number): DiscordanceCall {
  const model = options.errorModel ?? "observed";
  if (model !== "observed" && model !== "kelley")
    throw new InputError({ field: "errorModel", value: model, expected: '"observed" or "kelley"' });
  const borderlineAbove = options.borderlineAbove ?? 0.2;
  const inst = (id: InstrumentId) => instrumentThresholds(id, options.thresholds?.[id]);
  const reasons: string[] = [];
  const thresholds: Record<string, number | string> = {};
  const evidence: Evidence[] = [];
  const note = (i: Instrument) => {
    thresholds[`${i.id}.remission`] = describeRule(i.remission, i.unit);
    thresholds[`${i.id}.active`] = describeRule(i.active, i.unit);
  };
  const fmt = (i: Instrument, v: number) => `${i.name} ${v} ${i.unit === "points" ? "" : i.unit}`.trim();

  // Symptoms
  let symptoms: DiscordanceCall["symptoms"] = "unknown";
  let symptomAxis: Axis | undefined;
  for (const id of options.symptomPriority ?? DEFAULT_SYMPTOMS) {
    const v = readValue(record, id, row);
    if (v === undefined) continue;
    const i = inst(id);
    if (i.kind !== "symptom") throw new InputError({ field: "symptomPriority", value: id, expected: "symptom instruments only" });
    const state = readingState(i, v, id, row);
    note(i);
    if (!symptomAxis) {
      symptoms = state === "remission" ? "quiet" : "symptomatic";
      symptomAxis = { instrument: i, value: v, rule: i.remission, positive: symptoms === "symptomatic" };
      evidence.push(evidenceOf(i, v, state, true));
      reasons.push(
        state === "remission"
          ? `Symptoms quiet: ${fmt(i, v)} meets remission (${describeRule(i.remission, i.unit)}).`
          : state === "active"
            ? `Symptomatic: ${fmt(i, v)} meets activity (${describeRule(i.active, i.unit)}).`
            : `Symptomatic: ${fmt(i, v)} is not in remission (${describeRule(i.remission, i.unit)}) though below activity (${describeRule(i.active, i.unit)}); counted as symptomatic.`,
      );
    } else {
      evidence.push(evidenceOf(i, v, state, false));
      const agrees = (state === "remission") === (symptoms === "quiet");
      if (!agrees) reasons.push(`${i.name} ${v} disagrees with ${symptomAxis.instrument.name}; the latter decides (symptom priority).`);
    }
  }
  if (symptoms === "unknown") reasons.push("No symptom score recorded.");

  // Inflammation
  let inflammation: DiscordanceCall["inflammation"] = "unknown";
  let objectiveAxis: Axis | undefined;
  const biomarkers: { i: Instrument; v: number; state: ReadingState }[] = [];
  for (const id of ["calprotectinUgG", "crpMgL"] as InstrumentId[]) {
    const v = readValue(record, id, row);
    if (v === undefined) continue;
    const i = inst(id);
    note(i);
    biomarkers.push({ i, v, state: readingState(i, v, id, row) });
  }
  let endo: { i: Instrument; v: number; state: ReadingState } | undefined;
  for (const id of options.endoscopyPriority ?? DEFAULT_ENDOSCOPY) {
    const v = readValue(record, id, row);
    if (v === undefined) continue;
    const i = inst(id);
    if (i.kind !== "endoscopy") throw new InputError({ field: "endoscopyPriority", value: id, expected: "endoscopic instruments only" });
    note(i);
    const state = readingState(i, v, id, row);
    if (!endo) endo = { i, v, state };
    else evidence.push(evidenceOf(i, v, state, false));
  }
  const calpro = biomarkers.find((b) => b.i.id === "calprotectinUgG");
  const crp = biomarkers.find((b) => b.i.id === "crpMgL");
  const decisive = new Set<InstrumentId>();
  if (endo && endo.state === "active") {
    inflammation = "active";
    objectiveAxis = { instrument: endo.i, value: endo.v, rule: endo.i.active, positive: true };
    decisive.add(endo.i.id);
    reasons.push(`Inflammation: ${fmt(endo.i, endo.v)} meets endoscopic activity (${describeRule(endo.i.active, endo.i.unit)}).`);
    for (const b of biomarkers) {
      if (b.state === "remission") reasons.push(`${fmt(b.i, b.v)} is normal despite endoscopic activity; endoscopy decides.`);
    }
  } else if (endo && endo.state === "remission") {
    const against = biomarkers.filter((b) => b.state === "active");
    if (against.length) {
      inflammation = "conflicting";
      reasons.push(
        `Conflicting objective evidence: ${fmt(endo.i, endo.v)} is in endoscopic remission (${describeRule(endo.i.remission, endo.i.unit)}) but ${against
          .map((b) => `${fmt(b.i, b.v)} meets activity (${describeRule(b.i.active, b.i.unit)})`)
          .join(" and ")}: look for disease beyond the scope's reach (small bowel), an infection, or a sampling problem.`,
      );
    } else {
      inflammation = "remission";
      objectiveAxis = { instrument: endo.i, value: endo.v, rule: endo.i.remission, positive: false };
      decisive.add(endo.i.id);
      reasons.push(`No inflammation: ${fmt(endo.i, endo.v)} meets endoscopic remission (${describeRule(endo.i.remission, endo.i.unit)}).`);
    }
  } else {
    if (endo) reasons.push(`${fmt(endo.i, endo.v)} is between the remission and activity thresholds; biomarkers consulted.`);
    if (calpro && calpro.state === "active") {
      inflammation = "active";
      objectiveAxis = { instrument: calpro.i, value: calpro.v, rule: calpro.i.active, positive: true };
      decisive.add(calpro.i.id);
      reasons.push(
        `Inflammation (no decisive endoscopy): ${fmt(calpro.i, calpro.v)} meets activity (${describeRule(calpro.i.active, calpro.i.unit)}).`,
      );
    } else if (calpro && calpro.state === "remission") {
      if (crp && crp.state === "active") {
        inflammation = "conflicting";
        reasons.push(
          `Conflicting biomarkers: ${fmt(calpro.i, calpro.v)} is normal but ${fmt(crp.i, crp.v)} is raised (${describeRule(crp.i.active, crp.i.unit)}).`,
        );
      } else {
        inflammation = "remission";
        objectiveAxis = { instrument: calpro.i, value: calpro.v, rule: calpro.i.remission, positive: false };
        decisive.add(calpro.i.id);
        reasons.push(
          `No inflammation (no decisive endoscopy): ${fmt(calpro.i, calpro.v)} meets remission (${describeRule(calpro.i.remission, calpro.i.unit)}).`,
        );
      }
    } else if (calpro) {
      reasons.push(
        `${fmt(calpro.i, calpro.v)} is in the grey zone (${describeRule(calpro.i.remission, calpro.i.unit)} remission, ${describeRule(calpro.i.active, calpro.i.unit)} activity): endoscopy or a repeat sample is needed.`,
      );
    } else if (crp && crp.state === "active") {
      inflammation = "active";
      objectiveAxis = { instrument: crp.i, value: crp.v, rule: crp.i.active, positive: true };
      decisive.add(crp.i.id);
      reasons.push(
        `Inflammation likely: ${fmt(crp.i, crp.v)} is raised (${describeRule(crp.i.active, crp.i.unit)}); CRP is not specific (exclude infection).`,
      );
    } else if (crp) {
      reasons.push(`Only CRP available (${fmt(crp.i, crp.v)}): a normal CRP does not exclude mucosal inflammation.`);
    } else if (!endo) {
      reasons.push("No endoscopy, calprotectin or CRP recorded.");
    }
  }
  if (endo) evidence.push(evidenceOf(endo.i, endo.v, endo.state, decisive.has(endo.i.id)));
  for (const b of biomarkers) evidence.push(evidenceOf(b.i, b.v, b.state, decisive.has(b.i.id)));

  let quadrant: Quadrant = "indeterminate";
  if (symptoms !== "unknown" && (inflammation === "active" || inflammation === "remission")) {
    const s = symptoms === "symptomatic";
    const a = inflammation === "active";
    quadrant = s && a ? "concordant-active" : s ? "refractory-symptoms" : a ? "silent-inflammation" : "concordant-remission";
    reasons.push(
      quadrant === "refractory-symptoms"
        ? "Symptoms without objective inflammation: look for IBS-type symptoms, bile acid diarrhoea, SIBO or infection before escalating immunosuppression."
        : quadrant === "silent-inflammation"
          ? "Objective inflammation without symptoms: treat the inflammation; symptoms are a poor guide here."
          : quadrant === "concordant-active"
            ? "Symptoms and inflammation agree: active disease."
            : "Symptoms and inflammation agree: remission.",
    );
  } else {
    reasons.push("Indeterminate: the quadrant needs a symptom score and decisive, non-conflicting objective evidence.");
  }

  const call: DiscordanceCall = { quadrant, symptoms, inflammation, evidence, reasons, thresholds };
  const pid = Object.hasOwn(record, "patientId") ? record.patientId : undefined;
  if (pid !== undefined && pid !== null && pid !== "") {
    if (typeof pid !== "string" && (typeof pid !== "number" || !Number.isFinite(pid))) {
      throw new InputError({ field: "patientId", row, value: pid, expected: "a patient id (a string or a finite number)" });
    }
    call.patientId = pid;
  }
  const date = Object.hasOwn(record, "visitDate") ? record.visitDate : undefined;
  if (typeof date === "string") call.visitDate = date;

  if (options.reliability && symptomAxis && objectiveAxis && quadrant !== "indeterminate") {
    const ps = axisProbability(symptomAxis, options, model);
    const pi = axisProbability(objectiveAxis, options, model);
    if (ps !== undefined || pi !== undefined) {
      const pS = ps ?? (symptomAxis.positive ? 1 : 0);
      const pI = pi ?? (objectiveAxis.positive ? 1 : 0);
      const probabilities: Record<DecidedQuadrant, number> = {
        "concordant-active": pS * pI,
        "refractory-symptoms": pS * (1 - pI),
        "silent-inflammation": (1 - pS) * pI,
        "concordant-remission": (1 - pS) * (1 - pI),
      };
      const pOther = 1 - probabilities[quadrant as DecidedQuadrant];
      const borderline = pOther > borderlineAbove;
      call.uncertainty = {
        probabilities,
        pOther,
        borderline,
        pSymptomatic: pS,
        pInflamed: pI,
        model:
          model === "kelley"
            ? "true score ~ N(μ + ρ(x − μ), SD·√(ρ(1 − ρ))) (Kelley), axes independent"
            : "true score ~ N(x, SEM), SEM = SD·√(1 − ρ), axes independent",
      };
      for (const [axis, p] of [
        [symptomAxis, ps],
        [objectiveAxis, pi],
      ] as [Axis, number | undefined][]) {
        if (p === undefined) reasons.push(`No reliability given for ${axis.instrument.name}: treated as measured without error.`);
      }
      thresholds.borderlineAbove = borderlineAbove;
      reasons.push(
        `Given measurement error, P(true state in another quadrant) = ${(pOther * 100).toFixed(1)} %${borderline ? `: borderline call (> ${(borderlineAbove * 100).toFixed(0)} %), repeat or confirm the deciding measurement` : ""}.`,
      );
    }
  }
  return call;
}

/** Checks the options of {@link classifyDiscordance} (instrument ids are own keys of the registry, never "constructor"). */
function checkClassifyOptions(options: unknown): ClassifyOptions {
  const o = optionsObject(options as ClassifyOptions | undefined);
  if (o.borderlineAbove !== undefined) assertOpenUnit(o.borderlineAbove, "borderlineAbove");
  if (o.errorModel !== undefined) assertOneOf(o.errorModel, "errorModel", ["observed", "kelley"] as const);
  for (const key of ["symptomPriority", "endoscopyPriority"] as const) {
    if (o[key] === undefined) continue;
    const list = assertArray<unknown>(o[key], key);
    for (let i = 0; i < list.length; i++) assertOneOf(list[i], `${key}[${i}]`, INSTRUMENT_IDS);
  }
  for (const key of ["thresholds", "reliability"] as const) {
    if (o[key] === undefined) continue;
    const table = assertObject<Record<string, unknown>>(o[key], key);
    for (const id of Object.keys(table)) {
      assertOneOf(id, `${key} (instrument id)`, INSTRUMENT_IDS);
      assertObject(table[id], `${key}.${id}`);
    }
  }
  return o;
}

/** A danfojs DataFrame or anything with `columns` and row-major `values`. */
export type VisitFrame = { columns: string[]; values: unknown };

function isVisitFrame(x: unknown): x is { columns: string[]; values: unknown[][] } {
  return typeof x === "object" && x !== null && !Array.isArray(x) && "columns" in x && "values" in x;
}

const COLUMN_LOOKUP: Map<string, string> = (() => {
  const m = new Map<string, string>();
  for (const id of INSTRUMENT_IDS) {
    m.set(id.toLowerCase(), id);
    for (const a of INSTRUMENTS[id].aliases) m.set(a.toLowerCase(), id);
  }
  m.set("patientid", "patientId");
  m.set("patient_id", "patientId");
  m.set("visitdate", "visitDate");
  m.set("visit_date", "visitDate");
  return m;
})();

/** Converts a cohort table (array of records or a danfojs DataFrame) to records keyed by instrument id. */
function cohortRecords(table: unknown): Record<string, unknown>[] {
  let rows: Record<string, unknown>[];
  if (isVisitFrame(table)) {
    const cols = table.columns;
    if (!Array.isArray(cols) || cols.some((c) => typeof c !== "string")) {
      throw new InputError({ field: "cohort.columns", value: cols, expected: "the DataFrame's column names (strings)" });
    }
    const values = table.values;
    if (!Array.isArray(values) || values.some((r) => !Array.isArray(r))) {
      throw new InputError({ field: "cohort.values", value: "not rows of cells", expected: "a DataFrame's rows (arrays of cells)" });
    }
    rows = values.map((r) => Object.fromEntries(cols.map((c, j) => [c, r[j]])));
  } else if (Array.isArray(table)) {
    rows = table as Record<string, unknown>[];
  } else {
    throw new InputError({ field: "cohort", value: table, expected: "an array of visit records or a danfojs DataFrame" });
  }
  return rows.map((r, i) => {
    if (typeof r !== "object" || r === null)
      throw new InputError({ field: "cohort", row: i + 1, value: r, expected: "a visit record (object)" });
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      const id = COLUMN_LOOKUP.get(k.toLowerCase());
      if (id) out[id] = v;
    }
    return out;
  });
}

/**
 * Places a patient-visit (or every visit of a cohort) in a symptom × inflammation quadrant, with the
 * readings and thresholds that decided it and plain-language reasons.
 *
 * A cohort is an array of records or a danfojs DataFrame whose columns are instrument ids
 * (`hbi`, `sesCd`, `calprotectinUgG`, ...) or their snake_case aliases (`ses_cd`, `calprotectin_ug_g`, `crp_mg_l`, ...),
 * plus optional `patient_id` / `visit_date`; other columns are ignored. Errors name the row (1-based).
 *
 * @example
 * classifyDiscordance({ hbi: 9, sesCd: 1, calprotectinUgG: 40 }).quadrant // "refractory-symptoms"
 * classifyDiscordance({ hbi: 2, sesCd: 12 }).quadrant // "silent-inflammation"
 * @see Peyrin-Biroulet L et al. Gut 2014;63:88-95 (SONIC: 53 % of CDAI < 150 had mucosal healing).
 */
export function classifyDiscordance(record: VisitRecord, options?: ClassifyOptions): DiscordanceCall;
export function classifyDiscordance(
  cohort: ReadonlyArray<VisitRecord | Record<string, unknown>> | VisitFrame,
  options?: ClassifyOptions,
): CohortDiscordance;
export function classifyDiscordance(input: unknown, opts?: ClassifyOptions): DiscordanceCall | CohortDiscordance {
  const options = checkClassifyOptions(opts);
  if (Array.isArray(input) || isVisitFrame(input)) {
    const records = cohortRecords(input);
    const calls = records.map((r, i) => classifyOne(r, options, i + 1));
    const counts = Object.fromEntries(QUADRANTS.map((q) => [q, 0])) as Record<Quadrant, number>;
    for (const c of calls) counts[c.quadrant]++;
    const n = calls.length;
    const shares = Object.fromEntries(QUADRANTS.map((q) => [q, n ? counts[q] / n : 0])) as Record<Quadrant, number>;
    return { calls, counts, shares, n, borderline: calls.filter((c) => c.uncertainty?.borderline).length };
  }
  if (typeof input !== "object" || input === null) {
    throw new InputError({ field: "record", value: input, expected: "a visit record, an array of records or a DataFrame" });
  }
  return classifyOne(cohortRecords([input])[0], options);
}
