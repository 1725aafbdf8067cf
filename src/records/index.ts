/** records: one typed record per patient from the cohort tables (issue 13), and every way in built on it (PK subjects, discordance visits, repeated readings). */
export { type PatientRecordsOptions, patientRecords } from "./build";
export { type ModelAverageInputs, modelAverage } from "./model-average";
export {
  BASELINE_COVARIATE_WINDOW_DAYS,
  DEFAULT_INFUSION_HOURS,
  type PkSubject,
  type PkSubjectOptions,
  pkSubject,
  TROUGH_BEFORE_DOSE_HOURS,
} from "./pk";
export {
  type ForecastSubject,
  MAX_PERFORMANCE_MODELS,
  MAX_PERFORMANCE_PATIENTS,
  type ModelPredictivePerformance,
  type PatientForecastPrediction,
  type PerformanceStratum,
  type PredictivePerformance,
  type PredictivePerformanceOptions,
  predictivePerformance,
} from "./predictive-performance";
export { type RepeatedMeasure, repeatedReadings } from "./ratings";
export { ANTI_TNF_DRUGS, CONCOMITANT_DRUGS, type TreatmentFlags, treatmentFlags } from "./treatment-covariates";
export type {
  AdaReading,
  Administration,
  Dated,
  DrugLevelRecord,
  GeneExpression,
  InfectionTest,
  IsoDate,
  LabSample,
  PatientRecord,
  ScoreReading,
  StrictureAssessment,
  TreatmentCourse,
} from "./types";
export { type DiscordanceVisit, discordanceVisits, ENDOSCOPY_INSTRUMENT_IDS, SYMPTOM_INSTRUMENT_IDS } from "./visits";
