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

/** An optional non-empty string: undefined stays undefined. */
export function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : assertString(value, field);
}

/** An optional boolean: undefined stays undefined; anything else must be true or false. */
export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") throw new InputError({ field, value, expected: "true or false" });
  return value;
}

/** A key of a lookup table that the table itself defines (a prototype key such as "constructor" is never one). */
export function assertKeyOf<T extends object>(table: T, value: unknown, field: string, what = "one of"): keyof T & string {
  if (typeof value !== "string" || !Object.hasOwn(table, value)) {
    throw new InputError({ field, value, expected: `${what} ${Object.keys(table).join(", ")}` });
  }
  return value as keyof T & string;
}

/**
 * An integer count in [min, max]. `max` is a work limit that keeps a call from running for
 * minutes or exhausting memory; above it the message names the limit and, with `hint`, how to
 * raise it or reduce the work.
 */
export function assertCount(value: unknown, field: string, min: number, max: number, hint?: string): number {
  const v = assertFinite(value, field);
  if (!Number.isInteger(v) || v < min) throw new InputError({ field, value, expected: `an integer >= ${min}` });
  assertWithinLimit(v, field, max, hint);
  return v;
}

/** Throws when an amount of work (a count of values, draws, doses) exceeds its documented limit. */
export function assertWithinLimit(amount: number, field: string, limit: number, hint?: string): void {
  if (!(amount <= limit)) {
    throw new InputError(
      { field, value: amount, expected: `at most ${limit.toLocaleString("en-US")}` },
      `above the limit that keeps a call from running for minutes or exhausting memory${hint ? ` (${hint})` : ""}`,
    );
  }
}

/** An array (plain or typed) of finite numbers, optionally with a minimum length. */
export function assertFiniteArray(value: unknown, field: string, minLength = 0): ArrayLike<number> {
  const a = assertArray<unknown>(value, field);
  if (a.length < minLength) {
    throw new InputError({ field, value, expected: `an array of at least ${minLength} finite number${minLength === 1 ? "" : "s"}` });
  }
  for (let i = 0; i < a.length; i++) assertFinite(a[i], `${field}[${i}]`);
  return a as ArrayLike<number>;
}

/** Walks a JSON-like value (cycle-safe) and calls `bad` with the path of the first NaN or ±Infinity. */
function findNonFinite(value: unknown, field: string): { path: string; value: number } | undefined {
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: string): { path: string; value: number } | undefined => {
    if (typeof v === "number") return Number.isFinite(v) ? undefined : { path, value: v };
    if (v === null || typeof v !== "object" || seen.has(v)) return undefined;
    seen.add(v);
    if (ArrayBuffer.isView(v) || Array.isArray(v)) {
      const a = v as unknown as ArrayLike<unknown>;
      for (let i = 0; i < a.length; i++) {
        const r = walk(a[i], `${path}[${i}]`);
        if (r) return r;
      }
      return undefined;
    }
    for (const k of Object.keys(v)) {
      const r = walk((v as Record<string, unknown>)[k], `${path}.${k}`);
      if (r) return r;
    }
    return undefined;
  };
  return walk(value, field);
}

/**
 * Checks that a JSON-like value (an options object, a plotly layout) holds no NaN or ±Infinity
 * anywhere, however deep; cycles are followed once. Throws an {@link InputError} naming the path.
 */
export function assertNoNonFinite(value: unknown, field: string): void {
  const bad = findNonFinite(value, field);
  if (bad) throw new InputError({ field: bad.path, value: bad.value, expected: "a finite number" });
}

/**
 * The last line of defence of a function that returns a record of numbers: throws (naming the
 * first non-finite field) rather than return NaN or ±Infinity, e.g. when sums of values near
 * 1e308 overflow. Returns the result unchanged.
 */
export function finiteResult<T>(result: T, what: string): T {
  const bad = findNonFinite(result, what);
  if (bad) {
    throw new InputError(
      { field: bad.path, value: bad.value, expected: "inputs for which this quantity is defined" },
      "result is not finite (are some values too large, e.g. near 1e308?)",
    );
  }
  return result;
}
