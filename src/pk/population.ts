/**
 * Population simulation: log-normal inter-individual variability, residual
 * error, seeded Monte Carlo of N virtual patients on typed arrays, prediction
 * intervals and probability of target attainment (PTA) by regimen.
 *
 *   P_i = P_typ(covariates) * exp(eta_i),  eta_i ~ N(0, Omega),  Omega_kk = etaVariance(iiv_k) (omega^2 as the source defines its %CV),
 *   Omega_ab = r_ab omega_a omega_b for the model's published correlations (pk/omega.ts)
 *   y_ij = C_ij + eps_ij,  eps_ij ~ N(0, (prop * C_ij)^2 + add^2)
 */

import { InputError } from "../core/errors";
import { wilson } from "../core/intervals";
import { pexp } from "../core/portable-math";
import { type Rng, resolveRng } from "../core/random";
import type { Estimate } from "../core/result";
import {
  assertArray,
  assertCount,
  assertFiniteArray,
  assertInRange,
  assertObject,
  assertPositive,
  assertString,
  assertWithinLimit,
  optionalBoolean,
} from "../core/validate";
import { checkModel, checkRegimen, checkTimeDays, checkTimes } from "./check";
import { covariatePieces } from "./covariates";
import { compileLinearPlan, linearCoefficients, runLinearPlan } from "./linear";
import { individualParameters, residualSdUgMl } from "./models";
import { omegaBlockOf as omegaBlock } from "./omega";
import type { Regimen } from "./regimen";
import { resolveDoses } from "./regimen";
import { checkTolerances, parameterPieces, simulate, simulateLinearSorted } from "./simulate";
import type { CovariateInput, PkModel } from "./types";

/** Most virtual patients of one population simulation: 1,000,000. */
export const MAX_PATIENTS = 1_000_000;
/**
 * Most virtual patients of a nonlinear (ODE) model in one call: 20,000. Each integrates an ODE
 * (milliseconds each), so more would run for minutes; run seeded batches instead.
 */
export const MAX_ODE_PATIENTS = 20_000;
/**
 * Default cap on patients x output times of one population simulation: 50,000,000 values (400 MB;
 * 100,000 patients on a daily grid over a year is 36.6 million). Raise it with `maxValues`.
 */
export const DEFAULT_MAX_POPULATION_VALUES = 50_000_000;
/** Most regimens compared by one {@link probabilityOfTargetAttainment} call. */
export const MAX_PTA_REGIMENS = 100;

/** Options of {@link simulatePopulation}. */
export interface PopulationOptions {
  /** Number of virtual patients: an integer from 1 to {@link MAX_PATIENTS} ({@link MAX_ODE_PATIENTS} for nonlinear models). Required. */
  n: number;
  /** Output times, days (sorted ascending). Required. */
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
  /** ODE tolerances for nonlinear models (see `SimulateOptions`). */
  rtol?: number;
  atol?: number;
  /**
   * Cap on n x timesDays.length, the values simulated (and held in memory, 8 bytes each). Default:
   * {@link DEFAULT_MAX_POPULATION_VALUES} (400 MB). Raise it deliberately for larger runs.
   */
  maxValues?: number;
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
 * @example
 * const pop = simulatePopulation(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), { weightKg: 70, albuminGdl: 4 }, { n: 1000, timesDays: [0, 14, 42, 98, 378], seed: 7 });
 * pop.n // 1000
 * pop.concentrationUgMl.length // 5000: one row of 5 times per patient
 */
