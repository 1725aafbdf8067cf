/**
 * Model averaging and model selection over several published models of one drug, for one patient
 * (Uster DW et al. 2021, Clin Pharmacol Ther 109:175-183, doi 10.1002/cpt.2065; as mapbayr 0.10's
 * `model_averaging` and `compute_weights` do it):
 *
 *   each model m is fitted by MAP (`mapEstimate`) to the same levels: objective OFV_m at the mode
 *   scheme "LL":  w_m proportional to exp(-OFV_m / 2)
 *   scheme "AIC": w_m proportional to exp(-OFV_m / 2 - k_m)      (k_m: random effects estimated)
 *   sum_m w_m = 1; the averaged prediction or forecast is sum_m w_m x_m (x_m: model m's value at its
 *   MAP estimate); model selection takes the model with the largest weight.
 *
 * Which OFV. mapbayr weighs by its MAP objective, sum[(y - f)^2/s^2 + ln s^2] + eta^T Omega^-1 eta,
 * which leaves out constants of the likelihood that differ between models: the log-determinant of
 * Omega and k ln(2 pi) of the prior's normal density. `../shared/domain-facts.md` section 8 warns to
 * compare OFVs across models only with every constant included, so the default (`constants:
 * "full"`) weighs by the whole -2 log joint density at the mode,
 *
 *   OFV_full = OBJ + ln det Omega_m + k_m ln(2 pi) + n ln(2 pi)   (n: measured levels; the same for every model),
 *
 * and `constants: "mapbayr"` weighs by OBJ alone, as mapbayr does (the two agree when the models
 * share Omega). A model whose fit did not converge, or that could not be fitted, gets weight 0 and
 * the reason.
 *
 * The averaged forecast of a trough under a candidate regimen is the weighted mean of the models'
 * troughs at their MAP estimates (as mapbayr averages predictions); its probability of reaching the
 * target is the mixture's, sum_m w_m P_m, and its interval the quantiles of the mixture of the
 * models' posterior draws, F(x) = sum_m w_m F_m(x) (F_m: the empirical distribution of model m's
 * draws; the quantile at p is the smallest draw x with F(x) >= p).
 *
 * Hand-written: a weighted mean over fits this library makes; no package does it outside R.
 */
import { ConvergenceError, InputError } from "../core/errors";
import { pexp, pln } from "../core/portable-math";
import type { Estimate, Reasoned } from "../core/result";
import { assertArray, assertOneOf, assertOpenUnit, assertWithinLimit, optionsObject } from "../core/validate";
import {
  type CandidateRegimen,
  drugMeasureOf,
  type ForecastOptions,
  forecastTroughDraws,
  INFLIXIMAB_CANDIDATES,
  type MapResult,
  mapEstimate,
  type Observation,
  type TroughForecast,
} from "./bayes";
import { checkModel } from "./check";
import { omegaBlockOf } from "./omega";
import type { Regimen } from "./regimen";
import type { CovariateInput, DrugMeasure, PkModel } from "./types";

/** Most models of one average: 20. */
export const MAX_AVERAGED_MODELS = 20;

/** Options of the forecast part of a model average. */
export interface ModelAverageForecastOptions extends Omit<ForecastOptions, "startDays"> {
  /** Day of the next dose, when the candidate schedule starts. Required without a patient record (a record gives the next dose day). */
  startDays?: number;
  /** Maintenance options to forecast. Default: the labelled infliximab options for infliximab models; required for other drugs. */
  candidates?: CandidateRegimen[];
}

/** Options of `modelAverage`. */
export interface ModelAverageOptions {
  /** "LL" (default): weights proportional to exp(-OFV/2); "AIC": exp(-OFV/2 - k) with k random effects (Uster 2021; mapbayr). */
  scheme?: "LL" | "AIC";
  /** "full" (default): OFV with ln det Omega and the 2 pi constants; "mapbayr": the MAP objective alone, as mapbayr weighs. */
  constants?: "full" | "mapbayr";
  /** Which drug form the levels are, for target-mediated models (see `MapOptions.drugMeasure`). Default: each model's source. */
  drugMeasure?: DrugMeasure;
  /** Forecast troughs under candidate regimens, per model and averaged. Default: no forecast. */
  forecast?: ModelAverageForecastOptions;
}

