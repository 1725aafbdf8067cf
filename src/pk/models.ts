/**
 * Published population PK models of the monoclonal antibodies used in IBD, as
 * data (see {@link PkModel}). Values come from ../shared/domain-facts.md
 * section 2 with the source named on every parameter; anything marked
 * `unverified` there (or interpreted here) says so in the `unverified` field.
 *
 * Units: CL, Q in L/day; V in L; albumin in g/dL; KSS/KD/R0 in nM.
 */
import { InputError } from "../core/errors";
import { toCanonical, ugPerMlToNanomolar } from "../core/units";
import { assertFinite, finiteOrThrow, optionsObject } from "../core/validate";
import { checkModel } from "./check";
import { validateCovariates } from "./covariates";
import type { CovariateName, Covariates, IndividualParameters, PkModel } from "./types";

const FAS09 = "Fasanmade AA et al. 2009, Eur J Clin Pharmacol 65:1211 (PMC2778780), abstract";
const FAS09_COV = "Fasanmade 2009 covariate model as transcribed in nlmixr2lib";
const FAS09_UNV = "covariate form as transcribed in nlmixr2lib, not checked against Fasanmade 2009 Table 3";

/**
 * Infliximab in ulcerative colitis (ACT 1/2, n = 482), two-compartment IV.
 * Typical terminal half-life about two weeks.
 */
export const INFLIXIMAB_FASANMADE_2009: PkModel = {
  id: "infliximab-fasanmade-2009",
  drug: "infliximab",
  label: "Infliximab, Fasanmade 2009 (UC)",
  citation:
    "Fasanmade AA, Adedokun OJ, Ford J, et al. Population pharmacokinetic analysis of infliximab in patients with ulcerative colitis. Eur J Clin Pharmacol 2009;65:1211-1228",
  structure: "linear",
  compartments: 2,
  molecularWeightKDa: 149.1,
  parameters: {
    CL: { value: 0.407, unit: "L/day", description: "clearance (ALB 4.1 g/dL, ADA-, male)", citation: FAS09 },
    V1: { value: 3.29, unit: "L", description: "central volume (77 kg, male)", citation: FAS09 },
    Q: { value: 7.14, unit: "L/day", description: "intercompartmental clearance", citation: FAS09 },
    V2: { value: 4.13, unit: "L", description: "peripheral volume", citation: FAS09 },
  },
  covariateEffects: [
    {
      parameter: "CL",
      covariate: "albuminGdl",
      form: "power",
      reference: 4.1,
      coefficient: -1.54,
      citation: FAS09_COV,
      unverified: FAS09_UNV,
    },
    { parameter: "CL", covariate: "ada", form: "proportional", coefficient: 0.471, citation: FAS09_COV, unverified: FAS09_UNV },
    { parameter: "CL", covariate: "female", form: "proportional", coefficient: -0.236, citation: FAS09_COV, unverified: FAS09_UNV },
    {
      parameter: "V1",
      covariate: "weightKg",
      form: "power",
      reference: 77,
      coefficient: 0.538,
      citation: FAS09_COV,
      unverified: FAS09_UNV,
    },
    { parameter: "V1", covariate: "female", form: "proportional", coefficient: -0.137, citation: FAS09_COV, unverified: FAS09_UNV },
  ],
  iiv: {
    CL: { cv: 0.377, citation: FAS09 },
    V1: { cv: 0.221, citation: FAS09 },
  },
  residual: {
    proportional: 0.403,
    additiveUgMl: 0.0413,
    citation: "Fasanmade 2009, Table 3, as transcribed in nlmixr2lib (Fasanmade_2009_infliximab.R: propSd 0.403, addSd 0.0413 ug/mL)",
    unverified: "read through nlmixr2lib, not checked against Table 3",
  },
  requiredCovariates: ["weightKg", "albuminGdl"],
  notes: "Adults with UC. Q = 7.14 L/day as in the abstract.",
};

const FAS11 = "Fasanmade AA et al. 2011, Clin Ther 33:946, as used by Frymoyer A et al. 2017, JPGN (PMC5670026)";
const FAS11_UNV =
  "per-kg typical values read as 'at the 65 kg reference', i.e. CL = 5.42 mL/kg/day x 65 kg x (WT/65)^0.313; the exact normalisation was not checked against the paper";

/**
 * Infliximab, paediatric + adult Crohn's disease (Fasanmade 2011), the model
 * Frymoyer 2017 used to show that children under ~30 kg reach lower troughs
 * with mg/kg dosing. Typical values per kg are scaled at the 65 kg reference.
 */
