/**
 * Live calculator "map-forecast" (chapter 05, Pharmacokinetics): Bayesian (MAP) forecasting of
 * infliximab from two or three dated levels, as MAP dosing tools do (mapbayr, iDose, InsightRX). A
 * lecturer types the doses given and the levels measured; the page fits the patient's random
 * effects, draws the individual concentration curve against the population-typical one, and says,
 * for each labelled maintenance option, how likely its trough is to reach the target.
 *
 * Library functions called:
 * - `mapEstimate` (src/pk/bayes.ts): MAP random effects by BFGS, Laplace posterior; levels typed
 *   "<0.4" or ">50" are censored and enter by the M3 likelihood (Beal 2001);
 * - `recommendRegimen` over `INFLIXIMAB_CANDIDATES` (src/pk/bayes.ts), which calls
 *   `forecastTroughs`: the probability that each option's trough reaches the target, from seeded
 *   draws of the Laplace posterior; it refuses a fit that did not converge; `infliximabLabelStatus`
 *   for each option's place in the label;
 * - `posteriorProfile` (src/pk/posterior.ts) for the individual curve and its 90 % band, and
 *   `simulate` (src/pk/simulate.ts) for the population-typical curve and the next trough;
 * - `individualParameters` (src/pk/models.ts) for the typical clearance at the patient's covariates;
 * - `pkModelFor` (src/pk/registry.ts) for the default model, `troughTarget` (src/refractory/tdm.ts)
 *   for the default target (AGA 2017, infliximab maintenance: 5 µg/mL).
 *
 * The two text fields are read by the small pure parsers {@link parseDoses} and {@link parseLevels}
 * (hand-written: a few lines of "day, value" need no CSV package, and each error must name the
 * field, the line and the text typed).
 *
 * Speed (Node 20, measured when this file was written on a shared 2-core machine; 3 levels, 3, 4 or
 * 6 infusions; each model): median 20-45 ms per compute once warm, of which the MAP fit takes about
 * 3 ms, the forecasts ({@link MAP_FORECAST_DRAWS} = 500 draws × 6 options) about 15 ms and the band
 * ({@link MAP_FORECAST_BAND_DRAWS} = 100 draws on about 320 times) 10-17 ms; the first compute of a
 * fresh process (JIT) 190-270 ms, and single runs up to 250 ms under load. The budget was 300 ms;
 * 1000 draws would double the forecast time for a probability step of 0.1 % instead of 0.2 %.
 */
import { ConvergenceError, InputError } from "../../core/errors";
import { assertInRange, assertObject, assertOneOf, optionsObject } from "../../core/validate";
import {
  type CandidateRegimen,
  INFLIXIMAB_CANDIDATES,
  infliximabLabelStatus,
  type MapResult,
  mapEstimate,
  type Observation,
  recommendRegimen,
} from "../../pk/bayes";
import { MAX_PLAUSIBLE_LEVEL_UG_ML } from "../../pk/check";
import { individualParameters } from "../../pk/models";
import { PK_MODELS, PUBLISHED_PK_MODELS } from "../../pk/models/index";
import { posteriorProfile } from "../../pk/posterior";
import { DEFAULT_INFUSION_DAYS } from "../../pk/regimen";
import { pkModelFor } from "../../pk/registry";
import { simulate } from "../../pk/simulate";
import type { CovariateName, Covariates, DoseEvent, PkModel, Regimen } from "../../pk/types";
import { axisTitle, type Figure, logAxis, referenceLine, type Trace } from "../../plot/figure";
import { palette, semanticColors, withBaseLayout } from "../../plot/palette";
import { troughTarget } from "../../refractory/tdm";
import type { Calculator, LiveInput, LiveOutput, LiveResult, LiveValues, NumberInput, SelectInput, TextInput } from "../types";

/** Posterior draws per candidate option for the probabilities (seeded): 500, so a probability moves in steps of 0.2 %. */
export const MAP_FORECAST_DRAWS = 500;
/** Posterior draws for the 90 % band around the individual curve. */
export const MAP_FORECAST_BAND_DRAWS = 100;
/** Seed of the forecast draws (and of the band). */
export const MAP_FORECAST_SEED = 1;
/** Doses of the new schedule before the forecast trough (the library's default): the trough is read before the 4th dose. */
export const MAP_FORECAST_EVALUATE_AFTER_DOSES = 3;
/** Posterior probability a recommended option must reach (the library's default). */
export const MAP_FORECAST_REQUIRED_PROBABILITY = 0.8;
/** Latest day accepted in the text fields (ten years after the origin). */
export const MAP_FORECAST_MAX_DAY = 3650;
/** Most dose lines. */
export const MAP_FORECAST_MAX_DOSES = 100;
/** Most level lines. */
export const MAP_FORECAST_MAX_LEVELS = 20;
/** Largest dose accepted: 20 mg/kg (the largest infliximab dose studied, Remicade PI 12.3) or 2000 mg. */
const MAX_DOSE = { "mg/kg": 20, mg: 2000 } as const;
/** Evenly spaced points of the curve (dose starts, infusion ends and the level times are added). */
const CURVE_POINTS = 300;

/** Covariates the form has a field for; a model needing any other is not offered. */
const FORM_COVARIATES: readonly CovariateName[] = ["weightKg", "albuminGdl", "crpMgL", "bmiKgM2"];

/** Whether `model` uses covariate `c` (required, or in a covariate effect). */
function usesCovariate(model: PkModel, c: CovariateName): boolean {
  return model.requiredCovariates.includes(c) || model.covariateEffects.some((e) => e.covariate === c);
}

