/**
 * Infliximab in ulcerative colitis (ACT 1 and 2), two compartments, IV. Source: Fasanmade AA et
 * al. 2009, Eur J Clin Pharmacol 65:1211. Every parameter, covariate effect, random effect and the
 * residual error carry their own `citation` (table or section where known) and, where ibd-lab read
 * the value through a secondary source or made a choice of its own, an `unverified` note; see
 * {@link PkModel}.
 * Units: CL, Q in L/day; V in L; KA in 1/day; albumin in g/dL.
 *
 * One published model per file (issue #15): the registry is `models/index.ts` (`PK_MODELS`).
 */
import type { PkModel } from "../types";

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
    // Table 3 prints the variances (omega^2 0.131 and 0.048, as nlmixr2lib transcribes them); the abstract's
    // 37.7 % and 22.1 % are their rounded CVs, which give 0.1329 and 0.0477 read back
    CL: {
      cv: 0.377,
      omega2: 0.131,
      citation: `${FAS09}; omega^2 from Table 3`,
      unverified: "omega^2 read in nlmixr2lib's transcription of Table 3",
    },
    V1: {
      cv: 0.221,
      omega2: 0.048,
      citation: `${FAS09}; omega^2 from Table 3`,
      unverified: "omega^2 read in nlmixr2lib's transcription of Table 3",
    },
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
