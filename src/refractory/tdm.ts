/**
 * Reactive therapeutic drug monitoring (TDM): from a drug level, anti-drug
 * antibodies (ADA), the response pattern and objective disease activity to the
 * next step.
 *
 * Decision logic (British Society of Gastroenterology 2019 guideline, Lamb et
 * al., Gut 68:s1; AGA 2017 TDM guideline, Feuerstein et al., Gastroenterology
 * 153:827; domain-facts section 3):
 * - no objective activity, mimics not excluded, adherence doubtful or a level
 *   that cannot be read against a trough target -> recheck first;
 * - low trough, no or low-level ADA -> optimise the dose (higher dose or shorter interval);
 * - low trough, high ADA -> switch within class and add an immunomodulator;
 * - adequate trough, active disease -> switch out of class (mechanistic / pathway failure).
 *
 * Default trough targets: Papamichael K et al. (2019) Curr Opin Gastroenterol
 * 35:302, PMC6785387, Table 1 (levels associated with mucosal healing; the
 * parenthesised, higher values are available as `targetLevel: "higher"`).
 * ADA thresholds depend on the assay and have no default here.
 */
import { InputError } from "../core/errors";
import type { Reasoned } from "../core/result";
import { assertFinite, assertNonNegative, assertPositive } from "../core/validate";
import { DRUG_CLASS, drugClassOf } from "../drugs/classes";
import type { AdaResult, AdvancedDrug, SampleTiming } from "./types";

/** Treatment phase at which the level was drawn. */
export type TdmPhase = "week2" | "week6" | "week8" | "week14" | "maintenance";

/** One row of the threshold table: trough target, ug/mL, and the parenthesised higher value where given. */
export interface TroughTarget {
  targetUgMl: number;
  higherUgMl?: number;
}

/**
 * Papamichael 2019 (Curr Opin Gastroenterol, PMC6785387) Table 1: trough
 * concentrations (ug/mL) associated with favourable outcomes, by drug and phase.
 */
export const PAPAMICHAEL_2019_TROUGH_TARGETS: Readonly<Partial<Record<AdvancedDrug, Partial<Record<TdmPhase, TroughTarget>>>>> = {
  infliximab: {
    week2: { targetUgMl: 20, higherUgMl: 25 },
    week6: { targetUgMl: 10 },
    week14: { targetUgMl: 3, higherUgMl: 7 },
    maintenance: { targetUgMl: 3, higherUgMl: 7 },
  },
  adalimumab: { week14: { targetUgMl: 5, higherUgMl: 7 }, maintenance: { targetUgMl: 3, higherUgMl: 8 } },
  certolizumab: { week6: { targetUgMl: 32 }, maintenance: { targetUgMl: 15 } },
  golimumab: { week6: { targetUgMl: 2.5 }, maintenance: { targetUgMl: 1 } },
  vedolizumab: {
    week2: { targetUgMl: 28 },
    week6: { targetUgMl: 24 },
    week14: { targetUgMl: 15, higherUgMl: 17 },
    maintenance: { targetUgMl: 12, higherUgMl: 14 },
  },
  ustekinumab: { week8: { targetUgMl: 3.5 }, maintenance: { targetUgMl: 1, higherUgMl: 4.5 } },
};

/** The recommended action. */
export type TdmAction =
  | "optimise-dose"
  | "switch-within-class-plus-immunomodulator"
  | "switch-out-of-class"
  | "recheck-mimics-adherence-timing";

/** Input of {@link tdmDecision}. */
export interface TdmInput {
  drug: AdvancedDrug;
  /** When the sample was drawn. A non-trough level is only interpretable when it is already below the trough target. */
  sampleTiming: SampleTiming;
  /** Measured level, ug/mL. */
  levelUgMl: number;
  /** Phase of treatment. Default: "maintenance". */
  phase?: TdmPhase;
  /** Anti-drug antibodies; a titre needs its assay's `highThreshold`. Omitted: not measured. */
  ada?: AdaResult;
  /** PNR (never responded) or SLR (responded, then lost response). */
  responsePattern: "PNR" | "SLR";
  /** Objective disease activity (endoscopy, calprotectin), not symptoms. */
  objectiveActivity: "active" | "inactive" | "unknown";
  /** Mimic workup complete and negative. Default: undefined (not known, triggers a recheck). */
  mimicsExcluded?: boolean;
  /** Adherence confirmed (doses given on schedule). Default: undefined (not known; mentioned, not blocking). false blocks. */
  adherenceConfirmed?: boolean;
}

