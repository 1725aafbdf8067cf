/**
 * Live calculator "stricture-flow" (chapter 07): flow through a fibrostenotic stricture at a
 * fixed pressure drop, for a Newtonian or shear-thinning (power-law) content, as the lumen
 * radius, stricture length, viscosity and flow behaviour index change.
 *
 * It replaces the plotly-slider stricture explorer and its hand-copied page script: the flow,
 * the Reynolds number and the figure all come from the library, in Node and in the browser
 * bundle alike. Calls `tubeFlowMlMin`, `flowRegime` and `relativeFlow` (src/stricture/tube.ts)
 * and `strictureFlowFigure` (src/stricture/figures.ts); units through `convert`
 * (src/core/units.ts).
 */
import { convert } from "../../core/units";
import { assertInRange, assertObject, assertPositive, optionsObject } from "../../core/validate";
import { strictureFlowFigure } from "../../stricture/figures";
import { DEFAULT_DENSITY_KG_M3, flowRegime, MAX_FLOW_BEHAVIOUR_INDEX, relativeFlow, tubeFlowMlMin } from "../../stricture/tube";
import type { Calculator, LiveResult, LiveValues, NumberInput } from "../types";

/** Options for {@link strictureFlowCalculator} (plain JSON). */
export interface StrictureFlowCalculatorOptions {
  /** Healthy lumen radius r₀ for "% of healthy" and the Newtonian line, mm. Default: 12.5 (a 25 mm ileum). */
  referenceRadiusMm?: number;
  /** Density of the contents for the Reynolds number, kg/m³. Default: 1000. */
  densityKgM3?: number;
}

/** Outside the slider bounds the inputs are refused (the bounds keep every result finite and positive). */
const INPUTS: NumberInput[] = [
  {
    kind: "number",
    name: "radiusMm",
    label: "Lumen radius",
    unit: "mm",
    help: "Radius of the narrowest lumen; a healthy small bowel is about 12.5 mm.",
    min: 0.5,
    max: 25,
    step: 0.1,
    value: 2.5,
    log: true,
  },
  {
    kind: "number",
    name: "lengthCm",
    label: "Stricture length",
    unit: "cm",
    help: "Flow falls in proportion to length (1/L for Newtonian contents, (1/L)^(1/n) for a power law).",
    min: 0.5,
    max: 30,
    step: 0.5,
    value: 3,
  },
  {
    kind: "number",
    name: "viscosityMPaS",
    label: "Viscosity μ (consistency K when n ≠ 1)",
    unit: "mPa·sⁿ",
    help: "Water at 37 °C is 0.69 mPa·s; chyme spans roughly 10 to 10⁵. For n ≠ 1 this is the consistency K in mPa·sⁿ.",
    min: 0.5,
    max: 1e6,
    step: 0.1,
    value: 1000,
    log: true,
  },
  {
    kind: "number",
    name: "flowBehaviourIndex",
    label: "Flow behaviour index n",
    help: "1 is Newtonian; below 1 the contents are shear-thinning and flow goes as r^(3 + 1/n).",
    min: 0.1,
    max: MAX_FLOW_BEHAVIOUR_INDEX,
    step: 0.05,
    value: 1,
  },
  {
    kind: "number",
    name: "pressureDropPa",
    label: "Pressure drop across the stricture",
    unit: "Pa",
    help: "100 Pa is about 1 cmH₂O (0.75 mmHg).",
    min: 1,
    max: 10000,
    step: 1,
    value: 100,
    log: true,
  },
];

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The stricture-flow calculator: flow Q through a stricture of radius r and length L at a
 * pressure drop ΔP, Q = π r³/(3 + 1/n) · (ΔP r/(2 K L))^(1/n) for a power-law fluid and
 * Poiseuille's Q = π r⁴ ΔP/(8 μ L) for n = 1 (Bird, Stewart & Lightfoot 2002, Transport
 * Phenomena, eq. 8.3-9), via `tubeFlowMlMin`; the flow as a percentage of a healthy lumen r₀
 * (same length, fluid and ΔP), 100 (r/r₀)^(3+1/n), via `relativeFlow`; and the Reynolds number
 * (Metzner & Reed 1955, AIChE J 1:434, equal to ρVD/μ for n = 1) with the laminar flag
 * Re < 2100, via `flowRegime`.
 *
 * Outputs: `flowMlMin`, `percentOfHealthy` (in %), `reynolds`, `laminar` (1 laminar, 0 not).
 * @example
 * const calc = strictureFlowCalculator();
 * calc.inputs.map((i) => i.name) // ["radiusMm", "lengthCm", "viscosityMPaS", "flowBehaviourIndex", "pressureDropPa"]
 * const result = calc.compute({ radiusMm: 2.5, lengthCm: 3, viscosityMPaS: 1000, flowBehaviourIndex: 1, pressureDropPa: 100 });
 * // Poiseuille by hand: π (2.5e-3 m)⁴ · 100 Pa / (8 · 1 Pa·s · 0.03 m) = 5.11e-8 m³/s = 3.07 mL/min
 * result.outputs.flowMlMin // 3.068
 * result.outputs.percentOfHealthy // 0.16 = 100 · (2.5/12.5)⁴
 * result.outputs.laminar // 1
 * calc.compute({ radiusMm: -1, lengthCm: 3, viscosityMPaS: 1000, flowBehaviourIndex: 1, pressureDropPa: 100 }) // throws InputError
 */
