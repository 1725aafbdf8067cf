// Figure builders of src/stricture/figures.ts: structure, and the page script of the live explorer
// run against a stub of plotly (the headless-Chromium check of the exported page is in tests/browser).
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import type { Figure } from "../../src/plot/figure";
import {
  compareInterventions,
  flowRegime,
  interventionFigure,
  relativeFlowFigure,
  segmentPressureDrop,
  segmentProfileFigure,
  showStrictureExplorer,
  strictureExplorerFigure,
  strictureExplorerScript,
  tubeFlowMlMin,
} from "../../src/stricture/index";

// biome-ignore lint/suspicious/noExplicitAny: plotly layouts are untyped JSON read back in tests
type Layout = Record<string, any>;
type Slider = { name: string; active: number; steps: { method: string; label: string; value: string }[] };

function close(a: number, b: number, tol = 1e-12): boolean {
  return Math.abs(a - b) <= tol * Math.abs(b);
}

/** Runs the explorer's script against a fake plot div and a fake Plotly; returns what it redrew. */
function runScript(fig: Figure, activeByName: Record<string, number>) {
  const layout = JSON.parse(JSON.stringify(fig.layout)) as Layout;
  const handlers: Record<string, () => void> = {};
  const gd = { layout, on: (ev: string, cb: () => void) => (handlers[ev] = cb) };
  const calls: { restyle?: { update: Record<string, unknown[]>; traces: number[] }; relayout?: Record<string, string> } = {};
  const Plotly = {
    restyle: (_gd: unknown, update: Record<string, unknown[]>, traces: number[]) => (calls.restyle = { update, traces }),
    relayout: (_gd: unknown, update: Record<string, string>) => (calls.relayout = update),
  };
  new Function("gd", "Plotly", strictureExplorerScript())(gd, Plotly);
  expect(Object.keys(handlers)).toEqual(["plotly_sliderchange"]);
  for (const s of layout.sliders as Slider[]) if (s.name in activeByName) s.active = activeByName[s.name];
  handlers.plotly_sliderchange();
  return calls;
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

describe("strictureExplorerFigure", () => {
  const fig = strictureExplorerFigure();
  const sliders = fig.layout.sliders as Slider[];
  const meta = (fig.layout.meta as Layout).strictureExplorer;

  it("four sliders (radius, length, viscosity, n) with skip steps and the documented defaults active", () => {
    expect(sliders.map((s) => s.name)).toEqual(["radiusMm", "lengthCm", "viscosityMPaS", "flowBehaviourIndex"]);
    for (const s of sliders) {
      expect(s.steps.length).toBeGreaterThan(3);
      expect(s.steps.every((st) => st.method === "skip" && st.label === st.value)).toBe(true);
    }
    const activeValues = sliders.map((s) => Number(s.steps[s.active].value));
    expect(activeValues).toEqual([2.5, 3, 1000, 1]);
  });

  it("initial traces are the power-law flow for the active slider values", () => {
    const grid = fig.data[0].x as number[];
    const y = fig.data[0].y as number[];
    expect(grid).toEqual(meta.radiusGridMm);
    grid.forEach((g, i) => {
      expect(close(y[i], tubeFlowMlMin({ radiusMm: g, lengthCm: 3, pressureDropPa: 100 }, { viscosityMPaS: 1000 }))).toBe(true);
    });
    // marker at r = 2.5 mm: Newtonian μ = 1 Pa·s, L = 3 cm, ΔP = 100 Pa:
    // Q = π (2.5e-3)⁴ · 100 / (8 · 1 · 0.03) = 5.1132e-8 m³/s = 3.068 mL/min
    expect((fig.data[2].y as number[])[0]).toBeCloseTo(((Math.PI * 2.5e-3 ** 4 * 100) / (8 * 0.03)) * 6e7, 10);
    expect((fig.layout.annotations as Layout[])[0].text).toMatch(
      /^r = 2.5 mm → Q = 3.07 mL\/min = 0.16 % of the flow at r₀ = 12.5 mm<br>Re = 0.013 \(laminar\)$/,
    );
  });

  it("the page script at the initial sliders reproduces the figure exactly", () => {
    const calls = runScript(fig, {});
    expect(calls.restyle?.traces).toEqual([0, 1, 2]);
    const ys = calls.restyle?.update.y as number[][];
    ys.forEach((trace, t) => {
      (fig.data[t].y as number[]).forEach((v, i) => {
        expect(close(trace[i], v, 1e-12)).toBe(true);
      });
    });
    expect(calls.relayout?.["annotations[0].text"]).toBe((fig.layout.annotations as Layout[])[0].text);
    expect(calls.relayout?.["title.text"]).toBe((fig.layout.title as Layout).text);
  });

  it("the page script recomputes flow and Reynolds number for a new slider combination", () => {
    // r = 5 mm, L = 10 cm, K = 10000 mPa·sⁿ = 10 Pa·sⁿ, n = 0.5
    const pick = (name: string, v: number) => sliders.find((s) => s.name === name)!.steps.findIndex((st) => Number(st.value) === v);
    const calls = runScript(fig, {
      radiusMm: pick("radiusMm", 5),
      lengthCm: pick("lengthCm", 10),
      viscosityMPaS: pick("viscosityMPaS", 10000),
      flowBehaviourIndex: pick("flowBehaviourIndex", 0.5),
    });
    const fluid = { consistencyPaSn: 10, flowBehaviourIndex: 0.5 };
    const q = tubeFlowMlMin({ radiusMm: 5, lengthCm: 10, pressureDropPa: 100 }, fluid);
    const ys = calls.restyle?.update.y as number[][];
    expect(close(ys[2][0], q, 1e-12)).toBe(true);
    const re = flowRegime({ radiusMm: 5, flowMlMin: q }, fluid).reynolds;
    const text = calls.relayout?.["annotations[0].text"] ?? "";
    expect(text).toContain(`Re = ${Number(re.toPrecision(3))} (laminar)`);
    expect(calls.relayout?.["title.text"]).toBe("Flow through a 10 cm stricture at ΔP = 100 Pa (K = 10000 mPa·sⁿ, n = 0.5): Q ∝ r^5");
    // the curve for n = 0.5 has slope 3 + 1/n = 5 on log-log axes
    const grid = meta.radiusGridMm as number[];
    const slope = Math.log(ys[0][grid.length - 1] / ys[0][0]) / Math.log(grid[grid.length - 1] / grid[0]);
    expect(slope).toBeCloseTo(5, 10);
  });

  it("warns in the page when water makes the flow turbulent", () => {
    const pick = (name: string, v: number) => sliders.find((s) => s.name === name)!.steps.findIndex((st) => Number(st.value) === v);
    const calls = runScript(fig, { radiusMm: pick("radiusMm", 12.5), viscosityMPaS: pick("viscosityMPaS", 1) });
    expect(calls.relayout?.["annotations[0].text"]).toMatch(/NOT laminar \(Re ≥ 2100\)/);
  });

  it("options: custom positions, initial values, bad positions", () => {
    const f = strictureExplorerFigure({ radiiMm: [1, 2, 4], initial: { radiusMm: 4 }, pressureDropPa: 10 });
    const s = f.layout.sliders as Slider[];
    expect(s[0].active).toBe(2);
    expect(((f.layout.meta as Layout).strictureExplorer as Layout).pressureDropPa).toBe(10);
    expect(() => strictureExplorerFigure({ radiiMm: [1, 0] })).toThrow(InputError);
    expect(() => strictureExplorerFigure({ pressureDropPa: -1 })).toThrow(/pressureDropPa/);
  });

  it("showStrictureExplorer sends the figure with the script attached", () => {
    const sent: string[] = [];
    showStrictureExplorer(fig, { target: { display: { html: (s) => sent.push(s) } }, includePlotly: false });
    expect(sent).toHaveLength(1);
    const html = sent[0];
    expect(html).toContain("plotly_sliderchange");
    expect(html).toContain("Plotly.newPlot");
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
    expect(() => strictureExplorerFigure(null as never)).toThrow(/options: got null/);
    expect(() => strictureExplorerFigure({ radiiMm: [] })).toThrow(/radiiMm/);
    expect(() => strictureExplorerFigure({ initial: { radiusMm: Number.NaN } })).toThrow(/initial/);
    expect(() => segmentProfileFigure({} as never)).toThrow(/analysis\.flowMlMin/);
    expect(() => interventionFigure({} as never)).toThrow(/comparison\.rows/);
    expect(() => showStrictureExplorer({} as never)).toThrow(/figure\.data/);
  });
});
