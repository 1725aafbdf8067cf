/**
 * Registry of the symptom scores, endoscopic scores and biomarkers used to
 * place a patient-visit in a symptom × inflammation quadrant, each with its
 * range, unit and the remission/activity thresholds in common use.
 *
 * Thresholds differ between guidelines and trials; the defaults below are the
 * commonly used ones, each cited, and every one can be overridden
 * (`instrumentThresholds(id, overrides)` or `classifyDiscordance(..., { thresholds })`).
 * Values between the remission and the activity threshold are an
 * "intermediate" (grey) zone.
 *
 * Provenance: the calprotectin meta-analysis figures and the HBI/CDAI
 * correspondence come from the project's domain-facts sheet and the CD PRO2
 * cut-offs were checked in the Khanna 2015 abstract; the other
 * citations (scales and cut-offs) were written from the standard literature
 * and not re-read in the primary papers during development: treat the exact
 * page/table references as unverified.
 */
import { InputError } from "../core/errors";
import { assertObject, assertOneOf } from "../core/validate";

/** Identifier of a registered instrument (also the record field / column name it is read from). */
export type InstrumentId =
  | "pro2Uc"
  | "pro2Cd"
  | "partialMayo"
  | "cdai"
  | "hbi"
  | "mayoEndoscopic"
  | "uceis"
  | "sesCd"
  | "calprotectinUgG"
  | "crpMgL";

/** Which side of the quadrant an instrument informs. */
export type InstrumentKind = "symptom" | "endoscopy" | "biomarker";

/** A threshold with its comparison: remission when `value op threshold` holds (e.g. `<=` 4), activity likewise (`>=` 5). */
export interface ThresholdRule {
  op: "<" | "<=" | ">" | ">=";
  value: number;
}

/** One registered instrument. */
export interface Instrument {
  id: InstrumentId;
  name: string;
  kind: InstrumentKind;
  disease: "UC" | "CD" | "both";
  /** Lowest possible value. */
  min: number;
  /** Highest possible value; undefined when the scale is open (stool counts, biomarkers). */
  max?: number;
  /** Unit, or "points" for scores. */
  unit: string;
  /** Smallest step of the scale (1 for integer scores, 0 for continuous measures): used for the continuity correction in reliability-aware calls. */
  step: number;
  /** Remission when this rule holds. */
  remission: ThresholdRule;
  /** Activity when this rule holds. */
  active: ThresholdRule;
  /** Alternative column names accepted in a cohort table (snake_case with units, as in data/). */
  aliases: string[];
  /** Where the thresholds come from. */
  citation: string;
  /** Caveats a reader should know. */
  note?: string;
}

/**
 * The instrument registry. Thresholds marked *unverified* in `note` were taken from
 * secondary sources and not checked against the primary paper.
 */
