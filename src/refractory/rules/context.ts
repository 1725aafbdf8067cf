/**
 * The prepared context every refractoriness rule reads, and the one finding
 * shape every rule returns (issue 15).
 *
 * {@link prepareContext} validates a {@link TreatmentHistory} and the
 * {@link RefractoryOptions} once, resolves every threshold (the chosen steroid
 * definition set with the caller's overrides), and converts every ISO date of
 * the history to a day number (days since 1970-01-01, src/refractory/dates.ts).
 * The rules compute on day numbers only; {@link toFinding} turns their
 * {@link RuleFinding}s into the public {@link RefractoryFinding}s, the one place
 * where day numbers become ISO dates again (reasons, being sentences, quote
 * dates as they are written).
 *
 * Hand-written: the rules are the chapter's and ECCO's; no package implements them.
 */
import { InputError } from "../../core/errors";
import type { Reasoned } from "../../core/result";
import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../../core/validate";
import { DRUG_CLASS, drugClassOf } from "../../drugs/classes";
import { inductionWeeks } from "../../drugs/induction";
import {
  type ActivityThresholds,
  type ActivityVerdict,
  calprotectinCutoff,
  DEFAULT_ACTIVITY_THRESHOLDS,
  objectiveActivity,
} from "../activity";
import { dayNumber, isoDate } from "../dates";
import {
  BUDESONIDE_DEPENDENCE,
  type NotAssessableReason,
  type RefractoryFinding,
  type RefractoryLabel,
  type RefractoryOptions,
  STEROID_DEFINITIONS,
} from "../definitions";
import { prednisoneEquivalentMgPerDay, steroidExposure } from "../steroids";
import type {
  AdvancedDrug,
  AdvancedTherapyCourse,
  DiscordanceQuadrant,
  ObjectiveAssessment,
  SteroidCourse,
  SteroidDrug,
  StrictureFinding,
  SymptomScore,
  TreatmentHistory,
} from "../types";

/** One dated item of a rule's evidence trail, dated by day number. */
export interface DayEvidence {
  day: number;
  what: string;
}

/**
 * What every rule returns: a {@link RefractoryFinding} dated by day numbers
 * (`fromDay`, `toDay`, evidence `day`), plus the index of the advanced-therapy
 * course it concerns (`course`, which orders the per-course findings).
 */
export interface RuleFinding extends Reasoned {
  label: RefractoryLabel;
  drug?: AdvancedDrug;
  notAssessableReason?: NotAssessableReason;
  pendingLabel?: RefractoryLabel;
  fromDay: number;
  toDay: number;
  evidence: DayEvidence[];
  /** Index in `history.advancedTherapies` of the course the finding concerns. */
  course?: number;
}

/** Findings of one rule, and warnings that did not stop it. */
export interface RuleResult {
  findings: RuleFinding[];
  warnings: string[];
}

/** A refractoriness rule: the prepared context in, findings of one shape out. */
export type RefractoryRule = (ctx: RefractoryContext) => RuleResult;

/** An objective assessment with its day number and activity verdict. */
export interface DatedAssessment {
  day: number;
  a: ObjectiveAssessment;
  v: ActivityVerdict;
  /** Index in `history.assessments`. */
  index: number;
}

/** A symptom score with its day number. */
export interface DatedSymptom {
  day: number;
  s: SymptomScore;
}

/** A steroid course with its first and last day (last = asOf when ongoing). */
export interface SteroidSpan {
  c: SteroidCourse;
  /** Index in `history.steroids`. */
  i: number;
  s: number;
  e: number;
  /** Day of `outcomeDate`, when recorded; a malformed date is kept as its error, thrown only by the rule that reads it. */
  outcome?: { day: number } | { error: unknown };
}

/** The oral steroid-refractory dose: fixed, or per kg (capped), with the weight when known. */
export type OralDose =
  | { kind: "fixed"; mg: number }
  | { kind: "per-kg"; mgPerKg: number; capMg: number; weightKg?: number; mg?: number; capped: boolean };

