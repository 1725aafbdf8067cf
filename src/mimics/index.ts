/**
 * mimics: the stepwise workup of a suspected flare (C. difficile, CMV, bile acid
 * diarrhoea, SIBO, adherence and timing), Bayes updates with cited test
 * characteristics, and the `mimicsExcluded` gate used before calling disease refractory.
 */
export { likelihoodRatio, type PostTest, postTestProbability, predictiveValues, type TestCharacteristics } from "./bayes";
export { MIMIC_TESTS, type MimicTest, type MimicTestId } from "./tests";
export {
  type FlareContext,
  flareWorkup,
  type MimicId,
  type MimicsExcludedResult,
  mimicsExcluded,
  type StepStatus,
  type TestOutcome,
  type Workup,
  type WorkupOptions,
  type WorkupStep,
} from "./workup";