export const INSTRUMENTS: Readonly<Record<InstrumentId, Instrument>> = {
  pro2Uc: {
    id: "pro2Uc",
    name: "PRO2 (UC): Mayo stool-frequency + rectal-bleeding subscores",
    kind: "symptom",
    disease: "UC",
    min: 0,
    max: 6,
    unit: "points",
    step: 1,
    remission: { op: "<=", value: 1 },
    active: { op: ">=", value: 2 },
    aliases: ["pro2_uc", "pro2uc"],
    citation:
      "Jairath V et al. Aliment Pharmacol Ther 2015;42:1200-10 (PRO2 from Mayo subscores; remission SF + RB <= 1); STRIDE-II, Turner D et al. Gastroenterology 2021;160:1570-83 (clinical remission: RB 0 and SF <= 1).",
    note: "STRIDE-II additionally requires rectal bleeding 0; with only the sum available that cannot be checked.",
  },
  pro2Cd: {
    id: "pro2Cd",
    name: "PRO2 (CD): 2 × mean daily liquid/very soft stools + 5 × mean daily abdominal pain (0-3)",
    kind: "symptom",
    disease: "CD",
    min: 0,
    unit: "points",
    step: 0,
    remission: { op: "<", value: 8 },
    active: { op: ">=", value: 14 },
    aliases: ["pro2_cd", "pro2cd"],
    citation:
      "Khanna R et al. Aliment Pharmacol Ther 2015;41:77-86 (abstract: PRO2 values 8, 14, 34 correspond to CDAI 150, 220, 450; item cut-offs stool frequency <= 1.5, pain <= 1).",
    note: "Checked against the PubMed abstract. STRIDE-II defines PRO2 remission by the items (SF <= 1.5 and AP <= 1), not the sum.",
  },
  partialMayo: {
    id: "partialMayo",
    name: "Partial Mayo score (Mayo without endoscopy)",
    kind: "symptom",
    disease: "UC",
    min: 0,
    max: 9,
    unit: "points",
    step: 1,
    remission: { op: "<=", value: 2 },
    active: { op: ">=", value: 5 },
    aliases: ["partial_mayo", "pmayo", "pms"],
    citation: "Lewis JD et al. Inflamm Bowel Dis 2008;14:1660-6 (remission <= 2; activity >= 5, unverified).",
    note: "Lewis 2008 also requires no subscore > 1 for remission; 3-4 is the grey zone here.",
  },
  cdai: {
    id: "cdai",
    name: "Crohn's Disease Activity Index",
    kind: "symptom",
    disease: "CD",
    min: 0,
    max: 600,
    unit: "points",
    step: 0,
    remission: { op: "<", value: 150 },
    active: { op: ">=", value: 150 },
    aliases: ["cdai"],
    citation: "Best WR et al. Gastroenterology 1976;70:439-44 (remission < 150; 150-219 mild, 220-450 moderate-severe).",
    note: "CDAI mixes symptoms with haematocrit and weight; its upper range is nominal (~600).",
  },
  hbi: {
    id: "hbi",
    name: "Harvey-Bradshaw Index",
    kind: "symptom",
    disease: "CD",
    min: 0,
    unit: "points",
    step: 1,
    remission: { op: "<=", value: 4 },
    active: { op: ">=", value: 5 },
    aliases: ["hbi"],
    citation:
      "Harvey RF, Bradshaw JM. Lancet 1980;1:514; Vermeire S et al. Clin Gastroenterol Hepatol 2010;8:357-63 (HBI <= 4 ~ CDAI < 150; 5-7 mild, 8-16 moderate, > 16 severe).",
  },
  mayoEndoscopic: {
    id: "mayoEndoscopic",
    name: "Mayo endoscopic subscore",
    kind: "endoscopy",
    disease: "UC",
    min: 0,
    max: 3,
    unit: "points",
    step: 1,
    remission: { op: "<=", value: 1 },
    active: { op: ">=", value: 2 },
    aliases: ["mayo_endoscopic", "mes", "mayo_es"],
    citation:
      "Schroeder KW et al. N Engl J Med 1987;317:1625-9 (scale); mucosal healing <= 1 (regulatory), endoscopic remission 0 in STRIDE-II (Turner 2021, Gastroenterology 160:1570).",
    note: "Override remission to <= 0 for the stricter STRIDE-II endoscopic remission.",
  },
  uceis: {
    id: "uceis",
    name: "Ulcerative Colitis Endoscopic Index of Severity",
    kind: "endoscopy",
    disease: "UC",
    min: 0,
    max: 8,
    unit: "points",
    step: 1,
    remission: { op: "<=", value: 1 },
    active: { op: ">=", value: 2 },
    aliases: ["uceis"],
    citation: "Travis SPL et al. Gut 2012;61:535-42 (scale 0-8); remission <= 1 (STRIDE-II, Turner 2021).",
  },
  sesCd: {
    id: "sesCd",
    name: "Simple Endoscopic Score for Crohn's Disease",
    kind: "endoscopy",
    disease: "CD",
    min: 0,
    max: 56,
    unit: "points",
    step: 1,
    remission: { op: "<=", value: 2 },
    active: { op: ">=", value: 3 },
    aliases: ["ses_cd", "sescd"],
    citation:
      "Daperno M et al. Gastrointest Endosc 2004;60:505-12 (scale 0-56); endoscopic remission <= 2 (STRIDE-II, Turner 2021); 3-6 mild, 7-15 moderate, >= 16 severe.",
  },
  calprotectinUgG: {
    id: "calprotectinUgG",
    name: "Faecal calprotectin",
    kind: "biomarker",
    disease: "both",
    min: 0,
    unit: "ug/g",
    step: 0,
    remission: { op: "<", value: 100 },
    active: { op: ">=", value: 250 },
    aliases: ["calprotectin_ug_g", "fcp_ug_g", "calprotectin"],
    citation:
      "D'Haens G et al. Inflamm Bowel Dis 2012;18:2218-24 (< 250 ug/g for mucosal healing in CD); meta-analysis PMC8543348: UC healing 60-75 ug/g (sens 0.87, spec 0.79), CD 180-250 ug/g (sens 0.67, spec 0.76). 100-250 is a grey zone.",
    note: "Cut-offs are assay- and disease-specific; same-day CV ~40 % in active UC.",
  },
  crpMgL: {
    id: "crpMgL",
    name: "C-reactive protein",
    kind: "biomarker",
    disease: "both",
    min: 0,
    unit: "mg/L",
    step: 0,
    remission: { op: "<=", value: 5 },
    active: { op: ">", value: 10 },
    aliases: ["crp_mg_l", "crp"],
    citation:
      "Upper limit of normal ~5 mg/L; STRIDE-II (Turner 2021) targets CRP normalisation. A normal CRP does not exclude activity (Vermeire S et al. Gut 2006;55:426-31).",
    note: "CRP alone never places a patient in objective remission (see classifyDiscordance).",
  },
};

