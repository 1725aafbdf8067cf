/**
 * Argument checks shared by every module, so that the same bad input gets the
 * same message everywhere. Each throws {@link InputError} naming the field.
 */
import { InputError } from "./errors";

/** A finite number (not NaN, not +-Infinity). */
export function assertFinite(value: unknown, field: string, row?: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InputError({ field, row, value, expected: "a finite number" });
  }
  return value;
}

/** A finite number strictly greater than zero. */
export function assertPositive(value: unknown, field: string, row?: number): number {
  const v = assertFinite(value, field, row);
  if (v <= 0) throw new InputError({ field, row, value, expected: "a number greater than 0" });
  return v;
}

/** A finite number greater than or equal to zero. */
export function assertNonNegative(value: unknown, field: string, row?: number): number {
  const v = assertFinite(value, field, row);
  if (v < 0) throw new InputError({ field, row, value, expected: "a number >= 0" });
  return v;
}

/** A finite number in the closed interval [min, max]. */
export function assertInRange(value: unknown, field: string, min: number, max: number, row?: number): number {
  const v = assertFinite(value, field, row);
  if (v < min || v > max) throw new InputError({ field, row, value, expected: `a number in [${min}, ${max}]` });
  return v;
}

/** A probability strictly between 0 and 1 (e.g. a confidence level). */
export function assertOpenUnit(value: unknown, field: string): number {
  const v = assertFinite(value, field);
  if (v <= 0 || v >= 1) throw new InputError({ field, value, expected: "a number strictly between 0 and 1" });
  return v;
}

/** An integer >= min. */
export function assertInteger(value: unknown, field: string, min = 0): number {
  const v = assertFinite(value, field);
  if (!Number.isInteger(v) || v < min) throw new InputError({ field, value, expected: `an integer >= ${min}` });
  return v;
}

/** Throws unless the result is finite; the last line of defence against NaN leaking out. */
export function finiteOrThrow(value: number, what: string): number {
  if (!Number.isFinite(value)) {
    throw new InputError({ field: what, value, expected: "inputs for which this quantity is defined" }, "result is not finite");
  }
  return value;
}
