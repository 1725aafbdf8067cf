/**
 * Objective disease activity of one assessment: endoscopy first, then fecal
 * calprotectin, then CRP (weakest, used only when nothing else was measured).
 */
import { InputError } from "../core/errors";
import { assertNonNegative } from "../core/validate";
import type { ObjectiveAssessment } from "./types";

/** Thresholds of the objective-activity rule. */
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
   * Calprotectin (ug/g) at or above which inflammation counts as active.
   * Default: 250 (upper end of the CD healing cut-offs 180-250 ug/g in the
   * meta-analysis PMC8543348; domain-facts section 5). UC cut-offs are lower
   * (60-75 ug/g for healing): pass a lower value for UC cohorts.
   */
  calprotectinActiveUgG?: number;
  /** CRP (mg/L) above which inflammation counts as active when it is the only measure. Default: 5 (usual upper reference limit). */
  crpActiveMgL?: number;
}

/** Documented defaults of {@link ActivityThresholds}. */
export const DEFAULT_ACTIVITY_THRESHOLDS = {
  endoscopyActiveAtOrAbove: { Mayo: 2, UCEIS: 2, "SES-CD": 3 },
  calprotectinActiveUgG: 250,
  crpActiveMgL: 5,
} as const;

/** Verdict on one assessment. */
export interface ActivityVerdict {
  status: "active" | "inactive" | "unknown";
  /** Which measure decided: endoscopy, calprotectin or CRP. */
  basis: "endoscopy" | "calprotectin" | "crp" | "none";
  /** Plain-sentence description, with the values. */
  description: string;
  /** Measures that disagree with the deciding one (e.g. healed mucosa but calprotectin 900). */
  conflicts: string[];
}

/** Classifies one assessment as objectively active or not. */
export function objectiveActivity(a: ObjectiveAssessment, thresholds: ActivityThresholds = {}, field = "assessment"): ActivityVerdict {
  const endo = { ...DEFAULT_ACTIVITY_THRESHOLDS.endoscopyActiveAtOrAbove, ...thresholds.endoscopyActiveAtOrAbove };
  const fcCut = thresholds.calprotectinActiveUgG ?? DEFAULT_ACTIVITY_THRESHOLDS.calprotectinActiveUgG;
  const crpCut = thresholds.crpActiveMgL ?? DEFAULT_ACTIVITY_THRESHOLDS.crpActiveMgL;
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
      description: `calprotectin ${a.calprotectinUgG} ug/g on ${a.date} (${fcActive ? "active" : "inactive"}: threshold ${fcCut} ug/g)`,
      conflicts,
    };
  }
  if (crpActive !== undefined) {
    return {
      status: crpActive ? "active" : "inactive",
      basis: "crp",
      description: `CRP ${a.crpMgL} mg/L on ${a.date} (${crpActive ? "active" : "inactive"}: threshold ${crpCut} mg/L; CRP alone is a weak marker)`,
      conflicts,
    };
  }
  return { status: "unknown", basis: "none", description: `assessment on ${a.date} has no endoscopy, calprotectin or CRP`, conflicts };
}