/** An advanced-therapy course with everything the primary and secondary rules share. */
export interface TherapySpan {
  t: AdvancedTherapyCourse;
  /** Index in `history.advancedTherapies`. */
  index: number;
  s: number;
  /** Last day on the drug (asOf when ongoing). */
  e: number;
  /** Induction length used, weeks. */
  weeks: number;
  /** Day the induction is judged (start + weeks x 7). */
  judgeDay: number;
  /** Sentence naming the induction length and its source. */
  inductionReason: string;
  /** The context's thresholds plus the induction length and its source. */
  thresholds: Record<string, number | string>;
  /** Last day an assessment judges this drug (stop + grace, asOf, or the day before another drug starts). */
  lastJudge: number;
  /** Deciding assessments after the first dose up to `lastJudge`. */
  onDrug: DatedAssessment[];
  /** Latest deciding assessment within the lookback before the first dose. */
  baseline?: DatedAssessment;
  /** The course as the first evidence item. */
  courseItem: DayEvidence;
}

/** Everything the rules read, built once by {@link prepareContext}. */
export interface RefractoryContext {
  history: TreatmentHistory;
  options: RefractoryOptions;
  /** Resolved thresholds (see {@link resolveOptions}). */
  r: Resolved;
  /** The thresholds every finding reports. */
  thresholds: Record<string, number | string>;
  asOfDay: number;
  /** Warnings raised while preparing (contradictory assessments). */
  warnings: string[];
  /** All assessments, sorted by day. */
  assessments: DatedAssessment[];
  /** Assessments whose verdict decides (active or inactive), sorted by day. */
  known: DatedAssessment[];
  symptoms: DatedSymptom[];
  steroids: SteroidSpan[];
  /** Daily prednisone-equivalent, mg/day, from `d0` to asOf. */
  pred: Float64Array;
  /** Daily oral budesonide, mg/day of budesonide, from `d0` to asOf. */
  bud: Float64Array;
  /** Daily flag: a course qualifying for the IV rule was running. */
  ivQualifying: Uint8Array;
  /** Day number of index 0 of the daily series. */
  d0: number;
  /** Length of the daily series. */
  n: number;
  therapies: TherapySpan[];
  /** The discordance quadrant, its day and the treatment running that day. */
  discordance?: { day: number; quadrant: DiscordanceQuadrant; treatment?: string };
  /** Stricture findings, sorted by day. */
  strictures: Array<{ f: StrictureFinding; day: number }>;
}

