/**
 * Exact solution of linear one- and two-compartment models with IV infusion
 * and first-order absorption.
 *
 * Between events (dose start, infusion end, covariate change, output time) the
 * model x' = M x + b(t) is linear with constant coefficients, so the state is
 * advanced exactly with the matrix exponential written through its spectral
 * projectors (Sylvester's formula): for the 2x2 central/peripheral block with
 * eigenvalues -alpha, -beta,
 *
 *   exp(M t) = e^(-alpha t) (M + beta I)/(beta - alpha) + e^(-beta t) (M + alpha I)/(alpha - beta),
 *
 * plus the exact integrals of a constant infusion rate R and of the depot input
 * ka D0 e^(-ka s). This is superposition in state-space form (Gibaldi & Perrier,
 * Pharmacokinetics, 2nd ed., 1982, ch. 2-3): restarting from the state at each
 * change point keeps it exact under piecewise-constant covariates.
 *
 * Hand-written: no maintained JavaScript PK library provides this; the
 * formulas are a few lines and need no dependency.
 */
import { InputError } from "../core/errors";
import { pexp, pexpm1 } from "../core/portable-math";
import { assertNonNegative, assertObject, assertPositive, finiteOrThrow } from "../core/validate";
import type { IndividualParameters } from "./types";

// Local bindings of the portable functions for the hot step below: under tsx (the benchmarks, scripts)
// an imported binding is read through a getter on every call, which cost a population run about 10 %.
const exp = pexp;
const expm1 = pexpm1;

/** Precomputed rate constants of a linear model. */
export interface LinearCoefficients {
  twoCompartment: boolean;
  k10: number;
  k12: number;
  k21: number;
  alpha: number;
  beta: number;
  ka: number;
  f: number;
  v1: number;
  /** Projector entries P1 (for alpha) and P2 (for beta), row-major 2x2. */
  p1: [number, number, number, number];
  p2: [number, number, number, number];
  /** Cache of the last step's exponentials. */
  cacheDt: number;
  cacheEa: number;
  cacheEb: number;
  cacheEk: number;
  /** Infusion integrals (1 - e^(-alpha dt))/alpha and (1 - e^(-beta dt))/beta for cacheDt; NaN until needed. */
  cacheIa: number;
  cacheIb: number;
}

/** Rate constants and projectors from individual parameters (CL, V1[, Q, V2][, KA, F]). */
export function linearCoefficients(p: IndividualParameters): LinearCoefficients {
  const k10 = p.CL / p.V1;
  const two = p.Q !== undefined && p.V2 !== undefined && p.Q > 0;
  const k12 = two ? p.Q / p.V1 : 0;
  const k21 = two ? p.Q / p.V2 : 0;
  let alpha = k10;
  let beta = 0;
  let p1: [number, number, number, number] = [1, 0, 0, 0];
  let p2: [number, number, number, number] = [0, 0, 0, 0];
  if (two) {
    const s = k10 + k12 + k21;
    const disc = Math.sqrt(s * s - 4 * k10 * k21);
    alpha = (s + disc) / 2;
    beta = (k10 * k21) / alpha;
    const m11 = -(k10 + k12);
    const m22 = -k21;
    const dba = beta - alpha;
    p1 = [(m11 + beta) / dba, k21 / dba, k12 / dba, (m22 + beta) / dba];
    p2 = [(m11 + alpha) / -dba, k21 / -dba, k12 / -dba, (m22 + alpha) / -dba];
  }
  return {
    twoCompartment: two,
    k10,
    k12,
    k21,
    alpha,
    beta,
    ka: p.KA ?? 0,
    f: p.F ?? 1,
    v1: p.V1,
    p1,
    p2,
    cacheDt: -1,
    cacheEa: 1,
    cacheEb: 1,
    cacheEk: 1,
    cacheIa: Number.NaN,
    cacheIb: Number.NaN,
  };
}

/** (e^(-l t) - e^(-ka t)) / (ka - l), with its limit t e^(-l t) when ka ~ l. */
function bateman(l: number, ka: number, t: number, el: number, ek: number): number {
  const d = ka - l;
  if (Math.abs(d) < 1e-9 * Math.max(ka, l, 1e-12)) return t * el;
  return (el - ek) / d;
}

