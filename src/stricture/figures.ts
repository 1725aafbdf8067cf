/**
 * Figure builders for the stricture chapter. All are pure (data in, plotly figure out).
 *
 * {@link strictureFlowFigure} draws one state of the stricture-flow explorer (flow against
 * lumen radius for one stricture, fluid and pressure drop). It has no sliders and no page
 * script of its own: the live calculator `strictureFlowCalculator`
 * (src/live/calculators/stricture-flow.ts) redraws it on every input change, in Node and in
 * the browser bundle, so the flow formulas exist once, in ./tube.ts.
 */

import { InputError } from "../core/errors";
import { convert } from "../core/units";
import {
  assertArray,
  assertCount,
  assertFinite,
  assertNonNegative,
  assertObject,
  assertOneOf,
  assertPositive,
  assertString,
  assertWithinLimit,
  optionalString,
  optionsObject,
} from "../core/validate";
import { axisTitle, type Figure, logAxis, type Trace } from "../plot/figure";
import { palette, semanticColors, withBaseLayout } from "../plot/palette";
import type { compareInterventions } from "./dilation";
import { MAX_STRICTURES, type SegmentAnalysis } from "./segment";
import { DEFAULT_DENSITY_KG_M3, relativeFlow, tubeFlowMlMin } from "./tube";

/** Most points of one curve of a stricture figure: 10,000. */
export const MAX_CURVE_POINTS = 10_000;
/** Most curves of {@link relativeFlowFigure} (the name is kept from the slider explorer it also bounded): 100. */
export const MAX_SLIDER_POSITIONS = 100;

/** Options for {@link relativeFlowFigure}. */
export interface RelativeFlowFigureOptions {
  /** Flow behaviour indices to draw, one curve each. Default: [1, 0.5, 0.3]. */
  flowBehaviourIndices?: number[];
  /** Number of points per curve, an integer from 2 to {@link MAX_CURVE_POINTS}. Default: 101. */
  points?: number;
}

/**
 * Q/Q₀ against r/r₀ at a fixed pressure drop: (r/r₀)⁴ for n = 1, (r/r₀)^(3+1/n) for
 * shear-thinning contents, with the halved-radius point (1/16) marked.
 * @example
 * const fig = relativeFlowFigure();
 * fig.layout.title.text // "Flow falls with the fourth power of the radius"
 * fig.data.map((d) => d.name) // ["Newtonian, (r/r₀)⁴", "power law n = 0.5, (r/r₀)^5", "power law n = 0.3, (r/r₀)^6.33", "radius halved"]
 */
export function relativeFlowFigure(opts?: RelativeFlowFigureOptions): Figure {
  const options = optionsObject(opts);
  const list =
    options.flowBehaviourIndices === undefined
      ? [1, 0.5, 0.3]
      : assertArray<unknown>(options.flowBehaviourIndices, "flowBehaviourIndices", { nonEmpty: true });
  assertWithinLimit(list.length, "flowBehaviourIndices.length", MAX_SLIDER_POSITIONS);
  const ns = Array.from(list, (n, i) => {
    const v = assertPositive(n, `flowBehaviourIndices[${i}]`);
    // relativeFlow checks the upper bound (n <= 2)
    relativeFlow(1, 1, { flowBehaviourIndex: v });
    return v;
  });
  const points = assertCount(options.points ?? 101, "points", 2, MAX_CURVE_POINTS);
  const x = Array.from({ length: points }, (_, i) => i / (points - 1));
  const colours = [semanticColors.model, palette.orange, palette.green, palette.purple, palette.vermillion];
  const data: Trace[] = ns.map((n, k) => ({
    type: "scatter",
    mode: "lines",
    name: n === 1 ? "Newtonian, (r/r₀)⁴" : `power law n = ${n}, (r/r₀)^${Number((3 + 1 / n).toPrecision(3))}`,
    x,
    y: x.map((r) => (r === 0 ? 0 : relativeFlow(r, 1, { flowBehaviourIndex: n }))),
    line: { color: colours[k % colours.length], width: 3 },
  }));
  data.push({
    type: "scatter",
    mode: "markers+text",
    name: "radius halved",
    x: [0.5],
    y: [1 / 16],
    text: ["r/r₀ = ½ → Q/Q₀ = 1/16"],
    textposition: "top left",
    marker: { color: semanticColors.threshold, size: 11, symbol: "circle-open", line: { width: 2 } },
  });
  return {
    data,
    layout: withBaseLayout({
      title: { text: "Flow falls with the fourth power of the radius" },
      xaxis: { title: axisTitle("Lumen radius relative to healthy, r/r₀"), range: [0, 1.02] },
      yaxis: { title: axisTitle("Flow relative to healthy, Q/Q₀"), range: [0, 1.02] },
      legend: { x: 0.02, y: 0.98 },
    }),
  };
}