/** Resolves the options against the chosen definition set; throws InputError on an invalid value. */
export function resolveOptions(o: RefractoryOptions, weightKg: number | undefined) {
  const definitions = o.definitions ?? "chapter";
  if (definitions !== "chapter" && definitions !== "ecco")
    throw new InputError({ field: "definitions", value: definitions, expected: '"chapter" or "ecco"' });
  const set = STEROID_DEFINITIONS[definitions];
  let oral: OralDose;
  const perKg =
    o.steroidRefractoryMinMgPerDay === undefined ? (o.steroidRefractoryMinMgPerKgPerDay ?? set.refractoryMinMgPerKgPerDay) : undefined;
  if (o.steroidRefractoryMinMgPerDay !== undefined || perKg === undefined) {
    oral = {
      kind: "fixed",
      mg: assertPositive(o.steroidRefractoryMinMgPerDay ?? set.refractoryMinMgPerDay, "steroidRefractoryMinMgPerDay"),
    };
  } else {
    const mgPerKg = assertPositive(perKg, "steroidRefractoryMinMgPerKgPerDay");
    const capMg = assertPositive(o.steroidRefractoryMaxMgPerDay ?? set.refractoryMaxMgPerDay ?? 60, "steroidRefractoryMaxMgPerDay");
    const raw = weightKg === undefined ? undefined : mgPerKg * weightKg;
    oral = {
      kind: "per-kg",
      mgPerKg,
      capMg,
      weightKg,
      mg: raw === undefined ? undefined : Math.min(raw, capMg),
      capped: raw !== undefined && raw > capMg,
    };
  }
  const startWindow = o.dependenceStartWindowDays ?? set.dependenceStartWindowDays;
  const overrides = (
    [
      "steroidRefractoryMinMgPerDay",
      "steroidRefractoryMinMgPerKgPerDay",
      "steroidRefractoryMaxMgPerDay",
      "steroidRefractoryMinDays",
      "dependenceBelowMgPerDay",
      "dependenceStartWindowDays",
      "relapseWindowAfterStopDays",
    ] as const
  ).filter((k) => o[k] !== undefined);
  return {
    definitions,
    set,
    overrides: overrides.map((k) => `${k} = ${o[k]}`),
    oral,
    minDays: assertInteger(o.steroidRefractoryMinDays ?? set.refractoryMinDays, "steroidRefractoryMinDays", 1),
    ivMinDays: assertInteger(o.ivMinDays ?? 3, "ivMinDays", 1),
    ivDrugs: o.ivDrugs ?? (["methylprednisolone", "hydrocortisone"] as SteroidDrug[]),
    ivMinEq: assertPositive(o.ivMinPrednisoneEqMgPerDay ?? 40, "ivMinPrednisoneEqMgPerDay"),
    grace: assertInteger(o.steroidAssessmentGraceDays ?? 7, "steroidAssessmentGraceDays", 0),
    depBelow: assertPositive(o.dependenceBelowMgPerDay ?? set.dependenceBelowMgPerDay, "dependenceBelowMgPerDay"),
    depStartWindow: startWindow === undefined ? undefined : assertInteger(startWindow, "dependenceStartWindowDays", 1),
    relapseWindow: assertInteger(o.relapseWindowAfterStopDays ?? set.relapseWindowAfterStopDays, "relapseWindowAfterStopDays", 0),
    budBelow: assertPositive(
      o.budesonideDependenceBelowMgPerDay ?? BUDESONIDE_DEPENDENCE.belowMgPerDay,
      "budesonideDependenceBelowMgPerDay",
    ),
    budStartWindow: assertInteger(o.budesonideStartWindowDays ?? BUDESONIDE_DEPENDENCE.startWindowDays, "budesonideStartWindowDays", 1),
    postWindow: assertInteger(o.postInductionWindowDays ?? 56, "postInductionWindowDays", 0),
    baselineLookback: assertInteger(o.baselineLookbackDays ?? 90, "baselineLookbackDays", 0),
    afterStop: assertInteger(o.afterStopGraceDays ?? 28, "afterStopGraceDays", 0),
    endoFraction: assertNonNegative(o.endoscopicResponseFraction ?? 0.5, "endoscopicResponseFraction"),
    symptomaticInitial: o.acceptSymptomaticInitialResponse ?? true,
    activity: o.activity ?? {},
    useRecorded: o.useRecordedOutcomes ?? false,
  };
}
export type Resolved = ReturnType<typeof resolveOptions>;

