/**
 * Adaptive ODE integrators for the nonlinear PK models (TMDD, Michaelis-Menten).
 *
 * - {@link rodas4}: the L-stable, stiffly accurate Rosenbrock method RODAS4 of
 *   order 4 with an embedded order-3 solution and a continuous (dense) output
 *   (Hairer & Wanner, Solving Ordinary Differential Equations II: Stiff and
 *   Differential-Algebraic Problems, 2nd ed., Springer 1996, section IV.7,
 *   Table 7.2; coefficients as in Hairer's RODAS code). Step-size control by the
 *   scaled RMS error norm (Hairer & Wanner 1996, IV.7 and vol. I II.4 eq. 4.11)
 *   with h_new = h * min(6, max(0.2, 0.9 * err^(-1/4))). The Jacobian is
 *   computed by forward differences with increments sqrt(eps * max(1e-5, |y_j|))
 *   (as in Hairer's codes); linear systems by LU with partial pivoting.
 * - {@link dopri5}: the explicit Dormand-Prince 5(4) pair (Dormand & Prince 1980,
 *   J Comput Appl Math 6:19), for non-stiff cross-checks.
 *
 * Hand-written because no maintained JavaScript package offers a stiff solver
 * with error control that fits (odex-js is explicit only; numeric.js is
 * unmaintained); these systems have at most six states, where a small dense
 * implementation on Float64Array is fast.
 */
import { ConvergenceError } from "../core/errors";
import { ppow } from "../core/portable-math";

/** Right-hand side: writes dy/dt into `dy`. Autonomous within a call of the integrator. */
export type Rhs = (y: Float64Array, dy: Float64Array) => void;

/** Options of the integrators. */
export interface OdeOptions {
  /** Relative tolerance. Default 1e-8. */
  rtol?: number;
  /** Absolute tolerance (state units). Default 1e-10. */
  atol?: number;
  /** Initial step (days). Default: chosen from the span. */
  h0?: number;
  /** Maximum steps per call. Default 100000. */
  maxSteps?: number;
  /** Maximum step size. Default: the span. */
  hMax?: number;
  /** dopri5 only: throw {@link StiffnessDetected} when the problem turns stiff. Default false. */
  detectStiffness?: boolean;
  /** Analytic Jacobian (row-major n x n) of the right-hand side; forward differences when absent. */
  jacobian?: (y: Float64Array, jac: Float64Array) => void;
}

/**
 * Thrown by {@link dopri5} with `detectStiffness` when Hairer's stiffness test
 * fires (h * |lambda| estimate > 3.25 on 15 accepted steps; Hairer,
 * Norsett & Wanner, Solving ODEs I, 2nd ed. 1993, section II.10 and the DOPRI5
 * code), so that the caller can switch to a stiff method, as lsoda switches
 * from Adams to BDF.
 */
export class StiffnessDetected extends Error {
  constructor(readonly t: number) {
    super(`stiffness detected at t = ${t}`);
  }
}

/** Integration statistics, accumulated across calls when the same object is passed. */
export interface OdeStats {
  steps: number;
  rejected: number;
  rhsCalls: number;
  /** Last accepted step size, reused as the next call's initial step. */
  lastH: number;
}

/** Fresh statistics object. */
export function newOdeStats(): OdeStats {
  return { steps: 0, rejected: 0, rhsCalls: 0, lastH: 0 };
}

// RODAS4 coefficients (Hairer & Wanner 1996; Hairer's RODAS, METH = 1).
const G = 0.25;
const A21 = 1.544;
const A31 = 0.9466785280815826;
const A32 = 0.2557011698983284;
const A41 = 3.314825187068521;
const A42 = 2.896124015972201;
const A43 = 0.9986419139977817;
const A51 = 1.221224509226641;
const A52 = 6.019134481288629;
const A53 = 12.53708332932087;
const A54 = -0.687886036105895;
const C21 = -5.6688;
const C31 = -2.430093356833875;
const C32 = -0.2063599157091915;
const C41 = -0.1073529058151375;
const C42 = -9.594562251023355;
const C43 = -20.47028614809616;
const C51 = 7.496443313967647;
const C52 = -10.24680431464352;
const C53 = -33.99990352819905;
const C54 = 11.7089089320616;
const C61 = 8.083246795921522;
const C62 = -7.981132988064893;
const C63 = -31.52159432874371;
const C64 = 16.31930543123136;
const C65 = -6.058818238834054;
const H21 = 10.12623508344586;
const H22 = -7.487995877610167;
const H23 = -34.80091861555747;
const H24 = -7.992771707568823;
const H25 = 1.025137723295662;
const H31 = -0.6762803392801253;
const H32 = 6.087714651680015;
const H33 = 16.43084320892478;
const H34 = 24.76722511418386;
const H35 = -6.594389125716872;

