/**
 * refractory: the language of refractoriness (issue 7): steroid equivalence,
 * rule-based labels with evidence trails, TDM decisions, pathway-level
 * failure, the acute severe colitis day-3 assessment and cohort mode.
 */
export * from "./activity";
export * from "./adapters";
export * from "./asuc";
export * from "./classify";
export * from "./cohort";
export { addDays as addDaysIso } from "./dates";
export * from "./pathway";
export * from "./steroids";
export * from "./tdm";
export * from "./types";
