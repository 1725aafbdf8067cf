import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { covariatePieces } from "../../src/pk/covariates";
import { superpositionConcentrations, terminalHalfLifeDays } from "../../src/pk/linear";
import {
  ADALIMUMAB_TERNANT_2015,
  INFLIXIMAB_BERENDS_2019_QSS,
  INFLIXIMAB_FASANMADE_2009,
  individualParameters,
  tmddVariant,
  USTEKINUMAB_XU_2022,
} from "../../src/pk/models";
import { dopri5, newOdeStats, rodas4 } from "../../src/pk/ode";
import { customRegimen, infliximabRegimen, repeatedRegimen, resolveDoses } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";

const cov = { weightKg: 70, albuminGdl: 4 };
const weekly = Array.from({ length: 60 }, (_, i) => i * 7 + 0.37);

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-6): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (Math.abs(b[i]) < floor && Math.abs(a[i]) < floor) continue;
    m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  }
  return m;
}

describe("closed form (exact state-space propagation)", () => {
  it("equals classic per-dose superposition for IV infusions into a 2-compartment model", () => {
    const sim = simulate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), cov, { timesDays: weekly });
    const ref = superpositionConcentrations(individualParameters(INFLIXIMAB_FASANMADE_2009, cov), sim.doses, weekly);
    expect(maxRelDiff(sim.concentrationUgMl, ref)).toBeLessThan(1e-11);
  });

  it("equals the Bateman superposition for SC doses into a 1-compartment model", () => {
    const reg = repeatedRegimen({
      route: "sc",
      amountMg: 40,
      intervalDays: 14,
      count: 12,
      loading: [{ timeDays: -14, amountMg: 160, route: "sc" }],
    });
    const t = Array.from({ length: 200 }, (_, i) => i - 14 + 0.25);
    const sim = simulate(ADALIMUMAB_TERNANT_2015, reg, { weightKg: 70 }, { timesDays: t });
    const ref = superpositionConcentrations(individualParameters(ADALIMUMAB_TERNANT_2015, { weightKg: 70 }), sim.doses, t);
    expect(maxRelDiff(sim.concentrationUgMl, ref)).toBeLessThan(1e-11);
  });

  it("agrees with RODAS4 and Dormand-Prince integration of the same ODEs (IV 2-cmt, SC 2-cmt)", () => {
    for (const [model, reg, c] of [
      [INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), cov],
      [USTEKINUMAB_XU_2022, repeatedRegimen({ route: "sc", amountMg: 90, intervalDays: 56, count: 7 }), { weightKg: 80 }],
    ] as const) {
      const exact = simulate(model, reg, c, { timesDays: weekly });
      const ros = simulate(model, reg, c, { timesDays: weekly, solver: "rodas4", rtol: 1e-10, atol: 1e-12 });
      const dp = simulate(model, reg, c, { timesDays: weekly, solver: "dopri5", rtol: 1e-10, atol: 1e-12 });
      expect(maxRelDiff(ros.concentrationUgMl, exact.concentrationUgMl)).toBeLessThan(1e-7);
      expect(maxRelDiff(dp.concentrationUgMl, exact.concentrationUgMl)).toBeLessThan(1e-7);
    }
  });

  it("is exact with piecewise covariates (restart at change points) against RODAS4", () => {
    const tl = {
      baseline: { weightKg: 60, albuminGdl: 2.6 },
      changes: [
        { timeDays: 30.5, albuminGdl: 3.4 },
        { timeDays: 150, ada: true },
      ],
    };
    const exact = simulate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), tl, { timesDays: weekly });
    const ros = simulate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), tl, {
      timesDays: weekly,
      solver: "rodas4",
      rtol: 1e-10,
      atol: 1e-12,
    });
    expect(maxRelDiff(ros.concentrationUgMl, exact.concentrationUgMl)).toBeLessThan(1e-7);
    // and the change matters: low albumin before day 30.5 gives a lower week-2 level than albumin 3.4 throughout
    const steady = simulate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), { weightKg: 60, albuminGdl: 3.4 }, { timesDays: [14] });
    expect(simulate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), tl, { timesDays: [14] }).concentrationUgMl[0]).toBeLessThan(
      steady.concentrationUgMl[0],
    );
  });

  it("is linear in dose (property: C(k * dose) = k * C(dose))", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 20, noNaN: true }), fc.double({ min: 0.5, max: 400, noNaN: true }), (k, t) => {
        const base = simulate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen({ mgPerKg: 5, inductionMgPerKg: 5 }), cov, { timesDays: [t] })
          .concentrationUgMl[0];
        const scaled = simulate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen({ mgPerKg: 5 * k, inductionMgPerKg: 5 * k }), cov, {
          timesDays: [t],
        }).concentrationUgMl[0];
        return Math.abs(scaled - k * base) <= 1e-9 * Math.max(1, k * base);
      }),
      { numRuns: 60 },
    );
  });

  it("superposes: the response to two regimens is the sum of the responses (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.double({ min: 10, max: 900, noNaN: true })), { minLength: 1, maxLength: 5 }),
        (doses) => {
          const a = customRegimen(
            "a",
            doses.map(([t, amt]) => ({ timeDays: t, amountMg: amt, route: "iv" as const })),
          );
          const b = customRegimen("b", [{ timeDays: 3, amountMg: 350, route: "iv" }]);
          const both = customRegimen("ab", [...a.doses, ...b.doses]);
          const t = [5, 50, 150, 260];
          const ca = simulate(INFLIXIMAB_FASANMADE_2009, a, cov, { timesDays: t }).concentrationUgMl;
          const cb = simulate(INFLIXIMAB_FASANMADE_2009, b, cov, { timesDays: t }).concentrationUgMl;
          const cab = simulate(INFLIXIMAB_FASANMADE_2009, both, cov, { timesDays: t }).concentrationUgMl;
          return t.every((_, i) => Math.abs(cab[i] - ca[i] - cb[i]) <= 1e-9 * Math.max(1, cab[i]));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("conserves mass: AUC(0-inf) = dose / CL for one infusion (Simpson's rule on a fine grid)", () => {
    const p = individualParameters(INFLIXIMAB_FASANMADE_2009, cov);
    const one = customRegimen("one", [{ timeDays: 0, amountMg: 350, route: "iv" }]);
    // Simpson on [0, 2] with h = 1/480 (the 2-h infusion end, 1/12 day, falls on an even node) and on [2, 1000] with h = 0.025
    const simpson = (a: number, b: number, m: number) => {
      const h = (b - a) / m;
      const t = Array.from({ length: m + 1 }, (_, i) => a + i * h);
      const c = simulate(INFLIXIMAB_FASANMADE_2009, one, cov, { timesDays: t }).concentrationUgMl;
      let s = c[0] + c[m];
      for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * c[i];
      return (s * h) / 3;
    };
    const auc = simpson(0, 2, 960) + simpson(2, 1000, 39920);
    expect(Math.abs(auc / (350 / p.CL) - 1)).toBeLessThan(1e-6);
  });
});