/**
 * Advances the state [depot, A1, A2] (mg) exactly by dt days under a constant
 * infusion rate (mg/day) into the central compartment. Mutates `s`.
 */
export function advanceLinear(c: LinearCoefficients, s: Float64Array, dt: number, rateMgDay: number): void {
  if (dt <= 0) return;
  let ea: number;
  let eb: number;
  let ek: number;
  if (dt === c.cacheDt) {
    ea = c.cacheEa;
    eb = c.cacheEb;
    ek = c.cacheEk;
  } else {
    ea = exp(-c.alpha * dt);
    eb = c.twoCompartment ? exp(-c.beta * dt) : 1;
    ek = c.ka > 0 ? exp(-c.ka * dt) : 1;
    c.cacheDt = dt;
    c.cacheEa = ea;
    c.cacheEb = eb;
    c.cacheEk = ek;
    c.cacheIa = Number.NaN;
    c.cacheIb = Number.NaN;
  }
  // the unit-infusion integrals, computed once per step length (a population replays a few step lengths)
  if (rateMgDay !== 0 && Number.isNaN(c.cacheIa)) {
    c.cacheIa = -expm1(-c.alpha * dt) / c.alpha;
    c.cacheIb = c.twoCompartment ? -expm1(-c.beta * dt) / c.beta : 0;
  }
  const d0 = s[0];
  const x1 = s[1];
  if (!c.twoCompartment) {
    let y1 = ea * x1;
    if (rateMgDay !== 0) y1 += rateMgDay * c.cacheIa;
    if (d0 !== 0) y1 += c.ka * d0 * bateman(c.alpha, c.ka, dt, ea, ek);
    s[0] = d0 * ek;
    s[1] = y1;
    return;
  }
  const x2 = s[2];
  const p1 = c.p1;
  const p2 = c.p2;
  let y1 = (ea * p1[0] + eb * p2[0]) * x1 + (ea * p1[1] + eb * p2[1]) * x2;
  let y2 = (ea * p1[2] + eb * p2[2]) * x1 + (ea * p1[3] + eb * p2[3]) * x2;
  if (rateMgDay !== 0) {
    const ia = c.cacheIa;
    const ib = c.cacheIb;
    y1 += rateMgDay * (p1[0] * ia + p2[0] * ib);
    y2 += rateMgDay * (p1[2] * ia + p2[2] * ib);
  }
  if (d0 !== 0) {
    const ga = c.ka * d0 * bateman(c.alpha, c.ka, dt, ea, ek);
    const gb = c.ka * d0 * bateman(c.beta, c.ka, dt, eb, ek);
    y1 += p1[0] * ga + p2[0] * gb;
    y2 += p1[2] * ga + p2[2] * gb;
    s[0] = d0 * ek;
  }
  s[1] = y1;
  s[2] = y2;
}

/**
 * Terminal half-life (days) of a linear model: ln 2 / beta (2-cmt) or ln 2 / k10 (1-cmt).
 * @param p individual parameters (e.g. from `individualParameters`): CL (L/day) and V1 (L) greater
 * than 0, and for two compartments Q (L/day, >= 0) with V2 (L, > 0).
 * @throws InputError for a missing, non-finite or non-positive CL or V1 (with CL = 0 nothing is
 * eliminated and there is no half-life), a Q without a positive V2, or a half-life too long to represent.
 * @example terminalHalfLifeDays(individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 70, albuminGdl: 4 })) // 12.1 days
 */
export function terminalHalfLifeDays(p: IndividualParameters): number {
  const q = assertObject<IndividualParameters>(p, "parameters");
  const CL = assertPositive(q.CL, "parameters.CL");
  const V1 = assertPositive(q.V1, "parameters.V1");
  const params: IndividualParameters = { CL, V1 };
  if (q.Q !== undefined || q.V2 !== undefined) {
    if (q.Q === undefined) throw new InputError({ field: "parameters.Q", value: undefined, expected: "Q (L/day) with V2" });
    params.Q = assertNonNegative(q.Q, "parameters.Q");
    params.V2 = assertPositive(q.V2, "parameters.V2");
  }
  const c = linearCoefficients(params);
  return finiteOrThrow(Math.LN2 / (c.twoCompartment ? c.beta : c.alpha), "terminalHalfLifeDays");
}

