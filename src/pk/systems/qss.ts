/**
 * Quasi-steady-state algebra shared by the TMDD systems (`tmdd-qss.ts`, `tmdd-qe.ts`,
 * `tmdd-qss-double.ts`): free drug and free target from totals (Gibiansky L et al. 2008,
 * J Pharmacokinet Pharmacodyn 35:573). It imports no system, so every system can import it.
 */
import { assertNonNegative, assertPositive, finiteOrThrow } from "../../core/validate";

/**
 * Free drug from total drug and total target under the QSS/QE approximation (nM); cancellation-free form:
 * C = ½[(Ctot − Rtot − K) + √((Ctot − Rtot − K)² + 4 K Ctot)] (Gibiansky 2008, J Pharmacokinet Pharmacodyn 35:573).
 * @param ctotNm total drug, nM (>= 0)
 * @param rtotNm total target, nM (>= 0)
 * @param kNm the QSS constant KSS (or KD), nM (> 0)
 * @throws InputError for an argument that is not a finite number in its range, or a result too large to represent.
 * @example qssFreeNm(33.5, 3.3, 15.4) // 31.29 nM of free infliximab out of 33.5 nM total
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