/**
 * The infliximab models offered: every published infliximab model with a closed-form (linear)
 * solution whose required covariates have a field in the form. The nonlinear (TMDD) models are left
 * out: one MAP fit and 3000 forecast simulations take seconds with an ODE solver, too slow to redraw on
 * every keystroke (Ternant 2021: 0.24 s for the fit and 2.2 s for 200 draws per option, measured).
 * @example MAP_FORECAST_MODEL_IDS // ["infliximab-fasanmade-2009", "infliximab-fasanmade-2011", "infliximab-song-2025"]
 */
export const MAP_FORECAST_MODEL_IDS: readonly string[] = Object.freeze(
  PUBLISHED_PK_MODELS.filter(
    (m) => m.drug === "infliximab" && m.structure === "linear" && m.requiredCovariates.every((c) => FORM_COVARIATES.includes(c)),
  ).map((m) => m.id),
);

/** A parsed line: the 1-based line number in the field and the text typed on it. */
interface Line {
  line: number;
  text: string;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The non-blank lines of a text field (a "#" starts a comment), with their 1-based numbers. */
function contentLines(text: unknown, field: string, max: number): Line[] {
  if (typeof text !== "string") throw new InputError({ field, value: text, expected: "text, one entry per line" });
  const out: Line[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const hash = raw.indexOf("#");
    const t = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (t !== "") out.push({ line: i + 1, text: t });
  });
  if (out.length > max) throw new InputError({ field, value: `${out.length} lines`, expected: `at most ${max} lines` });
  return out;
}

/** Splits "a, b" (comma, semicolon or tab) into exactly two trimmed parts, or throws naming the line. */
function twoParts(l: Line, field: string, expected: string): [string, string] {
  const parts = l.text.split(/[,;\t]/).map((p) => p.trim());
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
    throw new InputError({ field, row: l.line, value: l.text, expected }, `line ${l.line} is not "${expected}"`);
  }
  return [parts[0], parts[1]];
}

/** A plain decimal number from a piece of a line, or throws naming the line. */
function numberOn(s: string, l: Line, field: string, what: string): number {
  if (!NUMBER.test(s))
    throw new InputError({ field, row: l.line, value: l.text, expected: what }, `line ${l.line}: "${s}" is not a number`);
  return Number(s);
}

/** The day of a line: a number in [0, {@link MAP_FORECAST_MAX_DAY}]. */
function dayOn(s: string, l: Line, field: string): number {
  const d = numberOn(s, l, field, "a day (a number of days since the first dose, e.g. 97.9)");
  if (d < 0 || d > MAP_FORECAST_MAX_DAY) {
    throw new InputError(
      { field, row: l.line, value: l.text, expected: `a day from 0 to ${MAP_FORECAST_MAX_DAY} (days since the first dose)` },
      `line ${l.line}: day ${d} out of range`,
    );
  }
  return d;
}

const DOSE_FORMAT = "day, dose in mg/kg (e.g. 0, 5), or day, dose mg (e.g. 98, 400 mg)";

/** Parses the doses and keeps each one's line (for error messages). */
function parseDoseLines(text: unknown, field: string): { dose: DoseEvent; line: Line }[] {
  const lines = contentLines(text, field, MAP_FORECAST_MAX_DOSES);
  if (lines.length === 0) throw new InputError({ field, value: text, expected: `at least one dose, one per line: ${DOSE_FORMAT}` });
  const seen = new Map<number, number>();
  return lines.map((l) => {
    const [dayText, doseText] = twoParts(l, field, DOSE_FORMAT);
    const timeDays = dayOn(dayText, l, field);
    const m = /^(\S+?)\s*(mg\/kg|mg)?$/i.exec(doseText);
    const unit = ((m?.[2] ?? "mg/kg").toLowerCase() === "mg" ? "mg" : "mg/kg") as keyof typeof MAX_DOSE;
    const amount = numberOn(m ? m[1] : doseText, l, field, DOSE_FORMAT);
    if (!(amount > 0 && amount <= MAX_DOSE[unit])) {
      throw new InputError(
        { field, row: l.line, value: l.text, expected: `a dose above 0 and at most ${MAX_DOSE[unit]} ${unit}` },
        `line ${l.line}: dose ${amount} ${unit} out of range`,
      );
    }
    const earlier = seen.get(timeDays);
    if (earlier !== undefined) {
      throw new InputError(
        { field, row: l.line, value: l.text, expected: "one dose per day (merge the two into one line)" },
        `line ${l.line}: a second dose on day ${timeDays} (line ${earlier})`,
      );
    }
    seen.set(timeDays, l.line);
    const dose: DoseEvent = unit === "mg" ? { timeDays, amountMg: amount, route: "iv" } : { timeDays, mgPerKg: amount, route: "iv" };
    return { dose, line: l };
  });
}

/**
 * Parses the doses field: one intravenous infusion per line, "day, dose", the dose in mg/kg unless
 * followed by "mg" ("98, 400 mg" is a flat 400 mg; "0, 5" and "0, 5 mg/kg" are 5 mg/kg). Days count
 * from any origin shared with the levels (normally the first infusion, day 0), 0 to 3650. Commas,
 * semicolons or tabs separate the two values; blank lines and text after "#" are ignored; each
 * infusion lasts 2 h (the label's minimum). Returned in the order typed.
 * @throws InputError naming `field`, the line number and the text of the first bad line (not two
 * values, not a number, a day outside 0-3650, a dose not in (0, 20] mg/kg or (0, 2000] mg, two doses
 * on one day), or when no dose is given.
 * @example
 * parseDoses("0, 5\n14, 5\n98, 400 mg") // [{ timeDays: 0, mgPerKg: 5, route: "iv" }, { timeDays: 14, mgPerKg: 5, route: "iv" }, { timeDays: 98, amountMg: 400, route: "iv" }]
 * parseDoses("0, 5\n14; five") // throws InputError
 */
