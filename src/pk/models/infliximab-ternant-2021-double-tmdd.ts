/**
 * Infliximab with target-mediated disposition in the central and peripheral compartments
 * (structure "tmdd-qss-double"). Source: Ternant D et al. 2021, Pharmaceutics 13:1821. Every
 * parameter, covariate effect, random effect and the residual error carry their own `citation`
 * (table or section where known) and, where ibd-lab read the value through a secondary source or
 * made a choice of its own, an `unverified` note; see {@link PkModel}.
 * Units: CL, Q in L/day; V in L; KINT, KINTP, KDEG in 1/day; KSS, KSSP, R0, R0P in nM.
 *
 * One published model per file (issue #15): the registry is `models/index.ts` (`PK_MODELS`).
 */

import { pexp, pexpm1 } from "../../core/portable-math";
import type { PkModel } from "../types";

const TER21 = "Ternant D et al. 2021, Pharmaceutics 13:1821, Table 2 (final central + peripheral TMDD model)";
const TER21_UNV = "Table 2 as transcribed in nlmixr2lib (Ternant_2021_infliximab.R), not checked by ibd-lab against the paper";
/** Monolix records omega as the SD of eta; VariabilitySpec holds the equivalent log-normal CV. */
const cvFromOmegaSd = (omegaSd: number) => Math.sqrt(pexpm1(omegaSd * omegaSd));

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
      value: 0.16 * pexp(0.36),
      unit: "L/day",
      description: "linear clearance, men (0.16 L/day in women x exp(0.36); Results: 0.23 in men)",
      citation: TER21,
      unverified: TER21_UNV,
    },
    V1: {
      value: 2.6 * pexp(0.13),
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
    { parameter: "CL", covariate: "female", form: "factor", coefficient: pexp(-0.36), citation: TER21, unverified: TER21_UNV },
    { parameter: "V1", covariate: "female", form: "factor", coefficient: pexp(-0.13), citation: TER21, unverified: TER21_UNV },
    { parameter: "V1", covariate: "weightKg", form: "power", reference: 65, coefficient: 0.33, citation: TER21, unverified: TER21_UNV },
    {
      parameter: "R0",
      covariate: "ulcerativeColitis",
      form: "factor",
      coefficient: pexp(0.57),
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
  measuredDrug: {
    form: "free",
    citation: `${TER21} (concentrations of unbound drug, 1 nM = 0.1442 mg/L)`,
    unverified: TER21_UNV,
  },
  notes:
    "Anti-drug antibodies were an exclusion (early) or discarded (later cycles), so the model has no ADA effect; the ada flag is refused. targetBaselineNm replaces the central R0 only. " +
    "Caution: in ibd-lab's simulations the free peripheral TNF is blocked after each infusion but returns to, and briefly exceeds, its baseline between infusions (complexes cleared at 0.0079/day pile up), more so with shorter intervals; this has not been compared with the paper's figures, so treat peripheral-blockade readings from this transcription as unverified.",
  refusedCovariates: {
    ada: "no ada flag: Ternant 2021 excluded antibody-positive cycles, so the model has no antibody effect; use another model to study antibodies",
  },
};
