import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sortedCopy } from "../../src/discordance/sort";

describe("sortedCopy (radix sort used by roc)", () => {
  it("equals Float64Array.prototype.sort on large arrays with negatives, ties, zeros and extremes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -5, max: 5 }), fc.constant(-0)), {
          minLength: 2048,
          maxLength: 5000,
        }),
        (xs) => {
          const a = Float64Array.from(xs);
          const ours = sortedCopy(a);
          const ref = a.slice().sort();
          expect(ours.length).toBe(ref.length);
          for (let i = 0; i < ref.length; i++) expect(ours[i] === ref[i] || (ours[i] === 0 && ref[i] === 0)).toBe(true);
          expect(a).toEqual(Float64Array.from(xs)); // input untouched
        },
      ),
      { numRuns: 30 },
    );
  });
  it("small arrays use the native sort", () => {
    expect(Array.from(sortedCopy(Float64Array.from([3, -1, 2])))).toEqual([-1, 2, 3]);
  });
});