export function strictureFlowCalculator(options?: StrictureFlowCalculatorOptions): Calculator {
  const opts = optionsObject(options);
  const referenceRadiusMm = assertPositive(opts.referenceRadiusMm ?? 12.5, "referenceRadiusMm");
  const densityKgM3 = assertPositive(opts.densityKgM3 ?? DEFAULT_DENSITY_KG_M3, "densityKgM3");
  const radiusInput = INPUTS[0];
  const radiusRangeMm: [number, number] = [radiusInput.min, radiusInput.max];

  function compute(values: LiveValues): LiveResult {
    const v = assertObject<LiveValues>(values, "values");
    const [radiusMm, lengthCm, viscosityMPaS, flowBehaviourIndex, pressureDropPa] = INPUTS.map((input) =>
      assertInRange(v[input.name], input.name, input.min, input.max),
    );
    // for n ≠ 1 the viscosity field is the consistency K in mPa·sⁿ (n = 1: K = μ)
    const fluid = {
      consistencyPaSn: convert(viscosityMPaS, "viscosity", "mPa*s", "Pa*s"),
      flowBehaviourIndex,
      densityKgM3,
    };
    const flowMlMin = tubeFlowMlMin({ radiusMm, lengthCm, pressureDropPa }, fluid);
    const percentOfHealthy = 100 * relativeFlow(radiusMm, referenceRadiusMm, { flowBehaviourIndex });
    const regime = flowRegime({ radiusMm, lengthCm, flowMlMin }, fluid);
    const exponent = 3 + 1 / flowBehaviourIndex;
    const halved = 100 * relativeFlow(0.5, 1, { flowBehaviourIndex });
    const law =
      flowBehaviourIndex === 1
        ? "Q ∝ r⁴ (Poiseuille): halving the radius leaves 1/16 (6.25 %) of the flow."
        : `Q ∝ r^${fmt(exponent)} (power law, n = ${fmt(flowBehaviourIndex)}): halving the radius leaves ${fmt(halved)} % of the flow.`;
    const notes = [
      `A ${fmt(radiusMm)} mm lumen carries ${fmt(flowMlMin)} mL/min at ΔP = ${fmt(pressureDropPa)} Pa: ` +
        `${fmt(percentOfHealthy)} % of the flow through a healthy lumen of r₀ = ${fmt(referenceRadiusMm)} mm ` +
        `(same length, contents and pressure drop).`,
      law,
    ];
    if (regime.laminar) {
      notes.push(`Reynolds number ${fmt(regime.reynolds)} < ${regime.criticalReynolds}: laminar, as the formula assumes.`);
    }
    // the turbulence warning (Re ≥ critical) and the entrance-length warning, in flowRegime's words
    for (const w of regime.warnings) notes.push(sentence(w));
    const figure = strictureFlowFigure(
      { radiusMm, lengthCm, viscosityMPaS, flowBehaviourIndex, pressureDropPa, referenceRadiusMm, densityKgM3 },
      { radiusRangeMm },
    );
    return {
      outputs: { flowMlMin, percentOfHealthy, reynolds: regime.reynolds, laminar: regime.laminar ? 1 : 0 },
      figure,
      notes,
    };
  }

  return {
    name: "stricture-flow",
    title: "Flow through a stricture",
    chapter: "07 Stricture flow",
    description:
      "Narrow the lumen and watch the flow fall with the fourth power of the radius (faster still for shear-thinning " +
      "chyme, n < 1). Thin the contents towards water to see where the flow stops being laminar.",
    inputs: INPUTS.map((input) => ({ ...input })),
    outputs: [
      { name: "flowMlMin", label: "Flow", unit: "mL/min" },
      { name: "percentOfHealthy", label: "Flow relative to a healthy lumen", unit: "%" },
      { name: "reynolds", label: "Reynolds number" },
      { name: "laminar", label: "Laminar (1 yes, 0 no)", digits: 1 },
    ],
    compute,
  };
}
