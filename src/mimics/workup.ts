/**
 * The hunt for mimics: a stepwise workup of a suspected flare, returning an
 * ordered checklist in which every step says what to do, why, and on which
 * source the rule rests, and a rule that a patient is not called refractory
 * while a mimic is unexcluded.
 *
 * Order (infections first, as the chapter argues): C. difficile; other enteric
 * infections (bacterial stool culture or multiplex PCR, and ova, cysts and
 * parasites after travel or exposure or under immunosuppression); CMV in the
 * immunosuppressed or steroid-refractory; an abscess in Crohn's disease with
 * fever, pain, a mass or penetrating disease (imaging before escalating
 * immunosuppression); NSAIDs; malignancy (a stricture in UC, a new stricture,
 * long-standing colitis, lymphoma on a thiopurine); bile acid diarrhoea after
 * ileal resection or with ileal disease; SIBO with altered anatomy or motility;
 * microscopic colitis when the mucosa looks normal but diarrhoea persists; then
 * adherence and timing, judged against the drug's own induction length
 * (src/drugs `inductionWeeks`, from the SmPCs).
 *
 * C. difficile follows the two-step logic of ESCMID (Crobach MJT et al. Clin
 * Microbiol Infect 2016;22:S63-81) and IDSA/SHEA 2017 (McDonald LC et al.
 * Clin Infect Dis 2018;66:e1-48): a sensitive screen (NAAT or GDH) then the
 * toxin. A positive screen with a negative toxin is never an exclusion: it is
 * colonisation or infection with little free toxin, a clinical judgement
 * (treated at once when the patient is severely ill). CMV is decided on tissue
 * (biopsy IHC), never on blood PCR (ECCO guidelines on infections, Kucharzik T
 * et al. J Crohns Colitis 2021;15:879-913). The sources of every step are in
 * sources.ts, with how far each was checked.
 *
 * Bayes: when a pre-test probability is given for a mimic with registered test
 * characteristics (tests.ts), its results are chained in order (post-test odds =
 * pre-test odds × LR₁ × LR₂ …; the post-test probability of one result is the
 * pre-test probability of the next), which assumes the tests err independently
 * given the true state. Every update is listed in `step.bayes`; a would-be
 * exclusion stays pending while the last post-test probability is at or above
 * `excludeBelow`.
 */
import { InputError } from "../core/errors";
import type { Reasoned } from "../core/result";
import { assertInRange, assertNonNegative, assertOpenUnit } from "../core/validate";
import { drugClassOf } from "../drugs/classes";
import { INDUCTION, inductionWeeks } from "../drugs/induction";
import type { AdvancedDrug, Disease } from "../drugs/types";
import { type PostTest, postTestProbability } from "./bayes";
import { sourcesFor } from "./sources";
import { MIMIC_TESTS, type MimicTestId } from "./tests";

/** A qualitative test result. */
export type TestOutcome = "positive" | "negative";

/** The mimics the workup looks for, in the order of the checklist. */
export type MimicId =
  | "c-difficile"
  | "enteric-infection"
  | "cmv"
  | "abscess"
  | "nsaids"
  | "malignancy"
  | "bile-acid-diarrhoea"
  | "sibo"
  | "microscopic-colitis"
  | "adherence-timing";

/** The mimics whose tests have registered characteristics (MIMIC_TESTS), so that a pre-test probability can be updated. */
export type PretestMimicId = "c-difficile" | "cmv" | "bile-acid-diarrhoea" | "sibo";

const PRETEST_MIMICS: readonly PretestMimicId[] = ["c-difficile", "cmv", "bile-acid-diarrhoea", "sibo"];

/** Status of one workup step. */
export type StepStatus =
  /** Looked for and not found. */
  | "excluded"
  /** Not indicated for this patient. */
  | "not-indicated"
  /** Still to do, or results insufficient to exclude (including a clinical judgement still to be made). */
  | "pending"
  /** Found: this explains (part of) the flare. */
  | "confirmed"
  /** Ambiguous result in a severely ill patient: treat while the question stays open. */
  | "treat-empirically";

/** Test results so far (absent, or null from a table cell, means not done). */
export interface FlareResults {
  cdiffNaat?: TestOutcome;
  cdiffGdh?: TestOutcome;
  cdiffToxin?: TestOutcome;
  /** Bacterial stool culture or a multiplex PCR panel of enteric bacteria. */
  stoolCulture?: TestOutcome;
  /** Stool microscopy for ova, cysts and parasites. */
  stoolOvaParasites?: TestOutcome;
  cmvTissueIhc?: TestOutcome;
  cmvBloodPcr?: TestOutcome;
  /** Cross-sectional imaging (MRI or CT enterography, intestinal ultrasound): abscess found? */
  crossSectionalImagingAbscess?: TestOutcome;
  /** Colonoscopic biopsies: dysplasia, cancer or lymphoma found? */
  biopsyDysplasiaOrCancer?: TestOutcome;
  /** SeHCAT 7-day retention, % (<= 15 % abnormal; < 5 % severe). */
  sehcatRetentionPct?: number;
  glucoseBreathTest?: TestOutcome;
  lactuloseBreathTest?: TestOutcome;
  /** Colonic biopsies (right and left colon): microscopic (collagenous or lymphocytic) colitis found? */
  biopsyMicroscopicColitis?: TestOutcome;
}

