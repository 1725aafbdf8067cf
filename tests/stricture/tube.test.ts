// Hagen-Poiseuille and power-law tube flow (src/stricture/tube.ts, poiseuille.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import {
  entranceLengthMm,
  flowRegime,
  lumenRadiusMm,
  poiseuilleFlowMlMin,
  poiseuillePressureDropMmHg,
  poiseuillePressureDropPa,
  poiseuilleResistancePaMinPerMl,
  poiseuilleResistancePaSPerM3,
  relativeFlow,
  resolveFluid,
  tubeFlowMlMin,
  tubePressureDropPa,
  WATER_VISCOSITY_20C_MPAS,
} from "../../src/stricture/index";
import fixture from "../fixtures/py/stricture.json";

/** Relative closeness: |a - b| <= tol * |b|. */
function close(a: number, b: number, tol = 1e-12): boolean {
  return Math.abs(a - b) <= tol * Math.abs(b);
}

describe("Hagen-Poiseuille: worked textbook example", () => {
  // Water-like fluid (μ = 1 mPa·s = 1e-3 Pa·s) in a tube of radius 1 mm (1e-3 m), length 10 cm (0.1 m), ΔP = 100 Pa:
  //   Q = π r⁴ ΔP / (8 μ L) = π · 1e-12 · 100 / (8 · 1e-3 · 0.1) = π · 1.25e-7 m³/s = 3.92699e-7 m³/s
  //     = 3.92699e-7 · 6e7 mL/min = 7.5π mL/min = 23.5619 mL/min
  //   R = 8 μ L / (π r⁴) = 8e-4 / (π · 1e-12) = 2.54648e8 Pa·s/m³ = 2.54648e8 / 6e7 Pa·min/mL = 4.24413 Pa·min/mL
  //   V = Q / (π r²) = 0.125 m/s, Re = ρ V D / μ = 1000 · 0.125 · 0.002 / 1e-3 = 250
  const tube = { radiusMm: 1, lengthCm: 10, viscosityMPaS: 1 };
  it("flow, resistance and pressure drop", () => {
    expect(poiseuilleFlowMlMin({ ...tube, pressureDropPa: 100 })).toBeCloseTo(7.5 * Math.PI, 12);
    expect(poiseuilleFlowMlMin({ ...tube, pressureDropPa: 100 })).toBeCloseTo(23.5619449, 6);
    expect(poiseuilleResistancePaSPerM3(tube)).toBeCloseTo(8e-4 / (Math.PI * 1e-12), 0);
    expect(poiseuilleResistancePaMinPerMl(tube)).toBeCloseTo(4.244131816, 8);
    expect(poiseuillePressureDropPa({ ...tube, flowMlMin: 7.5 * Math.PI })).toBeCloseTo(100, 10);
  });
  it("Reynolds number 250, laminar", () => {
    const r = flowRegime({ radiusMm: 1, lengthCm: 10, flowMlMin: 7.5 * Math.PI }, { viscosityMPaS: 1 });
    expect(r.reynolds).toBeCloseTo(250, 9);
    expect(r.meanVelocityMmS).toBeCloseTo(125, 9);
    expect(r.laminar).toBe(true);
    expect(r.method).toBe("Newtonian");
    // Durst 2005: L_e = [0.619^1.6 + (0.0567·250)^1.6]^(1/1.6) · 2 mm = 28.5 mm, 28.5 % of the 10 cm tube:
    // the only warning is about the entrance region, not about turbulence
    expect(r.entranceLengthMm).toBeCloseTo((0.619 ** 1.6 + (0.0567 * 250) ** 1.6) ** (1 / 1.6) * 2, 10);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^entrance length 28.5 mm is 28.5 %/);
  });
  it("same tube given by diameter, pressure in mmHg", () => {
    // 1 mmHg = 133.322387415 Pa, so Q = 7.5π · 1.33322387415 = 31.4131 mL/min
    const q = poiseuilleFlowMlMin({ diameterMm: 2, lengthCm: 10, viscosityMPaS: 1, pressureDropMmHg: 1 });
    expect(q).toBeCloseTo(7.5 * Math.PI * 1.33322387415, 10);
    expect(poiseuillePressureDropMmHg({ ...tube, flowMlMin: q })).toBeCloseTo(1, 12);
  });
  it("halving the radius gives 1/16 of the flow", () => {
    const full = poiseuilleFlowMlMin({ ...tube, pressureDropPa: 100 });
    const half = poiseuilleFlowMlMin({ ...tube, radiusMm: 0.5, pressureDropPa: 100 });
    expect(half / full).toBeCloseTo(1 / 16, 14);
    expect(relativeFlow(0.5, 1)).toBe(1 / 16);
  });
  it("water at 20 °C (IAPWS 1.0016 mPa·s) flows 1/1.0016 as fast as μ = 1", () => {
    const q = poiseuilleFlowMlMin({ ...tube, viscosityMPaS: WATER_VISCOSITY_20C_MPAS, pressureDropPa: 100 });
    expect(q).toBeCloseTo((7.5 * Math.PI) / 1.0016, 10);
  });
});