export function parseDoses(text: string, field = "doses"): DoseEvent[] {
  return parseDoseLines(text, field).map((d) => d.dose);
}

const LEVEL_FORMAT = "day, trough in µg/mL (e.g. 97.9, 1.8), or day, <limit for a level below the assay's limit (e.g. 153.9, <0.4)";

/** Parses the levels and keeps each one's line (for error messages). */
function parseLevelLines(text: unknown, field: string): { observation: Observation; line: Line }[] {
  const lines = contentLines(text, field, MAP_FORECAST_MAX_LEVELS);
  if (lines.length === 0) throw new InputError({ field, value: text, expected: `at least one level, one per line: ${LEVEL_FORMAT}` });
  return lines.map((l) => {
    const [dayText, levelText] = twoParts(l, field, LEVEL_FORMAT);
    const timeDays = dayOn(dayText, l, field);
    const m = /^([<>])?\s*(\S+?)\s*((?:µ|μ|u|mc)g\/ml|ng\/ml)?$/i.exec(levelText);
    if (m?.[3] && m[3].toLowerCase() === "ng/ml") {
      throw new InputError(
        { field, row: l.line, value: l.text, expected: "a level in µg/mL (divide ng/mL by 1000: 5000 ng/mL = 5 µg/mL)" },
        `line ${l.line}: a level in ng/mL`,
      );
    }
    const value = numberOn(m ? m[2] : levelText, l, field, LEVEL_FORMAT);
    const censored = m?.[1] === "<" ? "below" : m?.[1] === ">" ? "above" : undefined;
    if (value < 0 || value > MAX_PLAUSIBLE_LEVEL_UG_ML || (censored && value === 0)) {
      throw new InputError(
        {
          field,
          row: l.line,
          value: l.text,
          expected: censored
            ? `an assay limit above 0 and at most ${MAX_PLAUSIBLE_LEVEL_UG_ML} µg/mL`
            : `a level from 0 to ${MAX_PLAUSIBLE_LEVEL_UG_ML} µg/mL (a larger value is probably ng/mL: divide by 1000)`,
        },
        `line ${l.line}: ${censored ? "limit" : "level"} ${value} out of range`,
      );
    }
    const observation: Observation = censored ? { timeDays, censored, limitUgMl: value } : { timeDays, concentrationUgMl: value };
    return { observation, line: l };
  });
}

/**
 * Parses the levels field: one level per line, "day, trough in µg/mL" ("97.9, 1.8"); a level below
 * the assay's lower limit is typed "<limit" ("153.9, <0.4") and one above its upper limit ">limit";
 * such censored levels are fitted by the M3 likelihood (Beal 2001), never as zero. An optional unit
 * "µg/mL" (or "ug/mL") may follow; a level in ng/mL is refused with the conversion. Days as in
 * {@link parseDoses}; blank lines and text after "#" are ignored. Returned in the order typed, as
 * `Observation`s of `mapEstimate`.
 * @throws InputError naming `field`, the line number and the text of the first bad line (not two
 * values, not a number, a day outside 0-3650, a level outside 0-1000 µg/mL or a limit of 0, ng/mL),
 * or when no level is given.
 * @example
 * parseLevels("41.9, 7.5\n97.9, 1.8 µg/mL\n153.9, <0.4") // [{ timeDays: 41.9, concentrationUgMl: 7.5 }, { timeDays: 97.9, concentrationUgMl: 1.8 }, { timeDays: 153.9, censored: "below", limitUgMl: 0.4 }]
 * parseLevels("97.9, 1800 ng/mL") // throws InputError
 */
export function parseLevels(text: string, field = "levels"): Observation[] {
  return parseLevelLines(text, field).map((o) => o.observation);
}

/**
 * The output name of a candidate's probability: "probability_" then the dose ("5mgkg", or "400mg"
 * for a flat dose; a decimal point becomes "p": 7.5 mg/kg is "7p5mgkg"), then "_q" and the interval
 * in weeks ("q8w"), or in days when not whole weeks ("q45d"). Letters, digits and "_" only, so the
 * name is a valid, stable HTML name attribute.
 * @example candidateOutputName({ mgPerKg: 5, intervalDays: 56 }) // "probability_5mgkg_q8w"
 * @example candidateOutputName({ mgPerKg: 7.5, intervalDays: 45 }) // "probability_7p5mgkg_q45d"
 */
export function candidateOutputName(c: CandidateRegimen): string {
  const num = (x: number) => String(x).replace(".", "p");
  const dose = c.mgPerKg !== undefined ? `${num(c.mgPerKg)}mgkg` : `${num(c.amountMg ?? 0)}mg`;
  const weeks = c.intervalDays / 7;
  return `probability_${dose}_q${Number.isInteger(weeks) ? `${weeks}w` : `${num(c.intervalDays)}d`}`;
}

/** The candidate's name as the library writes it ("5 mg/kg q8w"). */
function candidateLabel(c: CandidateRegimen): string {
  const amount = c.mgPerKg !== undefined ? `${c.mgPerKg} mg/kg` : `${c.amountMg} mg`;
  const weeks = c.intervalDays / 7;
  return `${amount} q${Number.isInteger(weeks) ? `${weeks}w` : `${c.intervalDays}d`}`;
}