export const INFLIXIMAB_FASANMADE_2011: PkModel = {
  id: "infliximab-fasanmade-2011",
  drug: "infliximab",
  label: "Infliximab, Fasanmade 2011 (CD, weight-based; Frymoyer 2017)",
  citation:
    "Fasanmade AA et al. Pharmacokinetic properties of infliximab in children and adults with Crohn's disease. Clin Ther 2011;33:946-964; Frymoyer A et al. JPGN 2017 (PMC5670026)",
  structure: "linear",
  compartments: 2,
  molecularWeightKDa: 149.1,
  parameters: {
    CL: { value: 5.42e-3 * 65, unit: "L/day", description: "clearance, 5.42 mL/kg/day at 65 kg", citation: FAS11, unverified: FAS11_UNV },
    V1: { value: 52.4e-3 * 65, unit: "L", description: "central volume, 52.4 mL/kg at 65 kg", citation: FAS11, unverified: FAS11_UNV },
    Q: {
      value: 2.26e-3 * 65,
      unit: "L/day",
      description: "intercompartmental clearance, 2.26 mL/kg/day at 65 kg",
      citation: FAS11,
      unverified: FAS11_UNV,
    },
    V2: { value: 19.6e-3 * 65, unit: "L", description: "peripheral volume, 19.6 mL/kg at 65 kg", citation: FAS11, unverified: FAS11_UNV },
  },
  covariateEffects: [
    { parameter: "CL", covariate: "weightKg", form: "power", reference: 65, coefficient: 0.313, citation: FAS11 },
    { parameter: "CL", covariate: "albuminGdl", form: "power", reference: 4.1, coefficient: -0.855, citation: FAS11 },
    { parameter: "CL", covariate: "immunomodulator", form: "factor", coefficient: 0.863, citation: FAS11 },
    { parameter: "CL", covariate: "ada", form: "factor", coefficient: 1.292, citation: FAS11 },
    { parameter: "V1", covariate: "weightKg", form: "power", reference: 65, coefficient: 0.233, citation: FAS11 },
    { parameter: "V2", covariate: "weightKg", form: "power", reference: 65, coefficient: 0.588, citation: FAS11 },
  ],
  iiv: {
    CL: { cv: 0.307, citation: FAS11 },
    V1: { cv: 0.126, citation: FAS11 },
    V2: { cv: 0.553, citation: FAS11 },
  },
  residual: { proportional: 0.292, additiveUgMl: 0.371, citation: FAS11 },
  requiredCovariates: ["weightKg", "albuminGdl"],
};

const SONG25 = "Song JH et al. 2025, Gut Liver 19:376, Table 2 and the final-model equations (p. 380)";
const SONG25_UNV =
  "value and form as transcribed in nlmixr2lib (Song_2025_infliximab.R), which quotes Table 2; not checked by ibd-lab against the paper";
const SONG25_FLOOR =
  "floor chosen by ibd-lab, not by Song 2025: a CRP reported as 0 would make (CRP/1.8)^0.022 zero; 0.6 mg/L is the cohort's lower quartile, which equals its median (Table 1, 0.06 mg/dL), i.e. the reporting floor";

/**
 * Infliximab IV and SC (CT-P13) in Korean adults with IBD on maintenance (Song 2025, n = 181,
 * 2,132 troughs), two compartments with first-order SC absorption. The one model here in which
 * C-reactive protein itself enters clearance: CL = 0.248 (ALB/4.4)^-0.372 (CRP/1.8 mg/L)^0.022
 * (ADA/10 ng/mL)^0.022 (BMI/22.5)^0.360, and SC bioavailability falls with antibody level and BMI.
 * Antibodies enter as a concentration from a drug-tolerant assay (`adaNgMl`); the positive/negative
 * flag `ada` is refused. Built on maintenance troughs only: not for induction.
 */