/** In-place LU with partial pivoting of an n x n row-major matrix; returns false if singular. */
function luFactor(a: Float64Array, n: number, piv: Int32Array): boolean {
  for (let k = 0; k < n; k++) {
    let p = k;
    let max = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    piv[k] = p;
    if (max === 0) return false;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[p * n + j];
        a[p * n + j] = t;
      }
    }
    const d = a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k] / d;
      a[i * n + k] = f;
      if (f !== 0) for (let j = k + 1; j < n; j++) a[i * n + j] -= f * a[k * n + j];
    }
  }
  return true;
}

function luSolve(a: Float64Array, n: number, piv: Int32Array, b: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const p = piv[k];
    if (p !== k) {
      const t = b[k];
      b[k] = b[p];
      b[p] = t;
    }
    for (let i = k + 1; i < n; i++) b[i] -= a[i * n + k] * b[k];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= a[i * n + j] * b[j];
    b[i] = s / a[i * n + i];
  }
}

/**
 * Dense-output callback: called for each requested output time inside an
 * accepted step with the interpolated state.
 */
export type OutputFn = (index: number, y: Float64Array) => void;

/**
 * Integrates y' = f(y) from t0 to t1 with RODAS4, updating `y` in place to y(t1).
 * Output times in [t0, t1] (sorted ascending, from `outIndex` on) are filled by
 * the method's continuous extension; returns the index of the first output
 * time not yet served.
 * @throws ConvergenceError if the step size underflows or maxSteps is exceeded.
 */
