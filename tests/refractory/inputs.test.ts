// Issue 14 item 5: untyped callers get an InputError naming the field, never a TypeError or RangeError.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { historiesFromCohort } from "../../src/refractory/adapters";
import { nextStep, summarizeCohort } from "../../src/refractory/cohort";
import { addDays } from "../../src/refractory/dates";
import { pathwayScore } from "../../src/refractory/pathway";

describe("refractory entry points refuse hostile input by name", () => {
  it("addDaysIso needs a whole number of days and a real date", () => {
    expect(addDays("2023-01-30", 2)).toBe("2023-02-01");
    expect(() => addDays("2023-01-01", Number.NaN)).toThrow(InputError);
    expect(() => addDays("2023-01-01", Number.NaN)).toThrow(/days: got NaN, expected a whole number of days/);
    expect(() => addDays("2023-01-01", 1e12)).toThrow(
      /days: got \d+, expected a whole day number from -719162 \(0001-01-01\) to 2932896 \(9999-12-31\)/,
    );
  });

  it("cohort adapters name the cohort and its tables", () => {
    expect(() => historiesFromCohort(null as never)).toThrow(/cohort: got null, expected a loaded cohort/);
    expect(() => historiesFromCohort({ data: { patients: "x" } } as never)).toThrow(/cohort\.data\.patients/);
    expect(() => historiesFromCohort({ data: {} })).toThrow(/cohort\.data\.patients: got undefined, expected the patients table/);
  });

  it("nextStep and summarizeCohort name what they expected", () => {
    expect(() => nextStep({ patientId: "P", asOf: "2025-01-01" }, {} as never)).toThrow(/classification\.findings/);
    expect(() => summarizeCohort("rows" as never)).toThrow(/rows: got "rows", expected an array/);
    expect(() => summarizeCohort([null] as never)).toThrow(/rows\[0\]/);
  });

  it("pathwayScore ignores prototype keys and refuses a bad gene set", () => {
    expect(() => pathwayScore({ TNF: 1 }, { TNF: { mean: 0, sd: 1 } }, ["constructor"])).toThrow(/at least 1 genes/);
    expect(() => pathwayScore({ TNF: 1 }, { TNF: { mean: 0, sd: 1 } }, [] as string[])).toThrow(/geneSet/);
  });
});
