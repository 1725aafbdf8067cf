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

/** A non-null object (an input record or an options object); arrays are refused. */
export function assertObject<T extends object = Record<string, unknown>>(value: unknown, field: string): T {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InputError({ field, value, expected: "an object" });
  }
  return value as T;
}

/** An optional options object: undefined gives `{}`; anything else must be an object. */
export function optionsObject<T extends object>(value: T | undefined, field = "options"): T {
  return value === undefined ? ({} as T) : assertObject<T>(value, field);
}

/** One of a fixed list of strings (a prototype key such as "constructor" is never accepted by accident). */
export function assertOneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    throw new InputError({ field, value, expected: `one of ${allowed.join(", ")}` });
  }
  return value as T;
}

/** An array (plain or typed), optionally non-empty. */
export function assertArray<T = unknown>(value: unknown, field: string, options: { nonEmpty?: boolean } = {}): ArrayLike<T> {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) throw new InputError({ field, value, expected: "an array" });
  const a = value as unknown as ArrayLike<T>;
  if (options.nonEmpty && a.length === 0) throw new InputError({ field, value, expected: "a non-empty array" });
  return a;
}

/** A non-empty string. */
export function assertString(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "") throw new InputError({ field, value, expected: "a non-empty string" });
  return value;
}