export function rodas4(
  f: Rhs,
  y: Float64Array,
  t0: number,
  t1: number,
  options: OdeOptions = {},
  stats: OdeStats = newOdeStats(),
  outTimes?: ArrayLike<number>,
  outIndex = 0,
  onOutput?: OutputFn,
): number {
  const n = y.length;
  const rtol = options.rtol ?? 1e-8;
  const atol = options.atol ?? 1e-10;
  const maxSteps = options.maxSteps ?? 100000;
  const span = t1 - t0;
  let oi = outIndex;
  const serveAt = (tt: number, yy: Float64Array) => {
    if (!outTimes || !onOutput) return;
    while (oi < outTimes.length && outTimes[oi] <= tt) {
      onOutput(oi, yy);
      oi++;
    }
  };
  if (span <= 0) {
    serveAt(t0, y);
    return oi;
  }
  const hMax = options.hMax ?? span;
  let h = Math.min(options.h0 ?? (stats.lastH > 0 ? stats.lastH : span * 1e-3), hMax, span);
  const jac = new Float64Array(n * n);
  const e = new Float64Array(n * n);
  const piv = new Int32Array(n);
  const f0 = new Float64Array(n);
  const ft = new Float64Array(n);
  const u = new Float64Array(n);
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const k5 = new Float64Array(n);
  const k6 = new Float64Array(n);
  const ynew = new Float64Array(n);
  const yi = new Float64Array(n);
  let t = t0;
  let steps = 0;
  let rejectedLast = false;
  // serve outputs at t0 exactly
  if (outTimes && onOutput) {
    while (oi < outTimes.length && outTimes[oi] <= t0) {
      onOutput(oi, y);
      oi++;
    }
  }
  while (t < t1) {
    if (++steps > maxSteps) throw new ConvergenceError(`rodas4: more than ${maxSteps} steps between t = ${t0} and ${t1}`, steps);
    let last = false;
    const hWanted = h;
    if (t + h >= t1 || t1 - (t + h) < 1e-12 * Math.max(1, Math.abs(t1))) {
      h = t1 - t;
      last = true;
    }
    f(y, f0);
    stats.rhsCalls++;
    if (options.jacobian) options.jacobian(y, jac);
    // otherwise the Jacobian by forward differences
    else
      for (let j = 0; j < n; j++) {
        const yj = y[j];
        const del = Math.sqrt(2.220446049250313e-16 * Math.max(1e-5, Math.abs(yj)));
        y[j] = yj + del;
        f(y, ft);
        stats.rhsCalls++;
        y[j] = yj;
        for (let i = 0; i < n; i++) jac[i * n + j] = (ft[i] - f0[i]) / del;
      }
    for (;;) {
      const fac = 1 / (h * G);
      for (let i = 0; i < n * n; i++) e[i] = -jac[i];
      for (let i = 0; i < n; i++) e[i * n + i] += fac;
      if (!luFactor(e, n, piv)) {
        h *= 0.5;
        last = false;
        continue;
      }
      const ih = 1 / h;
      for (let i = 0; i < n; i++) k1[i] = f0[i];
      luSolve(e, n, piv, k1);
      for (let i = 0; i < n; i++) u[i] = y[i] + A21 * k1[i];
      f(u, k2);
      for (let i = 0; i < n; i++) k2[i] += C21 * k1[i] * ih;
      luSolve(e, n, piv, k2);
      for (let i = 0; i < n; i++) u[i] = y[i] + A31 * k1[i] + A32 * k2[i];
      f(u, k3);
      for (let i = 0; i < n; i++) k3[i] += (C31 * k1[i] + C32 * k2[i]) * ih;
      luSolve(e, n, piv, k3);
      for (let i = 0; i < n; i++) u[i] = y[i] + A41 * k1[i] + A42 * k2[i] + A43 * k3[i];
      f(u, k4);
      for (let i = 0; i < n; i++) k4[i] += (C41 * k1[i] + C42 * k2[i] + C43 * k3[i]) * ih;
      luSolve(e, n, piv, k4);
      for (let i = 0; i < n; i++) u[i] = y[i] + A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i];
      f(u, k5);
      for (let i = 0; i < n; i++) k5[i] += (C51 * k1[i] + C52 * k2[i] + C53 * k3[i] + C54 * k4[i]) * ih;
      luSolve(e, n, piv, k5);
      for (let i = 0; i < n; i++) u[i] += k5[i];
      f(u, k6);
      for (let i = 0; i < n; i++) k6[i] += (C61 * k1[i] + C62 * k2[i] + C63 * k3[i] + C64 * k4[i] + C65 * k5[i]) * ih;
      luSolve(e, n, piv, k6);
      stats.rhsCalls += 5;
      let err = 0;
      let finite = true;
      for (let i = 0; i < n; i++) {
        ynew[i] = u[i] + k6[i];
        if (!Number.isFinite(ynew[i])) finite = false;
        const sk = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(ynew[i]));
        const r = k6[i] / sk;
        err += r * r;
      }
      err = Math.sqrt(err / n);
      if (!finite) err = 1e10;
      let hfac = err === 0 ? 6 : Math.min(6, Math.max(0.2, 0.9 * ppow(err, -0.25)));
      if (err <= 1) {
        stats.steps++;
        const tNew = t + h;
        if (outTimes && onOutput) {
          while (oi < outTimes.length && outTimes[oi] <= tNew + 1e-12 * Math.max(1, Math.abs(tNew))) {
            const th = Math.min(1, Math.max(0, (outTimes[oi] - t) / h));
            const t1m = 1 - th;
            for (let i = 0; i < n; i++) {
              const d1 = H21 * k1[i] + H22 * k2[i] + H23 * k3[i] + H24 * k4[i] + H25 * k5[i];
              const d2 = H31 * k1[i] + H32 * k2[i] + H33 * k3[i] + H34 * k4[i] + H35 * k5[i];
              yi[i] = t1m * y[i] + th * (ynew[i] + t1m * (d1 + th * d2));
            }
            onOutput(oi, yi);
            oi++;
          }
        }
        y.set(ynew);
        t = last ? t1 : tNew;
        if (rejectedLast) hfac = Math.min(1, hfac);
        rejectedLast = false;
        stats.lastH = last ? Math.max(hWanted, h) : Math.min(h * hfac, hMax);
        h = Math.min(h * hfac, hMax);
        break;
      }
      stats.rejected++;
      rejectedLast = true;
      last = false;
      h *= hfac;
      if (h < 1e-14 * Math.max(1, Math.abs(t))) throw new ConvergenceError(`rodas4: step size underflow at t = ${t}`, steps);
    }
  }
  return oi;
}

