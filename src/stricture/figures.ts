/**
 * Figure builders for the stricture chapter. All are pure (data in, plotly figure out).
 *
 * {@link strictureExplorerFigure} is the live one: four plotly sliders (lumen radius,
 * stricture length, viscosity/consistency, flow behaviour index) whose combination is
 * recomputed in the page, without a kernel, by the small script from
 * {@link strictureExplorerScript}, attached through `show(fig, { afterPlot })` (or
 * {@link showStrictureExplorer}). Plotly's own slider steps cannot combine four
 * independent sliders without precomputing every combination, so the sliders use
 * method "skip" and the script reads all four positions and redraws. The figure
 * alone (without the script) still draws its initial state correctly.
 */

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
import { axisTitle, checkFigure, type Figure, type Trace } from "../plot/figure";
import { palette, semanticColors, withBaseLayout } from "../plot/palette";
import { type ShowOptions, show } from "../plot/show";
import type { compareInterventions } from "./dilation";
import { MAX_STRICTURES, type SegmentAnalysis } from "./segment";
import { CRITICAL_REYNOLDS, DEFAULT_DENSITY_KG_M3, flowRegime, relativeFlow, tubeFlowMlMin } from "./tube";

/** Most points of one curve of a stricture figure: 10,000. */
export const MAX_CURVE_POINTS = 10_000;
/** Most positions of one slider (or curves of {@link relativeFlowFigure}): 100. */
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

/** Options for {@link strictureExplorerFigure}; each list is one slider's positions. */
export interface StrictureExplorerOptions {
  /** Radius slider positions, mm. Default: 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12.5. */
  radiiMm?: number[];
  /** Stricture length slider positions, cm. Default: 1, 2, 3, 5, 7, 10, 15, 20. */
  lengthsCm?: number[];
  /**
   * Viscosity slider positions, mPa·s; for n ≠ 1 the value is the consistency K in mPa·sⁿ.
   * Default: 1 (water), 10, 100, 1000, 10000, 100000.
   */
  viscositiesMPaS?: number[];
  /** Flow behaviour index slider positions. Default: 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1. */
  flowBehaviourIndices?: number[];
  /** Initial slider values (the closest position is used). Default: 2.5 mm, 3 cm, 1000 mPa·s, n = 1. */
  initial?: { radiusMm?: number; lengthCm?: number; viscosityMPaS?: number; flowBehaviourIndex?: number };
  /** Driving pressure drop across the stricture, Pa. Default: 100 (≈ 1 cmH₂O). */
  pressureDropPa?: number;
  /** Healthy lumen radius for the "% of healthy" readout, mm. Default: 12.5. */
  referenceRadiusMm?: number;
  /** Density for the Reynolds number, kg/m³. Default: 1000. */
  densityKgM3?: number;
}

/** Everything the page script needs, stored in `layout.meta.strictureExplorer`. */
export interface StrictureExplorerMeta {
  radiusGridMm: number[];
  pressureDropPa: number;
  referenceRadiusMm: number;
  densityKgM3: number;
  criticalReynolds: number;
  /** Unit factors from src/core/units.ts, so the page does no unit arithmetic of its own. */
  mPerMm: number;
  mPerCm: number;
  paSPerMPaS: number;
  mlMinPerM3s: number;
}

function gridMm(min: number, max: number, points: number): number[] {
  // log-spaced radii so the log-log curve is smooth
  const a = Math.log(min);
  const b = Math.log(max);
  return Array.from({ length: points }, (_, i) => Number(Math.exp(a + ((b - a) * i) / (points - 1)).toPrecision(6)));
}

/** A slider's positions: a non-empty array of positive numbers (at most {@link MAX_SLIDER_POSITIONS}). */
function sliderValues(values: unknown, fallback: number[], field: string): number[] {
  if (values === undefined) return fallback;
  const list = assertArray<unknown>(values, field, { nonEmpty: true });
  assertWithinLimit(list.length, `${field}.length`, MAX_SLIDER_POSITIONS);
  return Array.from(list, (v, i) => assertPositive(v, `${field}[${i}]`));
}

