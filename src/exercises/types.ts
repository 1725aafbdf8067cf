/**
 * Types of the hands-on problem bank (issue 9): a problem is a vignette, its
 * given data, a task and a tolerance, plus a reference answer that is always
 * computed from the given data by the toolkit's own functions, never typed in.
 */

/** The chapter module a problem exercises. */
export type ExerciseChapter = "refractory" | "measurement" | "discordance" | "mimics" | "pk" | "stricture";

/** Accepted distance from the reference answer: |answer − expected| <= max(absolute, relative·|expected|). */
export interface ExerciseTolerance {
  /** Absolute tolerance in the answer's unit. Default: 0. */
  absolute?: number;
  /** Relative tolerance (0.02 = 2 %). Default: 0. */
  relative?: number;
}

/** A wrong answer learners often give, with the hint that explains it. */
export interface ExerciseMistake {
  /** The wrong answer (a number, or a label for categorical problems). */
  value: number | string;
  /** One or two plain sentences naming the mistake (without giving the answer away). */
  hint: string;
}

/** One problem of the bank, as shown to the learner. */
export interface ExerciseProblem {
  /** Stable identifier, e.g. "occupancy-1". */
  id: string;
  /** 1-based position in the bank (the notebooks number answers by it). */
  number: number;
  chapter: ExerciseChapter;
  title: string;
  /** A short clinical vignette. */
  vignette: string;
  /** What to compute, and in which form (unit, fraction or percent, label). */
  task: string;
  /** "number" for numeric answers, "label" for one of `choices`. */
  answerKind: "number" | "label";
  /** Unit of a numeric answer ("fraction", "points", "days", ...). */
  unit?: string;
  /** Allowed labels for categorical problems. */
  choices?: readonly string[];
  /** Tolerance of numeric problems (labels must match exactly, ignoring case, spaces and underscores). */
  tolerance?: ExerciseTolerance;
  /** Toolkit functions that solve it, e.g. ["postTestProbability", "MIMIC_TESTS"]. */
  toolkit: readonly string[];
  /** The sentence shown once the answer is right: what the number means for the patient. */
  takeaway: string;
  /** Sources of the published figures used in the vignette. */
  sources: readonly string[];
}

/** Result of {@link check}. */
export interface CheckResult {
  problemId: string;
  status: "correct" | "incorrect" | "unanswered";
  /** One plain sentence for the learner. */
  message: string;
  /** The reference answer (absent while unanswered). */
  expected?: number | string;
  /** The answer as read (numbers parsed, labels normalised). */
  answer?: number | string;
  /** Targeted hints: the recognised mistake first, then how far off, then the approach. */
  hints: string[];
}