function thresholdsOf(r: Resolved, activity: ActivityThresholds): Record<string, number | string> {
  const endo = { ...DEFAULT_ACTIVITY_THRESHOLDS.endoscopyActiveAtOrAbove, ...activity.endoscopyActiveAtOrAbove };
  const fc = calprotectinCutoff(activity);
  const oral: Record<string, number | string> =
    r.oral.kind === "fixed"
      ? { steroidRefractoryMinMgPerDay: r.oral.mg }
      : {
          steroidRefractoryMinMgPerDay:
            r.oral.mg ?? `${r.oral.mgPerKg} mg/kg/day x weightKg, at most ${r.oral.capMg} (weight not recorded)`,
          steroidRefractoryMinMgPerKgPerDay: r.oral.mgPerKg,
          steroidRefractoryMaxMgPerDay: r.oral.capMg,
          ...(r.oral.weightKg === undefined ? {} : { weightKg: r.oral.weightKg }),
        };
  return {
    definitions: r.definitions,
    steroidDefinitionsSource: r.set.source,
    ...(r.overrides.length ? { steroidDefinitionsOverridden: r.overrides.join("; ") } : {}),
    ...oral,
    steroidRefractoryMinDays: r.minDays,
    ivMinDays: r.ivMinDays,
    ivMinPrednisoneEqMgPerDay: r.ivMinEq,
    dependenceBelowMgPerDay: r.depBelow,
    dependenceStartWindowDays: r.depStartWindow ?? "none",
    relapseWindowAfterStopDays: r.relapseWindow,
    budesonideDependenceBelowMgPerDay: r.budBelow,
    budesonideStartWindowDays: r.budStartWindow,
    budesonideDependenceSource: BUDESONIDE_DEPENDENCE.source,
    postInductionWindowDays: r.postWindow,
    endoscopicResponseFraction: r.endoFraction,
    mayoActiveAtOrAbove: endo.Mayo,
    uceisActiveAtOrAbove: endo.UCEIS,
    sesCdActiveAtOrAbove: endo["SES-CD"],
    calprotectinActiveUgG: fc.ugG,
    calprotectinCutoffSource: fc.source,
    crpActiveMgL: activity.crpActiveMgL ?? DEFAULT_ACTIVITY_THRESHOLDS.crpActiveMgL,
    crpAloneDecides: activity.crpAloneDecides ? "yes" : "no",
    useRecordedOutcomes: r.useRecorded ? "yes" : "no",
  };
}

const QUADRANTS = ["concordant-active", "concordant-remission", "refractory-symptoms", "silent-inflammation", "indeterminate"];

/**
 * Validates a history and the options and builds the context of every rule:
 * thresholds resolved, dates converted to day numbers, assessments judged by
 * {@link objectiveActivity} and sorted, the daily steroid series built
 * ({@link steroidExposure}), each advanced-therapy course's induction length
 * ({@link inductionWeeks}) and judging window set. Throws InputError on the
 * first invalid field.
 */
