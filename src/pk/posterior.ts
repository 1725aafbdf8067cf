/**
 * `posteriorProfile(fit, regimen, times)`: the concentration-time curve of one patient under a
 * regimen, at the MAP estimate and as a band from draws of the Laplace posterior of the random
 * effects (eta ~ N(eta_hat, Sigma), Sigma = fit.covarianceEta). The band is the parameter
 * uncertainty only (no residual error), the same posterior {@link forecastTroughs} samples.
 *
 * Draws: eta_d = eta_hat + L z_d, L the lower Cholesky factor of Sigma, z_d ~ N(0, I) from the
 * seeded generator; the band's bounds are the (1 - c)/2 and (1 + c)/2 sample quantiles (nearest rank)
 * at each time.
 */
import { InputError } from "../core/errors";
import { resolveRng } from "../core/random";
import { assertArray, assertCount, assertFinite, assertObject, assertOpenUnit, optionsObject } from "../core/validate";
import { drugMeasureOf, type MapResult } from "./bayes";
import { checkModel, checkRegimen } from "./check";
import { cholesky } from "./optim";
import type { Regimen } from "./regimen";
import { simulate } from "./simulate";

/** Options of {@link posteriorProfile}. */
export interface PosteriorProfileOptions {
  /** Posterior draws, 1 to 10,000. Default: 300. */
  nDraws?: number;
  /** Seed of the draws. Default: 12345. */
  seed?: number;
  /** Central probability of the band. Default: 0.9. */
  confidence?: number;
}

/** Result of {@link posteriorProfile}. */
export interface PosteriorProfile {
  timesDays: number[];
  /** Concentration at the MAP estimate, ug/mL. */
  mapUgMl: number[];
  lowerUgMl: number[];
  upperUgMl: number[];
  confidence: number;
  nDraws: number;
  method: string;
}

/**
 * MAP curve and posterior band of one patient under `regimen` (the fitted doses plus any future ones).
 * @throws InputError for a value that is not a {@link mapEstimate} result, a malformed regimen or times,
 *   or a covariance that is not positive definite.
 * @example
 * const history = infliximabRegimen({ untilWeeks: 6 }); // induction at weeks 0, 2 and 6
 * const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, concentrationUgMl: 1.8 }], { weightKg: 70, albuminGdl: 3.2 });
 * // then 10 mg/kg every 6 weeks from day 98
 * const plan = continueRegimen(history, infliximabRegimen({ induction: false, mgPerKg: 10, intervalWeeks: 6, untilWeeks: 12 }), 98);
 * const band = posteriorProfile(fit, plan, [98, 105, 112, 126, 140], { nDraws: 300, seed: 1 });
 * band.mapUgMl[4] // 6.14 ug/mL, the trough at day 140
 * band.lowerUgMl[4] <= band.mapUgMl[4] && band.mapUgMl[4] <= band.upperUgMl[4] // true
 * band.confidence // 0.9
 */
export function posteriorProfile(
  fit: MapResult,
  regimen: Regimen,
  timesDays: readonly number[],
  options?: PosteriorProfileOptions,
): PosteriorProfile {
  const f = assertObject<MapResult>(fit, "fit");
  checkModel(f.model, "fit.model");
  checkRegimen(regimen);
  const times = Array.from(assertArray<number>(timesDays, "timesDays", { nonEmpty: true }));
  const o = optionsObject(options);
  const nDraws = assertCount(o.nDraws ?? 300, "options.nDraws", 1, 10_000);
  const conf = assertOpenUnit(o.confidence ?? 0.9, "options.confidence");
  const names = assertArray<string>(f.parameters, "fit.parameters");
  const k = names.length;
  const rows = assertArray<unknown>(f.covarianceEta, "fit.covarianceEta");
  if (rows.length !== k) throw new InputError({ field: "fit.covarianceEta", value: `${rows.length} rows`, expected: `${k} rows` });
  const cov = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const row = assertArray<unknown>(rows[i], `fit.covarianceEta[${i}]`);
    for (let j = 0; j < k; j++) cov[i * k + j] = assertFinite(row[j], `fit.covarianceEta[${i}][${j}]`);
  }
  const L = cholesky(cov, k);
  if (!L) throw new InputError({ field: "fit.covarianceEta", value: f.covarianceEta, expected: "a positive-definite covariance" });
  const covariates = f.covariates;
  // the profile is of the drug form the fit compared its levels with (free or total; see MapResult.drugMeasure)
  const measure = drugMeasureOf(f.model, f.drugMeasure).drugMeasure;
  const level = (sim: { concentrationUgMl: Float64Array; totalUgMl: Float64Array }) =>
    measure === "total" ? sim.totalUgMl : sim.concentrationUgMl;
  const mapUgMl = Array.from(level(simulate(f.model, regimen, covariates, { timesDays: times, etas: f.etas })));
  const rng = resolveRng({ seed: o.seed ?? 12345 }, 12345);
  const draws: Float64Array[] = [];
  const z = new Float64Array(k);
  for (let d = 0; d < nDraws; d++) {
    for (let i = 0; i < k; i++) z[i] = rng.normal();
    const etas: Record<string, number> = {};
    for (let i = 0; i < k; i++) {
      let s = f.etas[names[i]];
      for (let j = 0; j <= i; j++) s += L[i * k + j] * z[j];
      etas[names[i]] = s;
    }
    draws.push(level(simulate(f.model, regimen, covariates, { timesDays: times, etas })));
  }
  const lowerUgMl: number[] = [];
  const upperUgMl: number[] = [];
  const col = new Float64Array(nDraws);
  const q = (p: number) => col[Math.min(nDraws - 1, Math.max(0, Math.round(p * (nDraws - 1))))];
  for (let t = 0; t < times.length; t++) {
    for (let d = 0; d < nDraws; d++) col[d] = draws[d][t];
    col.sort();
    lowerUgMl.push(q((1 - conf) / 2));
    upperUgMl.push(q((1 + conf) / 2));
  }
  return {
    timesDays: times,
    mapUgMl,
    lowerUgMl,
    upperUgMl,
    confidence: conf,
    nDraws,
    method: `Laplace posterior of the random effects, ${nDraws} draws (parameter uncertainty only, no residual error)`,
  };
}
