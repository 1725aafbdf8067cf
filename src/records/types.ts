/**
 * Types of a patient record: everything the cohort tables hold about one patient, joined once
 * (by {@link patientRecords}) and typed, with units in the names. Dates are ISO strings
 * (`YYYY-MM-DD`, the one date type of a record); missing values are null, never NaN or undefined.
 */

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** A value measured on a date. */
export interface Dated {
  date: IsoDate;
  value: number;
}

/** One dose actually given (administrations.csv). */
export interface Administration {
  date: IsoDate;
  drug: string;
  doseMg: number;
  route: "IV" | "SC";
  /** Infusion duration (IV), hours; null when not recorded (IV: 2 hours assumed by the PK functions) or SC. */
  infusionHours: number | null;
}

/** An anti-drug antibody reading on the same sample as a drug level. */
export interface AdaReading {
  assay: string | null;
  /** Level in the assay's own units (never compare across assays). */
  levelUMl: number | null;
  /** The assay's positivity cut-off, in the same units. */
  thresholdUMl: number | null;
  result: "positive" | "negative" | "inconclusive" | null;
}

/** One drug level, measured or censored (outside the assay's range). */
export interface DrugLevelRecord {
  date: IsoDate;
  drug: string;
  /** Measured level, ug/mL; null when censored. */
  valueUgMl: number | null;
  /** "below" the lower limit of quantification, "above" the upper limit, or null when measured. */
  censored: "below" | "above" | null;
  /** The limit a censored level lies beyond, ug/mL; null when measured. */
  limitUgMl: number | null;
  /** The assay's lower limit of quantification when the file gives it, ug/mL. */
  lloqUgMl: number | null;
  ada: AdaReading;
}

/** One row of treatments.csv: a course or phase of a drug. */
export interface TreatmentCourse {
  drug: string;
  drugClass: string | null;
  startDate: IsoDate;
  /** Last dose; null = ongoing. */
  stopDate: IsoDate | null;
  route: string | null;
  /** Daily dose (oral), starting daily dose (steroid course) or dose per administration (biologics), mg. */
  doseMg: number | null;
  schedule: string | null;
  phase: string | null;
  /** Lowest daily steroid dose reached, mg/day (steroid courses). */
  lowestDoseMg: number | null;
  stopReason: string | null;
}

/** One reading of a symptom instrument (visits.csv) or one reader's endoscopic score (endoscopy.csv). */
export interface ScoreReading {
  date: IsoDate;
  week: number | null;
  instrument: string;
  /** Reading number (symptoms) or reader number (endoscopy). */
  reading: number;
  score: number;
}

/** One lab sample (labs.csv). */
export interface LabSample {
  date: IsoDate;
  week: number | null;
  crpMgL: number | null;
  albuminGdl: number | null;
  hemoglobinGdl: number | null;
  calprotectinUgG: number | null;
  /** Calprotectin of the next day's stool (the test-retest pair). */
  calprotectinDay2UgG: number | null;
}

/** One stricture assessment (strictures.csv). */
export interface StrictureAssessment {
  date: IsoDate;
  week: number | null;
  location: string;
  modality: string | null;
  type: string | null;
  lengthMm: number;
  minDiameterMm: number;
  prestenoticDilationMm: number | null;
}

/** One test for an infection or another mimic (infection_tests.csv). */
export interface InfectionTest {
  date: IsoDate;
  test: string;
  result: "positive" | "negative" | "indeterminate";
  sehcatRetentionPct: number | null;
  breathH2RisePpm: number | null;
}

/** One gene's expression in one biopsy (gene_expression.csv). */
export interface GeneExpression {
  date: IsoDate;
  week: number | null;
  gene: string;
  pathway: string | null;
  log2Expression: number;
}

/** Everything the cohort holds about one patient. Lists are sorted by date. */
export interface PatientRecord {
  patientId: string;
  disease: "UC" | "CD" | "IBDU";
  sex: "F" | "M" | null;
  ageYears: number | null;
  /** Weight at baseline, kg. */
  weightKg: number | null;
  heightCm: number | null;
  diagnosisDate: IsoDate | null;
  /** First dose of the first biologic (week 0). */
  baselineDate: IsoDate | null;
  extent: string | null;
  behavior: string | null;
  ilealResection: boolean | null;
  smoker: string | null;
  /** On a thiopurine at baseline. */
  immunomodulator: boolean | null;
  firstBiologic: string | null;
  teachingCase: string | null;
  /** Covariates as dated series (weight: the baseline weight at the baseline date). */
  covariates: {
    weightKg: Dated[];
    albuminGdl: Dated[];
    crpMgL: Dated[];
    calprotectinUgG: Dated[];
  };
  labs: LabSample[];
  administrations: Administration[];
  drugLevels: DrugLevelRecord[];
  treatments: TreatmentCourse[];
  symptoms: ScoreReading[];
  endoscopy: ScoreReading[];
  strictures: StrictureAssessment[];
  infectionTests: InfectionTest[];
  geneExpression: GeneExpression[];
}
