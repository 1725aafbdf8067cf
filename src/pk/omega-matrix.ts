/**
 * The raw omega matrix of a model (pk/omega.ts has the public, validating functions): kept apart so
 * that checkModel (pk/check.ts) can test a model's correlations without an import cycle.
 *   Omega_ab = r_ab * omega_a * omega_b,   omega_a^2 = etaVariance(iiv_a),   r_aa = 1.
 */
import { InputError } from "../core/errors";
import { assertObject, assertOneOf, assertPositive } from "../core/validate";
import { cholesky } from "./optim";
import type { PkModel, VariabilitySpec } from "./types";

/** Variance of eta for a published CV: omega^2 = ln(1 + CV^2) (exact for a log-normal). */
export function omegaSquared(cv: number): number {
  return Math.log1p(cv * cv);
}

/**
 * The variance of a random effect as its source defines it: the printed omega^2 when there is one
 * (`spec.omega2`, e.g. Fasanmade 2009 Table 3: 0.131 on CL); else CV^2 when the source reports
 * %CV = 100 * omega (`cvDefinition: "sd-of-eta"`, e.g. Rosario 2015 Table S2); else ln(1 + CV^2).
 * @example
 * etaVariance({ cv: 1.05, cvDefinition: "sd-of-eta", citation: "Rosario 2015, Table S2" }) // 1.1025
 * etaVariance({ cv: 1.05, citation: "a log-normal CV" }) // 0.7431: ln(1 + 1.05^2)
 * etaVariance({ cv: 0.377, omega2: 0.131, citation: "Fasanmade 2009, Table 3" }) // 0.131
 */
export function etaVariance(spec: VariabilitySpec): number {
  const v = assertObject<VariabilitySpec>(spec, "spec");
  assertPositive(v.cv, "spec.cv");
  if (v.cvDefinition !== undefined) assertOneOf(v.cvDefinition, "spec.cvDefinition", ["lognormal", "sd-of-eta"] as const);
  if (v.omega2 !== undefined) assertPositive(v.omega2, "spec.omega2");
  return etaVarianceOf(v);
}

/** {@link etaVariance} of a checked spec (the model was checked by checkModel). */
export function etaVarianceOf(spec: VariabilitySpec): number {
  if (spec.omega2 !== undefined) return spec.omega2;
  return spec.cvDefinition === "sd-of-eta" ? spec.cv * spec.cv : omegaSquared(spec.cv);
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
  const variance = names.map((k) => etaVarianceOf(model.iiv[k]));
  const sd = variance.map(Math.sqrt);
  const covariance = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) covariance[i * n + j] = i === j ? variance[i] : correlation(model, names[i], names[j]) * sd[i] * sd[j];
  if (!cholesky(covariance, n)) {
    throw new InputError({
      field: "model.iivCorrelations",
      value: (model.iivCorrelations ?? []).map((c) => `${c.between.join("-")} ${c.r}`).join(", "),
      expected: "correlations that make a positive-definite covariance matrix of the random effects",
    });
  }
  return { names, covariance };
}