export const INFLIXIMAB_SONG_2025: PkModel = {
  id: "infliximab-song-2025",
  drug: "infliximab",
  label: "Infliximab IV/SC, Song 2025 (IBD maintenance; CRP on clearance)",
  citation:
    "Song JH, Hong SN, Kim MG, et al. Population pharmacokinetic model for the use of intravenous or subcutaneous infliximab in patients with inflammatory bowel disease: real-world data from a prospective cohort study. Gut Liver 2025;19(3):376-387",
  structure: "linear",
  compartments: 2,
  molecularWeightKDa: 149.1,
  parameters: {
    CL: {
      value: 0.248,
      unit: "L/day",
      description: "clearance at ALB 4.4 g/dL, CRP 1.8 mg/L, ADA 10 ng/mL, BMI 22.5 kg/m^2 (cohort means)",
      citation: SONG25,
      unverified: SONG25_UNV,
    },
    V1: { value: 1.87, unit: "L", description: "central volume", citation: SONG25, unverified: SONG25_UNV },
    Q: {
      value: 0.599,
      unit: "L/day",
      description: "intercompartmental clearance, fixed to Hanzel 2021 (sparse troughs)",
      citation: `${SONG25}; fixed from Hanzel J et al. 2021, Aliment Pharmacol Ther 54:1309`,
      unverified: SONG25_UNV,
    },
    V2: {
      value: 1.96,
      unit: "L",
      description: "peripheral volume, fixed to Hanzel 2021",
      citation: `${SONG25}; fixed from Hanzel J et al. 2021, Aliment Pharmacol Ther 54:1309`,
      unverified: SONG25_UNV,
    },
    KA: { value: 0.083, unit: "1/day", description: "SC absorption rate", citation: SONG25, unverified: SONG25_UNV },
    F: {
      value: 0.667,
      unit: "fraction",
      description: "SC bioavailability at ADA 10 ng/mL, BMI 22.5",
      citation: SONG25,
      unverified: SONG25_UNV,
    },
  },
  covariateEffects: [
    {
      parameter: "CL",
      covariate: "albuminGdl",
      form: "power",
      reference: 4.4,
      coefficient: -0.372,
      citation: SONG25,
      unverified: SONG25_UNV,
    },
    {
      parameter: "CL",
      covariate: "crpMgL",
      form: "power",
      reference: 1.8,
      coefficient: 0.022,
      minimum: 0.6,
      citation: `${SONG25} (0.18 mg/dL = 1.8 mg/L)`,
      unverified: `${SONG25_UNV}; ${SONG25_FLOOR}`,
    },
    {
      parameter: "CL",
      covariate: "adaNgMl",
      form: "power",
      reference: 10,
      coefficient: 0.022,
      minimum: 1,
      citation: SONG25,
      unverified: `${SONG25_UNV}; the 1 ng/mL floor is ibd-lab's choice (the assay reports a positive level for every patient)`,
    },
    { parameter: "CL", covariate: "bmiKgM2", form: "power", reference: 22.5, coefficient: 0.36, citation: SONG25, unverified: SONG25_UNV },
    {
      parameter: "F",
      covariate: "adaNgMl",
      form: "power",
      reference: 10,
      coefficient: -0.213,
      minimum: 1,
      citation: SONG25,
      unverified: `${SONG25_UNV}; the 1 ng/mL floor is ibd-lab's choice`,
    },
    { parameter: "F", covariate: "bmiKgM2", form: "power", reference: 22.5, coefficient: -0.832, citation: SONG25, unverified: SONG25_UNV },
  ],
  iiv: {
    CL: {
      cv: 0.203,
      citation: SONG25,
      unverified: `${SONG25_UNV}; the published CL-F covariance (0.017, correlation about 0.39) is not modelled: ibd-lab's etas are independent`,
    },
    F: { cv: 0.216, citation: SONG25, unverified: SONG25_UNV },
  },
  residual: { proportional: 0.333, additiveUgMl: 0.561, citation: SONG25, unverified: SONG25_UNV },
  requiredCovariates: ["weightKg", "albuminGdl", "crpMgL", "bmiKgM2"],
  refusedCovariates: {
    ada: "no ada flag: Song 2025 takes antibodies as a level, so give adaNgMl (ng/mL, drug-tolerant assay; 10 ng/mL is the assay's positivity cut-off)",
  },
  notes:
    "Maintenance troughs only (IV 5 or 10 mg/kg q8w, SC 120 mg q2w); induction is outside the data. adaNgMl absent means the reference 10 ng/mL (effect 1). With the exponential IIV on F, a few virtual patients get F above 1, as in the published model.",
};

const BER19 = "Berends SE et al. 2019, J Pharmacokinet Pharmacodyn 46:543";

/**
 * Soluble TNF-alpha trimer, 52 kDa: the mass Berends 2019 used to convert TNF to nM (Methods,
 * "molecular weights of 149 kDa (IFX) and 52 kDa (TNF)", as quoted in nlmixr2lib's
 * Berends_2019_infliximab.R). The monomer is about 17.35 kDa (UniProt P01375, soluble form).
 */
export const TNF_MW_KDA = 52;

/**
 * Infliximab in UC with quasi-steady-state target-mediated disposition
 * (Berends 2019): two compartments plus TNF binding (Gibiansky 2008 QSS).
 * The baseline target R0 is the published serum TNF baseline (Bmax 0.38 pM =
 * 19.8 pg/mL), far below KSS, so the typical patient shows little target-mediated
 * loss; set `targetBaselineNm` per patient to explore a larger (tissue) target
 * burden, the antigen-sink lever.
 */
