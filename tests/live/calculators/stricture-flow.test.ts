// Live calculator "stricture-flow": its outputs against tubeFlowMlMin / flowRegime / relativeFlow
// called directly, and against the formulas by hand: the power-law tube flow
// Q = π R³/(3 + 1/n) · (ΔP R/(2 K L))^(1/n) (Bird, Stewart & Lightfoot 2002, Transport Phenomena,
// eq. 8.3-9), Poiseuille's Q = π R⁴ ΔP/(8 μ L) for n = 1, and the Metzner-Reed Reynolds number
// ρ V^(2−n) Dⁿ / (K 8^(n−1) ((3n+1)/(4n))ⁿ) (Metzner & Reed 1955, AIChE J 1:434), = ρVD/μ for n = 1.
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors";
import { strictureFlowCalculator } from "../../../src/live/calculators/stricture-flow";
import type { LiveValues, NumberInput } from "../../../src/live/types";
import { CRITICAL_REYNOLDS, flowRegime, relativeFlow, tubeFlowMlMin } from "../../../src/stricture/tube";

function close(a: number | null, b: number, tol = 1e-12): boolean {
  return a !== null && Math.abs(a - b) <= tol * Math.abs(b);
}

const calc = strictureFlowCalculator();
const defaults: LiveValues = Object.fromEntries(calc.inputs.map((i) => [i.name, i.value]));
const at = (changes: LiveValues) => calc.compute({ ...defaults, ...changes });

/** Power-law (or Newtonian, n = 1) flow in mL/min, all in SI by hand: mm → m, cm → m, mPa·sⁿ → Pa·sⁿ, m³/s → mL/min. */
function handFlowMlMin(rMm: number, lCm: number, kMPaSn: number, n: number, dpPa: number): number {
  const R = rMm / 1000;
  const L = lCm / 100;
  const K = kMPaSn / 1000;
  return ((Math.PI * R ** 3) / (3 + 1 / n)) * ((dpPa * R) / (2 * K * L)) ** (1 / n) * 60e6;
}

function handReynolds(rMm: number, qMlMin: number, kMPaSn: number, n: number, rho = 1000): number {
  const R = rMm / 1000;
  const V = qMlMin / 60e6 / (Math.PI * R * R);
  const D = 2 * R;
  const K = kMPaSn / 1000;
  return (rho * V ** (2 - n) * D ** n) / (K * 8 ** (n - 1) * ((3 * n + 1) / (4 * n)) ** n);
}

describe("stricture-flow calculator: declaration", () => {
  it("has the page-contract name, chapter, inputs with defaults in range, and four outputs", () => {
    expect(calc.name).toBe("stricture-flow");
    expect(calc.chapter).toBe("07 Stricture flow");
    expect(calc.inputs.map((i) => i.name)).toEqual(["radiusMm", "lengthCm", "viscosityMPaS", "flowBehaviourIndex", "pressureDropPa"]);
    for (const i of calc.inputs) {
      if (i.kind !== "number") throw new Error(`${i.name} is not a number input`);
      expect(i.value).toBeGreaterThanOrEqual(i.min);
      expect(i.value).toBeLessThanOrEqual(i.max);
    }
    const byName = Object.fromEntries(calc.inputs.map((i) => [i.name, i]));
    expect(byName.radiusMm).toMatchObject({ log: true, unit: "mm" });
    expect(byName.viscosityMPaS).toMatchObject({ log: true });
    expect(byName.pressureDropPa).toMatchObject({ value: 100, unit: "Pa" });
    expect(calc.outputs.map((o) => o.name)).toEqual(["flowMlMin", "percentOfHealthy", "reynolds", "laminar"]);
    // options are plain JSON: the same calculator comes back from its JSON options
    const json = JSON.parse(JSON.stringify({ referenceRadiusMm: 10, densityKgM3: 1050 }));
    expect(strictureFlowCalculator(json).compute(defaults).outputs).toEqual(
      strictureFlowCalculator({ referenceRadiusMm: 10, densityKgM3: 1050 }).compute(defaults).outputs,
    );
  });
});