/** The state drawn by {@link strictureFlowFigure}: one stricture, one fluid, one pressure drop. */
export interface StrictureFlowFigureInputs {
  /** Lumen radius of the stricture, mm. */
  radiusMm: number;
  /** Stricture length, cm. */
  lengthCm: number;
  /** Viscosity μ in mPa·s; for n ≠ 1 the consistency K in mPa·sⁿ. */
  viscosityMPaS: number;
  /** Flow behaviour index n, 0 < n <= 2 (`MAX_FLOW_BEHAVIOUR_INDEX`). Default: 1 (Newtonian). */
  flowBehaviourIndex?: number;
  /** Driving pressure drop across the stricture, Pa (> 0). Default: 100 (≈ 1 cmH₂O). */
  pressureDropPa?: number;
  /** Healthy lumen radius r₀ the Newtonian line passes through, mm. Default: 12.5. */
  referenceRadiusMm?: number;
  /** Density for the Reynolds number, kg/m³. Default: 1000. */
  densityKgM3?: number;
}

/** Options for {@link strictureFlowFigure}. */
export interface StrictureFlowFigureOptions {
  /**
   * Radii the curves span, mm, `[min, max]` with 0 < min < max; widened to include the
   * stricture and r₀. Fixed, so that the x axis stays put while the radius changes. Default: [1, 12.5].
   */
  radiusRangeMm?: [number, number];
  /** Points of each curve (log-spaced radii), an integer from 2 to {@link MAX_CURVE_POINTS}. Default: 61. */
  points?: number;
}

