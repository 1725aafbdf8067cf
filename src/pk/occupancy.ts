/**
 * Receptor (target) occupancy at equilibrium under the law of mass action:
 *
 *   occupancy = C / (C + KD)
 *
 * with C the free drug concentration and KD the dissociation constant, both in
 * the same molar units (Langmuir binding isotherm; e.g. Rang 2006, Br J
 * Pharmacol 147:S9). Concentrations in ug/mL are converted with the antibody's
 * molecular weight (`ugPerMlToNanomolar` in src/core/units.ts).
 *
 * Which KD to use decides whether the lesson means anything: infliximab binds
 * soluble TNF with an in-vitro KD of ~4.2 pM (adalimumab ~8.6 pM), which makes
 * every measurable trough >99.9 % "occupied"; the in-vivo steady-state constant
 * KSS is ~15 nM (Ternant 2021, Pharmaceutics 13:1821; Berends 2019 KSS 13.6 nM),
 * under which occupancy does vary over the therapeutic range of troughs. The
 * chapter's "trough 12, KD about 1 (ug/mL)" example sits between the two.
 */

import { ugPerMlToNanomolar } from "../core/units";
import { assertNonNegative, assertPositive } from "../core/validate";

/** Infliximab molecular weight, 149.1 kDa (Remicade label / DrugBank DB00065). */
export const INFLIXIMAB_MW_KDA = 149.1;

/**
 * Fraction of target bound, C / (C + KD), in [0, 1).
 * @param concentration free drug concentration (any unit)
 * @param kd dissociation constant in the same unit as the concentration
 * @example receptorOccupancy(12, 1) // 0.923: the chapter's trough of 12 ug/mL with KD ~1 ug/mL
 */
export function receptorOccupancy(concentration: number, kd: number): number {
  const c = assertNonNegative(concentration, "concentration");
  const k = assertPositive(kd, "kd");
  const sum = c + k;
  // C / (C + KD) is exact at round boundaries (9 / (9 + 1) = 0.9); near 1e308 the sum overflows, so divide first
  return Number.isFinite(sum) ? c / sum : 1 / (1 + k / c);
}

/**
 * Occupancy for a concentration in ug/mL against a KD in nM, converting with
 * the antibody's molecular weight (default infliximab, 149.1 kDa).
 * @example occupancyUgMlVsKdNm(5, 15) // 0.691: 5 ug/mL of infliximab is 33.5 nM, against a KSS of 15 nM
 */
export function occupancyUgMlVsKdNm(concentrationUgMl: number, kdNm: number, molecularWeightKDa = INFLIXIMAB_MW_KDA): number {
  const cNm = ugPerMlToNanomolar(
    assertNonNegative(concentrationUgMl, "concentrationUgMl"),
    assertPositive(molecularWeightKDa, "molecularWeightKDa"),
  );
  return receptorOccupancy(cNm, kdNm);
}