describe("power-law fluid: worked example (Bird, Stewart & Lightfoot 2002, eq. 8.3-9)", () => {
  // n = 0.5, K = 1 Pa·s^0.5, R = 1 cm, L = 10 cm, ΔP = 200 Pa:
  //   ΔP R / (2 K L) = 200 · 0.01 / 0.2 = 10;  10^(1/n) = 100;  π R³ / (3 + 1/n) = π · 1e-6 / 5
  //   Q = π · 1e-6 / 5 · 100 = 2e-5 π m³/s = 1200π mL/min = 3769.91 mL/min
  //   V = Q / (π R²) = 0.2 m/s; τ_w = ΔP R / (2L) = 10 Pa; Re_MR = 8 ρ V² / τ_w = 8 · 1000 · 0.04 / 10 = 32
  const fluid = { consistencyPaSn: 1, flowBehaviourIndex: 0.5 };
  it("flow and pressure drop", () => {
    expect(tubeFlowMlMin({ radiusMm: 10, lengthCm: 10, pressureDropPa: 200 }, fluid)).toBeCloseTo(1200 * Math.PI, 9);
    expect(tubePressureDropPa({ radiusMm: 10, lengthCm: 10, flowMlMin: 1200 * Math.PI }, fluid)).toBeCloseTo(200, 10);
  });
  it("Metzner-Reed Reynolds number 32", () => {
    const r = flowRegime({ radiusMm: 10, flowMlMin: 1200 * Math.PI }, fluid);
    expect(r.method).toBe("Metzner-Reed");
    expect(r.reynolds).toBeCloseTo(32, 10);
    // wall shear rate (3n+1)/(4n) · 8V/D = 1.25 · 80 = 100 1/s; apparent viscosity K γ̇^(n-1) = 0.1 Pa·s = 100 mPa·s
    expect(r.wallShearRatePerS).toBeCloseTo(100, 10);
    expect(r.apparentViscosityMPaS).toBeCloseTo(100, 10);
  });
  it("relativeFlow uses the exponent 3 + 1/n", () => {
    expect(relativeFlow(1, 2, { flowBehaviourIndex: 0.5 })).toBe(1 / 32);
  });
});

describe("against the scipy fixture (numerically integrated velocity profile)", () => {
  // tests/fixtures/py/stricture.py: quad of 2πr u(r), brentq for the pressure, Re_MR = 8ρV²/τ_w
  for (const c of fixture.cases) {
    const fluid = { consistencyPaSn: c.consistencyPaSn, flowBehaviourIndex: c.flowBehaviourIndex, densityKgM3: c.densityKgM3 };
    it(`r ${c.radiusMm} mm, L ${c.lengthCm} cm, K ${c.consistencyPaSn}, n ${c.flowBehaviourIndex}`, () => {
      const q = tubeFlowMlMin({ radiusMm: c.radiusMm, lengthCm: c.lengthCm, pressureDropPa: c.pressureDropPa }, fluid);
      expect(close(q, c.flowMlMin, 1e-10)).toBe(true);
      const re = flowRegime({ radiusMm: c.radiusMm, flowMlMin: q }, fluid).reynolds;
      expect(close(re, c.reynoldsMetznerReed, 1e-10)).toBe(true);
      const dpHalf = tubePressureDropPa({ radiusMm: c.radiusMm, lengthCm: c.lengthCm, flowMlMin: q / 2 }, fluid);
      expect(close(dpHalf, c.pressureDropForHalfFlowPa, 1e-9)).toBe(true);
    });
  }
});