// Dormand-Prince 5(4) coefficients (Dormand & Prince 1980).
const DA = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
const DB = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
const DB4 = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40];
// the same tableau as scalars, for the written-out stages of dopri5
const [A2_1] = DA[1];
const [A3_1, A3_2] = DA[2];
const [A4_1, A4_2, A4_3] = DA[3];
const [A5_1, A5_2, A5_3, A5_4] = DA[4];
const [A6_1, A6_2, A6_3, A6_4, A6_5] = DA[5];
const [B_1, , B_3, B_4, B_5, B_6] = DB;
const [E_1, , E_3, E_4, E_5, E_6, E_7] = DB.map((b, j) => b - DB4[j]);

/**
 * Dense-output coefficients of DOPRI5 (Hairer, Nørsett & Wanner 1993, Solving
 * Ordinary Differential Equations I, 2nd ed., section II.6; the `contd5`
 * interpolant of Hairer's dopri5.f): a continuous order-4 solution across each
 * accepted step.
 */
const DD = [
  -12715105075 / 11282082432,
  0,
  87487479700 / 32700410799,
  -10690763975 / 1880347072,
  701980252875 / 199316789632,
  -1453857185 / 822651844,
  69997945 / 29380423,
];

/**
 * Integrates y' = f(y) from t0 to t1 with the explicit Dormand-Prince 5(4)
 * pair (Dormand & Prince 1980, J Comput Appl Math 6:19), updating `y` in
 * place. Output times inside a step are served through `onOutput` (as in
 * {@link rodas4}) from the pair's continuous extension (dense output), so the
 * step size is set by the error control alone, not by the output grid. The
 * last stage of an accepted step is reused as the first of the next (FSAL).
 */
