/**
 * The covariance of a model's random effects (its "omega" block), from the published variabilities
 * and correlations:
 *
 *   Omega_ab = r_ab * omega_a * omega_b,   omega_a^2 = etaVariance(iiv_a),   r_aa = 1,
 *
 * with r_ab from `model.iivCorrelations` (0 where the paper publishes none). When only a subset S
 * of the random effects is sampled or estimated, the others are held at 0, so S follows the
 * conditional distribution given eta_rest = 0:
 *
 *   precision_S = (Omega^-1)_SS,   covariance_S = (precision_S)^-1 = Omega_SS - Omega_SR Omega_RR^-1 Omega_RS
 *
 * (the Schur complement; for S = everything it is Omega itself). Samplers draw eta = L z with
 * L L^T = covariance_S and z standard normal; the MAP prior is eta^T precision_S eta.
 * A model without correlations keeps the diagonal forms (1/omega^2, omega), bit for bit.
 *
 * Hand-written: a few lines over {@link cholesky} and {@link invertSpd} (ibd-lab's small-matrix
 * routines), for matrices of at most a handful of random effects; no package is needed for that.
 */

import { InputError } from "../core/errors";
import { assertArray, assertString } from "../core/validate";
import { checkModel } from "./check";
import { etaVarianceOf, omegaMatrix } from "./omega-matrix";
import { cholesky, invertSpd } from "./optim";
import type { PkModel } from "./types";

export { etaVariance, omegaSquared } from "./omega-matrix";

export interface OmegaBlock {
  /** The random effects, in the order of the matrices (row-major, names.length squared). */
  names: string[];
  /** Covariance of eta over `names` (conditional on the model's other random effects being 0). */
  covariance: Float64Array;
  /** Its inverse: the matrix of the MAP prior, eta^T precision eta. */
  precision: Float64Array;
  /** Lower Cholesky factor of `covariance`: eta = cholesky z for z standard normal. */
  cholesky: Float64Array;
  /** True when no published correlation links two of the model's random effects. */
  diagonal: boolean;
}

/**
 * The full covariance matrix of every random effect of the model, in the order of `model.iiv`.
 * @throws InputError for a malformed model, or published correlations that do not make a
 * positive-definite matrix.
 * @example
 * const { names, covariance } = omegaCovariance(VEDOLIZUMAB_ROSARIO_2015);
 * names // ["CL", "V1", "VMAX"]
 * covariance[1] // 0.0374: 0.566 * 0.346 * 0.191, Rosario 2015 Table S2 (its %CV is 100 omega)
 */
export function omegaCovariance(model: PkModel): { names: string[]; covariance: Float64Array } {
  return omegaMatrix(checkModel(model));
}

/**
 * The covariance, precision and Cholesky factor of the random effects `names` (default: all of
 * the model's), the others held at 0.
 * @throws InputError for a malformed model, or `names` that are not distinct random effects of it.
 * @example
 * const block = omegaBlock(INFLIXIMAB_BERENDS_2019_QSS, ["CL", "V1"]);
 * block.diagonal // false: Berends 2019 correlates CL and V1
 * block.covariance[1] // 0.00789: 0.123 * sqrt(ln(1 + 0.292^2)) * sqrt(ln(1 + 0.227^2))
 * // only CL sampled, V1 held at 0: the conditional variance is smaller than the marginal 0.0818
 * omegaBlock(INFLIXIMAB_BERENDS_2019_QSS, ["CL"]).covariance[0] // 0.0806
 */
export function omegaBlock(model: PkModel, names?: string[]): OmegaBlock {
  checkModel(model);
  if (names === undefined) return omegaBlockOf(model, Object.keys(model.iiv));
  const list = Array.from(assertArray<unknown>(names, "names"), (x, i) => assertString(x, `names[${i}]`));
  list.forEach((x, i) => {
    if (!Object.hasOwn(model.iiv, x)) {
      throw new InputError({
        field: `names[${i}]`,
        value: x,
        expected: `a random effect of the model: one of ${Object.keys(model.iiv).join(", ")}`,
      });
    }
    if (list.indexOf(x) !== i) throw new InputError({ field: `names[${i}]`, value: x, expected: "each random effect once" });
  });
  return omegaBlockOf(model, list);
}

/** omegaBlock for a checked model and names (samplers and the MAP prior call it after their own checks). */
export function omegaBlockOf(model: PkModel, names: string[]): OmegaBlock {
  const k = names.length;
  const linked = (model.iivCorrelations ?? []).some((c) => c.r !== 0);
  if (!linked) {
    const covariance = new Float64Array(k * k);
    const precision = new Float64Array(k * k);
    const chol = new Float64Array(k * k);
    names.forEach((nm, i) => {
      const w2 = etaVarianceOf(model.iiv[nm]);
      covariance[i * k + i] = w2;
      precision[i * k + i] = 1 / w2;
      chol[i * k + i] = Math.sqrt(w2);
    });
    return { names: [...names], covariance, precision, cholesky: chol, diagonal: true };
  }
  const full = omegaMatrix(model);
  const n = full.names.length;
  // positive definite: checked by omegaCovariance
  const fullPrecision = invertSpd(full.covariance, n) as Float64Array;
  const at = names.map((nm) => full.names.indexOf(nm));
  const precision = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) precision[i * k + j] = fullPrecision[at[i] * n + at[j]];
  // a principal block of a positive-definite matrix is positive definite
  const covariance = invertSpd(precision, k) as Float64Array;
  // symmetric to the last bit before factorising (invertSpd's columns are computed one at a time)
  for (let i = 0; i < k; i++)
    for (let j = 0; j < i; j++) {
      const m = (covariance[i * k + j] + covariance[j * k + i]) / 2;
      covariance[i * k + j] = m;
      covariance[j * k + i] = m;
    }
  return { names: [...names], covariance, precision, cholesky: cholesky(covariance, k) as Float64Array, diagonal: false };
}
