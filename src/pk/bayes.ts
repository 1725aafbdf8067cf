/**
 * Bayesian forecasting for one patient, as MAP-Bayesian dosing tools do
 * (mapbayr, posologyr, iDose, InsightRX):
 *
 * 1. {@link mapEstimate}: maximum a posteriori random effects eta from the patient's levels,
 *    minimising the -2 log posterior
 *      OBJ(eta) = sum_{measured j} [ (y_j - f_j(eta))^2 / s_j^2 + ln s_j^2 ]
 *               - 2 sum_{below k} ln Phi((L_k - f_k(eta)) / s_k)
 *               - 2 sum_{above k} ln Phi((f_k(eta) - L_k) / s_k)
 *               + sum_k eta_k^2 / omega_k^2,
 *      s_j^2 = (prop f_j)^2 + add^2,
 *    with BFGS; a level outside the assay's range (below the lower or above the upper limit L)
 *    enters by the probability that it lies beyond the limit, method M3 of Beal SL 2001,
 *    J Pharmacokinet Pharmacodyn 28:481-504; it is never dropped and never fitted as a zero.
 *    Posterior uncertainty by the **Laplace approximation** (eta ~ N(eta_hat, 2 H^-1), H the
 *    Hessian of OBJ at the mode).
 * 2. {@link forecastTroughs}: troughs under candidate regimens, from draws of
 *    the Laplace posterior.
 * 3. {@link recommendRegimen}: the least intensive labelled regimen whose
 *    forecast trough reaches the target with the stated probability, never
 *    beyond the label's maxima, with reasons; none from a fit that did not converge.
 *
 * ln Phi is @stdlib's normal logcdf, which works through erfcx and stays finite and accurate far
 * in the tail (ln Phi(-40) = -804.608, as R's pnorm(-40, log.p = TRUE); tests/pk/m3.test.ts),
 * where ln(Phi(z)) would underflow to -Infinity below z = -38.5.
 */
import normalLogCdf from "@stdlib/stats-base-dists-normal-logcdf";
import { ConvergenceError, InputError } from "../core/errors";
import { pexp, pln } from "../core/portable-math";
import { resolveRng } from "../core/random";
import type { Estimate, Reasoned } from "../core/result";
import {
  assertArray,
  assertCount,
  assertFinite,
  assertInteger,
  assertNonNegative,
  assertObject,
  assertOneOf,
  assertOpenUnit,
  assertPositive,
  assertString,
  assertWithinLimit,
  finiteOrThrow,
  optionalBoolean,
  optionalString,
  optionsObject,
} from "../core/validate";
import { checkDrugLevel, checkModel, checkRegimen, checkTimeDays, MAX_PLAUSIBLE_LEVEL_UG_ML } from "./check";
import { covariatePieces, covariatesAt } from "./covariates";
import { linearCoefficients } from "./linear";
import { individualParameters, residualSdUgMl } from "./models";
import { omegaBlockOf as omegaBlock } from "./omega";
import { bfgs, cholesky, invertSpd, numericHessian } from "./optim";
import { type DoseEvent, type Regimen, resolveDoses } from "./regimen";
import { checkTolerances, parameterPieces, simulateLinearSorted, simulateOdeSorted } from "./simulate";
import type { CovariateInput, DrugMeasure, IndividualParameters, PkModel } from "./types";

/**
 * A drug level: measured (`concentrationUgMl`, no `censored`), or outside the assay's range
 * (`censored` "below" the lower limit of quantification or "above" the upper one, with the limit
 * in `limitUgMl`, and no `concentrationUgMl`). A censored level is fitted by the M3 likelihood
 * (Beal 2001), see {@link mapEstimate}.
 * @example [{ timeDays: 41.9, concentrationUgMl: 6 }, { timeDays: 97.9, censored: "below", limitUgMl: 0.4 }]
 */
export interface Observation {
  /** Time of the draw, days (same origin as the regimen). */
  timeDays: number;
  /** Measured level, ug/mL (>= 0, at most {@link MAX_PLAUSIBLE_LEVEL_UG_ML}). Absent for a censored level. */
  concentrationUgMl?: number;
  /** The level lies "below" the lower or "above" the upper limit of quantification. Absent for a measured level. */
  censored?: "below" | "above";
  /** The limit the censored level lies beyond, ug/mL (> 0, at most {@link MAX_PLAUSIBLE_LEVEL_UG_ML}). Only with `censored`. */
  limitUgMl?: number;
}

/** Options of {@link mapEstimate}. */
export interface MapOptions {
  /** Parameters with random effects to estimate. Default: all in `model.iiv`. */
  parameters?: string[];
  /** ODE tolerances (nonlinear models). Defaults 1e-8 / 1e-10. */
  rtol?: number;
  atol?: number;
  /**
   * Which drug the levels are, in a target-mediated model: "free" or "total" (free plus bound),
   * as the assay reads it. Default: what the model's source measured (`model.measuredDrug`), else
   * "free". Linear and Michaelis-Menten models have no bound drug: both forms are the same level.
   */
  drugMeasure?: DrugMeasure;
}

/** The drug form levels are compared with, and why (see {@link MapOptions.drugMeasure}). */
export function drugMeasureOf(model: PkModel, given: unknown): { drugMeasure: DrugMeasure; reason: string } {
  const tmdd = model.structure.startsWith("tmdd");
  if (given !== undefined) {
    const m = assertOneOf(given, "options.drugMeasure", ["free", "total"] as const);
    return {
      drugMeasure: m,
      reason: tmdd
        ? `levels compared with ${m} drug, as the caller says the assay reads it`
        : `levels compared with the drug level (no bound drug in a ${model.structure} model: free and total are the same)`,
    };
  }
  if (!tmdd) return { drugMeasure: "free", reason: `no bound drug in a ${model.structure} model: free and total drug are the same level` };
  if (model.measuredDrug)
    return {
      drugMeasure: model.measuredDrug.form,
      reason: `levels compared with ${model.measuredDrug.form} drug, what the model's source measured (${model.measuredDrug.citation}); give options.drugMeasure if your assay reads the other form`,
    };
  return {
    drugMeasure: "free",
    reason: "levels compared with free drug: the model does not say what its source measured; give options.drugMeasure for your assay",
  };
}

