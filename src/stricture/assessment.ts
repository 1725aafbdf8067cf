/**
 * Is an obstruction mechanical (scar) or inflammatory? A teaching aid that puts the
 * chapter's patient into words: normal CRP and calprotectin with obstructive
 * symptoms and a narrowed lumen point to a fibrostenotic stricture, which no
 * anti-inflammatory drug will widen. It is not a diagnostic rule: cross-sectional
 * imaging is needed and inflammation and fibrosis usually coexist in one stricture.
 *
 * Imaging definition of a small-bowel stricture (CONSTRICT consensus, Rieder et al.
 * 2018, Aliment Pharmacol Ther 48:347): luminal narrowing (>= 50 % reduction of the
 * diameter relative to healthy bowel), wall thickening, and prestenotic dilation
 * > 3 cm; the Society of Abdominal Radiology lowered the dilation threshold to
 * 2.5 cm (Dane et al. 2025, Radiology 316:e243123).
 */

import type { Reasoned } from "../core/result";
import { assertInRange, assertNonNegative, assertObject, assertPositive, optionalBoolean, optionsObject } from "../core/validate";
import { relativeFlow } from "./tube";

/** Observations about the patient. */
export interface ObstructionFindings {
  /** C-reactive protein, mg/L. */
  crpMgL: number;
  /** Fecal calprotectin, µg/g. */
  calprotectinUgG: number;
  /** Cramping, bloating, vomiting after meals, or other obstructive symptoms. */
  obstructiveSymptoms: boolean;
  /** Narrowest lumen diameter on imaging or endoscopy, mm. */
  strictureDiameterMm?: number;
  /** Healthy lumen diameter nearby, mm. Default: 25 (small bowel). */
  normalDiameterMm?: number;
  /** Widest diameter upstream of the stricture, mm. */
  prestenoticDiameterMm?: number;
}

/** Thresholds for {@link assessObstruction}; every field documents its default. */
export interface ObstructionThresholds {
  /** CRP above this is raised, mg/L. Default: 5 (a common laboratory upper reference limit). */
  crpUpperMgL?: number;
  /**
   * Calprotectin above this suggests active Crohn's inflammation, µg/g. Default: 250
   * (upper end of the CD cut-offs 180-250 µg/g in the meta-analysis PMC8543348).
   */
  calprotectinUpperUgG?: number;
  /** Diameter reduction (fraction) that counts as luminal narrowing. Default: 0.5 (CONSTRICT). */
  narrowingFraction?: number;
  /** Prestenotic diameter that counts as dilation, mm. Default: 30 (CONSTRICT; SAR 2025 uses 25). */
  prestenoticDilationMm?: number;
}

/** The verdict of {@link assessObstruction}. */
export interface ObstructionAssessment extends Reasoned {
  pattern: "mechanical" | "inflammatory" | "mixed" | "no obstruction evident";
  /** Flow through the narrowing relative to healthy bowel at the same pressure (r/r₀)⁴, when diameters are known. */
  relativeFlowNewtonian?: number;
}

/**
 * Puts together biomarkers, symptoms and lumen size into a plain-language pattern.
 * @example assessObstruction({ crpMgL: 2, calprotectinUgG: 40, obstructiveSymptoms: true, strictureDiameterMm: 8 }).pattern // "mechanical"
 */
export function assessObstruction(input: ObstructionFindings, limits?: ObstructionThresholds): ObstructionAssessment {
  const findings = assertObject<ObstructionFindings>(input, "findings");
  const thresholds = optionsObject(limits, "thresholds");
  const crp = assertNonNegative(findings.crpMgL, "crpMgL");
  const fcp = assertNonNegative(findings.calprotectinUgG, "calprotectinUgG");
  const symptoms = optionalBoolean(findings.obstructiveSymptoms, "obstructiveSymptoms") ?? false;
  const crpUpper = assertPositive(thresholds.crpUpperMgL ?? 5, "crpUpperMgL");
  const fcpUpper = assertPositive(thresholds.calprotectinUpperUgG ?? 250, "calprotectinUpperUgG");
  const narrowing = assertInRange(thresholds.narrowingFraction ?? 0.5, "narrowingFraction", Number.MIN_VALUE, 1);
  const dilationMm = assertPositive(thresholds.prestenoticDilationMm ?? 30, "prestenoticDilationMm");
  const normalD = assertPositive(findings.normalDiameterMm ?? 25, "normalDiameterMm");
  const reasons: string[] = [];

  const inflamed = crp > crpUpper || fcp > fcpUpper;
  reasons.push(
    inflamed
      ? `objective inflammation: CRP ${crp} mg/L (upper ${crpUpper}) and calprotectin ${fcp} µg/g (upper ${fcpUpper}); part of the narrowing may respond to anti-inflammatory treatment.`
      : `no objective inflammation: CRP ${crp} mg/L <= ${crpUpper} and calprotectin ${fcp} µg/g <= ${fcpUpper}.`,
  );

  let narrowed = false;
  let rel: number | undefined;
  if (findings.strictureDiameterMm !== undefined) {
    const d = assertPositive(findings.strictureDiameterMm, "strictureDiameterMm");
    const reduction = 1 - d / normalD;
    narrowed = reduction >= narrowing;
    rel = relativeFlow(d, normalD);
    reasons.push(
      `lumen ${d} mm vs ${normalD} mm healthy: ${(100 * reduction).toFixed(0)} % narrower (${narrowed ? ">=" : "<"} ${100 * narrowing} %); ` +
        `at the same pressure a tube this narrow passes (${d}/${normalD})⁴ = ${(100 * rel).toPrecision(2)} % of the flow of a healthy tube of the same length.`,
    );
  }
  let dilated = false;
  if (findings.prestenoticDiameterMm !== undefined) {
    const p = assertPositive(findings.prestenoticDiameterMm, "prestenoticDiameterMm");
    dilated = p > dilationMm;
    reasons.push(
      `upstream bowel ${p} mm ${dilated ? ">" : "<="} ${dilationMm} mm: ${dilated ? "prestenotic dilation, a sign the narrowing obstructs" : "no prestenotic dilation by this threshold"}.`,
    );
  }
  const structural = narrowed || dilated;
  if (symptoms) reasons.push("obstructive symptoms are present.");

  let pattern: ObstructionAssessment["pattern"];
  if (structural && !inflamed) {
    pattern = "mechanical";
    reasons.push(
      "pattern of a fibrostenotic stricture: scar (collagen laid down by fibroblasts) is not inflammation, so escalating anti-inflammatory drugs will not widen it; the options are mechanical (balloon dilation, strictureplasty, resection).",
    );
  } else if (structural && inflamed) {
    pattern = "mixed";
    reasons.push(
      "narrowing with active inflammation: treat the inflammation, then reassess what narrowing is left (the fibrotic part will not regress).",
    );
  } else if (inflamed) {
    pattern = "inflammatory";
    reasons.push("inflammation without a demonstrated narrowing: the symptoms may come from active disease.");
  } else {
    pattern = "no obstruction evident";
    reasons.push(
      symptoms
        ? "obstructive symptoms without measured narrowing or inflammation: image the bowel (MR/CT enterography or intestinal ultrasound)."
        : "neither narrowing nor inflammation in the findings given.",
    );
  }
  return {
    pattern,
    relativeFlowNewtonian: rel,
    reasons,
    thresholds: { crpUpperMgL: crpUpper, calprotectinUpperUgG: fcpUpper, narrowingFraction: narrowing, prestenoticDilationMm: dilationMm },
  };
}