/** One model's part in the average. */
export interface AveragedModel {
  modelId: string;
  label: string;
  /** Whether the model entered the average (fitted, converged). */
  included: boolean;
  /** Why it did not, or null. */
  excludedReason: string | null;
  /** The MAP fit, or null when the model could not be fitted. */
  fit: MapResult | null;
  /** Random effects estimated (k). */
  randomEffects: number;
  /** The MAP objective (-2 log posterior up to constants), as `MapResult.objective`; null without a fit. */
  objective: number | null;
  /** The OFV the weight is computed from (see `constants`); null without a fit. */
  ofv: number | null;
  /** Weight in the average, 0 to 1 (0 for an excluded model). */
  weight: number;
  /** Predictions at the observation times at the MAP estimate, ug/mL; empty without a fit. */
  predictionsUgMl: number[];
  /** Forecast troughs under each candidate (when a forecast was asked and the model is included). */
  forecasts: TroughForecast[];
}

/** A candidate's averaged forecast. */
export interface AveragedForecast {
  name: string;
  candidate: CandidateRegimen;
  /** Weighted mean of the models' troughs at their MAP estimates; interval from the mixture of their posterior draws. */
  troughUgMl: Estimate;
  troughDays: number;
  /** Mixture probability sum_m w_m P_m of reaching the target (when a target is given). */
  probabilityAtTarget?: number;
}

/** Result of a model average. */
export interface ModelAverage extends Reasoned {
  scheme: "LL" | "AIC";
  constants: "full" | "mapbayr";
  /** Every model given, in the order given. */
  models: AveragedModel[];
  /** Weight per model id (sum 1 over the included models). */
  weights: Record<string, number>;
  /** Model selection: the id of the model with the largest weight, or null when none could be fitted. */
  selected: string | null;
  /** The levels fitted, sorted by time. */
  observations: Observation[];
  /** Weighted mean of the models' predictions at the observation times, ug/mL; null when no model is included. */
  averagedPredictionsUgMl: number[] | null;
  /** Averaged forecast per candidate; null without a forecast or when no model is included. */
  averagedForecasts: AveragedForecast[] | null;
}

/** One model with the patient's data prepared for it, or the reason it could not be. */
export interface ModelAverageEntry {
  model: PkModel;
  regimen?: Regimen;
  observations?: Observation[];
  covariates?: CovariateInput;
  /** Why the patient's data could not be prepared for this model (then the model gets weight 0). */
  unavailable?: string;
}

const LN_2PI = pln(2 * Math.PI);

/** ln det of a model's Omega block over the estimated random effects (2 sum ln L_ii). */
function logDetOmega(model: PkModel, names: string[]): number {
  const { cholesky } = omegaBlockOf(model, names);
  const k = names.length;
  let s = 0;
  for (let i = 0; i < k; i++) s += 2 * pln(cholesky[i * k + i]);
  return s;
}

/**
 * The quantile at p of a mixture of empirical distributions: the smallest draw x with
 * sum_m w_m F_m(x) >= p (each `draws[m]` sorted ascending).
 */
export function mixtureQuantile(draws: Float64Array[], weights: number[], p: number): number {
  const pooled: { x: number; w: number }[] = [];
  draws.forEach((d, m) => {
    if (weights[m] > 0) for (const x of d) pooled.push({ x, w: weights[m] / d.length });
  });
  pooled.sort((a, b) => a.x - b.x);
  let cum = 0;
  const last = pooled.length - 1;
  for (let i = 0; i < last; i++) {
    cum += pooled[i].w;
    // 1e-12: a cumulative sum of weights that should reach p exactly may fall short by rounding
    if (cum >= p - 1e-12) return pooled[i].x;
  }
  return pooled[last].x;
}

/**
 * Fits every model, weighs them and averages their predictions and forecasts (see the header for
 * the formulas). `entries` carry each model with the patient's data prepared for it.
 */