/** Individual MAP fit with its Laplace posterior. */
export interface MapResult {
  model: PkModel;
  regimen: Regimen;
  covariates: CovariateInput;
  observations: Observation[];
  /** Names of the estimated random effects, in the order of `etaHat` and `covarianceEta`. */
  parameters: string[];
  /** MAP random effects. */
  etas: Record<string, number>;
  /** Laplace posterior covariance of eta (row-major k x k). */
  covarianceEta: number[][];
  /** Individual parameters at the covariates of the last observation. */
  individualParameters: IndividualParameters;
  /** 95 % Laplace intervals of each estimated individual parameter (log-normal). */
  parameterIntervals: Record<string, Estimate>;
  /** Minimised -2 log posterior (up to a constant). */
  objective: number;
  /** Model predictions at the observation times, ug/mL. */
  predictionsUgMl: number[];
  /** Levels outside the assay's range (below or above its limit), fitted by M3 (Beal 2001). */
  levelsCensored: number;
  /** Whether BFGS reached a stationary point (largest gradient component below 1e-6, or 1e-3 when the line search stalled). */
  converged: boolean;
  /** BFGS iterations taken (at most 200). */
  iterations: number;
  /** How the fit was made; says "M3 (Beal 2001)" when a level is censored. */
  method: string;
  /** Which drug the levels were compared with ("free" or "total"); forecasts from this fit use the same. */
  drugMeasure: DrugMeasure;
  /** Why that form (the caller's choice, the model's source, or no bound drug in the model). */
  drugMeasureReason: string;
}

/** Most levels (measured or censored) in one fit. */
export const MAX_OBSERVATIONS = 1000;

