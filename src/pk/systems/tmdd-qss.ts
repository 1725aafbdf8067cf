/**
 * Quasi-steady-state target-mediated drug disposition, two compartments (Gibiansky L et al. 2008,
 * J Pharmacokinet Pharmacodyn 35:573), e.g. infliximab and TNF (Berends SE et al. 2019,
 * J Pharmacokinet Pharmacodyn 46:543). State [depot mg, Atot nmol, Ap nmol, Rtot nM]:
 *
 *   C = 0.5[(Ctot - Rtot - K) + sqrt((Ctot - Rtot - K)^2 + 4 K Ctot)],  K = KSS (QSS) or KD (QE)
 *   dAtot = In + ka F D - CL C - kint V1 (Ctot - C) - Q C + Q Ap/V2
 *   dAp = Q C - Q Ap/V2
 *   dRtot = kdeg R0 - kdeg Rtot - (kint - kdeg)(Ctot - C)
 *
 * Amounts in nmol and concentrations in nM, converted with the molecular weight. The
 * quasi-equilibrium form ("tmdd-qe", `tmdd-qe.ts`) is this system with K = KD.
 */
import { InputError } from "../../core/errors";
import type { IndividualParameters, ModelStructure } from "../types";
import { qssFree, qssFreeTargetNm } from "./qss";
import { noDepotError, type PkSystem, type SystemOptions } from "./system";

/**
 * The QSS/QE system with its binding constant read from parameter `kName` ("KSS" for QSS, "KD"
 * for QE); `structure` names the model structure in error messages.
 */
export function quasiSteadyStateSystem(
  kName: "KSS" | "KD",
  structure: ModelStructure,
  p0: IndividualParameters,
  molecularWeightKDa: number,
  options: SystemOptions,
): PkSystem {
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
  const load = (p: IndividualParameters) => {
    CL = p.CL;
    V1 = p.V1;
    Q = p.Q !== undefined && p.V2 !== undefined ? p.Q : 0;
    V2 = p.V2 ?? 1;
    KA = p.KA ?? 0;
    F = p.F ?? 1;
    K = p[kName] ?? 0;
    KINT = p.KINT ?? 0;
    KDEG = p.KDEG ?? 0;
    R0 = p.R0 ?? 0;
  };
  load(p0);
  if (p0[kName] === undefined)
    throw new InputError({ field: `parameters.${kName}`, value: undefined, expected: `a ${kName} for ${structure}` });
  const sys: PkSystem = {
    dim: 3 + o,
    rateMgDay: 0,
    rhs: (y, dy) => {
      const ctot = y[o] / V1;
      const rtot = y[o + 2];
      const c = qssFree(ctot, rtot, K);
      const abs = o ? KA * y[0] : 0;
      const bound = ctot - c;
      const dist = Q * c - (Q * y[o + 1]) / V2;
      if (o) dy[0] = -abs;
      dy[o] = (sys.rateMgDay + abs) * nmolPerMg - CL * c - KINT * V1 * bound - dist;
      dy[o + 1] = dist;
      dy[o + 2] = KDEG * R0 - KDEG * rtot - (KINT - KDEG) * bound;
    },
    // analytic Jacobian: C solves C^2 - (Ctot - R - K) C - K Ctot = 0, so with S = 2C - (Ctot - R - K),
    // dC/dCtot = (C + K) / S and dC/dR = -C / S (implicit differentiation).
    jacobian: (y, J) => {
      const n = 3 + o;
      J.fill(0);
      const ctot = Math.max(y[o] / V1, 0);
      const rtot = y[o + 2];
      const c = qssFree(ctot, rtot, K);
      const b = ctot - rtot - K;
      const S = Math.sqrt(b * b + 4 * K * ctot);
      const dCdA = S > 0 ? (c + K) / S / V1 : 0;
      const dCdR = S > 0 ? -c / S : 0;
      const g = CL + Q - KINT * V1;
      if (o) {
        J[0] = -KA;
        J[o * n + 0] = KA * nmolPerMg;
      }
      J[o * n + o] = -g * dCdA - KINT;
      J[o * n + o + 1] = Q / V2;
      J[o * n + o + 2] = -g * dCdR;
      J[(o + 1) * n + o] = Q * dCdA;
      J[(o + 1) * n + o + 1] = -Q / V2;
      J[(o + 1) * n + o + 2] = Q * dCdR;
      J[(o + 2) * n + o] = -(KINT - KDEG) * (1 / V1 - dCdA);
      J[(o + 2) * n + o + 2] = -KDEG + (KINT - KDEG) * dCdR;
    },
    addDepot: (y, a) => {
      if (o === 0) throw noDepotError();
      y[0] += F * a;
    },
    freeUgMl: (y) => qssFree(y[o] / V1, y[o + 2], K) / nmolPerMg,
    totalUgMl: (y) => y[o] / V1 / nmolPerMg,
    targetNm: (y) => y[o + 2],
    freeTargetNm: (y) => qssFreeTargetNm(y[o] / V1, y[o + 2], K),
    eliminatedMg: () => 0,
    initialState: () => {
      const y = new Float64Array(3 + o);
      y[o + 2] = R0;
      return y;
    },
    setParameters: (q) => load(q),
  };
  return sys;
}

/** Builder of the "tmdd-qss" structure (binding constant KSS = (koff + kint)/kon). */
export function buildTmddQssSystem(p0: IndividualParameters, molecularWeightKDa: number, options: SystemOptions = {}): PkSystem {
  return quasiSteadyStateSystem("KSS", "tmdd-qss", p0, molecularWeightKDa, options);
}
