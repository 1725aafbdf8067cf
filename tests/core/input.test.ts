import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { toFloat64, toMatrix } from "../../src/core/input";
import { assertFinite, assertInRange, assertOpenUnit, assertPositive, finiteOrThrow } from "../../src/core/validate";

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