export function averageModels(entries: ModelAverageEntry[], options?: ModelAverageOptions): ModelAverage {
  const o = optionsObject(options);
  const scheme = assertOneOf(o.scheme ?? "LL", "options.scheme", ["LL", "AIC"] as const);
  const constants = assertOneOf(o.constants ?? "full", "options.constants", ["full", "mapbayr"] as const);
  const list = assertArray<ModelAverageEntry>(entries, "models", { nonEmpty: true });
  assertWithinLimit(list.length, "models.length", MAX_AVERAGED_MODELS);
  const models = Array.from(list, (e, i) => checkModel(e.model, `models[${i}]`));
  const drug = models[0].drug;
  models.forEach((m, i) => {
    if (m.drug !== drug)
      throw new InputError({ field: `models[${i}]`, value: m.id, expected: `a model of ${drug}, as models[0] (one drug per average)` });
    if (models.findIndex((x) => x.id === m.id) !== i)
      throw new InputError({ field: `models[${i}]`, value: m.id, expected: "each model once" });
  });
  const fo = o.forecast === undefined ? undefined : optionsObject(o.forecast, "options.forecast");
  let candidates: CandidateRegimen[] | undefined;
  if (fo) {
    if (fo.candidates === undefined && drug !== "infliximab")
      throw new InputError({
        field: "options.forecast.candidates",
        value: undefined,
        expected: `the ${drug} maintenance options to forecast (the labelled default exists for infliximab only)`,
      });
    candidates = fo.candidates ?? INFLIXIMAB_CANDIDATES;
    if (fo.startDays === undefined)
      throw new InputError({ field: "options.forecast.startDays", value: undefined, expected: "the day of the next dose" });
  }
  const confidence = assertOpenUnit(fo?.confidence ?? 0.9, "options.forecast.confidence");

  const rows: AveragedModel[] = [];
  let observations: Observation[] = [];
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    const model = models[i];
    const row: AveragedModel = {
      modelId: model.id,
      label: model.label,
      included: false,
      excludedReason: null,
      fit: null,
      randomEffects: Object.keys(model.iiv).length,
      objective: null,
      ofv: null,
      weight: 0,
      predictionsUgMl: [],
      forecasts: [],
    };
    rows.push(row);
    if (e.unavailable !== undefined) {
      row.excludedReason = String(e.unavailable);
      continue;
    }
    let fit: MapResult;
    try {
      fit = mapEstimate(model, e.regimen as Regimen, e.observations as Observation[], e.covariates as CovariateInput, {
        drugMeasure: o.drugMeasure,
      });
    } catch (err) {
      // a fit that cannot reach a finite objective is this model's failure, not the caller's input
      if (!(err instanceof ConvergenceError)) throw err;
      row.excludedReason = `the MAP fit failed (${err.message})`;
      continue;
    }
    row.fit = fit;
    row.objective = fit.objective;
    row.predictionsUgMl = fit.predictionsUgMl;
    const nMeasured = fit.observations.filter((x) => x.censored === undefined).length;
    row.ofv =
      constants === "mapbayr"
        ? fit.objective
        : fit.objective + logDetOmega(model, fit.parameters) + (fit.parameters.length + nMeasured) * LN_2PI;
    if (observations.length === 0) observations = fit.observations;
    else if (JSON.stringify(observations) !== JSON.stringify(fit.observations))
      throw new InputError({
        field: `models[${i}].observations`,
        value: fit.observations.length,
        expected: "the same levels for every model (weights compare fits to the same data)",
      });
    if (!fit.converged) {
      row.excludedReason = `the MAP fit did not converge (${fit.iterations} iterations): its objective is not the posterior mode's`;
      continue;
    }
    row.included = true;
  }
  const included = rows.filter((r) => r.included);
  // log-weights relative to the best, so that exp() cannot underflow for all of them
  const logW = included.map((r) => -(r.ofv as number) / 2 - (scheme === "AIC" ? r.randomEffects : 0));
  const top = Math.max(...logW);
  const raw = logW.map((v) => pexp(v - top));
  const total = raw.reduce((a, b) => a + b, 0);
  included.forEach((r, j) => {
    r.weight = raw[j] / total;
  });
  const weights: Record<string, number> = {};
  for (const r of rows) weights[r.modelId] = r.weight;
  let selected: string | null = null;
  for (const r of included) if (selected === null || r.weight > weights[selected]) selected = r.modelId;

  const averagedPredictionsUgMl =
    included.length === 0 ? null : observations.map((_, j) => included.reduce((s, r) => s + r.weight * r.predictionsUgMl[j], 0));

  let averagedForecasts: AveragedForecast[] | null = null;
  if (fo && included.length > 0) {
    const forecastOptions: ForecastOptions = {
      startDays: fo.startDays as number,
      evaluateAfterDoses: fo.evaluateAfterDoses,
      nDraws: fo.nDraws,
      seed: fo.seed,
      targetTroughUgMl: fo.targetTroughUgMl,
      confidence,
    };
    const draws = included.map((r) => {
      const d = forecastTroughDraws(r.fit as MapResult, candidates as CandidateRegimen[], forecastOptions);
      r.forecasts = d.forecasts;
      return d.drawsUgMl;
    });
    const w = included.map((r) => r.weight);
    averagedForecasts = included[0].forecasts.map((f0, c) => {
      const perModel = draws.map((d) => d[c]);
      const value = included.reduce((s, r) => s + r.weight * r.forecasts[c].troughUgMl.value, 0);
      const out: AveragedForecast = {
        name: f0.name,
        candidate: f0.candidate,
        troughUgMl: {
          value,
          lower: mixtureQuantile(perModel, w, (1 - confidence) / 2),
          upper: mixtureQuantile(perModel, w, 1 - (1 - confidence) / 2),
          confidence,
          method: `mixture of ${included.length} models' Laplace posteriors, weighted (${scheme})`,
        },
        troughDays: f0.troughDays,
      };
      if (fo.targetTroughUgMl !== undefined)
        out.probabilityAtTarget = included.reduce((s, r) => s + r.weight * (r.forecasts[c].probabilityAtTarget as number), 0);
      return out;
    });
  }
  return {
    scheme,
    constants,
    models: rows,
    weights,
    selected,
    observations,
    averagedPredictionsUgMl,
    averagedForecasts,
    reasons: averageReasons(rows, scheme, constants, observations, selected, o.drugMeasure),
    thresholds: {
      scheme,
      constants,
      models: rows.length,
      modelsIncluded: included.length,
      ...(fo?.targetTroughUgMl !== undefined ? { targetTroughUgMl: fo.targetTroughUgMl } : {}),
      ...(fo ? { forecastConfidence: confidence } : {}),
    },
  };
}

