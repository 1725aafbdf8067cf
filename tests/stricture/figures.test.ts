// Figure builders of src/stricture/figures.ts: structure, and the curves against tubeFlowMlMin and
// Poiseuille by hand (the live calculator that redraws strictureFlowFigure is tested in tests/live).
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import {
  compareInterventions,
  interventionFigure,
  relativeFlowFigure,
  segmentPressureDrop,
  segmentProfileFigure,
  strictureFlowFigure,
  tubeFlowMlMin,
} from "../../src/stricture/index";
import { expectReadableLogAxes } from "../plot/log-axes";

// biome-ignore lint/suspicious/noExplicitAny: plotly layouts are untyped JSON read back in tests
type Layout = Record<string, any>;

function close(a: number, b: number, tol = 1e-12): boolean {
  return Math.abs(a - b) <= tol * Math.abs(b);
}

describe("relativeFlowFigure", () => {
  it("one curve per n plus the 1/16 marker; curves are (r/r0)^(3+1/n)", () => {
    const fig = relativeFlowFigure({ flowBehaviourIndices: [1, 0.5], points: 11 });
    expect(fig.data).toHaveLength(3);
    const x = fig.data[0].x as number[];
    const y1 = fig.data[0].y as number[];
    const y05 = fig.data[1].y as number[];
    expect(x[5]).toBe(0.5);
    expect(y1[5]).toBeCloseTo(1 / 16, 15);
    expect(y05[5]).toBeCloseTo(1 / 32, 15);
    expect(fig.data[2].y).toEqual([1 / 16]);
    expect((fig.layout.xaxis as Layout).title.text).toMatch(/r\/r₀/);
  });
});

describe("strictureFlowFigure", () => {
  const inputs = { radiusMm: 2.5, lengthCm: 3, viscosityMPaS: 1000 };
  const fig = strictureFlowFigure(inputs);

  it("draws this fluid, the Newtonian r⁴ line, the stricture and the healthy lumen, on log-log axes", () => {
    expect(fig.data.map((d) => d.name)).toEqual([
      "this fluid",
      "Newtonian scaling Q ∝ r⁴ (same flow at r₀)",
      "stricture",
      "healthy lumen r₀",
    ]);
    expect((fig.layout.xaxis as Layout).type).toBe("log");
    expect((fig.layout.yaxis as Layout).type).toBe("log");
    expect((fig.layout.xaxis as Layout).title.text).toBe("Lumen radius (mm)");
    expect((fig.layout.yaxis as Layout).title.text).toBe("Flow (mL/min)");
    expect(fig.layout.sliders).toBeUndefined();
    expect(fig.layout.uirevision).toBe("stricture-flow");
  });

  it("both log axes label full values only (tests/plot/log-axes.ts), never plotly's minor-tick digits (issue #17 item 5)", () => {
    expect(expectReadableLogAxes(fig)).toBe(2);
    // radius 1-12.5 mm (1.1 decades): 1-2-3-5 ticks, so 20 and 30 are written out rather than a small "2", "3"
    const x = fig.layout.xaxis as Layout;
    expect(x.ticktext).toEqual(["0.1", "0.2", "0.3", "0.5", "1", "2", "3", "5", "10", "20", "30", "50"]);
    // the flow spans more than 3.5 decades (Q ∝ r⁴ over a 12.5-fold radius: 4.4 decades): decades only
    const y = fig.layout.yaxis as Layout;
    const flows = [...(fig.data[0].y as number[]), ...(fig.data[1].y as number[])];
    expect(Math.log10(Math.max(...flows) / Math.min(...flows))).toBeGreaterThan(3.5);
    for (const v of y.tickvals as number[]) expect(Math.log10(v) % 1).toBeCloseTo(0, 12);
    expect(Math.min(...(y.tickvals as number[]))).toBeLessThanOrEqual(Math.min(...flows));
    expect(Math.max(...(y.tickvals as number[])) * 10).toBeGreaterThan(Math.max(...flows));
  });

  it("the curve is tubeFlowMlMin at each radius, and the stricture marker is Poiseuille by hand", () => {
    const grid = fig.data[0].x as number[];
    const y = fig.data[0].y as number[];
    expect(grid).toHaveLength(61);
    expect(grid[0]).toBeCloseTo(1, 12);
    expect(grid[grid.length - 1]).toBeCloseTo(12.5, 12);
    grid.forEach((g, i) => {
      expect(close(y[i], tubeFlowMlMin({ radiusMm: g, lengthCm: 3, pressureDropPa: 100 }, { viscosityMPaS: 1000 }))).toBe(true);
    });
    // Q = π (2.5e-3)⁴ · 100 / (8 · 1 · 0.03) = 5.1132e-8 m³/s = 3.068 mL/min
    expect(close((fig.data[2].y as number[])[0], ((Math.PI * 2.5e-3 ** 4 * 100) / (8 * 0.03)) * 6e7, 1e-12)).toBe(true);
    expect(fig.data[2].x).toEqual([2.5]);
    expect(fig.data[3].x).toEqual([12.5]);
    expect((fig.layout.title as Layout).text).toBe("Flow through a 3 cm stricture at ΔP = 100 Pa (μ = 1000 mPa·s): Q ∝ r^4");
  });

  it("a power-law fluid: slope 3 + 1/n on log-log axes, the dashed line keeps slope 4 and meets the curve at r₀", () => {
    const f = strictureFlowFigure({ ...inputs, radiusMm: 5, lengthCm: 10, viscosityMPaS: 10000, flowBehaviourIndex: 0.5 });
    const grid = f.data[0].x as number[];
    const y = f.data[0].y as number[];
    const yN = f.data[1].y as number[];
    const last = grid.length - 1;
    expect(Math.log(y[last] / y[0]) / Math.log(grid[last] / grid[0])).toBeCloseTo(5, 10);
    expect(Math.log(yN[last] / yN[0]) / Math.log(grid[last] / grid[0])).toBeCloseTo(4, 10);
    expect(close(yN[last], y[last])).toBe(true); // grid ends at r₀ = 12.5 mm
    const fluid = { consistencyPaSn: 10, flowBehaviourIndex: 0.5 };
    expect(close((f.data[2].y as number[])[0], tubeFlowMlMin({ radiusMm: 5, lengthCm: 10, pressureDropPa: 100 }, fluid))).toBe(true);
    expect((f.layout.title as Layout).text).toBe("Flow through a 10 cm stricture at ΔP = 100 Pa (K = 10000 mPa·sⁿ, n = 0.5): Q ∝ r^5");
  });

  it("the radius range widens to include the stricture and r₀", () => {
    const f = strictureFlowFigure({ ...inputs, radiusMm: 0.5, referenceRadiusMm: 20 }, { radiusRangeMm: [1, 10], points: 5 });
    const grid = f.data[0].x as number[];
    expect(grid).toHaveLength(5);
    expect(grid[0]).toBeCloseTo(0.5, 12);
    expect(grid[4]).toBeCloseTo(20, 12);
  });

  it("refuses bad inputs, naming the field", () => {
    expect(() => strictureFlowFigure({ ...inputs, radiusMm: 0 })).toThrow(/radiusMm/);
    expect(() => strictureFlowFigure({ ...inputs, viscosityMPaS: Number.NaN })).toThrow(/viscosityMPaS/);
    expect(() => strictureFlowFigure({ ...inputs, flowBehaviourIndex: 3 })).toThrow(/flowBehaviourIndex/);
    expect(() => strictureFlowFigure({ ...inputs, pressureDropPa: -1 })).toThrow(/pressureDropPa/);
    expect(() => strictureFlowFigure(inputs, { radiusRangeMm: [5, 1] })).toThrow(/radiusRangeMm/);
    expect(() => strictureFlowFigure(inputs, { points: 1e308 })).toThrow(/points/);
    expect(() => strictureFlowFigure(null as never)).toThrow(InputError);
  });
});

