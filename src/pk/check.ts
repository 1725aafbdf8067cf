/**
 * Input checks shared by the public PK functions (issue 14): a model, a regimen and its doses,
 * output times and the work limits that keep a call from running for minutes or exhausting
 * memory. The functions that take these inputs from a notebook call the checks first; the
 * internal helpers they call then work on validated data.
 */
import { InputError, UnitError } from "../core/errors";
import {
  assertArray,
  assertFinite,
  assertKeyOf,
  assertNonNegative,
  assertObject,
  assertOneOf,
  assertPositive,
  assertString,
  assertWithinLimit,
} from "../core/validate";
import { omegaMatrix } from "./omega-matrix";
import type { BooleanCovariateName, CovariateName, DoseEvent, ModelStructure, PkModel, Regimen } from "./types";

/**
 * Most doses in one regimen: 5,000 (weekly doses for close to a century). Builders refuse a
 * schedule longer than this instead of looping for minutes.
 */
export const MAX_DOSES = 5_000;

/**
 * Largest magnitude of a time (dose, observation, output), in days: 1,000,000 days (about 2,700
 * years), so that any origin a user may choose (the first dose, 1 January 1970) fits, while
 * 1e308 is refused before it turns into a loop or an allocation.
 */
export const MAX_TIME_DAYS = 1_000_000;

/**
 * Most output times of one simulation: 1,000,000. Without `timesDays`, {@link simulate} outputs
 * daily from the first dose to 8 weeks after the last, which must fit too.
 */
export const MAX_OUTPUT_TIMES = 1_000_000;

/**
 * Largest plausible drug level, 1000 ug/mL. No monoclonal antibody level in IBD approaches it:
 * troughs are 1-30 ug/mL, and even the peak after the largest infliximab dose ever studied
 * (20 mg/kg; Cmax is linear in dose from 3 to 20 mg/kg, Remicade prescribing information,
 * section 12.3) into a central volume of about 3 L (3-6 L, Klotz U et al. Clin Pharmacokinet
 * 2007;46:645) is 20 x 70 / 3 ≈ 470 ug/mL. A level above 1000 "ug/mL" is almost certainly a
 * value in ng/mL (5000 ng/mL = 5 ug/mL) entered as ug/mL, and is refused with a UnitError.
 */
export const MAX_PLAUSIBLE_LEVEL_UG_ML = 1000;

/** Every covariate a model may use, by name. */
export const COVARIATE_NAMES: readonly CovariateName[] = [
  "weightKg",
  "albuminGdl",
  "crpMgL",
  "ada",
  "adaNgMl",
  "bmiKgM2",
  "female",
  "immunomodulator",
  "ulcerativeColitis",
  "ageYears",
  "calprotectinUgG",
  "targetBaselineNm",
  "cdaiScore",
  "partialMayoScore",
  "priorAntiTnf",
  "azathioprine",
  "mercaptopurine",
  "methotrexate",
  "aminosalicylate",
];

/** The covariates that are flags (true or false; a missing flag is false). */
export const BOOLEAN_COVARIATE_NAMES: readonly BooleanCovariateName[] = [
  "ada",
  "female",
  "immunomodulator",
  "ulcerativeColitis",
  "priorAntiTnf",
  "azathioprine",
  "mercaptopurine",
  "methotrexate",
  "aminosalicylate",
];

const STRUCTURES: readonly ModelStructure[] = ["linear", "michaelis-menten", "tmdd-qss", "tmdd-qe", "tmdd-full", "tmdd-qss-double"];

/** Parameters that must be positive when present (volumes, clearance, binding constants). */
const POSITIVE_PARAMETERS = ["CL", "V1", "V2", "KSS", "KD", "KON", "KM", "KSSP"];

/**
 * Checks that a value is a usable {@link PkModel} (one of `PK_MODELS`, or a copy with changed
 * values): a known structure, parameters with finite values (CL and V1 positive, and V2 when the
 * model has a peripheral compartment), covariate effects on known covariates, variability on the
 * model's own parameters, and a residual error model.
 * @throws InputError naming the first malformed field (e.g. `model.parameters.CL.value`).
 */
