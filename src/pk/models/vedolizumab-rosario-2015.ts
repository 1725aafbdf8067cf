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
    // Fixed allometric exponents of the final model (Rosario 2015, Table S4, as transcribed in nlmixr2lib's
    // Rosario_2015_vedolizumab.R; ../shared/domain-facts.md section 2, corrected row): without them a 50 kg
    // patient's trough comes out about 15 % too high.
    { parameter: "V2", covariate: "weightKg", form: "power", reference: 70, coefficient: 1, citation: `${ROS15}, Table S4 (fixed)` },
    { parameter: "Q", covariate: "weightKg", form: "power", reference: 70, coefficient: 0.75, citation: `${ROS15}, Table S4 (fixed)` },
    { parameter: "VMAX", covariate: "weightKg", form: "power", reference: 70, coefficient: 0.75, citation: `${ROS15}, Table S4 (fixed)` },
  ],
  iiv: { CL: { cv: 0.346, citation: ROS15 }, V1: { cv: 0.191, citation: ROS15 }, VMAX: { cv: 1.05, citation: ROS15 } },
  // Correlated random effects (block omega), Rosario 2015 Table S2 as transcribed in nlmixr2lib's
  // Rosario_2015_vedolizumab.R (../shared/domain-facts.md section 2, corrected row)
  iivCorrelations: [
    { between: ["CL", "V1"], r: 0.566, citation: `${ROS15}, Table S2` },
    { between: ["CL", "VMAX"], r: -0.192, citation: `${ROS15}, Table S2` },
    { between: ["V1", "VMAX"], r: -0.267, citation: `${ROS15}, Table S2` },
  ],
  residual: { proportional: 0.235, additiveUgMl: 0, citation: ROS15 },
  requiredCovariates: ["weightKg", "albuminGdl"],
  notes: "Vedolizumab molecular weight ~147 kDa.",
};
