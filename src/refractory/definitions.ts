/**
 * Public types, option sets and named definition sets of
 * {@link classifyRefractoriness} (src/refractory/classify.ts), kept apart so
 * that the rule modules (src/refractory/rules) and the composition can share
 * them without a circular import. Sources are in docs/clinical-rules.md.
 */
import type { Reasoned } from "../core/result";
import type { ActivityThresholds } from "./activity";
import type { EquivalenceOptions } from "./steroids";
import type { AdvancedDrug, SteroidDrug } from "./types";

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
