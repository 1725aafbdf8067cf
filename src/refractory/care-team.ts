/**
 * Who is called in at each decision point the refractoriness pathway reports
 * ({@link NextStep}): the interdisciplinary side of the chapter's
 * "collaborative care". Declarative data, one entry per step, each with the
 * reason the role is needed at that step and its source.
 *
 * The roles are those of the IBD team described by ECCO's quality-of-care
 * standards (Fiorino et al. 2020, J Crohns Colitis 14:1037: an IBD team with
 * gastroenterologists, IBD nurses, colorectal surgeons, radiologists,
 * histopathologists, dietitians, pharmacists and psychological support), set
 * against the decision each step asks for. Local teams differ; this is a
 * teaching map, not a referral rule.
 *
 * Hand-written: a table of published roles; no package holds it.
 */
import { InputError } from "../core/errors";
import type { NextStep } from "./cohort";

/** The members of the IBD team (Fiorino 2020's core and extended team), as {@link CARE_TEAM} names them. */
export const CARE_ROLES = [
  "gastroenterologist",
  "IBD nurse",
  "IBD pharmacist",
  "colorectal surgeon",
  "interventional endoscopist",
  "GI radiologist",
  "histopathologist",
  "microbiologist",
  "dietitian",
  "psychologist",
] as const;

/** One member of the IBD team. */
export type CareRole = (typeof CARE_ROLES)[number];

/** The people a step calls in, and why. */
export interface CareTeamEntry {
  /** Roles joining the treating gastroenterologist at this step, the most central first. */
  calledIn: CareRole[];
  /** Why these roles, in one sentence. */
  because: string;
  /** Where the step's work-up or treatment is described. */
  source: string;
}

const STANDARDS = "Fiorino 2020, ECCO quality-of-care standards (J Crohns Colitis 14:1037)";

/** Who is called in at each next step. Every {@link NextStep} has an entry (checked by the type). */
export const CARE_TEAM: Readonly<Record<NextStep, CareTeamEntry>> = {
  "dilatation or surgery": {
    calledIn: ["colorectal surgeon", "interventional endoscopist", "GI radiologist", "dietitian"],
    because:
      "A fibrotic stricture is treated mechanically: imaging defines its length and number, the endoscopist dilates a short one, the surgeon resects or widens the rest, and the dietitian manages intake while the bowel is narrowed.",
    source: `Rieder 2016, ECCO topical review on fibrostenosing Crohn's disease (J Crohns Colitis 10:873); ${STANDARDS}`,
  },
  "exclude mimics": {
    calledIn: ["microbiologist", "histopathologist", "gastroenterologist"],
    because:
      "The mimics are proven or excluded in the laboratory: C. difficile toxin in the stool, CMV on biopsy immunohistochemistry, and the tests for bile acid diarrhoea and bacterial overgrowth.",
    source: `Chapter, "The Hunt for Mimics"; ${STANDARDS}`,
  },
  "optimise dose": {
    calledIn: ["IBD pharmacist", "IBD nurse"],
    because:
      "Dose intensification is guided by the level: the pharmacist interprets the trough and antibodies and checks the labelled maxima, the nurse confirms adherence and schedules the infusions.",
    source: `AGA 2017 TDM guideline (Feuerstein, Gastroenterology 153:827); ${STANDARDS}`,
  },
  "switch within class + immunomodulator": {
    calledIn: ["IBD pharmacist", "IBD nurse"],
    because:
      "A new anti-TNF molecule plus a thiopurine or methotrexate needs the pharmacist (molecule, not a biosimilar of the same one; interactions) and the nurse (pre-treatment screening and blood monitoring of the immunomodulator).",
    source: `AGA 2017 TDM guideline (Feuerstein, Gastroenterology 153:827); ${STANDARDS}`,
  },
  "switch out of class": {
    calledIn: ["IBD pharmacist", "IBD nurse"],
    because:
      "A drug acting on another pathway brings new screening (infections, vaccinations) and monitoring, organised by the nurse, and a choice among classes the pharmacist helps weigh.",
    source: STANDARDS,
  },
  "measure trough and ADA": {
    calledIn: ["IBD nurse", "IBD pharmacist"],
    because: "The sample must be a true trough, taken just before the next dose; the nurse times it and the pharmacist reads it.",
    source: `AGA 2017 TDM guideline (Feuerstein, Gastroenterology 153:827); ${STANDARDS}`,
  },
  "recheck adherence and timing": {
    calledIn: ["IBD nurse", "IBD pharmacist"],
    because: "Missed doses and mistimed samples are checked with the patient before any change of drug.",
    source: STANDARDS,
  },
  "steroid-sparing advanced therapy": {
    calledIn: ["IBD nurse", "IBD pharmacist"],
    because:
      "Starting a biologic or small molecule needs pre-treatment screening (tuberculosis, hepatitis B, vaccinations) and education on self-injection or infusions, usually run by the IBD nurse.",
    source: STANDARDS,
  },
  "treat active inflammation": {
    calledIn: ["IBD nurse", "GI radiologist"],
    because:
      "Silent inflammation is followed with objective measures rather than symptoms: calprotectin organised by the nurse, and cross-sectional imaging (MR enterography, intestinal ultrasound) of the small bowel.",
    source: STANDARDS,
  },
  "investigate non-inflammatory symptoms": {
    calledIn: ["dietitian", "psychologist", "gastroenterologist"],
    because:
      "Symptoms without inflammation (IBS-type symptoms, bile acid diarrhoea, bacterial overgrowth) are treated by diet, gut-brain therapies and targeted drugs, not by more immunosuppression.",
    source: `Chapter, "A Problem of Language and Targets"; ${STANDARDS}`,
  },
  "obtain objective assessment": {
    calledIn: ["interventional endoscopist", "GI radiologist", "histopathologist"],
    because: "No label is earned on symptoms: endoscopy with biopsies or cross-sectional imaging gives the objective evidence.",
    source: `Chapter, "A Problem of Language and Targets"; ${STANDARDS}`,
  },
  "record weight": {
    calledIn: ["IBD nurse"],
    because: "Weight-based doses and the weight-based rules need a current weight, taken at the visit.",
    source: STANDARDS,
  },
  "complete induction": {
    calledIn: ["IBD nurse"],
    because: "Response is judged only after the full induction; the nurse keeps the remaining doses on schedule.",
    source: STANDARDS,
  },
  "continue current plan": {
    calledIn: [],
    because: "No refractoriness label applies: routine follow-up by the treating team.",
    source: STANDARDS,
  },
};

/**
 * Who is called in at a next step, and why.
 * @throws InputError for a step the pathway does not report.
 * @example
 * careTeamFor("dilatation or surgery").calledIn[0] // "colorectal surgeon"
 * careTeamFor("continue current plan").calledIn // []
 */
export function careTeamFor(step: NextStep): CareTeamEntry {
  if (typeof step !== "string" || !Object.hasOwn(CARE_TEAM, step)) {
    throw new InputError({ field: "step", value: step, expected: `one of the next steps: ${Object.keys(CARE_TEAM).join(", ")}` });
  }
  return CARE_TEAM[step];
}