/** What is known about the patient and the results so far. Flags are true, false or absent (unknown). */
export interface FlareContext {
  /** Ulcerative colitis or Crohn's disease (used for the induction length). */
  disease?: Disease;
  /** The current advanced therapy, whose induction length decides when non-response can be judged. */
  drug?: AdvancedDrug;
  /** The label's extended induction is being used (e.g. upadacitinib, tofacitinib, mirikizumab). Default: false. */
  extendedInduction?: boolean;
  /** On steroids, thiopurines, methotrexate, calcineurin inhibitors, biologics or JAK inhibitors. */
  immunosuppressed?: boolean;
  /** Active disease despite adequate steroids (prednisone >= 40 mg/day for 2 weeks or IV methylprednisolone 3-5 days). */
  steroidRefractory?: boolean;
  /** Severe illness (e.g. acute severe colitis, fever, leucocytosis, rising creatinine). */
  severelyIll?: boolean;
  /** Recent travel to an area where enteric parasites are common, or another exposure (contacts, untreated water, institutional or sexual exposure). */
  travelOrExposure?: boolean;
  /** Taking non-steroidal anti-inflammatory drugs (including over-the-counter ones). */
  nsaidUse?: boolean;
  /** Crohn's disease with fever, abdominal pain, a tender mass, or penetrating (fistulising) disease: an abscess must be excluded. */
  penetratingDiseaseOrAbscessSigns?: boolean;
  /** A stricture in ulcerative colitis (a red flag for colorectal cancer). */
  strictureInUc?: boolean;
  /** A new stricture (in Crohn's disease, especially colonic), not yet biopsied. */
  newStricture?: boolean;
  /** Colitis beyond the rectum for 8 years or more since symptom onset (the surveillance threshold of ECCO and BSG). */
  longStandingColitis?: boolean;
  /** On a thiopurine with features that suggest lymphoma (B symptoms, lymphadenopathy, an atypical mass or ulcer). */
  lymphomaConcernOnThiopurine?: boolean;
  /** Ileal (or ileocaecal) resection. */
  ilealResection?: boolean;
  /** Length of ileum resected, cm (more than about 100 cm: steatorrhoea rather than bile acid diarrhoea). */
  ilealResectionCm?: number;
  /** Active or previous terminal-ileal disease (Crohn's). */
  ilealDisease?: boolean;
  /** Strictures, blind loops, bypass, loss of the ileocaecal valve, or dysmotility. */
  alteredAnatomyOrMotility?: boolean;
  /** Endoscopy shows macroscopically normal mucosa while diarrhoea persists (the refractory-symptoms pattern). */
  macroscopicallyNormalMucosa?: boolean;
  /** Treatment adherence: "confirmed", "doubtful" (a cause in itself) or unknown. */
  adherence?: "confirmed" | "doubtful" | "unknown";
  /** Weeks on the current advanced therapy (`drug`), judged against that drug's induction length. */
  weeksOnTherapy?: number;
  /** Test results so far. */
  results?: FlareResults;
  /** Pre-test probabilities in (0, 1) for the mimics with registered tests; their results are then chained through Bayes. Default: none. */
  pretest?: Partial<Record<PretestMimicId, number>>;
}

/** Options of {@link flareWorkup}. */
export interface WorkupOptions {
  /** A negative result excludes a mimic only when its post-test probability is below this (when a pre-test probability is given). Default: 0.1. */
  excludeBelow?: number;
  /** Weeks of therapy before non-response can be judged, overriding the drug's induction length. Default: none (the drug's induction from `inductionWeeks`; without a drug the timing step stays pending). */
  minimumWeeksOnTherapy?: number;
  /** SeHCAT retention (%) at or below which bile acid malabsorption is diagnosed. Default: 15 (NICE DG44). */
  sehcatAbnormalAtOrBelowPct?: number;
}

/** One Bayes update: a registered test's result applied to the probability before it. */
export type BayesUpdate = PostTest & { test: MimicTestId };

/** One step of the checklist. */
export interface WorkupStep {
  order: number;
  mimic: MimicId;
  title: string;
  status: StepStatus;
  /** What to do next for this step, in plain words. */
  action: string;
  reasons: string[];
  /** The guidance or studies the step's rule rests on (see sources.ts). */
  sources: string[];
  /** Bayes updates of the results used, in order (each post-test is the next pre-test), when a pre-test probability was given. */
  bayes?: BayesUpdate[];
}

/** The workup: ordered steps, whether every mimic is excluded, and the next step to take. */
export interface Workup extends Reasoned {
  steps: WorkupStep[];
  /** True when every step is excluded or not indicated. */
  mimicsExcluded: boolean;
  /** The first step that is pending (what to do next), or null. */
  next: WorkupStep | null;
}

/** Resection length above which post-resection diarrhoea is mostly steatorrhoea, cm (Hofmann & Poley 1969, 1972). */
const LONG_ILEAL_RESECTION_CM = 100;

const BOOLEAN_FLAGS = [
  "extendedInduction",
  "immunosuppressed",
  "steroidRefractory",
  "severelyIll",
  "travelOrExposure",
  "nsaidUse",
  "penetratingDiseaseOrAbscessSigns",
  "strictureInUc",
  "newStricture",
  "longStandingColitis",
  "lymphomaConcernOnThiopurine",
  "ilealResection",
  "ilealDisease",
  "alteredAnatomyOrMotility",
  "macroscopicallyNormalMucosa",
] as const;
type Flag = (typeof BOOLEAN_FLAGS)[number];

function outcome(v: unknown, field: string): TestOutcome | undefined {
  if (v === undefined || v === null) return undefined;
  if (v !== "positive" && v !== "negative") throw new InputError({ field, value: v, expected: '"positive", "negative" or absent' });
  return v;
}

