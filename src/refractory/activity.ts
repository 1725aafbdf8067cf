/**
 * Objective disease activity of one assessment: endoscopy first, then fecal
 * calprotectin. CRP is reported but, by default, does not decide on its own:
 * it is a weak and non-specific marker of mucosal inflammation (a normal CRP
 * does not exclude active disease, and a raised CRP has causes outside the
 * gut), so an assessment with CRP alone is "unknown" with basis "crp" and a
 * request to confirm with calprotectin or endoscopy (`crpAloneDecides` restores
 * the old rule).
 *
 * The calprotectin cut-off is disease-specific (see
 * {@link ActivityThresholds.calprotectinActiveUgG}).
 */
import { InputError } from "../core/errors";
import { assertNonNegative, assertObject } from "../core/validate";
import type { Disease } from "../drugs/types";
import type { ObjectiveAssessment } from "./types";

/** Thresholds and switches of the objective-activity rule; every field has a documented default. */
export interface ActivityThresholds {
  /**
   * Endoscopic score at or above which the mucosa counts as active.
   * Defaults: Mayo endoscopic subscore >= 2 (Mayo 0-1 is the usual remission
   * definition, e.g. Schroeder 1987 NEJM 317:1625; STRIDE-II, Turner 2021
   * Gastroenterology 160:1570); UCEIS >= 2 (UCEIS <= 1 endoscopic remission,
   * Travis 2013 Gastroenterology 145:987); SES-CD >= 3 (SES-CD 0-2 remission,
   * Daperno 2004 Gastrointest Endosc 60:505).
   */
  endoscopyActiveAtOrAbove?: { Mayo?: number; UCEIS?: number; "SES-CD"?: number };
  /**
   * Calprotectin (ug/g) at or above which inflammation counts as active; when
   * given it overrides the disease default. Default: by `disease`
   * ({@link CALPROTECTIN_ACTIVE_UGG_BY_DISEASE}):
   * - CD 250 ug/g: the upper end of the CD endoscopic-healing cut-offs
   *   (180-250 ug/g) in the meta-analysis PMC8543348 (domain-facts section 5).
   * - UC 150 ug/g: UC healing cut-offs are lower, 60-150 ug/g (the same
   *   meta-analysis pools 60-75 ug/g at sensitivity 0.87, specificity 0.79).
   *   The upper end of that range is used so that "active" stays specific: a
   *   value at or above 150 ug/g is above every healing cut-off in the range.
   *   The price is sensitivity: 75-149 ug/g counts as inactive although some
   *   of those patients are not healed; pass 75 for a sensitive rule.
   * - disease not given: 250 ug/g (the CD figure, the more specific one for
   *   both diseases), and the verdict says so.
   */
  calprotectinActiveUgG?: number;
  /** CRP (mg/L) above which CRP is raised. Default: 5 (usual upper reference limit). */
  crpActiveMgL?: number;
  /**
   * The disease whose calprotectin default applies. Default: undefined (250
   * ug/g, said in the verdict). `classifyRefractoriness` fills it from
   * `history.disease` unless it is given here.
   */
  disease?: Disease;
  /**
   * Let CRP decide activity when it is the only measure of the day. Default:
   * false: CRP alone gives status "unknown" (basis "crp") with a request to
   * confirm with calprotectin or endoscopy. true restores the rule "CRP above
   * `crpActiveMgL` is active, at or below is inactive".
   */
  crpAloneDecides?: boolean;
}

/** Calprotectin cut-off (ug/g) per disease; see {@link ActivityThresholds.calprotectinActiveUgG}. */
export const CALPROTECTIN_ACTIVE_UGG_BY_DISEASE: Readonly<Record<Disease, number>> = { UC: 150, CD: 250 };

/**
 * Documented defaults of {@link ActivityThresholds}. `calprotectinActiveUgG`
 * is the default when the disease is not given (per disease:
 * {@link CALPROTECTIN_ACTIVE_UGG_BY_DISEASE}).
 */
export const DEFAULT_ACTIVITY_THRESHOLDS = {
  endoscopyActiveAtOrAbove: { Mayo: 2, UCEIS: 2, "SES-CD": 3 },
  calprotectinActiveUgG: 250,
  crpActiveMgL: 5,
  crpAloneDecides: false,
} as const;

/** The calprotectin cut-off a set of thresholds uses, and why. */
export interface CalprotectinCutoff {
  /** Cut-off, ug/g (active at or above). */
  ugG: number;
  /** Where the figure comes from, as a plain sentence. */
  source: string;
}

/**
 * The calprotectin cut-off of {@link objectiveActivity} for these thresholds:
 * the caller's `calprotectinActiveUgG`, else the disease default, else 250 ug/g.
 * @example calprotectinCutoff({ disease: "UC" }).ugG // 150
 * @example calprotectinCutoff({}).ugG // 250
 */
export function calprotectinCutoff(thresholds: ActivityThresholds = {}): CalprotectinCutoff {
  assertObject(thresholds, "thresholds");
  const disease = checkDisease(thresholds.disease);
  if (thresholds.calprotectinActiveUgG !== undefined) {
    return {
      ugG: assertNonNegative(thresholds.calprotectinActiveUgG, "calprotectinActiveUgG"),
      source: "calprotectin cut-off given by the caller (calprotectinActiveUgG)",
    };
  }
  if (disease === "UC")
    return {
      ugG: CALPROTECTIN_ACTIVE_UGG_BY_DISEASE.UC,
      source:
        "UC default: 150 ug/g, the upper end of the UC healing cut-offs (60-150 ug/g; meta-analysis PMC8543348, 60-75 ug/g: sensitivity 0.87, specificity 0.79)",
    };
  if (disease === "CD")
    return {
      ugG: CALPROTECTIN_ACTIVE_UGG_BY_DISEASE.CD,
      source: "CD default: 250 ug/g, the upper end of the CD healing cut-offs (180-250 ug/g; meta-analysis PMC8543348)",
    };
  return {
    ugG: DEFAULT_ACTIVITY_THRESHOLDS.calprotectinActiveUgG,
    source: "disease not given: 250 ug/g, the CD cut-off, is used (UC would use 150 ug/g); give the disease for a disease-specific cut-off",
  };
}

