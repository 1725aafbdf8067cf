/**
 * The problem bank of the hands-on notebook (issue 9): eighteen short clinical
 * problems, at least one per chapter module. Every reference answer is
 * computed from the problem's own given data by the toolkit function a learner
 * is expected to call, so the bank cannot disagree with the library; the usual
 * wrong answers are computed the same way, from the same data.
 *
 * The patients are invented. Published figures (test characteristics, trough
 * targets, PK parameters, reliability coefficients) come from the toolkit's
 * cited constants or from the project's domain-facts sheet and are cited in
 * each problem's `sources`.
 */
import { classifyDiscordance, INSTRUMENTS, QUADRANTS, type VisitRecord } from "../discordance/index";
import { blandAltman, icc, mdc, readingsNeeded, sem, spearmanBrownInverse } from "../measurement/index";
import { likelihoodRatio, MIMIC_TESTS, postTestProbability } from "../mimics/index";
import {
  INFLIXIMAB_FASANMADE_2009,
  INFLIXIMAB_MW_KDA,
  individualParameters,
  occupancyUgMlVsKdNm,
  receptorOccupancy,
  terminalHalfLifeDays,
} from "../pk/index";
import {
  type AsucDay3Input,
  assessAsucDay3,
  classifyRefractoriness,
  REFRACTORY_LABELS,
  type TdmAction,
  type TdmInput,
  type TreatmentHistory,
  tdmDecision,
} from "../refractory/index";
import { type BowelSegment, type Fluid, type StrictureExercise, strictureExerciseAnswer } from "../stricture/index";
import type { ExerciseMistake, ExerciseProblem } from "./types";

/** Given data of every problem, by id (what `exerciseGiven(id)` returns). */
export interface ExerciseGivens {
  "steroid-refractory-1": { history: TreatmentHistory };
  "steroid-dependent-1": { history: TreatmentHistory };
  "icc-1": { readingsPoints: number[][]; readers: string[] };
  "mdc-1": { readingsPoints: number[][]; betweenPatientSdPoints: number; confidence: number };
  "spearman-brown-1": { singleSampleReliability: number; targetReliability: number };
  "bland-altman-1": { localReaderPoints: number[]; centralReaderPoints: number[] };
  "quadrant-1": { visit: VisitRecord };
  "quadrant-2": { visit: VisitRecord };
  "cdiff-posttest-1": { pretestProbability: number; test: "cdiffToxinEia"; result: "positive" };
  "cdiff-posttest-2": { pretestProbability: number; test: "cdiffToxinEia"; result: "negative" };
  "occupancy-1": { troughUgMl: number; kdUgMl: number };
  "occupancy-2": { troughUgMl: number; kssNm: number; molecularWeightKDa: number };
  "tdm-1": { level: TdmInput };
  "tdm-2": { level: TdmInput };
  "asuc-day3-1": { day3: AsucDay3Input };
  "half-life-1": { model: "INFLIXIMAB_FASANMADE_2009"; weightKg: number; albuminGdl: number };
  "stricture-radius-1": { radiusMm: number; referenceRadiusMm: number };
  "stricture-dilation-1": { segment: BowelSegment; targetDiameterMm: number; fluid: Fluid };
}

/** Identifier of a problem in the bank. */
export type ExerciseId = keyof ExerciseGivens;

/** A problem with its data, its solver and its catalogue of usual mistakes. */
export interface ProblemDefinition<G> extends Omit<ExerciseProblem, "number"> {
  given: G;
  /** Reference answer, computed from `given` with the toolkit. */
  solve(given: G): number | string;
  /** Usual wrong answers, computed from `given`. */
  mistakes(given: G): ExerciseMistake[];
}

const TDM_ACTIONS: readonly TdmAction[] = [
  "optimise-dose",
  "quantify-ada",
  "switch-within-class-plus-immunomodulator",
  "switch-out-of-class",
  "recheck-mimics-adherence-timing",
];
const ASUC_DECISIONS = [
  "continue-iv-steroids",
  "rescue-therapy",
  "treat-infection-and-reassess",
  "urgent-colectomy",
  "emergency-colectomy",
] as const;

/** The one label a history is meant to earn (the bank's histories are built to earn exactly one). */
function onlyLabel(history: TreatmentHistory): string {
  const labels = classifyRefractoriness(history).labels;
  return labels.length === 1 ? labels[0] : labels.join(", ");
}

/** Eight invented SES-CD videos scored by two local readers and a central reader (problems icc-1 and mdc-1). */
const SES_CD_VIDEOS: readonly (readonly number[])[] = [
  [4, 7, 9],
  [12, 8, 16],
  [3, 6, 7],
  [16, 13, 20],
  [6, 10, 11],
  [1, 2, 5],
  [9, 12, 13],
  [14, 10, 18],
];

/**
 * The stricture module's exercise for the given data of problem stricture-radius-1 (its answer key is the reference).
 * @example strictureExerciseAnswer(radiusExercise({ radiusMm: 4, referenceRadiusMm: 12 })) // 1/81
 */
export function radiusExercise(g: ExerciseGivens["stricture-radius-1"]): StrictureExercise {
  return { kind: "relativeFlow", radiusMm: g.radiusMm, referenceRadiusMm: g.referenceRadiusMm };
}

/**
 * The stricture module's exercise for the given data of problem stricture-dilation-1.
 * @example strictureExerciseAnswer(dilationExercise(exerciseGiven("stricture-dilation-1")))
 */
export function dilationExercise(g: ExerciseGivens["stricture-dilation-1"]): StrictureExercise {
  return { kind: "dilationGain", segment: g.segment, targetDiameterMm: g.targetDiameterMm, fluid: g.fluid };
}