export function checkModel(model: unknown, field = "model"): PkModel {
  const m = assertObject<PkModel>(model, field);
  const structure = assertOneOf(m.structure, `${field}.structure`, STRUCTURES);
  if (m.compartments !== 1 && m.compartments !== 2) {
    throw new InputError({ field: `${field}.compartments`, value: m.compartments, expected: "1 or 2" });
  }
  assertPositive(m.molecularWeightKDa, `${field}.molecularWeightKDa`);
  const params = assertObject<Record<string, { value: number }>>(m.parameters, `${field}.parameters`);
  for (const k of Object.keys(params)) {
    const spec = assertObject<{ value: number }>(params[k], `${field}.parameters.${k}`);
    const f = `${field}.parameters.${k}.value`;
    if (POSITIVE_PARAMETERS.includes(k)) assertPositive(spec.value, f);
    else assertNonNegative(spec.value, f);
  }
  for (const k of ["CL", "V1"]) {
    if (!Object.hasOwn(params, k)) throw new InputError({ field: `${field}.parameters.${k}`, value: undefined, expected: "a parameter" });
  }
  if (Object.hasOwn(params, "Q") && !Object.hasOwn(params, "V2")) {
    throw new InputError({ field: `${field}.parameters.V2`, value: undefined, expected: "a peripheral volume (the model has Q)" });
  }
  const kName = structure === "tmdd-qe" ? "KD" : structure.startsWith("tmdd") ? "KSS" : undefined;
  if (kName && !Object.hasOwn(params, kName)) {
    throw new InputError({ field: `${field}.parameters.${kName}`, value: undefined, expected: `a ${kName} for a ${structure} model` });
  }
  const effects = assertArray<unknown>(m.covariateEffects, `${field}.covariateEffects`);
  for (let i = 0; i < effects.length; i++) {
    const f = `${field}.covariateEffects[${i}]`;
    const e = assertObject<Record<string, unknown>>(effects[i], f);
    assertString(e.parameter, `${f}.parameter`);
    assertOneOf(e.covariate, `${f}.covariate`, COVARIATE_NAMES);
    const form = assertOneOf(e.form, `${f}.form`, ["power", "factor", "proportional", "multiplier"] as const);
    assertFinite(e.coefficient, `${f}.coefficient`);
    if (form !== "power" && !(BOOLEAN_COVARIATE_NAMES as readonly unknown[]).includes(e.covariate))
      throw new InputError({
        field: `${f}.covariate`,
        value: e.covariate,
        expected: `a flag for a ${form} effect: one of ${BOOLEAN_COVARIATE_NAMES.join(", ")}`,
      });
    if (e.when !== undefined || form === "multiplier") {
      const w = assertObject<Record<string, unknown>>(e.when, `${f}.when`);
      assertOneOf(w.covariate, `${f}.when.covariate`, BOOLEAN_COVARIATE_NAMES);
      if (typeof w.is !== "boolean") throw new InputError({ field: `${f}.when.is`, value: w.is, expected: "true or false" });
    }
    if (e.reference !== undefined) assertPositive(e.reference, `${f}.reference`);
    if (e.minimum !== undefined) assertNonNegative(e.minimum, `${f}.minimum`);
  }
  const iiv = assertObject<Record<string, { cv: number }>>(m.iiv, `${field}.iiv`);
  for (const k of Object.keys(iiv)) {
    assertKeyOf(params, k, `${field}.iiv`, "variability on one of the model's parameters:");
    const spec = assertObject<{ cv: number }>(iiv[k], `${field}.iiv.${k}`);
    assertPositive(spec.cv, `${field}.iiv.${k}.cv`);
    const v = spec as { cvDefinition?: unknown; omega2?: unknown };
    if (v.cvDefinition !== undefined) assertOneOf(v.cvDefinition, `${field}.iiv.${k}.cvDefinition`, ["lognormal", "sd-of-eta"] as const);
    if (v.omega2 !== undefined) assertPositive(v.omega2, `${field}.iiv.${k}.omega2`);
  }
  if (m.iivCorrelations !== undefined) {
    const corr = assertArray<unknown>(m.iivCorrelations, `${field}.iivCorrelations`);
    const seen = new Set<string>();
    for (let i = 0; i < corr.length; i++) {
      const f = `${field}.iivCorrelations[${i}]`;
      const c = assertObject<Record<string, unknown>>(corr[i], f);
      const between = assertArray<unknown>(c.between, `${f}.between`);
      if (between.length !== 2) throw new InputError({ field: `${f}.between`, value: between, expected: "two random effects" });
      const a = assertString(between[0], `${f}.between[0]`);
      const b = assertString(between[1], `${f}.between[1]`);
      for (const [j, x] of [a, b].entries()) {
        if (!Object.hasOwn(iiv, x)) {
          throw new InputError({
            field: `${f}.between[${j}]`,
            value: x,
            expected: `a random effect of the model: one of ${Object.keys(iiv).join(", ")}`,
          });
        }
      }
      if (a === b) throw new InputError({ field: `${f}.between`, value: between, expected: "two different random effects" });
      const key = [a, b].sort().join("|");
      if (seen.has(key))
        throw new InputError({ field: `${f}.between`, value: between, expected: "each pair of random effects at most once" });
      seen.add(key);
      const r = assertFinite(c.r, `${f}.r`);
      if (!(r > -1 && r < 1)) throw new InputError({ field: `${f}.r`, value: r, expected: "a correlation strictly between -1 and 1" });
      assertString(c.citation, `${f}.citation`);
    }
    // the correlations together must make a positive-definite matrix (throws an InputError naming them)
    omegaMatrix(m as unknown as PkModel);
  }
  if (m.provisional !== undefined) assertString(m.provisional, `${field}.provisional`);
  if (m.disagreement !== undefined) assertString(m.disagreement, `${field}.disagreement`);
  if (m.measuredDrug !== undefined) {
    const md = assertObject<Record<string, unknown>>(m.measuredDrug, `${field}.measuredDrug`);
    assertOneOf(md.form, `${field}.measuredDrug.form`, ["free", "total"] as const);
    assertString(md.citation, `${field}.measuredDrug.citation`);
  }
  const res = assertObject<{ proportional: number; additiveUgMl: number }>(m.residual, `${field}.residual`);
  assertNonNegative(res.proportional, `${field}.residual.proportional`);
  assertNonNegative(res.additiveUgMl, `${field}.residual.additiveUgMl`);
  const required = assertArray<unknown>(m.requiredCovariates, `${field}.requiredCovariates`);
  for (let i = 0; i < required.length; i++) assertOneOf(required[i], `${field}.requiredCovariates[${i}]`, COVARIATE_NAMES);
  if (m.refusedCovariates !== undefined) {
    const refused = assertObject<Record<string, unknown>>(m.refusedCovariates, `${field}.refusedCovariates`);
    for (const k of Object.keys(refused)) {
      assertOneOf(k, `${field}.refusedCovariates`, COVARIATE_NAMES);
      assertString(refused[k], `${field}.refusedCovariates.${k}`);
    }
  }
  return m;
}

