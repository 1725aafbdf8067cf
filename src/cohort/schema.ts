/**
 * The cohort schema: ten tidy tables, their columns, types, canonical units,
 * allowed ranges and keys. The loader ({@link readCohortCsv}) validates against
 * it, the generator (src/cohort/generate.ts) writes it, and the column tables of
 * the data dictionary in data/README.md are generated from it
 * ({@link dataDictionaryMarkdown}, `npm run data`; tests/cohort/dictionary.test.ts
 * fails when they differ). Descriptions are what a column means in any cohort
 * file; facts about the sample cohorts only belong in the README's prose.
 */
import type { Quantity } from "../core/units";

/** How a column's text is read. `flag` is 0/1; `date` becomes days since 1970-01-01. */
export type ColumnType = "id" | "text" | "category" | "number" | "int" | "date" | "flag";

/** One column of a cohort table. */
export interface ColumnSpec {
  /** Canonical column name (with the canonical unit suffix, e.g. `albumin_g_dl`). */
  name: string;
  type: ColumnType;
  /** The column must be in the header and every row needs a value. Default: false. */
  required?: boolean;
  /** Physical quantity for unit conversion through src/core/units.ts. */
  quantity?: Quantity;
  /** Canonical unit, for reports and the dictionary. */
  unit?: string;
  /** Header stem a unit can be attached to (`albumin` in `albumin [g/L]`). */
  stem?: string;
  /** Allowed range in canonical units (inclusive, unless {@link minExclusive}). */
  min?: number;
  max?: number;
  /** `min` itself is not allowed (the value must be > min), e.g. a positivity cut-off of 0 is meaningless. Default: false. */
  minExclusive?: boolean;
  /** Allowed values of a category column. */
  categories?: readonly string[];
  /**
   * A number column that also takes censored values as a lab writes them: `<0.4` (below the lower limit of
   * quantification) and `>45` (above the upper limit). The loaded table then has two more columns: `censoredColumn`
   * ("below", "above" or null) and `limitColumn` (the limit, in the column's canonical unit; NaN when not censored),
   * and this column is NaN on a censored row: a censored level is never stored as a number it is not.
   */
  censoring?: { censoredColumn: string; limitColumn: string };
  /** Plain-words meaning (the dictionary's "meaning" column; no `|` or line breaks needed). */
  description: string;
}

/** A row-level rule: `later` must not be before `earlier` (both dates). */
export interface DateOrderRule {
  earlier: string;
  later: string;
}

/** One cohort table. */
export interface TableSpec {
  name: CohortTableName;
  /** Columns whose combination must be unique. */
  key: readonly string[];
  columns: readonly ColumnSpec[];
  dateOrder?: readonly DateOrderRule[];
}

/** Names of the cohort tables (one CSV each in a cohort folder). */
export type CohortTableName =
  | "patients"
  | "visits"
  | "labs"
  | "drug_levels"
  | "administrations"
  | "treatments"
  | "endoscopy"
  | "gene_expression"
  | "strictures"
  | "infection_tests";

const pid: ColumnSpec = { name: "patient_id", type: "id", required: true, description: "patient identifier" };
const week = (desc = "weeks since baseline"): ColumnSpec => ({ name: "week", type: "int", min: -520, max: 520, description: desc });

