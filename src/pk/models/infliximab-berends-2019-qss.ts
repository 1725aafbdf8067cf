/**
 * Infliximab in ulcerative colitis with quasi-steady-state target-mediated disposition (structure
 * "tmdd-qss"). Source: Berends SE et al. 2019, J Pharmacokinet Pharmacodyn 46:543. Every
 * parameter, covariate effect, random effect and the residual error carry their own `citation`
 * (table or section where known) and, where ibd-lab read the value through a secondary source or
 * made a choice of its own, an `unverified` note; see {@link PkModel}.
 * Units: CL, Q in L/day; V in L; KINT, KDEG in 1/day; KSS, R0 in nM; albumin in g/dL.
 *
 * One published model per file (issue #15): the registry is `models/index.ts` (`PK_MODELS`).
 */
import { toCanonical, ugPerMlToNanomolar } from "../../core/units";
import type { PkModel } from "../types";

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
    },
    V1: { cv: 0.227, citation: BER19 },
    V2: { cv: 0.742, citation: `${BER19}, Table 2, as transcribed in nlmixr2lib`, unverified: "read through nlmixr2lib" },
    R0: {
      cv: 0.392,
      citation: `${BER19}, Table 2 (IIV of Bmax), as transcribed in nlmixr2lib`,
      unverified: "read through nlmixr2lib; applied around a given targetBaselineNm too",
    },
  },
  iivCorrelations: [
    {
      between: ["CL", "V1"],
      r: 0.123,
      citation: `${BER19}, Table 2 ("Cov. CL-Vc (%)" 12.3), as read by nlmixr2lib`,
      unverified:
        "Table 2 prints 12.3 % under 'Cov. CL-Vc'; read as a correlation of 0.123, as nlmixr2lib does, because read as a covariance it would make a correlation above 1",
    },
  ],
  residual: { proportional: 0.21, additiveUgMl: 0, citation: BER19 },
  requiredCovariates: ["weightKg", "albuminGdl"],
  measuredDrug: {
    form: "total",
    citation: `${BER19}, Methods (serum measurements) and Eq. 9 (C_tot = A_c/V_c is the observed level), as read by nlmixr2lib (Cc <- ctot)`,
    unverified:
      "read through nlmixr2lib's transcription; the two forms differ by about 27 % at a target burden of 5 nM, so give options.drugMeasure when your assay reads free drug",
  },
};