function gridMm(min: number, max: number, points: number): number[] {
  // log-spaced radii so the log-log curve is smooth
  const a = Math.log(min);
  const b = Math.log(max);
  return Array.from({ length: points }, (_, i) => Math.exp(a + ((b - a) * i) / (points - 1)));
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

/**
 * Flow through a stricture against its lumen radius, log-log so that the slope is the exponent
 * 3 + 1/n: the power-law tube flow Q = π r³/(3 + 1/n) · (ΔP r/(2 K L))^(1/n) (Newtonian n = 1:
 * Poiseuille, Q = π r⁴ ΔP/(8 μ L); Bird, Stewart & Lightfoot 2002, eq. 8.3-9) from
 * {@link tubeFlowMlMin}, a dashed Newtonian line Q₀ (r/r₀)⁴ through the same flow Q₀ at the
 * healthy radius r₀ ({@link relativeFlow}), the stricture marked, and the healthy lumen marked.
 * Pure: the live calculator "stricture-flow" redraws it on every change.
 * @example
 * const fig = strictureFlowFigure({ radiusMm: 2.5, lengthCm: 3, viscosityMPaS: 1000 });
 * fig.layout.title.text // "Flow through a 3 cm stricture at ΔP = 100 Pa (μ = 1000 mPa·s): Q ∝ r^4"
 * fig.data.map((d) => d.name) // ["this fluid", "Newtonian scaling Q ∝ r⁴ (same flow at r₀)", "stricture", "healthy lumen r₀"]
 * // Poiseuille by hand: π (2.5e-3 m)⁴ · 100 Pa / (8 · 1 Pa·s · 0.03 m) = 5.11e-8 m³/s = 3.07 mL/min
 * fig.data[2].y[0] // 3.068
 */
export function strictureFlowFigure(inputs: StrictureFlowFigureInputs, opts?: StrictureFlowFigureOptions): Figure {
  const i = assertObject<StrictureFlowFigureInputs>(inputs, "inputs");
  const r = assertPositive(i.radiusMm, "radiusMm");
  const lengthCm = assertPositive(i.lengthCm, "lengthCm");
  const kMPaSn = assertPositive(i.viscosityMPaS, "viscosityMPaS");
  const n = i.flowBehaviourIndex === undefined ? 1 : assertPositive(i.flowBehaviourIndex, "flowBehaviourIndex");
  relativeFlow(1, 1, { flowBehaviourIndex: n }); // checks n <= MAX_FLOW_BEHAVIOUR_INDEX, naming flowBehaviourIndex
  const dp = assertPositive(i.pressureDropPa ?? 100, "pressureDropPa");
  const rRef = assertPositive(i.referenceRadiusMm ?? 12.5, "referenceRadiusMm");
  const density = assertPositive(i.densityKgM3 ?? DEFAULT_DENSITY_KG_M3, "densityKgM3");
  const options = optionsObject(opts);
  const range = options.radiusRangeMm === undefined ? [1, 12.5] : assertArray<unknown>(options.radiusRangeMm, "radiusRangeMm");
  if (range.length !== 2) {
    throw new InputError({ field: "radiusRangeMm", value: options.radiusRangeMm, expected: "[min, max] in mm" });
  }
  const lo0 = assertPositive(range[0], "radiusRangeMm[0]");
  const hi0 = assertPositive(range[1], "radiusRangeMm[1]");
  if (hi0 <= lo0) throw new InputError({ field: "radiusRangeMm", value: options.radiusRangeMm, expected: "[min, max] with min < max" });
  const points = assertCount(options.points ?? 61, "points", 2, MAX_CURVE_POINTS);
  const grid = gridMm(Math.min(lo0, r, rRef), Math.max(hi0, r, rRef), points);

  const fluid = {
    consistencyPaSn: convert(kMPaSn, "viscosity", "mPa*s", "Pa*s"),
    flowBehaviourIndex: n,
    densityKgM3: density,
  };
  const q = (radiusMm: number) => tubeFlowMlMin({ radiusMm, lengthCm, pressureDropPa: dp }, fluid);
  const qNow = q(r);
  const qRef = q(rRef);
  const flow = grid.map((g) => q(g));
  const newtonian = grid.map((g) => qRef * relativeFlow(g, rRef));
  const fluidText = n === 1 ? `μ = ${fmt(kMPaSn)} mPa·s` : `K = ${fmt(kMPaSn)} mPa·sⁿ, n = ${fmt(n)}`;
  return {
    data: [
      {
        type: "scatter",
        mode: "lines",
        name: "this fluid",
        x: grid,
        y: flow,
        line: { color: semanticColors.model, width: 3 },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "Newtonian scaling Q ∝ r⁴ (same flow at r₀)",
        x: grid,
        y: newtonian,
        line: { color: palette.grey, width: 2, dash: "dash" },
      },
      {
        type: "scatter",
        mode: "markers",
        name: "stricture",
        x: [r],
        y: [qNow],
        marker: { color: semanticColors.active, size: 14 },
      },
      {
        type: "scatter",
        mode: "markers",
        name: "healthy lumen r₀",
        x: [rRef],
        y: [qRef],
        marker: { color: semanticColors.remission, size: 11, symbol: "circle-open", line: { width: 2 } },
      },
    ],
    layout: withBaseLayout({
      title: {
        text: `Flow through a ${fmt(lengthCm)} cm stricture at ΔP = ${fmt(dp)} Pa (${fluidText}): Q ∝ r^${fmt(3 + 1 / n)}`,
        font: { size: 14 },
      },
      height: 420,
      margin: { l: 72, r: 24, t: 56, b: 56 },
      xaxis: { title: axisTitle("Lumen radius", "mm"), ...logAxis(grid) },
      yaxis: { title: axisTitle("Flow", "mL/min"), ...logAxis(flow, newtonian, [qNow, qRef]) },
      legend: { x: 0.02, y: 0.98, bgcolor: "rgba(255,255,255,0.8)" },
      // keeps the reader's zoom when the figure is redrawn for a new input
      uirevision: "stricture-flow",
    }),
  };
}

/** Checks a result of `segmentPressureDrop` handed back by a caller (the fields the profile draws). */
function checkAnalysis(analysis: unknown): SegmentAnalysis {
  const a = assertObject<SegmentAnalysis>(analysis, "analysis");
  for (const k of ["flowMlMin", "pressureDropPa", "pressureDropCmH2O", "pressureRatioVsHealthy"] as const)
    assertFinite(a[k], `analysis.${k}`);
  const parts = assertArray<unknown>(a.parts, "analysis.parts");
  assertWithinLimit(parts.length, "analysis.parts.length", 2 * MAX_STRICTURES + 2);
  for (let i = 0; i < parts.length; i++) {
    const p = assertObject<Record<string, unknown>>(parts[i], `analysis.parts[${i}]`);
    assertOneOf(p.kind, `analysis.parts[${i}].kind`, ["normal", "dilation", "stricture"] as const);
    assertNonNegative(p.startCm, `analysis.parts[${i}].startCm`);
    assertPositive(p.lengthCm, `analysis.parts[${i}].lengthCm`);
    assertPositive(p.diameterMm, `analysis.parts[${i}].diameterMm`);
    assertFinite(p.pressureDropPa, `analysis.parts[${i}].pressureDropPa`);
  }
  return a;
}

/** Checks a result of `compareInterventions` handed back by a caller (the fields the bar chart draws). */
function checkComparison(comparison: unknown): ReturnType<typeof compareInterventions> {
  const c = assertObject<ReturnType<typeof compareInterventions>>(comparison, "comparison");
  const rows = assertArray<unknown>(c.rows, "comparison.rows", { nonEmpty: true });
  assertWithinLimit(rows.length, "comparison.rows.length", 1000);
  for (let i = 0; i < rows.length; i++) {
    const r = assertObject<Record<string, unknown>>(rows[i], `comparison.rows[${i}]`);
    assertString(r.scenario, `comparison.rows[${i}].scenario`);
    assertFinite(r.flowMlMin, `comparison.rows[${i}].flowMlMin`);
    assertFinite(r.flowRelativeToHealthy, `comparison.rows[${i}].flowRelativeToHealthy`);
  }
  return c;
}

/**
 * Pressure along a bowel segment (the hydraulic grade line) at the analysed flow, with the
 * lumen diameter underneath: the pressure falls steeply across each stricture.
 * @example
 * const segment = { lengthCm: 30, normalDiameterMm: 25, strictures: [{ lengthCm: 3, diameterMm: 8 }] };
 * const fig = segmentProfileFigure(segmentPressureDrop(segment, { flowMlMin: 5, fluid: { viscosityMPaS: 100 } }));
 * fig.layout.title.text // "Pressure needed for 5 mL/min: 2.72 Pa (0.0278 cmH₂O), 10.4× healthy"
 */
export function segmentProfileFigure(analysis: SegmentAnalysis, options?: { title?: string }): Figure {
  checkAnalysis(analysis);
  const title = optionalString(optionsObject(options).title, "title");
  const xs: number[] = [];
  const ps: number[] = [];
  const dx: number[] = [];
  const ds: number[] = [];
  let p = analysis.pressureDropPa;
  for (const part of analysis.parts) {
    xs.push(part.startCm);
    ps.push(p);
    p -= part.pressureDropPa;
    xs.push(part.startCm + part.lengthCm);
    ps.push(Math.max(0, p));
    dx.push(part.startCm, part.startCm + part.lengthCm);
    ds.push(part.diameterMm, part.diameterMm);
  }
  const shapes = analysis.parts
    .filter((part) => part.kind === "stricture")
    .map((part) => ({
      type: "rect",
      xref: "x",
      yref: "paper",
      x0: part.startCm,
      x1: part.startCm + part.lengthCm,
      y0: 0,
      y1: 1,
      fillcolor: semanticColors.active,
      opacity: 0.12,
      line: { width: 0 },
    }));
  return {
    data: [
      {
        type: "scatter",
        mode: "lines",
        name: "pressure above outlet",
        x: xs,
        y: ps,
        line: { color: semanticColors.model, width: 3 },
        xaxis: "x",
        yaxis: "y",
      },
      {
        type: "scatter",
        mode: "lines",
        name: "lumen diameter",
        x: dx,
        y: ds,
        fill: "tozeroy",
        line: { color: palette.orange, width: 2 },
        xaxis: "x",
        yaxis: "y2",
      },
    ],
    layout: withBaseLayout({
      title: {
        text:
          title ??
          `Pressure needed for ${fmt(analysis.flowMlMin)} mL/min: ${fmt(analysis.pressureDropPa)} Pa (${fmt(analysis.pressureDropCmH2O)} cmH₂O), ${fmt(analysis.pressureRatioVsHealthy)}× healthy`,
        font: { size: 14 },
      },
      grid: { rows: 2, columns: 1, subplots: [["xy"], ["xy2"]], roworder: "top to bottom" },
      xaxis: { title: axisTitle("Distance along the segment", "cm"), anchor: "y2" },
      yaxis: { title: axisTitle("Pressure", "Pa"), domain: [0.42, 1] },
      yaxis2: { title: axisTitle("Lumen", "mm"), domain: [0, 0.3], rangemode: "tozero" },
      shapes,
      height: 520,
      showlegend: true,
      legend: { x: 0.75, y: 0.98 },
    }),
  };
}

/**
 * Bar chart of flow at the same driving pressure before treatment, after balloon dilation
 * to each diameter and after resection (from {@link compareInterventions}).
 * @example
 * const segment = { lengthCm: 30, normalDiameterMm: 25, strictures: [{ lengthCm: 3, diameterMm: 8 }] };
 * const fig = interventionFigure(compareInterventions(segment, { pressureDropPa: 50, fluid: { viscosityMPaS: 100 } }));
 * fig.layout.title.text // "Flow at the same driving pressure, before and after treatment"
 * fig.data.length // 1
 */
export function interventionFigure(comparison: ReturnType<typeof compareInterventions>, options?: { title?: string }): Figure {
  const rows = checkComparison(comparison).rows;
  const title = optionalString(optionsObject(options).title, "title");
  const colour = (s: string) =>
    s.startsWith("before") ? semanticColors.active : s.startsWith("resection") ? semanticColors.remission : semanticColors.model;
  return {
    data: [
      {
        type: "bar",
        name: "flow",
        x: rows.map((r) => r.scenario),
        y: rows.map((r) => r.flowRelativeToHealthy * 100),
        text: rows.map((r) => `${fmt(r.flowMlMin)} mL/min`),
        textposition: "outside",
        marker: { color: rows.map((r) => colour(r.scenario)) },
      },
    ],
    layout: withBaseLayout({
      title: { text: title ?? "Flow at the same driving pressure, before and after treatment" },
      xaxis: { title: axisTitle("Scenario") },
      yaxis: { title: axisTitle("Flow relative to a healthy segment", "%"), rangemode: "tozero" },
      showlegend: false,
    }),
  };
}
