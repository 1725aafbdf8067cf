/**
 * Vedolizumab, two compartments with parallel linear and Michaelis-Menten elimination (structure
 * "michaelis-menten"). Source: Rosario M et al. 2015, Aliment Pharmacol Ther 42:188. Every
 * parameter, covariate effect, random effect and the residual error carry their own `citation`
 * (table or section where known) and, where ibd-lab read the value through a secondary source or
 * made a choice of its own, an `unverified` note; see {@link PkModel}.
 * Units: CL, Q in L/day; V in L; KA in 1/day; VMAX in mg/day; KM in ug/mL; albumin in g/dL.
 *
 * One published model per file (issue #15): the registry is `models/index.ts` (`PK_MODELS`).
 */
import type { PkModel } from "../types";

const ROS15 = "Rosario M et al. 2015, Aliment Pharmacol Ther 42:188";
const ROS15_CV = "the definition %CV = 100 x omega is read in nlmixr2lib's transcription of Table S2, not in the paper";

/**
 * Vedolizumab, two-compartment IV with parallel linear and Michaelis-Menten
 * elimination (Rosario 2015), with every covariate of the final model (Table S4):
 *
 *   CLL = 0.159 L/day (UC) or 0.155 (CD) x (WT/70)^0.362 x (ALB/4)^-1.18 x (FCP/700)^0.031
 *         x (AGE/40)^-0.0346 x (CDAI/300)^-0.0515 [CD] x (pMayo/6)^0.0408 [UC]
 *         x 1.04^priorTNF x 1.12^ADA x 0.998^AZA x 1.04^6MP x 0.983^MTX x 1.02^5ASA
 *   Vc = 3.19 L x (WT/70)^0.467 x 1.01^CD;  Vp = 1.65 x (WT/70);  Q = 0.12 x (WT/70)^0.75;
 *   Vmax = 0.265 mg/day x (WT/70)^0.75;  Km = 0.964 ug/mL
 *
 * A continuous covariate that is not given sits at the reference patient's value (Table 2 footnote:
 * 70 kg, 40 years, albumin 4 g/dL, calprotectin 700, CDAI 300, partial Mayo 6); a flag that is not
 * given is false (no concomitant drug, TNF-naive, ADA-negative, Crohn's disease unless
 * `ulcerativeColitis`).
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
    CL: {
      value: 0.159,
      unit: "L/day",
      description: "linear clearance of the reference UC patient (0.155 in CD, below)",
      citation: `${ROS15}, Table 2`,
    },
    V1: { value: 3.19, unit: "L", description: "central volume of the reference UC patient", citation: `${ROS15}, Table 2` },
    Q: { value: 0.12, unit: "L/day", description: "intercompartmental clearance", citation: `${ROS15}, Table 2` },
    V2: { value: 1.65, unit: "L", description: "peripheral volume", citation: `${ROS15}, Table 2` },
    VMAX: { value: 0.265, unit: "mg/day", description: "maximum saturable elimination rate", citation: `${ROS15}, Table 2` },
    KM: { value: 0.964, unit: "ug/mL", description: "concentration at half Vmax", citation: `${ROS15}, Table 2` },
  },
  covariateEffects: [
    { parameter: "CL", covariate: "weightKg", form: "power", reference: 70, coefficient: 0.362, citation: `${ROS15}, Table S4` },
    { parameter: "CL", covariate: "albuminGdl", form: "power", reference: 4, coefficient: -1.18, citation: `${ROS15}, Table S4` },
    {
      parameter: "CL",
      covariate: "calprotectinUgG",
      form: "power",
      reference: 700,
      coefficient: 0.031,
      minimum: 20,
      citation: `${ROS15}, Table S4`,
      unverified: "floor of 20 ug/g chosen by ibd-lab (a common lower reporting limit), so a calprotectin reported as 0 cannot make CL 0",
    },
    {
      parameter: "CL",
      covariate: "ageYears",
      form: "power",
      reference: 40,
      coefficient: -0.0346,
      minimum: 18,
      citation: `${ROS15}, Table S4`,
      unverified: "ages under 18 are taken as 18 (ibd-lab's choice: the trials enrolled adults, and age 0 would make CL infinite)",
    },
    // Crohn's disease: its own typical CLL (Table 2: 0.155 against 0.159 L/day in UC) and Vc x 1.01 (Table S4)
    {
      parameter: "CL",
      covariate: "ulcerativeColitis",
      form: "multiplier",
      coefficient: 0.155 / 0.159,
      when: { covariate: "ulcerativeColitis", is: false },
      citation: `${ROS15}, Table 2 (CLL 0.155 L/day in CD, 0.159 in UC)`,
    },
    {
      parameter: "V1",
      covariate: "ulcerativeColitis",
      form: "multiplier",
      coefficient: 1.01,
      when: { covariate: "ulcerativeColitis", is: false },
      citation: `${ROS15}, Table S4`,
    },
    // disease activity: CDAI in Crohn's disease only, partial Mayo in ulcerative colitis only (Table S4)
    {
      parameter: "CL",
      covariate: "cdaiScore",
      form: "power",
      reference: 300,
      coefficient: -0.0515,
      minimum: 1,
      when: { covariate: "ulcerativeColitis", is: false },
      citation: `${ROS15}, Table S4`,
      unverified: "a CDAI of 0 is taken as 1 point (ibd-lab's choice: 0 would make CL infinite)",
    },
    {
      parameter: "CL",
      covariate: "partialMayoScore",
      form: "power",
      reference: 6,
      coefficient: 0.0408,
      minimum: 1,
      when: { covariate: "ulcerativeColitis", is: true },
      citation: `${ROS15}, Table S4`,
      unverified: "a partial Mayo score of 0 is taken as 1 point (ibd-lab's choice: 0 would make CL 0)",
    },
    { parameter: "CL", covariate: "ada", form: "factor", coefficient: 1.12, citation: `${ROS15}, Table S4` },
    { parameter: "CL", covariate: "priorAntiTnf", form: "factor", coefficient: 1.04, citation: `${ROS15}, Table S4` },
    { parameter: "CL", covariate: "azathioprine", form: "factor", coefficient: 0.998, citation: `${ROS15}, Table S4` },
    { parameter: "CL", covariate: "mercaptopurine", form: "factor", coefficient: 1.04, citation: `${ROS15}, Table S4` },
    { parameter: "CL", covariate: "methotrexate", form: "factor", coefficient: 0.983, citation: `${ROS15}, Table S4` },
    { parameter: "CL", covariate: "aminosalicylate", form: "factor", coefficient: 1.02, citation: `${ROS15}, Table S4` },
    { parameter: "V1", covariate: "weightKg", form: "power", reference: 70, coefficient: 0.467, citation: `${ROS15}, Table S4` },
    // Fixed allometric exponents of the final model (Rosario 2015, Table S4, as transcribed in nlmixr2lib's
    // Rosario_2015_vedolizumab.R; ../shared/domain-facts.md section 2, corrected row): without them a 50 kg
    // patient's trough comes out about 15 % too high.
    { parameter: "V2", covariate: "weightKg", form: "power", reference: 70, coefficient: 1, citation: `${ROS15}, Table S4 (fixed)` },
    { parameter: "Q", covariate: "weightKg", form: "power", reference: 70, coefficient: 0.75, citation: `${ROS15}, Table S4 (fixed)` },
    { parameter: "VMAX", covariate: "weightKg", form: "power", reference: 70, coefficient: 0.75, citation: `${ROS15}, Table S4 (fixed)` },
  ],
  // Table S2 reports %CV = 100 x omega (the SD of eta), as nlmixr2lib's Rosario_2015_vedolizumab.R quotes it:
  // omega^2 = CV^2 (Vmax: 1.1025; read as a log-normal CV it would be 0.743, a third smaller)
  iiv: {
    CL: { cv: 0.346, cvDefinition: "sd-of-eta", citation: `${ROS15}, Table S2`, unverified: ROS15_CV },
    V1: { cv: 0.191, cvDefinition: "sd-of-eta", citation: `${ROS15}, Table S2`, unverified: ROS15_CV },
    VMAX: { cv: 1.05, cvDefinition: "sd-of-eta", citation: `${ROS15}, Table S2`, unverified: ROS15_CV },
  },
  // Correlated random effects (block omega), Rosario 2015 Table S2 as transcribed in nlmixr2lib's
  // Rosario_2015_vedolizumab.R (../shared/domain-facts.md section 2, corrected row)
  iivCorrelations: [
    { between: ["CL", "V1"], r: 0.566, citation: `${ROS15}, Table S2` },
    { between: ["CL", "VMAX"], r: -0.192, citation: `${ROS15}, Table S2` },
    { between: ["V1", "VMAX"], r: -0.267, citation: `${ROS15}, Table S2` },
  ],
  residual: { proportional: 0.235, additiveUgMl: 0, citation: `${ROS15}, Table 2 (sigma^2 0.0554, 23.5 %)` },
  requiredCovariates: ["weightKg", "albuminGdl"],
  notes:
    "Vedolizumab molecular weight ~147 kDa. Table S4's covariates are all here; a patient without a diagnosis is taken as Crohn's disease (CLL 0.155), the default of `ulcerativeColitis`. nlmixr2lib's Rosario_2015_vedolizumab.R agrees on every value.",
};
