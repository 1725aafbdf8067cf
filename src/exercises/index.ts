/**
 * exercises: the hands-on problem bank (issue 9) and `check(problemId, answer)`,
 * which marks an answer against the toolkit-computed reference and names the
 * usual mistakes. Used by notebooks/08-hands-on.ipynb and its solutions.
 */
export {
  dilationExercise,
  EXERCISE_BANK,
  EXERCISE_IDS,
  type ExerciseGivens,
  type ExerciseId,
  type ProblemDefinition,
  radiusExercise,
} from "./bank";
export {
  type CheckOptions,
  type CheckSummary,
  check,
  checkAll,
  checkResultHtml,
  checkSummaryFigure,
  exerciseAnswer,
  exerciseGiven,
  exerciseMistakes,
  exerciseProblem,
  exerciseProblems,
  problemHtml,
  showProblem,
  toleranceWidth,
} from "./check";
export type { CheckResult, ExerciseChapter, ExerciseMistake, ExerciseProblem, ExerciseTolerance } from "./types";