export const INFLIXIMAB_BERENDS_2019_QSS: PkModel = {
  id: "infliximab-berends-2019-qss",
  drug: "infliximab",
  label: "Infliximab QSS-TMDD, Berends 2019 (UC)",
  citation: "Berends SE et al. 2019, J Pharmacokinet Pharmacodyn 46:543 (infliximab quasi-steady-state TMDD model in UC)",
  structure: "tmdd-qss",
  compartments: 2,
  molecularWeightKDa: 149.1,
  parameters: {
    CL: { value: 0.404, unit: "L/day", description: "linear clearance (ALB 3.8 g/dL, ADA-)", citation: BER19 },
    V1: { value: 3.18, unit: "L", description: "central volume", citation: BER19 },
    Q: { value: 0.344, unit: "L/day", description: "intercompartmental clearance", citation: BER19 },
    V2: { value: 1.64, unit: "L", description: "peripheral volume", citation: BER19 },
    KSS: { value: 13.6, unit: "nM", description: "quasi-steady-state constant (koff+kint)/kon", citation: BER19 },
    KINT: { value: 0.984, unit: "1/day", description: "internalisation (complex elimination) rate", citation: BER19 },
    KDEG: { value: 5.12, unit: "1/day", description: "free target degradation rate (fixed)", citation: BER19 },
    R0: {
      value: ugPerMlToNanomolar(19.8e-6, TNF_MW_KDA),
      unit: "nM",
      description: "baseline (serum) TNF, Bmax 19.8 pg/mL = 0.38 pM with the 52 kDa trimer mass",
      citation: `${BER19}, Table 2 (Bmax 0.38 pM = 19.8 pg/mL), as transcribed in nlmixr2lib`,
      unverified: "Table 2 read through nlmixr2lib; tissue TNF, the real sink, is far larger than serum TNF",
    },
  },
  covariateEffects: [
    { parameter: "CL", covariate: "ada", form: "factor", coefficient: 2.15, citation: BER19 },
    {
      parameter: "CL",
      covariate: "albuminGdl",
      form: "power",
      reference: toCanonical(38, "albumin", "g/L"),
      coefficient: -1.13,
      citation: `${BER19} (ALB/38 g/L)`,
    },
  ],
  iiv: {
    CL: {
      cv: 0.292,
      citation: BER19,
      unverified: "the published CL-V1 correlation (0.123, as read by nlmixr2lib) is not modelled: ibd-lab's etas are independent",
    },
    V1: { cv: 0.227, citation: BER19 },
    V2: { cv: 0.742, citation: `${BER19}, Table 2, as transcribed in nlmixr2lib`, unverified: "read through nlmixr2lib" },
    R0: {
      cv: 0.392,
      citation: `${BER19}, Table 2 (IIV of Bmax), as transcribed in nlmixr2lib`,
      unverified: "read through nlmixr2lib; applied around a given targetBaselineNm too",
    },
  },
  residual: { proportional: 0.21, additiveUgMl: 0, citation: BER19 },
  requiredCovariates: ["weightKg", "albuminGdl"],
};

const TER21 = "Ternant D et al. 2021, Pharmaceutics 13:1821, Table 2 (final central + peripheral TMDD model)";
const TER21_UNV = "Table 2 as transcribed in nlmixr2lib (Ternant_2021_infliximab.R), not checked by ibd-lab against the paper";
/** Monolix records omega as the SD of eta; VariabilitySpec holds the equivalent log-normal CV. */
const cvFromOmegaSd = (omegaSd: number) => Math.sqrt(Math.expm1(omegaSd * omegaSd));

/**
 * Infliximab with target-mediated disposition in both compartments (Ternant 2021, 133 IBD
 * patients plus 25 with ankylosing spondylitis as the linear reference): TNF in serum
 * (R0 3.3 nM in Crohn's disease, 5.8 nM in UC, KSS 15.4 nM) and in tissue (R0P 0.46 nM, KSSP
 * 0.49 nM, complexes cleared slowly at 0.0079/day), one TNF turnover fixed at 20/day. The
 * authors linked efficacy to full blockade of the peripheral TNF. Typical values here are for
 * a man (the paper's reference is a woman, with log-shifts for men). Concentrations are of
 * unbound drug, converted with the authors' 1 nM = 0.1442 mg/L (144.2 kDa).
 */
