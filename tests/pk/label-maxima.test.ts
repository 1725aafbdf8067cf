// The labelled maxima (issue 18 item 5): one place for a number (infliximab reads
// INFLIXIMAB_LABEL_LIMITS), every row cited, and the rows against the labels' wording:
// Humira SmPC 4.2 (40 mg weekly or 80 mg every other week after a decrease in response),
// Entyvio SmPC 4.2 (300 mg every 4 weeks IV; 108 mg every 2 weeks SC), Stelara (90 mg every 8 weeks).
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { INFLIXIMAB_LABEL_LIMITS } from "../../src/pk/bayes";
import { LABEL_MAXIMA, labelMaximumFor } from "../../src/pk/label-maxima";

describe("LABEL_MAXIMA", () => {
  it("infliximab IV is INFLIXIMAB_LABEL_LIMITS, dosed by weight", () => {
    const r = labelMaximumFor("infliximab", "iv");
    expect(r.maxMgPerKg).toBe(INFLIXIMAB_LABEL_LIMITS.maxMgPerKg);
    expect(r.minIntervalDays).toBe(INFLIXIMAB_LABEL_LIMITS.minIntervalDays);
    expect(r.doseUnit).toBe("mg/kg");
    expect(r.maxAmountMg).toBeUndefined();
  });

  it("adalimumab SC: 80 mg a dose, weekly at the shortest, and 40 mg a week at most (40 mg weekly or 80 mg every other week)", () => {
    const r = labelMaximumFor("adalimumab", "sc");
    expect(r).toMatchObject({ doseUnit: "mg", maxAmountMg: 80, minIntervalDays: 7 });
    expect((r.maxMgPerDay as number) * 7).toBeCloseTo(40, 12);
    expect((r.maxMgPerDay as number) * 14).toBeCloseTo(80, 12);
  });

  it("vedolizumab IV 300 mg every 4 weeks, SC 108 mg every 2 weeks; ustekinumab SC 90 mg every 8 weeks", () => {
    expect(labelMaximumFor("vedolizumab", "iv")).toMatchObject({ doseUnit: "mg", maxAmountMg: 300, minIntervalDays: 28 });
    expect(labelMaximumFor("vedolizumab", "sc")).toMatchObject({ doseUnit: "mg", maxAmountMg: 108, minIntervalDays: 14 });
    expect(labelMaximumFor("ustekinumab", "sc")).toMatchObject({ doseUnit: "mg", maxAmountMg: 90, minIntervalDays: 56 });
  });

  it("every row has a citation naming a section, a labelled schedule, one row per drug and route, and a dose limit in its unit", () => {
    const keys = LABEL_MAXIMA.map((r) => `${r.drug}/${r.route}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of LABEL_MAXIMA) {
      expect(r.citation).toMatch(/section \d/);
      expect(r.labelled.length).toBeGreaterThan(20);
      expect(r.doseUnit === "mg/kg" ? r.maxMgPerKg : r.maxAmountMg).toBeGreaterThan(0);
      expect(r.minIntervalDays).toBeGreaterThanOrEqual(7);
    }
  });

  it("a drug or route without a row is an InputError naming it", () => {
    expect(() => labelMaximumFor("adalimumab", "iv")).toThrow(InputError);
    expect(() => labelMaximumFor("adalimumab", "iv")).toThrow(/route.*expected one of sc/);
    expect(() => labelMaximumFor("certolizumab" as never, "sc")).toThrow(/drug/);
    expect(() => labelMaximumFor(null as never, "sc")).toThrow(InputError);
  });
});
