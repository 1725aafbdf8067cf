/**
 * Right-hand sides of the PK models as ODE systems, for the integrators in
 * `ode.ts`. State layouts (amounts in mg for linear/MM models; nmol and nM for
 * TMDD models, converted with the molecular weight):
 *
 * - linear / michaelis-menten: [depot mg, A1 mg, A2 mg, eliminated mg]
 *     dA1 = In + ka F D - CL C - Vmax C/(Km + C) - Q C + Q A2/V2,  C = A1/V1 (mg/L = ug/mL)
 * - tmdd-qss / tmdd-qe (Gibiansky 2008, J Pharmacokinet Pharmacodyn 35:573):
 *     [depot mg, Atot nmol, Ap nmol, Rtot nM]
 *     C = 0.5[(Ctot - Rtot - K) + sqrt((Ctot - Rtot - K)^2 + 4 K Ctot)], K = KSS (QSS) or KD (QE)
 *     dAtot = In + ka F D - CL C - kint V1 (Ctot - C) - Q C + Q Ap/V2
 *     dAp = Q C - Q Ap/V2
 *     dRtot = kdeg R0 - kdeg Rtot - (kint - kdeg)(Ctot - C)
 * - tmdd-full (Mager & Jusko 2001, J Pharmacokinet Pharmacodyn 28:507):
 *     [depot mg, A1 nmol (free), Ap nmol, R nM, RC nM], koff = KSS kon - kint
 *     dA1 = In + ka F D - CL C - Q C + Q Ap/V2 - V1 (kon C R - koff RC)
 *     dR = kdeg R0 - kdeg R - kon C R + koff RC;  dRC = kon C R - (koff + kint) RC
 * - tmdd-qss-double (Ternant 2021): see `double-tmdd.ts`.
 */
import { InputError } from "../core/errors";
import { assertNonNegative, assertPositive, finiteOrThrow } from "../core/validate";
import { buildDoubleQssSystem } from "./double-tmdd";
import type { Rhs } from "./ode";
import type { IndividualParameters, ModelStructure } from "./types";

/**
 * Free drug from total drug and total target under the QSS/QE approximation (nM); cancellation-free form:
 * C = ½[(Ctot − Rtot − K) + √((Ctot − Rtot − K)² + 4 K Ctot)] (Gibiansky 2008, J Pharmacokinet Pharmacodyn 35:573).
 * @param ctotNm total drug, nM (>= 0)
 * @param rtotNm total target, nM (>= 0)
 * @param kNm the QSS constant KSS (or KD), nM (> 0)
 * @throws InputError for an argument that is not a finite number in its range, or a result too large to represent.
 * @example qssFreeNm(33.5, 3.3, 15.4) // free infliximab, nM
 */
export function qssFreeNm(ctotNm: number, rtotNm: number, kNm: number): number {
  const c = assertNonNegative(ctotNm, "ctotNm");
  const r = assertNonNegative(rtotNm, "rtotNm");
  const k = assertPositive(kNm, "kNm");
  return finiteOrThrow(qssFree(c, r, k), "free drug (nM)");
}

/** {@link qssFreeNm} without argument checks, for the right-hand sides of the ODE systems (state values may dip below 0 by rounding). */
export function qssFree(ctotNm: number, rtotNm: number, kNm: number): number {
  if (ctotNm <= 0) return 0;
  const b = ctotNm - rtotNm - kNm;
  const disc = Math.sqrt(b * b + 4 * kNm * ctotNm);
  return b >= 0 ? 0.5 * (b + disc) : (2 * kNm * ctotNm) / (disc - b);
}

/** Free target under the QSS/QE approximation (nM): total target minus the bound drug, never below 0. */
export function qssFreeTargetNm(ctotNm: number, rtotNm: number, kNm: number): number {
  return Math.max(rtotNm - (ctotNm - qssFree(ctotNm, rtotNm, kNm)), 0);
}

/** A system with its mutable input rate and state-to-output maps. */
export interface PkSystem {
  dim: number;
  rhs: Rhs;
  /** Analytic Jacobian when available (QSS/QE TMDD). */
  jacobian?: (y: Float64Array, jac: Float64Array) => void;
  /** Current zero-order input into the central compartment, mg/day. */
  rateMgDay: number;
  /** Adds an SC dose (mg) to the depot of state y (applies F). */
  addDepot(y: Float64Array, amountMg: number): void;
  /** Free concentration, ug/mL. */
  freeUgMl(y: Float64Array): number;
  /** Total concentration (free + bound), ug/mL; equals free for non-TMDD models. */
  totalUgMl(y: Float64Array): number;
  /** Total (TMDD) or free target, nM; 0 for non-TMDD models. */
  targetNm(y: Float64Array): number;
  /** Free (unbound) central target, nM (TMDD models; absent otherwise). */
  freeTargetNm?(y: Float64Array): number;
  /** Free peripheral target, nM (double-target TMDD; absent otherwise). */
  peripheralFreeTargetNm?(y: Float64Array): number;
  /** Eliminated amount, mg (linear/MM models); 0 otherwise. */
  eliminatedMg(y: Float64Array): number;
  /** Pre-dose state (zero drug, target at baseline). */
  initialState(): Float64Array;
  /** Replaces the parameters (piecewise covariates), keeping the state. */
  setParameters(p: IndividualParameters): void;
}

