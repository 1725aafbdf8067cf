/**
 * Infliximab in children and adults with Crohn's disease, two compartments, IV, weight-based.
 * Source: Fasanmade AA et al. 2011, Clin Ther 33:946. Every parameter, covariate effect, random
 * effect and the residual error carry their own `citation` (table or section where known) and,
 * where ibd-lab read the value through a secondary source or made a choice of its own, an
 * `unverified` note; see {@link PkModel}.
 * Units: CL, Q in L/day; V in L; KA in 1/day; albumin in g/dL.
 *
 * One published model per file (issue #15): the registry is `models/index.ts` (`PK_MODELS`).
 */
import type { PkModel } from "../types";

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