function checkDisease(disease: unknown): Disease | undefined {
  if (disease !== undefined && disease !== "UC" && disease !== "CD")
    throw new InputError({ field: "disease", value: disease, expected: '"UC", "CD" or absent' });
  return disease;
}

/** Verdict on one assessment. */
export interface ActivityVerdict {
  status: "active" | "inactive" | "unknown";
  /** Which measure decided (or, for "unknown" with CRP alone, the only measure there was): endoscopy, calprotectin or CRP. */
  basis: "endoscopy" | "calprotectin" | "crp" | "none";
  /** Plain-sentence description, with the values. */
  description: string;
  /** Measures that disagree with the deciding one (e.g. healed mucosa but calprotectin 900). */
  conflicts: string[];
}

/**
 * Classifies one assessment as objectively active or not: endoscopy decides
 * when present (score >= the instrument's threshold), else calprotectin
 * (>= the disease's cut-off, {@link calprotectinCutoff}), else CRP only with
 * `crpAloneDecides` (> `crpActiveMgL`); otherwise "unknown".
 * @example objectiveActivity({ date: "2025-01-01", calprotectinUgG: 200 }, { disease: "UC" }).status // "active"
 * @example objectiveActivity({ date: "2025-01-01", crpMgL: 40 }).status // "unknown" (CRP alone)
 */
export function objectiveActivity(a: ObjectiveAssessment, thresholds: ActivityThresholds = {}, field = "assessment"): ActivityVerdict {
  assertObject(a, field);
  assertObject(thresholds, "thresholds");
  const endo = { ...DEFAULT_ACTIVITY_THRESHOLDS.endoscopyActiveAtOrAbove, ...thresholds.endoscopyActiveAtOrAbove };
  const fcCut = calprotectinCutoff(thresholds).ugG;
  const crpCut = thresholds.crpActiveMgL ?? DEFAULT_ACTIVITY_THRESHOLDS.crpActiveMgL;
  const crpDecides = thresholds.crpAloneDecides ?? DEFAULT_ACTIVITY_THRESHOLDS.crpAloneDecides;
  if (typeof crpDecides !== "boolean") throw new InputError({ field: "crpAloneDecides", value: crpDecides, expected: "true or false" });
  const fcActive = a.calprotectinUgG === undefined ? undefined : assertNonNegative(a.calprotectinUgG, `${field}.calprotectinUgG`) >= fcCut;
  const crpActive = a.crpMgL === undefined ? undefined : assertNonNegative(a.crpMgL, `${field}.crpMgL`) > crpCut;
  const conflicts: string[] = [];
  if (a.endoscopy) {
    const { instrument, score } = a.endoscopy;
    const cut = endo[instrument];
    if (cut === undefined)
      throw new InputError({ field: `${field}.endoscopy.instrument`, value: instrument, expected: "Mayo, UCEIS or SES-CD" });
    assertNonNegative(score, `${field}.endoscopy.score`);
    const active = score >= cut;
    if (fcActive !== undefined && fcActive !== active) {
      conflicts.push(
        `calprotectin ${a.calprotectinUgG} ug/g is ${fcActive ? "at or above" : "below"} ${fcCut} ug/g although endoscopy is ${active ? "active" : "inactive"}`,
      );
    }
    return {
      status: active ? "active" : "inactive",
      basis: "endoscopy",
      description: `${instrument} ${score} on ${a.date} (${active ? "active" : "inactive"}: threshold ${cut})`,
      conflicts,
    };
  }
  if (fcActive !== undefined) {
    if (crpActive !== undefined && crpActive !== fcActive) {
      conflicts.push(
        `CRP ${a.crpMgL} mg/L is ${crpActive ? "above" : "at or below"} ${crpCut} mg/L although calprotectin says ${fcActive ? "active" : "inactive"}`,
      );
    }
    return {
      status: fcActive ? "active" : "inactive",
      basis: "calprotectin",
      description: `calprotectin ${a.calprotectinUgG} ug/g on ${a.date} (${fcActive ? "active" : "inactive"}: threshold ${fcCut} ug/g${thresholds.calprotectinActiveUgG === undefined ? `, ${thresholds.disease ?? "disease not given"}` : ""})`,
      conflicts,
    };
  }
  if (crpActive !== undefined) {
    if (crpDecides) {
      return {
        status: crpActive ? "active" : "inactive",
        basis: "crp",
        description: `CRP ${a.crpMgL} mg/L on ${a.date} (${crpActive ? "active" : "inactive"}: threshold ${crpCut} mg/L; CRP alone is a weak marker, accepted because crpAloneDecides is set)`,
        conflicts,
      };
    }
    return {
      status: "unknown",
      basis: "crp",
      description: `CRP ${a.crpMgL} mg/L on ${a.date} is ${crpActive ? "above" : "at or below"} ${crpCut} mg/L, but CRP alone is a weak, non-specific marker and does not decide activity: confirm with calprotectin or endoscopy (or pass crpAloneDecides)`,
      conflicts,
    };
  }
  return { status: "unknown", basis: "none", description: `assessment on ${a.date} has no endoscopy, calprotectin or CRP`, conflicts };
}
