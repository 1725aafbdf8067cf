/**
 * refractory: the language of refractoriness (issue 7): steroid equivalence,
 * rule-based labels with evidence trails, TDM decisions, pathway-level
 * failure, the acute severe colitis day-3 assessment and cohort mode.
 * Patient data comes in as src/records patient records (issue 13):
 * treatmentHistories, mimicGate and pathwayScores read only a record's fields;
 * the *FromCohort adapters are those functions of `patientRecords(cohort)`.
 */
export * from "./activity";
export * from "./adapters";
export * from "./asuc";
export * from "./care-team";
export * from "./classify";
export * from "./cohort";
export { addDays as addDaysIso } from "./dates";
export * from "./histories";
export * from "./mimic-gate";
export * from "./pathway";
export * from "./pathway-scores";
export * from "./steroids";
export * from "./tdm";
export * from "./types";
