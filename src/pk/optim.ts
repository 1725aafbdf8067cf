/**
 * A small BFGS minimiser with central-difference gradients and a backtracking
 * Armijo line search (Nocedal & Wright, Numerical Optimization, 2nd ed. 2006,
 * Algorithm 6.1 and 3.1), plus a finite-difference Hessian for the Laplace
 * approximation. Hand-written: the problems have 1-4 unknowns, where a
 * dependency-free dense implementation is fastest, and no maintained JS
 * optimiser offers BFGS with these controls (fmin is unmaintained).
 */
import { ConvergenceError } from "../core/errors";

/** Options of {@link bfgs}. */
export interface BfgsOptions {
  /** Stop when the largest gradient component is below this. Default 1e-7. */
  gradientTolerance?: number;
  /** Maximum iterations. Default 200. */
  maxIterations?: number;
  /** Finite-difference step. Default 1e-6. */
  step?: number;
  /**
   * Gradient by "central" differences (2n evaluations) or "auto": forward
   * differences (n evaluations) while the gradient is large, central ones from
   * the first time its largest component falls below 1e-2 on (never back), so
   * that the stopping test sees an accurate gradient. Default "auto".
   */
  gradient?: "central" | "auto";
}

/** Forward-difference gradient of f at x given f(x). */
function forwardGradient(f: (x: Float64Array) => number, x: Float64Array, fx: number, h: number, out: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const d = h * 10 * Math.max(1, Math.abs(xi));
    x[i] = xi + d;
    out[i] = (f(x) - fx) / d;
    x[i] = xi;
  }
  return out;
}

/** Result of {@link bfgs}. */
export interface BfgsResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/** Central-difference gradient of f at x. */
export function numericGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6, out = new Float64Array(x.length)): Float64Array {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const d = h * Math.max(1, Math.abs(xi));
    x[i] = xi + d;
    const fp = f(x);
    x[i] = xi - d;
    const fm = f(x);
    x[i] = xi;
    out[i] = (fp - fm) / (2 * d);
  }
  return out;
}

/** Central-difference Hessian of f at x (symmetric, row-major). */
export function numericHessian(f: (x: Float64Array) => number, x: Float64Array, h = 1e-4): Float64Array {
  const n = x.length;
  const H = new Float64Array(n * n);
  const f0 = f(x);
  for (let i = 0; i < n; i++) {
    const di = h * Math.max(1, Math.abs(x[i]));
    for (let j = i; j < n; j++) {
      const dj = h * Math.max(1, Math.abs(x[j]));
      let v: number;
      const xi = x[i];
      const xj = x[j];
      if (i === j) {
        x[i] = xi + di;
        const fp = f(x);
        x[i] = xi - di;
        const fm = f(x);
        x[i] = xi;
        v = (fp - 2 * f0 + fm) / (di * di);
      } else {
        x[i] = xi + di;
        x[j] = xj + dj;
        const fpp = f(x);
        x[j] = xj - dj;
        const fpm = f(x);
        x[i] = xi - di;
        const fmm = f(x);
        x[j] = xj + dj;
        const fmp = f(x);
        x[i] = xi;
        x[j] = xj;
        v = (fpp - fpm - fmp + fmm) / (4 * di * dj);
      }
      H[i * n + j] = v;
      H[j * n + i] = v;
    }
  }
  return H;
}

/**
 * Minimises f from x0 with BFGS.
 * @throws ConvergenceError when f is not finite at the start.
 */