describe("published typical values", () => {
  it("Fasanmade 2009: typical clearance 0.407 L/day and a terminal half-life of about two weeks", () => {
    // Fasanmade 2009 abstract (CL 0.407 L/day, V1 3.29 L at the reference patient);
    // median infliximab half-life ~14 days (Hemperly & Vande Casteele 2018, Clin Pharmacokinet 57:929).
    const p = individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 77, albuminGdl: 4.1 });
    expect(p.CL).toBeCloseTo(0.407, 12);
    expect(p.V1).toBeCloseTo(3.29, 12);
    const t12 = terminalHalfLifeDays(p);
    expect(t12).toBeGreaterThan(14 * 0.8);
    expect(t12).toBeLessThan(14 * 1.2);
  });

  it("covariate equations move clearance in the published directions", () => {
    const base = individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 77, albuminGdl: 4.1 }).CL;
    expect(individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 77, albuminGdl: 4.1, ada: true }).CL / base).toBeCloseTo(1.471, 12);
    expect(individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 77, albuminGdl: 3.0 }).CL / base).toBeCloseTo(
      (3 / 4.1) ** -1.54,
      12,
    );
    // Berends 2019: CL x 2.15^ADA x (ALB/38 g/L)^-1.13
    const b0 = individualParameters(INFLIXIMAB_BERENDS_2019_QSS, { weightKg: 70, albuminGdl: 3.8 }).CL;
    expect(b0).toBeCloseTo(0.404, 12);
    expect(individualParameters(INFLIXIMAB_BERENDS_2019_QSS, { weightKg: 70, albuminGdl: 3.8, ada: true }).CL / b0).toBeCloseTo(2.15, 12);
  });
});