export const INFLIXIMAB_TERNANT_2021_DOUBLE: PkModel = {
  id: "infliximab-ternant-2021-double-tmdd",
  drug: "infliximab",
  label: "Infliximab double QSS-TMDD, Ternant 2021 (IBD)",
  citation:
    "Ternant D, Le Tilly O, Picon L, et al. Infliximab efficacy may be linked to full TNF-alpha blockade in peripheral compartment: a double central-peripheral target-mediated drug disposition (TMDD) model. Pharmaceutics 2021;13(11):1821",
  structure: "tmdd-qss-double",
  compartments: 2,
  molecularWeightKDa: 144.2,
  parameters: {
    CL: {
      value: 0.16 * Math.exp(0.36),
      unit: "L/day",
      description: "linear clearance, men (0.16 L/day in women x exp(0.36); Results: 0.23 in men)",
      citation: TER21,
      unverified: TER21_UNV,
    },
    V1: {
      value: 2.6 * Math.exp(0.13),
      unit: "L",
      description: "central volume, men at 65 kg (2.6 L in women x exp(0.13))",
      citation: TER21,
      unverified: TER21_UNV,
    },
    Q: { value: 1.8, unit: "L/day", description: "intercompartmental clearance", citation: TER21, unverified: TER21_UNV },
    V2: { value: 1.9, unit: "L", description: "peripheral volume", citation: TER21, unverified: TER21_UNV },
    KSS: { value: 15.4, unit: "nM", description: "central quasi-steady-state constant", citation: TER21, unverified: TER21_UNV },
    KINT: { value: 0.17, unit: "1/day", description: "central complex elimination rate", citation: TER21, unverified: TER21_UNV },
    R0: { value: 3.3, unit: "nM", description: "central baseline TNF, Crohn's disease", citation: TER21, unverified: TER21_UNV },
    KSSP: {
      value: 0.49,
      unit: "nM",
      description: "peripheral quasi-steady-state constant (on the V1-referenced scale of the authors' code)",
      citation: TER21,
      unverified: TER21_UNV,
    },
    KINTP: { value: 0.0079, unit: "1/day", description: "peripheral complex elimination rate", citation: TER21, unverified: TER21_UNV },
    R0P: { value: 0.46, unit: "nM", description: "peripheral baseline TNF", citation: TER21, unverified: TER21_UNV },
    KDEG: {
      value: 20,
      unit: "1/day",
      description: "TNF elimination rate, both compartments (fixed after a scan over 5-200/day)",
      citation: TER21,
      unverified: TER21_UNV,
    },
  },
  covariateEffects: [
    { parameter: "CL", covariate: "female", form: "factor", coefficient: Math.exp(-0.36), citation: TER21, unverified: TER21_UNV },
    { parameter: "V1", covariate: "female", form: "factor", coefficient: Math.exp(-0.13), citation: TER21, unverified: TER21_UNV },
    { parameter: "V1", covariate: "weightKg", form: "power", reference: 65, coefficient: 0.33, citation: TER21, unverified: TER21_UNV },
    {
      parameter: "R0",
      covariate: "ulcerativeColitis",
      form: "factor",
      coefficient: Math.exp(0.57),
      citation: `${TER21} (Results: R0 5.8 nM in UC)`,
      unverified: TER21_UNV,
    },
  ],
  iiv: {
    CL: { cv: cvFromOmegaSd(0.35), citation: `${TER21} (omega 0.35)`, unverified: TER21_UNV },
    V1: { cv: cvFromOmegaSd(0.27), citation: `${TER21} (omega 0.27)`, unverified: TER21_UNV },
    V2: { cv: cvFromOmegaSd(0.39), citation: `${TER21} (omega 0.39)`, unverified: TER21_UNV },
    R0: { cv: cvFromOmegaSd(1.0), citation: `${TER21} (omega 1.0)`, unverified: TER21_UNV },
    R0P: { cv: cvFromOmegaSd(1.1), citation: `${TER21} (omega 1.1)`, unverified: TER21_UNV },
  },
  residual: { proportional: 0.2, additiveUgMl: 1.8, citation: TER21, unverified: TER21_UNV },
  requiredCovariates: ["weightKg"],
  notes:
    "Anti-drug antibodies were an exclusion (early) or discarded (later cycles), so the model has no ADA effect; the ada flag is refused. targetBaselineNm replaces the central R0 only. " +
    "Caution: in ibd-lab's simulations the free peripheral TNF is blocked after each infusion but returns to, and briefly exceeds, its baseline between infusions (complexes cleared at 0.0079/day pile up), more so with shorter intervals; this has not been compared with the paper's figures, so treat peripheral-blockade readings from this transcription as unverified.",
  refusedCovariates: {
    ada: "no ada flag: Ternant 2021 excluded antibody-positive cycles, so the model has no antibody effect; use another model to study antibodies",
  },
};

const TER15 = "Ternant D et al. 2015, as tabulated by Marquez-Megias S et al. 2021, Pharmaceutics (PMC8398570)";

