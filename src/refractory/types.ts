/**
 * Input types of the refractory module: one patient's treatment history.
 *
 * The module is self-contained: the discordance quadrant, the "mimics
 * excluded" verdict and stricture findings are fields the caller fills (from
 * src/discordance, src/mimics and src/stricture, or by hand). Dates are ISO
 * 8601 calendar days (`YYYY-MM-DD`); course end dates are inclusive.
 */

/** Systemic or topical corticosteroids known to {@link prednisoneEquivalentMgPerDay}. */
export type SteroidDrug = "prednisone" | "prednisolone" | "methylprednisolone" | "hydrocortisone" | "budesonide";

/** Route of a steroid course. */
export type SteroidRoute = "oral" | "iv" | "rectal";

/**
 * One steroid segment at a constant daily dose. A taper is written as several
 * consecutive segments (40, 35, 30 ... mg/day), each with its own dates.
 */
export interface SteroidCourse {
  drug: SteroidDrug;
  /** Daily dose of this drug (not prednisone-equivalent), mg/day. */
  doseMgPerDay: number;
  route: SteroidRoute;
  /** First day, YYYY-MM-DD. */
  startDate: string;
  /** Last day (inclusive), YYYY-MM-DD. Omitted: ongoing at `asOf`. */
  endDate?: string;
  /**
   * The course outcome as recorded in the notes (not an objective measurement).
   * Used only with the classifier option `useRecordedOutcomes` when no
   * objective assessment covers the course.
   */
  recordedOutcome?: "no-response" | "relapse-on-taper" | "relapse-after-stop" | "taper-complete";
  /** Date of the recorded relapse (default: endDate for relapse-on-taper; required for relapse-after-stop). */
  outcomeDate?: string;
}

import type { AdvancedDrug } from "../drugs/types";

export type { AdvancedDrug, DrugClass } from "../drugs/types";

/** A biologic or small-molecule course. */
export interface AdvancedTherapyCourse {
  drug: AdvancedDrug;
  /** First dose, YYYY-MM-DD. */
  startDate: string;
  /** Last day on the drug (inclusive). Omitted: ongoing at `asOf`. */
  endDate?: string;
  /** Maintenance dose, mg (informational). */
  doseMg?: number;
  /** Maintenance dosing interval, weeks (informational). */
  intervalWeeks?: number;
  /** The label's extended induction was used (e.g. upadacitinib in UC to week 16): response is judged at its end. Default: false. */
  extendedInduction?: boolean;
}

/** Endoscopic instruments understood by the objective-activity rule. */
export type EndoscopyInstrument = "Mayo" | "UCEIS" | "SES-CD";

/** One objective assessment: any of endoscopy, fecal calprotectin, CRP on one day. */
export interface ObjectiveAssessment {
  date: string;
  endoscopy?: { instrument: EndoscopyInstrument; score: number };
  calprotectinUgG?: number;
  crpMgL?: number;
}

/** A patient-reported or clinical symptom score. */
export interface SymptomScore {
  date: string;
  /** e.g. "HBI", "PRO2", "partial Mayo", "SCCAI". */
  instrument: string;
  value: number;
  /** Whether the value is in the instrument's remission range (the caller decides, e.g. HBI <= 4). */
  remission: boolean;
}

/** Anti-drug antibodies: qualitative, or a titre with the assay's own threshold. */
export interface AdaResult {
  /** Qualitative result when only positive/negative is reported. */
  positive?: boolean;
  /** Quantitative titre or concentration in the assay's unit. */
  titre?: number;
  /** The assay's unit, e.g. "ug/mL-eq" or "AU/mL" (informational, never converted). */
  unit?: string;
  /** The assay-specific threshold above which ADA are "high" (required with `titre`). */
  highThreshold?: number;
}

/** When the blood sample was drawn relative to the dose. */
export type SampleTiming = "trough" | "random" | "peak" | "unknown";

/** A drug-level measurement. */
export interface DrugLevel {
  date: string;
  drug: AdvancedDrug;
  /** Measured level, ug/mL; for a censored level, the assay's limit it lies beyond. */
  levelUgMl: number;
  /** "below" the assay's lower limit of quantification (a lab's `<0.4`), "above" its upper limit; absent when measured. */
  censored?: "below" | "above";
  timing: SampleTiming;
  ada?: AdaResult;
}

/**
 * Quadrants of the symptom x inflammation grid, spelled as src/discordance
 * spells them (`Quadrant` there), so its calls can be passed straight in.
 * "indeterminate" gives no label.
 */
export type DiscordanceQuadrant =
  | "concordant-active"
  | "concordant-remission"
  | "refractory-symptoms"
  | "silent-inflammation"
  | "indeterminate";

/** A stricture finding (filled from src/stricture or imaging reports). */
export interface StrictureFinding {
  date: string;
  /** Fibrotic, inflammatory or mixed (the imaging or endoscopic read). */
  nature: "fibrotic" | "inflammatory" | "mixed";
  /** Obstructive symptoms (cramping, bloating, vomiting) present. */
  obstructiveSymptoms: boolean;
  /** Narrowest lumen diameter, mm (optional). */
  luminalDiameterMm?: number;
  /** Pre-stenotic dilatation present (optional). */
  prestenoticDilatation?: boolean;
}

/** Everything the classifier reads about one patient. */
export interface TreatmentHistory {
  patientId: string;
  /** Date of the assessment (all data must be on or before it). */
  asOf: string;
  /**
   * Ulcerative colitis or Crohn's disease. Chooses the induction length per
   * drug (omitted: the longer of the two) and the calprotectin cut-off
   * (omitted: 250 ug/g).
   */
  disease?: "UC" | "CD";
  /**
   * Body weight, kg (optional). Needed only by ECCO's steroid-refractory rule
   * (`classifyRefractoriness(h, { definitions: "ecco" })`: prednisolone
   * 0.75 mg/kg/day); without it that rule reports "not-yet-assessable" with
   * reason "weight-missing" unless the dose meets the rule for any weight.
   */
  weightKg?: number;
  steroids?: SteroidCourse[];
  advancedTherapies?: AdvancedTherapyCourse[];
  assessments?: ObjectiveAssessment[];
  symptoms?: SymptomScore[];
  drugLevels?: DrugLevel[];
  /**
   * true: infection and other mimics were looked for and excluded; false: a
   * mimic was found or the workup is incomplete; omitted: unknown (treated as
   * not excluded). Filled from src/mimics.
   */
  mimicsExcluded?: boolean;
  /** What the mimic workup found or lacks (quoted in reasons). */
  mimicNote?: string;
  /** The latest discordance quadrant, filled from src/discordance. */
  discordance?: { date: string; quadrant: DiscordanceQuadrant };
  strictures?: StrictureFinding[];
}
