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
 * - level below target, no or low-level ADA -> optimise the dose (higher dose
 *   or shorter interval); a level between the association floor and the
 *   reactive target is optimised too, with that reason;
 * - level below target, ADA positive on a qualitative assay -> quantify the ADA
 *   first (a positive result without a titre is indeterminate);
 * - level below target, high ADA -> immunogenic failure. Only for anti-TNF is
 *   there a within-class switch, and only to a different molecule (infliximab
 *   to adalimumab, never to an infliximab biosimilar, which the same antibodies
 *   recognise), with an immunomodulator (AGA 2017; BSG 2019). For every other
 *   class it is a switch out of class: the only other anti-integrin,
 *   natalizumab, carries a risk of progressive multifocal leukoencephalopathy
 *   and is not licensed for Crohn's disease in the EU; ustekinumab has no other
 *   IL-12/23 drug, and its biosimilars are the same molecule;
 * - adequate level, active disease -> switch out of class (mechanistic failure).
 *
 * Trough targets. Default (`targetPreset: "aga-2017"`): the AGA 2017 reactive
 * maintenance targets (infliximab >= 5, adalimumab >= 7.5, certolizumab >= 20
 * ug/mL); for other drugs and for induction phases AGA sets none, and
 * Papamichael K et al. (2019) Curr Opin Gastroenterol 35:302, PMC6785387,
 * Table 1 is used (levels associated with mucosal healing; the parenthesised
 * higher values via `targetLevel: "higher"`). Papamichael's figure is an
 * association floor, not a reactive target; it stays selectable as
 * `targetPreset: "papamichael-2019"`. ADA thresholds depend on the assay and
 * have no default here.
 */
import { InputError } from "../core/errors";
import type { Reasoned } from "../core/result";
import { assertFinite, assertNonNegative, assertPositive } from "../core/validate";
import { DRUG_CLASS, drugClassOf } from "../drugs/classes";
import { INDUCTION } from "../drugs/induction";
import type { Disease } from "../drugs/types";
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

/**
 * AGA 2017 reactive TDM (Feuerstein JD et al., Gastroenterology 153:827,
 * recommendation 2 and its implementation table): maintenance trough
 * concentrations (ug/mL) to aim for in active IBD on anti-TNF therapy.
 * AGA made no recommendation for golimumab, vedolizumab or ustekinumab.
 */
export const AGA_2017_REACTIVE_TROUGH_TARGETS_UG_ML: Readonly<Partial<Record<AdvancedDrug, number>>> = {
  infliximab: 5,
  adalimumab: 7.5,
  certolizumab: 20,
};

/** The recommended action. */
export type TdmAction =
  | "optimise-dose"
  | "quantify-ada"
  | "switch-within-class-plus-immunomodulator"
  | "switch-out-of-class"
  | "recheck-mimics-adherence-timing";

/** Input of {@link tdmDecision}. */
export interface TdmInput {
  drug: AdvancedDrug;
  /** When the sample was drawn. A non-trough level is only interpretable when it is already below the trough target. */
  sampleTiming: SampleTiming;
  /** Measured level, ug/mL; for a censored level (`levelCensored`), the assay's limit it lies beyond. */
  levelUgMl: number;
  /**
   * The level lies outside the assay's range: "below" its lower limit of quantification (a lab's `<0.4`: undetectable),
   * "above" its upper limit. Default: undefined (measured).
   */
  levelCensored?: "below" | "above";
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
  /** The disease, used to list only the anti-TNF molecules licensed for it when a within-class switch is advised. Default: undefined (all listed). */
  disease?: Disease;
}

/** Where the trough target comes from. */
export type TdmTargetPreset = "aga-2017" | "papamichael-2019";

/** Options of {@link tdmDecision}. */
export interface TdmOptions {
  /**
   * Source of the trough target. Default: "aga-2017" (AGA 2017 reactive
   * maintenance targets for infliximab, adalimumab and certolizumab;
   * Papamichael 2019 Table 1 where AGA sets none). "papamichael-2019": Table 1
   * throughout (association floors).
   */
  targetPreset?: TdmTargetPreset;
  /** A caller's trough-target table, used instead of either preset. Default: none. */
  targets?: Partial<Record<AdvancedDrug, Partial<Record<TdmPhase, TroughTarget>>>>;
  /** Which value of a Papamichael row to use. Default: "primary" (the first figure of Table 1). */
  targetLevel?: "primary" | "higher";
}

