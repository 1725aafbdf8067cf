/**
 * Laminar flow through one straight tube of circular cross-section, for a
 * Newtonian fluid (Hagen-Poiseuille) or a power-law (Ostwald-de Waele) fluid.
 *
 * Newtonian, fully developed laminar flow (Hagen 1839, Poiseuille 1840; history
 * in Sutera & Skalak 1993, Annu Rev Fluid Mech 25:1-19):
 *
 *   Q = π r⁴ ΔP / (8 μ L)          R_hyd = ΔP / Q = 8 μ L / (π r⁴)
 *
 * Power-law fluid, shear stress τ = K γ̇ⁿ, same geometry (Bird, Stewart &
 * Lightfoot, Transport Phenomena, 2nd ed. 2002, Example 8.3-1, eq. 8.3-9
 * written for volume flow):
 *
 *   Q = π r³ / (3 + 1/n) · (ΔP r / (2 K L))^(1/n)      so Q ∝ r^(3+1/n)
 *
 * which is the Newtonian formula when n = 1 and K = μ. n < 1 is shear-thinning
 * (digesta: 0.2 < n < 0.5 under steady shear in pig small-intestinal contents,
 * Shelat et al. 2015, Food Hydrocolloids 44:300).
 *
 * All arithmetic is done in SI units (m, Pa, Pa·sⁿ, m³/s); every input and
 * output carries its unit in its name and is converted through
 * `src/core/units.ts`. Hand-written: these are closed-form textbook formulas,
 * and no maintained npm package offers them with units and input checks.
 */

import { InputError } from "../core/errors";
import { convert, toCanonical } from "../core/units";
import { assertFinite, assertObject, assertOneOf, assertPositive, finiteOrThrow, finiteResult, optionsObject } from "../core/validate";

/** Newtonian fluid: a constant viscosity. */
export interface NewtonianFluid {
  /** Dynamic viscosity in mPa·s (= cP). Water: 1.0016 at 20 °C, 0.6913 at 37 °C. */
  viscosityMPaS: number;
  /** Density in kg/m³, used only for the Reynolds number. Default: 1000. */
  densityKgM3?: number;
}

/** Power-law (Ostwald-de Waele) fluid: τ = K γ̇ⁿ. */
export interface PowerLawFluid {
  /** Consistency index K in Pa·sⁿ (equals the viscosity in Pa·s when n = 1). */
  consistencyPaSn: number;
  /** Flow behaviour index n, 0 < n <= 2 (n < 1 shear-thinning, n = 1 Newtonian). */
  flowBehaviourIndex: number;
  /** Density in kg/m³, used only for the Reynolds number. Default: 1000. */
  densityKgM3?: number;
}

/** Either fluid model. */
export type Fluid = NewtonianFluid | PowerLawFluid;

/** A fluid reduced to power-law parameters in SI units. */
export interface ResolvedFluid {
  /** K in Pa·sⁿ. */
  consistencyPaSn: number;
  /** n. */
  flowBehaviourIndex: number;
  densityKgM3: number;
  /** True when given as a Newtonian fluid (or n exactly 1). */
  newtonian: boolean;
}

/**
 * Dynamic viscosity of liquid water at 0.1 MPa, IAPWS 2008 formulation (Huber et
 * al. 2009, J Phys Chem Ref Data 38:101): 1.0016 mPa·s at 20 °C.
 */
export const WATER_VISCOSITY_20C_MPAS = 1.0016;
/** Water at 37 °C, same source: 0.6913 mPa·s. */
export const WATER_VISCOSITY_37C_MPAS = 0.6913;
/** Default density for the Reynolds number: 1000 kg/m³ (water-like chyme). */
export const DEFAULT_DENSITY_KG_M3 = 1000;
/**
 * Reynolds number above which laminar pipe flow is no longer assured: ~2100
 * (the conventional lower critical value; e.g. Bird, Stewart & Lightfoot 2002 §2.3;
 * for power-law fluids the Metzner-Reed number is used with the same ~2100,
 * Metzner & Reed 1955, AIChE J 1:434).
 */
export const CRITICAL_REYNOLDS = 2100;
/** Largest flow behaviour index accepted. */
export const MAX_FLOW_BEHAVIOUR_INDEX = 2;

/** A tube given by radius or diameter (exactly one) and its length. */
export interface TubeGeometry {
  /** Lumen radius in mm (give this or `diameterMm`). */
  radiusMm?: number;
  /** Lumen diameter in mm (give this or `radiusMm`). */
  diameterMm?: number;
  /** Tube length in cm. */
  lengthCm: number;
}

