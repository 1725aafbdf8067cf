/**
 * src/core/dates: the one date module (issue 15). Day numbers against JavaScript's own UTC calendar
 * (Date.UTC) over the whole range a cohort file can hold, and the edges of that range.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayNumber, daysFromCivil, isoDate, MAX_DAY, MIN_DAY } from "../../src/core/dates";
import { InputError } from "../../src/core/errors";

describe("core dates", () => {
  it("daysFromCivil equals Date.UTC / 86400000 for every real date from 0001 to 9999 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_DAY, max: MAX_DAY }), (day) => {
        const d = new Date(day * 86_400_000);
        expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(day);
        expect(isoDate(day)).toBe(d.toISOString().slice(0, 10));
        expect(dayNumber(isoDate(day), "date")).toBe(day);
      }),
    );
  });

  it("the range is 0001-01-01 to 9999-12-31", () => {
    expect(isoDate(MIN_DAY)).toBe("0001-01-01");
    expect(isoDate(MAX_DAY)).toBe("9999-12-31");
    expect(() => isoDate(MIN_DAY - 1)).toThrow(InputError);
    expect(() => isoDate(MAX_DAY + 1, "asOf")).toThrow(/asOf: got 2932897/);
    expect(() => isoDate(1.5)).toThrow(InputError);
  });

  it("refuses impossible and malformed dates, naming the field", () => {
    expect(daysFromCivil(2023, 2, 29)).toBeNaN();
    expect(daysFromCivil(2024, 2, 29)).toBe(19782);
    expect(() => dayNumber("2023-02-29", "visit_date")).toThrow(/visit_date: got "2023-02-29", expected a real calendar date/);
    expect(() => dayNumber("2023-2-1", "d")).toThrow(/expected a date YYYY-MM-DD/);
    expect(() => dayNumber(20230101, "d")).toThrow(/expected a date string/);
  });
});