/** Result of {@link tdmDecision}. */
export interface TdmDecision extends Reasoned {
  action: TdmAction;
  /** Human-readable action. */
  summary: string;
  /** Pharmacokinetic failure (drug not there), immunogenic (antibodies clear it), mechanistic (drug there, disease active), or undetermined. */
  failureType: "pharmacokinetic" | "immunogenic" | "mechanistic" | "undetermined";
  troughTargetUgMl: number;
  /**
   * low: below the target (and below the association floor where the preset
   * has one); below-target: at or above the association floor but below the
   * reactive target; adequate; uninterpretable (a non-trough level above target).
   */
  levelInterpretation: "low" | "below-target" | "adequate" | "uninterpretable";
  /** indeterminate: positive on a qualitative assay, titre unknown. */
  adaInterpretation: "absent" | "low" | "high" | "indeterminate" | "not-measured";
  /** For a within-class switch: the other anti-TNF molecules licensed in the EU (for `disease` when given; see src/drugs/induction.ts). */
  switchCandidates?: AdvancedDrug[];
}

const SUMMARY: Record<TdmAction, string> = {
  "optimise-dose": "Optimise the dose (increase the dose or shorten the interval), then recheck the trough.",
  "quantify-ada":
    "Quantify the anti-drug antibodies (a titre on a drug-tolerant assay) before choosing between dose optimisation and a switch.",
  "switch-within-class-plus-immunomodulator":
    "Switch to a different anti-TNF molecule (not a biosimilar of the same one) and add an immunomodulator (thiopurine or methotrexate).",
  "switch-out-of-class": "Switch out of class, to a drug acting on another pathway.",
  "recheck-mimics-adherence-timing": "Recheck before changing therapy: mimics, adherence, objective activity and sample timing.",
};

/** Why a within-class switch does not exist outside anti-TNF, per class. */
const NO_WITHIN_CLASS: Partial<Record<string, string>> = {
  "anti-integrin":
    "the only other anti-integrin, natalizumab, carries a risk of progressive multifocal leukoencephalopathy and is not licensed for Crohn's disease in the EU",
  "anti-IL-12/23":
    "there is no other IL-12/23 antibody, and a biosimilar of ustekinumab is the same molecule, recognised by the same antibodies",
  "anti-IL-23p19":
    "no IL-23p19 antibody has an established switch after immunogenic failure of another, and a biosimilar of the same molecule is recognised by the same antibodies",
};

function interpretAda(ada: AdaResult | undefined): { kind: TdmDecision["adaInterpretation"]; reason?: string; threshold?: number } {
  if (ada === undefined) return { kind: "not-measured" };
  if (ada === null || typeof ada !== "object")
    throw new InputError({ field: "ada", value: ada, expected: "an object with positive (boolean) or titre and highThreshold" });
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
  if (typeof ada.positive !== "boolean")
    throw new InputError({ field: "ada", value: ada, expected: "either positive (boolean) or titre with highThreshold" });
  return ada.positive
    ? {
        kind: "indeterminate",
        reason:
          "ADA positive on a qualitative assay: without a titre, high antibodies (immunogenic failure) cannot be told from low-level ones that dose optimisation may overcome.",
      }
    : { kind: "absent", reason: "ADA negative." };
}

interface ResolvedTarget {
  target: number;
  /** Papamichael's association floor when it is below the target (AGA preset). */
  floor?: number;
  source: string;
  notes: string[];
}

/**
 * The trough target {@link tdmDecision} uses for a drug and phase: AGA 2017's reactive target by default,
 * Papamichael 2019 Table 1 where AGA sets none (see the `targetPreset` option), with its source.
 * @throws InputError for a drug or phase without a target, or a bad option.
 * @example troughTarget("adalimumab").targetUgMl // 7.5
 * @example troughTarget("vedolizumab").targetUgMl // 12
 */
export function troughTarget(
  drug: AdvancedDrug,
  phase: TdmPhase = "maintenance",
  options: TdmOptions = {},
): { targetUgMl: number; source: string } {
  if (options === null || typeof options !== "object")
    throw new InputError({ field: "options", value: options, expected: "a TdmOptions object" });
  drugClassOf(drug, "drug"); // names an unknown drug for untyped callers
  const r = resolveTarget(drug, phase, options);
  return { targetUgMl: r.target, source: r.source };
}

