/**
 * `classifyRefractoriness(history)`: the language of refractoriness, applied
 * by rule to one patient's treatment history. Every label that applies is
 * returned with its evidence trail (dated items), plain-sentence reasons and
 * the thresholds used (including which steroid definitions, which calprotectin
 * cut-off and which induction length, with their sources).
 *
 * Steroid rules come in two named sets, chosen by `options.definitions`
 * ({@link STEROID_DEFINITIONS}); every number can still be overridden:
 *
 * - "chapter" (the default): the chapter's own definitions (domain-facts
 *   section 1). They are not ECCO's (this file used to cite ECCO for them).
 *   - steroid-refractory: objective activity persisting despite >= 40 mg/day
 *     prednisone-equivalent for >= 14 days;
 *   - steroid-dependent: an objective relapse while tapering below 10 mg/day
 *     prednisone-equivalent, or within 3 months (90 days) of stopping systemic
 *     steroids.
 * - "ecco": the ECCO consensus definitions (Magro 2017, J Crohns Colitis
 *   11:649, UC; Gomollón 2017, J Crohns Colitis 11:3, CD).
 *   - steroid-refractory: active disease despite prednisolone up to
 *     0.75 mg/kg/day over 4 weeks. Read here as >= 0.75 mg/kg/day
 *     prednisone-equivalent (needs `history.weightKg`), capped at 60 mg/day,
 *     for >= 28 consecutive days with objective activity persisting. The cap
 *     is this toolkit's reading of "up to": oral doses above 60 mg/day add
 *     toxicity without benefit (Baron 1962, BMJ 2:441: 20 vs 40 vs 60 mg
 *     prednisone), so a patient above 80 kg is judged at 60 mg/day. Without a
 *     weight, a course of >= 60 mg/day still qualifies (it meets the rule for
 *     any weight); a lower one gives "not-yet-assessable" with reason
 *     "weight-missing" and the weight at or below which it would qualify.
 *   - steroid-dependent: unable to reduce below 10 mg/day prednisolone within
 *     3 months of starting without recurrent active disease (here: still
 *     >= 10 mg/day 90 days after the start of the steroid block, with
 *     objective activity after a documented response, on or before that day
 *     plus the grace days), or a relapse within 3 months of stopping; a relapse
 *     while tapering below 10 mg/day is kept, as it is the same failure seen
 *     earlier.
 * - Under both sets:
 *   - IV rule (the chapter's): IV methylprednisolone (or IV hydrocortisone at
 *     an equivalent dose) for >= 3 days with persisting activity. ECCO's own
 *     refractory definition is written for oral prednisolone; it judges IV
 *     steroids in acute severe colitis at day 3 (Harbord 2017, J Crohns Colitis
 *     11:769; Travis 1996, Gut 38:905), which this rule matches.
 *   - budesonide dependence (ECCO's clause; the chapter says nothing about
 *     budesonide): budesonide is tracked in mg/day of budesonide, and a
 *     relapse while below 3 mg/day, within 3 months of stopping, or while
 *     still >= 3 mg/day 90 days after starting, after a documented response,
 *     is dependence (Gomollón 2017). Budesonide never counts toward the
 *     systemic steroid-refractory rule (0 mg prednisone-equivalent by default).
 *
 * Other rules (the chapter's):
 * - primary non-response: a full induction for the drug and disease
 *   ({@link inductionWeeks}, SmPC section 4.2, extended induction when
 *   `extendedInduction` is set) with no objective improvement at any assessment.
 * - secondary loss of response: a documented initial response, then objective
 *   activity while still on the drug.
 * - refractory symptoms / refractory inflammation: from the discordance
 *   quadrant (symptoms without inflammation, or inflammation with or without
 *   symptoms) while on treatment.
 * - fibrostenotic obstruction: a fibrotic or mixed stricture with obstructive
 *   symptoms.
 * - not-yet-assessable, with the reason: induction too short, steroid course
 *   too short, objective data missing, weight missing (ECCO refractory rule),
 *   or mimics (infection, bile acid diarrhoea, SIBO...) not excluded. Labels
 *   that say "this inflammation is refractory IBD" are held back as
 *   `pendingLabel` until the mimic workup is complete.
 *
 * Objective activity is {@link objectiveActivity}: endoscopy, then
 * calprotectin with a disease-specific cut-off (CD 250 ug/g, UC 150 ug/g,
 * disease not given 250 ug/g); CRP alone does not decide unless
 * `activity.crpAloneDecides` is set.
 *
 * Hand-written: these are the chapter's and ECCO's rules; no package implements them.
 */
import { InputError } from "../core/errors";
import type { Reasoned } from "../core/result";
import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../core/validate";
import { DRUG_CLASS, drugClassOf } from "../drugs/classes";
import { inductionWeeks } from "../drugs/induction";
import {
  type ActivityThresholds,
  type ActivityVerdict,
  calprotectinCutoff,
  DEFAULT_ACTIVITY_THRESHOLDS,
  objectiveActivity,
} from "./activity";
import { dayNumber, isoDate } from "./dates";
import { type EquivalenceOptions, prednisoneEquivalentMgPerDay, steroidExposure } from "./steroids";
import type { AdvancedDrug, ObjectiveAssessment, SteroidCourse, SteroidDrug, TreatmentHistory } from "./types";

/** Labels the classifier can give. */
export type RefractoryLabel =
  | "steroid-refractory"
  | "steroid-dependent"
  | "primary-non-response"
  | "secondary-loss-of-response"
  | "refractory-symptoms"
  | "refractory-inflammation"
  | "fibrostenotic-obstruction"
  | "not-yet-assessable";

/**
 * Why a label cannot be given yet. "weight-missing": ECCO's steroid-refractory
 * rule is per kg of body weight and `history.weightKg` is not recorded.
 */
export type NotAssessableReason =
  | "induction-too-short"
  | "objective-data-missing"
  | "mimics-not-excluded"
  | "steroid-course-too-short"
  | "weight-missing";

/** One dated item of the evidence trail. */
export interface EvidenceItem {
  date: string;
  what: string;
}

/** One label with its evidence. */
export interface RefractoryFinding extends Reasoned {
  label: RefractoryLabel;
  /** The drug the label concerns (advanced therapies), if any. */
  drug?: AdvancedDrug;
  /** First and last date of the evidence. */
  from: string;
  to: string;
  evidence: EvidenceItem[];
  /** For "not-yet-assessable": why. */
  notAssessableReason?: NotAssessableReason;
  /** For "not-yet-assessable": the label that would apply, or is being waited for. */
  pendingLabel?: RefractoryLabel;
}