function pct(w: number): string {
  return `${(100 * w).toFixed(w < 0.001 ? 2 : 1)} %`;
}

function averageReasons(
  rows: AveragedModel[],
  scheme: "LL" | "AIC",
  constants: "full" | "mapbayr",
  observations: Observation[],
  selected: string | null,
  drugMeasure: DrugMeasure | undefined,
): string[] {
  const reasons: string[] = [];
  const nCens = observations.filter((x) => x.censored !== undefined).length;
  const included = rows.filter((r) => r.included);
  reasons.push(
    `${rows.length} model(s) fitted by MAP to the same ${observations.length} level(s)${nCens ? ` (${nCens} outside the assay's range, M3)` : ""}, weighted by ${scheme === "LL" ? "exp(-OFV/2)" : "exp(-OFV/2 - k), k the random effects estimated"} (Uster 2021, as mapbayr's model_averaging), with ${constants === "full" ? "every constant of the likelihood in the OFV (ln det Omega and 2 pi terms), so that models with different variability compare fairly" : "the MAP objective alone as the OFV, as mapbayr weighs (ln det Omega left out)"}.`,
  );
  for (const r of rows) {
    if (r.included) reasons.push(`${r.label}: OFV ${(r.ofv as number).toFixed(2)}, weight ${pct(r.weight)}.`);
    else reasons.push(`${r.label}: not in the average, ${r.excludedReason}.`);
  }
  if (included.length === 0) {
    reasons.push("No model could be fitted and converged: there is no averaged forecast.");
    return reasons;
  }
  const best = rows.find((r) => r.modelId === selected) as AveragedModel;
  reasons.push(
    best.weight >= 0.9
      ? `Model selection picks ${best.label}; with ${pct(best.weight)} of the weight the average is close to it alone.`
      : `Model selection would pick ${best.label}, with ${pct(best.weight)} of the weight; no model dominates, so the average carries the models' disagreement.`,
  );
  const tmdd = included.filter((r) => (r.fit as MapResult).model.structure.startsWith("tmdd"));
  const forms = new Set(tmdd.map((r) => (r.fit as MapResult).drugMeasure));
  // the forms can differ only when the caller did not say which the assay reads
  if (forms.size > 1)
    reasons.push(
      `The target-mediated models compared the levels with different drug forms (${tmdd.map((r) => `${r.label}: ${(r.fit as MapResult).drugMeasure}`).join("; ")}), each as its source measured: give drugMeasure for your assay so that every model fits the same quantity.`,
    );
  else if (tmdd.length > 0) reasons.push(`Levels: ${drugMeasureOf((tmdd[0].fit as MapResult).model, drugMeasure).reason}.`);
  for (const r of included) {
    const provisional = (r.fit as MapResult).model.provisional;
    if (provisional) reasons.push(`${r.label}: ${provisional}`);
  }
  return reasons;
}