const CHAPTER_STEROIDS =
  "The chapter's definitions (refractory: >= 40 mg/day prednisone-equivalent for 14 days; dependent: relapse below 10 mg/day or within 3 months of stopping), the default of classifyRefractoriness";
const ECCO_STEROIDS =
  'ECCO 2017 (Magro et al., J Crohns Colitis 11:649; Gomollón et al., J Crohns Colitis 11:3), the preset classifyRefractoriness(history, { definitions: "ecco" })';
const KHANNA = "Khanna R et al. Gut 2016 (SES-CD inter-reader ICC 0.83, SEM 3.07), domain facts section 4";

type Bank = { [K in ExerciseId]: ProblemDefinition<ExerciseGivens[K]> };

/**
 * The bank, in notebook order. Learners read it through `exerciseProblem`, `exerciseGiven` and `check`.
 * @example EXERCISE_BANK["occupancy-1"].solve(EXERCISE_BANK["occupancy-1"].given) // 0.714
 */
export const EXERCISE_BANK: Readonly<Bank> = {
  "steroid-refractory-1": {
    id: "steroid-refractory-1",
    chapter: "refractory",
    title: "Three weeks of prednisolone",
    vignette:
      "A 29-year-old with extensive ulcerative colitis starts oral prednisolone 40 mg a day on 5 May 2025 and stays on that dose for three weeks. " +
      "Before the course her Mayo endoscopic subscore was 3 and her calprotectin 1400 µg/g. Near the end of the course the calprotectin is 980 µg/g and a " +
      "flexible sigmoidoscopy the day after the last 40 mg dose still shows a Mayo subscore of 2. Stool C. difficile toxin and CMV on biopsy are negative.",
    task: 'Which label does her steroid history earn? Answer with one label, e.g. "steroid-dependent".',
    answerKind: "label",
    choices: REFRACTORY_LABELS,
    toolkit: ["classifyRefractoriness"],
    takeaway:
      "Adequate dose (>= 40 mg/day prednisone-equivalent) for long enough (>= 14 days) with objective activity at the end: steroid-refractory by the chapter's definition, and mimics are excluded, so the label stands. " +
      "ECCO's definition asks for more: up to 0.75 mg/kg/day for four weeks. Three weeks do not meet it, so under the ECCO preset her history earns no steroid label yet: say which definition a label uses.",
    sources: [CHAPTER_STEROIDS, ECCO_STEROIDS],
    given: {
      history: {
        patientId: "EX-SR1",
        asOf: "2025-06-02",
        disease: "UC",
        mimicsExcluded: true,
        steroids: [{ drug: "prednisolone", doseMgPerDay: 40, route: "oral", startDate: "2025-05-05", endDate: "2025-05-25" }],
        assessments: [
          { date: "2025-05-02", endoscopy: { instrument: "Mayo", score: 3 }, calprotectinUgG: 1400 },
          { date: "2025-05-23", calprotectinUgG: 980 },
          { date: "2025-05-26", endoscopy: { instrument: "Mayo", score: 2 } },
        ],
      },
    },
    solve: (g) => onlyLabel(g.history),
    mistakes: () => [
      {
        value: "steroid-dependent",
        hint: "Dependence needs a response first and a relapse while tapering below 10 mg/day (or soon after stopping). Did this patient ever respond?",
      },
      {
        value: "not-yet-assessable",
        hint: "Check the three conditions: dose (>= 40 mg/day), duration (>= 14 days) and an objective assessment at the end. All are met, and mimics were excluded.",
      },
      {
        value: "primary-non-response",
        hint: "Primary non-response is a label for biologics and small molecules after a full induction, not for steroids.",
      },
    ],
  },
  "steroid-dependent-1": {
    id: "steroid-dependent-1",
    chapter: "refractory",
    title: "The taper that never ends",
    vignette:
      "A 41-year-old with colonic Crohn's disease takes prednisolone 40 mg a day for two weeks from 3 February 2025; two weeks later his calprotectin has fallen " +
      "from 1150 to 85 µg/g. The dose is tapered by 10 mg every two weeks to 10 mg, then to 7.5 mg on 31 March. On 10 April the diarrhoea is back, the " +
      "calprotectin is 920 µg/g and the SES-CD is 9. Infections were excluded.",
    task: "Which label does his steroid history earn? Answer with one label.",
    answerKind: "label",
    choices: REFRACTORY_LABELS,
    toolkit: ["classifyRefractoriness"],
    takeaway:
      "He responded, then relapsed on 7.5 mg/day, below the 10 mg/day line: steroid-dependent (the chapter and ECCO agree here). The next step is a steroid-sparing therapy, not another course.",
    sources: [CHAPTER_STEROIDS, ECCO_STEROIDS],
    given: {
      history: {
        patientId: "EX-SD1",
        asOf: "2025-04-14",
        disease: "CD",
        mimicsExcluded: true,
        steroids: [
          { drug: "prednisolone", doseMgPerDay: 40, route: "oral", startDate: "2025-02-03", endDate: "2025-02-16" },
          { drug: "prednisolone", doseMgPerDay: 30, route: "oral", startDate: "2025-02-17", endDate: "2025-03-02" },
          { drug: "prednisolone", doseMgPerDay: 20, route: "oral", startDate: "2025-03-03", endDate: "2025-03-16" },
          { drug: "prednisolone", doseMgPerDay: 10, route: "oral", startDate: "2025-03-17", endDate: "2025-03-30" },
          { drug: "prednisolone", doseMgPerDay: 7.5, route: "oral", startDate: "2025-03-31" },
        ],
        assessments: [
          { date: "2025-01-30", endoscopy: { instrument: "SES-CD", score: 11 }, calprotectinUgG: 1150 },
          { date: "2025-02-17", calprotectinUgG: 85 },
          { date: "2025-04-10", endoscopy: { instrument: "SES-CD", score: 9 }, calprotectinUgG: 920 },
        ],
      },
    },
    solve: (g) => onlyLabel(g.history),
    mistakes: () => [
      {
        value: "steroid-refractory",
        hint: "Refractory means no response at an adequate dose. Look at the calprotectin two weeks into the course: he did respond.",
      },
      {
        value: "secondary-loss-of-response",
        hint: "Secondary loss of response describes an advanced therapy that stopped working; for a relapse on a steroid taper the chapter has its own word.",
      },
      {
        value: "not-yet-assessable",
        hint: "The relapse is objective (calprotectin and SES-CD), infections are excluded and the dose at relapse is known: the history is assessable.",
      },
    ],
  },
  "icc-1": {
    id: "icc-1",
    chapter: "measurement",
    title: "Do the readers agree?",
    vignette:
      "Three endoscopists (a local reader, a second local reader and a central reader) score the same eight ileocolonoscopy videos with the SES-CD. " +
      "The central reader tends to score a little higher. You want the reliability of a single reading when any of these readers could do it and " +
      "their absolute scores matter (a trial threshold such as SES-CD <= 2).",
    task: "Compute the ICC for absolute agreement of a single rating (two-way random effects, ICC(2,1)). Answer as a number, e.g. 0.71.",
    answerKind: "number",
    unit: "dimensionless ICC",
    tolerance: { absolute: 0.005 },
    toolkit: ["icc"],
    takeaway:
      "Absolute agreement penalises the central reader's systematic offset; consistency (ICC3) would not. For thresholds that decide remission, absolute agreement is the one that matters.",
    sources: ["Shrout PE, Fleiss JL. Psychol Bull 1979;86:420 (ICC forms)", "McGraw KO, Wong SP. Psychol Methods 1996;1:30"],
    given: {
      readers: ["local A", "local B", "central"],
      readingsPoints: SES_CD_VIDEOS.map((row) => [...row]),
    },
    solve: (g) => icc(g.readingsPoints).ICC2.value,
    mistakes: (g) => {
      const r = icc(g.readingsPoints);
      return [
        {
          value: r.ICC3.value,
          hint: "That is ICC(3,1), consistency: it ignores the central reader's systematic offset. The question asks for absolute agreement.",
        },
        {
          value: r.ICC1.value,
          hint: "That is ICC(1,1), the one-way model: it does not separate reader effects from error. Use the two-way random-effects model.",
        },
        {
          value: r.ICC2k.value,
          hint: "That is ICC(2,k), the reliability of the mean of the three readers. The question asks about a single reading.",
        },
        {
          value: r.ICC3k.value,
          hint: "That is ICC(3,k): the average of three readers, and consistency rather than agreement.",
        },
      ];
    },
  },
  "mdc-1": {
    id: "mdc-1",
    chapter: "measurement",
    title: "How big a change is real?",
    vignette:
      "Use the same eight videos and three readers as in the previous problem. In your clinic's register the between-patient standard deviation of " +
      "the SES-CD is 7.4 points. A patient's SES-CD goes from 12 to 7 after induction, read by different endoscopists.",
    task: "Compute the minimal detectable change at 95 % confidence (MDC95, in SES-CD points) from the ICC(2,1) of these readings and the register's SD. Answer in points.",
    answerKind: "number",
    unit: "SES-CD points",
    tolerance: { relative: 0.02 },
    toolkit: ["icc", "sem", "mdc"],
    takeaway:
      "SEM = SD·√(1 − ICC) and MDC95 = 1.96·√2·SEM: the √2 is there because both readings carry error. A fall of 5 points is within what two readers can disagree by.",
    sources: ["Weir JP. J Strength Cond Res 2005;19:231 (SEM and MDC)", KHANNA],
    given: {
      readingsPoints: SES_CD_VIDEOS.map((row) => [...row]),
      betweenPatientSdPoints: 7.4,
      confidence: 0.95,
    },
    solve: (g) => mdc(sem(g.betweenPatientSdPoints, icc(g.readingsPoints).ICC2.value), g.confidence),
    mistakes: (g) => {
      const r = icc(g.readingsPoints);
      const s = sem(g.betweenPatientSdPoints, r.ICC2.value);
      const z = mdc(1, g.confidence) / Math.SQRT2;
      return [
        {
          value: z * s,
          hint: "You multiplied the SEM by 1.96 but forgot √2: a change is the difference of two readings, and each carries its own error.",
        },
        { value: s, hint: "That is the SEM, the error of one reading. The MDC is the change two error-laden readings can show by chance." },
        {
          value: mdc(g.betweenPatientSdPoints * (1 - r.ICC2.value), g.confidence),
          hint: "SEM = SD·√(1 − ICC): you used (1 − ICC) without the square root.",
        },
        {
          value: mdc(sem(g.betweenPatientSdPoints, r.ICC3.value), g.confidence),
          hint: "You used the consistency ICC(3,1); with different readers before and after, their offsets count, so use absolute agreement ICC(2,1).",
        },
      ];
    },
  },
  "spearman-brown-1": {
    id: "spearman-brown-1",
    chapter: "measurement",
    title: "How many stools for one calprotectin?",
    vignette:
      "Calprotectin varies from one stool to the next. In quiescent Crohn's disease the day-to-day reliability of a single log-calprotectin is about " +
      "0.84. Before a trial you want the average of consecutive daily samples to reach a reliability of 0.95.",
    task: "How many daily samples must be averaged? Answer with a whole number of samples.",
    answerKind: "number",
    unit: "samples",
    tolerance: { absolute: 0 },
    toolkit: ["spearmanBrownInverse"],
    takeaway: "Spearman-Brown: k = ρ*(1 − ρ) / (ρ(1 − ρ*)), rounded up because you cannot collect part of a stool sample.",
    sources: [
      "Spearman 1910; Brown 1910, Br J Psychol 3",
      "Calprotectin ICC 0.84 on log values, Aliment Pharmacol Ther 2013 (domain facts section 4)",
    ],
    given: { singleSampleReliability: 0.84, targetReliability: 0.95 },
    // readingsNeeded rounds up without pushing an exact integer k (9.000000000000002 for 0.5 → 0.9) to the next integer.
    solve: (g) => readingsNeeded(g.singleSampleReliability, g.targetReliability),
    mistakes: (g) => {
      const k = spearmanBrownInverse(g.singleSampleReliability, g.targetReliability);
      return [
        { value: Math.floor(k), hint: "You rounded down: that many samples fall just short of the target. Round up." },
        { value: k, hint: "Right formula, but you need a whole number of samples, and rounding must go up to reach the target." },
        {
          value: g.targetReliability / g.singleSampleReliability,
          hint: "Reliability does not scale linearly with the number of samples; use the Spearman-Brown prophecy (or its inverse).",
        },
      ];
    },
  },
  "bland-altman-1": {
    id: "bland-altman-1",
    chapter: "measurement",
    title: "Local versus central reading",
    vignette:
      "For a trial, ten ileocolonoscopies are scored by the site's endoscopist and again by a central reader. Before trusting local scores, the sponsor asks " +
      "how far a local score can sit above the central one.",
    task: "Compute the upper 95 % limit of agreement of local minus central (bias + 1.96·SD of the differences), in SES-CD points.",
    answerKind: "number",
    unit: "SES-CD points",
    tolerance: { absolute: 0.1 },
    toolkit: ["blandAltman"],
    takeaway:
      "95 % of local scores lie below central + this limit. The limits use the SD of the differences, not the standard error of their mean.",
    sources: ["Bland JM, Altman DG. Lancet 1986;327:307; Stat Methods Med Res 1999;8:135"],
    given: {
      localReaderPoints: [6, 14, 3, 22, 9, 1, 11, 17, 5, 8],
      centralReaderPoints: [5, 11, 3, 18, 8, 0, 10, 14, 4, 8],
    },
    solve: (g) => blandAltman(g.localReaderPoints, g.centralReaderPoints).upperLimit.value,
    mistakes: (g) => {
      const ba = blandAltman(g.localReaderPoints, g.centralReaderPoints);
      const n = ba.n;
      return [
        {
          value: ba.bias.value + ba.z * (ba.sdDifference / Math.sqrt(n)),
          hint: "You used the standard error SD/√n: that gives the confidence interval of the mean difference, not the limits for single patients.",
        },
        { value: ba.z * ba.sdDifference, hint: "You left out the bias: the limits are centred on the mean difference, not on zero." },
        { value: ba.lowerLimit.value, hint: "That is the lower limit (bias − 1.96·SD). The question asks for the upper one." },
        {
          value: -ba.lowerLimit.value,
          hint: "That is the upper limit of central minus local: the sign of the differences is reversed.",
        },
        { value: ba.bias.value, hint: "That is the bias (mean difference); the limit adds 1.96 SDs of the differences to it." },
      ];
    },
  },
  "quadrant-1": {
    id: "quadrant-1",
    chapter: "discordance",
    title: "Miserable, with a pristine mucosa",
    vignette:
      "A 35-year-old with ulcerative colitis on vedolizumab reports urgency and eight loose stools a day: partial Mayo score 6. Colonoscopy the same week shows " +
      "a Mayo endoscopic subscore of 0 and the calprotectin is 40 µg/g.",
    task: 'Place the visit in a symptom × inflammation quadrant. Answer with one quadrant, e.g. "concordant-active".',
    answerKind: "label",
    choices: QUADRANTS,
    toolkit: ["classifyDiscordance"],
    takeaway:
      "Symptoms without inflammation: refractory symptoms, not refractory disease. Look for IBS-type symptoms, bile acid diarrhoea or microscopic changes on biopsy before escalating immunosuppression. " +
      "A stricture is not a routine cause in ulcerative colitis: there it is a red flag for colorectal cancer until biopsies say otherwise.",
    sources: [INSTRUMENTS.partialMayo.citation, INSTRUMENTS.mayoEndoscopic.citation],
    given: { visit: { partialMayo: 6, mayoEndoscopic: 0, calprotectinUgG: 40 } },
    solve: (g) => classifyDiscordance(g.visit).quadrant,
    mistakes: () => [
      {
        value: "concordant-active",
        hint: "You judged by the symptoms alone. What does the endoscopy show, and does the calprotectin agree with it?",
      },
      {
        value: "silent-inflammation",
        hint: "The axes are swapped: silent inflammation is a quiet patient with active mucosa. This patient is the opposite.",
      },
      {
        value: "concordant-remission",
        hint: "The mucosa is in remission, but is the patient? A partial Mayo of 6 is far from symptom remission.",
      },
    ],
  },
  "quadrant-2": {
    id: "quadrant-2",
    chapter: "discordance",
    title: "Feeling fine, ulcers on the screen",
    vignette:
      "A 52-year-old with ileocolonic Crohn's disease feels well: one or two formed stools a day, no pain, Harvey-Bradshaw index 3. The scheduled " +
      "ileocolonoscopy shows deep ulcers, SES-CD 12, and the calprotectin is 870 µg/g.",
    task: "Place the visit in a symptom × inflammation quadrant. Answer with one quadrant.",
    answerKind: "label",
    choices: QUADRANTS,
    toolkit: ["classifyDiscordance"],
    takeaway:
      "Quiet symptoms, active mucosa: silent inflammation. Left alone it leads to strictures, fistulas and surgery, so it is treated even though the patient feels well.",
    sources: [INSTRUMENTS.hbi.citation, INSTRUMENTS.sesCd.citation],
    given: { visit: { hbi: 3, sesCd: 12, calprotectinUgG: 870 } },
    solve: (g) => classifyDiscordance(g.visit).quadrant,
    mistakes: () => [
      { value: "concordant-remission", hint: "You judged by the symptoms alone. The endoscopy and the calprotectin tell another story." },
      {
        value: "refractory-symptoms",
        hint: "The axes are swapped: refractory symptoms means symptoms without inflammation. Here it is inflammation without symptoms.",
      },
      { value: "concordant-active", hint: "The mucosa is active, but is the patient symptomatic? An HBI of 3 is in remission (<= 4)." },
    ],
  },
  "cdiff-posttest-1": {
    id: "cdiff-posttest-1",
    chapter: "mimics",
    title: "A positive toxin test",
    vignette:
      "A 24-year-old with ulcerative colitis on azathioprine has a flare after a course of antibiotics. You estimate a pre-test probability of C. difficile " +
      "infection of 15 % (an illustrative figure). The stool toxin A/B enzyme immunoassay comes back positive.",
    task: "What is the post-test probability of C. difficile, using the toxin EIA's sensitivity and specificity in MIMIC_TESTS.cdiffToxinEia? Answer as a fraction, e.g. 0.42.",
    answerKind: "number",
    unit: "probability (fraction)",
    tolerance: { absolute: 0.005 },
    toolkit: ["postTestProbability", "MIMIC_TESTS"],
    takeaway:
      "Bayes in odds form: post-test odds = pre-test odds × LR+. A positive toxin test (LR+ about 19) turns a 15 % suspicion into a likely infection: treat it before touching the IBD therapy.",
    sources: [MIMIC_TESTS.cdiffToxinEia.citation, "Fagan TJ. N Engl J Med 1975;293:257"],
    given: { pretestProbability: 0.15, test: "cdiffToxinEia", result: "positive" },
    solve: (g) => postTestProbability(g.pretestProbability, MIMIC_TESTS[g.test], g.result).posttest,
    mistakes: (g) => {
      const t = MIMIC_TESTS[g.test];
      const lr = likelihoodRatio(t, g.result);
      return [
        {
          value: g.pretestProbability * lr,
          hint: "You multiplied the probability by the likelihood ratio. LRs multiply odds: convert p to odds p/(1 − p), multiply, and convert back.",
        },
        {
          value: t.sensitivity,
          hint: "That is the sensitivity, P(positive | infection). The question is the reverse, P(infection | positive), and it depends on the pre-test probability.",
        },
        { value: t.specificity, hint: "That is the specificity, not a probability of disease." },
        {
          value: postTestProbability(g.pretestProbability, t, "negative").posttest,
          hint: "You used the negative likelihood ratio; the result was positive, so use LR+ = sensitivity / (1 − specificity).",
        },
      ];
    },
  },
  "cdiff-posttest-2": {
    id: "cdiff-posttest-2",
    chapter: "mimics",
    title: "A negative toxin test",
    vignette:
      "A 60-year-old with pancolitis, admitted with a severe flare after a hospital stay elsewhere, has a high pre-test probability of C. difficile infection: " +
      "take 30 % (illustrative). The toxin A/B enzyme immunoassay alone is sent, and it is negative.",
    task: "What is the post-test probability of C. difficile after the negative toxin EIA (MIMIC_TESTS.cdiffToxinEia)? Answer as a fraction.",
    answerKind: "number",
    unit: "probability (fraction)",
    tolerance: { absolute: 0.005 },
    toolkit: ["postTestProbability", "MIMIC_TESTS"],
    takeaway:
      "Against toxigenic culture the toxin EIA's sensitivity is 58 %. That reference counts colonised carriers too, so the figure overstates what the toxin misses among true infections; still, a negative result leaves a real chance of infection: start with a sensitive test (GDH or NAAT) and let the toxin decide.",
    sources: [MIMIC_TESTS.cdiffToxinEia.citation, "Fagan TJ. N Engl J Med 1975;293:257"],
    given: { pretestProbability: 0.3, test: "cdiffToxinEia", result: "negative" },
    solve: (g) => postTestProbability(g.pretestProbability, MIMIC_TESTS[g.test], g.result).posttest,
    mistakes: (g) => {
      const t = MIMIC_TESTS[g.test];
      const lr = likelihoodRatio(t, g.result);
      return [
        {
          value: g.pretestProbability * lr,
          hint: "You multiplied the probability by the likelihood ratio. LRs multiply odds: convert p to odds p/(1 − p), multiply, and convert back.",
        },
        { value: 1 - t.sensitivity, hint: "That is the false-negative rate, P(negative | infection), not P(infection | negative)." },
        { value: 0, hint: "A negative result lowers the probability; it does not make it zero, least of all with an insensitive test." },
        {
          value: postTestProbability(g.pretestProbability, t, "positive").posttest,
          hint: "You used the positive likelihood ratio; the result was negative, so use LR− = (1 − sensitivity) / specificity.",
        },
      ];
    },
  },
  "occupancy-1": {
    id: "occupancy-1",
    chapter: "pk",
    title: "How much of the target is bound?",
    vignette:
      "A patient on infliximab maintenance has a trough of 2.5 µg/mL. Take the chapter's working dissociation constant, KD about 1 µg/mL, and the law of " +
      "mass action at equilibrium.",
    task: "What fraction of the target is occupied at this trough? Answer as a fraction, e.g. 0.5.",
    answerKind: "number",
    unit: "fraction",
    tolerance: { absolute: 0.005 },
    toolkit: ["receptorOccupancy"],
    takeaway:
      "Occupancy = C / (C + KD). Caveat: the answer is only as meaningful as the KD. The in-vitro KD of infliximab for TNF is picomolar, which would call every measurable trough saturating; the next problem uses the in-vivo constant.",
    sources: [
      "Chapter example: trough 12 µg/mL with KD ~1 gives > 90 % (domain facts section 1)",
      "Langmuir binding isotherm (Rang 2006, Br J Pharmacol 147:S9)",
    ],
    given: { troughUgMl: 2.5, kdUgMl: 1 },
    solve: (g) => receptorOccupancy(g.troughUgMl, g.kdUgMl),
    mistakes: (g) => [
      {
        value: g.kdUgMl / (g.troughUgMl + g.kdUgMl),
        hint: "You computed KD / (C + KD), the fraction still free. Occupancy is C / (C + KD).",
      },
      { value: g.troughUgMl / g.kdUgMl, hint: "C / KD is a ratio, not a fraction bound; occupancy is C / (C + KD) and never exceeds 1." },
    ],
  },
  "occupancy-2": {
    id: "occupancy-2",
    chapter: "pk",
    title: "The same trough, the in-vivo constant",
    vignette:
      "Same patient, same trough of 2.5 µg/mL. Target-mediated PK models of infliximab estimate an in-vivo steady-state constant KSS of about 15 nM. " +
      "Infliximab weighs 149.1 kDa.",
    task: "What fraction of the target is occupied against KSS = 15 nM? Answer as a fraction.",
    answerKind: "number",
    unit: "fraction",
    tolerance: { absolute: 0.005 },
    toolkit: ["occupancyUgMlVsKdNm", "ugPerMlToNanomolar", "receptorOccupancy"],
    takeaway:
      "C and KD must be in the same unit: 2.5 µg/mL is about 16.8 nM. Against the in-vivo constant only about half the target is bound, so the same trough that looked comfortable against KD = 1 µg/mL leaves room for a higher dose to matter.",
    sources: [
      "Ternant D et al. Pharmaceutics 2021;13:1821 (KSS 15.4 nM); Berends 2019 (KSS 13.6 nM), domain facts section 2",
      "Infliximab 149.1 kDa (INFLIXIMAB_MW_KDA)",
    ],
    given: { troughUgMl: 2.5, kssNm: 15, molecularWeightKDa: INFLIXIMAB_MW_KDA },
    solve: (g) => occupancyUgMlVsKdNm(g.troughUgMl, g.kssNm, g.molecularWeightKDa),
    mistakes: (g) => [
      {
        value: receptorOccupancy(g.troughUgMl, g.kssNm),
        hint: "You put µg/mL and nM into one formula. Convert the trough to nM first: nM = µg/mL × 1000 / molecular weight (kDa).",
      },
      {
        value: receptorOccupancy(g.troughUgMl, 1),
        hint: "That is the answer with the chapter's KD of 1 µg/mL from the previous problem; this one asks for KSS = 15 nM.",
      },
      {
        value: g.kssNm / (g.kssNm + (g.troughUgMl * 1000) / g.molecularWeightKDa),
        hint: "You computed KSS / (C + KSS), the fraction still free. Occupancy is C / (C + KSS).",
      },
      {
        value: receptorOccupancy(g.troughUgMl / g.molecularWeightKDa, g.kssNm),
        hint: "The conversion is off by 1000: 1 µg/mL of a 149.1 kDa antibody is 1000/149.1 ≈ 6.7 nM.",
      },
    ],
  },
  "tdm-1": {
    id: "tdm-1",
    chapter: "refractory",
    title: "Low trough, high antibodies",
    vignette:
      "A 33-year-old with ulcerative colitis responded to infliximab (mucosal healing at week 14) but at week 46 is flaring: Mayo endoscopic subscore 3, " +
      "calprotectin 1100 µg/g. C. difficile and CMV are excluded and every infusion was given on time. The trough is 0.8 µg/mL; anti-drug antibodies are " +
      '14 U/mL on an assay whose laboratory threshold for "high" is 8 U/mL.',
    task: 'What is the next step? Answer with one action, e.g. "optimise-dose".',
    answerKind: "label",
    choices: TDM_ACTIONS,
    toolkit: ["tdmDecision"],
    takeaway:
      "Low drug, high antibodies: immunogenic failure of a drug whose target was right (she responded). Restore TNF blockade with a different anti-TNF molecule (adalimumab), not an infliximab biosimilar, which the same antibodies recognise, and add an immunomodulator to prevent new antibodies. " +
      "Only anti-TNF offers this within-class switch: after immunogenic failure of vedolizumab or ustekinumab the switch is out of class.",
    sources: [
      "Feuerstein JD et al. Gastroenterology 2017;153:827 (AGA: reactive infliximab maintenance target >= 5 µg/mL)",
      "Lamb CA et al. Gut 2019;68:s1 (BSG)",
    ],
    given: {
      level: {
        drug: "infliximab",
        phase: "maintenance",
        sampleTiming: "trough",
        levelUgMl: 0.8,
        ada: { titre: 14, unit: "U/mL", highThreshold: 8 },
        responsePattern: "SLR",
        objectiveActivity: "active",
        mimicsExcluded: true,
        adherenceConfirmed: true,
      },
    },
    solve: (g) => tdmDecision(g.level).action,
    mistakes: () => [
      {
        value: "optimise-dose",
        hint: "Dose optimisation is for a low trough without (or with low-level) antibodies. Compare the titre with the assay's threshold.",
      },
      {
        value: "switch-out-of-class",
        hint: "An out-of-class switch is for a drug that is present and failing. Here the drug is missing, and she once responded, so TNF was the right target.",
      },
      {
        value: "recheck-mimics-adherence-timing",
        hint: "The gatekeepers are all met: active disease on endoscopy, infections excluded, adherence confirmed, a true trough.",
      },
    ],
  },
  "tdm-2": {
    id: "tdm-2",
    chapter: "refractory",
    title: "Plenty of drug, still inflamed",
    vignette:
      "A 27-year-old with ileal Crohn's disease has not responded to adalimumab: at week 12, the end of induction, the SES-CD is unchanged at 11 " +
      "and the calprotectin is 760 µg/g. Infections are excluded and adherence is confirmed. The trough is 11 µg/mL and anti-drug antibodies are not detected.",
    task: "What is the next step? Answer with one action.",
    answerKind: "label",
    choices: TDM_ACTIONS,
    toolkit: ["tdmDecision"],
    takeaway:
      "An adequate trough with objectively active disease is mechanistic (pathway) failure: more of the same drug, or another anti-TNF, will not help. Change the mechanism now: " +
      "the Humira SmPC (section 4.2) says to reconsider therapy in a Crohn's patient not responding by week 12, so months more of maintenance would only delay the switch.",
    sources: [
      "Papamichael K et al. Curr Opin Gastroenterol 2019;35:302, Table 1 (adalimumab post-induction trough >= 5 µg/mL)",
      "Humira SmPC section 4.2 (Crohn's disease: reconsider without response by week 12)",
      "Lamb CA et al. Gut 2019;68:s1 (BSG)",
    ],
    given: {
      level: {
        drug: "adalimumab",
        phase: "week14",
        sampleTiming: "trough",
        levelUgMl: 11,
        ada: { positive: false },
        responsePattern: "PNR",
        objectiveActivity: "active",
        mimicsExcluded: true,
        adherenceConfirmed: true,
      },
    },
    solve: (g) => tdmDecision(g.level).action,
    mistakes: () => [
      {
        value: "optimise-dose",
        hint: "The trough is already well above the target: more drug moves along the flat part of the occupancy curve.",
      },
      {
        value: "switch-within-class-plus-immunomodulator",
        hint: "A within-class switch restores exposure lost to antibodies. Here there are no antibodies and plenty of drug: the pathway itself is not the driver.",
      },
      {
        value: "recheck-mimics-adherence-timing",
        hint: "Activity is objective, infections are excluded, adherence is confirmed and the level is a true trough: nothing is left to recheck.",
      },
    ],
  },
  "asuc-day3-1": {
    id: "asuc-day3-1",
    chapter: "refractory",
    title: "Day 3 of IV steroids",
    vignette:
      "A 22-year-old admitted with acute severe ulcerative colitis is on IV methylprednisolone 60 mg a day. On day 3 she passes 5 stools in 24 hours and " +
      "the CRP is 52 mg/L. The stool toxin for C. difficile is negative and sigmoidoscopic biopsies show no CMV. There are no signs of toxic megacolon; " +
      "she has never had a thiopurine or an anti-TNF.",
    task: 'What does the day-3 assessment call for? Answer with one decision, e.g. "continue-iv-steroids".',
    answerKind: "label",
    choices: ASUC_DECISIONS,
    toolkit: ["assessAsucDay3"],
    takeaway:
      "Travis/Oxford: more than 8 stools, or 3-8 stools with CRP above 45 mg/L on day 3, predicts colectomy in about 85 %. Rescue therapy (infliximab or ciclosporin) starts today, with the surgeon in the room and the screening sent on admission (hepatitis B, tuberculosis, HIV, varicella) checked. " +
      "Had the CMV biopsy still been pending, rescue would not wait for it.",
    sources: [
      "Travis SPL et al. Gut 1996;38:905",
      "Lindgren SC et al. Eur J Gastroenterol Hepatol 1998;10:831",
      "Lamb CA et al. Gut 2019;68:s1 (BSG)",
    ],
    given: {
      day3: { dayOfIvSteroids: 3, stoolsPerDay: 5, crpMgL: 52, cdiffToxin: "negative", cmvBiopsy: "negative", surgicalEmergency: false },
    },
    solve: (g) => assessAsucDay3(g.day3).decision,
    mistakes: () => [
      {
        value: "continue-iv-steroids",
        hint: "5 stools is below 8, but the Travis criteria have a second arm: 3-8 stools with a CRP above 45 mg/L.",
      },
      {
        value: "treat-infection-and-reassess",
        hint: "That is for a positive C. difficile toxin. Hers is negative and the biopsies show no CMV (a pending CMV biopsy would not delay rescue either).",
      },
      {
        value: "urgent-colectomy",
        hint: "An urgent colectomy is planned when no rescue agent suits or rescue has failed. She has had neither a thiopurine nor an anti-TNF: both rescue agents are open.",
      },
      {
        value: "emergency-colectomy",
        hint: "Emergency colectomy is for toxic megacolon, perforation or massive haemorrhage. None of these applies.",
      },
    ],
  },
  "half-life-1": {
    id: "half-life-1",
    chapter: "pk",
    title: "Low albumin, short half-life",
    vignette:
      "A 70 kg man with severe ulcerative colitis starts infliximab with a serum albumin of 2.6 g/dL and no anti-drug antibodies. Use the Fasanmade 2009 " +
      "population model (INFLIXIMAB_FASANMADE_2009) with his covariates and no random effects.",
    task: "What is his terminal half-life of infliximab, in days?",
    answerKind: "number",
    unit: "days",
    tolerance: { relative: 0.05 },
    toolkit: ["individualParameters", "terminalHalfLifeDays", "INFLIXIMAB_FASANMADE_2009"],
    takeaway:
      "Clearance rises as albumin falls (CL ∝ (ALB/4.1)^−1.54 in this model), and the half-life shrinks about as much: the inflamed, protein-losing patient clears the drug fastest.",
    sources: [
      INFLIXIMAB_FASANMADE_2009.citation,
      "Covariate form as transcribed in nlmixr2lib, unverified against Table 3 (domain facts section 2)",
    ],
    given: { model: "INFLIXIMAB_FASANMADE_2009", weightKg: 70, albuminGdl: 2.6 },
    solve: (g) => terminalHalfLifeDays(individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: g.weightKg, albuminGdl: g.albuminGdl })),
    mistakes: (g) => {
      const p = individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: g.weightKg, albuminGdl: g.albuminGdl });
      const typical = individualParameters(INFLIXIMAB_FASANMADE_2009, { weightKg: g.weightKg, albuminGdl: 4.1 });
      return [
        {
          value: terminalHalfLifeDays(typical),
          hint: "That is the half-life at the reference albumin of 4.1 g/dL. Pass his albumin as a covariate: it raises clearance.",
        },
        {
          value: (Math.LN2 * p.V1) / p.CL,
          hint: "ln 2·V1/CL treats the model as one compartment of the central volume; the terminal phase of a two-compartment model is slower (ln 2 / β).",
        },
        {
          value: Math.LN2 * (p.CL / p.V1),
          hint: "The elimination rate constant is CL/V; the half-life is ln 2 divided by a rate constant, not multiplied by it.",
        },
      ];
    },
  },
  "stricture-radius-1": {
    id: "stricture-radius-1",
    chapter: "stricture",
    title: "A third of the radius",
    vignette:
      "An ileal stricture narrows a lumen of radius 12 mm to 4 mm. Treat the contents as a Newtonian fluid and keep the driving pressure and the length the same.",
    task: "What fraction of the original flow still gets through the narrowed tube? Answer as a fraction, e.g. 0.25.",
    answerKind: "number",
    unit: "fraction of the original flow",
    tolerance: { relative: 0.05 },
    toolkit: ["relativeFlow", "strictureExerciseAnswer"],
    takeaway: "Hagen-Poiseuille: Q ∝ r⁴, so a third of the radius lets through (1/3)⁴ = 1/81 of the flow, about 1 %.",
    sources: ["Hagen-Poiseuille law (domain facts section 1)"],
    given: { radiusMm: 4, referenceRadiusMm: 12 },
    solve: (g) => strictureExerciseAnswer(radiusExercise(g)),
    mistakes: (g) => {
      const ratio = g.radiusMm / g.referenceRadiusMm;
      return [
        { value: ratio ** 2, hint: "(r/r₀)² is the change in cross-sectional area; Poiseuille flow falls with r⁴." },
        { value: ratio, hint: "r/r₀ itself: flow is far more sensitive to the radius than that (r⁴)." },
        { value: ratio ** 3, hint: "(r/r₀)³: the Poiseuille exponent for a Newtonian fluid is 4." },
        { value: 1 / ratio ** 4, hint: "That is the inverse: the narrow tube passes less flow, not more." },
      ];
    },
  },
  "stricture-dilation-1": {
    id: "stricture-dilation-1",
    chapter: "stricture",
    title: "What a balloon gives back",
    vignette:
      "A 20 cm segment of terminal ileum (healthy diameter 25 mm) contains a 4 cm fibrotic stricture with an 8 mm lumen. It is dilated endoscopically to 18 mm. " +
      "Model the contents as a Newtonian fluid of 1000 mPa·s and keep the driving pressure across the segment the same.",
    task: "By what factor does the flow through the whole segment rise after dilation? Answer as a ratio, e.g. 4.2.",
    answerKind: "number",
    unit: "ratio (after / before)",
    tolerance: { relative: 0.05 },
    toolkit: ["strictureExerciseAnswer", "balloonDilation", "segmentFlowMlMin"],
    takeaway:
      "The stricture dominates the segment's resistance before dilation, so widening it multiplies the flow. The rest of the segment sits in series and caps the gain below the stricture-alone (18/8)⁴.",
    sources: ["Hagen-Poiseuille law; resistances in series (src/stricture)", "Bettenworth D et al. 2017 (balloon diameters 12-20 mm)"],
    given: {
      segment: { lengthCm: 20, normalDiameterMm: 25, strictures: [{ lengthCm: 4, diameterMm: 8 }] },
      targetDiameterMm: 18,
      fluid: { viscosityMPaS: 1000 },
    },
    solve: (g) => strictureExerciseAnswer(dilationExercise(g)),
    mistakes: (g) => {
      const ratio = g.targetDiameterMm / (g.segment.strictures?.[0]?.diameterMm ?? Number.NaN);
      const expected = strictureExerciseAnswer(dilationExercise(g));
      return [
        {
          value: ratio ** 4,
          hint: "(18/8)⁴ is the gain of the stricture alone. The healthy bowel around it is in series and its resistance does not change, so the segment gains less.",
        },
        { value: ratio ** 2, hint: "(d/d₀)² is the gain in cross-sectional area; flow depends on r⁴, and on the whole segment." },
        { value: 1 / expected, hint: "That is the inverse ratio: dilation increases the flow." },
      ];
    },
  },
};

/**
 * Identifiers in notebook order.
 * @example EXERCISE_IDS[0] // "steroid-refractory-1"
 */
export const EXERCISE_IDS = Object.keys(EXERCISE_BANK) as ExerciseId[];
