/**
 * The walk over one patient's levels that tests a model's forecasts (Sheiner LB, Beal SL 1981,
 * J Pharmacokinet Biopharm 9:503; as in external evaluations of infliximab models, e.g.
 * Pharmaceutics 2021;13:1368). With the levels ordered by time, L1 ... Ln:
 *
 * - a priori (`levelsUsed` 0): every level predicted for the typical patient with this patient's
 *   covariates and doses, all random effects 0;
 * - a posteriori (`levelsUsed` k = 1 ... maxLevelsUsed): level k+1 predicted at the MAP random
 *   effects ({@link mapEstimate}) fitted to L1 ... Lk alone, on the same dosing record: the fit never
 *   sees the level it predicts, nor any later one. A fit that throws or does not converge gives no
 *   prediction; it is listed in `skipped` with the reason.
 *
 * Each prediction carries rPE = 100 (pred - obs) / obs for a measured level > 0, null otherwise
 * (statistics: src/pk/prediction-error.ts).
 */
import { ConvergenceError, InputError, UnitError } from "../core/errors";
import { assertCount, finiteOrThrow, optionsObject } from "../core/validate";
import { mapEstimate, mapObjective, type Observation } from "./bayes";
import { relativePredictionError } from "./prediction-error";
import type { Regimen } from "./regimen";
import type { CovariateInput, DrugMeasure, PkModel } from "./types";

/** Largest `maxLevelsUsed`: 20 (each is one more MAP fit per patient). */
export const MAX_LEVELS_USED = 20;

/** Options of {@link forecastWalk}. */
export interface ForecastWalkOptions {
  /** A posteriori strata: level k+1 predicted from levels 1..k for k = 1 ... maxLevelsUsed; 0 gives a priori only. 0 to {@link MAX_LEVELS_USED}. Default 3. */
  maxLevelsUsed?: number;
  /** Which drug form the levels are, for a target-mediated model (see {@link mapEstimate}). Default: what the model's source measured, else "free". */
  drugMeasure?: DrugMeasure;
}

/** One predicted level. */
export interface ForecastPrediction {
  /** Time of the level, days (the regimen's origin). */
  timeDays: number;
  /** The level as observed: measured, or censored with its limit. */
  observed: Observation;
  /** The model's prediction at that time, ug/mL. */
  predictedUgMl: number;
  /** Levels the prediction was fitted to: 0 a priori, k for the MAP fit to the first k levels. */
  levelsUsed: number;
  /** 100 (pred - obs) / obs, %; null for a censored level or a measured level of 0. */
  rPe: number | null;
}

/** A prediction not made, and why. */
export interface ForecastSkip {
  levelsUsed: number;
  /** Time of the level that was not predicted, days. */
  timeDays: number;
  reason: string;
}

/** Result of {@link forecastWalk}. */
export interface ForecastWalk {
  /** A priori predictions first (in time order), then the a posteriori ones by levels used. */
  predictions: ForecastPrediction[];
  /** A posteriori predictions not made (the fit threw or did not converge). */
  skipped: ForecastSkip[];
  /** The levels in time order, as checked. */
  observations: Observation[];
}

/** A clean copy of a (checked) observation. */
function copyObservation(o: Observation): Observation {
  return o.censored === undefined || o.censored === null
    ? { timeDays: o.timeDays, concentrationUgMl: o.concentrationUgMl as number }
    : { timeDays: o.timeDays, censored: o.censored, limitUgMl: o.limitUgMl as number };
}

function row(o: Observation, predictedUgMl: number, levelsUsed: number): ForecastPrediction {
  const pred = Math.max(0, finiteOrThrow(predictedUgMl, "predicted level"));
  const c = o.concentrationUgMl ?? 0;
  return {
    timeDays: o.timeDays,
    observed: o,
    predictedUgMl: pred,
    levelsUsed,
    rPe: c > 0 ? relativePredictionError(pred, c) : null,
  };
}

/**
 * Walks one patient's levels for one model: each level predicted a priori (random effects 0: the
 * typical patient with these covariates and doses), and level k+1 predicted from the MAP fit to
 * levels 1..k for k = 1 ... `maxLevelsUsed` (see the module header). Levels are taken in time order
 * (ties in the order given). rPE = 100 (pred - obs) / obs (Sheiner & Beal 1981).
 * @param options.maxLevelsUsed Default 3.
 * @param options.drugMeasure Default: the model's measured form, else "free".
 * @throws InputError for a malformed model, regimen, observations or covariates (as {@link mapObjective}), or options out of range.
 * @example
 * const history = infliximabRegimen({ untilWeeks: 22 }); // weeks 0, 2, 6, 14, 22
 * const levels = [{ timeDays: 97.9, concentrationUgMl: 1.8 }, { timeDays: 153.9, concentrationUgMl: 2.2 }];
 * const walk = forecastWalk(INFLIXIMAB_FASANMADE_2009, history, levels, { weightKg: 70, albuminGdl: 3.2 });
 * walk.predictions.map((p) => p.levelsUsed) // [0, 0, 1]: both levels a priori, the second from the first
 * walk.predictions[2].rPe // -42.3: from the first level, the second is forecast 42 % low (a priori: 76 % low)
 */
export function forecastWalk(
  model: PkModel,
  regimen: Regimen,
  observations: Observation[],
  covariates: CovariateInput,
  options?: ForecastWalkOptions,
): ForecastWalk {
  const o = optionsObject(options);
  const maxLevelsUsed = assertCount(o.maxLevelsUsed ?? 3, "options.maxLevelsUsed", 0, MAX_LEVELS_USED);
  const fitOptions = { drugMeasure: o.drugMeasure };
  // checks everything (model, regimen, levels, covariates, drugMeasure); predict depends on the times only
  const { names, predict } = mapObjective(model, regimen, observations, covariates, fitOptions);
  // mapObjective has checked that observations is a non-empty array of well-formed levels
  const obs = Array.from(observations, copyObservation).sort((a, b) => a.timeDays - b.timeDays);
  const predictions: ForecastPrediction[] = [];
  const skipped: ForecastSkip[] = [];
  const typical = predict(new Float64Array(names.length));
  for (let j = 0; j < obs.length; j++) predictions.push(row(obs[j], typical[j], 0));
  const last = Math.min(maxLevelsUsed, obs.length - 1);
  for (let k = 1; k <= last; k++) {
    const target = obs[k];
    const which = k === 1 ? "level 1" : `levels 1-${k}`;
    try {
      const fit = mapEstimate(model, regimen, obs.slice(0, k), covariates, fitOptions);
      if (!fit.converged) {
        skipped.push({
          levelsUsed: k,
          timeDays: target.timeDays,
          reason: `the MAP fit to ${which} did not converge (BFGS stopped after ${fit.iterations} iterations)`,
        });
        continue;
      }
      const eta = Float64Array.from(names, (nm) => fit.etas[nm]);
      predictions.push(row(target, predict(eta)[k], k));
    } catch (e) {
      if (!(e instanceof ConvergenceError || e instanceof InputError || e instanceof UnitError)) throw e;
      skipped.push({ levelsUsed: k, timeDays: target.timeDays, reason: `the MAP fit to ${which} failed: ${e.message}` });
    }
  }
  return { predictions, skipped, observations: obs };
}
