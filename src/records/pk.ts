/**
 * `pkSubject(record, { drug })`: what a MAP fit needs for one patient and one drug, taken from the
 * patient's record and nothing else: the published model for the drug and disease (from the one
 * registry, {@link pkModelFor}), the doses actually given (administrations), the drug levels with
 * their censoring (M3 in `mapEstimate`, never dropped or zero-filled) and the covariate timeline.
 *
 * Time: days after the first administration of the drug. A level drawn on the day of a dose of
 * the same drug is a trough, taken as drawn one hour before that dose; other doses and levels sit
 * at the start of their day.
 */
import { dayNumber } from "../core/dates";
import { InputError } from "../core/errors";
import { optionalString, optionsObject } from "../core/validate";
import type { Observation } from "../pk/bayes";
import { checkModel } from "../pk/check";
import type { DoseEvent, Regimen } from "../pk/regimen";
import { pkModelFor } from "../pk/registry";
import type { CovariateChange, Covariates, CovariateTimeline, PkModel } from "../pk/types";
import { checkRecord } from "./check";
import { treatmentFlags } from "./treatment-covariates";
import type { Dated, IsoDate, PatientRecord } from "./types";

const TREATMENT_FLAGS = ["priorAntiTnf", "azathioprine", "mercaptopurine", "methotrexate", "aminosalicylate"] as const;

/** Hours a trough drawn on a dose day is taken to precede the dose: 1 (a level is drawn before the infusion starts). */
export const TROUGH_BEFORE_DOSE_HOURS = 1;
/** Default IV infusion duration when administrations.csv leaves it empty: 2 hours (infliximab label: "not less than 2 hours"). */
export const DEFAULT_INFUSION_HOURS = 2;
/** How long after the first dose a first covariate value may be used as the baseline when none precedes it: 28 days. */
export const BASELINE_COVARIATE_WINDOW_DAYS = 28;

/** Options of {@link pkSubject}. */
export interface PkSubjectOptions {
  /** Drug to fit. Default: the drug with the most levels in the record (ties: the first biologic), or the drug of `model`. */
  drug?: string;
  /**
   * The model to prepare the subject for (its required covariates are checked and those it refuses
   * are left out, with the reason). Default: the published model the registry picks for the drug,
   * disease and routes ({@link pkModelFor}). Given, it must be a model of the drug fitted.
   */
  model?: PkModel;
}

/** A patient prepared for `mapEstimate(subject.model, subject.regimen, subject.observations, subject.covariates)`. */
export interface PkSubject {
  patientId: string;
  drug: string;
  disease: PatientRecord["disease"];
  model: PkModel;
  /** Registry id of the model, e.g. "infliximab-fasanmade-2011". */
  modelId: string;
  /** Date of the first administration (time 0). */
  originDate: IsoDate;
  regimen: Regimen;
  observations: Observation[];
  covariates: CovariateTimeline;
  administrationsUsed: number;
  levelsUsed: number;
  levelsCensored: number;
  /** Levels of the drug not used, with the reason (e.g. drawn before the first dose). */
  excludedLevels: { date: IsoDate; reason: string }[];
  /** Day of the next dose: the last administration plus the last interval, at or after the last level. */
  nextDoseDays: number;
  /** Why this model, which covariates, which doses: plain sentences. */
  reasons: string[];
}

function dayOf(iso: IsoDate): number {
  return dayNumber(iso, "date");
}

/** The value in force at time 0: the last one at or before it, else the first within the window after it. */
function baselineValue(series: Dated[], origin: number): { value: number; date: IsoDate; after: boolean } | null {
  let best: Dated | null = null;
  for (const d of series) if (dayOf(d.date) <= origin) best = d;
  if (best) return { value: best.value, date: best.date, after: false };
  const first = series.find((d) => dayOf(d.date) - origin <= BASELINE_COVARIATE_WINDOW_DAYS);
  return first ? { value: first.value, date: first.date, after: true } : null;
}

/**
 * One patient's PK subject for one drug, built from the record alone.
 * @throws InputError when the record has no administration or no level of the drug after its first dose,
 *   no weight, no model for the drug (see {@link pkModelFor}), or lacks a covariate the model requires.
 * @example
 * const rec = patientRecords(loadCohort("data/cd"))[0];
 * const s = pkSubject(rec);
 * s.modelId; // "infliximab-fasanmade-2011"
 * s.observations[0] // { timeDays: 13.96, concentrationUgMl: 20.9 }: a trough, in days from the first dose
 * s.covariates.baseline // { weightKg: 90.1, albuminGdl: 3.7 }
 * // The subject is what the Bayesian forecast needs, as it stands
 * const fit = mapEstimate(s.model, s.regimen, s.observations, s.covariates);
 * fit.converged // true
 */
