/**
 * repeatability(): ICC(2,1) with SD, SEM and MDC95 of repeated readings. The ICC itself is checked against
 * psych::ICC in icc.test.ts; here the other numbers, against hand-worked values.
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { icc } from "../../src/measurement/icc";
import { repeatability } from "../../src/measurement/repeatability";

const long = (pairs: [number, number | null][]) =>
  pairs.flatMap(([a, b], i) => [
    { subject: `s${i}`, rater: 1, value: a },
    { subject: `s${i}`, rater: 2, value: b },
  ]);

describe("repeatability", () => {
  it("reports ICC(2,1) of the complete subjects, their SD, SEM = SD·√(1 − ICC) and MDC95 = 1.96·√2·SEM", () => {
    // readings 10/11, 20/19, 30/32; the fourth subject lacks its second reading and is left out
    const r = repeatability(
      long([
        [10, 11],
        [20, 19],
        [30, 32],
        [40, null],
      ]),
    );
    const ref = icc(
      long([
        [10, 11],
        [20, 19],
        [30, 32],
      ]),
    );
    expect(r.reliability.value).toBeCloseTo(ref.ICC2.value, 14);
    expect(r.reliability.lower).toBeCloseTo(ref.ICC2.lower, 14);
    expect(r.subjects).toBe(3);
    expect(r.dropped).toBe(1);
    // mean of 10, 11, 20, 19, 30, 32 = 122/6; sum of squared deviations = 3191.33...; SD = sqrt(SS/5)
    const xs = [10, 11, 20, 19, 30, 32];
    const m = 122 / 6;
    const sd = Math.sqrt(xs.reduce((k, x) => k + (x - m) ** 2, 0) / 5);
    expect(r.mean).toBeCloseTo(m, 12);
    expect(r.sd).toBeCloseTo(sd, 12);
    expect(r.sem).toBeCloseTo(sd * Math.sqrt(1 - ref.ICC2.value), 12);
    expect(r.mdc95).toBeCloseTo(1.959963984540054 * Math.SQRT2 * r.sem, 12);
  });

  it("takes a negative ICC as 0 for the SEM (the whole SD is error)", () => {
    // readings that disagree more than subjects differ: ICC(2,1) < 0
    const r = repeatability(
      long([
        [1, 5],
        [5, 2],
        [2, 4],
        [4, 2],
      ]),
    );
    expect(r.reliability.value).toBeLessThan(0);
    expect(r.sem).toBeCloseTo(r.sd, 12);
  });

  it("records the scale and refuses a bad one", () => {
    expect(
      repeatability(
        long([
          [1, 1.1],
          [2, 2.2],
          [3, 2.9],
        ]),
        { scale: "log" },
      ).scale,
    ).toBe("log");
    expect(() =>
      repeatability(
        long([
          [1, 1.1],
          [2, 2.2],
          [3, 2.9],
        ]),
        { scale: "ln" as never },
      ),
    ).toThrow(InputError);
  });
});