const radius = fc.double({ min: 0.05, max: 50, noNaN: true });
const length = fc.double({ min: 0.1, max: 500, noNaN: true });
const pressure = fc.double({ min: 1e-3, max: 1e5, noNaN: true });
const viscosity = fc.double({ min: 0.1, max: 1e5, noNaN: true });
const factor = fc.double({ min: 0.05, max: 20, noNaN: true });
const nIndex = fc.double({ min: 0.15, max: 2, noNaN: true });

describe("scaling laws (fast-check)", () => {
  it("Newtonian: Q ∝ r⁴", () => {
    fc.assert(
      fc.property(radius, length, pressure, viscosity, factor, (r, l, p, mu, k) => {
        const q1 = poiseuilleFlowMlMin({ radiusMm: r, lengthCm: l, pressureDropPa: p, viscosityMPaS: mu });
        const q2 = poiseuilleFlowMlMin({ radiusMm: r * k, lengthCm: l, pressureDropPa: p, viscosityMPaS: mu });
        return close(q2 / q1, k ** 4, 1e-9);
      }),
    );
  });
  it("Newtonian: Q ∝ 1/L and Q ∝ 1/μ", () => {
    fc.assert(
      fc.property(radius, length, pressure, viscosity, factor, (r, l, p, mu, k) => {
        const q1 = poiseuilleFlowMlMin({ radiusMm: r, lengthCm: l, pressureDropPa: p, viscosityMPaS: mu });
        const qL = poiseuilleFlowMlMin({ radiusMm: r, lengthCm: l * k, pressureDropPa: p, viscosityMPaS: mu });
        const qMu = poiseuilleFlowMlMin({ radiusMm: r, lengthCm: l, pressureDropPa: p, viscosityMPaS: mu * k });
        return close(qL * k, q1, 1e-9) && close(qMu * k, q1, 1e-9);
      }),
    );
  });
  it("Newtonian: Q linear in ΔP, ΔP linear in Q, and the two invert", () => {
    fc.assert(
      fc.property(radius, length, pressure, viscosity, factor, (r, l, p, mu, k) => {
        const tube = { radiusMm: r, lengthCm: l, viscosityMPaS: mu };
        const q1 = poiseuilleFlowMlMin({ ...tube, pressureDropPa: p });
        const q2 = poiseuilleFlowMlMin({ ...tube, pressureDropPa: p * k });
        const back = poiseuillePressureDropPa({ ...tube, flowMlMin: q1 });
        const viaR = q1 * poiseuilleResistancePaMinPerMl(tube);
        return close(q2, k * q1, 1e-9) && close(back, p, 1e-9) && close(viaR, p, 1e-9);
      }),
    );
  });
  it("power law: Q ∝ r^(3+1/n), Q ∝ L^(-1/n), Q ∝ ΔP^(1/n)", () => {
    fc.assert(
      fc.property(radius, length, pressure, viscosity, nIndex, factor, (r, l, p, mu, n, k) => {
        const fluid = { consistencyPaSn: mu / 1000, flowBehaviourIndex: n };
        const q = (rr: number, ll: number, pp: number) => tubeFlowMlMin({ radiusMm: rr, lengthCm: ll, pressureDropPa: pp }, fluid);
        const base = q(r, l, p);
        return (
          close(q(r * k, l, p) / base, k ** (3 + 1 / n), 1e-8) &&
          close(q(r, l * k, p) / base, k ** (-1 / n), 1e-8) &&
          close(q(r, l, p * k) / base, k ** (1 / n), 1e-8) &&
          close(relativeFlow(r * k, r, { flowBehaviourIndex: n }), k ** (3 + 1 / n), 1e-12)
        );
      }),
    );
  });
  it("power law with n = 1 is the Newtonian law (K = μ)", () => {
    fc.assert(
      fc.property(radius, length, pressure, viscosity, (r, l, p, mu) => {
        const newtonian = poiseuilleFlowMlMin({ radiusMm: r, lengthCm: l, pressureDropPa: p, viscosityMPaS: mu });
        const power = tubeFlowMlMin({ radiusMm: r, lengthCm: l, pressureDropPa: p }, { consistencyPaSn: mu / 1000, flowBehaviourIndex: 1 });
        return close(power, newtonian, 1e-12);
      }),
    );
  });
  it("Metzner-Reed number equals ρVD/μ at n = 1 and 8ρV²/τ_w in general", () => {
    fc.assert(
      fc.property(radius, length, pressure, viscosity, nIndex, (r, l, p, mu, n) => {
        const fluid = { consistencyPaSn: mu / 1000, flowBehaviourIndex: n };
        const q = tubeFlowMlMin({ radiusMm: r, lengthCm: l, pressureDropPa: p }, fluid);
        const re = flowRegime({ radiusMm: r, lengthCm: l, flowMlMin: q }, fluid).reynolds;
        const vMs = q / 6e7 / (Math.PI * (r / 1000) ** 2);
        const tauW = (p * (r / 1000)) / (2 * (l / 100));
        return close(re, (8 * 1000 * vMs * vMs) / tauW, 1e-8);
      }),
    );
  });
});