function flag(v: unknown, field: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") throw new InputError({ field, value: v, expected: "true, false or absent" });
  return v;
}

function plainObject(v: unknown, field: string, what: string): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new InputError({ field, value: v, expected: what });
  return v as Record<string, unknown>;
}

/** Chains the given results through Bayes in order; empty without a pre-test probability. */
function bayesChain(pretest: number | undefined, results: [MimicTestId, TestOutcome | undefined][]): BayesUpdate[] {
  if (pretest === undefined) return [];
  const out: BayesUpdate[] = [];
  let p = pretest;
  for (const [test, result] of results) {
    if (result === undefined) continue;
    const b: BayesUpdate = { ...postTestProbability(p, MIMIC_TESTS[test], result), test };
    out.push(b);
    p = b.posttest;
  }
  return out;
}

const pct = (p: number) => `${(p * 100).toFixed(1)} %`;

/** Shortest and longest standard induction in the shared table (for the message when no drug is given). */
function inductionRange(): { min: number; max: number; maxExtended: number } {
  const rules = Object.values(INDUCTION).flatMap((r) => [r.UC, r.CD]);
  const weeks = rules.map((r) => r.weeks);
  return {
    min: Math.min(...weeks),
    max: Math.max(...weeks),
    maxExtended: Math.max(...rules.map((r) => r.extendedWeeks ?? r.weeks)),
  };
}

/**
 * Builds the ordered mimic checklist for a suspected flare.
 *
 * Inputs are checked: a flag that is not true/false, a result that is not
 * "positive"/"negative", a number that is not finite (or out of range), an
 * unknown drug, disease or pre-test key throws an {@link InputError} naming the field.
 * @example
 * const w = flareWorkup({ immunosuppressed: true, results: { cdiffNaat: "positive", cdiffToxin: "negative" } });
 * w.steps.find((s) => s.mimic === "c-difficile")?.status // "pending": a clinical judgement (severely ill: "treat-empirically")
 * w.mimicsExcluded // false
 * @example
 * // Induction length from the drug's label: infliximab is judged at week 14, so week 10 is too early.
 * flareWorkup({ drug: "infliximab", disease: "UC", weeksOnTherapy: 10, adherence: "confirmed" })
 *   .steps.find((s) => s.mimic === "adherence-timing")?.status // "confirmed" (too early to call non-response)
 */