/** Whether an optional field is given (null, as records write "not given", counts as absent). */
function given(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/**
 * Checks observation `i` of the list `field` and returns a clean copy, measured
 * `{ timeDays, concentrationUgMl }` or censored `{ timeDays, censored, limitUgMl }`: a finite time,
 * a level or limit in ug/mL that is plausible (at most {@link MAX_PLAUSIBLE_LEVEL_UG_ML}: a larger
 * "ug/mL" value is a UnitError, almost certainly ng/mL), a limit > 0, and exactly one of a measured
 * level or a censoring.
 */
function checkObservation(obs: unknown, field: string, i: number): Observation {
  const o = assertObject<Record<string, unknown>>(obs, `${field}[${i}]`);
  const timeDays = checkTimeDays(o.timeDays, `${field}.timeDays`, i + 1);
  const measured = given(o.concentrationUgMl);
  const censoredGiven = given(o.censored);
  if (measured === censoredGiven) {
    throw new InputError(
      {
        field: `${field}[${i}]`,
        value: { concentrationUgMl: o.concentrationUgMl, censored: o.censored },
        expected:
          'either a measured level (concentrationUgMl) or a level outside the assay\'s range (censored: "below" or "above", with limitUgMl)',
      },
      measured ? "both a measured level and a censoring given" : "neither a measured level nor a censoring given",
    );
  }
  if (measured) {
    if (given(o.limitUgMl)) {
      throw new InputError(
        {
          field: `${field}.limitUgMl`,
          row: i + 1,
          value: o.limitUgMl,
          expected: 'no limit on a measured level (a level beyond the limit is censored: "below" or "above", without concentrationUgMl)',
        },
        "a limit without a censoring",
      );
    }
    return { timeDays, concentrationUgMl: checkDrugLevel(o.concentrationUgMl, `${field}.concentrationUgMl`, i + 1) };
  }
  const censored = o.censored;
  if (censored !== "below" && censored !== "above") {
    throw new InputError({ field: `${field}.censored`, row: i + 1, value: censored, expected: '"below" or "above" (the assay\'s limit)' });
  }
  if (!given(o.limitUgMl)) {
    throw new InputError({
      field: `${field}.limitUgMl`,
      row: i + 1,
      value: o.limitUgMl,
      expected: `the limit of quantification the level lies ${censored}, ug/mL`,
    });
  }
  const limitUgMl = checkDrugLevel(o.limitUgMl, `${field}.limitUgMl`, i + 1);
  if (limitUgMl <= 0) {
    throw new InputError({ field: `${field}.limitUgMl`, row: i + 1, value: limitUgMl, expected: "a limit of quantification > 0 ug/mL" });
  }
  return { timeDays, censored, limitUgMl };
}

/**
 * Validates observations against the regimen ({@link checkObservation} on each, none before the
 * first dose) and returns clean copies sorted by time.
 */
function checkObservations(observations: Observation[], firstDoseDays: number): Observation[] {
  if (!Array.isArray(observations) || observations.length === 0) {
    throw new InputError({
      field: "observations",
      value: observations,
      expected: "at least one measured level (or one outside the assay's range)",
    });
  }
  assertWithinLimit(observations.length, "observations.length", MAX_OBSERVATIONS);
  const out = observations.map((obs, i) => {
    const o = checkObservation(obs, "observations", i);
    if (o.timeDays < firstDoseDays) {
      throw new InputError(
        {
          field: "observations.timeDays",
          row: i + 1,
          value: o.timeDays,
          expected: `a time at or after the first dose (day ${firstDoseDays})`,
        },
        "observation before the first dose",
      );
    }
    return o;
  });
  return out.sort((a, b) => a.timeDays - b.timeDays);
}

/** The random effects to estimate: by default every one of the model's; else names of `model.iiv`. */
function estimatedParameters(model: PkModel, parameters: unknown): string[] {
  if (parameters === undefined) return Object.keys(model.iiv);
  const list = assertArray<unknown>(parameters, "options.parameters", { nonEmpty: true });
  return Array.from(list, (k, i) => {
    if (typeof k !== "string" || !Object.hasOwn(model.iiv, k)) {
      throw new InputError({ field: `options.parameters[${i}]`, value: k, expected: `one of ${Object.keys(model.iiv).join(", ")}` });
    }
    if (Array.prototype.indexOf.call(list, k) !== i) {
      throw new InputError({ field: `options.parameters[${i}]`, value: k, expected: "each random effect once" });
    }
    return k;
  });
}

/** Minimum residual SD (ug/mL) so that a proportional-only model stays defined at zero concentration. */
const MIN_SD_UGML = 1e-3;

/**
 * -2 ln Phi(z), the M3 term of a censored level (Beal 2001): z = (L - f)/s for a level below the
 * limit L, (f - L)/s for one above. @stdlib's logcdf is finite far in the tail (see the header).
 */
function m3Term(z: number): number {
  return -2 * normalLogCdf(z, 0, 1);
}

/**
 * The -2 log posterior as a function of eta (the objective {@link mapEstimate}
 * minimises), exported so that a peer (scipy, R) can be checked on the very same function:
 *
 *   OBJ(eta) = eta^T Omega^-1 eta            (= sum_k eta_k^2 / omega_k^2 without published correlations)
 *            + sum_{measured j} [ (y_j - f_j)^2 / s_j^2 + ln s_j^2 ]
 *            - 2 sum_{below j} ln Phi((L_j - f_j) / s_j) - 2 sum_{above j} ln Phi((f_j - L_j) / s_j),
 *   s_j = max(sqrt((prop f_j)^2 + add^2), 0.001 ug/mL), omega_k^2 = etaVariance(iiv_k) (pk/omega-matrix.ts),
 *   Omega_ab = r_ab omega_a omega_b with the model's `iivCorrelations` (pk/omega.ts; for a subset of
 *   estimated effects, the others held at 0, the matching block of the full Omega^-1),
 *
 * the censored terms being method M3 of Beal SL 2001, J Pharmacokinet Pharmacodyn 28:481-504
 * (the likelihood of a level beyond the limit is the probability mass beyond it).
 * `objective` returns +Infinity for an eta whose prior term exceeds 1e6.
 * @example
 * const history = infliximabRegimen({ untilWeeks: 6 });
 * const { objective } = mapObjective(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, censored: "below", limitUgMl: 0.4 }], { weightKg: 70, albuminGdl: 3.2 });
 * objective(Float64Array.of(0, 0)) // 3.137: -2 log posterior at the typical patient
 */
export function mapObjective(
  model: PkModel,
  regimen: Regimen,
  observations: Observation[],
  covariates: CovariateInput,
  options?: MapOptions,
): {
  names: string[];
  objective: (eta: Float64Array) => number;
  predict: (eta: Float64Array) => Float64Array;
  drugMeasure: DrugMeasure;
  drugMeasureReason: string;
} {
  checkModel(model);
  checkRegimen(regimen);
  const opts = optionsObject(options);
  const tol = checkTolerances(opts);
  const cp = covariatePieces(covariates, model.requiredCovariates);
  const doses = resolveDoses(regimen, cp);
  if (doses.length === 0) throw new InputError({ field: "regimen.doses", value: [], expected: "at least one dose" });
  const obs = checkObservations(observations, doses[0].timeDays);
  const names = estimatedParameters(model, opts.parameters);
  const measure = drugMeasureOf(model, opts.drugMeasure);
  // the prior: eta^T Omega^-1 eta, with the model's published correlations (pk/omega.ts)
  const block = omegaBlock(model, names);
  const omega2 = Float64Array.from(names, (_, k) => block.covariance[k * names.length + k]);
  const precision = block.precision;
  const times = Float64Array.from(obs, (o) => o.timeDays);
  // measured levels: y; censored ones: side = +1 below the limit, -1 above it, with their limit
  const y = Float64Array.from(obs, (o) => o.concentrationUgMl ?? Number.NaN);
  const side = Int8Array.from(obs, (o) => (o.censored === "below" ? 1 : o.censored === "above" ? -1 : 0));
  const limit = Float64Array.from(obs, (o) => o.limitUgMl ?? Number.NaN);
  const typical = parameterPieces(model, cp);
  const out = new Float64Array(times.length);
  // working copies, updated in place for each eta
  const pieces = typical.map((q) => ({ startDays: q.startDays, endDays: q.endDays, params: { ...q.params } as IndividualParameters }));
  const linPieces = pieces.map((q) => ({ startDays: q.startDays, endDays: q.endDays, coef: linearCoefficients(q.params) }));
  const expEta = new Float64Array(names.length);
  const predict = (eta: Float64Array): Float64Array => {
    for (let k = 0; k < names.length; k++) expEta[k] = pexp(eta[k]);
    for (let i = 0; i < pieces.length; i++) {
      const tp = typical[i].params;
      const wp = pieces[i].params;
      for (let k = 0; k < names.length; k++) wp[names[k]] = tp[names[k]] * expEta[k];
    }
    if (model.structure === "linear") {
      for (let i = 0; i < pieces.length; i++) linPieces[i].coef = linearCoefficients(pieces[i].params);
      simulateLinearSorted(linPieces, doses, times, out);
    } else {
      const sim = simulateOdeSorted(model, pieces, doses, times, "auto", tol);
      out.set(measure.drugMeasure === "total" ? sim.total : sim.conc);
    }
    return out;
  };
  const objective = (eta: Float64Array): number => {
    let prior = 0;
    if (block.diagonal) for (let k = 0; k < names.length; k++) prior += (eta[k] * eta[k]) / omega2[k];
    else {
      const K = names.length;
      for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) prior += eta[a] * precision[a * K + b] * eta[b];
    }
    if (!Number.isFinite(prior) || prior > 1e6) return Number.POSITIVE_INFINITY;
    const f = predict(eta);
    let s = prior;
    for (let j = 0; j < f.length; j++) {
      const sd = Math.max(residualSdUgMl(model, f[j]), MIN_SD_UGML);
      if (side[j] === 0) {
        const r = y[j] - f[j];
        s += (r * r) / (sd * sd) + 2 * pln(sd);
      } else s += m3Term((side[j] * (limit[j] - f[j])) / sd);
    }
    return s;
  };
  return { names, objective, predict, drugMeasure: measure.drugMeasure, drugMeasureReason: measure.reason };
}

