/**
 * Exercises for teaching stricture physics, and a checker that recognises the
 * usual mistakes: using the area (r²) or the radius (r) instead of r⁴, forgetting
 * the power-law exponent 3 + 1/n, or inverting the ratio.
 *
 * The answer key is computed by the same functions the notebook uses, so an
 * exercise can never disagree with the toolkit.
 */

import { InputError } from "../core/errors";
import { type Rng, resolveRng } from "../core/random";
import {
  assertCount,
  assertFinite,
  assertObject,
  assertOneOf,
  assertOpenUnit,
  assertPositive,
  finiteOrThrow,
  optionalBoolean,
  optionsObject,
} from "../core/validate";
import { balloonDilation } from "./dilation";
import { type BowelSegment, segmentFlowMlMin, segmentPressureDrop } from "./segment";
import { type Fluid, relativeFlow } from "./tube";

/** A question with a single numeric answer. */
export type StrictureExercise =
  | {
      kind: "relativeFlow";
      /** Narrowed lumen radius, mm. */
      radiusMm: number;
      /** Healthy lumen radius, mm. */
      referenceRadiusMm: number;
      /** Flow behaviour index; 1 (Newtonian) when absent. */
      flowBehaviourIndex?: number;
    }
  | {
      kind: "pressureRatio";
      segment: BowelSegment;
      fluid: Fluid;
    }
  | {
      kind: "dilationGain";
      segment: BowelSegment;
      targetDiameterMm: number;
      fluid: Fluid;
    };

const KINDS = ["relativeFlow", "pressureRatio", "dilationGain"] as const;

/**
 * The question in words, for a notebook or a handout.
 * @throws InputError for a value that is not a valid exercise (the exercise must have an answer:
 * see {@link strictureExerciseAnswer}).
 * @example
 * describeStrictureExercise({ kind: "relativeFlow", radiusMm: 2.5, referenceRadiusMm: 5 }) // "A lumen narrows from a radius of 5 mm to 2.5 mm. At the same driving pressure and length, what fraction of the original flow of a Newtonian fluid still gets through? (answer as a fraction, e.g. 0.25)"
 */
export function describeStrictureExercise(exercise: StrictureExercise): string {
  // an exercise is describable only if it has an answer: this checks every field once
  strictureExerciseAnswer(exercise);
  switch (exercise.kind) {
    case "relativeFlow": {
      const n = exercise.flowBehaviourIndex ?? 1;
      const fluid = n === 1 ? "a Newtonian fluid" : `a power-law fluid with n = ${n}`;
      return (
        `A lumen narrows from a radius of ${exercise.referenceRadiusMm} mm to ${exercise.radiusMm} mm. At the same driving ` +
        `pressure and length, what fraction of the original flow of ${fluid} still gets through? (answer as a fraction, e.g. 0.25)`
      );
    }
    case "pressureRatio": {
      const s = exercise.segment;
      const list = (s.strictures ?? []).map((x) => `${x.lengthCm} cm at ${x.diameterMm} mm`).join(" and ");
      return (
        `A ${s.lengthCm} cm segment of bowel (healthy diameter ${s.normalDiameterMm} mm) has strictures of ${list || "none"}. ` +
        `How many times the healthy pressure does it need to keep the same flow? (answer as a ratio, e.g. 3.5)`
      );
    }
    case "dilationGain": {
      const s = exercise.segment;
      const list = (s.strictures ?? []).map((x) => `${x.lengthCm} cm at ${x.diameterMm} mm`).join(" and ");
      return (
        `A ${s.lengthCm} cm segment (healthy diameter ${s.normalDiameterMm} mm) with strictures of ${list} is dilated with a ` +
        `${exercise.targetDiameterMm} mm balloon. By what factor does the flow rise at the same driving pressure? (e.g. 4.2)`
      );
    }
    default:
      throw new InputError({
        field: "exercise.kind",
        value: (exercise as { kind?: unknown }).kind,
        expected: "relativeFlow, pressureRatio or dilationGain",
      });
  }
}

/**
 * The correct answer of an exercise.
 * @throws InputError for a value that is not an exercise object, an unknown `kind`, or invalid
 * radii, segment, fluid or balloon diameter (named by field).
 * @example strictureExerciseAnswer({ kind: "relativeFlow", radiusMm: 2.5, referenceRadiusMm: 5 }) // 0.0625
 */
export function strictureExerciseAnswer(exercise: StrictureExercise): number {
  const ex = assertObject<StrictureExercise>(exercise, "exercise");
  assertOneOf(ex.kind, "exercise.kind", KINDS);
  switch (exercise.kind) {
    case "relativeFlow":
      return relativeFlow(exercise.radiusMm, exercise.referenceRadiusMm, { flowBehaviourIndex: exercise.flowBehaviourIndex ?? 1 });
    case "pressureRatio":
      // independent of the flow chosen (ΔP ∝ Qⁿ in every part)
      return segmentPressureDrop(exercise.segment, { flowMlMin: 1, fluid: exercise.fluid }).pressureRatioVsHealthy;
    case "dilationGain": {
      const before = segmentFlowMlMin(exercise.segment, { pressureDropPa: 1, fluid: exercise.fluid });
      const after = segmentFlowMlMin(balloonDilation(exercise.segment, { targetDiameterMm: exercise.targetDiameterMm }), {
        pressureDropPa: 1,
        fluid: exercise.fluid,
      });
      return finiteOrThrow(after / before, "dilation gain");
    }
    default:
      throw new InputError({
        field: "exercise.kind",
        value: (exercise as { kind?: unknown }).kind,
        expected: "relativeFlow, pressureRatio or dilationGain",
      });
  }
}

