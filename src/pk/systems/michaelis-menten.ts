/**
 * Two-compartment system with first-order absorption and parallel linear and saturable
 * (Michaelis-Menten) elimination, e.g. vedolizumab (Rosario M et al. 2015, Aliment Pharmacol
 * Ther 42:188). State [depot mg, A1 mg, A2 mg, eliminated mg]:
 *
 *   dA1 = In + ka F D - CL C - Vmax C/(Km + C) - Q C + Q A2/V2,  C = A1/V1 (mg/L = ug/mL)
 *
 * The "linear" structure is the same system without the saturable term: it is solved in closed
 * form (`../linear.ts`) and integrated with {@link buildLinearOdeSystem} only when an ODE solver is
 * asked for (solver checks), so both builders live here.
 */
import type { IndividualParameters } from "../types";
import { noDepotError, type PkSystem, type SystemOptions } from "./system";

function compartmentalSystem(p0: IndividualParameters, mm: boolean, options: SystemOptions): PkSystem {
  const o = options.depot === false ? 0 : 1;
  // parameters as locals (fast property-free access in the right-hand sides)
  let CL = 0;
  let V1 = 1;
  let Q = 0;
  let V2 = 1;
  let KA = 0;
  let F = 1;
  let VMAX = 0;
  let KM = 1;
  const load = (p: IndividualParameters) => {
    CL = p.CL;
    V1 = p.V1;
    Q = p.Q !== undefined && p.V2 !== undefined ? p.Q : 0;
    V2 = p.V2 ?? 1;
    KA = p.KA ?? 0;
    F = p.F ?? 1;
    VMAX = p.VMAX ?? 0;
    KM = p.KM ?? 1;
  };
  load(p0);
  const sys: PkSystem = {
    dim: 3 + o,
    rateMgDay: 0,
    rhs: (y, dy) => {
      const c = y[o] / V1;
      const abs = o ? KA * y[0] : 0;
      const elim = CL * c + (mm ? (VMAX * c) / (KM + c) : 0);
      const dist = Q * c - (Q * y[o + 1]) / V2;
      if (o) dy[0] = -abs;
      dy[o] = sys.rateMgDay + abs - elim - dist;
      dy[o + 1] = dist;
      dy[o + 2] = elim;
    },
    addDepot: (y, a) => {
      if (o === 0) throw noDepotError();
      y[0] += F * a;
    },
    freeUgMl: (y) => y[o] / V1,
    totalUgMl: (y) => y[o] / V1,
    targetNm: () => 0,
    eliminatedMg: (y) => y[o + 2],
    initialState: () => new Float64Array(3 + o),
    setParameters: (q) => load(q),
  };
  return sys;
}

/** Builder of the "michaelis-menten" structure (linear + saturable elimination). */
export function buildMichaelisMentenSystem(p0: IndividualParameters, _molecularWeightKDa: number, options: SystemOptions = {}): PkSystem {
  return compartmentalSystem(p0, true, options);
}

/** Builder of the "linear" structure as an ODE system (the solvers' cross-check of the closed form). */
export function buildLinearOdeSystem(p0: IndividualParameters, _molecularWeightKDa: number, options: SystemOptions = {}): PkSystem {
  return compartmentalSystem(p0, false, options);
}
