/**
 * Double quasi-steady-state TMDD: the drug binds its target in the central and in the
 * peripheral compartment, each pool with its own baseline, KSS and complex elimination rate,
 * and one shared target turnover (Ternant D et al. 2021, Pharmaceutics 13:1821, Methods 2.2.1
 * and Appendix A; Gibiansky 2008 for the QSS algebra).
 *
 * State [depot mg, A1 nmol (total drug, central), Ap nmol (total drug, peripheral),
 * Rc nM (total target, central), Rp nM (total target, peripheral)]:
 *
 *   Ctot = A1/V1,  Ptot = Ap/V1,  C = qss(Ctot, Rc, KSSc),  P = qss(Ptot, Rp, KSSp)
 *   dA1 = In + ka F D - CL C - Q C + (Q/V2) V1 P - kintC V1 (Ctot - C)
 *   dAp = Q C - (Q/V2) V1 P - kintP V1 (Ptot - P)
 *   dRc = kdeg R0c - kdeg Rc - (kintC - kdeg)(Ctot - C)
 *   dRp = kdeg R0p - kdeg Rp - (kintP - kdeg)(Ptot - P)
 *
 * The peripheral drug concentration is referenced to V1, not V2, as in the authors' Monolix
 * code (Appendix A, `ddt_CP = k12*Cf - k21*Cp`, as read in nlmixr2lib's Ternant_2021_infliximab.R):
 * the peripheral KSS and baseline were estimated on that scale, so the published values only
 * reproduce the model with it. Amounts still flow between compartments exactly as in a
 * two-compartment model (Q C out, (Q/V2) x free peripheral amount back).
 *
 * Hand-written like the other systems in this folder (same interface, `system.ts`); no maintained
 * JavaScript package carries pharmacometric TMDD systems.
 */
import { InputError } from "../../core/errors";
import type { IndividualParameters } from "../types";
import { qssFree, qssFreeTargetNm } from "./qss";
import { noDepotError, type PkSystem, type SystemOptions } from "./system";

/** Names of the parameters of the double-QSS system (besides CL, V1, Q, V2, KA, F). */
export const DOUBLE_TMDD_PARAMETERS = ["KSS", "KINT", "R0", "KSSP", "KINTP", "R0P", "KDEG"] as const;

/**
 * Builder of the "tmdd-qss-double" structure. With `depot: false` the absorption compartment is
 * left out and every index shifts down by one.
 */
export function buildDoubleQssSystem(p0: IndividualParameters, molecularWeightKDa: number, options: SystemOptions = {}): PkSystem {
  for (const k of DOUBLE_TMDD_PARAMETERS) {
    if (!(p0[k] >= 0) || !Number.isFinite(p0[k]))
      throw new InputError({ field: `parameters.${k}`, value: p0[k], expected: "a finite non-negative value for tmdd-qss-double" });
  }
  const o = options.depot === false ? 0 : 1;
  const nmolPerMg = 1000 / molecularWeightKDa;
  let CL = 0;
  let V1 = 1;
  let Q = 0;
  let V2 = 1;
  let KA = 0;
  let F = 1;
  let KC = 1;
  let KINTC = 0;
  let R0C = 0;
  let KP = 1;
  let KINTP = 0;
  let R0P = 0;
  let KDEG = 0;
  const load = (p: IndividualParameters) => {
    CL = p.CL;
    V1 = p.V1;
    Q = p.Q;
    V2 = p.V2;
    KA = p.KA ?? 0;
    F = p.F ?? 1;
    KC = p.KSS;
    KINTC = p.KINT;
    R0C = p.R0;
    KP = p.KSSP;
    KINTP = p.KINTP;
    R0P = p.R0P;
    KDEG = p.KDEG;
  };
  load(p0);
  const sys: PkSystem = {
    dim: 4 + o,
    rateMgDay: 0,
    rhs: (y, dy) => {
      const ctot = y[o] / V1;
      const ptot = y[o + 1] / V1;
      const rc = y[o + 2];
      const rp = y[o + 3];
      const c = qssFree(ctot, rc, KC);
      const p = qssFree(ptot, rp, KP);
      const boundC = ctot - c;
      const boundP = ptot - p;
      const abs = o ? KA * y[0] : 0;
      const dist = Q * c - (Q / V2) * V1 * p;
      if (o) dy[0] = -abs;
      dy[o] = (sys.rateMgDay + abs) * nmolPerMg - CL * c - dist - KINTC * V1 * boundC;
      dy[o + 1] = dist - KINTP * V1 * boundP;
      dy[o + 2] = KDEG * R0C - KDEG * rc - (KINTC - KDEG) * boundC;
      dy[o + 3] = KDEG * R0P - KDEG * rp - (KINTP - KDEG) * boundP;
    },
    addDepot: (y, a) => {
      if (o === 0) throw noDepotError();
      y[0] += F * a;
    },
    freeUgMl: (y) => qssFree(y[o] / V1, y[o + 2], KC) / nmolPerMg,
    totalUgMl: (y) => y[o] / V1 / nmolPerMg,
    targetNm: (y) => y[o + 2],
    freeTargetNm: (y) => qssFreeTargetNm(y[o] / V1, y[o + 2], KC),
    peripheralFreeTargetNm: (y) => qssFreeTargetNm(y[o + 1] / V1, y[o + 3], KP),
    eliminatedMg: () => 0,
    initialState: () => {
      const y = new Float64Array(4 + o);
      y[o + 2] = R0C;
      y[o + 3] = R0P;
      return y;
    },
    setParameters: (q) => load(q),
  };
  return sys;
}