export function pkSubject(record: PatientRecord, options?: PkSubjectOptions): PkSubject {
  const rec = checkRecord(record, ["administrations", "drugLevels", "labs", "covariates"]);
  const id = rec.patientId;
  const o = optionsObject(options);
  let drug = optionalString(o.drug, "options.drug");
  const given = o.model === undefined ? undefined : checkModel(o.model, "options.model");
  if (drug === undefined && given) drug = given.drug;
  if (drug === undefined) {
    const counts = new Map<string, number>();
    for (const l of rec.drugLevels) counts.set(l.drug, (counts.get(l.drug) ?? 0) + 1);
    let best = rec.firstBiologic ?? undefined;
    for (const [d, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = d;
    drug = best;
  }
  if (drug === undefined)
    throw new InputError({ field: `${id}: record.drugLevels`, value: 0, expected: "at least one drug level (or options.drug)" });
  const adm = rec.administrations.filter((a) => a.drug === drug);
  if (adm.length === 0)
    throw new InputError(
      { field: `${id}: administrations`, value: drug, expected: `at least one administration of ${drug} in administrations.csv` },
      "the doses given are needed to fit levels: none are recorded",
    );
  const weightKg = rec.weightKg;
  if (weightKg === null || !(weightKg > 0))
    throw new InputError({ field: `${id}: patients.weight_kg`, value: weightKg, expected: "the patient's weight, kg" });
  const routes = [...new Set(adm.map((a) => a.route))];
  if (given && given.drug !== drug)
    throw new InputError({
      field: "options.model",
      value: given.id,
      expected: `a model of ${drug} (the drug fitted), not of ${given.drug}`,
    });
  const choice = given
    ? { model: given, modelId: given.id, reasons: ["Chosen by the caller (options.model)."] }
    : pkModelFor(drug, rec.disease, { routes });
  const model = choice.model;
  const reasons: string[] = [`Model: ${model.label} (${choice.modelId}). ${choice.reasons.join(" ")}`];
  const origin = dayOf(adm[0].date);
  const doseDays = new Set(adm.map((a) => dayOf(a.date)));
  const doses: DoseEvent[] = adm.map((a) => {
    const d: DoseEvent = { timeDays: dayOf(a.date) - origin, amountMg: a.doseMg, route: a.route === "IV" ? "iv" : "sc" };
    if (a.route === "IV") d.infusionDays = (a.infusionHours ?? DEFAULT_INFUSION_HOURS) / 24;
    return d;
  });
  const defaulted = adm.filter((a) => a.route === "IV" && a.infusionHours === null).length;
  const first = adm[0];
  reasons.push(
    `Doses: the ${adm.length} administration(s) of ${drug} in administrations.csv from ${first.date} (${routes.join(" and ")}), amounts as given${defaulted ? `; ${defaulted} infusion(s) without a duration taken as ${DEFAULT_INFUSION_HOURS} h` : ""}.`,
  );
  const observations: Observation[] = [];
  const excludedLevels: { date: IsoDate; reason: string }[] = [];
  let censored = 0;
  for (const l of rec.drugLevels) {
    if (l.drug !== drug) continue;
    const day = dayOf(l.date);
    const t = day - origin - (doseDays.has(day) ? TROUGH_BEFORE_DOSE_HOURS / 24 : 0);
    if (t < 0) {
      excludedLevels.push({ date: l.date, reason: `drawn before the first recorded dose of ${drug} (${first.date})` });
      continue;
    }
    if (l.censored !== null) {
      // checkRecord has made sure a censored level carries its limit
      observations.push({ timeDays: t, censored: l.censored, limitUgMl: l.limitUgMl as number });
      censored++;
    } else if (l.valueUgMl !== null) {
      observations.push({ timeDays: t, concentrationUgMl: l.valueUgMl });
    }
  }
  if (observations.length === 0)
    throw new InputError(
      {
        field: `${id}: drug_levels`,
        value: drug,
        expected: `at least one level of ${drug} after its first administration (${first.date})`,
      },
      "nothing to fit",
    );
  if (censored)
    reasons.push(
      `Levels: ${observations.length} (${censored} outside the assay's range, fitted by their probability of lying beyond the limit: M3, Beal 2001).`,
    );
  else reasons.push(`Levels: ${observations.length}, all measured.`);
  if (excludedLevels.length) reasons.push(`Not used: ${excludedLevels.map((e) => `${e.date} (${e.reason})`).join("; ")}.`);

  // Covariates: baseline at the first dose, then every later sample as a change.
  const refused = model.refusedCovariates ?? {};
  const baseline: Covariates = { weightKg };
  const covNotes: string[] = [`weight ${weightKg} kg (patients.csv)`];
  const series: [keyof Covariates, Dated[], string, string][] = [
    ["albuminGdl", rec.covariates.albuminGdl, "albumin", "g/dL"],
    ["crpMgL", rec.covariates.crpMgL, "CRP", "mg/L"],
    ["calprotectinUgG", rec.covariates.calprotectinUgG, "calprotectin", "ug/g"],
  ];
  const changes = new Map<number, CovariateChange>();
  const change = (t: number) => {
    let c = changes.get(t);
    if (!c) {
      c = { timeDays: t };
      changes.set(t, c);
    }
    return c;
  };
  for (const [name, s, label, unit] of series) {
    const b = baselineValue(s, origin);
    if (!b) continue;
    (baseline as unknown as Record<string, number>)[name] = b.value;
    covNotes.push(`${label} ${b.value} ${unit} from ${b.date}${b.after ? " (the first value, after the first dose)" : ""}`);
    let later = 0;
    for (const d of s) {
      const t = dayOf(d.date) - origin;
      if (t > 0 && d.date !== b.date) {
        (change(t) as unknown as Record<string, number>)[name] = d.value;
        later++;
      }
    }
    if (later) covNotes.push(`${later} later ${label} value(s) as changes`);
  }
  if (rec.sex !== null) baseline.female = rec.sex === "F";
  if (rec.immunomodulator !== null) baseline.immunomodulator = rec.immunomodulator;
  baseline.ulcerativeColitis = rec.disease === "UC";
  if (rec.ageYears !== null) baseline.ageYears = rec.ageYears;
  const usedFlags = TREATMENT_FLAGS.filter((f) => model.covariateEffects.some((e) => e.covariate === f));
  if (usedFlags.length) {
    const courses = checkRecord(rec, ["treatments"]).treatments;
    const { flags, notes } = treatmentFlags(courses, drug, first.date);
    for (const f of usedFlags) if (flags[f]) baseline[f] = true;
    covNotes.push(
      notes.length
        ? `from treatments.csv: ${notes.join(", ")}`
        : `treatments.csv: no prior anti-TNF, no concomitant thiopurine, methotrexate or aminosalicylate at the first dose`,
    );
  }
  // disease-activity scores the cohort files do not hold: the model's reference patient's value, said
  for (const e of model.covariateEffects)
    if (
      (e.covariate === "cdaiScore" || e.covariate === "partialMayoScore") &&
      (e.when === undefined || e.when.is === baseline.ulcerativeColitis)
    )
      covNotes.push(
        `${e.covariate === "cdaiScore" ? "CDAI" : "partial Mayo score"} not in the cohort files: the reference patient's ${e.reference} is used`,
      );
  if (rec.heightCm !== null && rec.heightCm > 0) {
    baseline.bmiKgM2 = weightKg / (rec.heightCm / 100) ** 2;
    covNotes.push(`BMI ${baseline.bmiKgM2.toFixed(1)} kg/m² from height ${rec.heightCm} cm`);
  }
  const firstAda = rec.drugLevels.find((l) => l.drug === drug && l.ada.result === "positive");
  if (firstAda) {
    if (refused.ada !== undefined) covNotes.push(`anti-drug antibodies on ${firstAda.date} not used: ${refused.ada}`);
    else {
      const t = dayOf(firstAda.date) - origin;
      if (t <= 0) baseline.ada = true;
      else change(t).ada = true;
      covNotes.push(`anti-drug antibodies from the first positive sample (${firstAda.date}) on`);
    }
  }
  for (const r of model.requiredCovariates as (keyof Covariates)[])
    if (baseline[r] === undefined)
      throw new InputError(
        {
          field: `${id}: covariates.${r}`,
          value: undefined,
          expected: `a value of ${r} at or within ${BASELINE_COVARIATE_WINDOW_DAYS} days after the first dose (${model.label} needs it)`,
        },
        "a covariate the model requires is missing",
      );
  for (const k of Object.keys(refused)) delete (baseline as unknown as Record<string, unknown>)[k];
  reasons.push(`Covariates: ${covNotes.join("; ")}.`);
  const changeList = [...changes.values()].sort((a, b) => a.timeDays - b.timeDays);
  for (const c of changeList) for (const k of Object.keys(refused)) delete (c as unknown as Record<string, unknown>)[k];

  const last = doses[doses.length - 1].timeDays;
  const interval = doses.length >= 2 ? last - doses[doses.length - 2].timeDays : 56;
  const lastObs = observations.reduce((m, x) => Math.max(m, x.timeDays), 0);
  let nextDoseDays = last + interval;
  if (nextDoseDays < lastObs) nextDoseDays = Math.ceil(lastObs);
  return {
    patientId: id,
    drug,
    disease: rec.disease,
    model,
    modelId: choice.modelId,
    originDate: first.date,
    regimen: { name: `${drug} as given (${adm.length} doses)`, doses },
    observations,
    covariates: { baseline, changes: changeList },
    administrationsUsed: adm.length,
    levelsUsed: observations.length,
    levelsCensored: censored,
    excludedLevels,
    nextDoseDays,
    reasons,
  };
}
