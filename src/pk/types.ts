/**
 * Data types of the pharmacokinetics module: models are declarative data
 * (parameters with units and citations, covariate equations, variability,
 * residual error), kept apart from the solvers that integrate them, in the
 * spirit of nlmixr2lib model files and mrgsolve model specifications.
 */

/**
 * Patient covariates in canonical units. Only `weightKg` is always required;
 * a model lists the others it needs in {@link PkModel.requiredCovariates}.
 */
export interface Covariates {
  /** Body weight, kg. */
  weightKg: number;
  /** Serum albumin, g/dL (canonical; g/L values are rejected with a UnitError). */
  albuminGdl?: number;
  /** C-reactive protein, mg/L. */
  crpMgL?: number;
  /** Anti-drug antibodies present (assay-positive). Default false. */
  ada?: boolean;
  /**
   * Anti-drug antibody concentration, ng/mL, from a drug-tolerant assay (for models that take
   * antibodies as a level rather than a positive/negative flag, e.g. Song 2025).
   */
  adaNgMl?: number;
  /** Body-mass index, kg/m^2. */
  bmiKgM2?: number;
  /** Female sex. Default false. */
  female?: boolean;
  /** Concomitant immunomodulator (azathioprine, 6-MP, methotrexate). Default false. */
  immunomodulator?: boolean;
  /** Ulcerative colitis rather than Crohn's disease (for models with a disease effect). Default false. */
  ulcerativeColitis?: boolean;
  /** Age, years. */
  ageYears?: number;
  /** Faecal calprotectin, ug/g. */
  calprotectinUgG?: number;
  /** Baseline soluble target (e.g. TNF) concentration, nM: the "target burden" of TMDD models. */
  targetBaselineNm?: number;
  /** Crohn's Disease Activity Index, points (0-700; remission < 150). */
  cdaiScore?: number;
  /** Partial Mayo score, points (0-9: stool frequency, rectal bleeding, physician's global assessment). */
  partialMayoScore?: number;
  /** Treated with an anti-TNF (infliximab, adalimumab, certolizumab, golimumab) before this drug. Default false. */
  priorAntiTnf?: boolean;
  /** Concomitant azathioprine. Default false. (Models that do not split thiopurines use `immunomodulator`.) */
  azathioprine?: boolean;
  /** Concomitant 6-mercaptopurine. Default false. */
  mercaptopurine?: boolean;
  /** Concomitant methotrexate. Default false. */
  methotrexate?: boolean;
  /** Concomitant aminosalicylate (mesalamine/5-ASA, sulfasalazine, balsalazide, olsalazine). Default false. */
  aminosalicylate?: boolean;
}

/** The covariates that are flags (true/false, default false). */
export type BooleanCovariateName = {
  [K in keyof Covariates]-?: NonNullable<Covariates[K]> extends boolean ? K : never;
}[keyof Covariates];

/** Names of the covariates a model may use. */
export type CovariateName = keyof Covariates;

/** One change of covariates at a time point (days after the first dose); fields not given keep their value. */
export interface CovariateChange extends Partial<Covariates> {
  timeDays: number;
}

/**
 * Covariates that may vary in time: a baseline and a list of changes applied
 * piecewise (constant between change points), e.g. albumin recovering, ADA
 * appearing on a date.
 */
export interface CovariateTimeline {
  baseline: Covariates;
  changes: CovariateChange[];
}

/** Either constant covariates or a timeline. */
export type CovariateInput = Covariates | CovariateTimeline;

/** One structural parameter with its unit and source. */
export interface ParameterSpec {
  /** Typical value for the reference patient, in `unit`. */
  value: number;
  /** Unit, e.g. "L/day", "L", "1/day", "nM", "mg/day", "ug/mL", "fraction". */
  unit: string;
  /** What it is, in words. */
  description: string;
  /** Source: authors, year, journal, table. */
  citation: string;
  /** Set when the value or its form has not been checked against the primary paper; says what is uncertain. */
  unverified?: string;
}