/**
 * Classic superposition of per-dose responses for constant parameters, used as
 * an independent check of {@link advanceLinear}: IV infusions into a 1- or
 * 2-compartment model (macro-constants A = (alpha - k21)/(V1 (alpha - beta)),
 * B = (k21 - beta)/(V1 (alpha - beta)); Gibaldi & Perrier 1982, ch. 3) and
 * first-order absorption into a 1-compartment model (Bateman function).
 * Returns concentrations (mg/L = ug/mL) at `timesDays`.
 */
export function superpositionConcentrations(
  p: IndividualParameters,
  doses: ReadonlyArray<{ timeDays: number; amountMg: number; route: "iv" | "sc"; durationDays: number }>,
  timesDays: ArrayLike<number>,
): Float64Array {
  const c = linearCoefficients(p);
  const out = new Float64Array(timesDays.length);
  const terms: Array<[number, number]> = c.twoCompartment
    ? [
        [(c.alpha - c.k21) / (c.v1 * (c.alpha - c.beta)), c.alpha],
        [(c.k21 - c.beta) / (c.v1 * (c.alpha - c.beta)), c.beta],
      ]
    : [[1 / c.v1, c.alpha]];
  for (let i = 0; i < timesDays.length; i++) {
    const t = timesDays[i];
    let conc = 0;
    for (const d of doses) {
      const tau = t - d.timeDays;
      if (tau <= 0) continue;
      if (d.route === "iv") {
        const rate = d.amountMg / d.durationDays;
        for (const [coef, lam] of terms) {
          if (tau <= d.durationDays) conc += ((rate * coef) / lam) * -pexpm1(-lam * tau);
          else conc += ((rate * coef) / lam) * -pexpm1(-lam * d.durationDays) * pexp(-lam * (tau - d.durationDays));
        }
      } else {
        if (c.twoCompartment) throw new Error("superpositionConcentrations: SC doses only for one-compartment models");
        const ka = c.ka;
        conc += ((c.f * d.amountMg * ka) / (c.v1 * (ka - c.alpha))) * (pexp(-c.alpha * tau) - pexp(-ka * tau));
      }
    }
    out[i] = conc;
  }
  return out;
}

/**
 * A dosing/output schedule compiled once and replayed for many patients who
 * share doses and output times (population simulation): a list of operations
 * (advance by one of a few distinct step lengths, add a dose, record an output).
 * Per patient, the exact one-step maps Phi(dt) (3x3, depot/central/peripheral)
 * and the unit-infusion response gamma(dt) are computed once per distinct dt
 * with {@link advanceLinear} on basis vectors, then each step costs a small
 * matrix-vector product. Exact, like {@link advanceLinear}.
 */
export interface LinearPlan {
  /** Operation codes: 0 advance (arg: dt index, rate), 1 output (arg: output index), 2 IV bolus (amount), 3 SC dose to depot (amount). */
  ops: Int32Array;
  /** Integer argument per op (dt index or output index). */
  iarg: Int32Array;
  /** Numeric argument per op (infusion rate mg/day for advances, amount mg for doses). */
  farg: Float64Array;
  /** Distinct step lengths, days. */
  dts: Float64Array;
  nOutputs: number;
  /** Whether any dose goes to the SC depot. */
  hasDepot: boolean;
}

