/**
 * Adalimumab, one compartment with first-order SC absorption. Source: Ternant D et al. 2015, as
 * tabulated by Marquez-Megias S et al. 2021. Every parameter, covariate effect, random effect and
 * the residual error carry their own `citation` (table or section where known) and, where ibd-lab
 * read the value through a secondary source or made a choice of its own, an `unverified` note; see
 * {@link PkModel}.
 * Units: CL, Q in L/day; V in L; KA in 1/day; albumin in g/dL.
 *
 * One published model per file (issue #15): the registry is `models/index.ts` (`PK_MODELS`).
 */
import type { PkModel } from "../types";

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
  disagreement:
    "Kept as published: with ka 0.15/day (fitted mostly on troughs) the typical single 40 mg dose peaks near day 13, where the Humira label's healthy volunteers peak at 131 +/- 56 h (about day 5.5, 4.7 µg/mL); troughs, not the rise after a dose, are what this model describes.",
};