/** Result of {@link checkStrictureAnswer}. */
export interface StrictureAnswerCheck {
  correct: boolean;
  expected: number;
  answer: number;
  /** |answer − expected| / expected. */
  relativeError: number;
  /** One or two plain sentences for the learner. */
  feedback: string;
}

/** Options for {@link checkStrictureAnswer}. */
export interface CheckAnswerOptions {
  /** Accepted relative error. Default: 0.05 (5 %, room for rounding). */
  relativeTolerance?: number;
}

/**
 * Checks a learner's numeric answer and explains the likely mistake when it is wrong.
 * @example
 * checkStrictureAnswer({ kind: "relativeFlow", radiusMm: 2.5, referenceRadiusMm: 5 }, 0.25).feedback // "Not quite: 0.25 is (r/r₀)², the change in cross-sectional area; flow falls with r⁴, so the answer is 0.0625."
 */
export function checkStrictureAnswer(exercise: StrictureExercise, answer: number, options?: CheckAnswerOptions): StrictureAnswerCheck {
  const expected = strictureExerciseAnswer(exercise);
  const given = assertFinite(answer, "answer");
  const tol = assertOpenUnit(optionsObject(options).relativeTolerance ?? 0.05, "relativeTolerance");
  if (!(expected > 0)) {
    throw new InputError(
      { field: "exercise", value: expected, expected: "an exercise whose answer is a positive number" },
      "the answer underflows to 0",
    );
  }
  const relErr = finiteOrThrow(Math.abs(given - expected) / Math.abs(expected), "relativeError");
  const near = (x: number) => Math.abs(given - x) <= tol * Math.abs(x);
  const show = (x: number) => Number(x.toPrecision(3)).toString();
  if (relErr <= tol) {
    return { correct: true, expected, answer: given, relativeError: relErr, feedback: `Correct: ${show(expected)}.` };
  }
  let hint = `the answer is ${show(expected)}.`;
  if (exercise.kind === "relativeFlow") {
    const ratio = exercise.radiusMm / exercise.referenceRadiusMm;
    const n = exercise.flowBehaviourIndex ?? 1;
    const law = n === 1 ? "r⁴" : `r^${show(3 + 1 / n)}`;
    if (near(ratio ** 2)) hint = `${show(given)} is (r/r₀)², the change in cross-sectional area; flow falls with ${law}, so ${hint}`;
    else if (near(ratio)) hint = `${show(given)} is r/r₀ itself; flow is far more sensitive than that, with ${law}, so ${hint}`;
    else if (n !== 1 && near(ratio ** 4))
      hint = `${show(given)} is the Newtonian r⁴ answer; for a power-law fluid the exponent is 3 + 1/n = ${show(3 + 1 / n)}, so ${hint}`;
    else if (near(1 / expected)) hint = `${show(given)} is the inverse: the narrower tube passes less flow, not more, so ${hint}`;
    else if (near(ratio ** 3)) hint = `${show(given)} is (r/r₀)³; the Poiseuille exponent is 4 (3 + 1/n), so ${hint}`;
  } else if (near(1 / expected)) {
    hint = `${show(given)} is the inverse ratio; ${hint}`;
  }
  return { correct: false, expected, answer: given, relativeError: relErr, feedback: `Not quite: ${hint}` };
}

/** Options for {@link strictureExercises}. */
export interface StrictureExercisesOptions {
  /** Number of exercises. Default: 5. */
  count?: number;
  /** Seed for the random radii. Default: 7. */
  seed?: number;
  /** Or an explicit generator (wins over `seed`). */
  rng?: Rng;
  /** Include power-law exercises (n in 0.3-0.8). Default: false. */
  powerLaw?: boolean;
}

/**
 * A reproducible set of "what fraction of the flow is left" exercises with healthy radii of
 * 10-15 mm and strictures of 15-75 % of that radius.
 * @example
 * const set = strictureExercises({ count: 3, seed: 1 });
 * set.length // 3
 * set.map(describeStrictureExercise)[0] // "A lumen narrows from a radius of 13 mm to 8.9 mm. At the same driving pressure and length, what fraction of the original flow of a Newtonian fluid still gets through? (answer as a fraction, e.g. 0.25)"
 */
export function strictureExercises(opts?: StrictureExercisesOptions): StrictureExercise[] {
  const options = optionsObject(opts);
  const count = assertCount(options.count ?? 5, "count", 1, 1000);
  const powerLaw = optionalBoolean(options.powerLaw, "powerLaw") ?? false;
  const rng = resolveRng(options, 7);
  return Array.from({ length: count }, () => {
    const ref = assertPositive(10 + Math.round(rng.uniform() * 10) / 2, "referenceRadiusMm");
    const r = Number((ref * (0.15 + 0.6 * rng.uniform())).toFixed(1));
    const ex: StrictureExercise = { kind: "relativeFlow", radiusMm: r, referenceRadiusMm: ref };
    if (powerLaw) ex.flowBehaviourIndex = Number((0.3 + 0.5 * rng.uniform()).toFixed(1));
    return ex;
  });
}
