/**
 * `predictivePerformance(records, models, { targetTroughUgMl })`: how good are a model's forecasts
 * of a patient's next level (issue 18 item 4; Sheiner LB, Beal SL 1981, J Pharmacokinet Biopharm
 * 9:503). For each model and each patient, every level is predicted a priori (covariates and doses
 * only) and the level after the first 1, 2, ... levels from the MAP fit to those levels alone
 * ({@link forecastWalk}); per model and stratum (levels used), the bias (median rPE with its
 * order-statistic interval, mean rPE), imprecision (rRMSE), the fractions within 20 % and 30 %, and
 * the classification of the predicted level against the target (positive = below it), with Wilson
 * intervals ({@link predictionErrorSummary}). External evaluations of infliximab models report the
 * same (e.g. the 12-model evaluation in Pharmaceutics 2021;13:1368).
 */
import { type IbdLabError, InputError, UnitError } from "../core/errors";
import type { Reasoned } from "../core/result";
import {
  assertArray,
  assertCount,
  assertObject,
  assertOneOf,
  assertOpenUnit,
  assertPositive,
  assertString,
  assertWithinLimit,
} from "../core/validate";
import type { Observation } from "../pk/bayes";
import { checkModel, checkRegimen } from "../pk/check";
import { type ForecastPrediction, forecastWalk, MAX_LEVELS_USED } from "../pk/forecast-evaluation";
import { type PredictionErrorSummary, predictionErrorSummary } from "../pk/prediction-error";
import type { Regimen } from "../pk/regimen";
import type { CovariateInput, DrugMeasure, PkModel } from "../pk/types";
import { checkRecord } from "./check";
import { pkSubject } from "./pk";
import type { PatientRecord } from "./types";

/** Most patients (records or subjects) in one call: 100,000. */
export const MAX_PERFORMANCE_PATIENTS = 100_000;
/** Most models in one call: 20. */
export const MAX_PERFORMANCE_MODELS = 20;

/** A patient ready for the walk (e.g. a {@link PkSubject}). */
export interface ForecastSubject {
  patientId: string;
  regimen: Regimen;
  observations: Observation[];
  covariates: CovariateInput;
}

/** Options of {@link predictivePerformance}. */
export interface PredictivePerformanceOptions {
  /** Target trough, ug/mL (> 0), e.g. 5: a level below it is the positive class. Required. */
  targetTroughUgMl: number;
  /** A posteriori strata: the level after the first k levels, k = 1 ... maxLevelsUsed (0: a priori only). 0 to 20. Default 3. */
  maxLevelsUsed?: number;
  /** Central probability of the median's interval and of the Wilson intervals. Default 0.95. */
  confidence?: number;
  /** Which drug form the levels are, for a target-mediated model (passed to mapEstimate). Default: the model's measured form, else "free". */
  drugMeasure?: DrugMeasure;
  /** Patients with fewer levels than this contribute a priori predictions only. 1 to 21. Default 2. */
  minLevels?: number;
}

/** One prediction of one patient's level. */
export interface PatientForecastPrediction extends ForecastPrediction {
  patientId: string;
}

/** The statistics of one stratum: predictions made from `levelsUsed` levels (0: a priori). */
export interface PerformanceStratum extends PredictionErrorSummary {
  levelsUsed: number;
  /** Predictions of this stratum not made because the fit failed or did not converge. */
  fitsSkipped: number;
}

/** One model's predictive performance. */
export interface ModelPredictivePerformance {
  modelId: string;
  label: string;
  /** Patients whose levels were predicted. */
  patientsEvaluated: number;
  /** levelsUsed 0 (a priori), 1, ..., maxLevelsUsed, each present (n 0 and null statistics when empty). */
  strata: PerformanceStratum[];
  predictions: PatientForecastPrediction[];
  /** Patients not evaluated with this model, with the reason (e.g. a covariate the model requires is missing). */
  skipped: { patientId: string; reason: string }[];
  /** Single predictions not made (the MAP fit threw or did not converge), with the reason. */
  fitsSkipped: { patientId: string; levelsUsed: number; timeDays: number; reason: string }[];
}

/** Result of {@link predictivePerformance}. */
export interface PredictivePerformance extends Reasoned {
  drug: string;
  models: ModelPredictivePerformance[];
}

/** A checked input: a record (to be turned into each model's subject) or a subject. */
type Patient = { patientId: string; record: PatientRecord } | { patientId: string; subject: ForecastSubject };