export function simulatePopulation(
  model: PkModel,
  regimen: Regimen,
  covariates: CovariateInput | CovariateInput[],
  options: PopulationOptions,
): PopulationSimulation {
  checkModel(model);
  checkRegimen(regimen);
  const o = assertObject<PopulationOptions>(options, "options");
  if (o.n === undefined)
    throw new InputError({ field: "options.n", value: undefined, expected: "the number of virtual patients (required)" });
  if (o.timesDays === undefined) {
    throw new InputError({ field: "options.timesDays", value: undefined, expected: "the output times, days (required), e.g. [0, 7, 14]" });
  }
  const linear = model.structure === "linear";
  const n = linear
    ? assertCount(o.n, "options.n", 1, MAX_PATIENTS)
    : assertCount(o.n, "options.n", 1, MAX_ODE_PATIENTS, "each patient of a nonlinear model integrates an ODE; run seeded batches");
  const times = checkTimes(o.timesDays, "options.timesDays");
  for (let j = 1; j < times.length; j++) {
    if (!(times[j] >= times[j - 1]))
      throw new InputError({ field: `options.timesDays[${j}]`, value: times[j], expected: "ascending times" });
  }
  const maxValues = o.maxValues === undefined ? DEFAULT_MAX_POPULATION_VALUES : assertPositive(o.maxValues, "options.maxValues");
  assertWithinLimit(n * times.length, "options.n x timesDays.length", maxValues, "raise options.maxValues to allow more");
  if (Array.isArray(covariates) && covariates.length !== n) {
    throw new InputError({ field: "covariates", value: covariates.length, expected: `one covariate set per patient (${n})` });
  }
  const residualError = optionalBoolean(o.residualError, "options.residualError") ?? false;
  const tol = checkTolerances(o);
  const rng = resolveRng(o, 1);
  const names =
    o.iivParameters === undefined
      ? Object.keys(model.iiv)
      : Array.from(assertArray<unknown>(o.iivParameters, "options.iivParameters"), (k, i) =>
          assertString(k, `options.iivParameters[${i}]`),
        );
  names.forEach((k, i) => {
    if (!Object.hasOwn(model.iiv, k)) {
      throw new InputError({ field: "options.iivParameters", value: k, expected: `one of ${Object.keys(model.iiv).join(", ")}` });
    }
    if (names.indexOf(k) !== i)
      throw new InputError({ field: `options.iivParameters[${i}]`, value: k, expected: "each random effect once" });
  });
  // eta = L z, L L^T the covariance of the sampled effects with the model's published correlations
  // (pk/omega.ts); without correlations L is diag(omega) and eta_k = omega_k z_k as before
  const block = omegaBlock(model, names);
  const K = names.length;
  const L = block.cholesky;
  const etas: Record<string, Float64Array> = {};
  for (const k of names) etas[k] = new Float64Array(n);
  const z = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    if (block.diagonal) {
      for (let k = 0; k < K; k++) etas[names[k]][i] = rng.normal(0, L[k * K + k]);
      continue;
    }
    for (let k = 0; k < K; k++) z[k] = rng.normal();
    for (let k = 0; k < K; k++) {
      let e = 0;
      for (let j = 0; j <= k; j++) e += L[k * K + j] * z[j];
      etas[names[k]][i] = e;
    }
  }
  const T = times.length;
  if (o.output !== undefined && (!(o.output instanceof Float64Array) || o.output.length < n * T)) {
    throw new InputError({
      field: "options.output",
      value: o.output instanceof Float64Array ? o.output.length : o.output,
      expected: `a Float64Array of length >= ${n * T}`,
    });
  }
  const conc = o.output ? o.output.subarray(0, n * T) : new Float64Array(n * T);
  const shared = Array.isArray(covariates) ? undefined : covariates;
  // one covariate set (or timeline) for everyone: checked here, so null or a number is an InputError
  const sharedPieces = Array.isArray(covariates) ? undefined : covariatePieces(covariates, model.requiredCovariates);
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
        for (const k of names) p[k] *= pexp(eta[k]);
        runLinearPlan(plan, linearCoefficients(p), out, work);
        pieces = [];
      } else if (sharedPieces && sharedTypical) {
        pieces = sharedPieces.map((pc, q) => {
          const p: Record<string, number> = { ...sharedTypical[q] };
          for (const k of names) p[k] *= pexp(eta[k]);
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
      const sim = simulate(model, regimen, cov, { timesDays: times, etas: { ...eta }, ...tol });
      out.set(sim.concentrationUgMl);
    }
    if (residualError) {
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

/** Checks a population simulation handed back by a caller (shape, sizes, finite values). */
function checkPopulation(pop: unknown, field = "pop"): PopulationSimulation {
  const p = assertObject<PopulationSimulation>(pop, field);
  const n = assertCount(p.n, `${field}.n`, 1, MAX_PATIENTS);
  const times = assertFiniteArray(p.timesDays, `${field}.timesDays`);
  const c = assertArray<unknown>(p.concentrationUgMl, `${field}.concentrationUgMl`);
  if (c.length !== n * times.length) {
    throw new InputError({
      field: `${field}.concentrationUgMl`,
      value: `${c.length} values`,
      expected: `n x timesDays.length = ${n * times.length} values (as simulatePopulation returns)`,
    });
  }
  for (let i = 0; i < c.length; i++) {
    const v = c[i];
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new InputError({ field: `${field}.concentrationUgMl[${i}]`, value: v, expected: "a finite number" });
  }
  return p;
}

/**
 * Pointwise prediction bands (empirical quantiles, R type 7) across patients.
 * @param probabilities quantiles to compute, each in [0, 1] (at most 1000). Default: 0.05, 0.5, 0.95.
 * @throws InputError for a value that is not a result of {@link simulatePopulation}, or a probability outside [0, 1].
 * @example
 * const pop = simulatePopulation(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), { weightKg: 70, albuminGdl: 4 }, { n: 1000, timesDays: [0, 14, 42, 98, 378], seed: 7 });
 * const bands = predictionBands(pop, [0.05, 0.5, 0.95]);
 * Array.from(bands.quantilesUgMl[1]) // [0, 20.67, 13.41, 2.401, 1.936]: the median at each time
 */
export function predictionBands(pop: PopulationSimulation, probabilities: number[] = [0.05, 0.5, 0.95]): PredictionBands {
  checkPopulation(pop);
  const probs = assertArray<unknown>(probabilities, "probabilities", { nonEmpty: true });
  assertWithinLimit(probs.length, "probabilities.length", 1000);
  const ps = Array.from(probs, (p, i) => assertInRange(p, `probabilities[${i}]`, 0, 1));
  const T = pop.timesDays.length;
  const col = new Float64Array(pop.n);
  const q = ps.map(() => new Float64Array(T));
  for (let j = 0; j < T; j++) {
    for (let i = 0; i < pop.n; i++) col[i] = pop.concentrationUgMl[i * T + j];
    col.sort();
    ps.forEach((p, k) => {
      q[k][j] = quantileSorted(col, p);
    });
  }
  return { timesDays: Float64Array.from(pop.timesDays), probabilities: ps, quantilesUgMl: q };
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
 * @example
 * const regimens = [infliximabRegimen(), infliximabRegimen({ mgPerKg: 10 })];
 * const pta = probabilityOfTargetAttainment(INFLIXIMAB_FASANMADE_2009, regimens, { weightKg: 70, albuminGdl: 3.5 }, { targetTroughUgMl: 5, atDays: 378, seed: 1 });
 * pta.map((r) => r.probability.value) // [0.074, 0.243]: week-54 trough of 5 ug/mL or more
 */
export function probabilityOfTargetAttainment(
  model: PkModel,
  regimens: Regimen[],
  covariates: CovariateInput | CovariateInput[],
  options: PtaOptions,
): PtaRow[] {
  checkModel(model);
  const list = assertArray<unknown>(regimens, "regimens", { nonEmpty: true });
  assertWithinLimit(list.length, "regimens.length", MAX_PTA_REGIMENS, "compare fewer regimens per call");
  const regs = Array.from(list, (r, i) => checkRegimen(r, `regimens[${i}]`));
  const o = assertObject<PtaOptions>(options, "options");
  const target = assertPositive(o.targetTroughUgMl, "options.targetTroughUgMl");
  const atDays = checkTimeDays(o.atDays, "options.atDays");
  const n = assertCount(o.n ?? 1000, "options.n", 1, model.structure === "linear" ? MAX_PATIENTS : MAX_ODE_PATIENTS);
  const confidence = o.confidence ?? 0.95;
  return regs.map((r, i) => {
    const pop = simulatePopulation(model, r, covariates, {
      n,
      timesDays: [atDays],
      seed: o.seed ?? 1,
      residualError: o.residualError,
    });
    const c = pop.concentrationUgMl;
    let hits = 0;
    for (let k = 0; k < n; k++) if (c[k] >= target) hits++;
    const sorted = Float64Array.from(c).sort();
    return {
      regimen: r.name ?? `regimen ${i + 1}`,
      probability: wilson(hits, n, { confidence }),
      medianTroughUgMl: quantileSorted(sorted, 0.5),
      p05TroughUgMl: quantileSorted(sorted, 0.05),
      p95TroughUgMl: quantileSorted(sorted, 0.95),
    };
  });
}