export function flareWorkup(context: FlareContext, options: WorkupOptions = {}): Workup {
  if (typeof context !== "object" || context === null || Array.isArray(context))
    throw new InputError({ field: "context", value: context, expected: "a flare context object" });
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new InputError({ field: "options", value: options, expected: "an options object" });
  const excludeBelow = assertOpenUnit(options.excludeBelow ?? 0.1, "options.excludeBelow");
  const sehcatCut = assertInRange(options.sehcatAbnormalAtOrBelowPct ?? 15, "options.sehcatAbnormalAtOrBelowPct", 0, 100);
  const weeksOverride =
    options.minimumWeeksOnTherapy === undefined
      ? undefined
      : assertNonNegative(options.minimumWeeksOnTherapy, "options.minimumWeeksOnTherapy");

  const f = {} as Record<Flag, boolean | undefined>;
  for (const k of BOOLEAN_FLAGS) f[k] = flag(context[k], k);
  const r = (plainObject(context.results, "results", "an object of test results") ?? {}) as FlareResults;
  const preRaw = plainObject(context.pretest, "pretest", "an object of pre-test probabilities per mimic") ?? {};
  const pre: Partial<Record<PretestMimicId, number>> = {};
  for (const [k, v] of Object.entries(preRaw)) {
    if (!(PRETEST_MIMICS as readonly string[]).includes(k))
      throw new InputError({
        field: `pretest.${k}`,
        value: v,
        expected: `a key among ${PRETEST_MIMICS.join(", ")} (mimics with registered tests)`,
      });
    if (v !== undefined) pre[k as PretestMimicId] = assertOpenUnit(v, `pretest.${k}`);
  }
  const drug: AdvancedDrug | undefined = context.drug;
  if (drug !== undefined) drugClassOf(drug, "drug");
  const disease = context.disease;
  if (disease !== undefined && disease !== "UC" && disease !== "CD")
    throw new InputError({ field: "disease", value: disease, expected: '"UC", "CD" or absent' });
  const adherence = context.adherence ?? "unknown";
  if (adherence !== "confirmed" && adherence !== "doubtful" && adherence !== "unknown")
    throw new InputError({ field: "adherence", value: adherence, expected: '"confirmed", "doubtful", "unknown" or absent' });
  const weeks = context.weeksOnTherapy === undefined ? undefined : assertNonNegative(context.weeksOnTherapy, "weeksOnTherapy");
  const resectionCm = context.ilealResectionCm === undefined ? undefined : assertNonNegative(context.ilealResectionCm, "ilealResectionCm");
  if (f.strictureInUc && disease === "CD")
    throw new InputError({ field: "strictureInUc", value: true, expected: "false or absent in Crohn's disease (use newStricture)" });
  const ret = r.sehcatRetentionPct;
  if (ret !== undefined && (typeof ret !== "number" || !Number.isFinite(ret) || ret < 0 || ret > 100)) {
    throw new InputError({ field: "results.sehcatRetentionPct", value: ret, expected: "a percentage in [0, 100]" });
  }

  const steps: WorkupStep[] = [];
  const newStep = (mimic: MimicId, title: string, sources: string[]): WorkupStep => {
    const step: WorkupStep = { order: steps.length + 1, mimic, title, status: "pending", action: "", reasons: [], sources };
    steps.push(step);
    return step;
  };

  /** Lists the Bayes updates in the step, and keeps a would-be exclusion pending while the last post-test probability is not below `excludeBelow`. */
  const applyBayes = (step: WorkupStep, updates: BayesUpdate[]) => {
    if (updates.length === 0) return;
    step.bayes = updates;
    updates.forEach((b, i) => {
      const n = updates.length > 1 ? ` ${i + 1} of ${updates.length}` : "";
      step.reasons.push(
        `Bayes${n}: pre-test ${pct(b.pretest)}, ${MIMIC_TESTS[b.test].name} ${b.result} (LR ${b.likelihoodRatio.toFixed(2)}) -> post-test ${pct(b.posttest)}.`,
      );
    });
    if (updates.length > 1)
      step.reasons.push(
        "The results are chained in order (each post-test probability is the pre-test probability of the next result), which assumes the tests err independently given the true state.",
      );
    const last = updates[updates.length - 1];
    if (step.status === "excluded" && last.posttest >= excludeBelow) {
      step.status = "pending";
      step.reasons.push(`Post-test probability ${pct(last.posttest)} is not below ${pct(excludeBelow)}: not excluded yet.`);
      step.action = "Not excluded by these results: repeat with a more sensitive test or weigh an empirical trial.";
    }
  };

  // 1. C. difficile
  {
    const naat = outcome(r.cdiffNaat, "results.cdiffNaat");
    const gdh = outcome(r.cdiffGdh, "results.cdiffGdh");
    const toxin = outcome(r.cdiffToxin, "results.cdiffToxin");
    const step = newStep("c-difficile", "Clostridioides difficile infection", sourcesFor("idsaShea2017", "escmid2016"));
    step.reasons.push("Infection is the first suspect in any flare; C. difficile is the commonest.");
    const screenPositive = naat === "positive" || gdh === "positive";
    const screen = naat === "positive" ? "NAAT" : "GDH";
    const ambiguous = toxin === "negative" && screenPositive && naat !== "negative";
    if (toxin === "positive") {
      step.status = "confirmed";
      step.action = "Treat C. difficile infection (e.g. fidaxomicin or oral vancomycin) and reassess the flare after treatment.";
      step.reasons.push("Free toxin in stool: active C. difficile infection, whatever the NAAT shows.");
    } else if (naat === "negative" || (gdh === "negative" && naat === undefined)) {
      step.status = "excluded";
      step.action = "No further C. difficile testing unless the picture changes.";
      step.reasons.push(`${naat === "negative" ? "NAAT" : "GDH"} negative: a sensitive screen, so C. difficile is very unlikely.`);
    } else if (ambiguous) {
      step.reasons.push(
        `${screen} positive but toxin negative: C. difficile is present but no free toxin was found. Colonisation and infection with little toxin cannot be told apart by the tests, so this does not exclude C. difficile.`,
      );
      if (f.severelyIll) {
        step.status = "treat-empirically";
        step.action = "Treat for C. difficile now (severely ill, ambiguous result) while the IBD flare is managed in parallel.";
        step.reasons.push("Severely ill: treat rather than wait on a judgement the tests cannot make.");
      } else {
        step.status = "pending";
        step.action =
          "A clinical judgement, not an exclusion: colonisation or infection with little free toxin. Treat C. difficile if the clinical picture fits (e.g. >= 3 unformed stools in 24 h with no other cause, recent antibiotics; in IBD the flare itself may be that other cause). Repeating the test on the same episode does not help.";
        step.reasons.push(
          "Not severely ill: the refractory label waits until this judgement is made (treated, or set aside as colonisation).",
        );
      }
    } else if (screenPositive) {
      step.action = "Test for free toxin (toxin A/B immunoassay) on the same sample.";
      step.reasons.push(`${screen} positive: this detects the organism or its gene, which can be colonisation; the toxin decides.`);
      if (f.severelyIll) {
        step.status = "treat-empirically";
        step.reasons.push("Severely ill: start treatment while the toxin result is awaited.");
      }
    } else if (toxin === "negative") {
      step.action = "Add a sensitive screen (NAAT or GDH): a toxin immunoassay alone is not sensitive enough to rule C. difficile out.";
      step.reasons.push(
        `Toxin negative without a screening test. The toxin immunoassay's pooled sensitivity (${pct(MIMIC_TESTS.cdiffToxinEia.sensitivity)}) is measured against toxigenic culture, which also counts colonised carriers, so it overstates how many clinical infections the toxin test misses; even so, a negative toxin alone does not rule C. difficile out.`,
      );
    } else {
      step.action = "Send stool for a two-step test: NAAT or GDH first, then toxin on positives.";
      step.reasons.push("Not yet tested.");
    }
    const chain = bayesChain(pre["c-difficile"], [
      ["cdiffGdh", gdh],
      ["cdiffNaat", naat],
      ["cdiffToxinEia", toxin],
    ]);
    applyBayes(step, chain);
    if (ambiguous && chain.length > 0)
      step.reasons.push(
        `After both results the probability of toxigenic C. difficile is ${pct(chain[chain.length - 1].posttest)} (the reference standard, toxigenic culture, counts carriers too): far from excluded.`,
      );
  }

  // 2. Other enteric infections
  {
    const culture = outcome(r.stoolCulture, "results.stoolCulture");
    const ova = outcome(r.stoolOvaParasites, "results.stoolOvaParasites");
    const step = newStep(
      "enteric-infection",
      "Other enteric infections (bacteria, parasites)",
      sourcesFor("eccoUc2017", "eccoInfections2021", "bsgIbd2019", "idsaDiarrhoea2017"),
    );
    step.reasons.push(
      "Indicated in every flare: an enteric infection (e.g. Campylobacter, Salmonella, Shigella, Shiga toxin-producing E. coli, parasites) can mimic or trigger a flare.",
    );
    const ovaWhy = f.travelOrExposure ? "Recent travel or exposure" : f.immunosuppressed ? "Immunosuppressed" : undefined;
    if (culture === "positive" || ova === "positive") {
      step.status = "confirmed";
      step.action =
        "Treat the pathogen found (as the laboratory's identification and sensitivities advise) and reassess the flare once it is treated.";
      if (culture === "positive") step.reasons.push("Bacterial stool culture (or PCR panel) positive.");
      if (ova === "positive") step.reasons.push("Ova, cysts or parasites found in stool.");
    } else {
      const missing: string[] = [];
      if (culture === undefined) missing.push("bacterial culture (or a multiplex PCR panel)");
      else step.reasons.push("Bacterial stool culture negative.");
      if (ova === "negative") step.reasons.push("Ova, cysts and parasites negative.");
      else if (ovaWhy) {
        missing.push("ova, cysts and parasites");
        step.reasons.push(`${ovaWhy}: stool microscopy for ova, cysts and parasites is needed as well.`);
      } else
        step.reasons.push(
          "No travel, exposure or immunosuppression recorded (ask about recent travel): ova, cysts and parasites not needed.",
        );
      if (missing.length === 0) {
        step.status = "excluded";
        step.action = "No enteric pathogen found; no further stool microbiology unless the picture changes.";
      } else {
        step.action = `Send stool for ${missing.join(" and ")}.`;
      }
    }
  }

  // 3. CMV
  {
    const ihc = outcome(r.cmvTissueIhc, "results.cmvTissueIhc");
    const blood = outcome(r.cmvBloodPcr, "results.cmvBloodPcr");
    const indicated = f.immunosuppressed || f.steroidRefractory;
    const step = newStep("cmv", "Cytomegalovirus colitis", sourcesFor("eccoInfections2021"));
    if (!indicated && ihc === undefined) {
      step.status = "not-indicated";
      step.action = "None unless immunosuppressed or steroid-refractory.";
      step.reasons.push("Not immunosuppressed and not steroid-refractory: CMV colitis is unlikely.");
    } else {
      if (ihc === "positive") {
        step.status = "confirmed";
        step.action = "Treat CMV colitis (ganciclovir) and review immunosuppression.";
        step.reasons.push("CMV seen invading the tissue on biopsy immunohistochemistry: CMV colitis.");
      } else if (ihc === "negative") {
        step.status = "excluded";
        step.action = "No antiviral treatment.";
        step.reasons.push("Biopsy immunohistochemistry negative.");
      } else {
        step.action = "Endoscopy with biopsies (ulcer base and edge) for CMV immunohistochemistry.";
        step.reasons.push(
          f.steroidRefractory
            ? "Steroid-refractory: CMV must be looked for in tissue."
            : "Immunosuppressed: CMV reactivation can mimic a flare.",
        );
        if (blood === "positive") step.reasons.push("Blood PCR positive: shows viraemia, not colitis; the tissue decides.");
        if (blood === "negative")
          step.reasons.push("Blood PCR negative: does not exclude CMV colitis (plasma PCR misses about a third); the tissue decides.");
      }
      applyBayes(
        step,
        bayesChain(pre.cmv, [
          ["cmvPlasmaPcr", blood],
          ["cmvTissueIhc", ihc],
        ]),
      );
    }
  }

  // 4. Abscess (Crohn's disease)
  {
    const img = outcome(r.crossSectionalImagingAbscess, "results.crossSectionalImagingAbscess");
    const step = newStep(
      "abscess",
      "Abscess or penetrating complication (Crohn's disease)",
      sourcesFor("eccoEsgar2019", "eccoSurgery2020"),
    );
    if (!f.penetratingDiseaseOrAbscessSigns && img === undefined) {
      step.status = "not-indicated";
      step.action = "None unless fever, abdominal pain, a tender mass or penetrating (fistulising) disease.";
      step.reasons.push("No fever, pain, mass or penetrating disease recorded.");
    } else if (img === "positive") {
      step.status = "confirmed";
      step.action =
        "Drain the abscess (percutaneously or surgically) and give antibiotics; do not start or escalate immunosuppression until it is controlled.";
      step.reasons.push("Abscess on cross-sectional imaging: sepsis, not (only) refractory inflammation.");
    } else if (img === "negative") {
      step.status = "excluded";
      step.action = "No abscess: escalation of therapy is not held back by this step.";
      step.reasons.push("Cross-sectional imaging shows no abscess.");
    } else {
      step.action = "Cross-sectional imaging (MRI or CT enterography, or intestinal ultrasound) before escalating immunosuppression.";
      step.reasons.push(
        "Fever, abdominal pain, a mass or penetrating disease in Crohn's: an abscess must be excluded first, because more immunosuppression can make an undrained abscess worse.",
      );
    }
  }

  // 5. NSAIDs
  {
    const step = newStep("nsaids", "NSAID use", sourcesFor("long2016", "takeuchi2006"));
    if (f.nsaidUse === true) {
      step.status = "confirmed";
      step.action =
        "Stop NSAIDs (including over-the-counter ibuprofen, naproxen or diclofenac), then reassess the flare before escalating therapy.";
      step.reasons.push(
        "Taking NSAIDs: they can trigger a relapse within days, and regular use (>= 5 times a month) was associated with active Crohn's disease 6 months later.",
      );
    } else if (f.nsaidUse === false) {
      step.status = "excluded";
      step.action = "None.";
      step.reasons.push("No NSAID use.");
    } else {
      step.action = "Ask about NSAID use, including over-the-counter painkillers.";
      step.reasons.push("NSAID use not recorded: NSAIDs can trigger a flare.");
    }
  }

  // 6. Malignancy
  {
    const bx = outcome(r.biopsyDysplasiaOrCancer, "results.biopsyDysplasiaOrCancer");
    const flags: string[] = [];
    if (f.strictureInUc) flags.push("A stricture in ulcerative colitis: colorectal cancer until biopsies prove otherwise.");
    if (f.newStricture) flags.push("A new stricture: cancer (or lymphoma) is excluded on biopsies before it is treated as inflammatory.");
    if (f.longStandingColitis)
      flags.push(
        "Long-standing colitis (8 years or more beyond the rectum): the risk of dysplasia and cancer rises, and a refractory course can be a neoplasm.",
      );
    if (f.lymphomaConcernOnThiopurine)
      flags.push("Features of lymphoma on a thiopurine (lymphoproliferative disorders are more frequent on thiopurines).");
    const step = newStep(
      "malignancy",
      "Colorectal cancer, dysplasia or lymphoma",
      sourcesFor("eccoUc2017", "bsgIbd2019", ...(f.lymphomaConcernOnThiopurine ? (["cesame2009"] as const) : [])),
    );
    step.reasons.push(...flags);
    if (flags.length === 0 && bx === undefined) {
      step.status = "not-indicated";
      step.action = "None unless a stricture in UC, a new stricture, long-standing colitis or features of lymphoma on a thiopurine.";
      step.reasons.push("No red flag for malignancy recorded.");
    } else if (bx === "positive") {
      step.status = "confirmed";
      step.action =
        "Refer to the multidisciplinary team (surgery, oncology or haematology): the course is explained by a neoplasm, not by refractory inflammation.";
      step.reasons.push("Biopsies show dysplasia, cancer or lymphoma.");
    } else if (bx === "negative") {
      step.status = "excluded";
      step.action = f.strictureInUc
        ? "Biopsies negative; a stricture in UC still warrants surgical review, because biopsies can miss a cancer beneath the mucosa."
        : "None: no dysplasia, cancer or lymphoma on biopsies.";
      step.reasons.push("Biopsies show no dysplasia, cancer or lymphoma.");
    } else {
      step.action = `Colonoscopy with biopsies (of the stricture or lesion, plus surveillance biopsies as guidance advises) before calling the disease refractory.${
        f.lymphomaConcernOnThiopurine ? " For suspected lymphoma, biopsy any mass or atypical ulcer and image for lymphadenopathy." : ""
      }`;
    }
  }

  // 7. Bile acid diarrhoea
  {
    const indicated = f.ilealResection || f.ilealDisease || (resectionCm !== undefined && resectionCm > 0);
    const resected = f.ilealResection || (resectionCm !== undefined && resectionCm > 0);
    const long = resectionCm !== undefined && resectionCm > LONG_ILEAL_RESECTION_CM;
    const step = newStep(
      "bile-acid-diarrhoea",
      "Bile acid diarrhoea",
      sourcesFor("niceDg44", "hofmannPoley1969", "hofmannPoley1972", "bsgDiarrhoea2018", "colestyramineLabel", "colesevelamLabel"),
    );
    const interactions =
      "Sequestrants bind other oral drugs: take other medicines at least 1 h before or 4-6 h after colestyramine; colesevelam binds fewer, but some (e.g. ciclosporin, levothyroxine, oral contraceptives) are still taken at least 4 h before it.";
    if (!indicated && ret === undefined) {
      step.status = "not-indicated";
      step.action = "Consider only if diarrhoea persists with objective remission.";
      step.reasons.push("No ileal resection or ileal disease recorded.");
    } else if (ret !== undefined && ret <= sehcatCut) {
      step.status = "confirmed";
      const grade = ret < 5 ? "severe" : ret < 10 ? "moderate" : "mild";
      step.reasons.push(`SeHCAT 7-day retention ${ret} % (<= ${sehcatCut} %): ${grade} bile acid malabsorption.`);
      if (long) {
        step.action = `Bile acid loss is confirmed, but after ${resectionCm} cm of ileum resected (more than about ${LONG_ILEAL_RESECTION_CM} cm) the diarrhoea is often steatorrhoea: measure faecal fat, and restrict dietary fat (medium-chain triglycerides can replace some) rather than give a bile acid sequestrant, which can make steatorrhoea worse. ${interactions}`;
        step.reasons.push(
          `Resection of ${resectionCm} cm (> ${LONG_ILEAL_RESECTION_CM} cm): the bile acid pool is depleted, so fat malabsorption dominates; colestyramine helped none of the patients with more than 100 cm resected and can increase faecal fat.`,
        );
      } else {
        step.action = `Treat with a bile acid sequestrant (colestyramine, colesevelam) and reassess symptoms.${
          resected && resectionCm === undefined
            ? ` If more than about ${LONG_ILEAL_RESECTION_CM} cm of ileum was resected, think of steatorrhoea first: a sequestrant can worsen it (restrict dietary fat instead).`
            : ""
        } ${interactions}`;
        if (resectionCm !== undefined && resectionCm > 0)
          step.reasons.push(
            `Resection of ${resectionCm} cm (<= ${LONG_ILEAL_RESECTION_CM} cm): bile acid diarrhoea usually responds to a sequestrant.`,
          );
        else if (resected)
          step.reasons.push(
            `Resection length not recorded: after more than about ${LONG_ILEAL_RESECTION_CM} cm of ileum is removed the diarrhoea is often steatorrhoea, which sequestrants can worsen (give ilealResectionCm).`,
          );
      }
      step.reasons.push(
        "Bile acid sequestrants also bind other oral drugs taken at the same time, so doses must be separated (colestyramine and colesevelam labels).",
      );
    } else if (ret !== undefined) {
      step.status = "excluded";
      step.action = "Bile acid malabsorption unlikely; look elsewhere.";
      step.reasons.push(`SeHCAT 7-day retention ${ret} % (> ${sehcatCut} %): normal.`);
    } else {
      step.action = "SeHCAT scan (or serum C4, or a trial of a bile acid sequestrant where SeHCAT is unavailable).";
      step.reasons.push(
        resected
          ? "After ileal resection most patients malabsorb bile acids (SeHCAT < 5 % in ~90 %)."
          : "Ileal disease impairs bile acid reabsorption (SeHCAT < 5 % in ~28 % of CD without resection).",
      );
      if (long)
        step.reasons.push(
          `Resection of ${resectionCm} cm (> ${LONG_ILEAL_RESECTION_CM} cm): expect steatorrhoea as well; a sequestrant trial can make it worse, so test rather than try.`,
        );
    }
    if (ret !== undefined)
      applyBayes(step, bayesChain(pre["bile-acid-diarrhoea"], [["sehcat", ret <= sehcatCut ? "positive" : "negative"]]));
  }

  // 8. SIBO
  {
    const gbt = outcome(r.glucoseBreathTest, "results.glucoseBreathTest");
    const lbt = outcome(r.lactuloseBreathTest, "results.lactuloseBreathTest");
    const step = newStep("sibo", "Small intestinal bacterial overgrowth", sourcesFor("siboMeta2020"));
    const test = gbt ?? lbt;
    const testId: MimicTestId = gbt ? "glucoseBreathTest" : "lactuloseBreathTest";
    if (!f.alteredAnatomyOrMotility && test === undefined) {
      step.status = "not-indicated";
      step.action = "Consider only with strictures, bypass, resection of the ileocaecal valve or dysmotility.";
      step.reasons.push("No altered anatomy or motility recorded.");
    } else if (test === "positive") {
      step.status = "confirmed";
      step.action = "Treat SIBO (e.g. rifaximin or another antibiotic course) and address the anatomical cause.";
      step.reasons.push(`${MIMIC_TESTS[testId].name} positive.`);
    } else if (test === "negative") {
      step.status = "excluded";
      step.action = "SIBO less likely.";
      step.reasons.push(
        `${MIMIC_TESTS[testId].name} negative; note its modest sensitivity (${pct(MIMIC_TESTS[testId].sensitivity)} against jejunal culture).`,
      );
    } else {
      step.action = "Glucose hydrogen breath test (or jejunal aspirate culture).";
      step.reasons.push("Altered anatomy or motility predisposes to bacterial overgrowth.");
    }
    if (test !== undefined)
      applyBayes(
        step,
        bayesChain(pre.sibo, [
          ["glucoseBreathTest", gbt],
          ["lactuloseBreathTest", lbt],
        ]),
      );
  }

  // 9. Microscopic colitis
  {
    const bx = outcome(r.biopsyMicroscopicColitis, "results.biopsyMicroscopicColitis");
    const step = newStep("microscopic-colitis", "Microscopic colitis", sourcesFor("uegMicroscopicColitis2021", "bsgDiarrhoea2018"));
    if (!f.macroscopicallyNormalMucosa && bx === undefined) {
      step.status = "not-indicated";
      step.action = "Consider only when the mucosa looks normal at endoscopy but diarrhoea persists.";
      step.reasons.push("Macroscopically normal mucosa with persisting diarrhoea not recorded.");
    } else if (bx === "positive") {
      step.status = "confirmed";
      step.action =
        "Treat microscopic colitis (budesonide is first line) and review drugs associated with it (e.g. NSAIDs, proton pump inhibitors, SSRIs).";
      step.reasons.push("Biopsies show microscopic (collagenous or lymphocytic) colitis.");
    } else if (bx === "negative") {
      step.status = "excluded";
      step.action = "None.";
      step.reasons.push("No microscopic colitis on biopsies.");
    } else {
      step.action = "Colonoscopy with biopsies from the right and the left colon, even though the mucosa looks normal.";
      step.reasons.push(
        "Diarrhoea persists with macroscopically normal mucosa (the refractory-symptoms pattern): microscopic colitis is seen only under the microscope.",
      );
    }
  }

  // 10. Adherence and timing
  let minWeeks: number | undefined;
  let weeksSource: string;
  {
    const step = newStep("adherence-timing", "Adherence and timing of therapy", []);
    let inductionReason: string | undefined;
    if (weeksOverride !== undefined) {
      minWeeks = weeksOverride;
      weeksSource = "options.minimumWeeksOnTherapy (set by the caller; overrides the drug's induction length)";
    } else if (drug !== undefined) {
      const ind = inductionWeeks(drug, disease, { extended: f.extendedInduction ?? false });
      minWeeks = ind.weeks;
      weeksSource = ind.source;
      inductionReason = ind.reason;
      step.sources.push(...sourcesFor("smpcInduction"), ind.source);
    } else {
      weeksSource = "none: no drug given, so weeks on therapy cannot be judged against an induction";
    }
    const on = drug ?? "therapy";
    const basis = () => {
      if (inductionReason) step.reasons.push(`Induction: ${inductionReason} Source: ${weeksSource}`);
      else step.reasons.push(`Induction length ${minWeeks} weeks from options.minimumWeeksOnTherapy.`);
    };
    if (adherence === "doubtful") {
      step.status = "confirmed";
      step.action = "Address adherence (and check drug levels) before calling the therapy a failure.";
      step.reasons.push("Adherence is doubtful: a drug not taken cannot fail.");
    } else if (minWeeks === undefined) {
      const range = inductionRange();
      step.action = `Record the advanced therapy (and the disease): weeks on therapy can only be judged against that drug's induction, which runs ${range.min}-${range.max} weeks${range.maxExtended > range.max ? ` (up to ${range.maxExtended} with an extended induction)` : ""}.${
        adherence === "confirmed" ? "" : " Ask about adherence (doses missed, timing of injections/infusions)."
      }`;
      step.reasons.push("No drug given: weeks on therapy cannot be judged against an induction length.");
      if (adherence !== "confirmed") step.reasons.push("Adherence not confirmed.");
      if (weeks === undefined) step.reasons.push("Time on therapy not recorded.");
    } else if (weeks !== undefined && weeks < minWeeks) {
      step.status = "confirmed";
      step.action = `Wait: judge response at week ${minWeeks} at the earliest (full induction of ${on}).`;
      step.reasons.push(`Only ${weeks} weeks on ${on} (< ${minWeeks}): too early to judge non-response.`);
      basis();
    } else if (adherence === "confirmed" && weeks !== undefined) {
      step.status = "excluded";
      step.action = "None.";
      step.reasons.push(`Adherence confirmed and ${weeks} weeks on ${on} (>= ${minWeeks}): induction complete.`);
      basis();
    } else {
      step.action = "Ask about adherence (doses missed, timing of injections/infusions) and record how long the therapy has run.";
      if (adherence !== "confirmed") step.reasons.push("Adherence not confirmed.");
      if (weeks === undefined) step.reasons.push("Time on therapy not recorded.");
      basis();
    }
  }

  const excluded = steps.every((s) => s.status === "excluded" || s.status === "not-indicated");
  const next = steps.find((s) => s.status === "pending") ?? null;
  const reasons: string[] = [];
  const open = steps.filter((s) => s.status === "pending" || s.status === "treat-empirically").map((s) => s.title);
  const found = steps.filter((s) => s.status === "confirmed").map((s) => s.title);
  if (found.length) reasons.push(`Found: ${found.join(", ")}.`);
  if (open.length) reasons.push(`Not yet excluded: ${open.join(", ")}.`);
  reasons.push(
    excluded
      ? "All mimics excluded: the flare can be attributed to IBD."
      : "A mimic is found or not yet excluded: do not label the disease refractory yet.",
  );
  const thresholds: Record<string, number | string> = {
    excludeBelow,
    sehcatAbnormalAtOrBelowPct: sehcatCut,
    longIlealResectionCm: LONG_ILEAL_RESECTION_CM,
  };
  if (minWeeks !== undefined) thresholds.minimumWeeksOnTherapy = minWeeks;
  thresholds.minimumWeeksOnTherapySource = weeksSource;
  return { steps, mimicsExcluded: excluded, next, reasons, thresholds };
}

