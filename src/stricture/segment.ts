/**
 * A bowel segment as tubes in series: healthy bowel, one or more strictures and
 * an optional prestenotic dilation. The same flow passes through every part and
 * the pressure drops add (Kirchhoff's law for hydraulic circuits):
 *
 *   ΔP_total = Σ ΔP_i(Q),   with ΔP_i = R_i · Q (Newtonian) or c_i · Qⁿ (power law)
 *
 * so the flow at a given driving pressure is Q = (ΔP_total / Σ c_i)^(1/n), exactly.
 * Resistances in series do not depend on the order of the parts; for the pressure
 * profile the parts are laid out as: healthy bowel, dilation, first stricture,
 * healthy bowel, next stricture, ..., healthy bowel (the healthy length shared equally).
 *
 * Scope: a rigid, straight, fully developed laminar model. Real bowel is
 * compliant and moves its contents by peristalsis; the model isolates what the
 * narrowing alone does to the work needed to push contents through.
 */

import { InputError } from "../core/errors";
import { convert } from "../core/units";
import { assertObject, assertPositive, assertWithinLimit, finiteOrThrow, finiteResult, optionalString } from "../core/validate";

/** Most strictures in one segment: 1000. */
export const MAX_STRICTURES = 1000;

import {
  type Fluid,
  flowRegime,
  type PressureDropInput,
  pressureCoefficientResolved,
  pressureDropToPa,
  type ResolvedFluid,
  resolveFluid,
} from "./tube";

/** One stricture: its length and its narrowest lumen diameter. */
export interface StrictureSpec {
  lengthCm: number;
  diameterMm: number;
  /** Name used in tables and figures. Default: "stricture 1", "stricture 2", ... */
  label?: string;
}

/** The dilated bowel just upstream of the strictures. */
export interface DilationSpec {
  lengthCm: number;
  diameterMm: number;
}

/** A bowel segment: total length, healthy lumen diameter, strictures, dilation. */
export interface BowelSegment {
  /** Total length of the segment modelled, cm (strictures and dilation included). */
  lengthCm: number;
  /** Lumen diameter of the healthy bowel, mm (small bowel ~25 mm). */
  normalDiameterMm: number;
  /** Strictures. Default: none. */
  strictures?: StrictureSpec[];
  /** Prestenotic dilation. Default: none. */
  prestenoticDilation?: DilationSpec;
}

/** One part of the segment in flow order. */
export interface SegmentPart {
  kind: "normal" | "dilation" | "stricture";
  label: string;
  /** Distance from the segment inlet to the start of this part, cm. */
  startCm: number;
  lengthCm: number;
  diameterMm: number;
}

/**
 * Validates a segment and lays it out as parts in flow order.
 * @throws InputError when a length or diameter is not positive, or when the strictures and
 * dilation together are longer than the segment (field `strictures[i].lengthCm`).
 */