describe("RODAS4 and Dormand-Prince", () => {
  it("solve a linear test problem to the exact solution", () => {
    // y' = -y, y(0) = 1
    const f = (y: Float64Array, dy: Float64Array) => {
      dy[0] = -y[0];
    };
    for (const solver of [rodas4, dopri5]) {
      const y = Float64Array.of(1);
      solver(f, y, 0, 5, { rtol: 1e-10, atol: 1e-14 });
      expect(Math.abs(y[0] / Math.exp(-5) - 1)).toBeLessThan(1e-8);
    }
  });

  it("RODAS4 handles a stiff problem in few steps where an explicit method needs many (Robertson-like decay)", () => {
    // y1' = -1e4 y1 + y2 ; y2' = -y2 : stiffness ratio 1e4 (Hairer & Wanner 1996, IV.1 style test)
    const f = (y: Float64Array, dy: Float64Array) => {
      dy[0] = -1e4 * y[0] + y[1];
      dy[1] = -y[1];
    };
    const sr = newOdeStats();
    const sd = newOdeStats();
    const yr = Float64Array.of(1, 1);
    const yd = Float64Array.of(1, 1);
    rodas4(f, yr, 0, 10, { rtol: 1e-8, atol: 1e-12 }, sr);
    dopri5(f, yd, 0, 10, { rtol: 1e-8, atol: 1e-12 }, sd);
    const exact2 = Math.exp(-10);
    const exact1 = Math.exp(-10) / (1e4 - 1) + (1 - 1 / (1e4 - 1)) * Math.exp(-1e4 * 10);
    expect(Math.abs(yr[1] / exact2 - 1)).toBeLessThan(1e-7);
    expect(Math.abs(yr[0] / exact1 - 1)).toBeLessThan(1e-6);
    expect(sr.steps * 20).toBeLessThan(sd.steps);
  });

  it("dense output matches the integrated end state at interior points", () => {
    const f = (y: Float64Array, dy: Float64Array) => {
      dy[0] = -0.3 * y[0] + Math.sin(y[1]);
      dy[1] = 1;
    };
    const times = [0.3, 1.7, 2.2, 4.9];
    const dense: number[] = [];
    rodas4(f, Float64Array.of(1, 0), 0, 5, { rtol: 1e-10, atol: 1e-12 }, newOdeStats(), times, 0, (_, y) => dense.push(y[0]));
    times.forEach((t, i) => {
      const y = Float64Array.of(1, 0);
      rodas4(f, y, 0, t, { rtol: 1e-10, atol: 1e-12 });
      expect(Math.abs(dense[i] - y[0])).toBeLessThan(1e-7);
    });
  });
});

describe("TMDD", () => {
  it("mass balance of the linear and Michaelis-Menten ODEs: everything given is eventually eliminated", () => {
    const reg = infliximabRegimen();
    const given = resolveDoses(reg, covariatePieces(cov)).reduce((a, d) => a + d.amountMg, 0);
    // day 2000: more than 100 terminal half-lives after the last dose, nothing is left in the body
    const sim = simulate(INFLIXIMAB_FASANMADE_2009, reg, cov, { timesDays: [200, 2000], solver: "rodas4", rtol: 1e-10, atol: 1e-12 });
    expect(Math.abs(sim.eliminatedMg[1] / given - 1)).toBeLessThan(1e-7);
    expect(sim.eliminatedMg[0]).toBeLessThan(given);
    const p = individualParameters(INFLIXIMAB_FASANMADE_2009, cov);
    expect(sim.eliminatedMg[0] + sim.concentrationUgMl[0] * p.V1).toBeLessThan(given);
  });

  it("the full Mager-Jusko model tends to the QSS model as kon grows", () => {
    const c = { weightKg: 70, albuminGdl: 3.0, targetBaselineNm: 5 };
    const qss = simulate(INFLIXIMAB_BERENDS_2019_QSS, infliximabRegimen(), c, { timesDays: weekly }).concentrationUgMl;
    const errs = [5, 50, 500].map((kon) =>
      maxRelDiff(
        simulate(tmddVariant(INFLIXIMAB_BERENDS_2019_QSS, "tmdd-full", { konPerNmDay: kon }), infliximabRegimen(), c, { timesDays: weekly })
          .concentrationUgMl,
        qss,
        0.05,
      ),
    );
    expect(errs[1]).toBeLessThan(errs[0]);
    expect(errs[2]).toBeLessThan(errs[1]);
    expect(errs[2]).toBeLessThan(1e-2);
  });

  it("antigen sink: a larger target burden lowers the trough monotonically (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0.5, max: 20, noNaN: true }), (r0, extra) => {
        const trough = (r: number) =>
          simulate(
            INFLIXIMAB_BERENDS_2019_QSS,
            infliximabRegimen({ untilWeeks: 14 }),
            { weightKg: 70, albuminGdl: 3.5, targetBaselineNm: r },
            { timesDays: [98], rtol: 1e-9 },
          ).concentrationUgMl[0];
        return trough(r0 + extra) < trough(r0);
      }),
      { numRuns: 15 },
    );
  });

  it("the QE approximation (KD = KSS) coincides with QSS when KD equals KSS", () => {
    const c = { weightKg: 70, albuminGdl: 3.0, targetBaselineNm: 5 };
    const a = simulate(INFLIXIMAB_BERENDS_2019_QSS, infliximabRegimen(), c, { timesDays: weekly }).concentrationUgMl;
    const b = simulate(tmddVariant(INFLIXIMAB_BERENDS_2019_QSS, "tmdd-qe"), infliximabRegimen(), c, {
      timesDays: weekly,
    }).concentrationUgMl;
    expect(maxRelDiff(b, a)).toBeLessThan(1e-9);
  });
});