/** The schema of every cohort table, keyed by table name. */
export const COHORT_SCHEMA: Record<CohortTableName, TableSpec> = {
  patients: {
    name: "patients",
    key: ["patient_id"],
    columns: [
      pid,
      {
        name: "disease",
        type: "category",
        required: true,
        categories: ["UC", "CD", "IBDU"],
        description: "diagnosis: ulcerative colitis, Crohn's disease, IBD unclassified",
      },
      { name: "sex", type: "category", categories: ["F", "M"], description: "sex" },
      { name: "age_years", type: "int", min: 0, max: 110, description: "age at baseline (years)" },
      {
        name: "weight_kg",
        type: "number",
        quantity: "weight",
        unit: "kg",
        stem: "weight",
        min: 2,
        max: 300,
        description: "body weight at baseline",
      },
      {
        name: "height_cm",
        type: "number",
        unit: "cm",
        stem: "height",
        min: 40,
        max: 250,
        description: "height (for body-mass index, a covariate of some PK models)",
      },
      { name: "diagnosis_date", type: "date", description: "date of IBD diagnosis" },
      { name: "baseline_date", type: "date", description: "first dose of the first biologic (week 0)" },
      {
        name: "extent",
        type: "category",
        categories: ["E1", "E2", "E3", "L1", "L2", "L3", "L4"],
        description: "Montreal extent (UC: E1-E3) or location (CD: L1-L4)",
      },
      {
        name: "behavior",
        type: "category",
        categories: ["B1", "B2", "B3"],
        description: "Montreal behaviour (CD): B1 inflammatory, B2 stricturing, B3 penetrating; empty for UC",
      },
      { name: "ileal_resection", type: "flag", description: "previous ileal or ileocaecal resection (CD)" },
      { name: "smoker", type: "category", categories: ["never", "former", "current"], description: "smoking status" },
      { name: "immunomodulator", type: "flag", description: "on a thiopurine at baseline" },
      {
        name: "first_biologic",
        type: "category",
        categories: ["infliximab", "adalimumab", "vedolizumab", "ustekinumab", "golimumab", "certolizumab"],
        description: "biologic started at baseline (week 0)",
      },
      { name: "teaching_case", type: "text", description: "name of a teaching patient (see Teaching patients); empty for the others" },
      {
        name: "sim_pathway",
        type: "category",
        categories: ["tnf", "il23"],
        description: "generator truth: dominant inflammatory pathway (TNF or IL-23/Th17)",
      },
      { name: "sim_ibs_overlap", type: "flag", description: "generator truth: IBS-type symptoms independent of inflammation" },
      { name: "sim_bile_acid_diarrhea", type: "flag", description: "generator truth: bile acid malabsorption" },
      { name: "sim_ada", type: "flag", description: "generator truth: anti-drug antibodies appear before week 54" },
      {
        name: "sim_response",
        type: "category",
        categories: ["sustained_response", "primary_non_response", "secondary_loss_of_response"],
        description: "generator truth: objective course of the first biologic",
      },
    ],
    dateOrder: [{ earlier: "diagnosis_date", later: "baseline_date" }],
  },
  visits: {
    name: "visits",
    key: ["patient_id", "visit_date", "instrument", "reading"],
    columns: [
      pid,
      { name: "visit_date", type: "date", required: true, description: "visit date" },
      week(),
      {
        name: "instrument",
        type: "category",
        required: true,
        categories: ["mayo_stool_frequency", "mayo_rectal_bleeding", "hbi", "pro2", "cdai", "sccai"],
        description: "symptom instrument",
      },
      {
        name: "reading",
        type: "int",
        required: true,
        min: 1,
        max: 9,
        description: "reading number of the same visit (a repeated questionnaire or a second assessor)",
      },
      {
        name: "score",
        type: "number",
        required: true,
        min: 0,
        max: 600,
        description: "score (points); its scale depends on the instrument",
      },
    ],
  },
  labs: {
    name: "labs",
    key: ["patient_id", "sample_date"],
    columns: [
      pid,
      {
        name: "sample_date",
        type: "date",
        required: true,
        description: "sample date (blood draw; the day-1 stool is collected the same day)",
      },
      week(),
      { name: "crp_mg_l", type: "number", quantity: "crp", unit: "mg/L", stem: "crp", min: 0, max: 500, description: "C-reactive protein" },
      {
        name: "albumin_g_dl",
        type: "number",
        quantity: "albumin",
        unit: "g/dL",
        stem: "albumin",
        min: 1,
        max: 6,
        description: "serum albumin",
      },
      { name: "hemoglobin_g_dl", type: "number", unit: "g/dL", stem: "hemoglobin", min: 3, max: 25, description: "haemoglobin" },
      {
        name: "calprotectin_ug_g",
        type: "number",
        quantity: "calprotectin",
        unit: "ug/g",
        stem: "calprotectin",
        min: 0,
        max: 10000,
        description: "fecal calprotectin, stool of day 1",
      },
      {
        name: "calprotectin_day2_ug_g",
        type: "number",
        quantity: "calprotectin",
        unit: "ug/g",
        stem: "calprotectin_day2",
        min: 0,
        max: 10000,
        description: "fecal calprotectin, stool of the next day (test-retest pair with day 1)",
      },
    ],
  },
  drug_levels: {
    name: "drug_levels",
    key: ["patient_id", "sample_date", "drug"],
    columns: [
      pid,
      { name: "sample_date", type: "date", required: true, description: "trough sample date, drawn just before a dose" },
      week(),
      {
        name: "drug",
        type: "category",
        required: true,
        categories: ["infliximab", "adalimumab", "vedolizumab", "ustekinumab", "golimumab", "certolizumab"],
        description: "drug measured",
      },
      {
        name: "trough_ug_ml",
        type: "number",
        required: true,
        quantity: "drugLevel",
        unit: "ug/mL",
        stem: "trough",
        min: 0,
        max: 500,
        censoring: { censoredColumn: "trough_censored", limitColumn: "trough_limit_ug_ml" },
        description:
          "trough concentration; a level outside the assay's range is written as the lab writes it: <0.4 below the lower limit of quantification, >45 above the upper one",
      },
      {
        name: "lloq_ug_ml",
        type: "number",
        quantity: "drugLevel",
        unit: "ug/mL",
        stem: "lloq",
        min: 0,
        minExclusive: true,
        max: 100,
        description: "the assay's lower limit of quantification; when given, a trough written as 0 is read as below this limit",
      },
      // Text, not a category: labs and vendors name their assays freely, and a drug level must not be
      // rejected for an unfamiliar assay name. Nothing reads the name but as a label; what interpretation
      // needs travels in ada_threshold_u_ml (the cut-off, in the assay's own units) and ada_result.
      {
        name: "ada_assay",
        type: "text",
        description: "anti-drug antibody assay, named as the lab names it (free text: names vary by lab and vendor)",
      },
      {
        name: "ada_u_ml",
        type: "number",
        min: 0,
        max: 1e6,
        description: "ADA level in the assay's own units (assay units/mL); empty when not reportable",
      },
      {
        name: "ada_threshold_u_ml",
        type: "number",
        min: 0,
        minExclusive: true,
        max: 1e6,
        description: "the assay's positivity cut-off, in the same units (units differ by assay: never compare ADA across assays)",
      },
      {
        name: "ada_result",
        type: "category",
        categories: ["positive", "negative", "inconclusive"],
        description: "lab's ADA call; inconclusive = drug-sensitive assay with drug in the sample",
      },
    ],
  },
  administrations: {
    name: "administrations",
    key: ["patient_id", "drug", "admin_date"],
    columns: [
      pid,
      { name: "admin_date", type: "date", required: true, description: "date the dose was given" },
      week(),
      {
        name: "drug",
        type: "category",
        required: true,
        categories: ["infliximab", "adalimumab", "vedolizumab", "ustekinumab", "golimumab", "certolizumab"],
        description: "biologic given",
      },
      {
        name: "dose_mg",
        type: "number",
        required: true,
        quantity: "dose",
        unit: "mg",
        stem: "dose",
        min: 0,
        minExclusive: true,
        max: 5000,
        description: "dose actually given (total, not per kg)",
      },
      { name: "route", type: "category", required: true, categories: ["IV", "SC"], description: "IV infusion or SC injection" },
      {
        name: "infusion_hours",
        type: "number",
        min: 0,
        minExclusive: true,
        max: 24,
        description: "infusion duration (IV only; empty = 2 hours, the infliximab label's minimum)",
      },
    ],
  },
  treatments: {
    name: "treatments",
    key: ["patient_id", "drug", "start_date"],
    columns: [
      pid,
      { name: "drug", type: "text", required: true, description: "drug (generic name)" },
      { name: "drug_class", type: "text", description: "drug class" },
      { name: "start_date", type: "date", required: true, description: "first dose of the course or phase" },
      { name: "stop_date", type: "date", description: "last dose; empty = ongoing" },
      { name: "route", type: "category", categories: ["oral", "IV", "SC", "rectal"], description: "route" },
      {
        name: "dose_mg",
        type: "number",
        quantity: "dose",
        unit: "mg",
        stem: "dose",
        min: 0,
        max: 5000,
        description: "daily dose (oral), starting daily dose (steroid course) or dose per administration (biologics)",
      },
      { name: "schedule", type: "text", description: "schedule in words (e.g. weeks 0, 2, 6; every 8 weeks; daily, tapered)" },
      {
        name: "phase",
        type: "category",
        categories: ["course", "rescue", "induction", "maintenance"],
        description: "phase of the treatment",
      },
      {
        name: "lowest_dose_mg",
        type: "number",
        min: 0,
        max: 5000,
        description: "lowest daily steroid dose reached before the course ended (mg/day); steroid courses only",
      },
      { name: "stop_reason", type: "text", description: "why the course stopped" },
    ],
    dateOrder: [{ earlier: "start_date", later: "stop_date" }],
  },
  endoscopy: {
    name: "endoscopy",
    key: ["patient_id", "procedure_date", "instrument", "reader"],
    columns: [
      pid,
      { name: "procedure_date", type: "date", required: true, description: "procedure date (colonoscopy or ileocolonoscopy)" },
      week(),
      {
        name: "instrument",
        type: "category",
        required: true,
        categories: ["mayo_endoscopic", "uceis", "ses_cd", "cdeis", "rutgeerts"],
        description: "endoscopic score",
      },
      {
        name: "reader",
        type: "int",
        required: true,
        min: 1,
        max: 99,
        description: "reader number (independent readers of the same procedure)",
      },
      {
        name: "score",
        type: "number",
        required: true,
        min: 0,
        max: 60,
        description: "score (points); its scale depends on the instrument",
      },
    ],
  },
  gene_expression: {
    name: "gene_expression",
    key: ["patient_id", "biopsy_date", "gene"],
    columns: [
      pid,
      { name: "biopsy_date", type: "date", required: true, description: "biopsy date" },
      week(),
      { name: "gene", type: "text", required: true, description: "HGNC gene symbol" },
      { name: "pathway", type: "text", description: "gene set the gene belongs to" },
      {
        name: "log2_expression",
        type: "number",
        required: true,
        min: -20,
        max: 20,
        description: "log2 fold change relative to the median of non-IBD control mucosa",
      },
    ],
  },
  strictures: {
    name: "strictures",
    key: ["patient_id", "assessment_date", "location"],
    columns: [
      pid,
      { name: "assessment_date", type: "date", required: true, description: "assessment date" },
      week(),
      { name: "location", type: "text", required: true, description: "bowel segment" },
      { name: "modality", type: "text", description: "imaging or endoscopy" },
      { name: "type", type: "category", categories: ["inflammatory", "fibrotic", "mixed"], description: "radiological phenotype" },
      {
        name: "length_mm",
        type: "number",
        required: true,
        quantity: "length",
        unit: "mm",
        stem: "length",
        min: 1,
        max: 500,
        description: "stricture length",
      },
      {
        name: "min_diameter_mm",
        type: "number",
        required: true,
        quantity: "length",
        unit: "mm",
        stem: "min_diameter",
        min: 0.5,
        max: 40,
        description: "minimal luminal diameter",
      },
      {
        name: "prestenotic_dilation_mm",
        type: "number",
        quantity: "length",
        unit: "mm",
        stem: "prestenotic_dilation",
        min: 5,
        max: 100,
        description: "luminal diameter upstream of the stricture",
      },
    ],
  },
  infection_tests: {
    name: "infection_tests",
    key: ["patient_id", "test_date", "test"],
    columns: [
      pid,
      { name: "test_date", type: "date", required: true, description: "test date" },
      {
        name: "test",
        type: "category",
        required: true,
        categories: [
          "cdiff_naat",
          "cdiff_toxin",
          "stool_culture",
          "stool_ova_parasites",
          "cmv_ihc",
          "cmv_pcr_blood",
          "sehcat",
          "glucose_breath_test",
          "lactulose_breath_test",
        ],
        description:
          "test for a mimic; stool_culture: bacterial stool culture (or a multiplex PCR panel); stool_ova_parasites: microscopy for ova, cysts and parasites",
      },
      { name: "result", type: "category", required: true, categories: ["positive", "negative", "indeterminate"], description: "result" },
      {
        name: "sehcat_retention_pct",
        type: "number",
        min: 0,
        max: 100,
        description: "SeHCAT 7-day retention (%; < 15 % abnormal, < 5 % severe)",
      },
      {
        name: "breath_h2_rise_ppm",
        type: "number",
        min: 0,
        max: 500,
        description: "rise in breath hydrogen within 90 min (ppm; >= 20 ppm positive: Rezaie 2017, Am J Gastroenterol 112:775)",
      },
    ],
  },
};

/** Table names in loading order (patients first, so other tables can be checked against it). */
export const COHORT_TABLE_NAMES: readonly CohortTableName[] = [
  "patients",
  "visits",
  "labs",
  "drug_levels",
  "administrations",
  "treatments",
  "endoscopy",
  "gene_expression",
  "strictures",
  "infection_tests",
];