/** Result of {@link classifyRefractoriness}. */
export interface RefractoryClassification {
  patientId: string;
  asOf: string;
  /** Distinct labels, in the order of {@link RefractoryLabel}. */
  labels: RefractoryLabel[];
  findings: RefractoryFinding[];
  /** Contradictions and data problems that did not stop the classification. */
  warnings: string[];
}

/** Named sets of steroid definitions: the chapter's own (default) or ECCO's. */
export type SteroidDefinitions = "chapter" | "ecco";

/** One set of steroid-refractory and steroid-dependent definitions (see {@link STEROID_DEFINITIONS}). */
export interface SteroidDefinitionSet {
  /** Fixed prednisone-equivalent dose of the oral refractory rule, mg/day (>=); absent when the rule is per kg. */
  refractoryMinMgPerDay?: number;
  /** Per-kg prednisone-equivalent dose of the oral refractory rule, mg/kg/day (>=); absent when the rule is a fixed dose. */
  refractoryMinMgPerKgPerDay?: number;
  /** Cap of the per-kg dose, mg/day (the rule never asks for more). */
  refractoryMaxMgPerDay?: number;
  /** Consecutive days at that dose (>=). */
  refractoryMinDays: number;
  /** A relapse while tapering below this dose is dependence, mg/day prednisone-equivalent (<). */
  dependenceBelowMgPerDay: number;
  /** Still at or above `dependenceBelowMgPerDay` this many days after starting, with recurrent activity, is dependence; absent when the set has no such clause. */
  dependenceStartWindowDays?: number;
  /** A relapse within this many days of stopping is dependence. */
  relapseWindowAfterStopDays: number;
  /** Who defines it, where, and what it says. */
  source: string;
}

/**
 * The two steroid definition sets of {@link classifyRefractoriness}.
 * - chapter: the chapter's own rules (domain-facts section 1).
 * - ecco: Magro 2017 (J Crohns Colitis 11:649, UC) and Gomollón 2017
 *   (J Crohns Colitis 11:3, CD); the 60 mg/day cap of the per-kg dose is this
 *   toolkit's reading of "up to 0.75 mg/kg/day" (Baron 1962, BMJ 2:441).
 */
export const STEROID_DEFINITIONS: Readonly<Record<SteroidDefinitions, Readonly<SteroidDefinitionSet>>> = {
  chapter: {
    refractoryMinMgPerDay: 40,
    refractoryMinDays: 14,
    dependenceBelowMgPerDay: 10,
    relapseWindowAfterStopDays: 90,
    source:
      "the chapter's own definitions (domain-facts section 1; not ECCO's): steroid-refractory = objective activity despite >= 40 mg/day prednisone-equivalent for >= 14 days; steroid-dependent = objective relapse while tapering below 10 mg/day or within 3 months of stopping",
  },
  ecco: {
    refractoryMinMgPerKgPerDay: 0.75,
    refractoryMaxMgPerDay: 60,
    refractoryMinDays: 28,
    dependenceBelowMgPerDay: 10,
    dependenceStartWindowDays: 90,
    relapseWindowAfterStopDays: 90,
    source:
      "ECCO (Magro 2017, J Crohns Colitis 11:649, UC; Gomollón 2017, J Crohns Colitis 11:3, CD): steroid-refractory = active disease despite prednisolone up to 0.75 mg/kg/day over 4 weeks; steroid-dependent = unable to reduce below 10 mg/day prednisolone within 3 months of starting without recurrent active disease, or relapse within 3 months of stopping",
  },
};

/**
 * ECCO's budesonide dependence clause (Gomollón 2017, J Crohns Colitis 11:3):
 * unable to reduce budesonide below 3 mg/day within 3 months of starting
 * without recurrent active disease. Applied under both definition sets (the
 * chapter's say nothing about budesonide), with the set's after-stop window.
 */
export const BUDESONIDE_DEPENDENCE = {
  belowMgPerDay: 3,
  startWindowDays: 90,
  source:
    "ECCO's budesonide clause (Gomollón 2017, J Crohns Colitis 11:3: unable to reduce budesonide below 3 mg/day within 3 months of starting), applied under both definition sets because the chapter's definitions say nothing about budesonide",
} as const;