describe("Reynolds warnings and entrance length", () => {
  it("warns when Re >= 2100 (water through a healthy-sized lumen)", () => {
    // water, D = 25 mm, Q = 3000 mL/min: V = 5e-5/4.909e-4 = 0.1019 m/s, Re = 1000·0.1019·0.025/1e-3 = 2546
    const r = flowRegime({ diameterMm: 25, flowMlMin: 3000 }, { viscosityMPaS: 1 });
    expect(r.reynolds).toBeCloseTo((1000 * (3000 / 6e7 / (Math.PI * 0.0125 ** 2)) * 0.025) / 1e-3, 8);
    expect(r.laminar).toBe(false);
    expect(r.warnings.join(" ")).toMatch(/not be laminar/);
  });
  it("no Reynolds warning for viscous chyme in a stricture", () => {
    const r = flowRegime({ diameterMm: 8, flowMlMin: 5, lengthCm: 3 }, { viscosityMPaS: 1000 });
    expect(r.laminar).toBe(true);
    expect(r.warnings).toEqual([]);
  });
  it("Durst 2005: 0.619 D at Re = 0, ≈ 0.0567 Re D at high Re; classic 0.06 Re D", () => {
    expect(entranceLengthMm({ diameterMm: 10, reynolds: 0 })).toBeCloseTo(6.19, 12);
    expect(entranceLengthMm({ diameterMm: 10, reynolds: 2000 }) / (0.0567 * 2000 * 10)).toBeCloseTo(1, 3);
    expect(entranceLengthMm({ diameterMm: 10, reynolds: 1000 }, { method: "classic" })).toBeCloseTo(600, 12);
  });
  it("warns when the entrance region is a large part of a short tube", () => {
    const r = flowRegime({ diameterMm: 20, lengthCm: 2, flowMlMin: 1 }, { viscosityMPaS: 1000 });
    // Re ≈ 0, L_e ≈ 0.619 · 20 = 12.4 mm = 62 % of 20 mm
    expect(r.entranceFraction).toBeCloseTo(0.619, 3);
    expect(r.warnings.join(" ")).toMatch(/entrance length/);
  });
});