/**
 * MAP estimate of a patient's random effects from their drug levels, with the
 * Laplace approximation of the posterior: the eta minimising {@link mapObjective}'s
 *   OBJ(eta) = sum eta^2/omega^2 + sum_measured [(y - f)^2/s^2 + ln s^2] - 2 sum_censored ln Phi(+-(L - f)/s)
 * by BFGS, and cov(eta) = 2 H^-1 at the mode. A level outside the assay's range
 * (`censored: "below"` or `"above"` its `limitUgMl`) enters by the probability that it lies beyond
 * the limit, method M3 of Beal SL 2001, J Pharmacokinet Pharmacodyn 28:481-504: it is never dropped
 * and never fitted as a zero. Read `converged` before using the fit ({@link recommendRegimen}
 * suggests no dose from a fit that did not converge).
 * @throws InputError for a malformed model, regimen or covariates, observations before the first
 * dose, negative levels, an observation with both or neither of a measured level and a censoring,
 * a censored level without a limit > 0, unknown parameters.
 * @throws UnitError for a level above {@link MAX_PLAUSIBLE_LEVEL_UG_ML} ug/mL: no antibody level in
 * IBD comes near it, so it is almost certainly ng/mL entered as ug/mL (5000 for a trough of 5);
 * convert it with `convert(value, "drugLevel", "ng/mL", "ug/mL")`, or declare the unit when loading
 * (`loadCohort(dir, { drug_levels: { units: { trough: "ng/mL" } } })`).
 * @example
 * const history = infliximabRegimen({ untilWeeks: 6 }); // induction at weeks 0, 2 and 6
 * const covariates = { weightKg: 70, albuminGdl: 3.2 };
 * // a trough of 1.8 ug/mL just before the week-14 dose
 * const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, concentrationUgMl: 1.8 }], covariates);
 * fit.converged // true
 * fit.individualParameters.CL // 0.485 L/day, 0.81 times the typical clearance for these covariates
 * // a trough below the assay's limit of 0.4 ug/mL: fitted by M3, fit.method says so
 * const censored = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, censored: "below", limitUgMl: 0.4 }], covariates);
 * censored.levelsCensored // 1
 * censored.individualParameters.CL // 0.721 L/day: an undetectable trough means fast clearance
 */
export function mapEstimate(
  model: PkModel,
  regimen: Regimen,
  observations: Observation[],
  covariates: CovariateInput,
  options?: MapOptions,
): MapResult {
  const { names, objective, predict, drugMeasure, drugMeasureReason } = mapObjective(model, regimen, observations, covariates, options);
  const k = names.length;
  const res = bfgs(objective, new Float64Array(k), { gradientTolerance: 1e-6 });
  if (!Number.isFinite(res.value) || res.x.some((v) => !Number.isFinite(v))) {
    throw new ConvergenceError(
      "mapEstimate: the MAP fit did not reach a finite objective (check the levels, times and doses)",
      res.iterations,
    );
  }
  const H = numericHessian(objective, Float64Array.from(res.x));
  const Hhalf = H.map((v) => v / 2);
  const cov = invertSpd(Hhalf, k);
  if (!cov)
    throw new InputError(
      { field: "observations", value: observations.length, expected: "data for which the posterior has a finite curvature" },
      "Laplace approximation failed (Hessian not positive definite)",
    );
  const etas: Record<string, number> = {};
  names.forEach((nm, i) => {
    etas[nm] = res.x[i];
  });
  const obsSorted = checkObservations(observations, Number.NEGATIVE_INFINITY);
  const levelsCensored = obsSorted.filter((o) => o.censored !== undefined).length;
  const lastCov = covariatesAt(covariatePieces(covariates, model.requiredCovariates), obsSorted[obsSorted.length - 1].timeDays);
  const ip = individualParameters(model, lastCov, etas);
  const intervals: Record<string, Estimate> = {};
  names.forEach((nm, i) => {
    const se = Math.sqrt(cov[i * k + i]);
    intervals[nm] = {
      value: ip[nm],
      lower: finiteOrThrow(ip[nm] * pexp(-1.959963984540054 * se), `parameterIntervals.${nm}.lower`),
      upper: finiteOrThrow(ip[nm] * pexp(1.959963984540054 * se), `parameterIntervals.${nm}.upper`),
      confidence: 0.95,
      method: "Laplace (log-normal)",
    };
  });
  const covRows: number[][] = [];
  for (let i = 0; i < k; i++) covRows.push(Array.from(cov.subarray(i * k, (i + 1) * k)));
  return {
    model,
    regimen,
    covariates,
    observations: obsSorted,
    parameters: names,
    etas,
    covarianceEta: covRows,
    individualParameters: ip,
    parameterIntervals: intervals,
    objective: res.value,
    predictionsUgMl: Array.from(predict(res.x)),
    levelsCensored,
    converged: res.converged,
    iterations: res.iterations,
    drugMeasure,
    drugMeasureReason,
    method:
      levelsCensored === 0
        ? "MAP (BFGS, finite-difference gradients); posterior uncertainty of the parameters by the Laplace approximation (residual error not added to forecasts)"
        : `MAP (BFGS, finite-difference gradients), with ${levelsCensored} level(s) outside the assay's range fitted by the probability of lying beyond the limit, M3 (Beal 2001); posterior uncertainty of the parameters by the Laplace approximation (residual error not added to forecasts)`,
  };
}

/** A candidate maintenance schedule. */
export interface CandidateRegimen {
  name?: string;
  mgPerKg?: number;
  amountMg?: number;
  intervalDays: number;
  route?: "iv" | "sc";
}

/**
 * Infliximab labelled limits used by {@link recommendRegimen}: at most 10 mg/kg
 * per infusion and no interval shorter than 4 weeks. The Remicade prescribing
 * information (Janssen; section 2.1) allows 10 mg/kg for adult Crohn's disease
 * patients who lose response; the 4-week minimum interval is the shortest
 * escalation used in practice and in the project brief (q4w is not itself in
 * the US label). `recommendRegimen`'s `limits` can only make these stricter.
 *
 * These are the toolkit's cap, and the cap is partly off-label: the label's
 * maintenance is 5 mg/kg every 8 weeks, with 10 mg/kg for adults with Crohn's
 * disease who lose response (Remicade prescribing information, section 2.1);
 * every interval shorter than 8 weeks, and 10 mg/kg in ulcerative colitis,
 * is an off-label intensification. {@link infliximabLabelStatus} says which.
 */
export const INFLIXIMAB_LABEL_LIMITS = { maxMgPerKg: 10, minIntervalDays: 28 } as const;

/** Labelled / commonly used infliximab maintenance options, least to most intensive. */
export const INFLIXIMAB_CANDIDATES: CandidateRegimen[] = [
  { mgPerKg: 5, intervalDays: 56 },
  { mgPerKg: 5, intervalDays: 42 },
  { mgPerKg: 5, intervalDays: 28 },
  { mgPerKg: 10, intervalDays: 56 },
  { mgPerKg: 10, intervalDays: 42 },
  { mgPerKg: 10, intervalDays: 28 },
];

/** Where an infliximab maintenance option stands against the label. */
export interface LabelStatus {
  status: "labelled" | "labelled-crohns-loss-of-response" | "off-label";
  reason: string;
}