export function prepareContext(history: TreatmentHistory, options: RefractoryOptions): RefractoryContext {
  if (!history || typeof history !== "object")
    throw new InputError({ field: "history", value: history, expected: "a TreatmentHistory object" });
  if (typeof history.patientId !== "string" || history.patientId === "") {
    throw new InputError({ field: "patientId", value: history.patientId, expected: "a non-empty string" });
  }
  if (history.disease !== undefined && history.disease !== "UC" && history.disease !== "CD")
    throw new InputError({ field: "disease", value: history.disease, expected: '"UC", "CD" or absent' });
  assertObject(options, "options");
  const weightKg = history.weightKg === undefined ? undefined : assertPositive(history.weightKg, "weightKg");
  const r = resolveOptions(options, weightKg);
  const activity: ActivityThresholds = { ...r.activity, disease: r.activity.disease ?? history.disease };
  const thresholds = thresholdsOf(r, activity);
  const asOfDay = dayNumber(history.asOf, "asOf");
  const warnings: string[] = [];

  // Objective assessments, checked and sorted.
  const assessments: DatedAssessment[] = (history.assessments ?? []).map((a, index) => {
    const day = dayNumber(a.date, `assessments[${index}].date`);
    if (day > asOfDay)
      throw new InputError({ field: `assessments[${index}].date`, value: a.date, expected: `a date on or before asOf ${history.asOf}` });
    const v = objectiveActivity(a, activity, `assessments[${index}]`);
    for (const c of v.conflicts) warnings.push(`Contradictory assessment on ${a.date}: ${c}; ${v.basis} decides.`);
    return { day, a, v, index };
  });
  assessments.sort((x, y) => x.day - y.day);
  const known = assessments.filter((x) => x.v.status !== "unknown");
  const symptoms = (history.symptoms ?? []).map((s, i) => {
    const day = dayNumber(s.date, `symptoms[${i}].date`);
    if (day > asOfDay)
      throw new InputError({ field: `symptoms[${i}].date`, value: s.date, expected: `a date on or before asOf ${history.asOf}` });
    return { day, s };
  });
  symptoms.sort((x, y) => x.day - y.day);

  // Steroids: the daily series (which validates every course) and each course's days.
  const courses = history.steroids ?? [];
  const exposure = steroidExposure(courses, history.asOf, { ...options, ivDrugs: r.ivDrugs, ivMinPrednisoneEqMgPerDay: r.ivMinEq });
  const steroids: SteroidSpan[] = courses.map((c, i) => ({
    c,
    i,
    s: dayNumber(c.startDate, `steroids[${i}].startDate`),
    e: c.endDate ? dayNumber(c.endDate, `steroids[${i}].endDate`) : asOfDay,
    ...(c.outcomeDate === undefined ? {} : { outcome: parseLater(c.outcomeDate, `steroids[${i}].outcomeDate`) }),
  }));

  // Advanced therapies: checked, with their induction length and judging window.
  const raw = history.advancedTherapies ?? [];
  const starts: number[] = [];
  const checked = raw.map((t, ti) => {
    const field = `advancedTherapies[${ti}]`;
    drugClassOf(t.drug, `${field}.drug`);
    const s = dayNumber(t.startDate, `${field}.startDate`);
    const e = t.endDate === undefined ? asOfDay : dayNumber(t.endDate, `${field}.endDate`);
    if (e < s)
      throw new InputError({ field: `${field}.endDate`, value: t.endDate, expected: `a date on or after startDate ${t.startDate}` });
    if (s > asOfDay)
      throw new InputError({ field: `${field}.startDate`, value: t.startDate, expected: `a date on or before asOf ${history.asOf}` });
    const induction = inductionWeeks(t.drug, history.disease, { extended: t.extendedInduction ?? false });
    const overridden = options.inductionWeeks?.[t.drug];
    const weeks = assertPositive(overridden ?? induction.weeks, `inductionWeeks.${t.drug}`);
    starts.push(s);
    return { t, ti, s, e, induction, overridden, weeks };
  });
  const therapies: TherapySpan[] = checked.map(({ t, ti, s, e, induction, overridden, weeks }) => {
    const judgeDay = s + Math.round(weeks * 7);
    const inductionReason =
      overridden === undefined
        ? `Induction length: ${induction.reason} Source: ${induction.source}`
        : `Induction length: ${weeks} weeks, given by the caller (inductionWeeks.${t.drug}) instead of the label's ${induction.weeks} (${induction.reason})`;
    const tThresholds: Record<string, number | string> = {
      ...thresholds,
      inductionWeeks: weeks,
      inductionSource: overridden === undefined ? induction.source : `caller's inductionWeeks.${t.drug}`,
      ...(t.extendedInduction ? { extendedInduction: induction.extended ? "yes" : "requested; the label has none here" } : {}),
    };
    // Assessments after another drug has started belong to that drug, not this one.
    const nextStart = checked
      .filter((o) => o.t !== t && o.t.drug !== t.drug)
      .map((o) => o.s)
      .filter((d) => d > s)
      .reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
    const lastJudge = Math.min(e + r.afterStop, asOfDay, nextStart - 1);
    return {
      t,
      index: ti,
      s,
      e,
      weeks,
      judgeDay,
      inductionReason,
      thresholds: tThresholds,
      lastJudge,
      onDrug: known.filter((x) => x.day > s && x.day <= lastJudge),
      baseline: [...known].reverse().find((x) => x.day <= s && x.day >= s - r.baselineLookback),
      courseItem: {
        day: s,
        what: `${t.drug} (${DRUG_CLASS[t.drug]}) from ${isoDate(s)} to ${t.endDate === undefined ? `ongoing (${isoDate(asOfDay)})` : isoDate(e)}; induction judged at week ${weeks} (${isoDate(judgeDay)})`,
      },
    };
  });

  // Discordance quadrant: its day and the treatment running then.
  const pred = exposure.prednisoneEqMgPerDay;
  const d0 = exposure.firstDay;
  const n = pred.length;
  let discordance: RefractoryContext["discordance"];
  if (history.discordance) {
    const day = dayNumber(history.discordance.date, "discordance.date");
    const quadrant = history.discordance.quadrant;
    const onSteroid = day >= d0 && day - d0 < n && pred[day - d0] > 0;
    const onAdvanced = therapies.find((x) => x.s <= day && (x.t.endDate === undefined || x.e >= day));
    if (!QUADRANTS.includes(quadrant)) {
      throw new InputError({
        field: "discordance.quadrant",
        value: quadrant,
        expected: "concordant-active, concordant-remission, refractory-symptoms, silent-inflammation or indeterminate",
      });
    }
    discordance = { day, quadrant, treatment: onAdvanced ? onAdvanced.t.drug : onSteroid ? "systemic steroids" : undefined };
  }

  const strictures = (history.strictures ?? [])
    .map((f, i) => ({ f, day: dayNumber(f.date, `strictures[${i}].date`) }))
    .sort((a, b) => a.day - b.day);

  return {
    history,
    options,
    r,
    thresholds,
    asOfDay,
    warnings,
    assessments,
    known,
    symptoms,
    steroids,
    pred,
    bud: exposure.budesonideMgPerDay,
    ivQualifying: exposure.ivQualifying,
    d0,
    n,
    therapies,
    discordance,
    strictures,
  };
}

