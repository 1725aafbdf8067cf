// Assertions shared by the calculator tests.
import { expect } from "vitest";
import { InputError } from "../../../src/core/errors";

/** `actual` is within `rel` (relative) of `expected`, and not null. */
export function expectRel(actual: number | null, expected: number, rel: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

/** `f` throws an InputError naming `field` (in `field` and in its message), with each of `inMessage` in the message. */
export function expectInputError(f: () => unknown, field: string, ...inMessage: string[]): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).field).toBe(field);
    expect((e as Error).message).toContain(field);
    for (const s of inMessage) expect((e as Error).message).toContain(s);
    return e as InputError;
  }
  throw new Error(`expected an InputError naming ${field}`);
}