const LABEL_STATUS_TEXT = {
  labelled: "labelled",
  "labelled-crohns-loss-of-response": "labelled for adult CD after loss of response",
  "off-label": "off-label",
} as const;

/** Initial values of the form (plain JSON). */
export interface MapForecastOptions {
  /** Model (one of {@link MAP_FORECAST_MODEL_IDS}). Default: `pkModelFor("infliximab")`, i.e. "infliximab-fasanmade-2009". */
  modelId?: string;
  /** Body weight, kg (30-150). Default: 70. */
  weightKg?: number;
  /** Serum albumin, g/dL (1.5-5.5). Default: 3.8. */
  albuminGdl?: number;
  /** C-reactive protein, mg/L (0-300), read by models using it (Song 2025). Default: 5. */
  crpMgL?: number;
  /** Body-mass index, kg/m² (15-50), read by models using it (Song 2025). Default: 23. */
  bmiKgM2?: number;
  /** Doses given, one per line (see {@link parseDoses}). Default: 5 mg/kg at days 0, 14, 42 and 98. */
  doses?: string;
  /** Levels measured, one per line (see {@link parseLevels}). Default: 7 µg/mL at day 41.9, 0.8 at 97.9, below 0.4 at 153.9. */
  levels?: string;
  /** Interval of the current schedule, weeks (2-16): the last dose repeats at it. Default: 8. */
  intervalWeeks?: number;
  /** Target trough, µg/mL (0.5-30). Default: `troughTarget("infliximab")`, 5 (AGA 2017 reactive maintenance target). */
  targetTroughUgMl?: number;
}

const DEFAULT_DOSES = "0, 5\n14, 5\n42, 5\n98, 5";
const DEFAULT_LEVELS = "41.9, 7\n97.9, 0.8\n153.9, <0.4";

function numberInput(base: Omit<NumberInput, "kind" | "value">, value: unknown): NumberInput {
  return { kind: "number", ...base, value: assertInRange(value, base.name, base.min, base.max) };
}

/** What {@link mapForecastCalculator}'s compute fits and forecasts from, read from the form. */
export interface MapForecastInputs {
  model: PkModel;
  covariates: Covariates;
  regimen: Regimen;
  observations: Observation[];
  intervalDays: number;
  targetTroughUgMl: number;
}

/**
 * The next dose on the current schedule: the last dose repeated every `intervalDays`, the first
 * repetition at or after the last level (and after the last dose):
 *   start = tLastDose + I · max(1, ⌈(tLastLevel − tLastDose)/I⌉).
 * The forecasts start there (the doses before it are the history the fit used).
 * @example nextDoseDays([0, 14, 42, 98], [41.9, 97.9, 153.9], 56) // 154
 * @example nextDoseDays([0, 14, 42], [97.9], 56) // 98
 */
export function nextDoseDays(doseDays: readonly number[], levelDays: readonly number[], intervalDays: number): number {
  const lastDose = Math.max(...doseDays);
  const lastLevel = Math.max(...levelDays);
  const k = Math.max(1, Math.ceil((lastLevel - lastDose) / intervalDays - 1e-9));
  return lastDose + k * intervalDays;
}

/**
 * MAP forecast calculator: fits the patient's random effects to the levels typed (MAP, Laplace
 * posterior; censored levels by M3, Beal SL 2001 J Pharmacokinet Pharmacodyn 28:481), then forecasts
 * each labelled infliximab option (`INFLIXIMAB_CANDIDATES`: 5 or 10 mg/kg every 8, 6 or 4 weeks)
 * started at the next dose: the probability that its trough before the 4th dose reaches the target is
 * the share of {@link MAP_FORECAST_DRAWS} seeded posterior draws with
 *   C_trough(η_d) ≥ target,  η_d = η̂ + L z_d,  L Lᵀ = Σ (Laplace),  z_d ~ N(0, I).
 * The approach is that of MAP Bayesian dosing (Sheiner LB, Beal SL 1982, J Pharm Sci 71:1344; for
 * infliximab, Wojciechowski J et al. 2017, J Crohns Colitis 11:1230).
 *
 * Inputs: `modelId`, `weightKg`, `albuminGdl`, `crpMgL` and `bmiKgM2` (read only by models using
 * them, Song 2025), `doses` and `levels` (text, see {@link parseDoses} and {@link parseLevels}),
 * `intervalWeeks` (the current schedule: the last dose repeated at this interval), `targetTroughUgMl`.
 *
 * Outputs: `converged` (1 or 0); `predictedTroughUgMl`, the individual (MAP) trough just before the
 * second dose of the current schedule after the last level (day `nextDoseDays` + interval);
 * `clearanceLDay` with its 95 % Laplace interval `clearanceLowerLDay`-`clearanceUpperLDay`;
 * `typicalClearanceLDay` (the model's typical value at these covariates, no random effect);
 * `nextDoseDays`; and one probability per option, named by {@link candidateOutputName}:
 * `probability_5mgkg_q8w`, `probability_5mgkg_q6w`, `probability_5mgkg_q4w`, `probability_10mgkg_q8w`,
 * `probability_10mgkg_q6w`, `probability_10mgkg_q4w`. When the fit did not converge (or failed), every
 * output from the fit is null (only `converged` = 0, `typicalClearanceLDay` and `nextDoseDays` stay)
 * and a note says why: the library suggests no dose from an unconverged fit.
 * @throws InputError naming the field for a value out of range, an unknown model, a bad line of the
 * doses or levels (with its line number and text), or a level before the first dose.
 * @example
 * const calc = mapForecastCalculator();
 * const values = Object.fromEntries(calc.inputs.map((i) => [i.name, i.value]));
 * const r = calc.compute(values);
 * r.outputs.converged // 1
 * r.outputs.nextDoseDays // 154
 * r.outputs.clearanceLDay > r.outputs.typicalClearanceLDay // true: low and undetectable troughs, fast clearance
 * calc.compute({ ...values, levels: "97.9, 1.8\n153.9, low" }) // throws InputError
 */
