/**
 * The raw omega matrix of a model (pk/omega.ts has the public, validating functions): kept apart so
 * that checkModel (pk/check.ts) can test a model's correlations without an import cycle.
 *   Omega_ab = r_ab * omega_a * omega_b,   omega_a^2 = ln(1 + CV_a^2),   r_aa = 1.
 */
import { InputError } from "../core/errors";
import { cholesky } from "./optim";
import type { PkModel } from "./types";

/** Variance of eta for a published CV: omega^2 = ln(1 + CV^2) (exact for a log-normal). */
export function omegaSquared(cv: number): number {
  return Math.log1p(cv * cv);
}

/** The correlation matrix entry r_ab of two different random effects (0 when not published). */
function correlation(model: PkModel, a: string, b: string): number {
  for (const c of model.iivCorrelations ?? []) {
    if ((c.between[0] === a && c.between[1] === b) || (c.between[0] === b && c.between[1] === a)) return c.r;
  }
  return 0;
}

/**
 * The full covariance matrix of every random effect of the model, in the order of `model.iiv`.
 * Throws an InputError when the published correlations do not make a positive-definite matrix.
 */
export function omegaMatrix(model: PkModel): { names: string[]; covariance: Float64Array } {
  const names = Object.keys(model.iiv);
  const n = names.length;
  const sd = names.map((k) => Math.sqrt(omegaSquared(model.iiv[k].cv)));
  const covariance = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      covariance[i * n + j] = i === j ? omegaSquared(model.iiv[names[i]].cv) : correlation(model, names[i], names[j]) * sd[i] * sd[j];
  if (!cholesky(covariance, n)) {
    throw new InputError({
      field: "model.iivCorrelations",
      value: (model.iivCorrelations ?? []).map((c) => `${c.between.join("-")} ${c.r}`).join(", "),
      expected: "correlations that make a positive-definite covariance matrix of the random effects",
    });
  }
  return { names, covariance };
}
