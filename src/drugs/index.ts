/**
 * drugs: facts about advanced therapies shared by the mimic workup, the
 * refractoriness rules, TDM and pharmacokinetics: mechanism classes and the
 * length of induction per drug and disease (with the label's extended induction).
 */
export { DRUG_CLASS, drugClassOf } from "./classes";
export { INDUCTION, type InductionOptions, type InductionRule, type InductionWeeks, inductionWeeks } from "./induction";
export type { AdvancedDrug, Disease, DrugClass } from "./types";
