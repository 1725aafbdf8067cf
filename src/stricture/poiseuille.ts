/**
 * Hagen-Poiseuille law with the units in every name: radius or diameter in mm,
 * length in cm, pressure in Pa or mmHg, viscosity in mPa·s, flow in mL/min.
 *
 *   Q = π r⁴ ΔP / (8 μ L)      R = 8 μ L / (π r⁴)      ΔP = Q · R
 *
 * Steady, laminar, fully developed flow of a Newtonian fluid in a rigid straight
 * tube (Sutera & Skalak 1993, "The history of Poiseuille's law", Annu Rev Fluid
 * Mech 25:1-19; Bird, Stewart & Lightfoot 2002, Transport Phenomena 2nd ed.,
 * eq. 2.3-21). For shear-thinning contents use the power-law functions in
 * `tube.ts`; for the laminar/entrance checks use {@link flowRegime}.
 */

import { convert } from "../core/units";
import { assertObject, finiteOrThrow } from "../core/validate";
import { type PressureDropInput, type TubeGeometry, tubeFlowMlMin, tubePressureCoefficient, tubePressureDropPa } from "./tube";

/** A tube and a Newtonian viscosity. */
export interface PoiseuilleTube extends TubeGeometry {
  /** Dynamic viscosity in mPa·s (= cP). */
  viscosityMPaS: number;
}

/**
 * Hagen-Poiseuille flow Q = π r⁴ ΔP / (8 μ L), in mL/min.
 * @example
 * poiseuilleFlowMlMin({ radiusMm: 1, lengthCm: 10, pressureDropPa: 100, viscosityMPaS: 1 }) // 23.56 mL/min
 * // A 10 mm lumen, 5 cm long, 1 mmHg across it, chyme-like viscosity 100 mPa·s
 * poiseuilleFlowMlMin({ diameterMm: 10, lengthCm: 5, pressureDropMmHg: 1, viscosityMPaS: 100 }) // 392.7 mL/min
 * poiseuilleFlowMlMin({ diameterMm: 5, lengthCm: 5, pressureDropMmHg: 1, viscosityMPaS: 100 }) // 24.54: half the diameter, 1/16 of the flow
 */
export function poiseuilleFlowMlMin(input: PoiseuilleTube & PressureDropInput): number {
  const { viscosityMPaS, ...rest } = assertObject<PoiseuilleTube & PressureDropInput>(input, "input");
  return tubeFlowMlMin(rest, { viscosityMPaS });
}

/**
 * Pressure drop ΔP = 8 μ L Q / (π r⁴) needed to drive a flow, in Pa.
 * @example poiseuillePressureDropPa({ radiusMm: 1, lengthCm: 10, flowMlMin: 30, viscosityMPaS: 1 }) // 127.3 Pa
 */
export function poiseuillePressureDropPa(input: PoiseuilleTube & { flowMlMin: number }): number {
  const { viscosityMPaS, ...rest } = assertObject<PoiseuilleTube & { flowMlMin: number }>(input, "input");
  return tubePressureDropPa(rest, { viscosityMPaS });
}

/**
 * Same as {@link poiseuillePressureDropPa}, in mmHg.
 * @example
 * poiseuillePressureDropMmHg({ radiusMm: 1, lengthCm: 10, flowMlMin: 30, viscosityMPaS: 1 }) // 0.955 mmHg (127.3 Pa)
 */
export function poiseuillePressureDropMmHg(input: PoiseuilleTube & { flowMlMin: number }): number {
  return finiteOrThrow(convert(poiseuillePressureDropPa(input), "pressure", "Pa", "mmHg"), "pressureDropMmHg");
}

/**
 * Hydraulic resistance R = 8 μ L / (π r⁴) in Pa·min/mL (pressure drop in Pa per mL/min of flow).
 * Resistances in series add; halving r multiplies R by 16.
 * @example poiseuilleResistancePaMinPerMl({ radiusMm: 1, lengthCm: 10, viscosityMPaS: 1 }) // 4.244
 */
export function poiseuilleResistancePaMinPerMl(input: PoiseuilleTube): number {
  const { viscosityMPaS, ...rest } = assertObject<PoiseuilleTube>(input, "input");
  return tubePressureCoefficient(rest, { viscosityMPaS });
}

/**
 * The same resistance in SI units, Pa·s/m³.
 * @example poiseuilleResistancePaSPerM3({ radiusMm: 1, lengthCm: 10, viscosityMPaS: 1 }) // 2.546e8
 */
export function poiseuilleResistancePaSPerM3(input: PoiseuilleTube): number {
  // Pa per (mL/min) -> Pa per (m³/s): divide by how many m³/s one mL/min is.
  const perMlMin = poiseuilleResistancePaMinPerMl(input);
  return finiteOrThrow(perMlMin / convert(1, "flow", "mL/min", "m3/s"), "resistancePaSPerM3");
}