export function bfgs(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: BfgsOptions = {}): BfgsResult {
  const n = x0.length;
  const gtol = options.gradientTolerance ?? 1e-7;
  const maxIter = options.maxIterations ?? 200;
  const h = options.step ?? 1e-6;
  let evals = 0;
  const fc = (x: Float64Array) => {
    evals++;
    return f(x);
  };
  const x = Float64Array.from(x0);
  let fx = fc(x);
  if (!Number.isFinite(fx)) throw new ConvergenceError(`bfgs: objective is not finite at the start (${fx})`, 0);
  // Forward differences while the gradient is large; once it falls below 1e-2, central differences for good:
  // switching back and forth would put the two methods' difference into y = g(k+1) - g(k), which BFGS
  // reads as curvature (on a strongly curved objective it then stops moving, short of the mode).
  let central = (options.gradient ?? "auto") !== "auto";
  const grad = (xx: Float64Array, fxx: number, prev: Float64Array | undefined) => {
    if (!central && prev) {
      let big = false;
      for (let i = 0; i < n; i++) if (Math.abs(prev[i]) >= 1e-2) big = true;
      if (!big) central = true;
    }
    return central ? numericGradient(fc, xx, h) : forwardGradient(fc, xx, fxx, h, new Float64Array(n));
  };
  let g = grad(x, fx, undefined);
  const Hinv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Hinv[i * n + i] = 1;
  const p = new Float64Array(n);
  const xn = new Float64Array(n);
  const s = new Float64Array(n);
  const yv = new Float64Array(n);
  const Hy = new Float64Array(n);
  let it = 0;
  let converged = false;
  let first = true;
  for (; it < maxIter; it++) {
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]));
    if (gmax < gtol) {
      converged = true;
      break;
    }
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc -= Hinv[i * n + j] * g[j];
      p[i] = acc;
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += p[i] * g[i];
    if (slope >= 0) {
      // not a descent direction: reset to steepest descent
      Hinv.fill(0);
      for (let i = 0; i < n; i++) {
        Hinv[i * n + i] = 1;
        p[i] = -g[i];
      }
      slope = -g.reduce((a, b) => a + b * b, 0);
    }
    let alpha = 1;
    if (first) {
      // keep the first trial step modest
      let pn = 0;
      for (let i = 0; i < n; i++) pn = Math.max(pn, Math.abs(p[i]));
      if (pn > 1) alpha = 1 / pn;
      first = false;
    }
    let fn = Number.NaN;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) xn[i] = x[i] + alpha * p[i];
      fn = fc(xn);
      if (Number.isFinite(fn) && fn <= fx + 1e-4 * alpha * slope) break;
      alpha *= 0.5;
    }
    if (!(Number.isFinite(fn) && fn <= fx + 1e-4 * alpha * slope)) {
      // line search failed: at a (numerical) minimum
      converged = gmax < 1e3 * gtol;
      break;
    }
    const wasCentral = central;
    const gn = grad(xn, fn, g);
    // at the switch, the old gradient by the same method as the new one, so that y measures curvature only
    if (central && !wasCentral) g = numericGradient(fc, x, h);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xn[i] - x[i];
      yv[i] = gn[i] - g[i];
      sy += s[i] * yv[i];
    }
    const df = fx - fn;
    x.set(xn);
    fx = fn;
    g = gn;
    if (sy > 1e-12) {
      // BFGS inverse-Hessian update (Nocedal & Wright eq. 6.17)
      let yHy = 0;
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += Hinv[i * n + j] * yv[j];
        Hy[i] = acc;
        yHy += yv[i] * acc;
      }
      const rho = 1 / sy;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          Hinv[i * n + j] += rho * ((1 + rho * yHy) * s[i] * s[j] - Hy[i] * s[j] - s[i] * Hy[j]);
        }
      }
    }
    if (df >= 0 && df < 1e-14 * Math.max(1, Math.abs(fx))) {
      let gm = 0;
      for (let i = 0; i < n; i++) gm = Math.max(gm, Math.abs(g[i]));
      converged = gm < 1e3 * gtol;
      if (converged) break;
    }
  }
  return { x, value: fx, gradient: g, iterations: it, evaluations: evals, converged };
}

/** Inverse of a small symmetric positive-definite matrix by Cholesky; returns undefined if not positive definite. */
export function invertSpd(a: Float64Array, n: number): Float64Array | undefined {
  const L = cholesky(a, n);
  if (!L) return undefined;
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    col.fill(0);
    col[k] = 1;
    // forward L z = e_k
    for (let i = 0; i < n; i++) {
      let s = col[i];
      for (let j = 0; j < i; j++) s -= L[i * n + j] * col[j];
      col[i] = s / L[i * n + i];
    }
    // backward L^T x = z
    for (let i = n - 1; i >= 0; i--) {
      let s = col[i];
      for (let j = i + 1; j < n; j++) s -= L[j * n + i] * col[j];
      col[i] = s / L[i * n + i];
    }
    for (let i = 0; i < n; i++) inv[i * n + k] = col[i];
  }
  return inv;
}

/** Lower Cholesky factor of a symmetric positive-definite matrix, or undefined. */
export function cholesky(a: Float64Array, n: number): Float64Array | undefined {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 0)) return undefined;
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j];
    }
  }
  return L;
}
