// Reference values from R deSolve::lsoda (rtol 1e-10, atol 1e-12), fixture script
// tests/fixtures/r/pk_desolve.R, which re-derives the parameters from the published
// covariate equations independently of the TypeScript code.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PK_MODELS, tmddVariant } from "../../src/pk/models";
import { customRegimen } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";
import type { CovariateInput } from "../../src/pk/types";

interface Case {
  name: string;
  model: string;
  covariates: CovariateInput;
  mgPerKg?: number;
  amountMg?: number;
  infusionDays?: number;
  konPerNmDay?: number;
  /** Explicit dose list (IV and SC), when the case is not one IV amount at `weeks`. */
  doses?: { timeDays: number; route: "iv" | "sc"; mgPerKg?: number; amountMg?: number }[];
  weeks: number[];
  times: number[];
  concentrationUgMl: number[];
}
const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/r/pk_desolve.json"), "utf8")) as { cases: Case[] };

describe("agreement with R deSolve (lsoda)", () => {
  it("has the expected cases", () => {
    expect(fixture.cases.map((c) => c.name)).toEqual([
      "fasanmade2009_typical",
      "fasanmade2009_time_varying",
      "vedolizumab_mm",
      "vedolizumab_mm_50kg",
      "vedolizumab_mm_110kg",
      "vedolizumab_cd_every_covariate",
      "vedolizumab_uc_every_covariate",
      "berends2019_qss_R0_5",
      "berends2019_qss_R0_20",
      "berends2019_full_kon50_R0_5",
      "song2025_iv_then_sc_crp_ada",
      "ternant2021_double_cd_male_5mgkg",
      "ternant2021_double_uc_female_10mgkg_q4w",
    ]);
  });
  for (const c of fixture.cases) {
    it(`${c.name}: closed form / RODAS4 within 1e-6 relative of deSolve`, () => {
      const model = c.konPerNmDay
        ? tmddVariant(PK_MODELS["infliximab-berends-2019-qss"], "tmdd-full", { konPerNmDay: c.konPerNmDay })
        : PK_MODELS[c.model];
      expect(model).toBeDefined();
      const reg = customRegimen(
        c.name,
        c.doses ??
          c.weeks.map((w) => ({
            timeDays: w * 7,
            route: "iv" as const,
            infusionDays: c.infusionDays,
            ...(c.mgPerKg !== undefined ? { mgPerKg: c.mgPerKg } : { amountMg: c.amountMg }),
          })),
      );
      const sim = simulate(model, reg, c.covariates, { timesDays: c.times, rtol: 1e-10, atol: 1e-12 });
      for (let i = 0; i < c.times.length; i++) {
        const ref = c.concentrationUgMl[i];
        expect(Math.abs(sim.concentrationUgMl[i] - ref)).toBeLessThanOrEqual(1e-6 * Math.abs(ref) + 1e-9);
      }
    });
  }
});
