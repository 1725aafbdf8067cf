/**
 * One error family for the whole toolkit (see CONTRIBUTING.md, "Errors").
 *
 * Every message names the argument or column, the row where there is one, the
 * offending value and what was expected, so that a notebook user or an analyst
 * reading a CLI message can fix the input without reading the source.
 */

/** Where in the input a problem was found. */
export interface ErrorLocation {
  /** Argument, field or column name, e.g. `"albuminGdl"` or `"ratings[3][1]"`. */
  field: string;
  /** 1-based row or line number when the input is tabular. */
  row?: number;
  /** The offending value (rendered with `JSON.stringify` in the message). */
  value?: unknown;
  /** What was expected instead, in plain words. */
  expected?: string;
}

function renderValue(value: unknown): string {
  if (typeof value === "number") {
    return Number.isNaN(value) ? "NaN" : String(value);
  }
  if (typeof value === "string") {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  }
  try {
    const s = JSON.stringify(value);
    return s === undefined ? safeString(value) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return safeString(value);
  }
}

/** String(value) that cannot throw (an object without a prototype has no toString). */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Builds the standard message: `field (row 3): got 35, expected a number in [1, 6] g/dL`. */
export function describeProblem(loc: ErrorLocation, reason?: string): string {
  if (loc === null || typeof loc !== "object") loc = { field: "(unknown field)", value: loc };
  const field = typeof loc.field === "string" ? loc.field : safeString(loc.field);
  const where = loc.row !== undefined ? `${field} (row ${safeString(loc.row)})` : field;
  const parts: string[] = [where];
  const detail: string[] = [];
  if ("value" in loc) detail.push(`got ${renderValue(loc.value)}`);
  if (loc.expected) detail.push(`expected ${safeString(loc.expected)}`);
  if (reason) detail.unshift(safeString(reason));
  return detail.length ? `${parts[0]}: ${detail.join(", ")}` : parts[0];
}

/** Base class of every error ibd-lab throws on purpose. */
export class IbdLabError extends Error {
  readonly field?: string;
  readonly row?: number;
  readonly value?: unknown;
  readonly expected?: string;
  constructor(message: string, loc?: ErrorLocation) {
    super(message);
    this.name = new.target.name;
    if (loc) {
      this.field = loc.field;
      this.row = loc.row;
      this.value = loc.value;
      this.expected = loc.expected;
    }
  }
}

/** An argument or data value is missing, malformed or out of range. */
export class InputError extends IbdLabError {
  constructor(loc: ErrorLocation, reason?: string) {
    super(describeProblem(loc, reason), loc);
  }
}

/** A unit is unknown, cannot be converted, or a value looks like the wrong unit. */
export class UnitError extends IbdLabError {
  constructor(loc: ErrorLocation, reason?: string) {
    super(describeProblem(loc, reason), loc);
  }
}

/** An iterative method (optimiser, ODE solver, root finder) did not converge. */
export class ConvergenceError extends IbdLabError {
  /** Iterations or steps taken before giving up. */
  readonly iterations?: number;
  constructor(message: string, iterations?: number) {
    super(message);
    this.iterations = iterations;
  }
}

/** The environment is missing something a function needs (e.g. the tslab kernel for `show`). */
export class EnvironmentError extends IbdLabError {}