/**
 * Builds the ODE system of a model structure. With `depot: false` (IV-only
 * regimens) the absorption compartment is left out, so every state index
 * above shifts down by one; the solvers never see the difference.
 */
export function buildSystem(
  structure: ModelStructure,
  p0: IndividualParameters,
  molecularWeightKDa: number,
  options: { depot?: boolean } = {},
): PkSystem {
  if (structure === "tmdd-qss-double") return buildDoubleQssSystem(p0, molecularWeightKDa, options);
  const o = options.depot === false ? 0 : 1;
  const nmolPerMg = 1000 / molecularWeightKDa;
  // parameters as locals (fast property-free access in the right-hand sides)
  let CL = 0;
  let V1 = 1;
  let Q = 0;
  let V2 = 1;
  let KA = 0;
  let F = 1;
  let VMAX = 0;
  let KM = 1;
  let K = 1;
  let KINT = 0;
  let KDEG = 0;
  let R0 = 0;
  let KON = 0;
  const kName = structure === "tmdd-qe" ? "KD" : "KSS";
  const load = (p: IndividualParameters) => {
    CL = p.CL;
    V1 = p.V1;
    Q = p.Q !== undefined && p.V2 !== undefined ? p.Q : 0;
    V2 = p.V2 ?? 1;
    KA = p.KA ?? 0;
    F = p.F ?? 1;
    VMAX = p.VMAX ?? 0;
    KM = p.KM ?? 1;
    K = p[kName] ?? 0;
    KINT = p.KINT ?? 0;
    KDEG = p.KDEG ?? 0;
    R0 = p.R0 ?? 0;
    KON = p.KON ?? 0;
  };
  load(p0);
  const sys: PkSystem = {
    dim: 3 + o,
    rhs: () => {},
    rateMgDay: 0,
    addDepot: (y, a) => {
      if (o === 0)
        throw new InputError({ field: "regimen", value: "sc", expected: "an IV-only regimen for a system built without a depot" });
      y[0] += F * a;
    },
    freeUgMl: () => 0,
    totalUgMl: () => 0,
    targetNm: () => 0,
    eliminatedMg: () => 0,
    initialState: () => new Float64Array(sys.dim),
    setParameters: (q) => load(q),
  };
  if (structure === "linear" || structure === "michaelis-menten") {
    const mm = structure === "michaelis-menten";
    sys.dim = 3 + o;
    sys.rhs = (y, dy) => {
      const c = y[o] / V1;
      const abs = o ? KA * y[0] : 0;
      const elim = CL * c + (mm ? (VMAX * c) / (KM + c) : 0);
      const dist = Q * c - (Q * y[o + 1]) / V2;
      if (o) dy[0] = -abs;
      dy[o] = sys.rateMgDay + abs - elim - dist;
      dy[o + 1] = dist;
      dy[o + 2] = elim;
    };
    sys.freeUgMl = (y) => y[o] / V1;
    sys.totalUgMl = sys.freeUgMl;
    sys.eliminatedMg = (y) => y[o + 2];
    return sys;
  }
  if (structure === "tmdd-qss" || structure === "tmdd-qe") {
    if (p0[kName] === undefined)
      throw new InputError({ field: `parameters.${kName}`, value: undefined, expected: `a ${kName} for ${structure}` });
    sys.dim = 3 + o;
    sys.rhs = (y, dy) => {
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
    };
    // analytic Jacobian: C solves C^2 - (Ctot - R - K) C - K Ctot = 0, so with S = 2C - (Ctot - R - K),
    // dC/dCtot = (C + K) / S and dC/dR = -C / S (implicit differentiation).
    sys.jacobian = (y, J) => {
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
    };
    sys.freeUgMl = (y) => qssFree(y[o] / V1, y[o + 2], K) / nmolPerMg;
    sys.totalUgMl = (y) => y[o] / V1 / nmolPerMg;
    sys.targetNm = (y) => y[o + 2];
    sys.freeTargetNm = (y) => qssFreeTargetNm(y[o] / V1, y[o + 2], K);
    sys.initialState = () => {
      const y = new Float64Array(3 + o);
      y[o + 2] = R0;
      return y;
    };
    return sys;
  }
  // full Mager-Jusko
  if (!(p0.KON > 0) || p0.KSS * p0.KON - p0.KINT <= 0) {
    throw new InputError({ field: "parameters.KON", value: p0.KON, expected: "kon > 0 with koff = KSS*kon - kint > 0" });
  }
  sys.dim = 4 + o;
  sys.rhs = (y, dy) => {
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
  };
  sys.freeUgMl = (y) => y[o] / V1 / nmolPerMg;
  sys.totalUgMl = (y) => (y[o] / V1 + y[o + 3]) / nmolPerMg;
  sys.targetNm = (y) => y[o + 2] + y[o + 3];
  sys.freeTargetNm = (y) => y[o + 2];
  sys.initialState = () => {
    const y = new Float64Array(4 + o);
    y[o + 2] = R0;
    return y;
  };
  return sys;
}
