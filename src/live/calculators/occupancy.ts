/**
 * Live calculator "occupancy" (chapter 05 Pharmacokinetics): target occupancy at equilibrium,
 * occupancy = C / (C + KD) (law of mass action), with the choice of dissociation constant made
 * visible. The same trough is "fully occupied" against the in-vitro KD of infliximab for soluble TNF
 * (4.2 pM) and only partly occupied against the in-vivo steady-state constant KSS (15.4 nM, Ternant
 * 2021): which constant is used decides whether an occupancy argument means anything.
 *
 * Library functions called: `occupancyUgMlVsKdNm` and `receptorOccupancy` (src/pk/occupancy.ts),
 * `ugPerMlToNanomolar` and `nanomolarToUgPerMl` (src/core/units.ts) for the molar conversions.
 */
import { InputError } from "../../core/errors";
import { nanomolarToUgPerMl, ugPerMlToNanomolar } from "../../core/units";
import { assertInRange, assertObject, optionsObject } from "../../core/validate";
import { INFLIXIMAB_MW_KDA, occupancyUgMlVsKdNm, receptorOccupancy } from "../../pk/occupancy";
import { axisTitle, type Figure, logAxis, referenceLine } from "../../plot/figure";
import { palette, semanticColors, withBaseLayout } from "../../plot/palette";
import type { Calculator, LiveValues, NumberInput, SelectInput } from "../types";

/**
 * The published dissociation constants the calculator offers, in nM.
 *
 * - in-vitro: infliximab binds soluble TNF with KD ≈ 4.2 pM = 0.0042 nM (adalimumab ≈ 8.6 pM),
 *   as collected in the project's domain facts (/work/shared/domain-facts.md, section 2).
 * - in-vivo: the steady-state constant of the central compartment of the infliximab double-TMDD
 *   model, KSS = 15.4 nM (Ternant D et al. Pharmaceutics 2021;13:1821; Berends 2019, J Pharmacokinet
 *   Pharmacodyn 46:543, estimated 13.6 nM). KSS = (koff + kint)/kon is an apparent constant, not a pure KD.
 */
export const OCCUPANCY_KD_NM = { "in-vitro": 0.0042, "in-vivo": 15.4 } as const;

/** Where the KD comes from: one of the published constants, or the value in the `kdNm` field. */
export type KdSource = keyof typeof OCCUPANCY_KD_NM | "custom";

/** Initial values of the occupancy calculator's form (plain JSON). */
export interface OccupancyCalculatorOptions {
  /** Free drug concentration, µg/mL. Default: 5 (a maintenance infliximab trough). */
  concentrationUgMl?: number;
  /** Which KD to use. Default: "in-vivo". */
  kdSource?: KdSource;
  /** KD in nM used when `kdSource` is "custom". Default: 6.7 (1 µg/mL of infliximab, the chapter's "KD about 1"). */
  kdNm?: number;
  /** Molecular weight of the antibody, kDa. Default: 149.1 (infliximab). */
  molecularWeightKDa?: number;
}

const KD_SOURCES: readonly KdSource[] = ["in-vitro", "in-vivo", "custom"];

function numberInput(base: Omit<NumberInput, "kind" | "value">, value: unknown, field: string): NumberInput {
  return { kind: "number", ...base, value: assertInRange(value, field, base.min, base.max) };
}

/** Reads a number field from the form values, checked against the input's declared range. */
function readNumber(values: LiveValues, input: NumberInput): number {
  return assertInRange(values[input.name], input.name, input.min, input.max);
}

/**
 * Occupancy calculator: occupancy = C/(C + KD) with C converted to nM with the molecular weight
 * (C[nM] = 1000·C[µg/mL]/MW[kDa]); the concentration giving 90 % occupancy is C90 = 9·KD (from
 * 0.9 = C/(C + KD)), converted back to µg/mL. KD constants: {@link OCCUPANCY_KD_NM} (in-vitro 4.2 pM;
 * in-vivo KSS 15.4 nM, Ternant 2021 Pharmaceutics 13:1821). Langmuir isotherm as in Rang 2006,
 * Br J Pharmacol 147:S9.
 *
 * Outputs: `occupancyFraction` (0-1), `kdUsedNm` (the KD actually used, nM), `concentrationNm`,
 * `concentrationFor90PercentUgMl`. Inputs: `concentrationUgMl`, `kdSource`, `kdNm` (read only when
 * `kdSource` is "custom"), `molecularWeightKDa`.
 * @throws InputError for an option or a form value outside its declared range, or an unknown KD source.
 * @example
 * const calc = occupancyCalculator();
 * const r = calc.compute({ concentrationUgMl: 5, kdSource: "in-vivo", kdNm: 6.7, molecularWeightKDa: 149.1 });
 * r.outputs.occupancyFraction // 0.685: 33.5 nM against KSS 15.4 nM
 * r.outputs.concentrationFor90PercentUgMl // 20.7 µg/mL (9 × 15.4 nM)
 * calc.compute({ concentrationUgMl: 5, kdSource: "in-vitro", kdNm: 6.7, molecularWeightKDa: 149.1 }).outputs.occupancyFraction // 0.9999: picomolar KD
 * calc.compute({ concentrationUgMl: -1, kdSource: "in-vivo", kdNm: 6.7, molecularWeightKDa: 149.1 }) // throws InputError
 */