function checkPatient(item: unknown, i: number): Patient {
  const at = `records[${i}]`;
  const x = assertObject<Record<string, unknown>>(item, at);
  if (x.regimen === undefined) {
    const record = checkRecord(x, ["administrations", "drugLevels", "labs", "covariates"], at);
    // checkRecord has checked the patient id
    return { patientId: record.patientId, record };
  }
  const patientId = assertString(x.patientId, `${at}.patientId`);
  checkRegimen(x.regimen, `${at}.regimen`);
  assertArray(x.observations, `${at}.observations`, { nonEmpty: true });
  assertObject(x.covariates, `${at}.covariates`);
  return { patientId, subject: x as unknown as ForecastSubject };
}

const pct = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(1)} %`;

function strataSentence(m: ModelPredictivePerformance, confidence: number): string {
  const parts = m.strata
    .filter((s) => s.n > 0)
    .map((s) => {
      const when = s.levelsUsed === 0 ? "a priori" : `after ${s.levelsUsed} level${s.levelsUsed === 1 ? "" : "s"}`;
      // the median and the rRMSE are null together (no level with an rPE)
      const med = s.medianRpe;
      const bias =
        med === null
          ? "no measured level for a relative error"
          : `median rPE ${pct(med.value)} (${Math.round(100 * confidence)} % CI ${pct(med.lower)} to ${pct(med.upper)}), rRMSE ${(s.rRmse ?? 0).toFixed(1)} %`;
      return `${when}, ${s.n} level${s.n === 1 ? "" : "s"}: ${bias}`;
    });
  return parts.length
    ? `${m.label} (${m.modelId}), ${m.patientsEvaluated} patient(s): ${parts.join("; ")}.`
    : `${m.label} (${m.modelId}): no patient could be evaluated.`;
}

/**
 * The predictive performance of one or more population PK models of one drug on a set of patients
 * (Sheiner & Beal 1981): for each patient, every level predicted a priori (random effects 0) and
 * the level after the first k levels predicted from the MAP fit to those k levels alone, for
 * k = 1 ... `maxLevelsUsed`; per model and stratum:
 *
 *   rPE = 100 (pred - obs) / obs (measured levels > 0);  bias = median rPE with its distribution-free
 *   (order-statistic) interval, and mean rPE;  rRMSE = sqrt(mean(rPE^2));  fractions |rPE| <= 20 % and 30 %;
 *   sensitivity = TP/(TP+FN), specificity = TN/(TN+FP) for a predicted level below `targetTroughUgMl`
 *   (positive: below the target), Wilson intervals.
 *
 * A censored level (outside the assay's range) has no rPE but is classified when its limit lies on
 * one side of the target. Patients are patient records (each model's subject is then
 * `pkSubject(record, { model })`) or subjects `{ patientId, regimen, observations, covariates }`
 * (e.g. {@link PkSubject}). A patient who cannot be evaluated with a model (no dose or level of the
 * drug, a covariate the model requires missing, levels the model's checks refuse) is listed in that
 * model's `skipped` with the reason, never an error; a single MAP fit that fails or does not
 * converge is listed in `fitsSkipped`.
 *
 * Work: at most {@link MAX_PERFORMANCE_PATIENTS} (100,000) patients and
 * {@link MAX_PERFORMANCE_MODELS} (20) models, each patient taking one prediction and up to
 * `maxLevelsUsed` MAP fits per model: milliseconds per patient for a linear model, far more for an
 * ODE (target-mediated) model.
 * @param options.targetTroughUgMl Required, ug/mL.
 * @param options.maxLevelsUsed Default 3.
 * @param options.confidence Default 0.95.
 * @param options.drugMeasure Default: the model's measured form, else "free".
 * @param options.minLevels Default 2.
 * @throws InputError for records or models that are not arrays (or too many), a malformed record or
 * subject, a malformed model, models of more than one drug, or an option out of range.
 * @example
 * const records = patientRecords(loadCohort("data/cd"));
 * const perf = predictivePerformance(records, [INFLIXIMAB_FASANMADE_2011], { targetTroughUgMl: 5 });
 * const m = perf.models[0];
 * m.patientsEvaluated // 231: the patients with infliximab doses and levels
 * m.skipped.length // 169: no infliximab given (each with the reason)
 * m.strata.map((s) => s.n) // [1027, 231, 231, 167]: levels predicted a priori, then from 1, 2 and 3 levels
 * m.strata[0].medianRpe.value; // -21.0 %: a priori, the typical patient under-predicts
 * [m.strata[0].medianRpe.lower, m.strata[0].medianRpe.upper] // [-26.3, -14.4]
 * m.strata[1].rRmse // 64.8 %: after one level
 * m.strata[1].classification.sensitivity.value // 0.86: levels below 5 ug/mL forecast as below
 * m.strata[1].classification.specificity.value // 0.928
 */
export function predictivePerformance(
  records: readonly (PatientRecord | ForecastSubject)[],
  models: readonly PkModel[],
  options: PredictivePerformanceOptions,
): PredictivePerformance {
  const list = assertArray<unknown>(records, "records");
  assertWithinLimit(list.length, "records.length", MAX_PERFORMANCE_PATIENTS);
  const modelList = assertArray<unknown>(models, "models", { nonEmpty: true });
  assertWithinLimit(modelList.length, "models.length", MAX_PERFORMANCE_MODELS);
  const checkedModels = Array.from(modelList, (m, i) => checkModel(m, `models[${i}]`));
  const drug = checkedModels[0].drug;
  checkedModels.forEach((m, i) => {
    if (m.drug !== drug)
      throw new InputError({
        field: `models[${i}].drug`,
        value: m.drug,
        expected: `${drug}, the drug of models[0] (compare models of one drug)`,
      });
  });
  const o = assertObject<PredictivePerformanceOptions>(options, "options");
  const target = assertPositive(o.targetTroughUgMl, "options.targetTroughUgMl");
  const maxLevelsUsed = assertCount(o.maxLevelsUsed ?? 3, "options.maxLevelsUsed", 0, MAX_LEVELS_USED);
  const confidence = assertOpenUnit(o.confidence ?? 0.95, "options.confidence");
  const minLevels = assertCount(o.minLevels ?? 2, "options.minLevels", 1, MAX_LEVELS_USED + 1);
  const drugMeasure =
    o.drugMeasure === undefined ? undefined : assertOneOf(o.drugMeasure, "options.drugMeasure", ["free", "total"] as const);
  const patients = Array.from(list, checkPatient);

  const results = checkedModels.map((model): ModelPredictivePerformance => {
    const predictions: PatientForecastPrediction[] = [];
    const skipped: { patientId: string; reason: string }[] = [];
    const fitsSkipped: ModelPredictivePerformance["fitsSkipped"] = [];
    let evaluated = 0;
    for (const p of patients) {
      try {
        const s = "record" in p ? pkSubject(p.record, { model }) : p.subject;
        const nLevels = s.observations.length;
        const walk = forecastWalk(model, s.regimen, s.observations, s.covariates, {
          maxLevelsUsed: nLevels < minLevels ? 0 : maxLevelsUsed,
          drugMeasure,
        });
        evaluated++;
        for (const r of walk.predictions) predictions.push({ patientId: p.patientId, ...r });
        for (const k of walk.skipped) fitsSkipped.push({ patientId: p.patientId, ...k });
      } catch (e) {
        if (!(e instanceof InputError || e instanceof UnitError)) throw e;
        skipped.push({ patientId: p.patientId, reason: (e as IbdLabError).message });
      }
    }
    const strata: PerformanceStratum[] = [];
    for (let k = 0; k <= maxLevelsUsed; k++) {
      const rows = predictions.filter((r) => r.levelsUsed === k);
      strata.push({
        levelsUsed: k,
        ...predictionErrorSummary(rows, { targetTroughUgMl: target, confidence }),
        fitsSkipped: fitsSkipped.filter((f) => f.levelsUsed === k).length,
      });
    }
    return { modelId: model.id, label: model.label, patientsEvaluated: evaluated, strata, predictions, skipped, fitsSkipped };
  });

  const posteriori =
    maxLevelsUsed === 0
      ? "no a posteriori prediction (maxLevelsUsed 0)"
      : `the level after the first 1 to ${maxLevelsUsed} levels predicted from the MAP fit to those levels alone, never seeing the level it predicts`;
  const reasons = [
    `Compared ${results.length} model(s) of ${drug} on ${patients.length} patient(s): each level predicted a priori (the typical patient with the patient's covariates and doses, random effects 0), and ${posteriori} (Sheiner & Beal 1981).`,
    `Bias is the median relative prediction error rPE = 100 (pred - obs) / obs with its ${Math.round(100 * confidence)} % distribution-free interval (order statistics); imprecision is rRMSE = sqrt(mean rPE²); levels outside the assay's range have no rPE.`,
    `Classification against the target trough of ${target} ug/mL: a level below it is positive (it calls for action); sensitivity and specificity with Wilson intervals; a level outside the assay's range counts when its limit lies on one side of the target.`,
    ...results.map((m) => strataSentence(m, confidence)),
  ];
  for (const m of results) {
    if (m.skipped.length) reasons.push(`${m.label}: ${m.skipped.length} patient(s) not evaluated (see skipped for each reason).`);
    if (m.fitsSkipped.length)
      reasons.push(`${m.label}: ${m.fitsSkipped.length} a posteriori prediction(s) not made: the MAP fit failed or did not converge.`);
  }
  reasons.push(`Patients with fewer than ${minLevels} levels contribute a priori predictions only.`);
  return {
    drug,
    models: results,
    reasons,
    thresholds: { targetTroughUgMl: target, maxLevelsUsed, confidence, minLevels, withinPercent: "20, 30" },
  };
}
