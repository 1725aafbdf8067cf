/**
 * The one place where units are converted (CONTRIBUTING.md, "Units"). Nothing
 * else in ibd-lab multiplies by 10 for g/L.
 *
 * Every quantity has a canonical unit; the toolkit computes in canonical units
 * and only converts at the edges (CSV loading, user options, figure labels).
 *
 * | quantity        | canonical | also accepted                       |
 * |-----------------|-----------|-------------------------------------|
 * | albumin         | g/dL      | g/L                                 |
 * | crp             | mg/L      | mg/dL                               |
 * | drugLevel       | ug/mL     | mg/L (identical), ng/mL             |
 * | calprotectin    | ug/g      | mg/kg (identical)                   |
 * | weight          | kg        | lb, g                               |
 * | length          | mm        | cm, m                               |
 * | pressure        | Pa        | mmHg, kPa, cmH2O                    |
 * | viscosity       | mPa*s     | Pa*s, cP (identical)                |
 * | flow            | mL/min    | m3/s, L/min, mL/s                   |
 * | time            | day       | h, week, min                        |
 * | dose            | mg        | g                                   |
 *
 * Hand-written: the conversions are fixed, exact factors; a general units
 * library (e.g. mathjs units) would add a large dependency and still not know
 * clinical names such as "g/dL albumin" or the 1 mmHg = 133.322 Pa convention.
 */
import { UnitError } from "./errors";
import { assertFinite, assertKeyOf, assertNonNegative, assertPositive, finiteOrThrow } from "./validate";

/** Canonical unit of each quantity. */
export const CANONICAL_UNITS = {
  albumin: "g/dL",
  crp: "mg/L",
  drugLevel: "ug/mL",
  calprotectin: "ug/g",
  weight: "kg",
  length: "mm",
  pressure: "Pa",
  viscosity: "mPa*s",
  flow: "mL/min",
  time: "day",
  dose: "mg",
} as const;

export type Quantity = keyof typeof CANONICAL_UNITS;

/**
 * 1 mmHg = 133.322387415 Pa (conventional millimetre of mercury, ISO 80000-4).
 */
export const PA_PER_MMHG = 133.322387415;
/** 1 cmH2O = 98.0665 Pa (conventional, standard gravity). */
export const PA_PER_CMH2O = 98.0665;
/** 1 lb = 0.45359237 kg exactly (international avoirdupois pound, 1959). */
export const KG_PER_LB = 0.45359237;

/** Factor that multiplies a value in the given unit to give the canonical unit. */
const FACTORS: { [Q in Quantity]: Record<string, number> } = {
  albumin: { "g/dL": 1, "g/L": 0.1 },
  crp: { "mg/L": 1, "mg/dL": 10 },
  drugLevel: { "ug/mL": 1, "mg/L": 1, "ng/mL": 0.001 },
  calprotectin: { "ug/g": 1, "mg/kg": 1 },
  weight: { kg: 1, lb: KG_PER_LB, g: 0.001 },
  length: { mm: 1, cm: 10, m: 1000 },
  pressure: { Pa: 1, kPa: 1000, mmHg: PA_PER_MMHG, cmH2O: PA_PER_CMH2O },
  viscosity: { "mPa*s": 1, cP: 1, "Pa*s": 1000 },
  flow: { "mL/min": 1, "mL/s": 60, "L/min": 1000, "m3/s": 6e7 },
  time: { day: 1, week: 7, h: 1 / 24, min: 1 / 1440 },
  dose: { mg: 1, g: 1000 },
};

/** Spellings people write in CSV headers and options, mapped to the unit names above. */
const ALIASES: Record<string, string> = {
  "g/dl": "g/dL",
  "g/l": "g/L",
  "mg/l": "mg/L",
  "mg/dl": "mg/dL",
  "ug/ml": "ug/mL",
  "µg/ml": "ug/mL",
  "μg/ml": "ug/mL",
  "mcg/ml": "ug/mL",
  "ng/ml": "ng/mL",
  "ug/g": "ug/g",
  "µg/g": "ug/g",
  "μg/g": "ug/g",
  "mcg/g": "ug/g",
  "mg/kg": "mg/kg",
  kg: "kg",
  lb: "lb",
  lbs: "lb",
  g: "g",
  mm: "mm",
  cm: "cm",
  m: "m",
  pa: "Pa",
  kpa: "kPa",
  mmhg: "mmHg",
  cmh2o: "cmH2O",
  "mpa*s": "mPa*s",
  "mpa.s": "mPa*s",
  "mpa s": "mPa*s",
  mpas: "mPa*s",
  cp: "cP",
  "pa*s": "Pa*s",
  "pa.s": "Pa*s",
  "ml/min": "mL/min",
  "ml/s": "mL/s",
  "l/min": "L/min",
  "m3/s": "m3/s",
  "m^3/s": "m3/s",
  day: "day",
  days: "day",
  d: "day",
  week: "week",
  weeks: "week",
  wk: "week",
  h: "h",
  hour: "h",
  hours: "h",
  min: "min",
  mg: "mg",
};