function resolveTarget(drug: AdvancedDrug, phase: TdmPhase, options: TdmOptions): ResolvedTarget {
  const preset = options.targetPreset ?? "aga-2017";
  if (preset !== "aga-2017" && preset !== "papamichael-2019")
    throw new InputError({ field: "options.targetPreset", value: preset, expected: '"aga-2017" or "papamichael-2019"' });
  if (options.targetLevel !== undefined && options.targetLevel !== "primary" && options.targetLevel !== "higher")
    throw new InputError({ field: "options.targetLevel", value: options.targetLevel, expected: '"primary" or "higher"' });
  const table = options.targets ?? PAPAMICHAEL_2019_TROUGH_TARGETS;
  const row = table[drug]?.[phase];
  const aga =
    preset === "aga-2017" && !options.targets && phase === "maintenance" ? AGA_2017_REACTIVE_TROUGH_TARGETS_UG_ML[drug] : undefined;
  if (!row && aga === undefined) {
    const phases = Object.keys(table[drug] ?? {});
    throw new InputError({
      field: "phase",
      value: `${drug} ${phase}`,
      expected: phases.length
        ? `one of ${phases.join(", ")} for ${drug}`
        : `a drug with TDM targets (${Object.keys(table).join(", ")}); ${drug} has none`,
    });
  }
  const higher = options.targetLevel === "higher";
  const papValue = row ? (higher && row.higherUgMl !== undefined ? row.higherUgMl : row.targetUgMl) : undefined;
  if (options.targets) return { target: assertFinite(papValue, "targets"), source: "caller-supplied table", notes: [] };
  const papSource = `Papamichael 2019 Table 1, ${drug} ${phase}${higher ? " (higher value)" : ""}`;
  if (aga !== undefined) {
    const floor = papValue !== undefined && papValue < aga ? papValue : undefined;
    return {
      target: aga,
      floor,
      source: `AGA 2017 reactive target (Feuerstein, Gastroenterology 153:827), ${drug} maintenance`,
      notes: [],
    };
  }
  const notes =
    preset === "aga-2017"
      ? [
          `AGA 2017 sets no reactive target for ${drug}${phase === "maintenance" ? "" : ` in phase ${phase}`}; Papamichael 2019's association figure is used.`,
        ]
      : [];
  return { target: papValue as number, source: papSource, notes };
}

/**
 * Recommends the next step from a drug level and ADA.
 * @example
 * const pnr = { drug: "infliximab", sampleTiming: "trough", levelUgMl: 12, responsePattern: "PNR", objectiveActivity: "active", mimicsExcluded: true };
 * tdmDecision(pnr).action // "switch-out-of-class": trough 12 >= 5 ug/mL (AGA 2017 reactive target, maintenance)
 * @example
 * const slr = { drug: "infliximab", sampleTiming: "trough", levelUgMl: 4, ada: { positive: false }, responsePattern: "SLR", objectiveActivity: "active", mimicsExcluded: true };
 * tdmDecision(slr).action // "optimise-dose": 4 is above Papamichael's floor 3 but below AGA's target 5
 */
