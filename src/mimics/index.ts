/**
 * mimics: the stepwise workup of a suspected flare (C. difficile, other enteric
 * infections, CMV, abscess, NSAIDs, malignancy, bile acid diarrhoea, SIBO,
 * microscopic colitis, adherence and timing against the drug's induction),
 * sequential Bayes updates with cited test characteristics, and the
 * `mimicsExcluded` gate used before calling disease refractory.
 */
export { likelihoodRatio, type PostTest, postTestProbability, predictiveValues, type TestCharacteristics } from "./bayes";
export { MIMIC_SOURCES, type MimicSourceId } from "./sources";
export { MIMIC_TESTS, type MimicTest, type MimicTestId } from "./tests";
export {
  type BayesUpdate,
  type FlareContext,
  type FlareResults,
  flareWorkup,
  type MimicId,
  type MimicsExcludedResult,
  mimicsExcluded,
  type PretestMimicId,
  type StepStatus,
  type TestOutcome,
  type Workup,
  type WorkupOptions,
  type WorkupStep,
} from "./workup";
