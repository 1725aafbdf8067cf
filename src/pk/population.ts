/**
 * Population simulation: log-normal inter-individual variability, residual
 * error, seeded Monte Carlo of N virtual patients on typed arrays, prediction
 * intervals and probability of target attainment (PTA) by regimen.
 *
 *   P_i = P_typ(covariates) * exp(eta_i),  eta_i ~ N(0, omega^2),  omega^2 = ln(1 + CV^2)
 *   y_ij = C_ij + eps_ij,  eps_ij ~ N(0, (prop * C_ij)^2 + add^2)
 */

import { InputError } from "../core/errors";
import { wilson } from "../core/intervals";
import { type Rng, resolveRng } from "../core/random";
import type { Estimate } from "../core/result";
import { assertInteger, assertPositive } from "../core/validate";
import { covariatePieces } from "./covariates";
import { compileLinearPlan, linearCoefficients, runLinearPlan } from "./linear";
import { individualParameters, omegaSquared, residualSdUgMl } from "./models";
import type { Regimen } from "./regimen";
import { resolveDoses } from "./regimen";
import { parameterPieces, simulate, simulateLinearSorted } from "./simulate";
import type { CovariateInput, PkModel } from "./types";

/** Options of {@link simulatePopulation}. */
export interface PopulationOptions {
  /** Number of virtual patients. */
  n: number;
  /** Output times, days (sorted ascending). */
  timesDays: ArrayLike<number>;
  /** Seed of the generator. Default 1. */
  seed?: number;
  /** Generator (wins over `seed`). */
  rng?: Rng;
  /** Add residual error to the concentrations (simulated observations, truncated at 0). Default false. */
  residualError?: boolean;
  /** Parameters with IIV to sample. Default: every parameter in `model.iiv`. */
  iivParameters?: string[];
  /**
   * Buffer (length >= n * times) to write the concentrations into, reused
   * across calls to avoid allocating and first-touching hundreds of MB for
   * large populations. Default: a new Float64Array.
   */
  output?: Float64Array;
  /** ODE tolerances for nonlinear models. */
  rtol?: number;
  atol?: number;
}

/** N virtual patients' concentrations, row-major (patient i, time j at i * T + j). */
export interface PopulationSimulation {
  n: number;
  timesDays: Float64Array;
  concentrationUgMl: Float64Array;
  /** Sampled random effects by parameter (length n). */
  etas: Record<string, Float64Array>;
}

/**
 * Seeded Monte Carlo of `n` virtual patients. `covariates` is one covariate set
 * (or timeline) for everyone or one per patient (length n). Linear models use
 * the closed form directly on typed arrays.
 * @example simulatePopulation(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), { weightKg: 70, albuminGdl: 4 }, { n: 1000, timesDays: days, seed: 7 })
 */
export function simulatePopulation(
  model: PkModel,
  regimen: Regimen,
  covariates: CovariateInput | CovariateInput[],
  options: PopulationOptions,
): PopulationSimulation {
  const n = assertInteger(options.n, "options.n", 1);
  const times = Float64Array.from(options.timesDays);
  for (let j = 1; j < times.length; j++) {
    if (!(times[j] >= times[j - 1]))
      throw new InputError({ field: `options.timesDays[${j}]`, value: times[j], expected: "ascending times" });
  }
  if (Array.isArray(covariates) && covariates.length !== n) {
    throw new InputError({ field: "covariates", value: covariates.length, expected: `one covariate set per patient (${n})` });
  }
  const rng = resolveRng(options, 1);
  const names = options.iivParameters ?? Object.keys(model.iiv);
  const omegas = names.map((k) => {
    const spec = model.iiv[k];
    if (!spec) throw new InputError({ field: "options.iivParameters", value: k, expected: `one of ${Object.keys(model.iiv).join(", ")}` });
    return Math.sqrt(omegaSquared(spec.cv));
  });
  const etas: Record<string, Float64Array> = {};
  for (const k of names) etas[k] = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let k = 0; k < names.length; k++) etas[names[k]][i] = rng.normal(0, omegas[k]);
  const T = times.length;
  if (options.output && options.output.length < n * T) {
    throw new InputError({ field: "options.output", value: options.output.length, expected: `a Float64Array of length >= ${n * T}` });
  }
  const conc = options.output ? options.output.subarray(0, n * T) : new Float64Array(n * T);
  const shared = Array.isArray(covariates) ? undefined : covariates;
  const sharedPieces = shared ? covariatePieces(shared, model.requiredCovariates) : undefined;
  const sharedDoses = sharedPieces ? resolveDoses(regimen, sharedPieces) : undefined;
  const sharedTypical = sharedPieces?.map((pc) => individualParameters(model, pc.covariates));
  // one covariate piece shared by everyone: compile the schedule once and replay it per patient
  const plan =
    model.structure === "linear" && sharedPieces?.length === 1 && sharedDoses ? compileLinearPlan(sharedDoses, times) : undefined;
  const work = new Float64Array(plan ? plan.dts.length * 12 : 0);
  const eta: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    for (const k of names) eta[k] = etas[k][i];
    const out = conc.subarray(i * T, (i + 1) * T);
    if (model.structure === "linear") {
      let pieces: Array<{ startDays: number; endDays: number; coef: ReturnType<typeof linearCoefficients> }>;
      let doses = sharedDoses;
      if (plan && sharedTypical) {
        const p: Record<string, number> = { ...sharedTypical[0] };
        for (const k of names) p[k] *= Math.exp(eta[k]);
        runLinearPlan(plan, linearCoefficients(p), out, work);
        pieces = [];
      } else if (sharedPieces && sharedTypical) {
        pieces = sharedPieces.map((pc, q) => {
          const p: Record<string, number> = { ...sharedTypical[q] };
          for (const k of names) p[k] *= Math.exp(eta[k]);
          return { startDays: pc.startDays, endDays: pc.endDays, coef: linearCoefficients(p) };
        });
      } else {
        const cp = covariatePieces((covariates as CovariateInput[])[i], model.requiredCovariates);
        doses = resolveDoses(regimen, cp);
        pieces = parameterPieces(model, cp, eta).map((q) => ({
          startDays: q.startDays,
          endDays: q.endDays,
          coef: linearCoefficients(q.params),
        }));
      }
      if (pieces.length) simulateLinearSorted(pieces, doses ?? [], times, out);
    } else {
      const cov = shared ?? (covariates as CovariateInput[])[i];
      const sim = simulate(model, regimen, cov, { timesDays: times, etas: { ...eta }, rtol: options.rtol, atol: options.atol });
      out.set(sim.concentrationUgMl);
    }
    if (options.residualError) {
      for (let j = 0; j < T; j++) {
        const c = out[j];
        const y = c + rng.normal(0, residualSdUgMl(model, c));
        out[j] = Math.max(y, 0);
      }
    }
  }
  return { n, timesDays: times, concentrationUgMl: conc, etas };
}

