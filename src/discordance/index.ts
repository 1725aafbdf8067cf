/**
 * discordance: symptoms vs inflammation. Instrument registry, quadrant calls
 * (reliability-aware), diagnostic accuracy, ROC with DeLong intervals, Spearman
 * correlation, and their figures.
 */
export { type AccuracyOptions, type DiagnosticAccuracy, diagnosticAccuracy, type TwoByTwo } from "./accuracy";
export {
  type ClassifyOptions,
  type CohortDiscordance,
  classifyDiscordance,
  type DecidedQuadrant,
  type DiscordanceCall,
  type Evidence,
  type InstrumentReliability,
  QUADRANTS,
  type Quadrant,
  type QuadrantProbabilities,
  type VisitFrame,
  type VisitRecord,
} from "./classify";
export {
  MAX_FIGURE_GROUPS,
  quadrantScatterFigure,
  quadrantSharesFigure,
  type RocFigureOptions,
  type RocMarkedPoint,
  rocFigure,
} from "./figures";
export {
  describeRule,
  INSTRUMENT_IDS,
  INSTRUMENTS,
  type Instrument,
  type InstrumentId,
  type InstrumentKind,
  instrumentThresholds,
  type ReadingState,
  readingState,
  ruleHolds,
  type ThresholdOverride,
  type ThresholdRule,
} from "./instruments";
export type { LabelColumn, MissingPolicy } from "./labels";
export {
  type BestThreshold,
  type BestThresholdOptions,
  type RocCurve,
  type RocOptions,
  type RocPoint,
  type RocResult,
  type RocTestResult,
  roc,
  rocAt,
  rocBestThreshold,
  rocTest,
} from "./roc";
export { midranks, type SpearmanOptions, type SpearmanResult, spearmanCorrelation } from "./spearman";
