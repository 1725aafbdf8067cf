/**
 * Monoclonal-antibody pharmacokinetics (issue 6). Stable public API:
 * - receptor occupancy: `receptorOccupancy`, `occupancyUgMlVsKdNm`, `INFLIXIMAB_MW_KDA`
 * - models as data: `INFLIXIMAB_FASANMADE_2009`, `INFLIXIMAB_FASANMADE_2011`, `INFLIXIMAB_SONG_2025`, `INFLIXIMAB_BERENDS_2019_QSS`,
 *   `INFLIXIMAB_TERNANT_2021_DOUBLE`,
 *   `ADALIMUMAB_TERNANT_2015`, `VEDOLIZUMAB_ROSARIO_2015`, `USTEKINUMAB_XU_2022`, `PK_MODELS`, `tmddVariant`,
 *   `individualParameters`
 * - regimens: `infliximabRegimen`, `repeatedRegimen`, `customRegimen`, `continueRegimen`
 * - simulation: `simulate` (exact closed form for linear models; Dormand-Prince switching to RODAS4 on
 *   stiffness for nonlinear ones), `predictTroughs` (trough before each dose)
 * - population: `simulatePopulation`, `predictionBands`, `probabilityOfTargetAttainment`
 * - model choice: `pkModelFor` (the one registry of drug x disease -> published model), `PK_MODEL_REGISTRY`
 * - Bayesian forecasting: `mapEstimate` (censored levels by M3, Beal 2001), `forecastTroughs`, `recommendRegimen`,
 *   `posteriorProfile` (MAP curve with its posterior band)
 * - solvers: `rodas4`, `dopri5`, `advanceLinear`, `superpositionConcentrations`
 *
 * Layout (issue #15): each published model is one file in `models/` with its citations, listed in
 * `models/index.ts` (`PK_MODELS`); each model structure's ODE system is one file in `systems/`,
 * looked up by structure in the table of `systems.ts` (`SYSTEM_BUILDERS`, used by `buildSystem`).
 */

export {
  type CandidateRegimen,
  type ForecastOptions,
  forecastTroughs,
  INFLIXIMAB_CANDIDATES,
  INFLIXIMAB_LABEL_LIMITS,
  infliximabLabelStatus,
  type LabelStatus,
  MAX_CANDIDATES,
  MAX_DRAWS,
  MAX_FORECAST_SIMULATIONS,
  MAX_OBSERVATIONS,
  type MapOptions,
  type MapResult,
  mapEstimate,
  mapObjective,
  type Observation as PkObservation,
  type Recommendation,
  type RecommendOptions,
  recommendRegimen,
  type TroughForecast,
} from "./bayes";
export {
  BOOLEAN_COVARIATE_NAMES,
  COVARIATE_NAMES,
  checkDoseEvent,
  checkModel,
  checkRegimen,
  MAX_DOSES,
  MAX_OUTPUT_TIMES,
  MAX_PLAUSIBLE_LEVEL_UG_ML,
  MAX_TIME_DAYS,
} from "./check";
export { ALBUMIN_MAX_GDL, CDAI_MAX_POINTS, type CovariatePiece, covariatePieces, covariatesAt, validateCovariates } from "./covariates";
export {
  type BandFigureOptions,
  MAX_FIGURE_POINTS,
  MAX_FIGURE_SERIES,
  type ProfileSeries,
  predictionBandFigure,
  profileFigure,
} from "./figures";
export type { ForecastPrediction } from "./forecast-evaluation";
export { LABEL_MAXIMA, type LabelMaximum, labelMaximumFor } from "./label-maxima";
export { advanceLinear, type LinearCoefficients, linearCoefficients, superpositionConcentrations, terminalHalfLifeDays } from "./linear";
export {
  type AveragedForecast,
  type AveragedModel,
  MAX_AVERAGED_MODELS,
  type ModelAverage,
  type ModelAverageForecastOptions,
  type ModelAverageOptions,
} from "./model-average";
export {
  ADALIMUMAB_TERNANT_2015,
  INFLIXIMAB_BERENDS_2019_QSS,
  INFLIXIMAB_FASANMADE_2009,
  INFLIXIMAB_FASANMADE_2011,
  INFLIXIMAB_SONG_2025,
  INFLIXIMAB_TERNANT_2021_DOUBLE,
  individualParameters,
  MAX_ABS_ETA,
  omegaSquared,
  PK_MODELS,
  residualSdUgMl,
  TNF_MW_KDA,
  tmddVariant,
  USTEKINUMAB_XU_2022,
  VEDOLIZUMAB_ROSARIO_2015,
} from "./models";
export { INFLIXIMAB_MW_KDA, occupancyUgMlVsKdNm, receptorOccupancy } from "./occupancy";
export { dopri5, newOdeStats, type OdeOptions, type OdeStats, type Rhs, rodas4 } from "./ode";
export { etaVariance, type OmegaBlock, omegaBlock, omegaCovariance } from "./omega";
export {
  DEFAULT_MAX_POPULATION_VALUES,
  MAX_ODE_PATIENTS,
  MAX_PATIENTS,
  MAX_PTA_REGIMENS,
  type PopulationOptions,
  type PopulationSimulation,
  type PredictionBands,
  type PtaOptions,
  type PtaRow,
  predictionBands,
  probabilityOfTargetAttainment,
  simulatePopulation,
} from "./population";
export { type PosteriorProfile, type PosteriorProfileOptions, posteriorProfile } from "./posterior";
export type { MedianEstimate, PredictionErrorSummary, TargetClassification } from "./prediction-error";
export {
  continueRegimen,
  customRegimen,
  DEFAULT_INFUSION_DAYS,
  type DoseEvent,
  type InfliximabRegimenOptions,
  infliximabRegimen,
  type Regimen,
  type RepeatedRegimenOptions,
  type ResolvedDose,
  repeatedRegimen,
  resolveDoses,
} from "./regimen";
export {
  PK_MODEL_REGISTRY,
  type PkDisease,
  type PkModelChoice,
  type PkModelDrug,
  type PkModelForOptions,
  type PkRegistryEntry,
  type PkRoute,
  pkModelFor,
} from "./registry";
export {
  type ParameterPiece,
  parameterPieces,
  predictTroughs,
  type SimulateOptions,
  type Simulation,
  type SolverName,
  simulate,
  simulateLinearSorted,
  simulateOdeSorted,
  type Trough,
} from "./simulate";
export { posteriorSir, type SirComparison, type SirOptions, type SirResult } from "./sir";
export { CAP_CEILING, type DoseCap } from "./solve-common";
export { type DoseSolution, type SolveDoseOptions, solveDose } from "./solve-dose";
export { type IntervalSolution, type LongestIntervalOptions, longestInterval } from "./solve-interval";
export { buildSystem, type PkSystem, qssFreeNm, SYSTEM_BUILDERS, type SystemBuilder } from "./systems";
export {
  type FutureSchedule,
  MAX_THRESHOLD_DRAWS,
  type ThresholdTime,
  type TimeToThresholdOptions,
  timeToThreshold,
} from "./time-to-threshold";
export type {
  BooleanCovariateName,
  CovariateChange,
  CovariateEffect,
  CovariateInput,
  CovariateName,
  Covariates,
  CovariateTimeline,
  IivCorrelation,
  IndividualParameters,
  ModelStructure,
  ParameterSpec,
  PkModel,
  ResidualSpec,
  VariabilitySpec,
} from "./types";