/** Options of {@link tdmDecision}. */
export interface TdmOptions {
  /** Trough-target table. Default: {@link PAPAMICHAEL_2019_TROUGH_TARGETS}. */
  targets?: Partial<Record<AdvancedDrug, Partial<Record<TdmPhase, TroughTarget>>>>;
  /** Which value of a row to use. Default: "primary" (the first figure of Table 1). */
  targetLevel?: "primary" | "higher";
}

/** Result of {@link tdmDecision}. */
export interface TdmDecision extends Reasoned {
  action: TdmAction;
  /** Human-readable action. */
  summary: string;
  /** Pharmacokinetic failure (drug not there), mechanistic failure (drug there, disease active), or undetermined. */
  failureType: "pharmacokinetic" | "immunogenic" | "mechanistic" | "undetermined";
  troughTargetUgMl: number;
  /** low / adequate / uninterpretable. */
  levelInterpretation: "low" | "adequate" | "uninterpretable";
  adaInterpretation: "absent" | "low" | "high" | "not-measured";
}

const SUMMARY: Record<TdmAction, string> = {
  "optimise-dose": "Optimise the dose (increase the dose or shorten the interval), then recheck the trough.",
  "switch-within-class-plus-immunomodulator":
    "Switch to another drug of the same class and add an immunomodulator (thiopurine or methotrexate).",
  "switch-out-of-class": "Switch out of class, to a drug acting on another pathway.",
  "recheck-mimics-adherence-timing": "Recheck before changing therapy: mimics, adherence, objective activity and sample timing.",
};

function interpretAda(ada: AdaResult | undefined): { kind: TdmDecision["adaInterpretation"]; reason?: string; threshold?: number } {
  if (!ada) return { kind: "not-measured" };
  if (ada.titre !== undefined) {
    const titre = assertNonNegative(ada.titre, "ada.titre");
    if (ada.highThreshold === undefined) {
      throw new InputError(
        {
          field: "ada.highThreshold",
          value: ada.highThreshold,
          expected: "the assay-specific threshold for high ADA (there is no default: thresholds differ between assays)",
        },
        "an ADA titre was given without its threshold",
      );
    }
    const thr = assertPositive(ada.highThreshold, "ada.highThreshold");
    const unit = ada.unit ? ` ${ada.unit}` : "";
    if (titre === 0) return { kind: "absent", reason: `ADA not detected (titre 0${unit}).`, threshold: thr };
    if (titre >= thr) return { kind: "high", reason: `ADA high: ${titre}${unit} >= the assay's threshold ${thr}${unit}.`, threshold: thr };
    return {
      kind: "low",
      reason: `ADA present at a low titre: ${titre}${unit} < the assay's threshold ${thr}${unit}; low-level ADA may be overcome by dose optimisation.`,
      threshold: thr,
    };
  }
  if (ada.positive === undefined)
    throw new InputError({ field: "ada", value: ada, expected: "either positive (boolean) or titre with highThreshold" });
  return ada.positive
    ? { kind: "high", reason: "ADA positive on a qualitative assay: the titre is unknown, so they are treated as high." }
    : { kind: "absent", reason: "ADA negative." };
}

/**
 * Recommends the next step from a drug level and ADA.
 * @example
 * tdmDecision({ drug: "infliximab", sampleTiming: "trough", levelUgMl: 12, responsePattern: "PNR", objectiveActivity: "active", mimicsExcluded: true }).action
 * // "switch-out-of-class": trough 12 >= 3 ug/mL (Papamichael 2019 Table 1, maintenance)
 */