/** A driving pressure drop, in Pa or in mmHg (exactly one). */
export interface PressureDropInput {
  pressureDropPa?: number;
  pressureDropMmHg?: number;
}

function prefixed(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

/**
 * The lumen radius in mm from `{ radiusMm }` or `{ diameterMm }` (exactly one, > 0).
 * @throws InputError naming `radiusMm`/`diameterMm` (with `prefix.` when given).
 * @example lumenRadiusMm({ diameterMm: 10 }) // 5
 */
export function lumenRadiusMm(geometry: { radiusMm?: number; diameterMm?: number }, prefix = ""): number {
  if (geometry === null || typeof geometry !== "object") {
    throw new InputError({ field: prefix || "geometry", value: geometry, expected: "an object with radiusMm or diameterMm" });
  }
  const hasR = geometry.radiusMm !== undefined;
  const hasD = geometry.diameterMm !== undefined;
  if (hasR && hasD) {
    throw new InputError(
      { field: prefixed(prefix, "radiusMm"), value: geometry.radiusMm, expected: "either radiusMm or diameterMm, not both" },
      "ambiguous geometry",
    );
  }
  if (!hasR && !hasD) {
    throw new InputError({ field: prefixed(prefix, "radiusMm"), expected: "radiusMm or diameterMm (a number greater than 0)" }, "missing");
  }
  if (hasR) return assertPositive(geometry.radiusMm, prefixed(prefix, "radiusMm"));
  return assertPositive(geometry.diameterMm, prefixed(prefix, "diameterMm")) / 2;
}

/** The pressure drop in Pa from `{ pressureDropPa }` or `{ pressureDropMmHg }` (exactly one, >= 0). */
export function pressureDropToPa(input: PressureDropInput, prefix = ""): number {
  assertObject(input, prefix || "input");
  const hasPa = input.pressureDropPa !== undefined;
  const hasMm = input.pressureDropMmHg !== undefined;
  if (hasPa === hasMm) {
    throw new InputError(
      {
        field: prefixed(prefix, "pressureDropPa"),
        value: input.pressureDropPa,
        expected: "exactly one of pressureDropPa or pressureDropMmHg",
      },
      hasPa ? "ambiguous pressure" : "missing",
    );
  }
  const field = prefixed(prefix, hasPa ? "pressureDropPa" : "pressureDropMmHg");
  const v = assertFinite(hasPa ? input.pressureDropPa : input.pressureDropMmHg, field);
  if (v < 0) throw new InputError({ field, value: v, expected: "a pressure drop >= 0 (flow runs from high to low pressure)" });
  return hasPa ? v : toCanonical(v, "pressure", "mmHg");
}

/**
 * Validates a fluid and returns its power-law parameters in SI units
 * (a Newtonian fluid becomes K = μ in Pa·s, n = 1).
 * @throws InputError naming `viscosityMPaS`, `consistencyPaSn`, `flowBehaviourIndex` or `densityKgM3`.
 */
export function resolveFluid(fluid: Fluid, prefix = "fluid"): ResolvedFluid {
  if (fluid === null || typeof fluid !== "object" || Array.isArray(fluid)) {
    throw new InputError({ field: prefix, value: fluid, expected: "{ viscosityMPaS } or { consistencyPaSn, flowBehaviourIndex }" });
  }
  const densityKgM3 =
    fluid.densityKgM3 === undefined ? DEFAULT_DENSITY_KG_M3 : assertPositive(fluid.densityKgM3, prefixed(prefix, "densityKgM3"));
  if (Object.hasOwn(fluid, "flowBehaviourIndex") || Object.hasOwn(fluid, "consistencyPaSn")) {
    if (Object.hasOwn(fluid, "viscosityMPaS")) {
      throw new InputError(
        {
          field: prefixed(prefix, "viscosityMPaS"),
          value: (fluid as NewtonianFluid).viscosityMPaS,
          expected: "either viscosityMPaS (Newtonian) or consistencyPaSn + flowBehaviourIndex (power law), not both",
        },
        "ambiguous fluid",
      );
    }
    const f = fluid as PowerLawFluid;
    const nField = prefixed(prefix, "flowBehaviourIndex");
    const n = assertFinite(f.flowBehaviourIndex, nField);
    if (n <= 0 || n > MAX_FLOW_BEHAVIOUR_INDEX) {
      throw new InputError({
        field: nField,
        value: n,
        expected: `a flow behaviour index n with 0 < n <= ${MAX_FLOW_BEHAVIOUR_INDEX} (n < 1 shear-thinning, n = 1 Newtonian)`,
      });
    }
    const k = assertPositive(f.consistencyPaSn, prefixed(prefix, "consistencyPaSn"));
    return { consistencyPaSn: k, flowBehaviourIndex: n, densityKgM3, newtonian: n === 1 };
  }
  const muMPaS = assertPositive((fluid as NewtonianFluid).viscosityMPaS, prefixed(prefix, "viscosityMPaS"));
  return { consistencyPaSn: convert(muMPaS, "viscosity", "mPa*s", "Pa*s"), flowBehaviourIndex: 1, densityKgM3, newtonian: true };
}

/** Metres in one mm and one cm, via the units module (length canonical unit is mm). */
const M_PER_MM = convert(1, "length", "mm", "m");
const M_PER_CM = convert(1, "length", "cm", "m");

/** Cubic metres per second in one mL/min. */
const M3S_PER_ML_MIN = convert(1, "flow", "mL/min", "m3/s");

function flowSi(radiusM: number, lengthM: number, dpPa: number, k: number, n: number): number {
  // BSL 2002 eq. 8.3-9 (volume flow): Q = π R³/(3 + 1/n) · (ΔP R / (2 K L))^(1/n)
  return ((Math.PI * radiusM ** 3) / (3 + 1 / n)) * ((dpPa * radiusM) / (2 * k * lengthM)) ** (1 / n);
}

function pressureDropSi(radiusM: number, lengthM: number, qM3s: number, k: number, n: number): number {
  // Inverse of flowSi: ΔP = (2 K L / R) · ((3 + 1/n) Q / (π R³))^n
  return ((2 * k * lengthM) / radiusM) * (((3 + 1 / n) * qM3s) / (Math.PI * radiusM ** 3)) ** n;
}

/** Validated geometry in SI. */
function geometrySi(geometry: TubeGeometry, prefix = ""): { radiusM: number; lengthM: number } {
  const radiusMm = lumenRadiusMm(geometry, prefix);
  const lengthCm = assertPositive(geometry.lengthCm, prefixed(prefix, "lengthCm"));
  return { radiusM: radiusMm * M_PER_MM, lengthM: lengthCm * M_PER_CM };
}

/**
 * Volume flow (mL/min) through a tube at a given pressure drop, for either fluid model.
 * Newtonian: Q = π r⁴ ΔP / (8 μ L); power law: Q = π r³/(3 + 1/n) · (ΔP r/(2 K L))^(1/n).
 * @example tubeFlowMlMin({ radiusMm: 1, lengthCm: 10, pressureDropPa: 100 }, { viscosityMPaS: 1 }) // 23.56
 */
export function tubeFlowMlMin(input: TubeGeometry & PressureDropInput, fluid: Fluid): number {
  const { radiusM, lengthM } = geometrySi(input);
  const dp = pressureDropToPa(input);
  const f = resolveFluid(fluid);
  const q = flowSi(radiusM, lengthM, dp, f.consistencyPaSn, f.flowBehaviourIndex);
  return finiteOrThrow(convert(q, "flow", "m3/s", "mL/min"), "flowMlMin");
}

/**
 * Pressure drop (Pa) needed to drive a given flow through a tube, for either fluid model.
 * Newtonian: ΔP = 8 μ L Q / (π r⁴); power law: ΔP = (2 K L / r) · ((3 + 1/n) Q / (π r³))ⁿ.
 * @example tubePressureDropPa({ radiusMm: 1, lengthCm: 10, flowMlMin: 23.56 }, { viscosityMPaS: 1 }) // ≈ 100
 */
export function tubePressureDropPa(input: TubeGeometry & { flowMlMin: number }, fluid: Fluid): number {
  const { radiusM, lengthM } = geometrySi(input);
  const flowMlMin = assertFinite(input.flowMlMin, "flowMlMin");
  if (flowMlMin < 0) throw new InputError({ field: "flowMlMin", value: flowMlMin, expected: "a flow >= 0 mL/min" });
  const f = resolveFluid(fluid);
  const q = convert(flowMlMin, "flow", "mL/min", "m3/s");
  return finiteOrThrow(pressureDropSi(radiusM, lengthM, q, f.consistencyPaSn, f.flowBehaviourIndex), "pressureDropPa");
}

/**
 * Coefficient c with ΔP(Pa) = c · Q(mL/min)ⁿ for one tube: the power-law analogue of a
 * hydraulic resistance (for n = 1 it is the resistance in Pa·min/mL). Used to add tubes in series.
 */
export function tubePressureCoefficient(geometry: TubeGeometry, fluid: Fluid, prefix = ""): number {
  const { radiusM, lengthM } = geometrySi(geometry, prefix);
  return pressureCoefficientResolved(radiusM / M_PER_MM, lengthM / M_PER_CM, resolveFluid(fluid));
}

/**
 * {@link tubePressureCoefficient} for inputs already validated (positive diameter and length) and a
 * fluid already resolved: the fast path used when many tubes share one fluid (segments in series).
 */
export function pressureCoefficientResolved(radiusMm: number, lengthCm: number, fluid: ResolvedFluid): number {
  const c = pressureDropSi(radiusMm * M_PER_MM, lengthCm * M_PER_CM, M3S_PER_ML_MIN, fluid.consistencyPaSn, fluid.flowBehaviourIndex);
  return finiteOrThrow(c, "pressureCoefficient");
}

/** Options for {@link relativeFlow}. */
export interface RelativeFlowOptions {
  /** Flow behaviour index n of a power-law fluid. Default: 1 (Newtonian, exponent 4). */
  flowBehaviourIndex?: number;
}

/**
 * Flow through a narrowed tube relative to the reference tube, same length, fluid and
 * pressure drop: (r/r₀)⁴ for a Newtonian fluid, (r/r₀)^(3+1/n) for a power-law fluid.
 * Works with diameters too (the ratio is the same).
 * @example
 * relativeFlow(2.5, 5) // 0.0625 = 1/16: halving the radius
 * // Chyme is shear-thinning: with n = 0.5 flow goes as r^(3 + 1/n) = r⁵, so halving the radius leaves 1/32
 * relativeFlow(2.5, 5, { flowBehaviourIndex: 0.5 }) // 0.03125
 */
export function relativeFlow(radiusMm: number, referenceRadiusMm: number, options?: RelativeFlowOptions): number {
  const r = assertPositive(radiusMm, "radiusMm");
  const r0 = assertPositive(referenceRadiusMm, "referenceRadiusMm");
  const n = optionsObject(options).flowBehaviourIndex ?? 1;
  assertFinite(n, "flowBehaviourIndex");
  if (n <= 0 || n > MAX_FLOW_BEHAVIOUR_INDEX) {
    throw new InputError({ field: "flowBehaviourIndex", value: n, expected: `0 < n <= ${MAX_FLOW_BEHAVIOUR_INDEX}` });
  }
  return finiteOrThrow((r / r0) ** (3 + 1 / n), "relativeFlow");
}

/** Laminar/turbulent check and entrance length for one tube at one flow. */
export interface FlowRegime {
  /** Reynolds number: ρVD/μ (Newtonian) or the Metzner-Reed generalised number (power law). */
  reynolds: number;
  method: "Newtonian" | "Metzner-Reed";
  /** reynolds < criticalReynolds. */
  laminar: boolean;
  criticalReynolds: number;
  /** Mean velocity V = Q / (π r²), mm/s. */
  meanVelocityMmS: number;
  /** Wall shear rate ((3n+1)/(4n)) · 8V/D, 1/s (Rabinowitsch-Mooney). */
  wallShearRatePerS: number;
  /** Apparent viscosity at the wall shear rate, K γ̇ʷⁿ⁻¹, mPa·s. */
  apparentViscosityMPaS: number;
  /** Hydrodynamic entrance length (Durst et al. 2005), mm. */
  entranceLengthMm: number;
  /** Entrance length / tube length when a length was given. */
  entranceFraction?: number;
  /** Plain-language warnings (turbulence, entrance effects). Empty when the Poiseuille assumptions hold. */
  warnings: string[];
}

/** Options for {@link flowRegime}. */
export interface FlowRegimeOptions {
  /** Reynolds number treated as the end of laminar flow. Default: {@link CRITICAL_REYNOLDS} (2100). */
  criticalReynolds?: number;
  /**
   * Entrance-length fraction of the tube above which a warning is given. Default: 0.25
   * (at low Re the entrance length is ~0.62 D, so this flags tubes shorter than ~2.5 diameters).
   */
  entranceWarningFraction?: number;
}

/**
 * Laminar hydrodynamic entrance length, L_e / D = [0.619^1.6 + (0.0567 Re)^1.6]^(1/1.6)
 * (Durst, Ray, Ünsal & Bayoumi 2005, J Fluids Eng 127:1154). For large Re this is the
 * textbook L_e ≈ 0.06 Re D (e.g. White, Fluid Mechanics, laminar entrance length); unlike
 * it, it stays ≈ 0.62 D as Re → 0, which matters for viscous chyme in a short stricture.
 * @example entranceLengthMm({ diameterMm: 10, reynolds: 1000 }) // ≈ 567 (0.0567·Re·D)
 */
export function entranceLengthMm(input: { diameterMm: number; reynolds: number }, options?: { method?: "durst2005" | "classic" }): number {
  const i = assertObject<{ diameterMm: number; reynolds: number }>(input, "input");
  const d = assertPositive(i.diameterMm, "diameterMm");
  const re = assertFinite(i.reynolds, "reynolds");
  if (re < 0) throw new InputError({ field: "reynolds", value: re, expected: "a Reynolds number >= 0" });
  const method = assertOneOf(optionsObject(options).method ?? "durst2005", "method", ["durst2005", "classic"] as const);
  if (method === "classic") return finiteOrThrow(0.06 * re * d, "entranceLengthMm");
  return finiteOrThrow((0.619 ** 1.6 + (0.0567 * re) ** 1.6) ** (1 / 1.6) * d, "entranceLengthMm");
}

/**
 * Reynolds number and the checks behind the Poiseuille assumptions, for one tube at one flow.
 *
 * Newtonian: Re = ρ V D / μ. Power law: the Metzner-Reed number
 * Re_MR = ρ V^(2−n) Dⁿ / (K 8^(n−1) ((3n+1)/(4n))ⁿ) (Metzner & Reed 1955, AIChE J 1:434),
 * defined so that the laminar Fanning friction factor is 16/Re_MR as for Newtonian flow;
 * it equals ρ V D / μ when n = 1. A warning is added when Re ≥ the critical value (~2100)
 * and when the entrance length (Durst et al. 2005) exceeds a quarter of the tube.
 * @example flowRegime({ diameterMm: 2, lengthCm: 10, flowMlMin: 2.356 }, { viscosityMPaS: 1 }).reynolds // 25
 */
export function flowRegime(
  input: { radiusMm?: number; diameterMm?: number; lengthCm?: number; flowMlMin: number },
  fluid: Fluid,
  opts?: FlowRegimeOptions,
): FlowRegime {
  const options = optionsObject(opts);
  const radiusMm = lumenRadiusMm(input);
  const flowMlMin = assertPositive(input.flowMlMin, "flowMlMin");
  const lengthCm = input.lengthCm === undefined ? undefined : assertPositive(input.lengthCm, "lengthCm");
  const f = resolveFluid(fluid);
  const critical =
    options.criticalReynolds === undefined ? CRITICAL_REYNOLDS : assertPositive(options.criticalReynolds, "criticalReynolds");
  const warnFraction = assertPositive(options.entranceWarningFraction ?? 0.25, "entranceWarningFraction");
  const n = f.flowBehaviourIndex;
  const k = f.consistencyPaSn;
  const dM = 2 * radiusMm * M_PER_MM;
  const vMs = convert(flowMlMin, "flow", "mL/min", "m3/s") / (Math.PI * (radiusMm * M_PER_MM) ** 2);
  const rabinowitsch = (3 * n + 1) / (4 * n);
  const reynolds = finiteOrThrow((f.densityKgM3 * vMs ** (2 - n) * dM ** n) / (k * 8 ** (n - 1) * rabinowitsch ** n), "reynolds");
  const shear = rabinowitsch * ((8 * vMs) / dM);
  const apparentPaS = finiteOrThrow(k * shear ** (n - 1), "apparentViscosityMPaS");
  const diameterMm = 2 * radiusMm;
  const le = entranceLengthMm({ diameterMm, reynolds });
  const warnings: string[] = [];
  if (reynolds >= critical) {
    warnings.push(
      `Reynolds number ${reynolds.toPrecision(3)} >= ${critical}: the flow may not be laminar, so the Poiseuille/power-law ` +
        `formulas underestimate the pressure needed.`,
    );
  }
  let entranceFraction: number | undefined;
  if (lengthCm !== undefined) {
    entranceFraction = le / convert(lengthCm, "length", "cm", "mm");
    if (entranceFraction > warnFraction) {
      warnings.push(
        `entrance length ${le.toPrecision(3)} mm is ${(100 * entranceFraction).toPrecision(3)} % of the ${lengthCm} cm tube: ` +
          `the velocity profile is still developing over much of it, so the fully developed formula underestimates the pressure drop.`,
      );
    }
  }
  return finiteResult<FlowRegime>(
    {
      reynolds,
      method: f.newtonian ? "Newtonian" : "Metzner-Reed",
      laminar: reynolds < critical,
      criticalReynolds: critical,
      meanVelocityMmS: convert(vMs, "length", "m", "mm"),
      wallShearRatePerS: shear,
      apparentViscosityMPaS: convert(apparentPaS, "viscosity", "Pa*s", "mPa*s"),
      entranceLengthMm: le,
      entranceFraction,
      warnings,
    },
    "flowRegime",
  );
}
