/**
 * Covariate validation and piecewise-constant covariate timelines.
 */
import { InputError, UnitError } from "../core/errors";
import { assertFinite, assertInRange, assertNonNegative, assertPositive } from "../core/validate";
import type { CovariateChange, CovariateInput, CovariateName, Covariates, CovariateTimeline } from "./types";

/** Albumin above this many g/dL is physiologically impossible and almost certainly g/L (35 g/L = 3.5 g/dL). */
export const ALBUMIN_MAX_GDL = 10;

/** True when the input is a {@link CovariateTimeline}. */
export function isTimeline(input: CovariateInput): input is CovariateTimeline {
  return typeof input === "object" && input !== null && "baseline" in input;
}

/**
 * Checks one covariate set (canonical units) and returns it.
 * @throws InputError for a missing or non-positive weight, negative CRP, etc.
 * @throws UnitError when albumin looks like g/L (> 10 "g/dL").
 */
export function validateCovariates(c: Partial<Covariates>, required: CovariateName[] = [], where = "covariates"): Covariates {
  if (typeof c !== "object" || c === null) throw new InputError({ field: where, value: c, expected: "an object of covariates" });
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
  for (const k of ["ada", "female", "immunomodulator", "ulcerativeColitis"] as const) {
    if (c[k] !== undefined && typeof c[k] !== "boolean") {
      throw new InputError({ field: `${where}.${k}`, value: c[k], expected: "true or false" });
    }
  }
  for (const r of required) {
    if (r === "ada" || r === "female" || r === "immunomodulator" || r === "ulcerativeColitis") continue; // booleans default to false
    if (c[r] === undefined) throw new InputError({ field: `${where}.${r}`, value: undefined, expected: "a value (this model needs it)" });
  }
  return c as Covariates;
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
  const changes: CovariateChange[] = [...(input.changes ?? [])];
  changes.forEach((ch, i) => {
    assertFinite(ch.timeDays, `covariates.changes[${i}].timeDays`);
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