/** Ordered list of instrument ids. */
export const INSTRUMENT_IDS = Object.keys(INSTRUMENTS) as InstrumentId[];

/** Threshold overrides for one instrument. */
export interface ThresholdOverride {
  remission?: ThresholdRule;
  active?: ThresholdRule;
}

function checkRule(rule: unknown, field: string): ThresholdRule {
  const r = rule as ThresholdRule;
  if (!r || typeof r !== "object" || !["<", "<=", ">", ">="].includes(r.op) || typeof r.value !== "number" || !Number.isFinite(r.value)) {
    throw new InputError({ field, value: rule, expected: 'a rule { op: "<" | "<=" | ">" | ">=", value: finite number }' });
  }
  return { op: r.op, value: r.value };
}

/**
 * The instrument with overridden thresholds applied (the registry itself never changes).
 * @example
 * // Mayo endoscopic subscore: remission ≤ 1 by default (Schroeder 1987); a stricter trial may demand 0
 * instrumentThresholds("mayoEndoscopic").remission // { op: "<=", value: 1 }
 * instrumentThresholds("mayoEndoscopic", { remission: { op: "<=", value: 0 } }).remission // { op: "<=", value: 0 }
 */
export function instrumentThresholds(id: InstrumentId, override?: ThresholdOverride): Instrument {
  const base = INSTRUMENTS[assertOneOf(id, "instrument", INSTRUMENT_IDS)];
  if (override === undefined) return base;
  const o = assertObject<ThresholdOverride>(override, `thresholds.${id}`);
  return {
    ...base,
    remission: o.remission !== undefined ? checkRule(o.remission, `thresholds.${id}.remission`) : base.remission,
    active: o.active !== undefined ? checkRule(o.active, `thresholds.${id}.active`) : base.active,
  };
}

/**
 * True when `value op threshold` holds.
 * @example ruleHolds({ op: "<=", value: 4 }, 4) // true
 */
export function ruleHolds(rule: ThresholdRule, value: number): boolean {
  switch (rule.op) {
    case "<":
      return value < rule.value;
    case "<=":
      return value <= rule.value;
    case ">":
      return value > rule.value;
    default:
      return value >= rule.value;
  }
}

/**
 * Human-readable form of a rule.
 * @example describeRule({ op: "<=", value: 4 }, "points") // "<= 4 points"
 */
export function describeRule(rule: ThresholdRule, unit: string): string {
  return `${rule.op} ${rule.value} ${unit}`;
}

/** State of one reading: remission, active, or the grey zone between the two thresholds. */
export type ReadingState = "remission" | "active" | "intermediate";

/**
 * Places one reading against the instrument's thresholds, checking it lies within the scale.
 * @example readingState(INSTRUMENTS.hbi, 6) // "active"
 */
export function readingState(instrument: Instrument, value: number, field: string = instrument.id, row?: number): ReadingState {
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < instrument.min ||
    (instrument.max !== undefined && value > instrument.max)
  ) {
    throw new InputError({
      field,
      row,
      value,
      expected: `a number in [${instrument.min}, ${instrument.max ?? "open"}] ${instrument.unit} (${instrument.name})`,
    });
  }
  if (ruleHolds(instrument.remission, value)) return "remission";
  if (ruleHolds(instrument.active, value)) return "active";
  return "intermediate";
}