describe("segment and intervention figures", () => {
  const seg = { lengthCm: 30, normalDiameterMm: 25, strictures: [{ lengthCm: 3, diameterMm: 5 }] };
  const fluid = { viscosityMPaS: 1000 };
  it("pressure profile starts at the total drop, ends at 0, and the stricture is shaded", () => {
    const a = segmentPressureDrop(seg, { flowMlMin: 5, fluid });
    const fig = segmentProfileFigure(a);
    const p = fig.data[0].y as number[];
    expect(p[0]).toBe(a.pressureDropPa);
    expect(p[p.length - 1]).toBeCloseTo(0, 9);
    expect(fig.layout.shapes).toHaveLength(1);
    expect(fig.data[1].y).toEqual([25, 25, 5, 5, 25, 25]);
  });
  it("intervention bars: one per scenario, in % of healthy", () => {
    const c = compareInterventions(seg, { pressureDropPa: 50, fluid });
    const fig = interventionFigure(c);
    expect(fig.data[0].x).toEqual(c.rows.map((r) => r.scenario));
    expect(fig.data[0].y).toEqual(c.rows.map((r) => r.flowRelativeToHealthy * 100));
  });
});

describe("hostile input (issue 14)", () => {
  it("figure builders refuse values that are not their inputs, and absurd sizes", () => {
    expect(() => relativeFlowFigure(null as never)).toThrow(/options: got null/);
    expect(() => relativeFlowFigure({ points: 1e308 })).toThrow(/points/);
    expect(() => relativeFlowFigure({ flowBehaviourIndices: [3] })).toThrow(/flowBehaviourIndex/);
    expect(() => strictureFlowFigure({ radiusMm: 2, lengthCm: 3, viscosityMPaS: 1 }, null as never)).toThrow(/options: got null/);
    expect(() => segmentProfileFigure({} as never)).toThrow(/analysis\.flowMlMin/);
    expect(() => interventionFigure({} as never)).toThrow(/comparison\.rows/);
  });
});