/** Normalises a unit spelling (`"G/DL"`, `"µg/ml"`) to ibd-lab's name, or undefined if unknown (or not a string). */
export function normalizeUnit(unit: string): string | undefined {
  if (typeof unit !== "string") return undefined;
  const key = unit.trim().toLowerCase();
  return Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
}

/**
 * Units accepted for a quantity, canonical first.
 * @throws InputError when `quantity` is not one of the keys of {@link CANONICAL_UNITS}.
 * @example unitsOf("albumin") // ["g/dL", "g/L"]
 */
export function unitsOf(quantity: Quantity): string[] {
  return Object.keys(FACTORS[assertKeyOf(FACTORS, quantity, "quantity")]);
}

/**
 * Factor f such that `valueInCanonical = value * f`.
 * @throws UnitError when the unit is not one of {@link unitsOf}(quantity).
 */
export function toCanonicalFactor(quantity: Quantity, unit: string, field: string = quantity): number {
  const q = assertKeyOf(FACTORS, quantity, "quantity");
  const table = FACTORS[q];
  const name = normalizeUnit(unit) ?? unit;
  const f = typeof name === "string" && Object.hasOwn(table, name) ? table[name] : undefined;
  if (f === undefined) {
    throw new UnitError({ field, value: unit, expected: `one of ${unitsOf(quantity).join(", ")}` }, `unknown unit for ${quantity}`);
  }
  return f;
}

/**
 * Converts a value between two units of the same quantity.
 * @throws InputError for a value that is not a finite number, an unknown quantity, or a result
 * too large to represent (e.g. 1e308 g converted to mg).
 * @throws UnitError for a unit (`from`, `to`) that is not one of {@link unitsOf}(quantity).
 * @example convert(35, "albumin", "g/L", "g/dL") // 3.5
 * @example convert(12, "pressure", "mmHg", "Pa") // 1599.87
 */
export function convert(value: number, quantity: Quantity, from: string, to: string): number {
  const v = assertFinite(value, "value");
  const q = assertKeyOf(FACTORS, quantity, "quantity");
  return finiteOrThrow((v * toCanonicalFactor(q, from, "from")) / toCanonicalFactor(q, to, "to"), "converted value");
}

/**
 * Converts to the canonical unit of the quantity.
 * @throws InputError / UnitError as {@link convert}.
 * @example toCanonical(3, "time", "weeks") // 21
 */
export function toCanonical(value: number, quantity: Quantity, from: string): number {
  const v = assertFinite(value, "value");
  const q = assertKeyOf(FACTORS, quantity, "quantity");
  return finiteOrThrow(v * toCanonicalFactor(q, from, "from"), "converted value");
}

/**
 * Molar <-> mass concentration for a monoclonal antibody.
 * nM = (ug/mL) / (MW in kDa) * 1000; e.g. 5 ug/mL infliximab (149.1 kDa) = 33.5 nM.
 * @throws InputError for a concentration that is not a finite number >= 0, a molecular weight
 * that is not a finite number > 0, or a result too large to represent.
 * @example ugPerMlToNanomolar(5, 149.1) // 33.5
 */
export function ugPerMlToNanomolar(concentrationUgMl: number, molecularWeightKDa: number): number {
  const c = assertNonNegative(concentrationUgMl, "concentrationUgMl");
  const mw = assertPositive(molecularWeightKDa, "molecularWeightKDa");
  return finiteOrThrow((c / mw) * 1000, "concentrationNm");
}

/**
 * Inverse of {@link ugPerMlToNanomolar}: ug/mL = nM * (MW in kDa) / 1000.
 * @throws InputError as {@link ugPerMlToNanomolar}.
 * @example nanomolarToUgPerMl(33.5, 149.1) // 5
 */
export function nanomolarToUgPerMl(concentrationNm: number, molecularWeightKDa: number): number {
  const c = assertNonNegative(concentrationNm, "concentrationNm");
  const mw = assertPositive(molecularWeightKDa, "molecularWeightKDa");
  return finiteOrThrow((c * mw) / 1000, "concentrationUgMl");
}