function pickIndex(values: number[], wanted: number | undefined, fallback: number, field: string): number {
  values.forEach((v, i) => {
    assertPositive(v, `${field}[${i}]`);
  });
  const target = wanted === undefined ? fallback : assertPositive(wanted, `initial (${field})`);
  const i = values.indexOf(target);
  if (i >= 0) return i;
  // the fallback may not be among user-given positions: take the closest
  let best = 0;
  values.forEach((v, k) => {
    if (Math.abs(Math.log(v / target)) < Math.abs(Math.log(values[best] / target))) best = k;
  });
  return best;
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

/**
 * The readout under the explorer. Mirrored line by line in the page script
 * ({@link strictureExplorerScript}); the tests check both give the same text.
 */
function explorerReadout(r: number, q: number, qRef: number, re: number, critical: number, rRef: number): string {
  const pct = (100 * q) / qRef;
  const regime = re < critical ? "laminar" : `NOT laminar (Re ≥ ${critical}): the formula underestimates the pressure needed`;
  return `r = ${fmt(r)} mm → Q = ${fmt(q)} mL/min = ${fmt(pct)} % of the flow at r₀ = ${fmt(rRef)} mm<br>Re = ${fmt(re)} (${regime})`;
}

function explorerTitle(lengthCm: number, k: number, n: number, dp: number): string {
  const fluid = n === 1 ? `μ = ${fmt(k)} mPa·s` : `K = ${fmt(k)} mPa·sⁿ, n = ${fmt(n)}`;
  return `Flow through a ${fmt(lengthCm)} cm stricture at ΔP = ${fmt(dp)} Pa (${fluid}): Q ∝ r^${fmt(3 + 1 / n)}`;
}

/**
 * Live explorer of flow through a stricture: flow against lumen radius (log-log, so the
 * slope is the exponent 3 + 1/n), a Newtonian r⁴ line through the same flow at the healthy radius, the current
 * radius marked, and a readout of flow, % of healthy and Reynolds number. Four sliders
 * (radius, length, viscosity, n) are recomputed in the page by {@link strictureExplorerScript}.
 * @example
 * const fig = strictureExplorerFigure({ initial: { radiusMm: 5 } });
 * fig.layout.sliders.length // 4 (radius, length, viscosity, n), recomputed in the page without a kernel
 * fig.layout.title.text // "Flow through a 3 cm stricture at ΔP = 100 Pa (μ = 1000 mPa·s): Q ∝ r^4"
 */
export function strictureExplorerFigure(opts?: StrictureExplorerOptions): Figure {
  const options = optionsObject(opts);
  const radii = sliderValues(options.radiiMm, [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12.5], "radiiMm");
  const lengths = sliderValues(options.lengthsCm, [1, 2, 3, 5, 7, 10, 15, 20], "lengthsCm");
  const viscosities = sliderValues(options.viscositiesMPaS, [1, 10, 100, 1000, 10000, 100000], "viscositiesMPaS");
  const ns = sliderValues(options.flowBehaviourIndices, [0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1], "flowBehaviourIndices");
  for (const n of ns) relativeFlow(1, 1, { flowBehaviourIndex: n }); // 0 < n <= 2
  const init = optionsObject(options.initial, "initial");
  const iR = pickIndex(radii, init.radiusMm, 2.5, "radiiMm");
  const iL = pickIndex(lengths, init.lengthCm, 3, "lengthsCm");
  const iK = pickIndex(viscosities, init.viscosityMPaS, 1000, "viscositiesMPaS");
  const iN = pickIndex(ns, init.flowBehaviourIndex, 1, "flowBehaviourIndices");
  const dp = assertPositive(options.pressureDropPa ?? 100, "pressureDropPa");
  const rRef = assertPositive(options.referenceRadiusMm ?? 12.5, "referenceRadiusMm");
  const density = assertPositive(options.densityKgM3 ?? DEFAULT_DENSITY_KG_M3, "densityKgM3");
  const lo = Math.min(...radii, rRef);
  const hi = Math.max(...radii, rRef);
  const grid = gridMm(lo, hi, 61);
  const meta: StrictureExplorerMeta = {
    radiusGridMm: grid,
    pressureDropPa: dp,
    referenceRadiusMm: rRef,
    densityKgM3: density,
    criticalReynolds: CRITICAL_REYNOLDS,
    mPerMm: convert(1, "length", "mm", "m"),
    mPerCm: convert(1, "length", "cm", "m"),
    paSPerMPaS: convert(1, "viscosity", "mPa*s", "Pa*s"),
    mlMinPerM3s: convert(1, "flow", "m3/s", "mL/min"),
  };
  const r = radii[iR];
  const L = lengths[iL];
  const kMPaSn = viscosities[iK];
  const n = ns[iN];
  const fluid = { consistencyPaSn: kMPaSn * meta.paSPerMPaS, flowBehaviourIndex: n, densityKgM3: density };
  const q = (radiusMm: number) => tubeFlowMlMin({ radiusMm, lengthCm: L, pressureDropPa: dp }, fluid);
  const qNow = q(r);
  const qRef = q(rRef);
  const re = flowRegime({ radiusMm: r, flowMlMin: qNow }, fluid).reynolds;

  const slider = (name: string, label: string, suffix: string, values: number[], active: number, x: number, y: number) => ({
    name,
    active,
    x,
    y,
    len: 0.46,
    xanchor: "left",
    yanchor: "top",
    pad: { t: 10, b: 4 },
    currentvalue: { prefix: `${label}: `, suffix, font: { size: 13 } },
    steps: values.map((v) => ({ method: "skip", label: String(v), value: String(v), args: [] })),
  });

  return {
    data: [
      {
        type: "scatter",
        mode: "lines",
        name: "this fluid",
        x: grid,
        y: grid.map((g) => q(g)),
        line: { color: semanticColors.model, width: 3 },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "Newtonian scaling Q ∝ r⁴ (same flow at r₀)",
        x: grid,
        y: grid.map((g) => qRef * relativeFlow(g, rRef)),
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
    ],
    layout: withBaseLayout({
      title: { text: explorerTitle(L, kMPaSn, n, dp), font: { size: 14 } },
      height: 820,
      margin: { l: 72, r: 24, t: 56, b: 340 },
      xaxis: { title: axisTitle("Lumen radius", "mm"), type: "log" },
      yaxis: { title: axisTitle("Flow", "mL/min"), type: "log", exponentformat: "power" },
      legend: { x: 0.02, y: 0.98, bgcolor: "rgba(255,255,255,0.8)" },
      annotations: [
        {
          xref: "paper",
          yref: "paper",
          x: 0,
          y: -0.16,
          xanchor: "left",
          yanchor: "top",
          showarrow: false,
          align: "left",
          text: explorerReadout(r, qNow, qRef, re, CRITICAL_REYNOLDS, rRef),
          font: { size: 13 },
        },
      ],
      sliders: [
        slider("radiusMm", "Lumen radius", " mm", radii, iR, 0, -0.3),
        slider("lengthCm", "Stricture length", " cm", lengths, iL, 0.54, -0.3),
        slider("viscosityMPaS", "Viscosity μ or consistency K", " mPa·sⁿ", viscosities, iK, 0, -0.58),
        slider("flowBehaviourIndex", "Flow behaviour index n", "", ns, iN, 0.54, -0.58),
      ],
      meta: { strictureExplorer: meta },
    }),
  };
}

/**
 * JavaScript for `figureHtml`/`show`'s `afterPlot` option (runs with `gd` bound to the plot
 * div and the global `Plotly`): on every slider change it reads the four sliders, recomputes
 * the power-law flow Q = π r³/(3 + 1/n) · (ΔP r/(2 K L))^(1/n), the Newtonian r⁴ line through the
 * same flow at r₀, and the Metzner-Reed Reynolds number, and redraws. Mirrors `tubeFlowMlMin` and `flowRegime`.
 */
export function strictureExplorerScript(): string {
  return `
var m = gd.layout.meta && gd.layout.meta.strictureExplorer;
if (!m) { return; }
function fmt(x) { return String(Number(x.toPrecision(3))); }
function val(name) {
  var s = gd.layout.sliders.filter(function (t) { return t.name === name; })[0];
  return Number(s.steps[s.active || 0].value);
}
function flow(rMm, lCm, kPaSn, n) {
  var R = rMm * m.mPerMm, L = lCm * m.mPerCm;
  return Math.PI * Math.pow(R, 3) / (3 + 1 / n) * Math.pow(m.pressureDropPa * R / (2 * kPaSn * L), 1 / n) * m.mlMinPerM3s;
}
function reynolds(rMm, qMlMin, kPaSn, n) {
  var D = 2 * rMm * m.mPerMm, V = qMlMin / m.mlMinPerM3s / (Math.PI * Math.pow(rMm * m.mPerMm, 2));
  return m.densityKgM3 * Math.pow(V, 2 - n) * Math.pow(D, n) / (kPaSn * Math.pow(8, n - 1) * Math.pow((3 * n + 1) / (4 * n), n));
}
function update() {
  var r = val("radiusMm"), L = val("lengthCm"), kM = val("viscosityMPaS"), n = val("flowBehaviourIndex");
  var k = kM * m.paSPerMPaS;
  var ys = m.radiusGridMm.map(function (g) { return flow(g, L, k, n); });
  var q = flow(r, L, k, n), qRef = flow(m.referenceRadiusMm, L, k, n), re = reynolds(r, q, k, n);
  var yN = m.radiusGridMm.map(function (g) { return qRef * Math.pow(g / m.referenceRadiusMm, 4); });
  var crit = m.criticalReynolds;
  var regime = re < crit ? "laminar" : "NOT laminar (Re \\u2265 " + crit + "): the formula underestimates the pressure needed";
  var text = "r = " + fmt(r) + " mm \\u2192 Q = " + fmt(q) + " mL/min = " + fmt(100 * q / qRef) + " % of the flow at r\\u2080 = " +
    fmt(m.referenceRadiusMm) + " mm<br>Re = " + fmt(re) + " (" + regime + ")";
  var fluid = n === 1 ? "\\u03bc = " + fmt(kM) + " mPa\\u00b7s" : "K = " + fmt(kM) + " mPa\\u00b7s\\u207f, n = " + fmt(n);
  var title = "Flow through a " + fmt(L) + " cm stricture at \\u0394P = " + fmt(m.pressureDropPa) + " Pa (" + fluid + "): Q \\u221d r^" + fmt(3 + 1 / n);
  Plotly.restyle(gd, { x: [m.radiusGridMm, m.radiusGridMm, [r]], y: [ys, yN, [q]] }, [0, 1, 2]);
  Plotly.relayout(gd, { "annotations[0].text": text, "title.text": title });
}
gd.on("plotly_sliderchange", update);
`;
}

/**
 * Shows the explorer with its page script attached (works in exported HTML without a kernel).
 * Returns nothing, so that as the last line of a notebook cell it does not echo the HTML.
 * @example
 * // In a notebook: showStrictureExplorer(). Here the HTML goes to a stand-in for tslab's display.
 * const sent: string[] = [];
 * showStrictureExplorer(strictureExplorerFigure({ initial: { radiusMm: 5 } }), { target: { display: { html: (h: string) => sent.push(h) } }, includePlotly: false });
 * sent.length // 1
 * sent[0].includes("Plotly.newPlot") // true
 */
export function showStrictureExplorer(figure?: Figure, opts?: ShowOptions): void {
  const fig = figure === undefined ? strictureExplorerFigure() : checkFigure(figure);
  const options = optionsObject(opts);
  const after = optionalString(options.afterPlot === "" ? undefined : options.afterPlot, "afterPlot");
  const extra = after ? `\n${after}` : "";
  show(fig, { ...options, afterPlot: strictureExplorerScript() + extra });
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