export function mapForecastCalculator(options?: MapForecastOptions): Calculator {
  const o = optionsObject(options);
  const defaultModelId = pkModelFor("infliximab").modelId;
  const initialModel =
    o.modelId === undefined ? defaultModelId : assertOneOf(o.modelId, "modelId", MAP_FORECAST_MODEL_IDS as readonly string[]);
  const model: SelectInput = {
    kind: "select",
    name: "modelId",
    label: "Population PK model",
    help: "Infliximab models with a closed-form solution (fast enough to refit on every keystroke). Default: the registry's choice when the diagnosis is not given (Fasanmade 2009).",
    options: MAP_FORECAST_MODEL_IDS.map((id) => ({ value: id, label: PK_MODELS[id].label })),
    value: initialModel,
  };
  const weight = numberInput(
    { name: "weightKg", label: "Weight", unit: "kg", min: 30, max: 150, step: 0.5, help: "Doses in mg/kg are multiplied by it." },
    o.weightKg ?? 70,
  );
  const albumin = numberInput(
    { name: "albuminGdl", label: "Albumin", unit: "g/dL", min: 1.5, max: 5.5, step: 0.1, help: "Low albumin raises infliximab clearance." },
    o.albuminGdl ?? 3.8,
  );
  const crp = numberInput(
    { name: "crpMgL", label: "CRP", unit: "mg/L", min: 0, max: 300, step: 0.1, help: "Read only by Song 2025 (CRP enters its clearance)." },
    o.crpMgL ?? 5,
  );
  const bmi = numberInput(
    {
      name: "bmiKgM2",
      label: "BMI",
      unit: "kg/m²",
      min: 15,
      max: 50,
      step: 0.1,
      help: "Read only by Song 2025 (BMI enters its clearance).",
    },
    o.bmiKgM2 ?? 23,
  );
  const doses: TextInput = {
    kind: "text",
    name: "doses",
    label: "Infusions given",
    help: 'One per line: "day, dose", the dose in mg/kg ("0, 5" = day 0, 5 mg/kg), or in mg when followed by "mg" ("98, 400 mg"). Days since the first infusion; each a 2-hour IV infusion.',
    value: typeof o.doses === "string" ? o.doses : o.doses === undefined ? DEFAULT_DOSES : String(o.doses),
    rows: 5,
    placeholder: "0, 5\n14, 5\n42, 5",
  };
  parseDoses(doses.value, "doses");
  const levels: TextInput = {
    kind: "text",
    name: "levels",
    label: "Levels measured",
    help: 'One per line: "day, level in µg/mL" ("97.9, 1.8"); a level below the assay\'s limit as "<limit" ("153.9, <0.4"), above its upper limit as ">limit". Same days as the infusions.',
    value: typeof o.levels === "string" ? o.levels : o.levels === undefined ? DEFAULT_LEVELS : String(o.levels),
    rows: 4,
    placeholder: "97.9, 1.8",
  };
  parseLevels(levels.value, "levels");
  const interval = numberInput(
    {
      name: "intervalWeeks",
      label: "Current interval",
      unit: "weeks",
      min: 2,
      max: 16,
      step: 1,
      help: "The current schedule: the last infusion repeated at this interval (for the next dose and the predicted trough).",
    },
    o.intervalWeeks ?? 8,
  );
  const target = numberInput(
    {
      name: "targetTroughUgMl",
      label: "Target trough",
      unit: "µg/mL",
      min: 0.5,
      max: 30,
      step: 0.1,
      help: "AGA 2017 reactive maintenance target for infliximab: 5 µg/mL.",
    },
    o.targetTroughUgMl ?? troughTarget("infliximab", "maintenance").targetUgMl,
  );
  const inputs: LiveInput[] = [model, weight, albumin, crp, bmi, doses, levels, interval, target];

  const probabilityOutputs: LiveOutput[] = INFLIXIMAB_CANDIDATES.map((c) => ({
    name: candidateOutputName(c),
    label: `P(trough ≥ target), ${candidateLabel(c)} (${LABEL_STATUS_TEXT[infliximabLabelStatus(c).status]})`,
    unit: "%",
    percent: true,
  }));
  const outputs: LiveOutput[] = [
    { name: "predictedTroughUgMl", label: "Next trough on the current schedule (individual)", unit: "µg/mL" },
    { name: "clearanceLDay", label: "Individual clearance (MAP)", unit: "L/day" },
    { name: "clearanceLowerLDay", label: "Clearance, 95 % lower bound", unit: "L/day" },
    { name: "clearanceUpperLDay", label: "Clearance, 95 % upper bound", unit: "L/day" },
    { name: "typicalClearanceLDay", label: "Typical clearance at these covariates", unit: "L/day" },
    { name: "converged", label: "Fit converged (1 yes, 0 no)", digits: 1 },
    { name: "nextDoseDays", label: "Next dose (forecasts start)", unit: "day", digits: 6 },
    ...probabilityOutputs,
  ];

  return {
    name: "map-forecast",
    title: "Bayesian forecast: from two or three levels to a dose",
    chapter: "05 Pharmacokinetics",
    description:
      "Type the infusions given and two or three dated levels: the page fits the patient's clearance (MAP), draws the individual curve against the typical one, and gives each labelled option's probability of reaching the target trough. Try a level typed as <0.4.",
    inputs,
    outputs,
    compute(values: LiveValues) {
      const v = assertObject<LiveValues>(values, "values");
      const read = (i: NumberInput) => assertInRange(v[i.name], i.name, i.min, i.max);
      const m = PK_MODELS[assertOneOf(v.modelId, "modelId", MAP_FORECAST_MODEL_IDS as readonly string[])];
      const covariates: Covariates = { weightKg: read(weight), albuminGdl: read(albumin) };
      const crpMgL = read(crp);
      const bmiKgM2 = read(bmi);
      if (usesCovariate(m, "crpMgL")) covariates.crpMgL = crpMgL;
      if (usesCovariate(m, "bmiKgM2")) covariates.bmiKgM2 = bmiKgM2;
      const doseLines = parseDoseLines(v.doses, "doses");
      const levelLines = parseLevelLines(v.levels, "levels");
      const firstDose = Math.min(...doseLines.map((d) => d.dose.timeDays));
      for (const { observation, line } of levelLines) {
        if (observation.timeDays < firstDose) {
          throw new InputError(
            { field: "levels", row: line.line, value: line.text, expected: `a day at or after the first infusion (day ${firstDose})` },
            `line ${line.line}: a level before the first infusion`,
          );
        }
      }
      const sorted = doseLines.map((d) => d.dose).sort((a, b) => a.timeDays - b.timeDays);
      return mapForecast({
        model: m,
        covariates,
        regimen: { name: "infusions given", doses: sorted },
        observations: levelLines.map((l) => l.observation),
        intervalDays: 7 * read(interval),
        targetTroughUgMl: read(target),
      });
    },
  };
}