/**
 * A covariate equation, multiplying the typical value of `parameter`:
 * - `power`: (cov / reference)^coefficient (1 when the covariate is not given: the reference patient)
 * - `factor`: coefficient^flag (flag = 1 when the boolean covariate is true)
 * - `proportional`: 1 + coefficient * flag
 * - `multiplier`: coefficient, for the patients `when` selects (a typical value that differs between
 *   groups, such as Rosario 2015's linear clearance in Crohn's disease against ulcerative colitis)
 *
 * With `when`, the effect applies only to patients whose flag `when.covariate` equals `when.is`;
 * for the others it multiplies by 1 (Rosario 2015's CDAI acts in Crohn's disease only).
 */
export interface CovariateEffect {
  parameter: string;
  covariate: CovariateName;
  form: "power" | "factor" | "proportional" | "multiplier";
  /** Gate: the effect applies only when this flag has this value (a missing flag is false). Required by `multiplier`. */
  when?: { covariate: BooleanCovariateName; is: boolean };
  coefficient: number;
  /** Reference value for `power` effects, in the covariate's canonical unit. */
  reference?: number;
  /**
   * For `power` effects: the covariate is raised to at least this value before the power is
   * taken, so a result reported as 0 (below the assay's limit) cannot make the parameter 0.
   * A choice of ibd-lab, not of the source paper; the model's notes say where it comes from.
   */
  minimum?: number;
  citation: string;
  unverified?: string;
}

/**
 * Log-normal inter-individual variability of one parameter: P_i = P_typ * exp(eta), eta ~ N(0, omega^2).
 * The variance omega^2 is what the source gives, read as the source defines it (`etaVariance`):
 * `omega2` when the source prints the variance; else from `cv` by `cvDefinition`.
 */
export interface VariabilitySpec {
  /** Published coefficient of variation, as a fraction (0.377 for 37.7 %). */
  cv: number;
  /**
   * What the source's %CV means (default "lognormal"):
   * - "lognormal": the CV of the log-normal parameter, CV = sqrt(exp(omega^2) - 1), so omega^2 = ln(1 + CV^2);
   * - "sd-of-eta": the NONMEM reporting convention %CV = 100 * omega (the SD of eta), so omega^2 = CV^2.
   * They differ little for small CVs (0.20: 0.0392 against 0.0400) and much for large ones (1.05: 0.743 against 1.1025).
   */
  cvDefinition?: "lognormal" | "sd-of-eta";
  /** The variance of eta as the source prints it; when given it is used as is (`cv` is then the source's rounded CV, for display). */
  omega2?: number;
  citation: string;
  unverified?: string;
}

/**
 * A published correlation between two random effects (an off-diagonal of the omega block):
 * cov(eta_a, eta_b) = r * omega_a * omega_b. Random effects without one are independent.
 * See `omegaBlock` (pk/omega.ts) for how samplers and the MAP prior use them.
 */
export interface IivCorrelation {
  /** Two distinct parameters of `iiv`. */
  between: [string, string];
  /** Correlation coefficient, -1 < r < 1. */
  r: number;
  citation: string;
  unverified?: string;
}

/** Combined residual error: sd = sqrt((proportional * C)^2 + additiveUgMl^2). */
export interface ResidualSpec {
  proportional: number;
  additiveUgMl: number;
  citation: string;
  unverified?: string;
}

/**
 * Structure of a model, which decides the solver:
 * - `linear`: 1- or 2-compartment linear model (closed form);
 * - `michaelis-menten`: linear + saturable elimination Vmax*C/(Km+C) (ODE);
 * - `tmdd-qss`, `tmdd-qe`, `tmdd-full`: target-mediated drug disposition (ODE);
 * - `tmdd-qss-double`: QSS binding in both the central and the peripheral compartment (ODE).
 */