export function occupancyCalculator(options?: OccupancyCalculatorOptions): Calculator {
  const o = optionsObject(options);
  const concentration = numberInput(
    {
      name: "concentrationUgMl",
      label: "Free drug concentration",
      unit: "µg/mL",
      min: 0.01,
      max: 200,
      step: 0.01,
      log: true,
      help: "A trough level, for example.",
    },
    o.concentrationUgMl ?? 5,
    "concentrationUgMl",
  );
  const kdSource: SelectInput = {
    kind: "select",
    name: "kdSource",
    label: "Dissociation constant",
    help: "In-vitro KD for soluble TNF, the in-vivo steady-state constant, or your own value.",
    options: [
      { value: "in-vitro", label: `In vitro: KD ${OCCUPANCY_KD_NM["in-vitro"] * 1000} pM (infliximab-TNF)` },
      { value: "in-vivo", label: `In vivo: KSS ${OCCUPANCY_KD_NM["in-vivo"]} nM (Ternant 2021)` },
      { value: "custom", label: "Custom (the KD field)" },
    ],
    value: o.kdSource === undefined ? "in-vivo" : assertKdSource(o.kdSource, "kdSource"),
  };
  const kd = numberInput(
    {
      name: "kdNm",
      label: "Custom KD",
      unit: "nM",
      min: 0.001,
      max: 1000,
      step: 0.001,
      log: true,
      help: "Used only when the dissociation constant is Custom.",
    },
    o.kdNm ?? 6.7,
    "kdNm",
  );
  const mw = numberInput(
    { name: "molecularWeightKDa", label: "Molecular weight", unit: "kDa", min: 10, max: 1000, step: 0.1, help: "Infliximab 149.1 kDa." },
    o.molecularWeightKDa ?? INFLIXIMAB_MW_KDA,
    "molecularWeightKDa",
  );

  return {
    name: "occupancy",
    title: "Target occupancy: which KD?",
    chapter: "05 Pharmacokinetics",
    description:
      "Move the concentration and switch between the in-vitro KD and the in-vivo KSS: against a picomolar KD every measurable trough is fully occupied; against the in-vivo constant occupancy varies over the therapeutic range.",
    inputs: [concentration, kdSource, kd, mw],
    outputs: [
      { name: "occupancyFraction", label: "Occupancy", unit: "%", percent: true, digits: 4 },
      { name: "kdUsedNm", label: "KD used", unit: "nM" },
      { name: "concentrationNm", label: "Concentration", unit: "nM" },
      { name: "concentrationFor90PercentUgMl", label: "Concentration for 90 % occupancy", unit: "µg/mL" },
    ],
    compute(values: LiveValues) {
      const v = assertObject<LiveValues>(values, "values");
      const c = readNumber(v, concentration);
      const source = assertKdSource(v.kdSource, "kdSource");
      const mwKDa = readNumber(v, mw);
      const kdNm = source === "custom" ? readNumber(v, kd) : OCCUPANCY_KD_NM[source];
      const cNm = ugPerMlToNanomolar(c, mwKDa);
      const occupancy = occupancyUgMlVsKdNm(c, kdNm, mwKDa);
      const c90UgMl = nanomolarToUgPerMl(9 * kdNm, mwKDa);
      const notes = [
        `${fmt(c)} µg/mL of a ${fmt(mwKDa)} kDa antibody is ${fmt(cNm)} nM; against KD ${fmt(kdNm)} nM the target is ${pct(occupancy)} occupied (C/(C + KD)).`,
        source === "in-vitro"
          ? "The in-vitro KD for soluble TNF is picomolar: every measurable trough is then above 99.9 % occupancy, so occupancy cannot tell an adequate trough from a low one."
          : source === "in-vivo"
            ? "KSS = (koff + kint)/kon is the in-vivo steady-state constant of a target-mediated disposition model (Ternant 2021; Berends 2019 estimated 13.6 nM): it includes internalisation, which is why it is thousands of times larger than the in-vitro KD."
            : "Custom KD: state where the value comes from; in-vitro and in-vivo constants of the same antibody differ by a factor of several thousand.",
        `90 % occupancy needs C = 9·KD = ${fmt(9 * kdNm)} nM, i.e. ${fmt(c90UgMl)} µg/mL.`,
      ];
      if (source !== "custom") notes.push(`The custom KD field is ignored while the constant is "${source}".`);
      return {
        outputs: {
          occupancyFraction: occupancy,
          kdUsedNm: kdNm,
          concentrationNm: cNm,
          concentrationFor90PercentUgMl: c90UgMl,
        },
        figure: occupancyFigure(c, occupancy, kdNm, source, mwKDa),
        notes,
      };
    },
  };
}