/** Copies the last dose to day `t` (same amount, IV). */
function repeatDose(last: DoseEvent, t: number): DoseEvent {
  return last.mgPerKg !== undefined
    ? { timeDays: t, mgPerKg: last.mgPerKg, route: "iv" }
    : { timeDays: t, amountMg: last.amountMg, route: "iv" };
}

function fmt(x: number, digits = 3): string {
  return Number(x.toPrecision(digits)).toString();
}

/** Why a fit gives no forecast: undefined when it converged. */
function fitOrFailure(inp: MapForecastInputs): { fit?: MapResult; failure?: string } {
  try {
    const fit = mapEstimate(inp.model, inp.regimen, inp.observations, inp.covariates);
    if (fit.converged) return { fit };
    return {
      failure: `The MAP fit did not converge (BFGS stopped after ${fit.iterations} iterations short of the posterior mode), so no clearance, trough or probability is given: the library suggests no dose from such a fit. Check the levels, their days and units, and the infusions given.`,
    };
  } catch (e) {
    // A non-finite objective (ConvergenceError), a flat posterior (Laplace failure, field "observations") or a
    // mode beyond the random effects the library simulates (|eta| > 10, field "etas.<parameter>") gives no fit either.
    if (e instanceof ConvergenceError || (e instanceof InputError && (e.field === "observations" || e.field?.startsWith("etas.")))) {
      return {
        failure: `The MAP fit failed (${e.message}), so no clearance, trough or probability is given. Check the levels, their days and units, and the infusions given.`,
      };
    }
    throw e;
  }
}

/**
 * The computation behind {@link mapForecastCalculator}'s form, from checked inputs: the MAP fit
 * (`mapEstimate`), the next dose on the current schedule ({@link nextDoseDays}), the individual curve
 * with its 90 % band (`posteriorProfile`) and the typical one (`simulate`, no random effect), the next
 * trough (`simulate` at the MAP random effects) and each labelled option's probability of reaching the
 * target (`recommendRegimen` → `forecastTroughs`, {@link MAP_FORECAST_DRAWS} draws, seed
 * {@link MAP_FORECAST_SEED}). A fit that did not converge, or failed (non-finite objective, flat
 * posterior, a random effect beyond ±10), gives null outputs from the fit and a note saying why.
 * @example
 * const fit = mapForecast({
 *   model: INFLIXIMAB_FASANMADE_2009,
 *   covariates: { weightKg: 70, albuminGdl: 3.2 },
 *   regimen: infliximabRegimen({ untilWeeks: 6 }),
 *   observations: [{ timeDays: 97.9, concentrationUgMl: 1.8 }],
 *   intervalDays: 56,
 *   targetTroughUgMl: 5,
 * });
 * fit.outputs.clearanceLDay // 0.485 L/day, as mapEstimate's own example
 * fit.outputs.nextDoseDays // 98
 * fit.outputs.probability_10mgkg_q4w // 1
 */