/** Adalimumab, one-compartment with first-order SC absorption (apparent CL/F, V/F). */
export const ADALIMUMAB_TERNANT_2015: PkModel = {
  id: "adalimumab-ternant-2015",
  drug: "adalimumab",
  label: "Adalimumab, Ternant 2015",
  citation: TER15,
  structure: "linear",
  compartments: 1,
  molecularWeightKDa: 148,
  parameters: {
    CL: { value: 0.42, unit: "L/day", description: "apparent clearance CL/F (0.0175 L/h)", citation: TER15 },
    V1: { value: 13.5, unit: "L", description: "apparent volume V/F", citation: TER15 },
    KA: { value: 0.15, unit: "1/day", description: "first-order absorption rate", citation: TER15 },
    F: { value: 1, unit: "fraction", description: "bioavailability (absorbed into CL/F, V/F)", citation: TER15 },
  },
  covariateEffects: [{ parameter: "CL", covariate: "ada", form: "proportional", coefficient: 4.5, citation: TER15 }],
  iiv: { CL: { cv: 0.65, citation: TER15 }, V1: { cv: 0.48, citation: TER15 } },
  residual: { proportional: 0.16, additiveUgMl: 1.8, citation: TER15 },
  requiredCovariates: ["weightKg"],
  notes: "Adalimumab molecular weight ~148 kDa (label).",
};

const ROS15 = "Rosario M et al. 2015, Aliment Pharmacol Ther 42:188";

/**
 * Vedolizumab, two-compartment IV with parallel linear and Michaelis-Menten
 * elimination (Rosario 2015). Linear CL for UC (0.155 L/day in CD).
 * Faecal calprotectin and age enter CL if given, else they sit at the reference.
 */
export const VEDOLIZUMAB_ROSARIO_2015: PkModel = {
  id: "vedolizumab-rosario-2015",
  drug: "vedolizumab",
  label: "Vedolizumab, Rosario 2015 (linear + Michaelis-Menten)",
  citation:
    "Rosario M, Dirks NL, Gastonguay MR, et al. Population pharmacokinetics-pharmacodynamics of vedolizumab in patients with ulcerative colitis and Crohn's disease. Aliment Pharmacol Ther 2015;42:188-202",
  structure: "michaelis-menten",
  compartments: 2,
  molecularWeightKDa: 147,
  parameters: {
    CL: { value: 0.159, unit: "L/day", description: "linear clearance (UC; 0.155 in CD)", citation: ROS15 },
    V1: { value: 3.19, unit: "L", description: "central volume", citation: ROS15 },
    Q: { value: 0.12, unit: "L/day", description: "intercompartmental clearance", citation: ROS15 },
    V2: { value: 1.65, unit: "L", description: "peripheral volume", citation: ROS15 },
    VMAX: { value: 0.265, unit: "mg/day", description: "maximum saturable elimination rate", citation: ROS15 },
    KM: { value: 0.964, unit: "ug/mL", description: "concentration at half Vmax", citation: ROS15 },
  },
  covariateEffects: [
    { parameter: "CL", covariate: "weightKg", form: "power", reference: 70, coefficient: 0.362, citation: ROS15 },
    { parameter: "CL", covariate: "albuminGdl", form: "power", reference: 4, coefficient: -1.18, citation: ROS15 },
    {
      parameter: "CL",
      covariate: "calprotectinUgG",
      form: "power",
      reference: 700,
      coefficient: 0.031,
      minimum: 20,
      citation: ROS15,
      unverified: "floor of 20 ug/g chosen by ibd-lab (a common lower reporting limit), so a calprotectin reported as 0 cannot make CL 0",
    },
    {
      parameter: "CL",
      covariate: "ageYears",
      form: "power",
      reference: 40,
      coefficient: -0.0346,
      minimum: 18,
      citation: ROS15,
      unverified: "ages under 18 are taken as 18 (ibd-lab's choice: the trials enrolled adults, and age 0 would make CL infinite)",
    },
    { parameter: "CL", covariate: "ada", form: "factor", coefficient: 1.12, citation: ROS15 },
    { parameter: "V1", covariate: "weightKg", form: "power", reference: 70, coefficient: 0.467, citation: ROS15 },
  ],
  iiv: { CL: { cv: 0.346, citation: ROS15 }, V1: { cv: 0.191, citation: ROS15 }, VMAX: { cv: 1.05, citation: ROS15 } },
  residual: { proportional: 0.235, additiveUgMl: 0, citation: ROS15 },
  requiredCovariates: ["weightKg", "albuminGdl"],
  notes: "Vedolizumab molecular weight ~147 kDa.",
};

const XU22 = "Xu Y et al. 2022, Clin Ther (ustekinumab population PK in Crohn's disease)";
const UST_COV_UNV =
  "Xu 2022 exponents were not retrieved: the weight exponents here are standard monoclonal-antibody allometry (0.75 on CL and Q, 1 on volumes), a placeholder, not the published values";

/**
 * Ustekinumab in Crohn's disease (Xu 2022), two compartments, SC bioavailability
 * 78.3 %. V1 2.74 L from the label; V2 = Vss - V1. The absorption rate and the
 * covariate exponents are placeholders (see `unverified`).
 */
