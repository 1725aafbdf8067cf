/**
 * `modelAverage(models, recordOrInputs, options)`: several published models of one drug fitted to
 * one patient's levels, weighted by their fit and averaged (Uster 2021; mapbayr's
 * `model_averaging`). The formulas and the choice of OFV are in `src/pk/model-average.ts`; this
 * file prepares the patient's data for each model: from a patient record through
 * `pkSubject(record, { model })` (so each model gets the covariates it needs and none it refuses),
 * or from inputs the caller built.
 */
import { InputError } from "../core/errors";
import { assertArray, assertObject, assertWithinLimit, optionsObject } from "../core/validate";
import type { Observation } from "../pk/bayes";
import {
  averageModels,
  MAX_AVERAGED_MODELS,
  type ModelAverage,
  type ModelAverageEntry,
  type ModelAverageOptions,
} from "../pk/model-average";
import type { Regimen } from "../pk/regimen";
import type { CovariateInput, PkModel } from "../pk/types";
import { pkSubject } from "./pk";
import type { PatientRecord } from "./types";

/** A patient's data given directly: the doses, the levels and the covariates (a `PkSubject` is one). */
export interface ModelAverageInputs {
  regimen: Regimen;
  observations: Observation[];
  covariates: CovariateInput;
}

function isRecord(x: Record<string, unknown>): boolean {
  return typeof x.patientId === "string" && Array.isArray(x.administrations) && Array.isArray(x.drugLevels);
}

/**
 * Fits each model to the patient's levels by MAP, weighs the fits and averages their predictions
 * and, when `options.forecast` is given, their forecast troughs under candidate regimens.
 *
 *   scheme "LL":  w_m = exp(-OFV_m / 2) / sum_j exp(-OFV_j / 2)
 *   scheme "AIC": w_m = exp(-OFV_m / 2 - k_m) / sum_j exp(-OFV_j / 2 - k_j)
 *   OFV_m = OBJ_m + ln det Omega_m + (k_m + n) ln(2 pi)  (default `constants: "full"`), or OBJ_m (`"mapbayr"`)
 *   averaged x = sum_m w_m x_m;  P(trough >= target) = sum_m w_m P_m;  interval: quantiles of the mixture of draws
 *
 * Uster DW, Stocker SL, Carland JE et al. A model averaging/selection approach improves the
 * predictive performance of model-informed precision dosing: vancomycin as a case study. Clin
 * Pharmacol Ther 2021;109:175-183 (doi 10.1002/cpt.2065); as mapbayr 0.10 `model_averaging`.
 *
 * From a record, each model's data is `pkSubject(record, { model })`; a model the record cannot
 * serve (a covariate it needs is missing) gets weight 0 with the reason, and the forecast starts by
 * default at the record's next dose (`nextDoseDays`). A model whose fit did not converge gets
 * weight 0 too. Defaults: `scheme` "LL", `constants` "full", no forecast; forecast options as
 * `forecastTroughs` (candidates default to the labelled infliximab options for infliximab).
 * At most {@link MAX_AVERAGED_MODELS} models, all of one drug.
 * @throws InputError for models of different drugs, a model given twice, malformed inputs, or a
 * forecast without a start day (inputs) or without candidates (a drug other than infliximab).
 * @example
 * const history = infliximabRegimen({ untilWeeks: 6 });
 * const levels = [{ timeDays: 41.9, concentrationUgMl: 9 }, { timeDays: 97.9, concentrationUgMl: 1.8 }];
 * const avg = modelAverage([INFLIXIMAB_FASANMADE_2009, INFLIXIMAB_FASANMADE_2011], { regimen: history, observations: levels, covariates: { weightKg: 70, albuminGdl: 3.2 } },
 *   { forecast: { startDays: 98, targetTroughUgMl: 5, nDraws: 200, seed: 1 } });
 * avg.weights["infliximab-fasanmade-2011"] // 0.763: the two levels fit Fasanmade 2011 better
 * avg.selected // "infliximab-fasanmade-2011"
 * avg.averagedForecasts[0].name // "5 mg/kg q8w"
 * avg.averagedForecasts[0].troughUgMl.value // 1.23 ug/mL: 0.237 x 2009's trough + 0.763 x 2011's
 */
export function modelAverage(
  models: PkModel[],
  recordOrInputs: PatientRecord | ModelAverageInputs,
  options?: ModelAverageOptions,
): ModelAverage {
  const list = assertArray<PkModel>(models, "models", { nonEmpty: true });
  assertWithinLimit(list.length, "models.length", MAX_AVERAGED_MODELS);
  const subject = assertObject<Record<string, unknown>>(recordOrInputs, "recordOrInputs");
  const o = optionsObject(options);
  let entries: ModelAverageEntry[];
  let forecast = o.forecast;
  if (isRecord(subject)) {
    const record = subject as unknown as PatientRecord;
    let nextDoseDays: number | undefined;
    entries = Array.from(list, (model) => {
      try {
        const s = pkSubject(record, { model });
        nextDoseDays ??= s.nextDoseDays;
        return { model, regimen: s.regimen, observations: s.observations, covariates: s.covariates };
      } catch (err) {
        // the record cannot serve this model (a covariate it needs is missing ...): weight 0, with the reason
        if (!(err instanceof InputError)) throw err;
        return { model, unavailable: `the record cannot serve it: ${err.message}` };
      }
    });
    if (forecast !== undefined) {
      const f = optionsObject(forecast, "options.forecast");
      if (f.startDays === undefined && nextDoseDays !== undefined) forecast = { ...f, startDays: nextDoseDays };
    }
  } else {
    if (subject.regimen === undefined || subject.observations === undefined || subject.covariates === undefined)
      throw new InputError({
        field: "recordOrInputs",
        value: Object.keys(subject).join(", ") || "{}",
        expected: "a patient record (patientRecords) or { regimen, observations, covariates }",
      });
    const inputs = subject as unknown as ModelAverageInputs;
    entries = Array.from(list, (model) => ({
      model,
      regimen: inputs.regimen,
      observations: inputs.observations,
      covariates: inputs.covariates,
    }));
  }
  return averageModels(entries, { ...o, forecast });
}
