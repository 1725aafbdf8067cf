import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { prednisoneEquivalentMgPerDay, STEROID_EQUIVALENT_DOSE_MG, steroidExposure } from "../../src/refractory/steroids";

const c = (
  drug: "prednisone" | "prednisolone" | "methylprednisolone" | "hydrocortisone" | "budesonide",
  doseMgPerDay: number,
  route: "oral" | "iv" | "rectal" = "oral",
) => ({
  drug,
  doseMgPerDay,
  route,
});

describe("steroid equivalence (Meikle & Tyler 1977; Liu 2013 Allergy Asthma Clin Immunol 9:30)", () => {
  it("uses 5 mg prednisone = 5 mg prednisolone = 4 mg methylprednisolone = 20 mg hydrocortisone", () => {
    expect(STEROID_EQUIVALENT_DOSE_MG).toEqual({ prednisone: 5, prednisolone: 5, methylprednisolone: 4, hydrocortisone: 20 });
    expect(prednisoneEquivalentMgPerDay(c("prednisolone", 40))).toBe(40);
    // ECCO IV regimens: methylprednisolone 60 mg/day, hydrocortisone 400 mg/day
    expect(prednisoneEquivalentMgPerDay(c("methylprednisolone", 60, "iv"))).toBe(75);
    expect(prednisoneEquivalentMgPerDay(c("hydrocortisone", 400, "iv"))).toBe(100);
    // Prednisolone label: 15 mg prednisolone = 12 mg methylprednisolone = 60 mg hydrocortisone
    expect(prednisoneEquivalentMgPerDay(c("methylprednisolone", 12))).toBe(15);
    expect(prednisoneEquivalentMgPerDay(c("hydrocortisone", 60))).toBe(15);
  });

  it("excludes budesonide and rectal steroids by default, and lets the caller opt in", () => {
    expect(prednisoneEquivalentMgPerDay(c("budesonide", 9))).toBe(0);
    expect(prednisoneEquivalentMgPerDay(c("budesonide", 9), { budesonideFactor: 1 })).toBe(9);
    expect(prednisoneEquivalentMgPerDay(c("prednisolone", 20, "rectal"))).toBe(0);
    expect(prednisoneEquivalentMgPerDay(c("prednisolone", 20, "rectal"), { countRectal: true })).toBe(20);
  });

  it("rejects a zero dose, an unknown drug and a negative budesonide factor", () => {
    expect(() => prednisoneEquivalentMgPerDay(c("prednisone", 0))).toThrow(InputError);
    expect(() => prednisoneEquivalentMgPerDay({ drug: "dexamethasone" as never, doseMgPerDay: 4, route: "oral" })).toThrow(/drug/);
    expect(() => prednisoneEquivalentMgPerDay(c("budesonide", 9), { budesonideFactor: -1 })).toThrow(/budesonideFactor/);
  });

  it("adds overlapping courses day by day and stops at asOf", () => {
    const e = steroidExposure(
      [
        { ...c("prednisone", 30), startDate: "2025-01-01", endDate: "2025-01-10" },
        { ...c("hydrocortisone", 100, "iv"), startDate: "2025-01-05", endDate: "2025-01-06" },
        { ...c("prednisone", 10), startDate: "2025-01-09" },
      ],
      "2025-01-12",
    );
    expect(e.prednisoneEqMgPerDay.length).toBe(12);
    expect(Array.from(e.prednisoneEqMgPerDay)).toEqual([30, 30, 30, 30, 55, 55, 30, 30, 40, 40, 10, 10]);
    // hydrocortisone 100 mg = 25 mg prednisone-eq, below the 40 mg IV minimum
    expect(Array.from(e.ivQualifying).every((x) => x === 0)).toBe(true);
  });

  // ECCO's budesonide clause (Gomollón 2017, J Crohns Colitis 11:3) is on the budesonide scale: 3 mg/day.
  it("tracks oral budesonide separately in mg/day of budesonide; it adds 0 to the prednisone-equivalent series", () => {
    const e = steroidExposure(
      [
        { ...c("budesonide", 9), startDate: "2025-01-01", endDate: "2025-01-02" },
        { ...c("budesonide", 6), startDate: "2025-01-03", endDate: "2025-01-03" },
        { ...c("budesonide", 2, "rectal"), startDate: "2025-01-01", endDate: "2025-01-04" },
        { ...c("prednisolone", 10), startDate: "2025-01-04" },
      ],
      "2025-01-04",
    );
    expect(Array.from(e.budesonideMgPerDay)).toEqual([9, 9, 6, 0]);
    expect(Array.from(e.prednisoneEqMgPerDay)).toEqual([0, 0, 0, 10]);
  });

  it("rejects a course ending before it starts or starting after asOf", () => {
    expect(() => steroidExposure([{ ...c("prednisone", 40), startDate: "2025-02-01", endDate: "2025-01-01" }], "2025-03-01")).toThrow(
      /steroids\[0\]\.endDate/,
    );
    expect(() => steroidExposure([{ ...c("prednisone", 40), startDate: "2025-04-01" }], "2025-03-01")).toThrow(/on or before asOf/);
    expect(() => steroidExposure([{ ...c("prednisone", 40), startDate: "2025-02-30" }], "2025-03-01")).toThrow(/real calendar date/);
  });
});