export const USTEKINUMAB_XU_2022: PkModel = {
  id: "ustekinumab-xu-2022",
  drug: "ustekinumab",
  label: "Ustekinumab, Xu 2022 (CD)",
  citation: XU22,
  structure: "linear",
  compartments: 2,
  molecularWeightKDa: 148.6,
  parameters: {
    CL: { value: 0.192, unit: "L/day", description: "clearance (70 kg)", citation: XU22 },
    V1: { value: 2.74, unit: "L", description: "central volume", citation: "Stelara label (V1 2.74 L)" },
    Q: { value: 0.287, unit: "L/day", description: "intercompartmental clearance", citation: XU22 },
    V2: {
      value: 4.62 - 2.74,
      unit: "L",
      description: "peripheral volume = Vss 4.62 - V1",
      citation: XU22,
      unverified: "derived as Vss - V1",
    },
    KA: {
      value: 0.354,
      unit: "1/day",
      description: "SC absorption rate",
      citation: "Zhu Y et al. 2009, J Clin Pharmacol 49:162, abstract (psoriasis, PHOENIX 1 and 2: ka 0.354/day)",
      unverified:
        "not from Xu 2022: the value is the psoriasis one-compartment model's (checked against the Zhu 2009 abstract), borrowed for Crohn's disease",
    },
    F: { value: 0.783, unit: "fraction", description: "SC bioavailability", citation: XU22 },
  },
  covariateEffects: [
    {
      parameter: "CL",
      covariate: "weightKg",
      form: "power",
      reference: 70,
      coefficient: 0.75,
      citation: "standard allometry",
      unverified: UST_COV_UNV,
    },
    {
      parameter: "Q",
      covariate: "weightKg",
      form: "power",
      reference: 70,
      coefficient: 0.75,
      citation: "standard allometry",
      unverified: UST_COV_UNV,
    },
    {
      parameter: "V1",
      covariate: "weightKg",
      form: "power",
      reference: 70,
      coefficient: 1,
      citation: "standard allometry",
      unverified: UST_COV_UNV,
    },
    {
      parameter: "V2",
      covariate: "weightKg",
      form: "power",
      reference: 70,
      coefficient: 1,
      citation: "standard allometry",
      unverified: UST_COV_UNV,
    },
  ],
  iiv: {
    CL: { cv: 0.35, citation: "placeholder", unverified: "IIV not retrieved; 35 % is a typical mAb value" },
    V1: { cv: 0.25, citation: "placeholder", unverified: "IIV not retrieved" },
  },
  residual: { proportional: 0.2, additiveUgMl: 0.05, citation: "placeholder", unverified: "residual error not retrieved" },
  requiredCovariates: ["weightKg"],
};

/** Every published model in this module, by id. */
export const PK_MODELS: Record<string, PkModel> = Object.fromEntries(
  [
    INFLIXIMAB_FASANMADE_2009,
    INFLIXIMAB_FASANMADE_2011,
    INFLIXIMAB_SONG_2025,
    INFLIXIMAB_BERENDS_2019_QSS,
    INFLIXIMAB_TERNANT_2021_DOUBLE,
    ADALIMUMAB_TERNANT_2015,
    VEDOLIZUMAB_ROSARIO_2015,
    USTEKINUMAB_XU_2022,
  ].map((m) => [m.id, m]),
);

/**
 * A TMDD model re-expressed with another approximation (Mager & Jusko 2001;
 * Gibiansky 2008): `tmdd-qe` uses KD = KSS (rapid binding, no internalisation
 * during binding); `tmdd-full` adds explicit binding with kon (1/nM/day) and
 * koff = KSS*kon - kint, which tends to the QSS model as kon grows (and becomes
 * stiff). For teaching and solver checks.
 * @example tmddVariant(INFLIXIMAB_BERENDS_2019_QSS, "tmdd-full", { konPerNmDay: 50 })
 */
export function tmddVariant(
  model: PkModel,
  structure: "tmdd-qe" | "tmdd-full" | "tmdd-qss",
  options: { konPerNmDay?: number } = {},
): PkModel {
  if (!["tmdd-qss", "tmdd-qe", "tmdd-full"].includes(model.structure))
    throw new InputError({
      field: "model.structure",
      value: model.structure,
      expected: "a single-target TMDD model (tmdd-qss, tmdd-qe or tmdd-full)",
    });
  const p = { ...model.parameters };
  if (structure === "tmdd-qe") p.KD = { ...p.KSS, description: "dissociation constant (QE: KD taken equal to KSS)" };
  if (structure === "tmdd-full") {
    const kon = options.konPerNmDay ?? 50;
    p.KON = { value: kon, unit: "1/nM/day", description: "association rate (chosen)", citation: "chosen for the full Mager-Jusko form" };
  }
  return { ...model, id: `${model.id}-${structure}`, structure, parameters: p, label: `${model.label} [${structure}]` };
}

