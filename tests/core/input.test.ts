import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { toFloat64, toMatrix } from "../../src/core/input";
import {
  assertCount,
  assertFinite,
  assertInRange,
  assertKeyOf,
  assertNoNonFinite,
  assertOpenUnit,
  assertPositive,
  finiteOrThrow,
  finiteResult,
} from "../../src/core/validate";

describe("input conversion", () => {
  it("accepts arrays, typed arrays and Series-like objects", () => {
    expect(Array.from(toFloat64([1, 2, 3], "x"))).toEqual([1, 2, 3]);
    expect(Array.from(toFloat64(new Int32Array([4, 5]), "x"))).toEqual([4, 5]);
    expect(Array.from(toFloat64({ values: [6, 7] }, "x"))).toEqual([6, 7]);
  });

  it("names the index of a bad value", () => {
    expect(() => toFloat64([1, Number.NaN, 3], "scores")).toThrow(InputError);
    expect(() => toFloat64([1, Number.NaN, 3], "scores")).toThrow(/scores\[1\]: got NaN, expected a finite number/);
    expect(() => toFloat64([1, "a" as unknown as number], "scores")).toThrow(/scores\[1\]: got "a"/);
  });

  it("keeps missing values as NaN only when allowed", () => {
    const a = toFloat64([1, null as unknown as number, 3], "x", { allowMissing: true });
    expect(Number.isNaN(a[1])).toBe(true);
  });

  it("converts matrices and DataFrame-like objects, rejecting ragged rows", () => {
    const m = toMatrix(
      [
        [1, 2],
        [3, 4],
      ],
      "ratings",
    );
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(2);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4]);
    const df = { columns: ["a", "b"], values: [[5, 6]] };
    expect(Array.from(toMatrix(df, "ratings").data)).toEqual([5, 6]);
    expect(() => toMatrix([[1, 2], [3]], "ratings")).toThrow(/ratings\[1\]: got "1 values", expected 2 values like the first row/);
  });
});

describe("validation helpers", () => {
  it("name the field, value and expectation", () => {
    expect(() => assertPositive(0, "weightKg")).toThrow(/weightKg: got 0, expected a number greater than 0/);
    expect(() => assertFinite(Number.POSITIVE_INFINITY, "doseMg", 4)).toThrow(/doseMg \(row 4\): got Infinity/);
    expect(() => assertInRange(35, "albuminGdl", 1, 6)).toThrow(/albuminGdl: got 35, expected a number in \[1, 6\]/);
    expect(() => assertOpenUnit(1, "confidence")).toThrow(/strictly between 0 and 1/);
    expect(() => finiteOrThrow(Number.NaN, "icc")).toThrow(/result is not finite/);
    expect(assertPositive(2, "x")).toBe(2);
  });
});

describe("input conversion and shared checks: hostile input (issue 14)", () => {
  it("toFloat64 and toMatrix refuse strings, null rows and objects without a length", () => {
    expect(() => toFloat64("123" as unknown as number[], "x")).toThrow(InputError);
    expect(() => toMatrix([null, [1, 2]] as unknown as number[][], "m")).toThrow(/m\[0\]: got null, expected a row of numbers/);
    expect(() => toMatrix({} as unknown as number[][], "m")).toThrow(InputError);
  });

  it("assertCount names the work limit and how to stay within it", () => {
    expect(assertCount(3, "n", 1, 10)).toBe(3);
    expect(() => assertCount(2.5, "n", 1, 10)).toThrow(/n: got 2.5, expected an integer >= 1/);
    expect(() => assertCount(1e308, "n", 1, 10, "ask for fewer")).toThrow(
      /above the limit.*\(ask for fewer\), got 1e\+308, expected at most 10/,
    );
  });

  it("finiteResult and assertNoNonFinite name the path of a NaN or Infinity, however deep", () => {
    expect(finiteResult({ a: [1, { b: 2 }] }, "r")).toEqual({ a: [1, { b: 2 }] });
    expect(() => finiteResult({ a: [1, { b: Number.POSITIVE_INFINITY }] }, "r")).toThrow(/r\.a\[1\]\.b: result is not finite/);
    const cyclic: Record<string, unknown> = { x: 1 };
    cyclic.self = cyclic;
    expect(() => assertNoNonFinite(cyclic, "layout")).not.toThrow();
    expect(() => assertNoNonFinite({ range: [0, Number.NaN] }, "layout")).toThrow(/layout\.range\[1\]: got NaN/);
  });

  it("assertKeyOf accepts only the table's own keys", () => {
    const table = { a: 1 };
    expect(assertKeyOf(table, "a", "k")).toBe("a");
    expect(() => assertKeyOf(table, "constructor", "k")).toThrow(InputError);
    expect(() => assertKeyOf(table, "__proto__", "k")).toThrow(InputError);
  });
});
