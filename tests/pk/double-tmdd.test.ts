// Ternant 2021 double QSS-TMDD (src/pk/systems/tmdd-qss-double.ts). The solution itself is checked against
// R deSolve in desolve.test.ts (fixture tests/fixtures/r/pk_desolve.R, written in the authors'
// concentration form); here: published typical values and the behaviour of the two targets.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { INFLIXIMAB_BERENDS_2019_QSS, INFLIXIMAB_TERNANT_2021_DOUBLE, individualParameters } from "../../src/pk/models";
import { customRegimen, infliximabRegimen } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";

const model = INFLIXIMAB_TERNANT_2021_DOUBLE;
const man = { weightKg: 65 };

describe("Ternant 2021 double TMDD", () => {
  it("typical values match the paper's Results: CL 0.23 L/day in men, central TNF 5.8 nM in UC (3.3 nM in CD)", () => {
    const p = individualParameters(model, man);
    expect(p.CL).toBeCloseTo(0.23, 2);
    expect(p.R0).toBe(3.3);
    expect(individualParameters(model, { ...man, ulcerativeColitis: true }).R0).toBeCloseTo(5.8, 1);
    expect(individualParameters(model, { ...man, female: true }).CL).toBeCloseTo(0.16, 12);
    expect(individualParameters(model, { ...man, female: true }).V1).toBeCloseTo(2.6, 12);
  });

  it("without drug both targets sit at their baselines; the free targets never go negative or above the total", () => {
    const reg = infliximabRegimen({ untilWeeks: 30 });
    const days = Float64Array.from({ length: 40 * 7 }, (_, i) => i - 1);
    const sim = simulate(model, reg, man, { timesDays: days });
    expect(sim.freeTargetNm[0]).toBeCloseTo(3.3, 12);
    expect(sim.peripheralFreeTargetNm[0]).toBeCloseTo(0.46, 12);
    for (let i = 0; i < days.length; i++) {
      expect(sim.freeTargetNm[i]).toBeGreaterThanOrEqual(0);
      expect(sim.freeTargetNm[i]).toBeLessThanOrEqual(sim.targetNm[i] + 1e-12);
      expect(sim.peripheralFreeTargetNm[i]).toBeGreaterThanOrEqual(0);
    }
  });

  it("a larger first infusion blocks more of the peripheral (tissue) TNF the day after", () => {
    const free = (mgPerKg: number) =>
      simulate(model, customRegimen(`${mgPerKg} mg/kg`, [{ timeDays: 0, route: "iv", mgPerKg }]), man, { timesDays: [1] })
        .peripheralFreeTargetNm[0];
    expect(free(5)).toBeLessThan(0.46);
    expect(free(10)).toBeLessThan(free(5));
    expect(free(3)).toBeGreaterThan(free(5));
  });

  it("UC's larger central TNF pool (5.8 vs 3.3 nM) lowers the maintenance trough", () => {
    const reg = infliximabRegimen({ untilWeeks: 30 });
    const trough = (uc: boolean) => simulate(model, reg, { ...man, ulcerativeColitis: uc }, { timesDays: [30 * 7] }).concentrationUgMl[0];
    expect(trough(true)).toBeLessThan(trough(false));
  });

  it("single-target QSS models report the free target too (total minus bound)", () => {
    const cov = { weightKg: 70, albuminGdl: 3.2, targetBaselineNm: 5 };
    const reg = customRegimen("one dose", [{ timeDays: 0, route: "iv", mgPerKg: 5 }]);
    const sim = simulate(INFLIXIMAB_BERENDS_2019_QSS, reg, cov, { timesDays: [-1, 1, 20] });
    expect(sim.freeTargetNm[0]).toBeCloseTo(5, 12);
    expect(sim.freeTargetNm[1]).toBeLessThan(sim.targetNm[1]);
    expect(sim.peripheralFreeTargetNm[1]).toBe(0);
  });

  it("refuses the ada flag (antibody-positive cycles were excluded from the data)", () => {
    expect(() => individualParameters(model, { ...man, ada: true })).toThrow(InputError);
  });
});