/**
 * Whether an infliximab maintenance option is in the label: 5 mg/kg every
 * 8 weeks is; 10 mg/kg every 8 weeks only for adult Crohn's disease after loss
 * of response (Remicade prescribing information, section 2.1); anything given
 * more often than every 8 weeks, or above 10 mg/kg, is off-label.
 * @example infliximabLabelStatus({ mgPerKg: 5, intervalDays: 28 }).status // "off-label"
 */
export function infliximabLabelStatus(c: CandidateRegimen): LabelStatus {
  checkCandidate(c, "candidate");
  const name = candidateName(c);
  if (c.intervalDays < 56)
    return {
      status: "off-label",
      reason: `${name} is off-label: the label's maintenance interval is 8 weeks, and a shorter one is an off-label intensification.`,
    };
  if (c.mgPerKg === undefined || c.mgPerKg > 10)
    return { status: "off-label", reason: `${name} is off-label: the label doses infliximab by weight, at 5 mg/kg (10 mg/kg at most).` };
  if (c.mgPerKg > 5)
    return {
      status: "labelled-crohns-loss-of-response",
      reason: `${name} is labelled only for adults with Crohn's disease who lose response (Remicade prescribing information, section 2.1); in ulcerative colitis it is off-label.`,
    };
  return { status: "labelled", reason: `${name} is the labelled maintenance dose.` };
}

/**
 * Checks a candidate maintenance option: a positive interval (within the time limit of `checkTimeDays`),
 * exactly one of `mgPerKg`/`amountMg` (>= 0), an optional route ("iv" or "sc") and name.
 */
function checkCandidate(candidate: unknown, field: string): CandidateRegimen {
  const c = assertObject<CandidateRegimen>(candidate, field);
  checkTimeDays(assertPositive(c.intervalDays, `${field}.intervalDays`), `${field}.intervalDays`);
  if ((c.mgPerKg === undefined) === (c.amountMg === undefined)) {
    throw new InputError({ field, value: c, expected: "exactly one of mgPerKg or amountMg" });
  }
  if (c.mgPerKg !== undefined) assertNonNegative(c.mgPerKg, `${field}.mgPerKg`);
  if (c.amountMg !== undefined) assertNonNegative(c.amountMg, `${field}.amountMg`);
  if (c.route !== undefined && c.route !== "iv" && c.route !== "sc") {
    throw new InputError({ field: `${field}.route`, value: c.route, expected: '"iv" or "sc"' });
  }
  optionalString(c.name, `${field}.name`);
  return c;
}

function candidateName(c: CandidateRegimen): string {
  if (c.name) return c.name;
  const amount = c.mgPerKg !== undefined ? `${c.mgPerKg} mg/kg` : `${c.amountMg} mg`;
  const weeks = c.intervalDays / 7;
  return `${amount} q${Number.isInteger(weeks) ? `${weeks}w` : `${c.intervalDays}d`}`;
}

/** Intensity used for ranking: dose per day (mg/kg/day, or mg/day for flat doses). */
function intensity(c: CandidateRegimen): number {
  return (c.mgPerKg ?? c.amountMg ?? 0) / c.intervalDays;
}

/** Most posterior draws of one forecast: 100,000. */
export const MAX_DRAWS = 100_000;
/** Most candidate regimens of one forecast or recommendation: 100. */
export const MAX_CANDIDATES = 100;
/**
 * Most simulations of one forecast, draws x candidates: 1,000,000 (each is one patient's
 * simulation; a second or so for a linear model, far longer for an ODE model).
 */
export const MAX_FORECAST_SIMULATIONS = 1_000_000;

/** Options of {@link forecastTroughs}. */
export interface ForecastOptions {
  /** Day of the next dose, when the candidate schedule starts. */
  startDays: number;
  /** The forecast trough is the level just before dose number `evaluateAfterDoses + 1` of the new schedule: 1 to 100. Default 3. */
  evaluateAfterDoses?: number;
  /** Posterior draws, 1 to {@link MAX_DRAWS} (and draws x candidates <= {@link MAX_FORECAST_SIMULATIONS}). Default 1000. */
  nDraws?: number;
  seed?: number;
  /** Target trough for the probability, ug/mL. */
  targetTroughUgMl?: number;
  /** Central probability of the reported interval. Default 0.9. */
  confidence?: number;
}

/** Forecast under one candidate. */
export interface TroughForecast {
  candidate: CandidateRegimen;
  name: string;
  /** Forecast trough: value at the MAP estimate; interval from the Laplace posterior draws. */
  troughUgMl: Estimate;
  /** Day of the forecast trough. */
  troughDays: number;
  /** Posterior probability that the trough is >= target (when a target is given). */
  probabilityAtTarget?: number;
}

/** The doses given before `start`, then `count` doses of the candidate from `start` (the regimen a forecast simulates). */
export function buildFuture(fit: MapResult, c: CandidateRegimen, start: number, count: number): Regimen {
  const doses: DoseEvent[] = fit.regimen.doses.filter((d) => d.timeDays < start).map((d) => ({ ...d }));
  for (let i = 0; i < count; i++) {
    const d: DoseEvent = { timeDays: start + i * c.intervalDays, route: c.route ?? "iv" };
    if (c.mgPerKg !== undefined) d.mgPerKg = c.mgPerKg;
    else d.amountMg = c.amountMg;
    doses.push(d);
  }
  return { name: candidateName(c), doses };
}

/**
 * Checks a MAP fit handed back by a caller (normally the result of {@link mapEstimate}): its model,
 * regimen and observations, the estimated random effects and their covariance, and the individual
 * clearance the recommendation reports.
 */