function flag(c: Covariates, name: keyof Covariates): number {
  return c[name] === true ? 1 : 0;
}

/**
 * Largest random effect accepted, |eta| <= 10: exp(10) multiplies a parameter by 22,000, more than
 * 10 standard deviations for every published IIV here (omega <= 1.1); anything larger is a
 * mistake (e.g. a CV typed as a percentage), not a patient.
 */
export const MAX_ABS_ETA = 10;

/**
 * Individual parameters: typical values times covariate effects times
 * exp(eta) for each random effect given.
 *
 *   P_i = P_typ * prod(effects(covariates)) * exp(eta_P)
 *
 * A `power` effect whose covariate is absent (and not required) is 1, i.e. the
 * patient sits at the reference value.
 * @param etas random effects (log scale) keyed by the model's random effects (the keys of
 * `model.iiv`), each a finite number with |eta| <= {@link MAX_ABS_ETA}. Default: none (typical patient).
 * @throws InputError for a malformed model or covariates, or an eta that is not a finite number or
 * not one of the model's random effects.
 * @example individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: 77, albuminGdl: 4.1 }).CL // 0.407
 */
export function individualParameters(model: PkModel, covariates: Covariates, etas?: Record<string, number>): IndividualParameters {
  const m = checkModel(model);
  const e = optionsObject(etas, "etas");
  for (const k of Object.keys(e)) {
    if (!Object.hasOwn(m.iiv, k)) {
      throw new InputError({
        field: `etas.${k}`,
        value: e[k],
        expected: `a random effect of this model: one of ${Object.keys(m.iiv).join(", ")}`,
      });
    }
    const v = assertFinite(e[k], `etas.${k}`);
    if (Math.abs(v) > MAX_ABS_ETA) {
      throw new InputError({ field: `etas.${k}`, value: v, expected: `a random effect (log scale) within ±${MAX_ABS_ETA}` });
    }
  }
  return typicalTimesEtas(m, covariates, e);
}

/** {@link individualParameters} on a checked model and checked etas (the solvers' inner loop). */
function typicalTimesEtas(model: PkModel, covariates: Covariates, etas: Record<string, number>): IndividualParameters {
  const c = validateCovariates(covariates, model.requiredCovariates);
  for (const [name, reason] of Object.entries(model.refusedCovariates ?? {})) {
    const v = c[name as CovariateName];
    if (v !== undefined && v !== false) throw new InputError({ field: `covariates.${name}`, value: v, expected: reason });
  }
  const out: IndividualParameters = {};
  for (const [k, spec] of Object.entries(model.parameters)) out[k] = spec.value;
  for (const e of model.covariateEffects) {
    if (!Object.hasOwn(out, e.parameter)) continue;
    let f = 1;
    if (e.form === "power") {
      const v = c[e.covariate];
      if (typeof v === "number") f = (Math.max(v, e.minimum ?? 0) / (e.reference ?? 1)) ** e.coefficient;
    } else if (e.form === "factor") {
      f = e.coefficient ** flag(c, e.covariate);
    } else {
      f = 1 + e.coefficient * flag(c, e.covariate);
    }
    out[e.parameter] *= f;
  }
  // a patient's target burden replaces the typical R0; a random effect on R0 then varies around it
  if (model.structure.startsWith("tmdd") && c.targetBaselineNm !== undefined) out.R0 = c.targetBaselineNm;
  for (const [k, eta] of Object.entries(etas)) out[k] *= Math.exp(eta);
  for (const [k, v] of Object.entries(out)) {
    finiteOrThrow(v, `individual ${k}`);
    if (v < 0 || (v === 0 && (k === "CL" || k === "V1" || k === "V2"))) {
      throw new InputError(
        { field: `individual ${k}`, value: v, expected: k === "CL" || k === "V1" || k === "V2" ? "a parameter > 0" : "a parameter >= 0" },
        "a covariate effect made the parameter negative (check the covariates and the model's coefficients)",
      );
    }
  }
  return out;
}

/** Variance of eta for a published CV: omega^2 = ln(1 + CV^2) (exact for a log-normal). */
export function omegaSquared(cv: number): number {
  return Math.log1p(cv * cv);
}

/** Residual standard deviation (ug/mL) at a predicted concentration: sqrt((prop*C)^2 + add^2). */
export function residualSdUgMl(model: PkModel, predictedUgMl: number): number {
  const r = model.residual;
  return Math.sqrt((r.proportional * predictedUgMl) ** 2 + r.additiveUgMl ** 2);
}
