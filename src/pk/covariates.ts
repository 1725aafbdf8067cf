/**
 * Covariate validation and piecewise-constant covariate timelines.
 */
import { InputError, UnitError } from "../core/errors";
import {
  assertArray,
  assertInRange,
  assertNonNegative,
  assertObject,
  assertOneOf,
  assertPositive,
  assertWithinLimit,
} from "../core/validate";
import { BOOLEAN_COVARIATE_NAMES, COVARIATE_NAMES, checkTimeDays, MAX_DOSES } from "./check";
import type { CovariateChange, CovariateInput, CovariateName, Covariates, CovariateTimeline } from "./types";

/** Albumin above this many g/dL is physiologically impossible and almost certainly g/L (35 g/L = 3.5 g/dL). */
export const ALBUMIN_MAX_GDL = 10;

/**
 * Largest Crohn's Disease Activity Index accepted, 700 points: the index sums eight weighted items and
 * scores above 600 are rarely seen (Best WR et al. Gastroenterology 1976;70:439; > 450 is "very severe").
 */
export const CDAI_MAX_POINTS = 700;

/** True when the input is a {@link CovariateTimeline}. */
export function isTimeline(input: CovariateInput): input is CovariateTimeline {
  return typeof input === "object" && input !== null && Object.hasOwn(input, "baseline");
}

/**
 * Checks one covariate set (canonical units) and returns a copy holding the covariates only
 * (fields other than the {@link Covariates} are ignored and not copied).
 * @throws InputError for a missing or non-positive weight, negative CRP, etc.
 * @throws UnitError when albumin looks like g/L (> 10 "g/dL").
 * @example
 * validateCovariates({ weightKg: 70, albuminGdl: 3.5 }, ["albuminGdl"]) // { weightKg: 70, albuminGdl: 3.5 }
 * // albumin typed in g/L throws a UnitError: validateCovariates({ weightKg: 70, albuminGdl: 35 })
 */
export function validateCovariates(c: Partial<Covariates>, required: CovariateName[] = [], where = "covariates"): Covariates {
  if (typeof where !== "string" || where === "")
    throw new InputError({ field: "where", value: where, expected: "a field name for messages" });
  if (typeof c !== "object" || c === null || Array.isArray(c)) {
    throw new InputError({ field: where, value: c, expected: "an object of covariates" });
  }
  const req = assertArray<unknown>(required, "required");
  for (let i = 0; i < req.length; i++) assertOneOf(req[i], `required[${i}]`, COVARIATE_NAMES);
  assertPositive(c.weightKg, `${where}.weightKg`);
  assertInRange(c.weightKg, `${where}.weightKg`, 1, 400);
  if (c.albuminGdl !== undefined) {
    assertPositive(c.albuminGdl, `${where}.albuminGdl`);
    if (c.albuminGdl > ALBUMIN_MAX_GDL) {
      throw new UnitError(
        { field: `${where}.albuminGdl`, value: c.albuminGdl, expected: "albumin in g/dL (typically 2-5.5)" },
        "looks like g/L; convert with convert(value, 'albumin', 'g/L', 'g/dL')",
      );
    }
  }
  if (c.crpMgL !== undefined) assertNonNegative(c.crpMgL, `${where}.crpMgL`);
  if (c.adaNgMl !== undefined) assertNonNegative(c.adaNgMl, `${where}.adaNgMl`);
  if (c.bmiKgM2 !== undefined) assertInRange(c.bmiKgM2, `${where}.bmiKgM2`, 8, 90);
  if (c.ageYears !== undefined) assertInRange(c.ageYears, `${where}.ageYears`, 0, 120);
  if (c.calprotectinUgG !== undefined) assertNonNegative(c.calprotectinUgG, `${where}.calprotectinUgG`);
  if (c.targetBaselineNm !== undefined) assertNonNegative(c.targetBaselineNm, `${where}.targetBaselineNm`);
  if (c.cdaiScore !== undefined) assertInRange(c.cdaiScore, `${where}.cdaiScore`, 0, CDAI_MAX_POINTS);
  if (c.partialMayoScore !== undefined) assertInRange(c.partialMayoScore, `${where}.partialMayoScore`, 0, 9);
  for (const k of BOOLEAN_COVARIATE_NAMES) {
    if (c[k] !== undefined && typeof c[k] !== "boolean") {
      throw new InputError({ field: `${where}.${k}`, value: c[k], expected: "true or false" });
    }
  }
  for (const r of Array.from(req) as CovariateName[]) {
    if ((BOOLEAN_COVARIATE_NAMES as readonly string[]).includes(r)) continue; // flags default to false
    if (c[r] === undefined) throw new InputError({ field: `${where}.${r}`, value: undefined, expected: "a value (this model needs it)" });
  }
  // a clean copy of the covariates only: other fields of the record (ids, dates) are not echoed back
  const out: Partial<Record<CovariateName, unknown>> = {};
  for (const k of COVARIATE_NAMES) if (c[k] !== undefined) out[k] = c[k];
  return out as Covariates;
}

/** One piece of a covariate timeline: covariates constant on [startDays, endDays). */
export interface CovariatePiece {
  startDays: number;
  endDays: number;
  covariates: Covariates;
}

/**
 * Resolves constant covariates or a timeline into pieces, constant between
 * change points, covering (-Infinity, Infinity). Changes are sorted by time;
 * each is validated after merging with the previous values.
 * @example covariatePieces({ baseline: { weightKg: 70, albuminGdl: 2.8 }, changes: [{ timeDays: 42, albuminGdl: 3.8 }] })
 */
export function covariatePieces(input: CovariateInput, required: CovariateName[] = []): CovariatePiece[] {
  if (!isTimeline(input)) {
    return [{ startDays: -Infinity, endDays: Infinity, covariates: validateCovariates(input, required) }];
  }
  let current = validateCovariates(input.baseline, required, "covariates.baseline");
  const list = input.changes === undefined ? [] : assertArray<unknown>(input.changes, "covariates.changes");
  assertWithinLimit(list.length, "covariates.changes.length", MAX_DOSES, "one change per visit is plenty");
  const changes: CovariateChange[] = Array.from(list, (ch, i) => {
    const c = assertObject<CovariateChange>(ch, `covariates.changes[${i}]`);
    checkTimeDays(c.timeDays, `covariates.changes[${i}].timeDays`);
    return c;
  });
  changes.sort((a, b) => a.timeDays - b.timeDays);
  const pieces: CovariatePiece[] = [];
  let start = -Infinity;
  changes.forEach((ch, i) => {
    const { timeDays, ...rest } = ch;
    pieces.push({ startDays: start, endDays: timeDays, covariates: current });
    current = validateCovariates({ ...current, ...rest }, required, `covariates.changes[${i}]`);
    start = timeDays;
  });
  pieces.push({ startDays: start, endDays: Infinity, covariates: current });
  return pieces.filter((p) => p.endDays > p.startDays);
}

/** Covariates in force at time t (days). */
export function covariatesAt(pieces: CovariatePiece[], tDays: number): Covariates {
  for (const p of pieces) if (tDays >= p.startDays && tDays < p.endDays) return p.covariates;
  return pieces[pieces.length - 1].covariates;
}