/** Day number of a date, or the error it raises (thrown only if a rule reads it). */
function parseLater(date: string, field: string): { day: number } | { error: unknown } {
  try {
    return { day: dayNumber(date, field) };
  } catch (error) {
    return { error };
  }
}

/** The day of a span's recorded outcome (throws the date's InputError when it is malformed). */
export function outcomeDay(span: SteroidSpan): number | undefined {
  const o = span.outcome;
  if (o === undefined) return undefined;
  if ("error" in o) throw o.error;
  return o.day;
}

/** Sentences for CRP-only assessments between two days, which do not decide on their own. */
export function crpOnlyNote(ctx: RefractoryContext, fromDay: number, toDay: number): string[] {
  const crp = ctx.assessments.filter((x) => x.v.status === "unknown" && x.v.basis === "crp" && x.day >= fromDay && x.day <= toDay);
  return crp.length ? [`Not counted: ${crp.map((x) => x.v.description).join("; ")}.`] : [];
}

/** Oral budesonide: tracked apart, in mg/day of budesonide. */
export function isOralBudesonide(c: SteroidCourse): boolean {
  return c.drug === "budesonide" && c.route === "oral";
}

/** Evidence items for the steroid courses overlapping [fromDay, toDay], optionally filtered. */
export function courseEvidence(
  ctx: RefractoryContext,
  fromDay: number,
  toDay: number,
  only?: (c: SteroidCourse) => boolean,
): DayEvidence[] {
  return ctx.steroids
    .filter((x) => x.s <= toDay && x.e >= fromDay && (only === undefined || only(x.c)))
    .map((x) => ({
      day: x.s,
      what: `${x.c.drug} ${x.c.doseMgPerDay} mg/day ${x.c.route} from ${isoDate(x.s)} to ${x.c.endDate === undefined ? `ongoing (${isoDate(ctx.asOfDay)})` : isoDate(x.e)} = ${round(prednisoneEquivalentMgPerDay(x.c, ctx.options))} mg/day prednisone-equivalent${isOralBudesonide(x.c) ? " (budesonide: its dependence clause counts mg/day of budesonide)" : ""}`,
    }));
}