export function dopri5(
  f: Rhs,
  y: Float64Array,
  t0: number,
  t1: number,
  options: OdeOptions = {},
  stats: OdeStats = newOdeStats(),
  outTimes?: ArrayLike<number>,
  outIndex = 0,
  onOutput?: OutputFn,
): number {
  const n = y.length;
  const rtol = options.rtol ?? 1e-8;
  const atol = options.atol ?? 1e-10;
  const maxSteps = options.maxSteps ?? 1000000;
  let oi = outIndex;
  const k = Array.from({ length: 7 }, () => new Float64Array(n));
  const u = new Float64Array(n);
  const u6 = new Float64Array(n);
  const y5 = new Float64Array(n);
  let stiffCount = 0;
  let nonStiffCount = 0;
  const stepsAtStart = stats.steps;
  let t = t0;
  const span = t1 - t0;
  let h = Math.min(options.h0 ?? (stats.lastH > 0 ? stats.lastH : Math.max(span * 1e-3, 1e-6)), options.hMax ?? Infinity);
  const serve = () => {
    if (!outTimes || !onOutput) return;
    while (oi < outTimes.length && outTimes[oi] <= t + 1e-12 * Math.max(1, Math.abs(t))) {
      onOutput(oi, y);
      oi++;
    }
  };
  serve();
  const dense =
    outTimes && onOutput
      ? { r2: new Float64Array(n), r3: new Float64Array(n), r4: new Float64Array(n), r5: new Float64Array(n), ys: new Float64Array(n) }
      : undefined;
  const tolT = 1e-12 * Math.max(1, Math.abs(t1));
  let steps = 0;
  f(y, k[0]);
  stats.rhsCalls += 1;
  while (t < t1) {
    if (++steps > maxSteps) throw new ConvergenceError(`dopri5: more than ${maxSteps} steps`, steps);
    const target = t1;
    let last = false;
    if (t + h >= target) {
      h = target - t;
      last = true;
    }
    // the six new stages, written out (Dormand & Prince 1980 tableau; FSAL: k1 = f(y) is known)
    const [k1, k2, k3, k4, k5, k6, k7] = k;
    for (let i = 0; i < n; i++) u[i] = y[i] + h * (A2_1 * k1[i]);
    f(u, k2);
    for (let i = 0; i < n; i++) u[i] = y[i] + h * (A3_1 * k1[i] + A3_2 * k2[i]);
    f(u, k3);
    for (let i = 0; i < n; i++) u[i] = y[i] + h * (A4_1 * k1[i] + A4_2 * k2[i] + A4_3 * k3[i]);
    f(u, k4);
    for (let i = 0; i < n; i++) u[i] = y[i] + h * (A5_1 * k1[i] + A5_2 * k2[i] + A5_3 * k3[i] + A5_4 * k4[i]);
    f(u, k5);
    for (let i = 0; i < n; i++) u6[i] = y[i] + h * (A6_1 * k1[i] + A6_2 * k2[i] + A6_3 * k3[i] + A6_4 * k4[i] + A6_5 * k5[i]);
    f(u6, k6);
    // stage 7 is at the fifth-order solution (FSAL)
    for (let i = 0; i < n; i++) y5[i] = y[i] + h * (B_1 * k1[i] + B_3 * k3[i] + B_4 * k4[i] + B_5 * k5[i] + B_6 * k6[i]);
    f(y5, k7);
    stats.rhsCalls += 6;
    let err = 0;
    for (let i = 0; i < n; i++) {
      // y5 - y4 = h * sum (b_j - b*_j) k_j
      const diff = h * (E_1 * k1[i] + E_3 * k3[i] + E_4 * k4[i] + E_5 * k5[i] + E_6 * k6[i] + E_7 * k7[i]);
      const sk = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(y5[i]));
      err += (diff / sk) ** 2;
    }
    err = Math.sqrt(err / n);
    const hfac = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * ppow(err, -0.2)));
    if (err <= 1 && Number.isFinite(err)) {
      if (options.detectStiffness) {
        // the stage-7 state is y5 (FSAL), stage 6 is u6: rho ~ |lambda| along the step
        let num = 0;
        let den = 0;
        for (let i = 0; i < n; i++) {
          num += (k[6][i] - k[5][i]) ** 2;
          den += (y5[i] - u6[i]) ** 2;
        }
        if (den > 0 && h * Math.sqrt(num / den) > 3.25) {
          nonStiffCount = 0;
          // switch only when stability, not accuracy, holds the explicit step to < 1/1000 of the
          // span: for mildly stiff 3-4 state systems the cheap explicit steps still win
          if (++stiffCount >= 15 && h < 1e-3 * span) throw new StiffnessDetected(t);
        } else if (++nonStiffCount >= 6) stiffCount = 0;
        // many explicit steps in one call is the other symptom of stiffness
        if (stats.steps - stepsAtStart > 20000) throw new StiffnessDetected(t);
      }
      stats.steps++;
      const tNew = last ? target : t + h;
      if (dense && outTimes && onOutput && oi < outTimes.length && outTimes[oi] <= tNew + tolT) {
        // continuous extension over [t, tNew]; k[6] = f(y5) by FSAL
        const { r2, r3, r4, r5, ys } = dense;
        for (let i = 0; i < n; i++) {
          const ydiff = y5[i] - y[i];
          const bspl = h * k[0][i] - ydiff;
          r2[i] = ydiff;
          r3[i] = bspl;
          r4[i] = ydiff - h * k[6][i] - bspl;
          let acc = 0;
          for (let j = 0; j < 7; j++) acc += DD[j] * k[j][i];
          r5[i] = h * acc;
        }
        while (oi < outTimes.length && outTimes[oi] <= tNew + tolT) {
          const theta = Math.min(1, (outTimes[oi] - t) / h);
          const theta1 = 1 - theta;
          for (let i = 0; i < n; i++) ys[i] = y[i] + theta * (r2[i] + theta1 * (r3[i] + theta * (r4[i] + theta1 * r5[i])));
          onOutput(oi, ys);
          oi++;
        }
      }
      y.set(y5);
      t = tNew;
      stats.lastH = h;
      // FSAL: the last stage, evaluated at the accepted state, starts the next step
      const k0 = k[0];
      k[0] = k[6];
      k[6] = k0;
      h *= hfac;
    } else {
      stats.rejected++;
      h *= Math.min(hfac, 0.5);
      if (h < 1e-14 * Math.max(1, Math.abs(t))) throw new ConvergenceError(`dopri5: step size underflow at t = ${t}`, steps);
    }
  }
  return oi;
}