/** Options for {@link classifyRefractoriness}; every threshold has a documented default. */
export interface RefractoryOptions extends EquivalenceOptions {
  /**
   * Which steroid definitions apply: "chapter" (the chapter's own) or "ecco"
   * (ECCO 2017), see {@link STEROID_DEFINITIONS}. The individual numbers below
   * override the chosen set. Default: "chapter".
   */
  definitions?: SteroidDefinitions;
  /**
   * Fixed prednisone-equivalent dose for the oral steroid-refractory rule,
   * mg/day (>=); when given it replaces the set's dose, also ECCO's per-kg
   * dose (no weight is then needed). Default: 40 under "chapter" (the
   * chapter's); none under "ecco" (per kg).
   */
  steroidRefractoryMinMgPerDay?: number;
  /**
   * Per-kg prednisone-equivalent dose for the oral steroid-refractory rule,
   * mg/kg/day (>=), used when no fixed dose is given; needs `history.weightKg`.
   * Default: 0.75 under "ecco" (ECCO 2017); none under "chapter".
   */
  steroidRefractoryMinMgPerKgPerDay?: number;
  /**
   * Cap of the per-kg dose, mg/day: the rule asks for min(per-kg dose x weight,
   * cap). Default: 60 (this toolkit's reading of ECCO's "up to 0.75 mg/kg/day":
   * oral prednisone above 60 mg/day adds toxicity without benefit, Baron 1962
   * BMJ 2:441).
   */
  steroidRefractoryMaxMgPerDay?: number;
  /** Consecutive days at that dose (>=). Default: 14 under "chapter" (the chapter's two weeks); 28 under "ecco" ("over 4 weeks"). */
  steroidRefractoryMinDays?: number;
  /** Consecutive days of IV steroid for the IV rule (>=). Default: 3 (the chapter's 3-5 days; ECCO's day-3 assessment in acute severe colitis, Harbord 2017). */
  ivMinDays?: number;
  /** Steroids counted by the IV rule. Default: methylprednisolone and hydrocortisone (ECCO lists IV hydrocortisone 400 mg/day as an alternative, Harbord 2017). */
  ivDrugs?: SteroidDrug[];
  /** Minimum prednisone-equivalent of an IV course for the IV rule, mg/day. Default: 40 (methylprednisolone 60 mg = 75). */
  ivMinPrednisoneEqMgPerDay?: number;
  /** Days after a qualifying steroid window within which persisting activity still counts. Default: 7. */
  steroidAssessmentGraceDays?: number;
  /** Taper dose below which a relapse means dependence, mg/day prednisone-equivalent (<). Default: 10 under both sets (the chapter's; ECCO's "below 10 mg/day"). */
  dependenceBelowMgPerDay?: number;
  /**
   * Days after the start of a steroid block by which the dose must be below
   * `dependenceBelowMgPerDay`: still at or above it then, with recurrent
   * objective activity after a response, is dependence. Default: 90 under
   * "ecco" ("within 3 months of starting"); none under "chapter" (the chapter
   * has no such clause), unless given here.
   */
  dependenceStartWindowDays?: number;
  /** Days after stopping steroids within which a relapse means dependence. Default: 90 under both sets ("within 3 months of stopping"). */
  relapseWindowAfterStopDays?: number;
  /** Budesonide dose below which a relapse means dependence, mg/day of budesonide (<). Default: 3 (ECCO, Gomollón 2017), under both sets. */
  budesonideDependenceBelowMgPerDay?: number;
  /** Days after starting budesonide by which it must be below `budesonideDependenceBelowMgPerDay`. Default: 90 (ECCO's "within 3 months"), under both sets. */
  budesonideStartWindowDays?: number;
  /** Induction length per drug, weeks, overriding {@link inductionWeeks} (the SmPC figure for the drug and disease). */
  inductionWeeks?: Partial<Record<AdvancedDrug, number>>;
  /** Days after the end of induction within which the judging assessment must fall. Default: 56. */
  postInductionWindowDays?: number;
  /** Days before a first dose in which a baseline assessment is sought. Default: 90. */
  baselineLookbackDays?: number;
  /** Days after stopping a drug during which an assessment still judges it. Default: 28. */
  afterStopGraceDays?: number;
  /** Fractional fall of the endoscopic score (same instrument) that counts as objective improvement (>=). Default: 0.5 (STRIDE-II endoscopic response, Turner 2021). */
  endoscopicResponseFraction?: number;
  /** Accept a symptom-score remission as the initial response of a secondary loss of response. Default: true (the loss itself must be objective). */
  acceptSymptomaticInitialResponse?: boolean;
  /**
   * Objective-activity thresholds (see {@link ActivityThresholds}): the
   * calprotectin cut-off defaults by `history.disease` (CD 250, UC 150, not
   * given 250 ug/g) unless `activity.disease` or `activity.calprotectinActiveUgG`
   * is set; CRP alone decides only with `activity.crpAloneDecides`.
   */
  activity?: ActivityThresholds;
  /**
   * When no objective assessment covers a steroid course, accept the course
   * outcome recorded in the notes (`recordedOutcome`) as evidence, saying so in
   * the reasons. Default: false (the chapter's rule: objective criteria only;
   * such courses are "not yet assessable, objective data missing").
   */
  useRecordedOutcomes?: boolean;
}

interface Dated {
  day: number;
  a: ObjectiveAssessment;
  v: ActivityVerdict;
  index: number;
}

/** Every refractoriness label, in the order results list them. */
export const REFRACTORY_LABELS: readonly RefractoryLabel[] = [
  "steroid-refractory",
  "steroid-dependent",
  "primary-non-response",
  "secondary-loss-of-response",
  "refractory-inflammation",
  "refractory-symptoms",
  "fibrostenotic-obstruction",
  "not-yet-assessable",
];

/** Labels that assert the inflammation is refractory IBD: held back until mimics are excluded. */
const MIMIC_GATED: ReadonlySet<RefractoryLabel> = new Set([
  "steroid-refractory",
  "steroid-dependent",
  "primary-non-response",
  "secondary-loss-of-response",
  "refractory-inflammation",
]);

/** The oral steroid-refractory dose: fixed, or per kg (capped), with the weight when known. */
type OralDose =
  | { kind: "fixed"; mg: number }
  | { kind: "per-kg"; mgPerKg: number; capMg: number; weightKg?: number; mg?: number; capped: boolean };

