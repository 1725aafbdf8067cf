/**
 * Published characteristics of the tests used to hunt for flare mimics. Each
 * entry names its reference standard, because a test's sensitivity and
 * specificity mean nothing without it (a C. difficile NAAT is "specific"
 * against toxigenic culture, which itself detects colonisation).
 *
 * `verified` is true when the figures were read in the source's abstract
 * during development; false marks secondary sources to check before relying
 * on them.
 */

/** Identifier of a registered mimic test. */
export type MimicTestId =
  | "cdiffNaat"
  | "cdiffToxinEia"
  | "cdiffGdh"
  | "cmvPlasmaPcr"
  | "cmvStoolPcr"
  | "cmvTissueIhc"
  | "sehcat"
  | "serumC4"
  | "glucoseBreathTest"
  | "lactuloseBreathTest";

/** One test's characteristics for its target condition. */
export interface MimicTest {
  id: MimicTestId;
  name: string;
  /** What a positive result is evidence of. */
  target: string;
  /** The reference standard the figures were measured against. */
  referenceStandard: string;
  sensitivity: number;
  specificity: number;
  citation: string;
  verified: boolean;
  note?: string;
}

/** The registry of mimic tests. */
export const MIMIC_TESTS: Readonly<Record<MimicTestId, MimicTest>> = {
  cdiffNaat: {
    id: "cdiffNaat",
    name: "C. difficile NAAT (toxin-gene PCR)",
    target: "toxigenic C. difficile present (infection or colonisation)",
    referenceStandard: "toxigenic culture",
    sensitivity: 0.9,
    specificity: 0.958,
    citation:
      "Systematic review and meta-analysis of 39 studies of GDH EIA, toxin A/B EIA and NAAT against toxigenic culture (pooled values as in its abstract; authors and journal not retrieved).",
    verified: true,
    note: "Detects the toxin gene, not toxin: positive in colonised carriers. Against clinical CDI its specificity is lower.",
  },
  cdiffToxinEia: {
    id: "cdiffToxinEia",
    name: "C. difficile toxin A/B enzyme immunoassay",
    target: "free toxin in stool (active infection)",
    referenceStandard: "toxigenic culture",
    sensitivity: 0.579,
    specificity: 0.97,
    citation:
      "Same meta-analysis of 39 studies (toxin A/B EIA pooled 57.9 % / 97.0 %). Crobach MJT et al. Clin Microbiol Infect 2016;22:S63-81 (ESCMID: two-step algorithm, toxin decides).",
    verified: true,
    note: "Insensitive alone: use after a sensitive first step (GDH or NAAT). The sensitivity is measured against toxigenic culture, which counts colonised carriers, so it overstates how many clinical infections the toxin test misses. Toxin positivity is what predicts disease and outcome (Planche TD et al. Lancet Infect Dis 2013;13:936-45).",
  },
  cdiffGdh: {
    id: "cdiffGdh",
    name: "C. difficile glutamate dehydrogenase EIA",
    target: "C. difficile present (toxigenic or not)",
    referenceStandard: "toxigenic culture",
    sensitivity: 0.927,
    specificity: 0.946,
    citation: "Same meta-analysis of 39 studies (GDH EIA pooled 92.7 % / 94.6 %).",
    verified: true,
  },
  cmvPlasmaPcr: {
    id: "cmvPlasmaPcr",
    name: "CMV real-time PCR in plasma",
    target: "CMV colitis",
    referenceStandard: "colonic biopsy (histology/IHC)",
    sensitivity: 0.667,
    specificity: 0.947,
    citation: "Sattayalertyanyong O et al. Clin Transl Gastroenterol 2023;14:e00574 (PMC10208703): 122 colonoscopies, 27 with CMV colitis.",
    verified: true,
    note: "Misses a third of CMV colitis; viraemia without colitis also occurs. The tissue decides.",
  },
  cmvStoolPcr: {
    id: "cmvStoolPcr",
    name: "CMV real-time PCR in stool",
    target: "CMV colitis",
    referenceStandard: "colonic biopsy (histology/IHC)",
    sensitivity: 0.704,
    specificity: 0.916,
    citation: "Sattayalertyanyong O et al. Clin Transl Gastroenterol 2023;14:e00574 (PMC10208703).",
    verified: true,
  },
  cmvTissueIhc: {
    id: "cmvTissueIhc",
    name: "CMV immunohistochemistry on colonic biopsies",
    target: "CMV colitis",
    referenceStandard: "composite clinical/histological diagnosis",
    sensitivity: 0.78,
    specificity: 0.987,
    citation:
      "Sensitivity 78-93 %, specificity 98.7 % as quoted by a secondary clinical summary (primary source not retrieved); the lower sensitivity is used here.",
    verified: false,
    note: "Sensitivity depends on the number of biopsies and on sampling ulcer bases. ECCO guidance: tissue (IHC or tissue PCR) in steroid-refractory colitis.",
  },
  sehcat: {
    id: "sehcat",
    name: "SeHCAT 7-day retention <= 10 %",
    target: "bile acid malabsorption",
    referenceStandard: "various (response to sequestrant, faecal bile acids)",
    sensitivity: 0.873,
    specificity: 0.932,
    citation:
      "Systematic review of 16 studies of bile acid malabsorption tests, PMC6854889 (SeHCAT < 10 %: mean sensitivity 87.32 %, specificity 93.2 %).",
    verified: true,
    note: "Severity by retention: < 5 % severe, 5-10 % moderate, 10-15 % mild (NICE DG44 uses <= 15 %).",
  },
  serumC4: {
    id: "serumC4",
    name: "Serum 7α-hydroxy-4-cholesten-3-one (C4)",
    target: "bile acid malabsorption",
    referenceStandard: "various",
    sensitivity: 0.852,
    specificity: 0.711,
    citation: "Systematic review PMC6854889 (C4: 85.2 % / 71.1 %).",
    verified: true,
  },
  glucoseBreathTest: {
    id: "glucoseBreathTest",
    name: "Glucose hydrogen breath test",
    target: "small intestinal bacterial overgrowth",
    referenceStandard: "jejunal aspirate culture",
    sensitivity: 0.545,
    specificity: 0.832,
    citation:
      "Meta-analysis of 14 studies, J Neurogastroenterol Motil 2020 (doi 10.5056/jnm19113, PMC6955189): GBT 54.5 % / 83.2 %; after abdominal surgery 81.7 % / 78.8 %.",
    verified: true,
    note: "Performs better after surgical reconstruction (sensitivity 81.7 %, specificity 78.8 %).",
  },
  lactuloseBreathTest: {
    id: "lactuloseBreathTest",
    name: "Lactulose hydrogen breath test",
    target: "small intestinal bacterial overgrowth",
    referenceStandard: "jejunal aspirate culture",
    sensitivity: 0.42,
    specificity: 0.706,
    citation: "Meta-analysis, J Neurogastroenterol Motil 2020 (doi 10.5056/jnm19113): LBT 42.0 % / 70.6 %.",
    verified: true,
  },
};
