import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError, UnitError } from "../../src/core/errors";
import {
  CANONICAL_UNITS,
  convert,
  KG_PER_LB,
  nanomolarToUgPerMl,
  normalizeUnit,
  PA_PER_MMHG,
  toCanonical,
  ugPerMlToNanomolar,
  unitsOf,
} from "../../src/core/units";

describe("units", () => {
  it("converts the clinical pairs by their exact factors", () => {
    expect(convert(35, "albumin", "g/L", "g/dL")).toBeCloseTo(3.5, 12);
    expect(convert(1.2, "crp", "mg/dL", "mg/L")).toBeCloseTo(12, 12);
    expect(convert(7, "drugLevel", "mg/L", "ug/mL")).toBe(7);
    expect(convert(150, "weight", "lb", "kg")).toBeCloseTo(150 * 0.45359237, 12);
    expect(convert(1, "pressure", "mmHg", "Pa")).toBeCloseTo(133.322387415, 9);
    expect(convert(1, "flow", "m3/s", "mL/min")).toBeCloseTo(6e7, 3);
    expect(convert(2, "length", "cm", "mm")).toBe(20);
    expect(convert(1, "viscosity", "Pa*s", "mPa*s")).toBe(1000);
    expect(KG_PER_LB).toBe(0.45359237);
    expect(PA_PER_MMHG).toBeCloseTo(133.3224, 4);
  });

  it("accepts common spellings of a unit", () => {
    expect(normalizeUnit("G/DL")).toBe("g/dL");
    expect(normalizeUnit(" µg/ml ")).toBe("ug/mL");
    expect(normalizeUnit("mcg/mL")).toBe("ug/mL");
    expect(toCanonical(3, "time", "weeks")).toBe(21);
  });

  it("throws a UnitError naming the quantity and the accepted units", () => {
    expect(() => convert(1, "albumin", "mmol/L", "g/dL")).toThrow(UnitError);
    expect(() => convert(1, "albumin", "mmol/L", "g/dL")).toThrow(/albumin.*"mmol\/L".*g\/dL, g\/L/);
  });

  it("round-trips every unit of every quantity (property)", () => {
    const quantities = Object.keys(CANONICAL_UNITS) as (keyof typeof CANONICAL_UNITS)[];
    fc.assert(
      fc.property(fc.constantFrom(...quantities), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (q, v) => {
        for (const u of unitsOf(q)) {
          const back = convert(convert(v, q, u, CANONICAL_UNITS[q]), q, CANONICAL_UNITS[q], u);
          expect(Math.abs(back - v) / v).toBeLessThan(1e-12);
        }
      }),
    );
  });

  it("converts antibody mass to molar concentration (infliximab 149.1 kDa: 5 ug/mL ~ 33.5 nM)", () => {
    // domain-facts section 2: "Infliximab molecular weight 149.1 kDa (5 ug/mL ~ 33.5 nM)"
    expect(ugPerMlToNanomolar(5, 149.1)).toBeCloseTo(33.53, 2);
    expect(nanomolarToUgPerMl(ugPerMlToNanomolar(5, 149.1), 149.1)).toBeCloseTo(5, 12);
  });
});

describe("units: hostile input (issue 14)", () => {
  it("convert refuses a non-finite value and an overflowing result instead of returning Infinity", () => {
    expect(() => convert(Number.POSITIVE_INFINITY, "albumin", "g/L", "g/dL")).toThrow(InputError);
    expect(() => convert(Number.POSITIVE_INFINITY, "albumin", "g/L", "g/dL")).toThrow(/value: got Infinity, expected a finite number/);
    expect(() => convert(Number.NaN, "crp", "mg/dL", "mg/L")).toThrow(InputError);
    expect(() => convert(1e308, "dose", "g", "mg")).toThrow(/converted value.*result is not finite/);
  });

  it("convert names a missing or non-string unit (null 'from') with a UnitError, not a TypeError", () => {
    expect(() => convert(4, "albumin", null as unknown as string, "g/L")).toThrow(UnitError);
    expect(() => convert(4, "albumin", null as unknown as string, "g/L")).toThrow(/from: unknown unit for albumin, got null/);
    expect(() => convert(4, "albumin", "g/dL", {} as unknown as string)).toThrow(UnitError);
  });

  it("prototype keys are never units or quantities", () => {
    expect(() => convert(1, "albumin", "constructor", "g/dL")).toThrow(UnitError);
    expect(() => convert(1, "__proto__" as "albumin", "g/L", "g/dL")).toThrow(InputError);
    expect(() => toCanonical(1, "constructor" as "albumin", "g/L")).toThrow(/quantity: got "constructor"/);
    expect(() => unitsOf("constructor" as "albumin")).toThrow(InputError);
    expect(() => unitsOf(undefined as unknown as "albumin")).toThrow(InputError);
    expect(normalizeUnit("constructor")).toBeUndefined();
    expect(normalizeUnit(undefined as unknown as string)).toBeUndefined();
  });

  it("ugPerMlToNanomolar and nanomolarToUgPerMl refuse NaN, negative and zero molecular weights", () => {
    expect(() => ugPerMlToNanomolar(Number.NaN, 149)).toThrow(/concentrationUgMl: got NaN/);
    expect(() => ugPerMlToNanomolar(5, 0)).toThrow(/molecularWeightKDa: got 0, expected a number greater than 0/);
    expect(() => ugPerMlToNanomolar(-1, 149)).toThrow(InputError);
    expect(() => ugPerMlToNanomolar(1e308, 1e-10)).toThrow(/result is not finite/);
    expect(() => nanomolarToUgPerMl(Number.POSITIVE_INFINITY, 149)).toThrow(InputError);
    expect(() => nanomolarToUgPerMl(1, "149" as unknown as number)).toThrow(InputError);
  });
});