export function tdmDecision(input: TdmInput, options: TdmOptions = {}): TdmDecision {
  drugClassOf(input.drug, "drug");
  const level = assertNonNegative(input.levelUgMl, "levelUgMl");
  const phase = input.phase ?? "maintenance";
  const table = options.targets ?? PAPAMICHAEL_2019_TROUGH_TARGETS;
  const row = table[input.drug]?.[phase];
  if (!row) {
    const phases = Object.keys(table[input.drug] ?? {});
    throw new InputError({
      field: "phase",
      value: `${input.drug} ${phase}`,
      expected: phases.length
        ? `one of ${phases.join(", ")} for ${input.drug}`
        : `a drug with TDM targets (${Object.keys(table).join(", ")}); ${input.drug} has none`,
    });
  }
  const target = options.targetLevel === "higher" && row.higherUgMl !== undefined ? row.higherUgMl : row.targetUgMl;
  assertFinite(target, "target");
  if (!["trough", "random", "peak", "unknown"].includes(input.sampleTiming)) {
    throw new InputError({ field: "sampleTiming", value: input.sampleTiming, expected: "trough, random, peak or unknown" });
  }
  if (!["PNR", "SLR"].includes(input.responsePattern))
    throw new InputError({ field: "responsePattern", value: input.responsePattern, expected: "PNR or SLR" });
  const ada = interpretAda(input.ada);
  const thresholds: Record<string, number | string> = {
    troughTargetUgMl: target,
    targetSource: options.targets
      ? "caller-supplied table"
      : `Papamichael 2019 Table 1, ${input.drug} ${phase}${options.targetLevel === "higher" ? " (higher value)" : ""}`,
  };
  if (ada.threshold !== undefined) thresholds.adaHighThreshold = ada.threshold;
  const reasons: string[] = [];
  const cls = DRUG_CLASS[input.drug];

  // Level interpretation: a non-trough level is higher than the trough, so only a low one is informative.
  const below = level < target;
  let levelInterpretation: TdmDecision["levelInterpretation"];
  if (input.sampleTiming === "trough") {
    levelInterpretation = below ? "low" : "adequate";
    reasons.push(
      `Trough ${level} ug/mL is ${below ? "below" : "at or above"} the ${phase} target ${target} ug/mL (${thresholds.targetSource}).`,
    );
  } else if (below) {
    levelInterpretation = "low";
    reasons.push(
      `The ${input.sampleTiming}-timed level ${level} ug/mL is already below the trough target ${target} ug/mL; the true trough can only be lower, so it is low.`,
    );
  } else {
    levelInterpretation = "uninterpretable";
    reasons.push(
      `The level ${level} ug/mL was not drawn at trough (${input.sampleTiming}); a non-trough level above the target ${target} ug/mL says nothing about the trough.`,
    );
  }
  if (ada.reason) reasons.push(ada.reason);
  else reasons.push("ADA were not measured.");

  const result = (action: TdmAction, failureType: TdmDecision["failureType"], extra: string[]): TdmDecision => ({
    action,
    summary: SUMMARY[action],
    failureType,
    troughTargetUgMl: target,
    levelInterpretation,
    adaInterpretation: ada.kind,
    reasons: [...reasons, ...extra],
    thresholds,
  });

  // Gatekeepers: is there refractory inflammation to explain at all?
  const recheck: string[] = [];
  if (input.objectiveActivity === "inactive")
    recheck.push(
      "Objective markers show no active inflammation: the symptoms are not a drug failure; look for IBS-type symptoms, bile acid diarrhoea, SIBO or a stricture.",
    );
  if (input.objectiveActivity === "unknown")
    recheck.push("Objective activity is unknown: confirm inflammation (calprotectin, endoscopy) before acting on the level.");
  if (input.mimicsExcluded !== true)
    recheck.push(
      "Mimics (C. difficile toxin, CMV on biopsy) have not been excluded; an infection must be ruled out before changing or escalating therapy.",
    );
  if (input.adherenceConfirmed === false)
    recheck.push("Adherence is in doubt: missed or late doses lower the trough without any change in the drug's handling.");
  if (levelInterpretation === "uninterpretable") recheck.push("Redraw the level just before the next dose (a true trough).");
  if (recheck.length) return result("recheck-mimics-adherence-timing", "undetermined", recheck);

  const adherenceNote =
    input.adherenceConfirmed === undefined ? ["Confirm adherence: with no ADA, a low trough can also mean missed doses."] : [];
  if (levelInterpretation === "low") {
    if (ada.kind === "high") {
      return result("switch-within-class-plus-immunomodulator", "immunogenic", [
        `Low drug level with high ADA: immunogenic pharmacokinetic failure. ${input.responsePattern === "SLR" ? "The initial response shows the target pathway mattered, so" : "The target may still be right, so"} restore ${cls} blockade with another ${cls} drug the antibodies do not recognise, and add an immunomodulator to prevent new ADA.`,
      ]);
    }
    return result("optimise-dose", "pharmacokinetic", [
      `Low drug level ${ada.kind === "low" ? "with low-level ADA" : "without ADA"}: pharmacokinetic failure (fast clearance, e.g. high inflammatory burden, low albumin). Raise the dose or shorten the interval and recheck the trough.`,
      ...(ada.kind === "not-measured" ? ["Measure ADA with the trough: high ADA would change the advice to a within-class switch."] : []),
      ...adherenceNote,
    ]);
  }
  const extra: string[] = [];
  if (ada.kind === "high")
    extra.push("High ADA with an adequate level is contradictory (a drug-tolerant assay can show both); the adequate level decides.");
  return result("switch-out-of-class", "mechanistic", [
    ...extra,
    `Adequate drug level with objectively active disease: the drug reaches its target, so ${cls} blockade is not controlling this disease (${input.responsePattern === "PNR" ? "primary non-response: the pathway was probably never the driver" : "secondary loss of response despite adequate exposure: the disease has escaped the pathway"}). Switch to another class; more of the same drug will not help.`,
  ]);
}