export function checkFit(fit: unknown, field = "fit"): MapResult {
  const f = assertObject<MapResult>(fit, field);
  checkModel(f.model, `${field}.model`);
  checkRegimen(f.regimen, `${field}.regimen`);
  const obs = f.observations;
  if (!Array.isArray(obs) || obs.length === 0) {
    throw new InputError({ field: `${field}.observations`, value: obs, expected: "the observations of a mapEstimate result" });
  }
  // measured or censored (M3) levels alike
  obs.forEach((o, i) => {
    checkObservation(o, `${field}.observations`, i);
  });
  optionalBoolean(f.converged, `${field}.converged`);
  if (f.converged === undefined)
    throw new InputError({ field: `${field}.converged`, value: undefined, expected: "true or false (whether the MAP fit converged)" });
  if (f.iterations !== undefined) assertInteger(f.iterations, `${field}.iterations`);
  if (!Array.isArray(f.parameters)) {
    throw new InputError({ field: `${field}.parameters`, value: f.parameters, expected: "the names of the estimated random effects" });
  }
  const names = estimatedParameters(f.model, f.parameters);
  const k = names.length;
  const etas = assertObject<Record<string, number>>(f.etas, `${field}.etas`);
  for (const nm of names) assertFinite(etas[nm], `${field}.etas.${nm}`);
  const rows = assertArray<unknown>(f.covarianceEta, `${field}.covarianceEta`);
  if (rows.length !== k) throw new InputError({ field: `${field}.covarianceEta`, value: `${rows.length} rows`, expected: `${k} rows` });
  for (let i = 0; i < k; i++) {
    const row = assertArray<unknown>(rows[i], `${field}.covarianceEta[${i}]`);
    if (row.length !== k)
      throw new InputError({ field: `${field}.covarianceEta[${i}]`, value: `${row.length} values`, expected: `${k} values` });
    for (let j = 0; j < k; j++) assertFinite(row[j], `${field}.covarianceEta[${i}][${j}]`);
  }
  const ip = assertObject<Record<string, number>>(f.individualParameters, `${field}.individualParameters`);
  assertPositive(ip.CL, `${field}.individualParameters.CL`);
  const intervals = assertObject<Record<string, Estimate>>(f.parameterIntervals, `${field}.parameterIntervals`);
  if (intervals.CL !== undefined) {
    const ci = assertObject<Estimate>(intervals.CL, `${field}.parameterIntervals.CL`);
    assertFinite(ci.lower, `${field}.parameterIntervals.CL.lower`);
    assertFinite(ci.upper, `${field}.parameterIntervals.CL.upper`);
  }
  if (f.method !== undefined) assertString(f.method, `${field}.method`);
  return f;
}

/**
 * `nDraws` draws of a (checked) fit's Laplace posterior, eta = eta_hat + L z (L L^T = cov(eta), z
 * standard normal, from `options.seed` or `options.rng`, default seed 11), and the mode eta_hat: the
 * draws {@link forecastTroughs} and the dose solvers (pk/solve-*.ts) forecast from.
 * @throws InputError when the fit's covariance is not positive definite.
 */
export function laplaceDraws(
  fit: MapResult,
  nDraws: number,
  options: { seed?: number; rng?: unknown },
): { draws: Float64Array[]; mode: Float64Array } {
  const k = fit.parameters.length;
  const cov = new Float64Array(k * k);
  fit.covarianceEta.forEach((row, i) => {
    row.forEach((v, j) => {
      cov[i * k + j] = v;
    });
  });
  const L = cholesky(cov, k);
  if (!L) throw new InputError({ field: "fit.covarianceEta", value: fit.covarianceEta, expected: "a positive-definite covariance" });
  const rng = resolveRng(options as { seed?: number }, 11);
  const draws: Float64Array[] = [];
  const z = new Float64Array(k);
  for (let d = 0; d < nDraws; d++) {
    for (let i = 0; i < k; i++) z[i] = rng.normal();
    const e = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let s = fit.etas[fit.parameters[i]];
      for (let j = 0; j <= i; j++) s += L[i * k + j] * z[j];
      e[i] = s;
    }
    draws.push(e);
  }
  return { draws, mode: Float64Array.from(fit.parameters, (p) => fit.etas[p]) };
}

/** The reasons for a fit that did not converge, given instead of a dose by every dosing function. */
export function notConvergedReasons(fit: MapResult): string[] {
  return [
    `The MAP fit did not converge (BFGS stopped after ${fit.iterations ?? "an unknown number of"} iterations without reaching the posterior mode), so no dose is suggested: check the levels, their times and units and the doses given, then refit.`,
    `Fit: ${fit.method ?? "MAP"}.`,
  ];
}

/** The levels a fit used, in words: "3 measured level(s)", or how many were outside the assay's range. */
export function levelsText(fit: MapResult): string {
  const nCensored = fit.observations.filter((x) => x.censored !== undefined).length;
  return nCensored === 0
    ? `${fit.observations.length} measured level(s)`
    : `${fit.observations.length} level(s), ${nCensored} of them outside the assay's range (fitted by M3, Beal 2001)`;
}

/** The day a new schedule starts (`field`, default `options.startDays`): a valid time at or after the fit's last observation. */
export function checkStartDays(fit: MapResult, value: unknown, field = "options.startDays"): number {
  const start = checkTimeDays(value, field);
  const lastObs = lastObservationDays(fit);
  if (start < lastObs)
    throw new InputError({
      field,
      value: start,
      expected: `a time at or after the last observation (day ${lastObs})`,
    });
  return start;
}

/** Time of the last observation of a (checked) fit. */
export function lastObservationDays(fit: MapResult): number {
  let last = Number.NEGATIVE_INFINITY;
  for (const o of fit.observations) if (o.timeDays > last) last = o.timeDays;
  return last;
}

/**
 * Forecasts the trough under each candidate regimen from the MAP fit, with
 * uncertainty from `nDraws` draws of the Laplace posterior (seeded).
 * @throws InputError for a value that is not a {@link mapEstimate} result, a malformed candidate, a
 * start before the last observation, or more draws than {@link MAX_DRAWS} (or draws x candidates
 * above {@link MAX_FORECAST_SIMULATIONS}).
 * @example
 * const history = infliximabRegimen({ untilWeeks: 6 }); // induction at weeks 0, 2 and 6
 * const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, concentrationUgMl: 1.8 }], { weightKg: 70, albuminGdl: 3.2 });
 * const forecasts = forecastTroughs(fit, INFLIXIMAB_CANDIDATES, { startDays: 98, targetTroughUgMl: 5, nDraws: 200, seed: 1 });
 * forecasts.map((f) => f.name) // ["5 mg/kg q8w", "5 mg/kg q6w", "5 mg/kg q4w", "10 mg/kg q8w", "10 mg/kg q6w", "10 mg/kg q4w"]
 * forecasts[4].troughUgMl.value // 6.47 ug/mL: 10 mg/kg every 6 weeks, trough before the fourth new dose
 * forecasts[4].probabilityAtTarget // 0.9
 */