/** The sentence that says which steroid definition a finding applied, and its source. */
export function definitionSentence(r: Resolved, rule: "oral" | "iv" | "dependence"): string {
  const over = r.overrides.length ? ` The caller overrode: ${r.overrides.join("; ")}.` : "";
  if (rule === "iv") {
    return r.definitions === "chapter"
      ? `Definition applied: the chapter's IV rule (the default definitions, "chapter"): IV steroid >= ${r.ivMinEq} mg/day prednisone-equivalent for >= ${r.ivMinDays} days with persisting activity, as in ECCO's day-3 assessment of IV steroids in acute severe colitis (Harbord 2017, J Crohns Colitis 11:769).`
      : `Definition applied: ECCO's refractory definition is written for oral prednisolone; IV steroids are judged by ECCO's day-3 assessment in acute severe colitis (Harbord 2017, J Crohns Colitis 11:769; Travis 1996, Gut 38:905), with the chapter's IV rule (>= ${r.ivMinEq} mg/day prednisone-equivalent for >= ${r.ivMinDays} days).`;
  }
  const which = r.definitions === "chapter" ? `"chapter", the default` : `"ecco"`;
  return `Definition applied (${which}): ${r.set.source}.${over}`;
}

/** Maximal runs of consecutive indices where `pred(i)` holds: [start, end] inclusive. */
export function runs(n: number, pred: (i: number) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i < n; i++) {
    if (pred(i)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push([start, i - 1]);
      start = -1;
    }
  }
  if (start >= 0) out.push([start, n - 1]);
  return out;
}

/** A "not-yet-assessable" finding: why, and the label it waits for. */
export function notAssessable(
  reason: NotAssessableReason,
  pending: RefractoryLabel | undefined,
  fromDay: number,
  toDay: number,
  evidence: DayEvidence[],
  reasons: string[],
  thresholds: Record<string, number | string>,
  drug?: AdvancedDrug,
): RuleFinding {
  return {
    label: "not-yet-assessable",
    notAssessableReason: reason,
    pendingLabel: pending,
    drug,
    fromDay,
    toDay,
    evidence,
    reasons,
    thresholds,
  };
}

/** Rounds to 2 decimals for the sentences. */
export function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The public finding: day numbers become ISO dates here, and only here; the course index is dropped. */
export function toFinding(f: RuleFinding): RefractoryFinding {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (k === "fromDay") out.from = isoDate(v as number);
    else if (k === "toDay") out.to = isoDate(v as number);
    else if (k === "evidence") out.evidence = (v as DayEvidence[]).map((x) => ({ date: isoDate(x.day), what: x.what }));
    else if (k !== "course") out[k] = v;
  }
  return out as unknown as RefractoryFinding;
}

/** An initial response to an advanced therapy: the first objective improvement, else (if accepted) a symptomatic remission. */
export interface InitialResponse {
  day: number;
  what: string;
  objective: boolean;
}

/**
 * Objective improvement at an assessment on the drug: remission, or an
 * endoscopic fall of at least `endoscopicResponseFraction` from the baseline
 * on the same instrument. Returns the description, or undefined.
 */
export function improvement(ctx: RefractoryContext, course: TherapySpan, x: DatedAssessment): string | undefined {
  if (x.v.status === "inactive") return `objective remission: ${x.v.description}`;
  const be = course.baseline?.a.endoscopy;
  const xe = x.a.endoscopy;
  const f = ctx.r.endoFraction;
  if (be && xe && be.instrument === xe.instrument && be.score > 0 && (be.score - xe.score) / be.score >= f) {
    return `endoscopic response: ${xe.instrument} ${be.score} -> ${xe.score} (fall >= ${f * 100} %)`;
  }
  return undefined;
}

/** The initial response to a course, if any (shared by the primary and secondary rules, which split on it). */
export function initialResponse(ctx: RefractoryContext, course: TherapySpan): InitialResponse | undefined {
  const firstObj = course.onDrug.find((x) => improvement(ctx, course, x) !== undefined);
  if (firstObj) return { day: firstObj.day, what: improvement(ctx, course, firstObj) as string, objective: true };
  const sym = ctx.symptoms.find((x) => x.day > course.s && x.day <= course.e && x.s.remission);
  if (ctx.r.symptomaticInitial && sym)
    return {
      day: sym.day,
      what: `symptomatic response: ${sym.s.instrument} ${sym.s.value} (remission range)`,
      objective: false,
    };
  return undefined;
}