function assertKdSource(value: unknown, field: string): KdSource {
  if (typeof value !== "string" || !KD_SOURCES.includes(value as KdSource)) {
    throw new InputError({ field, value, expected: `one of ${KD_SOURCES.join(", ")}` });
  }
  return value as KdSource;
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

function pct(p: number): string {
  return p > 0.999 && p < 1 ? `${Number((100 * p).toPrecision(6))} %` : `${Number((100 * p).toPrecision(3))} %`;
}

/** Occupancy (%) against concentration (µg/mL, log axis) for both published constants (and a custom one). */
function occupancyFigure(cUgMl: number, occupancy: number, kdNm: number, source: KdSource, mwKDa: number): Figure {
  const kdUgMl = (k: number) => nanomolarToUgPerMl(k, mwKDa);
  const kds = [OCCUPANCY_KD_NM["in-vitro"], OCCUPANCY_KD_NM["in-vivo"], kdNm];
  // a log grid wide enough for both sigmoids, the custom KD and the current point
  const lo = Math.min(1e-5, ...kds.map((k) => kdUgMl(k) / 100), cUgMl / 10);
  const hi = Math.max(1e3, ...kds.map((k) => kdUgMl(k) * 100), cUgMl * 10);
  const n = 241;
  const x: number[] = [];
  const l0 = Math.log10(lo);
  const step = (Math.log10(hi) - l0) / (n - 1);
  for (let i = 0; i < n; i++) x.push(10 ** (l0 + i * step));
  const curve = (k: number) => x.map((c) => 100 * receptorOccupancy(ugPerMlToNanomolar(c, mwKDa), k));
  const line = (k: number, name: string, color: string, selected: boolean) => ({
    type: "scatter",
    mode: "lines",
    name,
    x,
    y: curve(k),
    line: { color, width: selected ? 3 : 1.5, dash: selected ? "solid" : "dot" },
    hovertemplate: "%{x:.3g} µg/mL: %{y:.4g} %<extra></extra>",
  });
  const data: Record<string, unknown>[] = [
    line(OCCUPANCY_KD_NM["in-vitro"], "in-vitro KD 4.2 pM", palette.orange, source === "in-vitro"),
    line(OCCUPANCY_KD_NM["in-vivo"], "in-vivo KSS 15.4 nM", semanticColors.model, source === "in-vivo"),
  ];
  if (source === "custom") data.push(line(kdNm, `custom KD ${fmt(kdNm)} nM`, palette.purple, true));
  data.push({
    type: "scatter",
    mode: "markers+text",
    name: "current concentration",
    x: [cUgMl],
    y: [100 * occupancy],
    text: [`${fmt(cUgMl)} µg/mL: ${pct(occupancy)}`],
    textposition: "bottom right",
    marker: { color: semanticColors.active, size: 11, symbol: "circle" },
    showlegend: false,
  });
  return {
    data,
    layout: withBaseLayout({
      title: { text: "Occupancy C/(C + KD): in-vitro KD vs in-vivo KSS" },
      height: 420,
      uirevision: "occupancy",
      xaxis: { title: axisTitle("Free drug concentration", "µg/mL"), ...logAxis(x) },
      yaxis: { title: axisTitle("Target occupancy", "%"), range: [0, 105] },
      shapes: [referenceLine("y", 90, { color: semanticColors.threshold, dash: "dot" })],
      legend: { x: 0.01, y: 0.99 },
    }),
  };
}