export function segmentParts(segment: BowelSegment): SegmentPart[] {
  if (segment === null || typeof segment !== "object") {
    throw new InputError({ field: "segment", value: segment, expected: "{ lengthCm, normalDiameterMm, strictures? }" });
  }
  const total = assertPositive(segment.lengthCm, "lengthCm");
  const normalD = assertPositive(segment.normalDiameterMm, "normalDiameterMm");
  const strictures = segment.strictures ?? [];
  if (!Array.isArray(strictures)) {
    throw new InputError({ field: "strictures", value: strictures, expected: "an array of { lengthCm, diameterMm }" });
  }
  assertWithinLimit(strictures.length, "strictures.length", MAX_STRICTURES);
  let used = 0;
  const dil = segment.prestenoticDilation;
  if (dil !== undefined) {
    assertObject(dil, "prestenoticDilation");
    const l = assertPositive(dil.lengthCm, "prestenoticDilation.lengthCm");
    assertPositive(dil.diameterMm, "prestenoticDilation.diameterMm");
    used += l;
    if (used > total) {
      throw new InputError(
        { field: "prestenoticDilation.lengthCm", value: l, expected: `a length <= the segment length ${total} cm` },
        "dilation longer than the segment",
      );
    }
  }
  for (let i = 0; i < strictures.length; i++) {
    const s = assertObject<StrictureSpec>(strictures[i], `strictures[${i}]`);
    const l = assertPositive(s.lengthCm, `strictures[${i}].lengthCm`);
    assertPositive(s.diameterMm, `strictures[${i}].diameterMm`);
    optionalString(s.label, `strictures[${i}].label`);
    used += l;
    if (used > total + 1e-12) {
      throw new InputError(
        {
          field: `strictures[${i}].lengthCm`,
          value: l,
          expected: `strictures (and dilation) totalling <= the segment length ${total} cm; they reach ${Number(used.toPrecision(12))} cm`,
        },
        "stricture longer than the segment",
      );
    }
  }
  const normalPiece = Math.max(0, total - used) / (strictures.length + 1);
  const parts: SegmentPart[] = [];
  let at = 0;
  const add = (kind: SegmentPart["kind"], label: string, lengthCm: number, diameterMm: number): void => {
    if (lengthCm > 0) parts.push({ kind, label, startCm: at, lengthCm, diameterMm });
    at += lengthCm;
  };
  add("normal", "healthy bowel", normalPiece, normalD);
  if (dil !== undefined) add("dilation", "prestenotic dilation", dil.lengthCm, dil.diameterMm);
  for (let i = 0; i < strictures.length; i++) {
    const s = strictures[i];
    add("stricture", s.label ?? `stricture ${i + 1}`, s.lengthCm, s.diameterMm);
    add("normal", "healthy bowel", normalPiece, normalD);
  }
  return parts;
}

/** One part with its share of the pressure drop at the analysed flow. */
export interface SegmentPartResult extends SegmentPart {
  pressureDropPa: number;
  /** Fraction of the total pressure drop across this part. */
  share: number;
  /** ΔP/Q at this flow, Pa·min/mL (the resistance; flow-dependent when n ≠ 1). */
  resistancePaMinPerMl: number;
  reynolds: number;
  meanVelocityMmS: number;
}

/** A segment analysed at one flow. */
export interface SegmentAnalysis {
  flowMlMin: number;
  pressureDropPa: number;
  pressureDropMmHg: number;
  pressureDropCmH2O: number;
  parts: SegmentPartResult[];
  /** Pressure drop the same segment would need with no strictures or dilation, Pa. */
  healthyPressureDropPa: number;
  /** pressureDropPa / healthyPressureDropPa. */
  pressureRatioVsHealthy: number;
  /** Laminar and entrance-length warnings from every part (see {@link flowRegime}). */
  warnings: string[];
}

/** Options shared by the segment functions. */
export interface SegmentFlowOptions {
  /** The contents. Newtonian `{ viscosityMPaS }` or power law `{ consistencyPaSn, flowBehaviourIndex }`. */
  fluid: Fluid;
}

function coefficients(parts: SegmentPart[], fluid: ResolvedFluid): number[] {
  // parts are validated by segmentParts, so the fast path is safe here
  return parts.map((p) => pressureCoefficientResolved(p.diameterMm / 2, p.lengthCm, fluid));
}

