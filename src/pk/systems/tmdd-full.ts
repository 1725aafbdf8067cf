/**
 * Full target-mediated drug disposition with explicit binding (Mager DE & Jusko WJ 2001,
 * J Pharmacokinet Pharmacodyn 28:507; compare mrgsolve's `inst/models/tmdd.cpp`), two
 * compartments. State [depot mg, A1 nmol (free), Ap nmol, R nM, RC nM], koff = KSS kon - kint:
 *
 *   dA1 = In + ka F D - CL C - Q C + Q Ap/V2 - V1 (kon C R - koff RC)
 *   dAp = Q C - Q Ap/V2
 *   dR = kdeg R0 - kdeg R - kon C R + koff RC
 *   dRC = kon C R - (koff + kint) RC
 */
import { InputError } from "../../core/errors";
import type { IndividualParameters } from "../types";
import { noDepotError, type PkSystem, type SystemOptions } from "./system";

/** Builder of the "tmdd-full" structure (needs KON > 0 with koff = KSS*KON - KINT > 0). */
export function buildTmddFullSystem(p0: IndividualParameters, molecularWeightKDa: number, options: SystemOptions = {}): PkSystem {
  const o = options.depot === false ? 0 : 1;
  const nmolPerMg = 1000 / molecularWeightKDa;
  let CL = 0;
  let V1 = 1;
  let Q = 0;
  let V2 = 1;
  let KA = 0;
  let F = 1;
  let K = 1;
  let KINT = 0;
  let KDEG = 0;
  let R0 = 0;
  let KON = 0;
  const load = (p: IndividualParameters) => {
    CL = p.CL;
    V1 = p.V1;
    Q = p.Q !== undefined && p.V2 !== undefined ? p.Q : 0;
    V2 = p.V2 ?? 1;
    KA = p.KA ?? 0;
    F = p.F ?? 1;
    K = p.KSS ?? 0;
    KINT = p.KINT ?? 0;
    KDEG = p.KDEG ?? 0;
    R0 = p.R0 ?? 0;
    KON = p.KON ?? 0;
  };
  load(p0);
  if (!(p0.KON > 0) || p0.KSS * p0.KON - p0.KINT <= 0) {
    throw new InputError({ field: "parameters.KON", value: p0.KON, expected: "kon > 0 with koff = KSS*kon - kint > 0" });
  }
  const sys: PkSystem = {
    dim: 4 + o,
    rateMgDay: 0,
    rhs: (y, dy) => {
      const koff = K * KON - KINT;
      const c = y[o] / V1;
      const r = y[o + 2];
      const rc = y[o + 3];
      const bind = KON * c * r - koff * rc;
      const abs = o ? KA * y[0] : 0;
      const dist = Q * c - (Q * y[o + 1]) / V2;
      if (o) dy[0] = -abs;
      dy[o] = (sys.rateMgDay + abs) * nmolPerMg - CL * c - dist - V1 * bind;
      dy[o + 1] = dist;
      dy[o + 2] = KDEG * R0 - KDEG * r - bind;
      dy[o + 3] = bind - KINT * rc;
    },
    addDepot: (y, a) => {
      if (o === 0) throw noDepotError();
      y[0] += F * a;
    },
    freeUgMl: (y) => y[o] / V1 / nmolPerMg,
    totalUgMl: (y) => (y[o] / V1 + y[o + 3]) / nmolPerMg,
    targetNm: (y) => y[o + 2] + y[o + 3],
    freeTargetNm: (y) => y[o + 2],
    eliminatedMg: () => 0,
    initialState: () => {
      const y = new Float64Array(4 + o);
      y[o + 2] = R0;
      return y;
    },
    setParameters: (q) => load(q),
  };
  return sys;
}
