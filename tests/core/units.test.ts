import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UnitError } from "../../src/core/errors";
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