describe("stricture-flow calculator: outputs", () => {
  const cases: LiveValues[] = [
    { radiusMm: 2.5, lengthCm: 3, viscosityMPaS: 1000, flowBehaviourIndex: 1, pressureDropPa: 100 },
    { radiusMm: 5, lengthCm: 10, viscosityMPaS: 10000, flowBehaviourIndex: 0.5, pressureDropPa: 100 },
    { radiusMm: 1.2, lengthCm: 0.5, viscosityMPaS: 0.69, flowBehaviourIndex: 1, pressureDropPa: 2000 },
    { radiusMm: 8, lengthCm: 20, viscosityMPaS: 300, flowBehaviourIndex: 0.3, pressureDropPa: 5 },
    { radiusMm: 25, lengthCm: 1, viscosityMPaS: 2, flowBehaviourIndex: 1.6, pressureDropPa: 10000 },
  ];

  it.each(cases)("equal tubeFlowMlMin / flowRegime / relativeFlow called directly (%o)", (values) => {
    const { radiusMm: r, lengthCm: L, viscosityMPaS: k, flowBehaviourIndex: n, pressureDropPa: dp } = values as Record<string, number>;
    const fluid = n === 1 ? { viscosityMPaS: k } : { consistencyPaSn: k / 1000, flowBehaviourIndex: n };
    const q = tubeFlowMlMin({ radiusMm: r, lengthCm: L, pressureDropPa: dp }, fluid);
    const regime = flowRegime({ radiusMm: r, lengthCm: L, flowMlMin: q }, fluid);
    const { outputs } = calc.compute(values);
    expect(close(outputs.flowMlMin, q)).toBe(true);
    expect(close(outputs.reynolds, regime.reynolds)).toBe(true);
    expect(outputs.laminar).toBe(regime.laminar ? 1 : 0);
    expect(close(outputs.percentOfHealthy, 100 * relativeFlow(r, 12.5, { flowBehaviourIndex: n }))).toBe(true);
    // % of healthy is also the ratio of two flows at the same length, fluid and pressure drop
    const qHealthy = tubeFlowMlMin({ radiusMm: 12.5, lengthCm: L, pressureDropPa: dp }, fluid);
    expect(close(outputs.percentOfHealthy, (100 * q) / qHealthy, 1e-12)).toBe(true);
  });

  it.each(cases)("equal the formulas by hand (%o)", (values) => {
    const { radiusMm: r, lengthCm: L, viscosityMPaS: k, flowBehaviourIndex: n, pressureDropPa: dp } = values as Record<string, number>;
    const { outputs } = calc.compute(values);
    const q = handFlowMlMin(r, L, k, n, dp);
    expect(close(outputs.flowMlMin, q, 1e-12)).toBe(true);
    if (n === 1) {
      // Poiseuille: Q = π R⁴ ΔP / (8 μ L)
      const poiseuille = ((Math.PI * (r / 1000) ** 4 * dp) / (8 * (k / 1000) * (L / 100))) * 60e6;
      expect(close(outputs.flowMlMin, poiseuille, 1e-12)).toBe(true);
      // Re = ρ V D / μ
      const V = q / 60e6 / (Math.PI * (r / 1000) ** 2);
      expect(close(outputs.reynolds, (1000 * V * (2 * r)) / 1000 / (k / 1000), 1e-12)).toBe(true);
    }
    expect(close(outputs.reynolds, handReynolds(r, q, k, n), 1e-12)).toBe(true);
    expect(close(outputs.percentOfHealthy, 100 * (r / 12.5) ** (3 + 1 / n), 1e-12)).toBe(true);
  });

  it("halving the radius gives 1/16 of the flow for n = 1, and 1/32 for n = 0.5", () => {
    const newtonian = [at({ radiusMm: 4 }), at({ radiusMm: 2 })].map((r) => r.outputs.flowMlMin as number);
    expect(close(newtonian[1] / newtonian[0], 1 / 16, 1e-12)).toBe(true);
    const shearThinning = [at({ radiusMm: 4, flowBehaviourIndex: 0.5 }), at({ radiusMm: 2, flowBehaviourIndex: 0.5 })].map(
      (r) => r.outputs.flowMlMin as number,
    );
    expect(close(shearThinning[1] / shearThinning[0], 1 / 32, 1e-12)).toBe(true);
  });

  it("the healthy radius gives 100 % of healthy; the reference radius is an option", () => {
    expect(close(at({ radiusMm: 12.5 }).outputs.percentOfHealthy, 100, 1e-12)).toBe(true);
    const c = strictureFlowCalculator({ referenceRadiusMm: 5 });
    expect(close(c.compute({ ...defaults, radiusMm: 2.5 }).outputs.percentOfHealthy, 100 / 16, 1e-12)).toBe(true);
  });

  it("the laminar flag flips at the critical Reynolds number (2100)", () => {
    // Newtonian water: Q ∝ r⁴, V ∝ r², so Re ∝ r³; solve Re(r*) = 2100 from Re at r = 1 mm
    const water = { viscosityMPaS: 1, flowBehaviourIndex: 1, pressureDropPa: 100, lengthCm: 3 };
    const re1 = at({ ...water, radiusMm: 1 }).outputs.reynolds as number;
    const rStar = (CRITICAL_REYNOLDS / re1) ** (1 / 3);
    expect(CRITICAL_REYNOLDS).toBe(2100);
    expect(rStar).toBeGreaterThan(0.5);
    expect(rStar).toBeLessThan(25);
    const below = at({ ...water, radiusMm: rStar * (1 - 1e-9) });
    const above = at({ ...water, radiusMm: rStar * (1 + 1e-9) });
    expect(below.outputs.reynolds as number).toBeLessThan(CRITICAL_REYNOLDS);
    expect(above.outputs.reynolds as number).toBeGreaterThanOrEqual(CRITICAL_REYNOLDS);
    expect(below.outputs.laminar).toBe(1);
    expect(above.outputs.laminar).toBe(0);
    expect(below.notes.some((s) => s.includes("laminar, as the formula assumes"))).toBe(true);
    expect(above.notes.some((s) => /^Reynolds number .* >= 2100: the flow may not be laminar/.test(s))).toBe(true);
    expect(above.notes.some((s) => s.includes("as the formula assumes"))).toBe(false);
  });

  it("every declared output is present and finite, at the defaults and at the corners of the input ranges", () => {
    const numberInputs = calc.inputs.filter((i): i is NumberInput => i.kind === "number");
    const corners: LiveValues[] = [defaults];
    for (let mask = 0; mask < 2 ** numberInputs.length; mask++) {
      corners.push(Object.fromEntries(numberInputs.map((i, b) => [i.name, mask & (1 << b) ? i.max : i.min])));
    }
    for (const values of corners) {
      const { outputs, notes } = calc.compute(values);
      for (const o of calc.outputs) {
        expect(outputs[o.name], `${o.name} at ${JSON.stringify(values)}`).toSatisfy(
          (x: unknown) => typeof x === "number" && Number.isFinite(x),
        );
      }
      expect(outputs.flowMlMin as number).toBeGreaterThan(0);
      expect(Object.keys(outputs).sort()).toEqual(calc.outputs.map((o) => o.name).sort());
      expect(notes.length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe("stricture-flow calculator: notes and figure", () => {
  it("notes: flow and % of healthy, the power law, and Re", () => {
    const { notes } = at({});
    expect(notes[0]).toBe(
      "A 2.5 mm lumen carries 3.07 mL/min at ΔP = 100 Pa: 0.16 % of the flow through a healthy lumen of r₀ = 12.5 mm " +
        "(same length, contents and pressure drop).",
    );
    expect(notes[1]).toBe("Q ∝ r⁴ (Poiseuille): halving the radius leaves 1/16 (6.25 %) of the flow.");
    expect(notes[2]).toMatch(/^Reynolds number 0\.0\d+ < 2100: laminar/);
    expect(at({ flowBehaviourIndex: 0.5 }).notes[1]).toBe("Q ∝ r^5 (power law, n = 0.5): halving the radius leaves 3.13 % of the flow.");
    // a short wide segment: the entrance-length warning from flowRegime, as a sentence
    expect(at({ radiusMm: 12.5, lengthCm: 1 }).notes.some((s) => s.startsWith("Entrance length"))).toBe(true);
  });

  it("figure: the flow curve, the Newtonian r⁴ line through r₀, the stricture marker at the current radius", () => {
    const { figure, outputs } = at({ radiusMm: 4, flowBehaviourIndex: 0.5 });
    expect(figure.data.map((d) => d.name)).toEqual([
      "this fluid",
      "Newtonian scaling Q ∝ r⁴ (same flow at r₀)",
      "stricture",
      "healthy lumen r₀",
    ]);
    expect(figure.data[2].x).toEqual([4]);
    expect(close((figure.data[2].y as number[])[0], outputs.flowMlMin as number, 1e-12)).toBe(true);
    // the curves span the radius slider, fixed while the radius moves
    const grid = figure.data[0].x as number[];
    expect(grid[0]).toBeCloseTo(0.5, 12);
    expect(grid[grid.length - 1]).toBeCloseTo(25, 12);
    expect(at({ radiusMm: 10 }).figure.data[0].x).toEqual(grid);
    // the dashed line has slope 4 and passes through the curve at r₀ = 12.5 mm
    const healthy = figure.data[3].y as number[];
    const yN = figure.data[1].y as number[];
    expect(Math.log(yN[yN.length - 1] / yN[0]) / Math.log(grid[grid.length - 1] / grid[0])).toBeCloseTo(4, 10);
    expect(close(yN[0] * (12.5 / grid[0]) ** 4, healthy[0], 1e-10)).toBe(true);
    expect(figure.layout.uirevision).toBe("stricture-flow");
    expect(figure.layout.height).toBe(420);
    expect(figure.layout.sliders).toBeUndefined();
    expect((figure.layout.xaxis as { title: { text: string } }).title.text).toBe("Lumen radius (mm)");
    expect((figure.layout.yaxis as { title: { text: string } }).title.text).toBe("Flow (mL/min)");
  });

  it("is deterministic: the same values give the same result", () => {
    expect(JSON.stringify(at({ radiusMm: 3.3 }))).toBe(JSON.stringify(at({ radiusMm: 3.3 })));
  });
});

describe("stricture-flow calculator: validation", () => {
  const bad: [string, unknown][] = [
    ["radiusMm", -1],
    ["radiusMm", 0],
    ["radiusMm", 100],
    ["radiusMm", "2.5"],
    ["lengthCm", Number.NaN],
    ["lengthCm", 0],
    ["viscosityMPaS", 0],
    ["viscosityMPaS", Number.POSITIVE_INFINITY],
    ["flowBehaviourIndex", 0],
    ["flowBehaviourIndex", 3],
    ["flowBehaviourIndex", true],
    ["pressureDropPa", 0],
    ["pressureDropPa", -100],
    ["pressureDropPa", undefined],
  ];
  it.each(bad)("%s = %o throws an InputError naming the field", (field, value) => {
    let error: unknown;
    try {
      calc.compute({ ...defaults, [field]: value } as LiveValues);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe(field);
    expect((error as InputError).message).toContain(field);
  });

  it("refuses bad options, naming them", () => {
    expect(() => strictureFlowCalculator({ referenceRadiusMm: 0 })).toThrow(/referenceRadiusMm/);
    expect(() => strictureFlowCalculator({ densityKgM3: -1 })).toThrow(/densityKgM3/);
    expect(() => strictureFlowCalculator(null as never)).toThrow(InputError);
    expect(() => calc.compute(null as never)).toThrow(InputError);
  });
});