export function tdmDecision(input: TdmInput, options: TdmOptions = {}): TdmDecision {
  if (input === null || typeof input !== "object") throw new InputError({ field: "input", value: input, expected: "a TdmInput object" });
  if (options === null || typeof options !== "object")
    throw new InputError({ field: "options", value: options, expected: "a TdmOptions object" });
  const cls = drugClassOf(input.drug, "drug");
  const level = assertNonNegative(input.levelUgMl, "levelUgMl");
  const phase = input.phase ?? "maintenance";
  if (!["week2", "week6", "week8", "week14", "maintenance"].includes(phase))
    throw new InputError({ field: "phase", value: phase, expected: "week2, week6, week8, week14 or maintenance" });
  if (!["trough", "random", "peak", "unknown"].includes(input.sampleTiming)) {
    throw new InputError({ field: "sampleTiming", value: input.sampleTiming, expected: "trough, random, peak or unknown" });
  }
  if (!["PNR", "SLR"].includes(input.responsePattern))
    throw new InputError({ field: "responsePattern", value: input.responsePattern, expected: "PNR or SLR" });
  if (!["active", "inactive", "unknown"].includes(input.objectiveActivity))
    throw new InputError({ field: "objectiveActivity", value: input.objectiveActivity, expected: "active, inactive or unknown" });
  if (input.disease !== undefined && input.disease !== "UC" && input.disease !== "CD")
    throw new InputError({ field: "disease", value: input.disease, expected: '"UC", "CD" or absent' });
  for (const key of ["mimicsExcluded", "adherenceConfirmed"] as const) {
    const v = input[key];
    if (v !== undefined && typeof v !== "boolean") throw new InputError({ field: key, value: v, expected: "true, false or absent" });
  }
  const censored = input.levelCensored;
  if (censored !== undefined && censored !== "below" && censored !== "above")
    throw new InputError({ field: "levelCensored", value: censored, expected: '"below", "above" or absent' });
  const resolved = resolveTarget(input.drug, phase, options);
  const target = resolved.target;
  const ada = interpretAda(input.ada);
  const thresholds: Record<string, number | string> = {
    troughTargetUgMl: target,
    targetSource: resolved.source,
    targetPreset: options.targets ? "caller" : (options.targetPreset ?? "aga-2017"),
  };
  if (resolved.floor !== undefined) {
    thresholds.associationFloorUgMl = resolved.floor;
    thresholds.associationFloorSource = `Papamichael 2019 Table 1, ${input.drug} ${phase}`;
  }
  if (ada.threshold !== undefined) thresholds.adaHighThreshold = ada.threshold;
  const reasons: string[] = [...resolved.notes];

  // Level interpretation: a non-trough level is higher than the trough, so only a low one is informative.
  const below = level < target;
  let levelInterpretation: TdmDecision["levelInterpretation"];
  if (censored === "below") {
    // Below the assay's limit L: the level is somewhere in [0, L).
    if (level <= target) {
      levelInterpretation = resolved.floor !== undefined && level > resolved.floor ? "below-target" : "low";
      reasons.push(
        `The ${input.sampleTiming === "trough" ? "trough" : `${input.sampleTiming}-timed level`} is below the assay's limit of quantification (<${level} ug/mL): undetectable, below the ${phase} target ${target} ug/mL (${resolved.source})${levelInterpretation === "low" ? "" : `, though perhaps above Papamichael 2019's association floor ${resolved.floor} ug/mL`}.`,
      );
    } else {
      levelInterpretation = "uninterpretable";
      reasons.push(
        `The level is below the assay's limit <${level} ug/mL, a limit above the ${phase} target ${target} ug/mL: this assay cannot tell whether the target is reached; re-measure with an assay that quantifies down to the target.`,
      );
    }
  } else if (censored === "above") {
    if (level >= target && input.sampleTiming === "trough") {
      levelInterpretation = "adequate";
      reasons.push(
        `Trough above the assay's upper limit (>${level} ug/mL), so above the ${phase} target ${target} ug/mL (${resolved.source}).`,
      );
    } else {
      levelInterpretation = "uninterpretable";
      reasons.push(
        `The level is above the assay's upper limit (>${level} ug/mL)${input.sampleTiming === "trough" ? `, a limit below the target ${target} ug/mL: it cannot tell whether the target is reached` : `, not drawn at trough (${input.sampleTiming})`}; re-measure.`,
      );
    }
  } else if (input.sampleTiming === "trough") {
    if (!below) {
      levelInterpretation = "adequate";
      reasons.push(`Trough ${level} ug/mL is at or above the ${phase} target ${target} ug/mL (${resolved.source}).`);
    } else if (resolved.floor !== undefined && level >= resolved.floor) {
      levelInterpretation = "below-target";
      reasons.push(
        `Trough ${level} ug/mL is at or above Papamichael 2019's association floor ${resolved.floor} ug/mL but below the reactive target ${target} ug/mL (${resolved.source}): with active disease, exposure may still be too low for this patient.`,
      );
    } else {
      levelInterpretation = "low";
      reasons.push(`Trough ${level} ug/mL is below the ${phase} target ${target} ug/mL (${resolved.source}).`);
    }
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

  const result = (
    action: TdmAction,
    failureType: TdmDecision["failureType"],
    extra: string[],
    more: Partial<TdmDecision> = {},
  ): TdmDecision => ({
    action,
    summary: SUMMARY[action],
    failureType,
    troughTargetUgMl: target,
    levelInterpretation,
    adaInterpretation: ada.kind,
    reasons: [...reasons, ...extra],
    thresholds,
    ...more,
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
  if (levelInterpretation === "uninterpretable")
    recheck.push(
      censored
        ? "Re-measure the level with an assay whose range covers the target."
        : "Redraw the level just before the next dose (a true trough).",
    );
  if (recheck.length) return result("recheck-mimics-adherence-timing", "undetermined", recheck);

  const adherenceNote =
    input.adherenceConfirmed === undefined ? ["Confirm adherence: with no ADA, a low trough can also mean missed doses."] : [];
  if (levelInterpretation === "low" || levelInterpretation === "below-target") {
    const what = levelInterpretation === "low" ? "Low drug level" : "Drug level below the reactive target";
    if (ada.kind === "high") {
      const pathway =
        input.responsePattern === "SLR" ? "The initial response shows the target pathway mattered" : "The target may still be right";
      if (cls === "anti-TNF") {
        const licensedFor = (d: AdvancedDrug) => (["UC", "CD"] as const).filter((x) => INDUCTION[d][x].licensed);
        const candidates = (Object.keys(DRUG_CLASS) as AdvancedDrug[]).filter(
          (d) =>
            DRUG_CLASS[d] === "anti-TNF" &&
            d !== input.drug &&
            (input.disease === undefined ? licensedFor(d).length > 0 : INDUCTION[d][input.disease].licensed),
        );
        const named = candidates.map((d) => (input.disease ? d : `${d} (${licensedFor(d).join(", ")})`)).join(" or ");
        return result(
          "switch-within-class-plus-immunomodulator",
          "immunogenic",
          [
            `${what} with high ADA: immunogenic pharmacokinetic failure. ${pathway}, so restore anti-TNF blockade with a different anti-TNF molecule (${named}${input.disease ? `, licensed for ${input.disease}` : ", with the diseases each is licensed for in the EU"}), not a biosimilar of ${input.drug}: the antibodies recognise the same molecule whatever its brand. Add an immunomodulator (thiopurine or methotrexate) to prevent antibodies to the next drug (AGA 2017; BSG 2019).`,
          ],
          { switchCandidates: candidates },
        );
      }
      return result("switch-out-of-class", "immunogenic", [
        `${what} with high ADA: immunogenic failure of ${input.drug}. A within-class switch exists only for anti-TNF: for ${cls}, ${NO_WITHIN_CLASS[cls] ?? "no other drug of the class is an established switch"}. Switch out of class, to a drug acting on another pathway.`,
      ]);
    }
    if (ada.kind === "indeterminate") {
      return result("quantify-ada", "undetermined", [
        `${what} with ADA of unknown titre: quantify them (drug-tolerant assay, with the assay's threshold) before acting; high ADA would mean ${cls === "anti-TNF" ? "a switch to a different anti-TNF molecule" : "a switch out of class"}, low-level ADA dose optimisation.`,
      ]);
    }
    return result("optimise-dose", "pharmacokinetic", [
      `${what} ${ada.kind === "low" ? "with low-level ADA" : "without ADA"}: pharmacokinetic failure (fast clearance, e.g. high inflammatory burden, low albumin). Raise the dose or shorten the interval and recheck the trough.`,
      ...(ada.kind === "not-measured"
        ? [
            `Measure ADA with the trough: high ADA would change the advice to ${cls === "anti-TNF" ? "a switch to a different anti-TNF molecule" : "a switch out of class"}.`,
          ]
        : []),
      ...adherenceNote,
    ]);
  }
  const extra: string[] = [];
  if (ada.kind === "high" || ada.kind === "indeterminate")
    extra.push("ADA with an adequate level is contradictory (a drug-tolerant assay can show both); the adequate level decides.");
  return result("switch-out-of-class", "mechanistic", [
    ...extra,
    `Adequate drug level with objectively active disease: the drug reaches its target, so ${cls} blockade is not controlling this disease (${input.responsePattern === "PNR" ? "primary non-response: the pathway was probably never the driver" : "secondary loss of response despite adequate exposure: the disease has escaped the pathway"}). Switch to another class; more of the same drug will not help.`,
  ]);
}
