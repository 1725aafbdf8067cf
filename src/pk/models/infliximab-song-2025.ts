/**
 * Infliximab IV and SC (CT-P13) in Korean adults with IBD on maintenance, two compartments with SC
 * absorption. Source: Song JH et al. 2025, Gut Liver 19:376. Every parameter, covariate effect,
 * random effect and the residual error carry their own `citation` (table or section where known)
 * and, where ibd-lab read the value through a secondary source or made a choice of its own, an
 * `unverified` note; see {@link PkModel}.
 * Units: CL, Q in L/day; V in L; KA in 1/day; albumin in g/dL.
 *
 * One published model per file (issue #15): the registry is `models/index.ts` (`PK_MODELS`).
 */
import type { PkModel } from "../types";

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
    // Table 2's %CV read with the NONMEM convention %CV = 100 x omega, as nlmixr2lib reads it; with it the
    // published covariance 0.017 gives r = 0.388 below, and the omega block reproduces 0.017
    CL: { cv: 0.203, cvDefinition: "sd-of-eta", citation: `${SONG25}, Table 2`, unverified: SONG25_UNV },
    F: { cv: 0.216, cvDefinition: "sd-of-eta", citation: `${SONG25}, Table 2`, unverified: SONG25_UNV },
  },
  iivCorrelations: [
    {
      between: ["CL", "F"],
      r: 0.388,
      citation: `${SONG25}, Table 2 (Cov CL-F 0.017)`,
      unverified: `${SONG25_UNV}; r = 0.017 / (0.203 x 0.216) = 0.388, the %CVs read as the SD of eta (cvDefinition above), as nlmixr2lib reads them`,
    },
  ],
  residual: { proportional: 0.333, additiveUgMl: 0.561, citation: SONG25, unverified: SONG25_UNV },
  requiredCovariates: ["weightKg", "albuminGdl", "crpMgL", "bmiKgM2"],
  refusedCovariates: {
    ada: "no ada flag: Song 2025 takes antibodies as a level, so give adaNgMl (ng/mL, drug-tolerant assay; 10 ng/mL is the assay's positivity cut-off)",
  },
  notes:
    "Maintenance troughs only (IV 5 or 10 mg/kg q8w, SC 120 mg q2w); induction is outside the data. adaNgMl absent means the reference 10 ng/mL (effect 1). With the exponential IIV on F, a few virtual patients get F above 1, as in the published model.",
};