export function forecastTroughs(fit: MapResult, candidates: CandidateRegimen[], options: ForecastOptions): TroughForecast[] {
  return forecastTroughDraws(fit, candidates, options).forecasts;
}

/**
 * {@link forecastTroughs} with each candidate's posterior draws of the trough, sorted ascending
 * (ug/mL), for callers that combine the draws of several fits (pk/model-average.ts).
 */
export function forecastTroughDraws(
  fit: MapResult,
  candidates: CandidateRegimen[],
  options: ForecastOptions,
): { forecasts: TroughForecast[]; drawsUgMl: Float64Array[] } {
  checkFit(fit);
  const list = assertArray<unknown>(candidates, "candidates");
  assertWithinLimit(list.length, "candidates.length", MAX_CANDIDATES);
  const cands = Array.from(list, (c, i) => checkCandidate(c, `candidates[${i}]`));
  const o = assertObject<ForecastOptions>(options, "options");
  const start = checkStartDays(fit, o.startDays);
  const m = assertCount(o.evaluateAfterDoses ?? 3, "options.evaluateAfterDoses", 1, 100);
  const nDraws = assertCount(o.nDraws ?? 1000, "options.nDraws", 1, MAX_DRAWS);
  assertWithinLimit(nDraws * cands.length, "options.nDraws x candidates", MAX_FORECAST_SIMULATIONS, "use fewer draws or candidates");
  const conf = assertOpenUnit(o.confidence ?? 0.9, "options.confidence");
  const targetTrough = o.targetTroughUgMl === undefined ? undefined : assertPositive(o.targetTroughUgMl, "options.targetTroughUgMl");
  const { draws, mode } = laplaceDraws(fit, nDraws, o);
  const drawsUgMl: Float64Array[] = [];
  const forecasts = cands.map((c) => {
    const reg = buildFuture(fit, c, start, m);
    const tTrough = checkTimeDays(start + m * c.intervalDays, "forecast trough time");
    const { predict } = mapObjective(fit.model, reg, [{ timeDays: tTrough, concentrationUgMl: 0 }], fit.covariates, {
      parameters: fit.parameters,
      // the trough forecast is of the drug form the levels were fitted as
      drugMeasure: fit.drugMeasure,
    });
    const atMode = predict(mode)[0];
    const vals = new Float64Array(nDraws);
    let hits = 0;
    for (let d = 0; d < nDraws; d++) {
      vals[d] = predict(draws[d])[0];
      if (targetTrough !== undefined && vals[d] >= targetTrough) hits++;
    }
    vals.sort();
    drawsUgMl.push(vals);
    const q = (p: number) => vals[Math.min(nDraws - 1, Math.max(0, Math.round(p * (nDraws - 1))))];
    return {
      candidate: c,
      name: candidateName(c),
      troughUgMl: {
        value: atMode,
        lower: q((1 - conf) / 2),
        upper: q(1 - (1 - conf) / 2),
        confidence: conf,
        method: `Laplace posterior, ${nDraws} draws`,
      },
      troughDays: tTrough,
      probabilityAtTarget: targetTrough !== undefined ? hits / nDraws : undefined,
    };
  });
  return { forecasts, drawsUgMl };
}

/** Options of {@link recommendRegimen}. */
export interface RecommendOptions extends Omit<ForecastOptions, "targetTroughUgMl"> {
  /** Target trough, ug/mL (e.g. 5; Papamichael 2019 maintenance >= 3-7). Required. */
  targetTroughUgMl: number;
  /** Required posterior probability of reaching the target. Default 0.8. */
  probability?: number;
  /** Candidates. Default {@link INFLIXIMAB_CANDIDATES}. */
  candidates?: CandidateRegimen[];
  /** Stricter limits than the label (a smaller mg/kg maximum, a longer minimum interval, a flat mg cap). Values looser than {@link INFLIXIMAB_LABEL_LIMITS} are ignored: the label always applies. */
  limits?: { maxMgPerKg?: number; maxAmountMg?: number; minIntervalDays?: number };
}

/** A recommendation with its reasons. */
export interface Recommendation extends Reasoned {
  /** The chosen regimen, or null when no labelled option reaches the target with the required probability. */
  recommended: TroughForecast | null;
  /** Every labelled candidate's forecast, least to most intensive. */
  forecasts: TroughForecast[];
  /** Candidates excluded for exceeding labelled maxima. */
  excluded: string[];
  /** Where the recommended option stands against the label ({@link infliximabLabelStatus}); undefined when nothing is recommended. */
  labelStatus?: LabelStatus;
}

/**
 * Picks the least intensive labelled regimen whose forecast trough reaches
 * `targetTroughUgMl` with posterior probability >= `probability`, never beyond
 * the labelled maxima, and says why. A fit that did not converge (`fit.converged` false) gives no
 * recommendation: `recommended` null, no forecasts, and a first reason saying so.
 * @example
 * const history = infliximabRegimen({ untilWeeks: 6 }); // induction at weeks 0, 2 and 6
 * const fit = mapEstimate(INFLIXIMAB_FASANMADE_2009, history, [{ timeDays: 97.9, concentrationUgMl: 1.8 }], { weightKg: 70, albuminGdl: 3.2 });
 * const rec = recommendRegimen(fit, { targetTroughUgMl: 5, startDays: 98, nDraws: 200, seed: 1 });
 * rec.recommended.name // "5 mg/kg q4w"
 * rec.recommended.probabilityAtTarget // 1
 */