export function mapForecast(inp: MapForecastInputs): LiveResult {
  const { model, covariates, regimen, observations, intervalDays, targetTroughUgMl } = inp;
  const given = [...regimen.doses].sort((a, b) => a.timeDays - b.timeDays);
  const levelDays = observations.map((x) => x.timeDays);
  const start = nextDoseDays(
    given.map((d) => d.timeDays),
    levelDays,
    intervalDays,
  );
  const last = given[given.length - 1];
  const end = start + MAP_FORECAST_EVALUATE_AFTER_DOSES * intervalDays;
  // the current schedule continued: the last dose repeated from `start` to the end of the forecast window
  const future: DoseEvent[] = [];
  for (let t = start; t <= end + 1e-9; t += intervalDays) future.push(repeatDose(last, t));
  const continued: Regimen = { name: "current schedule continued", doses: [...given, ...future] };
  const typicalCl = individualParameters(model, covariates).CL;
  const outputs: Record<string, number | null> = {
    predictedTroughUgMl: null,
    clearanceLDay: null,
    clearanceLowerLDay: null,
    clearanceUpperLDay: null,
    typicalClearanceLDay: typicalCl,
    converged: 0,
    nextDoseDays: start,
  };
  for (const c of INFLIXIMAB_CANDIDATES) outputs[candidateOutputName(c)] = null;

  const times = curveTimes(given[0].timeDays, end, continued.doses, levelDays);
  const typical = Array.from(simulate(model, continued, covariates, { timesDays: times }).concentrationUgMl);
  const dose = last.mgPerKg !== undefined ? `${fmt(last.mgPerKg)} mg/kg` : `${fmt(last.amountMg ?? 0)} mg`;
  const nCensored = observations.filter((x) => x.censored !== undefined).length;
  const notes: string[] = [
    `Model: ${model.label}. ${observations.length} level(s)${nCensored ? `, ${nCensored} outside the assay's range (fitted by the probability of lying beyond the limit, M3, Beal 2001; never as zero)` : ""}; ${regimen.doses.length} infusion(s).`,
  ];
  const { fit, failure } = fitOrFailure(inp);
  if (!fit) {
    notes.push(failure ?? "The MAP fit gave no result.");
    return { outputs, figure: forecastFigure(times, typical, undefined, observations, continued, start, targetTroughUgMl), notes };
  }
  const profile = posteriorProfile(fit, continued, times, { nDraws: MAP_FORECAST_BAND_DRAWS, seed: MAP_FORECAST_SEED });
  // the next trough: just before the second dose of the current schedule (one dose at `start`, none after)
  const tNext = start + intervalDays;
  const oneMore: Regimen = { name: "current schedule, next dose", doses: [...given, repeatDose(last, start)] };
  const predicted = simulate(model, oneMore, covariates, { timesDays: [tNext], etas: fit.etas }).concentrationUgMl[0];
  const rec = recommendRegimen(fit, {
    targetTroughUgMl,
    startDays: start,
    nDraws: MAP_FORECAST_DRAWS,
    seed: MAP_FORECAST_SEED,
    evaluateAfterDoses: MAP_FORECAST_EVALUATE_AFTER_DOSES,
    probability: MAP_FORECAST_REQUIRED_PROBABILITY,
  });
  const cl = fit.individualParameters.CL;
  const ci = fit.parameterIntervals.CL;
  outputs.converged = 1;
  outputs.predictedTroughUgMl = predicted;
  outputs.clearanceLDay = cl;
  outputs.clearanceLowerLDay = ci ? ci.lower : null;
  outputs.clearanceUpperLDay = ci ? ci.upper : null;
  for (const f of rec.forecasts) {
    const name = candidateOutputName(f.candidate);
    if (Object.hasOwn(outputs, name)) outputs[name] = f.probabilityAtTarget ?? null;
  }
  notes.push(
    `MAP clearance ${fmt(cl)} L/day${ci ? ` (95 % ${fmt(ci.lower)}-${fmt(ci.upper)})` : ""}, ${fmt(cl / typicalCl)} times the typical ${fmt(typicalCl)} L/day for these covariates.`,
    `Current schedule: ${dose} every ${fmt(intervalDays / 7)} weeks (the last infusion repeated); next infusion day ${fmt(start, 6)}; predicted trough before the one after (day ${fmt(tNext, 6)}): ${fmt(predicted)} µg/mL.`,
    `Probabilities: share of ${MAP_FORECAST_DRAWS} draws of the Laplace posterior (seed ${MAP_FORECAST_SEED}; parameter uncertainty only, no residual error) whose trough before the ${MAP_FORECAST_EVALUATE_AFTER_DOSES + 1}th infusion of each option, started on day ${fmt(start, 6)}, reaches ${fmt(targetTroughUgMl)} µg/mL.`,
    rec.recommended
      ? `Least intensive option reaching the target with probability ≥ ${100 * MAP_FORECAST_REQUIRED_PROBABILITY} %: ${rec.recommended.name}. ${rec.labelStatus?.reason ?? ""}`.trim()
      : `No labelled option reaches ${fmt(targetTroughUgMl)} µg/mL with probability ≥ ${100 * MAP_FORECAST_REQUIRED_PROBABILITY} %: do not escalate beyond the cap; check anti-drug antibodies and consider a switch.`,
  );
  return {
    outputs,
    figure: forecastFigure(times, typical, profile, observations, continued, start, targetTroughUgMl),
    notes,
  };
}

/** Curve times: an even grid from the first dose to `end`, plus dose starts, infusion ends and the level times. */
function curveTimes(t0: number, end: number, doses: DoseEvent[], levelDays: number[]): number[] {
  const set = new Set<number>();
  for (let i = 0; i < CURVE_POINTS; i++) set.add(t0 + ((end - t0) * i) / (CURVE_POINTS - 1));
  for (const d of doses) {
    if (d.timeDays <= end) set.add(d.timeDays);
    if (d.timeDays + DEFAULT_INFUSION_DAYS <= end) set.add(d.timeDays + DEFAULT_INFUSION_DAYS);
  }
  for (const t of levelDays) set.add(t);
  return [...set].sort((a, b) => a - b);
}