/** Empirical quantile (type 7, as R's default) of a sorted array. */
function quantileSorted(a: Float64Array, p: number): number {
  const h = (a.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, a.length - 1);
  return a[lo] + (h - lo) * (a[hi] - a[lo]);
}

/** Pointwise quantiles of a population simulation: one Float64Array over time per probability. */
export interface PredictionBands {
  timesDays: Float64Array;
  probabilities: number[];
  quantilesUgMl: Float64Array[];
}

/**
 * Pointwise prediction bands (empirical quantiles, R type 7) across patients.
 * @example predictionBands(pop, [0.05, 0.5, 0.95])
 */
export function predictionBands(pop: PopulationSimulation, probabilities: number[] = [0.05, 0.5, 0.95]): PredictionBands {
  const T = pop.timesDays.length;
  const col = new Float64Array(pop.n);
  const q = probabilities.map((p) => {
    if (!(p >= 0 && p <= 1)) throw new InputError({ field: "probabilities", value: p, expected: "numbers in [0, 1]" });
    return new Float64Array(T);
  });
  for (let j = 0; j < T; j++) {
    for (let i = 0; i < pop.n; i++) col[i] = pop.concentrationUgMl[i * T + j];
    col.sort();
    probabilities.forEach((p, k) => {
      q[k][j] = quantileSorted(col, p);
    });
  }
  return { timesDays: pop.timesDays, probabilities, quantilesUgMl: q };
}

/** Options of {@link probabilityOfTargetAttainment}. */
export interface PtaOptions {
  /** Target trough, ug/mL (e.g. 5 for infliximab maintenance; Papamichael 2019 gives >= 3-7). */
  targetTroughUgMl: number;
  /** Time of the trough to assess, days (e.g. just before the week-54 dose). */
  atDays: number;
  /** Virtual patients per regimen. Default 1000. */
  n?: number;
  seed?: number;
  /** Include residual error (observed vs true trough). Default false. */
  residualError?: boolean;
  /** Confidence of the Wilson interval. Default 0.95. */
  confidence?: number;
}

/** PTA of one regimen. */
export interface PtaRow {
  regimen: string;
  /** Proportion of virtual patients with trough >= target, with its Monte Carlo (Wilson) interval. */
  probability: Estimate;
  medianTroughUgMl: number;
  p05TroughUgMl: number;
  p95TroughUgMl: number;
}

/**
 * Probability of target attainment: the share of virtual patients whose trough
 * at `atDays` is at or above the target, for each regimen (same seed for every
 * regimen, so the comparison uses the same virtual patients).
 * @example probabilityOfTargetAttainment(model, [infliximabRegimen(), infliximabRegimen({ mgPerKg: 10 })], cov, { targetTroughUgMl: 5, atDays: 378 })
 */
export function probabilityOfTargetAttainment(
  model: PkModel,
  regimens: Regimen[],
  covariates: CovariateInput | CovariateInput[],
  options: PtaOptions,
): PtaRow[] {
  const target = assertPositive(options.targetTroughUgMl, "options.targetTroughUgMl");
  const n = options.n ?? 1000;
  return regimens.map((r) => {
    const pop = simulatePopulation(model, r, covariates, {
      n,
      timesDays: [options.atDays],
      seed: options.seed ?? 1,
      residualError: options.residualError,
    });
    const c = pop.concentrationUgMl;
    let hits = 0;
    for (let i = 0; i < n; i++) if (c[i] >= target) hits++;
    const sorted = Float64Array.from(c).sort();
    return {
      regimen: r.name,
      probability: wilson(hits, n, { confidence: options.confidence ?? 0.95 }),
      medianTroughUgMl: quantileSorted(sorted, 0.5),
      p05TroughUgMl: quantileSorted(sorted, 0.05),
      p95TroughUgMl: quantileSorted(sorted, 0.95),
    };
  });
}