describe("analytic Jacobian of the QSS system", () => {
  it("matches central differences of the right-hand side", async () => {
    const { buildSystem } = await import("../../src/pk/systems");
    for (const depot of [true, false]) {
      const p = { ...individualParameters(INFLIXIMAB_BERENDS_2019_QSS, { weightKg: 70, albuminGdl: 3.2, targetBaselineNm: 5 }), KA: 0.3 };
      const sys = buildSystem("tmdd-qss", p, 149.1, { depot });
      const o = depot ? 1 : 0;
      for (const state of [
        [50, 300, 40, 12],
        [0, 2, 1, 5],
        [10, 0.5, 5, 30],
      ]) {
        const y = Float64Array.from(depot ? state : state.slice(1));
        const n = y.length;
        const J = new Float64Array(n * n);
        sys.jacobian?.(y, J);
        const fp = new Float64Array(n);
        const fm = new Float64Array(n);
        for (let j = 0; j < n; j++) {
          const h = 1e-6 * Math.max(1, Math.abs(y[j]));
          const yj = y[j];
          y[j] = yj + h;
          sys.rhs(y, fp);
          y[j] = yj - h;
          sys.rhs(y, fm);
          y[j] = yj;
          for (let i = 0; i < n; i++) {
            const fd = (fp[i] - fm[i]) / (2 * h);
            expect(Math.abs(J[i * n + j] - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
          }
        }
        expect(o === 1 ? J[0] : -1).toBeLessThan(0);
      }
    }
  });
});

describe("automatic solver choice (lsoda-like)", () => {
  it("stays explicit for the QSS model and switches to RODAS4 for a stiff full TMDD model, agreeing with forced RODAS4", () => {
    const c = { weightKg: 70, albuminGdl: 3.0, targetBaselineNm: 5 };
    const reg = infliximabRegimen({ untilWeeks: 30 });
    const qss = simulate(INFLIXIMAB_BERENDS_2019_QSS, reg, c, { timesDays: weekly });
    expect(qss.solver).toBe("dopri5");
    const qssStiff = simulate(INFLIXIMAB_BERENDS_2019_QSS, reg, c, { timesDays: weekly, solver: "rodas4" });
    expect(maxRelDiff(qss.concentrationUgMl, qssStiff.concentrationUgMl, 1e-3)).toBeLessThan(1e-5);
    const full = tmddVariant(INFLIXIMAB_BERENDS_2019_QSS, "tmdd-full", { konPerNmDay: 2000 });
    const auto = simulate(full, reg, c, { timesDays: weekly, rtol: 1e-9, atol: 1e-11 });
    expect(auto.solver).toBe("rodas4");
    const forced = simulate(full, reg, c, { timesDays: weekly, solver: "rodas4", rtol: 1e-9, atol: 1e-11 });
    expect(maxRelDiff(auto.concentrationUgMl, forced.concentrationUgMl, 1e-3)).toBeLessThan(1e-5);
  });
});