export type ModelStructure = "linear" | "michaelis-menten" | "tmdd-qss" | "tmdd-qe" | "tmdd-full" | "tmdd-qss-double";

/**
 * A population PK model as data. Parameter names: CL, V1, Q, V2 (L/day, L),
 * KA (1/day), F (fraction), VMAX (mg/day), KM (ug/mL), KSS / KD (nM),
 * KINT, KDEG, KON (1/nM/day), KOFF (1/day), R0 (nM); for `tmdd-qss-double` also KSSP (nM),
 * KINTP (1/day) and R0P (nM) of the peripheral target.
 */
export interface PkModel {
  id: string;
  drug: "infliximab" | "adalimumab" | "vedolizumab" | "ustekinumab";
  /** Short human-readable name with the source. */
  label: string;
  /** Primary reference of the model. */
  citation: string;
  structure: ModelStructure;
  compartments: 1 | 2;
  /** Molecular weight, kDa (for nM <-> ug/mL). */
  molecularWeightKDa: number;
  parameters: Record<string, ParameterSpec>;
  covariateEffects: CovariateEffect[];
  iiv: Record<string, VariabilitySpec>;
  /** Published correlations between random effects (block omega). Default: none (independent). */
  iivCorrelations?: IivCorrelation[];
  residual: ResidualSpec;
  /** Covariates that must be given (besides weightKg). */
  requiredCovariates: CovariateName[];
  /**
   * Covariates this model cannot use and must refuse rather than ignore, with the reason
   * (e.g. a model that takes antibodies as a concentration refuses the positive/negative flag).
   */
  refusedCovariates?: Partial<Record<CovariateName, string>>;
  /**
   * What the source's drug assay measured, for a target-mediated (TMDD) model whose free and total
   * drug differ: the form a measured level is compared with by default. Linear and
   * Michaelis-Menten models have no bound drug (free = total) and leave it out.
   */
  measuredDrug?: { form: DrugMeasure; citation: string; unverified?: string };
  /** Free-text notes (population, caveats). */
  notes?: string;
  /**
   * Set on a model whose published values are not all in ibd-lab (placeholders stand in for some, each
   * marked `unverified`): why it is provisional. Such a model is not in `PUBLISHED_PK_MODELS`; it is
   * in `PK_MODELS` for the drugs that have no complete model here, and every choice of it says so.
   */
  provisional?: string;
  /**
   * Where the published model's typical profile disagrees with the drug label or other data, in one
   * sentence with the numbers. The model is kept as published (never tuned to the label); this is
   * said beside the figures drawn with it (the pk-whatif calculator's notes).
   */
  disagreement?: string;
}

/**
 * Which drug a level is: "free" (unbound; what a drug-sensitive ELISA or a homogeneous mobility-shift
 * assay of free drug reads) or "total" (free plus bound to the target; what an assay that dissociates
 * the complex reads). The two differ only in target-mediated models, by the drug bound to the target.
 */
export type DrugMeasure = "free" | "total";

/** Individual parameter values (canonical units, see {@link PkModel}). */
export type IndividualParameters = Record<string, number>;

/** One dose. Give exactly one of `amountMg` or `mgPerKg`. */
export interface DoseEvent {
  /** Start of the dose, days after the first dose of the regimen (or any origin shared with observations). */
  timeDays: number;
  amountMg?: number;
  mgPerKg?: number;
  /** "iv" infusion into the central compartment, or "sc" into the absorption depot. */
  route: "iv" | "sc";
  /** Infusion duration, days (IV only). Default 2 h = 1/12 day. */
  infusionDays?: number;
}

/** A named schedule of doses. */
export interface Regimen {
  name: string;
  doses: DoseEvent[];
  /** Maintenance dose and interval, when the regimen has them (used to rank intensity). */
  maintenance?: { mgPerKg?: number; amountMg?: number; intervalDays: number };
}