describe("invalid input gives an InputError naming the field", () => {
  const bad = (fn: () => unknown, field: string) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe(field);
    expect((err as Error).message).toContain(field);
  };
  it("zero, negative or NaN radius / diameter / length", () => {
    bad(() => poiseuilleFlowMlMin({ radiusMm: 0, lengthCm: 1, pressureDropPa: 1, viscosityMPaS: 1 }), "radiusMm");
    bad(() => poiseuilleFlowMlMin({ radiusMm: -2, lengthCm: 1, pressureDropPa: 1, viscosityMPaS: 1 }), "radiusMm");
    bad(() => poiseuilleFlowMlMin({ diameterMm: Number.NaN, lengthCm: 1, pressureDropPa: 1, viscosityMPaS: 1 }), "diameterMm");
    bad(() => poiseuilleFlowMlMin({ radiusMm: 1, lengthCm: 0, pressureDropPa: 1, viscosityMPaS: 1 }), "lengthCm");
    bad(() => poiseuilleFlowMlMin({ lengthCm: 1, pressureDropPa: 1, viscosityMPaS: 1 }), "radiusMm");
    bad(() => lumenRadiusMm({ radiusMm: 1, diameterMm: 2 }), "radiusMm");
  });
  it("viscosity, pressure and flow", () => {
    bad(() => poiseuilleFlowMlMin({ radiusMm: 1, lengthCm: 1, pressureDropPa: 1, viscosityMPaS: 0 }), "fluid.viscosityMPaS");
    bad(() => poiseuilleFlowMlMin({ radiusMm: 1, lengthCm: 1, pressureDropPa: -1, viscosityMPaS: 1 }), "pressureDropPa");
    bad(() => poiseuilleFlowMlMin({ radiusMm: 1, lengthCm: 1, viscosityMPaS: 1 }), "pressureDropPa");
    bad(
      () => poiseuilleFlowMlMin({ radiusMm: 1, lengthCm: 1, pressureDropPa: 1, pressureDropMmHg: 1, viscosityMPaS: 1 }),
      "pressureDropPa",
    );
    bad(() => poiseuillePressureDropPa({ radiusMm: 1, lengthCm: 1, flowMlMin: -3, viscosityMPaS: 1 }), "flowMlMin");
  });
  it("flow behaviour index n <= 0 (or > 2)", () => {
    for (const n of [0, -0.5, Number.NaN, 2.5]) {
      bad(
        () => tubeFlowMlMin({ radiusMm: 1, lengthCm: 1, pressureDropPa: 1 }, { consistencyPaSn: 1, flowBehaviourIndex: n }),
        "fluid.flowBehaviourIndex",
      );
    }
    bad(() => relativeFlow(1, 2, { flowBehaviourIndex: 0 }), "flowBehaviourIndex");
    bad(() => resolveFluid({ consistencyPaSn: -1, flowBehaviourIndex: 0.5 }), "fluid.consistencyPaSn");
    bad(() => resolveFluid({ consistencyPaSn: 1 } as never), "fluid.flowBehaviourIndex");
    bad(() => resolveFluid({ viscosityMPaS: 1, consistencyPaSn: 1, flowBehaviourIndex: 0.5 } as never), "fluid.viscosityMPaS");
    bad(() => resolveFluid({ viscosityMPaS: 1, densityKgM3: 0 }), "fluid.densityKgM3");
  });
});

describe("hostile input (issue 14)", () => {
  it("the Poiseuille functions refuse undefined and null instead of destructuring them", () => {
    for (const f of [
      poiseuilleFlowMlMin,
      poiseuillePressureDropPa,
      poiseuillePressureDropMmHg,
      poiseuilleResistancePaMinPerMl,
      poiseuilleResistancePaSPerM3,
    ] as ((x: unknown) => number)[]) {
      expect(() => f(undefined)).toThrow(/input: got undefined, expected an object/);
      expect(() => f(null)).toThrow(InputError);
    }
  });

  it("entranceLengthMm refuses a missing input, unknown methods and an overflowing length", () => {
    expect(() => entranceLengthMm(undefined as never)).toThrow(/input: got undefined/);
    expect(() => entranceLengthMm({ diameterMm: 10, reynolds: 100 }, { method: "constructor" as "classic" })).toThrow(/method/);
    expect(() => entranceLengthMm({ diameterMm: 1e308, reynolds: 1e308 })).toThrow(/result is not finite/);
  });

  it("null options and prototype keys on a fluid are InputErrors", () => {
    expect(() => relativeFlow(1, 2, null as never)).toThrow(/options: got null/);
    expect(() => flowRegime({ radiusMm: 1, flowMlMin: 1 }, { viscosityMPaS: 1 }, null as never)).toThrow(/options: got null/);
  });
});