export function recommendRegimen(fit: MapResult, options: RecommendOptions): Recommendation {
  checkFit(fit);
  const o = assertObject<RecommendOptions>(options, "options");
  const target = assertPositive(o.targetTroughUgMl, "options.targetTroughUgMl");
  const prob = assertOpenUnit(o.probability ?? 0.8, "options.probability");
  // Options may tighten the labelled maxima, never relax them (clinical safety).
  const user = optionsObject(o.limits, "options.limits");
  const limits = {
    maxMgPerKg: Math.min(
      INFLIXIMAB_LABEL_LIMITS.maxMgPerKg,
      user.maxMgPerKg === undefined ? Number.POSITIVE_INFINITY : assertNonNegative(user.maxMgPerKg, "options.limits.maxMgPerKg"),
    ),
    minIntervalDays: Math.max(
      INFLIXIMAB_LABEL_LIMITS.minIntervalDays,
      user.minIntervalDays === undefined ? 0 : assertNonNegative(user.minIntervalDays, "options.limits.minIntervalDays"),
    ),
    maxAmountMg: user.maxAmountMg === undefined ? undefined : assertNonNegative(user.maxAmountMg, "options.limits.maxAmountMg"),
  };
  const thresholds = {
    targetTroughUgMl: target,
    probability: prob,
    maxMgPerKg: limits.maxMgPerKg,
    minIntervalDays: limits.minIntervalDays,
    evaluateAfterDoses: assertCount(o.evaluateAfterDoses ?? 3, "options.evaluateAfterDoses", 1, 100),
  };
  const list = o.candidates === undefined ? INFLIXIMAB_CANDIDATES : assertArray<unknown>(o.candidates, "options.candidates");
  assertWithinLimit(list.length, "options.candidates.length", MAX_CANDIDATES);
  const all = Array.from(list, (c, i) => checkCandidate(c, `options.candidates[${i}]`));
  checkTimeDays(o.startDays, "options.startDays");
  if (!fit.converged) {
    // A fit that stopped short of the posterior mode gives forecasts from arbitrary etas: no dose from it.
    return {
      recommended: null,
      labelStatus: undefined,
      forecasts: [],
      excluded: [],
      reasons: notConvergedReasons(fit),
      thresholds,
    };
  }
  const lastTime = lastObservationDays(fit);
  const weightKg = covariatesAt(covariatePieces(fit.covariates, fit.model.requiredCovariates), lastTime).weightKg;
  const excluded: string[] = [];
  const allowed = all.filter((c) => {
    // A flat dose is checked against the mg/kg maximum through the patient's weight.
    const mgPerKg = c.mgPerKg ?? (c.amountMg !== undefined && weightKg !== undefined && weightKg > 0 ? c.amountMg / weightKg : undefined);
    const over =
      (mgPerKg === undefined && c.amountMg !== undefined) ||
      (mgPerKg !== undefined && mgPerKg > limits.maxMgPerKg) ||
      (c.amountMg !== undefined && limits.maxAmountMg !== undefined && c.amountMg > limits.maxAmountMg) ||
      c.intervalDays < limits.minIntervalDays;
    if (over) excluded.push(candidateName(c));
    return !over;
  });
  allowed.sort((a, b) => intensity(a) - intensity(b) || (a.mgPerKg ?? a.amountMg ?? 0) - (b.mgPerKg ?? b.amountMg ?? 0));
  const forecastOptions: ForecastOptions & { rng?: unknown } = {
    startDays: o.startDays,
    evaluateAfterDoses: o.evaluateAfterDoses,
    nDraws: o.nDraws,
    seed: o.seed,
    confidence: o.confidence,
    targetTroughUgMl: target,
  };
  if ((o as { rng?: unknown }).rng !== undefined) forecastOptions.rng = (o as { rng?: unknown }).rng;
  const forecasts = forecastTroughs(fit, allowed, forecastOptions);
  const reasons: string[] = [];
  const ip = fit.individualParameters;
  const typical = individualParameters(fit.model, covariatesAt(covariatePieces(fit.covariates, fit.model.requiredCovariates), lastTime));
  reasons.push(
    `From ${levelsText(fit)}, the patient's clearance is estimated at ${ip.CL.toFixed(3)} L/day (95 % ${fit.parameterIntervals.CL ? `${fit.parameterIntervals.CL.lower.toFixed(3)}-${fit.parameterIntervals.CL.upper.toFixed(3)}` : "n/a"}), ${(ip.CL / typical.CL).toFixed(2)} times the model's typical value for these covariates.`,
  );
  if (excluded.length) reasons.push(`Not considered because they exceed the labelled maxima: ${excluded.join(", ")}.`);
  const chosen = forecasts.find((f) => (f.probabilityAtTarget ?? 0) >= prob) ?? null;
  for (const f of forecasts) {
    if (f === chosen) break;
    reasons.push(
      `${f.name}: forecast trough ${f.troughUgMl.value.toFixed(1)} ug/mL, probability ${(100 * (f.probabilityAtTarget ?? 0)).toFixed(0)} % of reaching ${target} ug/mL, below the required ${(100 * prob).toFixed(0)} %.`,
    );
  }
  if (chosen) {
    reasons.push(
      `${chosen.name} is the least intensive option within the cap (at most ${limits.maxMgPerKg} mg/kg, every ${limits.minIntervalDays / 7} weeks at the shortest) that reaches ${target} ug/mL with probability ${(100 * (chosen.probabilityAtTarget ?? 0)).toFixed(0)} % (forecast trough ${chosen.troughUgMl.value.toFixed(1)} ug/mL, ${Math.round(100 * chosen.troughUgMl.confidence)} % interval ${chosen.troughUgMl.lower.toFixed(1)}-${chosen.troughUgMl.upper.toFixed(1)}).`,
      infliximabLabelStatus(chosen.candidate).reason,
    );
  } else {
    const top = forecasts[forecasts.length - 1];
    reasons.push(
      `No labelled option reaches ${target} ug/mL with probability >= ${(100 * prob).toFixed(0)} %${top ? ` (best: ${top.name}, ${(100 * (top.probabilityAtTarget ?? 0)).toFixed(0)} %)` : ""}: do not escalate beyond the cap; check anti-drug antibodies and consider switching (to a different anti-TNF molecule, not an infliximab biosimilar, with an immunomodulator if antibodies are high; out of class otherwise).`,
    );
  }
  const adaNow = covariatesAt(covariatePieces(fit.covariates, fit.model.requiredCovariates), lastTime).ada;
  if (adaNow)
    reasons.push(
      "Anti-drug antibodies are recorded: dose escalation may not overcome them; reactive TDM guidance (AGA 2017) suggests a different anti-TNF molecule (not an infliximab biosimilar) plus an immunomodulator when titres are high.",
    );
  reasons.push(`Uncertainty: ${fit.method}; probabilities from ${o.nDraws ?? 1000} posterior draws.`);
  if (fit.model.structure.startsWith("tmdd"))
    reasons.push(`Levels and forecast troughs: ${drugMeasureOf(fit.model, fit.drugMeasure).reason}.`);
  if (fit.model.provisional) reasons.push(fit.model.provisional);
  return {
    recommended: chosen,
    labelStatus: chosen ? infliximabLabelStatus(chosen.candidate) : undefined,
    forecasts,
    excluded,
    reasons,
    thresholds,
  };
}