/** Compiles doses and sorted output times into a {@link LinearPlan} (same event order as the single-patient simulator). */
export function compileLinearPlan(
  doses: ReadonlyArray<{ timeDays: number; amountMg: number; route: "iv" | "sc"; durationDays: number }>,
  times: Float64Array,
): LinearPlan {
  const ops: number[] = [];
  const iarg: number[] = [];
  const farg: number[] = [];
  const dtIndex = new Map<number, number>();
  const dts: number[] = [];
  const push = (op: number, i: number, f: number) => {
    ops.push(op);
    iarg.push(i);
    farg.push(f);
  };
  const nd = doses.length;
  const nt = times.length;
  const infEnd: number[] = [];
  const infRate: number[] = [];
  let rate = 0;
  let t = Math.min(nd ? doses[0].timeDays : Number.POSITIVE_INFINITY, nt ? times[0] : Number.POSITIVE_INFINITY);
  let di = 0;
  let oi = 0;
  while (oi < nt && times[oi] < t) push(1, oi++, 0);
  while (oi < nt) {
    let next = times[oi];
    if (di < nd && doses[di].timeDays < next) next = doses[di].timeDays;
    for (const e of infEnd) if (e < next) next = e;
    const dt = next - t;
    if (dt > 0) {
      // step lengths equal up to rounding (e.g. (t + 1/12) - t for different t) share one key
      const key = Math.round(dt * 2 ** 40);
      let k = dtIndex.get(key);
      if (k === undefined) {
        k = dts.length;
        dts.push(dt);
        dtIndex.set(key, k);
      }
      push(0, k, rate);
    }
    t = next;
    for (let k = infEnd.length - 1; k >= 0; k--) {
      if (infEnd[k] <= t) {
        infEnd.splice(k, 1);
        infRate.splice(k, 1);
        rate = infRate.reduce((a, b) => a + b, 0);
      }
    }
    while (oi < nt && times[oi] <= t) push(1, oi++, 0);
    while (di < nd && doses[di].timeDays <= t) {
      const d = doses[di++];
      if (d.route === "sc") push(3, 0, d.amountMg);
      else if (d.durationDays > 0) {
        infEnd.push(t + d.durationDays);
        infRate.push(d.amountMg / d.durationDays);
        rate = infRate.reduce((a, b) => a + b, 0);
      } else push(2, 0, d.amountMg);
    }
  }
  return {
    ops: Int32Array.from(ops),
    iarg: Int32Array.from(iarg),
    farg: Float64Array.from(farg),
    dts: Float64Array.from(dts),
    nOutputs: nt,
    hasDepot: ops.includes(3),
  };
}

/** Replays a plan for one patient's coefficients; writes central concentrations (ug/mL) into `out`. */
export function runLinearPlan(plan: LinearPlan, c: LinearCoefficients, out: Float64Array, work?: Float64Array): Float64Array {
  const nd = plan.dts.length;
  // phi: per dt, 3x3 row-major (from state [D, A1, A2]); gam: per dt, response to unit rate
  const w = work && work.length >= nd * 12 ? work : new Float64Array(nd * 12);
  const s = new Float64Array(3);
  for (let k = 0; k < nd; k++) {
    const dt = plan.dts[k];
    for (let j = 0; j < 3; j++) {
      s.fill(0);
      s[j] = 1;
      advanceLinear(c, s, dt, 0);
      w[k * 12 + j] = s[0];
      w[k * 12 + 3 + j] = s[1];
      w[k * 12 + 6 + j] = s[2];
    }
    s.fill(0);
    advanceLinear(c, s, dt, 1);
    w[k * 12 + 9] = s[0];
    w[k * 12 + 10] = s[1];
    w[k * 12 + 11] = s[2];
  }
  let d = 0;
  let a1 = 0;
  let a2 = 0;
  const ops = plan.ops;
  const iarg = plan.iarg;
  const farg = plan.farg;
  const iv1 = 1 / c.v1;
  const twoCmt = c.twoCompartment;
  if (!plan.hasDepot && twoCmt) {
    // IV-only two-compartment fast path (no depot terms)
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (op === 0) {
        const b = iarg[i] * 12;
        const r = farg[i];
        const n1 = w[b + 4] * a1 + w[b + 5] * a2 + r * w[b + 10];
        a2 = w[b + 7] * a1 + w[b + 8] * a2 + r * w[b + 11];
        a1 = n1;
      } else if (op === 1) out[iarg[i]] = a1 * iv1;
      else a1 += farg[i];
    }
    return out;
  }
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op === 0) {
      const b = iarg[i] * 12;
      const r = farg[i];
      const nd0 = w[b] * d;
      const n1 = w[b + 3] * d + w[b + 4] * a1 + w[b + 5] * a2 + r * w[b + 10];
      const n2 = twoCmt ? w[b + 6] * d + w[b + 7] * a1 + w[b + 8] * a2 + r * w[b + 11] : 0;
      d = nd0;
      a1 = n1;
      a2 = n2;
    } else if (op === 1) out[iarg[i]] = a1 * iv1;
    else if (op === 2) a1 += farg[i];
    else d += c.f * farg[i];
  }
  return out;
}