function resolveOptions(o: RefractoryOptions, weightKg: number | undefined) {
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
type Resolved = ReturnType<typeof resolveOptions>;

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

/** The sentence that says which steroid definition a finding applied, and its source. */
function definitionSentence(r: Resolved, rule: "oral" | "iv" | "dependence"): string {
  const over = r.overrides.length ? ` The caller overrode: ${r.overrides.join("; ")}.` : "";
  if (rule === "iv") {
    return r.definitions === "chapter"
      ? `Definition applied: the chapter's IV rule (the default definitions, "chapter"): IV steroid >= ${r.ivMinEq} mg/day prednisone-equivalent for >= ${r.ivMinDays} days with persisting activity, as in ECCO's day-3 assessment of IV steroids in acute severe colitis (Harbord 2017, J Crohns Colitis 11:769).`
      : `Definition applied: ECCO's refractory definition is written for oral prednisolone; IV steroids are judged by ECCO's day-3 assessment in acute severe colitis (Harbord 2017, J Crohns Colitis 11:769; Travis 1996, Gut 38:905), with the chapter's IV rule (>= ${r.ivMinEq} mg/day prednisone-equivalent for >= ${r.ivMinDays} days).`;
  }
  const which = r.definitions === "chapter" ? `"chapter", the default` : `"ecco"`;
  return `Definition applied (${which}): ${r.set.source}.${over}`;
}

/** Plain description of the oral refractory dose. */
function oralDoseText(r: Resolved): string {
  const o = r.oral;
  if (o.kind === "fixed") return `>= ${round(o.mg)} mg/day prednisone-equivalent`;
  if (o.mg === undefined)
    return `>= ${o.capMg} mg/day prednisone-equivalent (meets ${o.mgPerKg} mg/kg/day for any weight, the dose being capped at ${o.capMg} mg/day)`;
  return `>= ${round(o.mg)} mg/day prednisone-equivalent (${o.mgPerKg} mg/kg/day x ${o.weightKg} kg${o.capped ? ` = ${round(o.mgPerKg * (o.weightKg as number))}, capped at ${o.capMg} mg/day` : ""})`;
}

/** Maximal runs of consecutive indices where `pred(i)` holds: [start, end] inclusive. */
function runs(n: number, pred: (i: number) => boolean): Array<[number, number]> {
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

/**
 * Classifies a treatment history. Returns every label that applies.
 * @example
 * classifyRefractoriness({
 *   patientId: "P1", asOf: "2025-03-01", mimicsExcluded: true,
 *   steroids: [{ drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: "2025-01-01", endDate: "2025-01-20" }],
 *   assessments: [{ date: "2025-01-18", calprotectinUgG: 900 }],
 * }).labels // ["steroid-refractory"]
 * @example
 * // ECCO's definitions: 0.75 mg/kg/day for 4 weeks (70 kg: 52.5 mg/day)
 * classifyRefractoriness({ ...history, weightKg: 70 }, { definitions: "ecco" })
 */
export function classifyRefractoriness(history: TreatmentHistory, options: RefractoryOptions = {}): RefractoryClassification {
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
  const findings: RefractoryFinding[] = [];
  const steroids = history.steroids ?? [];
  const therapies = history.advancedTherapies ?? [];

  // Objective assessments, checked and sorted.
  const assessments: Dated[] = (history.assessments ?? []).map((a, index) => {
    const day = dayNumber(a.date, `assessments[${index}].date`);
    if (day > asOfDay)
      throw new InputError({ field: `assessments[${index}].date`, value: a.date, expected: `a date on or before asOf ${history.asOf}` });
    const v = objectiveActivity(a, activity, `assessments[${index}]`);
    for (const c of v.conflicts) warnings.push(`Contradictory assessment on ${a.date}: ${c}; ${v.basis} decides.`);
    return { day, a, v, index };
  });
  assessments.sort((x, y) => x.day - y.day);
  const known = assessments.filter((x) => x.v.status !== "unknown");
  /** Sentences for CRP-only assessments between two days, which do not decide on their own. */
  const crpOnlyNote = (fromDay: number, toDay: number): string[] => {
    const crp = assessments.filter((x) => x.v.status === "unknown" && x.v.basis === "crp" && x.day >= fromDay && x.day <= toDay);
    return crp.length ? [`Not counted: ${crp.map((x) => x.v.description).join("; ")}.`] : [];
  };
  const symptoms = (history.symptoms ?? []).map((s, i) => {
    const day = dayNumber(s.date, `symptoms[${i}].date`);
    if (day > asOfDay)
      throw new InputError({ field: `symptoms[${i}].date`, value: s.date, expected: `a date on or before asOf ${history.asOf}` });
    return { day, s };
  });
  symptoms.sort((x, y) => x.day - y.day);

  // ---- Steroids ----
  const exposure = steroidExposure(steroids, history.asOf, { ...options, ivDrugs: r.ivDrugs, ivMinPrednisoneEqMgPerDay: r.ivMinEq });
  const pred = exposure.prednisoneEqMgPerDay;
  const bud = exposure.budesonideMgPerDay;
  const d0 = exposure.firstDay;
  const n = pred.length;
  const isOralBudesonide = (c: SteroidCourse) => c.drug === "budesonide" && c.route === "oral";
  const courseEvidence = (fromDay: number, toDay: number, only?: (c: SteroidCourse) => boolean): EvidenceItem[] =>
    steroids
      .map((c, i) => ({ c, i, s: dayNumber(c.startDate, "startDate"), e: c.endDate ? dayNumber(c.endDate, "endDate") : asOfDay }))
      .filter((x) => x.s <= toDay && x.e >= fromDay && (only === undefined || only(x.c)))
      .map((x) => ({
        date: x.c.startDate,
        what: `${x.c.drug} ${x.c.doseMgPerDay} mg/day ${x.c.route} from ${x.c.startDate} to ${x.c.endDate ?? `ongoing (${history.asOf})`} = ${round(prednisoneEquivalentMgPerDay(x.c, options))} mg/day prednisone-equivalent${isOralBudesonide(x.c) ? " (budesonide: its dependence clause counts mg/day of budesonide)" : ""}`,
      }));

  const spans = steroids.map((c, i) => ({
    c,
    i,
    s: dayNumber(c.startDate, `steroids[${i}].startDate`),
    e: c.endDate ? dayNumber(c.endDate, `steroids[${i}].endDate`) : asOfDay,
  }));
  const recordedIn = (fromDay: number, toDay: number, outcome: string) =>
    spans.filter((x) => x.s <= toDay && x.e >= fromDay && x.c.recordedOutcome === outcome);
  if (steroids.length) {
    const usedAssessments = new Set<string>();
    const oralMg = r.oral.kind === "fixed" ? r.oral.mg : (r.oral.mg ?? r.oral.capMg);
    const rules: Array<{ kind: "iv" | "oral"; runsOf: Array<[number, number]>; minDays: number; what: string; definition: string }> = [
      {
        kind: "iv",
        runsOf: runs(n, (i) => exposure.ivQualifying[i] === 1),
        minDays: r.ivMinDays,
        what: `IV steroid (>= ${r.ivMinEq} mg/day prednisone-equivalent)`,
        definition: definitionSentence(r, "iv"),
      },
      {
        kind: "oral",
        runsOf: runs(n, (i) => pred[i] >= oralMg),
        minDays: r.minDays,
        what: oralDoseText(r),
        definition: definitionSentence(r, "oral"),
      },
    ];
    for (const rule of rules) {
      for (const [a, b] of rule.runsOf) {
        const startDay = d0 + a;
        const endDay = d0 + b;
        const length = b - a + 1;
        if (length >= rule.minDays) {
          const qualifyDay = startDay + rule.minDays - 1;
          const window = known.filter((x) => x.day >= qualifyDay && x.day <= endDay + r.grace);
          const active = window.find((x) => x.v.status === "active");
          const recorded = window.length ? [] : recordedIn(startDay, endDay, "no-response");
          if (active) {
            if (usedAssessments.has(`a${active.index}`)) continue;
            usedAssessments.add(`a${active.index}`);
            findings.push({
              label: "steroid-refractory",
              from: isoDate(startDay),
              to: active.a.date,
              evidence: [
                ...courseEvidence(startDay, endDay),
                { date: active.a.date, what: `objective activity persisting: ${active.v.description}` },
              ],
              reasons: [
                `${rule.what} for ${length} consecutive days (${isoDate(startDay)} to ${isoDate(endDay)}), at least the ${rule.minDays} days the rule needs (reached on ${isoDate(qualifyDay)}).`,
                `Objective activity persisted on ${active.a.date}: ${active.v.description}.`,
                rule.definition,
              ],
              thresholds,
            });
          } else if (recorded.length) {
            const key = `c${recorded[0].i}`;
            if (usedAssessments.has(key)) continue;
            usedAssessments.add(key);
            const recItem = {
              date: recorded[0].c.endDate ?? history.asOf,
              what: `recorded course outcome: no response (not an objective measurement)`,
            };
            const lengthReason = `${rule.what} for ${length} consecutive days (${isoDate(startDay)} to ${isoDate(endDay)}), at least the ${rule.minDays} days the rule needs.`;
            if (r.useRecorded) {
              findings.push({
                label: "steroid-refractory",
                from: isoDate(startDay),
                to: recItem.date,
                evidence: [...courseEvidence(startDay, endDay), recItem],
                reasons: [
                  lengthReason,
                  "No objective assessment covers this course; the recorded outcome 'no response' was accepted (useRecordedOutcomes).",
                  rule.definition,
                ],
                thresholds,
              });
            } else {
              findings.push(
                notAssessable(
                  "objective-data-missing",
                  "steroid-refractory",
                  isoDate(startDay),
                  recItem.date,
                  [...courseEvidence(startDay, endDay), recItem],
                  [
                    `${lengthReason} The notes record no response, but no objective assessment covers the course: confirm activity objectively (or pass useRecordedOutcomes to accept the record).`,
                    ...crpOnlyNote(qualifyDay, endDay + r.grace),
                    rule.definition,
                  ],
                  thresholds,
                ),
              );
            }
          } else if (!window.length && endDay === asOfDay) {
            // Ongoing, long enough, but no objective assessment yet: cannot say.
            findings.push(
              notAssessable(
                "objective-data-missing",
                "steroid-refractory",
                isoDate(startDay),
                history.asOf,
                courseEvidence(startDay, endDay),
                [
                  `${rule.what} for ${length} days (enough for the ${rule.minDays}-day rule) but no objective assessment on or after ${isoDate(qualifyDay)}: measure calprotectin or perform endoscopy before calling the disease steroid-refractory.`,
                  ...crpOnlyNote(qualifyDay, endDay),
                  rule.definition,
                ],
                thresholds,
              ),
            );
          }
        } else if (endDay === asOfDay) {
          const during = known.filter((x) => x.day >= startDay && x.day <= endDay && x.v.status === "active");
          if (during.length) {
            findings.push(
              notAssessable(
                "steroid-course-too-short",
                "steroid-refractory",
                isoDate(startDay),
                history.asOf,
                courseEvidence(startDay, endDay),
                [
                  `${rule.what} for only ${length} of the ${rule.minDays} days needed (so far); activity on ${during[during.length - 1].a.date} does not yet make the disease steroid-refractory. Reassess on ${isoDate(startDay + rule.minDays - 1)}.`,
                  rule.definition,
                ],
                thresholds,
              ),
            );
          }
        }
      }
    }

    // ECCO's per-kg rule without a weight: courses below the cap that would
    // qualify for a light enough patient are reported, not guessed.
    if (r.oral.kind === "per-kg" && r.oral.mg === undefined) {
      const o = r.oral;
      const levels = [...new Set(pred)].filter((L) => L > 0 && L < o.capMg).sort((x, y) => y - x);
      for (const level of levels) {
        for (const [a, b] of runs(n, (i) => pred[i] >= level)) {
          const length = b - a + 1;
          if (length < r.minDays) continue;
          const startDay = d0 + a;
          const endDay = d0 + b;
          const qualifyDay = startDay + r.minDays - 1;
          const active = known.find(
            (x) => x.day >= qualifyDay && x.day <= endDay + r.grace && x.v.status === "active" && !usedAssessments.has(`a${x.index}`),
          );
          if (!active) continue;
          usedAssessments.add(`a${active.index}`);
          findings.push(
            notAssessable(
              "weight-missing",
              "steroid-refractory",
              isoDate(startDay),
              active.a.date,
              [
                ...courseEvidence(startDay, endDay),
                { date: active.a.date, what: `objective activity persisting: ${active.v.description}` },
              ],
              [
                `>= ${round(level)} mg/day prednisone-equivalent for ${length} consecutive days (${isoDate(startDay)} to ${isoDate(endDay)}), with objective activity on ${active.a.date}: ${active.v.description}.`,
                `ECCO's rule asks for ${o.mgPerKg} mg/kg/day (at most ${o.capMg} mg/day) for ${r.minDays} days, and no weight is recorded: this course qualifies only if the patient weighs ${round(level / o.mgPerKg)} kg or less. Record weightKg to decide.`,
                definitionSentence(r, "oral"),
              ],
              thresholds,
            ),
          );
        }
      }
    }

    // Steroid dependence: systemic steroids (prednisone-equivalent) and oral budesonide (mg/day of budesonide).
    const dependenceSpecs: Array<{
      series: Float64Array;
      below: number;
      startWindow?: number;
      unit: string;
      stopped: string;
      tapering: string;
      spanFilter: (c: SteroidCourse) => boolean;
      definition: string;
    }> = [
      {
        series: pred,
        below: r.depBelow,
        startWindow: r.depStartWindow,
        unit: "mg/day prednisone-equivalent",
        stopped: "systemic steroids",
        tapering: "tapering",
        spanFilter: (c) => !isOralBudesonide(c),
        definition: definitionSentence(r, "dependence"),
      },
      {
        series: bud,
        below: r.budBelow,
        startWindow: r.budStartWindow,
        unit: "mg/day budesonide",
        stopped: "budesonide",
        tapering: "tapering budesonide",
        spanFilter: isOralBudesonide,
        definition: `Definition applied: ${BUDESONIDE_DEPENDENCE.source} (budesonide < ${r.budBelow} mg/day, start window ${r.budStartWindow} days, after-stop window ${r.relapseWindow} days).`,
      },
    ];
    for (const spec of dependenceSpecs) {
      const series = spec.series;
      const only = spec.series === bud ? isOralBudesonide : undefined;
      for (const [a, b] of runs(n, (i) => series[i] > 0)) {
        const blockStart = d0 + a;
        const blockEnd = d0 + b;
        const stopped = blockEnd < asOfDay;
        const windowEnd = stopped ? blockEnd + r.relapseWindow : blockEnd;
        let blockHasFinding = false;
        const responseBefore = (day: number) => {
          const obj = known.find((x) => x.day >= blockStart && x.day < day && x.v.status === "inactive");
          if (obj) return { date: obj.a.date, what: `response on ${spec.stopped}: ${obj.v.description}` };
          const sym = symptoms.find((x) => x.day >= blockStart && x.day < day && x.s.remission);
          if (sym)
            return {
              date: sym.s.date,
              what: `symptomatic response on ${spec.stopped}: ${sym.s.instrument} ${sym.s.value} (remission range)`,
            };
          return undefined;
        };
        // Relapse while tapering below the threshold, or within the window after stopping.
        let event: { labelDay: number; x: Dated; resp: EvidenceItem; reason: string; extra: EvidenceItem[] } | undefined;
        for (const x of known) {
          if (x.v.status !== "active" || x.day < blockStart || x.day > windowEnd) continue;
          const onDrug = x.day <= blockEnd;
          const doseThen = onDrug ? series[x.day - d0] : 0;
          if (!onDrug && x.day - d0 < n && series[x.day - d0] > 0) continue; // restarted before relapse
          if (onDrug && !(doseThen < spec.below)) continue;
          const resp = responseBefore(x.day);
          if (!resp) continue;
          const reason = onDrug
            ? `Relapse on ${x.a.date} while ${spec.tapering}: ${round(doseThen)} ${spec.unit}, below the ${spec.below} mg/day threshold.`
            : `Relapse on ${x.a.date}, ${x.day - blockEnd} days after stopping ${spec.stopped} on ${isoDate(blockEnd)} (window ${r.relapseWindow} days)${spec.series === bud ? `: budesonide could not be brought below ${spec.below} mg/day` : ""}.`;
          event = { labelDay: x.day, x, resp, reason, extra: [] };
          break;
        }
        // ECCO: still at or above the threshold `startWindow` days after starting, with recurrent activity.
        if (spec.startWindow !== undefined) {
          const checkDay = blockStart + spec.startWindow;
          if (checkDay <= blockEnd && checkDay <= asOfDay && series[checkDay - d0] >= spec.below) {
            const x = known.find(
              (y) =>
                y.v.status === "active" &&
                y.day > blockStart &&
                y.day <= Math.min(checkDay + r.grace, blockEnd) &&
                series[y.day - d0] >= spec.below &&
                responseBefore(y.day) !== undefined,
            );
            const labelDay = x ? Math.max(checkDay, x.day) : Number.POSITIVE_INFINITY;
            if (x && (!event || labelDay < event.labelDay)) {
              const resp = responseBefore(x.day) as EvidenceItem;
              event = {
                labelDay,
                x,
                resp,
                reason: `Not reduced below ${spec.below} ${spec.unit} within ${spec.startWindow} days of starting on ${isoDate(blockStart)}: still ${round(series[checkDay - d0])} ${spec.unit} on ${isoDate(checkDay)}, with recurrent activity on ${x.a.date} at ${round(series[x.day - d0])} ${spec.unit}.`,
                extra: [
                  {
                    date: isoDate(checkDay),
                    what: `${spec.startWindow} days after starting: ${round(series[checkDay - d0])} ${spec.unit} (not below ${spec.below})`,
                  },
                ],
              };
            }
          }
        }
        if (event) {
          const { x, resp } = event;
          findings.push({
            label: "steroid-dependent",
            from: isoDate(blockStart),
            to: isoDate(event.labelDay),
            evidence: [
              ...courseEvidence(blockStart, blockEnd, only),
              resp,
              { date: x.a.date, what: `objective relapse: ${x.v.description}` },
              ...event.extra,
            ],
            reasons: [
              `Initial response documented on ${resp.date}.`,
              event.reason,
              `Objective evidence of the relapse: ${x.v.description}.`,
              spec.definition,
            ],
            thresholds,
          });
          blockHasFinding = true;
        }
        // Recorded relapses when no objective assessment covers the block and its window.
        const objectiveInBlock = known.some((x) => x.day >= blockStart && x.day <= windowEnd);
        if (!objectiveInBlock && !blockHasFinding) {
          for (const x of spans.filter((y) => y.s <= blockEnd && y.e >= blockStart && spec.spanFilter(y.c))) {
            const out = x.c.recordedOutcome;
            if (out !== "relapse-on-taper" && out !== "relapse-after-stop") continue;
            const dateStr = x.c.outcomeDate ?? (out === "relapse-on-taper" ? (x.c.endDate ?? history.asOf) : undefined);
            const recItem = {
              date: dateStr ?? x.c.endDate ?? history.asOf,
              what: `recorded course outcome: ${out.replace(/-/g, " ")}${dateStr ? ` on ${dateStr}` : " (date not recorded)"} (not an objective measurement)`,
            };
            let ruleMet = false;
            let ruleReason = "";
            if (dateStr) {
              const rd = dayNumber(dateStr, `steroids[${x.i}].outcomeDate`);
              if (rd <= blockEnd && rd >= blockStart) {
                const dose = series[rd - d0];
                ruleMet = dose < spec.below;
                ruleReason = `Recorded relapse on ${dateStr} at ${round(dose)} ${spec.unit} (${ruleMet ? "below" : "not below"} ${spec.below} mg/day).`;
              } else if (rd > blockEnd) {
                ruleMet = rd - blockEnd <= r.relapseWindow;
                ruleReason = `Recorded relapse on ${dateStr}, ${rd - blockEnd} days after stopping ${spec.stopped} (${ruleMet ? "within" : "outside"} the ${r.relapseWindow}-day window).`;
              }
            } else {
              ruleReason = "A relapse after stopping is recorded without a date, so the window cannot be checked.";
            }
            if (r.useRecorded && ruleMet) {
              findings.push({
                label: "steroid-dependent",
                from: isoDate(blockStart),
                to: recItem.date,
                evidence: [...courseEvidence(blockStart, blockEnd, only), recItem],
                reasons: [
                  ruleReason,
                  "No objective assessment covers this course; the recorded relapse was accepted (useRecordedOutcomes).",
                  spec.definition,
                ],
                thresholds,
              });
              blockHasFinding = true;
            } else if (ruleMet || !dateStr) {
              findings.push(
                notAssessable(
                  "objective-data-missing",
                  "steroid-dependent",
                  isoDate(blockStart),
                  recItem.date,
                  [...courseEvidence(blockStart, blockEnd, only), recItem],
                  [
                    `${ruleReason} No objective assessment confirms the relapse${r.useRecorded ? "" : " (pass useRecordedOutcomes to accept the record)"}.`,
                    spec.definition,
                  ],
                  thresholds,
                ),
              );
              blockHasFinding = true;
            }
            break;
          }
        }
        // Symptomatic relapse without objective data in the window.
        if (!blockHasFinding) {
          const symRelapse = symptoms.find(
            (s) =>
              !s.s.remission &&
              s.day > blockStart &&
              s.day <= windowEnd &&
              (s.day > blockEnd || series[s.day - d0] < spec.below) &&
              responseBefore(s.day),
          );
          if (symRelapse && !known.some((x) => x.day >= symRelapse.day - 14 && x.day <= windowEnd)) {
            findings.push(
              notAssessable(
                "objective-data-missing",
                "steroid-dependent",
                isoDate(blockStart),
                symRelapse.s.date,
                courseEvidence(blockStart, blockEnd, only),
                [
                  `Symptoms relapsed on ${symRelapse.s.date} (${symRelapse.s.instrument} ${symRelapse.s.value}) during the taper${spec.series === bud ? " of budesonide" : ""} or after stopping, but no objective assessment confirms inflammation: measure calprotectin or perform endoscopy before calling the disease steroid-dependent.`,
                  ...crpOnlyNote(symRelapse.day - 14, windowEnd),
                  spec.definition,
                ],
                thresholds,
              ),
            );
          }
        }
      }
    }
  }

  // ---- Advanced therapies ----
  therapies.forEach((t, ti) => {
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
    const nextStart = therapies
      .filter((o) => o !== t && o.drug !== t.drug)
      .map((o) => dayNumber(o.startDate, "startDate"))
      .filter((d) => d > s)
      .reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
    const lastJudge = Math.min(e + r.afterStop, asOfDay, nextStart - 1);
    const onDrug = known.filter((x) => x.day > s && x.day <= lastJudge);
    const baseline = [...known].reverse().find((x) => x.day <= s && x.day >= s - r.baselineLookback);
    const courseItem: EvidenceItem = {
      date: t.startDate,
      what: `${t.drug} (${DRUG_CLASS[t.drug]}) from ${t.startDate} to ${t.endDate ?? `ongoing (${history.asOf})`}; induction judged at week ${weeks} (${isoDate(judgeDay)})`,
    };
    const improved = (x: Dated): string | undefined => {
      if (x.v.status === "inactive") return `objective remission: ${x.v.description}`;
      const be = baseline?.a.endoscopy;
      const xe = x.a.endoscopy;
      if (be && xe && be.instrument === xe.instrument && be.score > 0 && (be.score - xe.score) / be.score >= r.endoFraction) {
        return `endoscopic response: ${xe.instrument} ${be.score} -> ${xe.score} (fall >= ${r.endoFraction * 100} %)`;
      }
      return undefined;
    };
    const firstObjResponse = onDrug.find((x) => improved(x) !== undefined);
    const symResponse = symptoms.find((x) => x.day > s && x.day <= e && x.s.remission);
    const initial = firstObjResponse
      ? { day: firstObjResponse.day, date: firstObjResponse.a.date, what: improved(firstObjResponse) as string, objective: true }
      : r.symptomaticInitial && symResponse
        ? {
            day: symResponse.day,
            date: symResponse.s.date,
            what: `symptomatic response: ${symResponse.s.instrument} ${symResponse.s.value} (remission range)`,
            objective: false,
          }
        : undefined;
    if (initial) {
      const loss = onDrug.find((x) => x.day > initial.day && x.v.status === "active" && improved(x) === undefined);
      if (loss) {
        findings.push({
          label: "secondary-loss-of-response",
          drug: t.drug,
          from: t.startDate,
          to: loss.a.date,
          evidence: [
            courseItem,
            { date: initial.date, what: `initial ${initial.what}` },
            { date: loss.a.date, what: `loss of response: ${loss.v.description}` },
          ],
          reasons: [
            `${t.drug} gave an initial ${initial.objective ? "objective" : "symptomatic (not objectively confirmed)"} response on ${initial.date}.`,
            `Objective activity returned on ${loss.a.date} while on the drug: ${loss.v.description}.`,
            "Next: a trough level and anti-drug antibodies tell pharmacokinetic failure from mechanistic failure (see tdmDecision).",
          ],
          thresholds: tThresholds,
        });
      }
      return;
    }
    // No response so far: primary non-response or not yet assessable.
    const completed = e >= judgeDay;
    if (!completed) {
      const stoppedEarly = t.endDate !== undefined && e < asOfDay;
      findings.push(
        notAssessable(
          "induction-too-short",
          "primary-non-response",
          t.startDate,
          isoDate(e),
          [courseItem],
          [
            stoppedEarly
              ? `${t.drug} was stopped on ${isoDate(e)} after ${Math.floor((e - s) / 7)} weeks ${(e - s) % 7} days, before the end of its ${weeks}-week induction: primary non-response cannot be called.`
              : `${t.drug} induction is ${Math.floor((asOfDay - s) / 7)} weeks ${(asOfDay - s) % 7} days old; it is judged at week ${weeks} (${isoDate(judgeDay)}).`,
            inductionReason,
          ],
          tThresholds,
          t.drug,
        ),
      );
      return;
    }
    const judging = onDrug.filter((x) => x.day >= judgeDay && x.day <= judgeDay + r.postWindow);
    if (!judging.length) {
      findings.push(
        notAssessable(
          "objective-data-missing",
          "primary-non-response",
          t.startDate,
          history.asOf,
          [courseItem],
          [
            `${t.drug} induction is complete (week ${weeks}, ${isoDate(judgeDay)}) but there is no objective assessment between ${isoDate(judgeDay)} and ${isoDate(judgeDay + r.postWindow)}: endoscopy or calprotectin is needed to judge response.`,
            ...crpOnlyNote(judgeDay, Math.min(judgeDay + r.postWindow, lastJudge)),
            inductionReason,
          ],
          tThresholds,
          t.drug,
        ),
      );
      return;
    }
    const judged = judging[0];
    findings.push({
      label: "primary-non-response",
      drug: t.drug,
      from: t.startDate,
      to: judged.a.date,
      evidence: [
        courseItem,
        ...(baseline ? [{ date: baseline.a.date, what: `baseline: ${baseline.v.description}` }] : []),
        ...onDrug.filter((x) => x.day <= judged.day).map((x) => ({ date: x.a.date, what: `no objective improvement: ${x.v.description}` })),
      ],
      reasons: [
        `${t.drug} was given through its full ${weeks}-week induction (judged from ${isoDate(judgeDay)}).`,
        `No assessment from ${t.startDate} to ${judged.a.date} showed objective remission or an endoscopic fall >= ${r.endoFraction * 100} %; on ${judged.a.date}: ${judged.v.description}.`,
        ...(baseline ? [] : ["No baseline assessment within the lookback: improvement was judged on remission only."]),
        inductionReason,
        "Next: a trough level and anti-drug antibodies tell pharmacokinetic failure from pathway failure (see tdmDecision).",
      ],
      thresholds: tThresholds,
    });
  });

  // ---- Discordance quadrant ----
  if (history.discordance) {
    const qd = dayNumber(history.discordance.date, "discordance.date");
    const q = history.discordance.quadrant;
    const onSteroid = qd >= d0 && qd - d0 < n && pred[qd - d0] > 0;
    const onAdvanced = therapies.find(
      (t) => dayNumber(t.startDate, "startDate") <= qd && (t.endDate === undefined || dayNumber(t.endDate, "endDate") >= qd),
    );
    const treatment = onAdvanced ? onAdvanced.drug : onSteroid ? "systemic steroids" : undefined;
    if (!["concordant-active", "concordant-remission", "refractory-symptoms", "silent-inflammation", "indeterminate"].includes(q)) {
      throw new InputError({
        field: "discordance.quadrant",
        value: q,
        expected: "concordant-active, concordant-remission, refractory-symptoms, silent-inflammation or indeterminate",
      });
    }
    if (q !== "concordant-remission" && q !== "indeterminate") {
      if (!treatment) {
        warnings.push(
          `Discordance quadrant "${q}" on ${history.discordance.date} was not labelled refractory: no treatment was running that day.`,
        );
      } else if (q === "refractory-symptoms") {
        findings.push({
          label: "refractory-symptoms",
          from: history.discordance.date,
          to: history.discordance.date,
          evidence: [
            { date: history.discordance.date, what: `discordance quadrant: symptoms without objective inflammation, on ${treatment}` },
          ],
          reasons: [
            `Symptoms persist on ${treatment} while objective markers show no inflammation: the symptoms are refractory, not the inflammation.`,
            "Escalating immunosuppression would treat nothing: look for IBS-type symptoms, bile acid diarrhoea, SIBO or a stricture instead.",
          ],
          thresholds,
        });
      } else {
        findings.push({
          label: "refractory-inflammation",
          from: history.discordance.date,
          to: history.discordance.date,
          evidence: [
            {
              date: history.discordance.date,
              what: `discordance quadrant: ${q === "silent-inflammation" ? "objective inflammation without symptoms" : "symptoms and objective inflammation"}, on ${treatment}`,
            },
          ],
          reasons: [
            `Objective inflammation persists on ${treatment}${q === "silent-inflammation" ? " although the patient feels well (silent inflammation)" : ""}.`,
            "Untreated mucosal inflammation leads to strictures, fistulas and surgery: it needs treating whatever the symptoms.",
          ],
          thresholds,
        });
      }
    }
  }

  // ---- Strictures ----
  const strict = (history.strictures ?? [])
    .map((f, i) => ({ f, day: dayNumber(f.date, `strictures[${i}].date`) }))
    .sort((a, b) => a.day - b.day);
  const lastStricture = strict[strict.length - 1];
  if (lastStricture && lastStricture.f.nature !== "inflammatory" && lastStricture.f.obstructiveSymptoms) {
    const f = lastStricture.f;
    const lastActivity = [...known].reverse().find((x) => x.day <= lastStricture.day);
    findings.push({
      label: "fibrostenotic-obstruction",
      from: f.date,
      to: f.date,
      evidence: [
        {
          date: f.date,
          what: `${f.nature} stricture with obstructive symptoms${f.luminalDiameterMm !== undefined ? `, lumen ${f.luminalDiameterMm} mm` : ""}${f.prestenoticDilatation ? ", pre-stenotic dilatation" : ""}`,
        },
        ...(lastActivity ? [{ date: lastActivity.a.date, what: `latest objective activity: ${lastActivity.v.description}` }] : []),
      ],
      reasons: [
        `A ${f.nature} stricture causes obstructive symptoms: flow through a tube scales with r⁴ (Hagen-Poiseuille), so halving the lumen divides flow by 16.`,
        f.nature === "fibrotic"
          ? "Scar tissue does not respond to anti-inflammatory drugs: endoscopic balloon dilatation or surgery (surgical review) is the option."
          : "The stricture is mixed: treat the inflammatory component, and plan dilatation or surgery for the fibrotic part.",
        ...(lastActivity?.v.status === "inactive"
          ? ["Inflammation is controlled, so the obstruction is structural, not refractory inflammation."]
          : []),
      ],
      thresholds,
    });
  }

  // ---- Missing objective data overall ----
  if ((steroids.length || therapies.length) && !known.length && !findings.length) {
    findings.push(
      notAssessable(
        "objective-data-missing",
        undefined,
        history.asOf,
        history.asOf,
        [],
        [
          "The history has treatment courses but no objective assessment that decides activity (endoscopy or calprotectin; CRP alone does not decide by default): refractoriness is defined by objective criteria and cannot be assessed.",
          ...crpOnlyNote(Number.NEGATIVE_INFINITY, asOfDay),
        ],
        thresholds,
      ),
    );
  }

  // ---- Mimic gate ----
  const gated: RefractoryFinding[] = findings.map((f) => {
    if (history.mimicsExcluded === true || !MIMIC_GATED.has(f.label)) return f;
    const what = history.mimicsExcluded === false ? "a mimic has not been excluded" : "the mimic workup is not recorded";
    return {
      ...f,
      label: "not-yet-assessable",
      notAssessableReason: "mimics-not-excluded",
      pendingLabel: f.label,
      reasons: [
        `The criteria for ${f.label} are met, but ${what}${history.mimicNote ? ` (${history.mimicNote})` : ""}: exclude C. difficile toxin, CMV on biopsy, bile acid diarrhoea and SIBO before calling the disease refractory.`,
        ...f.reasons,
      ],
    };
  });
  if (history.mimicsExcluded !== true) {
    for (const f of gated)
      if (f.label === "refractory-symptoms") f.reasons.push("The mimic workup is incomplete: it is the first step for these symptoms.");
  }

  const labels = REFRACTORY_LABELS.filter((l) => gated.some((f) => f.label === l));
  return { patientId: history.patientId, asOf: history.asOf, labels, findings: gated, warnings };
}

function notAssessable(
  reason: NotAssessableReason,
  pending: RefractoryLabel | undefined,
  from: string,
  to: string,
  evidence: EvidenceItem[],
  reasons: string[],
  thresholds: Record<string, number | string>,
  drug?: AdvancedDrug,
): RefractoryFinding {
  return { label: "not-yet-assessable", notAssessableReason: reason, pendingLabel: pending, drug, from, to, evidence, reasons, thresholds };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
