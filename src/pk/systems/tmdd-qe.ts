/**
 * Quasi-equilibrium TMDD (Mager DE & Krzyzanski W 2005, Pharm Res 22:1589; Gibiansky 2008): the
 * QSS system of `tmdd-qss.ts` with the dissociation constant KD = koff/kon in place of KSS
 * (rapid binding, no internalisation during binding).
 */
import type { IndividualParameters } from "../types";
import type { PkSystem, SystemOptions } from "./system";
import { quasiSteadyStateSystem } from "./tmdd-qss";

/** Builder of the "tmdd-qe" structure (binding constant KD). */
export function buildTmddQeSystem(p0: IndividualParameters, molecularWeightKDa: number, options: SystemOptions = {}): PkSystem {
  return quasiSteadyStateSystem("KD", "tmdd-qe", p0, molecularWeightKDa, options);
}