function sumOf(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/**
 * The pressure needed to keep a given flow through the segment, with each part's share.
 * @example
 * const a = segmentPressureDrop({ lengthCm: 30, normalDiameterMm: 25, strictures: [{ lengthCm: 3, diameterMm: 8 }] },
 *   { flowMlMin: 5, fluid: { viscosityMPaS: 100 } });
 * a.pressureDropPa // 2.72 Pa
 * a.parts[0] // { kind: "normal", label: "healthy bowel", lengthCm: 13.5 }
 */
export function segmentPressureDrop(segment: BowelSegment, opts: SegmentFlowOptions & { flowMlMin: number }): SegmentAnalysis {
  const parts = segmentParts(segment);
  const options = assertObject<SegmentFlowOptions & { flowMlMin: number }>(opts, "options");
  const flow = assertPositive(options.flowMlMin, "flowMlMin");
  const f = resolveFluid(options.fluid);
  const c = coefficients(parts, f);
  const drops = c.map((ci) => ci * flow ** f.flowBehaviourIndex);
  const total = sumOf(drops);
  const warnings: string[] = [];
  const results = parts.map((p, i) => {
    const regime = flowRegime({ diameterMm: p.diameterMm, lengthCm: p.lengthCm, flowMlMin: flow }, options.fluid);
    for (const w of regime.warnings) warnings.push(`${p.label} (${p.startCm.toPrecision(3)} cm): ${w}`);
    return {
      ...p,
      pressureDropPa: drops[i],
      share: drops[i] / total,
      resistancePaMinPerMl: drops[i] / flow,
      reynolds: regime.reynolds,
      meanVelocityMmS: regime.meanVelocityMmS,
    };
  });
  const healthy = pressureCoefficientResolved(segment.normalDiameterMm / 2, segment.lengthCm, f) * flow ** f.flowBehaviourIndex;
  return finiteResult<SegmentAnalysis>(
    {
      flowMlMin: flow,
      pressureDropPa: finiteOrThrow(total, "pressureDropPa"),
      pressureDropMmHg: convert(total, "pressure", "Pa", "mmHg"),
      pressureDropCmH2O: convert(total, "pressure", "Pa", "cmH2O"),
      parts: results,
      healthyPressureDropPa: healthy,
      pressureRatioVsHealthy: total / healthy,
      warnings,
    },
    "segmentPressureDrop",
  );
}

/**
 * Flow (mL/min) through the segment at a given driving pressure: Q = (ΔP / Σ cᵢ)^(1/n).
 * @example
 * const fluid = { viscosityMPaS: 100 };
 * segmentFlowMlMin({ lengthCm: 30, normalDiameterMm: 25 }, { pressureDropPa: 10, fluid }) // 191.7 mL/min through healthy bowel
 * // A 3 cm, 8 mm stricture in series with the rest: resistances add, and the stricture dominates
 * segmentFlowMlMin({ lengthCm: 30, normalDiameterMm: 25, strictures: [{ lengthCm: 3, diameterMm: 8 }] }, { pressureDropPa: 10, fluid }) // 18.37
 */
export function segmentFlowMlMin(segment: BowelSegment, opts: SegmentFlowOptions & PressureDropInput): number {
  const parts = segmentParts(segment);
  const options = assertObject<SegmentFlowOptions & PressureDropInput>(opts, "options");
  const dp = pressureDropToPa(options);
  const f = resolveFluid(options.fluid);
  const sum = sumOf(coefficients(parts, f));
  return finiteOrThrow((dp / sum) ** (1 / f.flowBehaviourIndex), "flowMlMin");
}

/**
 * Fraction of the healthy segment's flow that passes at the same driving pressure,
 * Q(segment) / Q(healthy) = (Σc_healthy / Σc)^(1/n). Independent of the pressure chosen.
 * @example
 * // One 3 cm stricture of 8 mm in 30 cm of 25 mm bowel lets through under a tenth of the healthy flow
 * segmentRelativeFlow({ lengthCm: 30, normalDiameterMm: 25, strictures: [{ lengthCm: 3, diameterMm: 8 }] }, { fluid: { viscosityMPaS: 100 } }) // 0.096
 */
export function segmentRelativeFlow(segment: BowelSegment, opts: SegmentFlowOptions): number {
  const parts = segmentParts(segment);
  const options = assertObject<SegmentFlowOptions>(opts, "options");
  const f = resolveFluid(options.fluid);
  const sum = sumOf(coefficients(parts, f));
  const healthy = pressureCoefficientResolved(segment.normalDiameterMm / 2, segment.lengthCm, f);
  return finiteOrThrow((healthy / sum) ** (1 / f.flowBehaviourIndex), "relativeFlow");
}