/** Observed levels (censored ones as open triangles at their limit), individual and typical curves, band, doses and target. */
function forecastFigure(
  times: number[],
  typical: number[],
  profile: { mapUgMl: number[]; lowerUgMl: number[]; upperUgMl: number[]; confidence: number } | undefined,
  observations: Observation[],
  continued: Regimen,
  start: number,
  target: number,
): Figure {
  const data: Trace[] = [];
  if (profile) {
    data.push(
      {
        type: "scatter",
        mode: "lines",
        name: "band upper",
        x: times,
        y: profile.upperUgMl,
        line: { width: 0, color: semanticColors.model },
        showlegend: false,
        hoverinfo: "skip",
      },
      {
        type: "scatter",
        mode: "lines",
        name: `${Math.round(100 * profile.confidence)} % posterior band`,
        x: times,
        y: profile.lowerUgMl,
        fill: "tonexty",
        fillcolor: "rgba(0, 114, 178, 0.15)",
        line: { width: 0, color: semanticColors.model },
        hoverinfo: "skip",
      },
    );
  }
  data.push({
    type: "scatter",
    mode: "lines",
    name: "population-typical",
    x: times,
    y: typical,
    line: { color: palette.grey, width: 1.5, dash: "dash" },
    hovertemplate: "day %{x:.1f}: %{y:.3g} µg/mL<extra>typical</extra>",
  });
  if (profile) {
    data.push({
      type: "scatter",
      mode: "lines",
      name: "individual (MAP)",
      x: times,
      y: profile.mapUgMl,
      line: { color: semanticColors.model, width: 2.5 },
      hovertemplate: "day %{x:.1f}: %{y:.3g} µg/mL<extra>individual</extra>",
    });
  }
  const measured = observations.filter((x) => x.censored === undefined);
  data.push({
    type: "scatter",
    mode: "markers",
    name: "measured level",
    x: measured.map((x) => x.timeDays),
    y: measured.map((x) => x.concentrationUgMl ?? 0),
    marker: { color: semanticColors.observed, size: 10, line: { color: palette.black, width: 1 } },
    hovertemplate: "day %{x}: %{y} µg/mL<extra>measured</extra>",
  });
  for (const side of ["below", "above"] as const) {
    const cens = observations.filter((x) => x.censored === side);
    if (cens.length === 0) continue;
    data.push({
      type: "scatter",
      mode: "markers",
      name: side === "below" ? "below the assay's limit (M3)" : "above the assay's limit (M3)",
      x: cens.map((x) => x.timeDays),
      y: cens.map((x) => x.limitUgMl ?? 0),
      text: cens.map((x) => `${side === "below" ? "<" : ">"}${x.limitUgMl}`),
      marker: {
        color: semanticColors.observed,
        size: 12,
        symbol: side === "below" ? "triangle-down-open" : "triangle-up-open",
        line: { width: 2 },
      },
      hovertemplate: "day %{x}: %{text} µg/mL<extra>censored</extra>",
    });
  }
  // y range on the log axis: from a little under the lowest trough or level to a little over the highest peak
  const shown = [
    ...typical,
    ...(profile ? profile.mapUgMl : []),
    ...observations.map((x) => x.concentrationUgMl ?? x.limitUgMl ?? 0),
    target,
  ];
  const top = Math.max(...shown.filter((y) => y > 0));
  const lowCandidates = [...observations.map((x) => x.concentrationUgMl ?? x.limitUgMl ?? 0), target];
  for (let i = 0; i < times.length; i++) {
    if (times[i] >= continued.doses[0].timeDays + 1) {
      lowCandidates.push(typical[i]);
      if (profile) lowCandidates.push(profile.mapUgMl[i]);
    }
  }
  const bottom = Math.max(top * 1e-4, Math.min(...lowCandidates.filter((y) => y > 0)) / 2);
  const doseTick = (t: number, given: boolean) => ({
    type: "line",
    xref: "x",
    yref: "paper",
    x0: t,
    x1: t,
    y0: 0,
    y1: 0.05,
    line: { color: palette.green, width: 2, dash: given ? "solid" : "dot" },
  });
  const shapes = [
    referenceLine("y", target, { color: semanticColors.threshold, dash: "dash" }),
    referenceLine("x", start, { color: palette.grey, dash: "dot" }),
    ...continued.doses.map((d) => doseTick(d.timeDays, d.timeDays < start)),
  ];
  return {
    data,
    layout: withBaseLayout({
      title: { text: "MAP fit: observed levels, individual and typical curves" },
      height: 420,
      uirevision: "map-forecast",
      xaxis: { title: axisTitle("Time since the first infusion", "days"), zeroline: false },
      yaxis: {
        title: axisTitle("Infliximab concentration", "µg/mL"),
        ...logAxis([bottom, top * 1.5]),
        range: [Math.log10(bottom), Math.log10(top * 1.5)],
      },
      shapes,
      annotations: [
        {
          x: 1,
          xref: "paper",
          xanchor: "right",
          y: Math.log10(target),
          yref: "y",
          yanchor: "bottom",
          text: `target ${fmt(target)} µg/mL`,
          showarrow: false,
        },
        {
          x: start,
          xref: "x",
          xanchor: "left",
          y: 1,
          yref: "paper",
          yanchor: "top",
          text: " next infusion: forecasts start",
          showarrow: false,
        },
      ],
      margin: { l: 64, r: 24, t: 48, b: 110 },
      legend: { orientation: "h", x: 0, y: -0.3, yanchor: "top" },
    }),
  };
}