/** A time in days: finite and within ±{@link MAX_TIME_DAYS}. */
export function checkTimeDays(value: unknown, field: string, row?: number): number {
  const t = assertFinite(value, field, row);
  if (Math.abs(t) > MAX_TIME_DAYS) {
    throw new InputError({ field, row, value: t, expected: `a time within ±${MAX_TIME_DAYS.toLocaleString("en-US")} days` });
  }
  return t;
}

/**
 * Checks one dose event and returns a clean copy (only the documented fields): a time, a route
 * ("iv" or "sc"), exactly one of `amountMg` or `mgPerKg` (>= 0), and for IV an optional positive
 * infusion duration.
 */
export function checkDoseEvent(dose: unknown, field: string): DoseEvent {
  const d = assertObject<DoseEvent>(dose, field);
  const timeDays = checkTimeDays(d.timeDays, `${field}.timeDays`);
  const route = assertOneOf(d.route, `${field}.route`, ["iv", "sc"] as const);
  if ((d.amountMg === undefined) === (d.mgPerKg === undefined)) {
    throw new InputError({ field, value: d, expected: "exactly one of amountMg or mgPerKg" });
  }
  const out: DoseEvent = { timeDays, route };
  if (d.amountMg !== undefined) out.amountMg = assertNonNegative(d.amountMg, `${field}.amountMg`);
  else out.mgPerKg = assertNonNegative(d.mgPerKg, `${field}.mgPerKg`);
  if (d.infusionDays !== undefined) out.infusionDays = assertPositive(d.infusionDays, `${field}.infusionDays`);
  return out;
}

/** Checks a list of dose events (at most {@link MAX_DOSES}) and returns clean copies. */
export function checkDoses(doses: unknown, field: string): DoseEvent[] {
  const list = assertArray<unknown>(doses, field);
  if (!Array.isArray(list)) throw new InputError({ field, value: doses, expected: "an array of dose events" });
  assertWithinLimit(list.length, `${field}.length`, MAX_DOSES, "split the schedule, or simulate fewer years");
  return list.map((d, i) => checkDoseEvent(d, `${field}[${i}]`));
}

/**
 * Checks that a value is a {@link Regimen}: a name and an array of dose events (at most
 * {@link MAX_DOSES}). Returns the regimen as given (not a copy).
 */
export function checkRegimen(regimen: unknown, field = "regimen"): Regimen {
  const r = assertObject<Regimen>(regimen, field);
  if (r.name !== undefined) assertString(r.name, `${field}.name`);
  checkDoses(r.doses, `${field}.doses`);
  if (r.maintenance !== undefined) assertObject(r.maintenance, `${field}.maintenance`);
  return r;
}

/** Output times: an array (plain or typed) of at most `max` times, each checked by {@link checkTimeDays}. */
export function checkTimes(times: unknown, field: string, max = MAX_OUTPUT_TIMES): Float64Array {
  const a = assertArray<unknown>(times, field);
  assertWithinLimit(a.length, `${field}.length`, max, "ask for fewer output times");
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = checkTimeDays(a[i], `${field}[${i}]`);
  return out;
}

/**
 * A measured drug level in ug/mL: finite, >= 0 and not above {@link MAX_PLAUSIBLE_LEVEL_UG_ML}.
 * @throws UnitError for a level that looks like ng/mL typed as ug/mL.
 */
export function checkDrugLevel(value: unknown, field: string, row?: number): number {
  const v = assertNonNegative(value, field, row);
  if (v > MAX_PLAUSIBLE_LEVEL_UG_ML) {
    throw new UnitError(
      { field, row, value: v, expected: `a drug level in ug/mL (troughs are typically 1-30; none exceeds ${MAX_PLAUSIBLE_LEVEL_UG_ML})` },
      `looks like ng/mL entered as ug/mL (${v} ng/mL = ${v / 1000} ug/mL); convert with convert(value, "drugLevel", "ng/mL", "ug/mL"), ` +
        'or when loading a CSV declare the unit (loadCohort(dir, { drug_levels: { units: { trough: "ng/mL" } } }) or readCohortCsv\'s units option)',
    );
  }
  return v;
}