/** Result of {@link mimicsExcluded}. */
export interface MimicsExcludedResult extends Reasoned {
  excluded: boolean;
  /** Mimics still pending or being treated empirically. */
  outstanding: MimicId[];
  /** Mimics found. */
  confirmed: MimicId[];
}

/**
 * The gate the refractory module calls: true only when every mimic step is excluded or not indicated.
 * Accepts a {@link Workup} or a {@link FlareContext} (run through {@link flareWorkup} with default options).
 * @example
 * // Refractoriness can be declared only once every mimic is excluded
 * const w = flareWorkup({ immunosuppressed: true, results: { cdiffNaat: "positive", cdiffToxin: "negative" } });
 * mimicsExcluded(w).excluded // false
 * mimicsExcluded(w).outstanding // ["c-difficile", "enteric-infection", "cmv", "nsaids", "adherence-timing"]
 */
export function mimicsExcluded(workup: Workup | FlareContext): MimicsExcludedResult {
  const w: Workup =
    typeof workup === "object" && workup !== null && Array.isArray((workup as Workup).steps)
      ? (workup as Workup)
      : flareWorkup(workup as FlareContext);
  const outstanding = w.steps.filter((s) => s.status === "pending" || s.status === "treat-empirically").map((s) => s.mimic);
  const confirmed = w.steps.filter((s) => s.status === "confirmed").map((s) => s.mimic);
  const excluded = outstanding.length === 0 && confirmed.length === 0;
  const reasons = excluded
    ? ["Every mimic has been excluded or is not indicated."]
    : [
        ...(confirmed.length ? [`Mimic found: ${confirmed.join(", ")}.`] : []),
        ...(outstanding.length ? [`Not yet excluded: ${outstanding.join(", ")}.`] : []),
        "Not refractory while a mimic is found or unexcluded.",
      ];
  return { excluded, outstanding, confirmed, reasons, thresholds: w.thresholds };
}
