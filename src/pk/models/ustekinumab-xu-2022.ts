/**
 * Ustekinumab in Crohn's disease, two compartments with SC absorption (covariate exponents are
 * placeholders). Source: Xu Y et al. 2022, Clin Ther. Every parameter, covariate effect, random
 * effect and the residual error carry their own `citation` (table or section where known) and,
 * where ibd-lab read the value through a secondary source or made a choice of its own, an
 * `unverified` note; see {@link PkModel}.
 * Units: CL, Q in L/day; V in L; KA in 1/day; albumin in g/dL.
 *
 * One published model per file (issue #15): the registry is `models/index.ts` (`PK_MODELS`).
 */
import type { PkModel } from "../types";

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
  label: "Ustekinumab, Xu 2022 (CD; provisional)",
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
  provisional:
    "Provisional, not a published model as it stands: Xu 2022's covariate exponents, variabilities and residual error were not retrieved (standard allometry and typical antibody values stand in) and its SC absorption rate is borrowed from a psoriasis model (Zhu 2009); typical troughs are indicative, and fits and forecasts carry placeholder uncertainty.",
};
