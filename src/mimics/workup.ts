/**
 * The hunt for mimics: a stepwise workup of a suspected flare, returning an
 * ordered checklist in which every step says what to do and why, and a rule
 * that a patient is not called refractory while a mimic is unexcluded.
 *
 * Order (infection first, as the chapter argues): C. difficile, CMV in the
 * immunosuppressed or steroid-refractory, bile acid diarrhoea after ileal
 * resection or with ileal disease, SIBO with altered anatomy or motility, then
 * adherence and timing of therapy.
 *
 * C. difficile follows the two-step logic of ESCMID (Crobach MJT et al. Clin
 * Microbiol Infect 2016;22:S63-81) and IDSA/SHEA 2017 (McDonald LC et al.
 * Clin Infect Dis 2018;66:e1-48): a sensitive screen (NAAT or GDH) then the
 * toxin; a positive NAAT with a negative toxin is colonisation or ambiguous,
 * treated only when the patient is severely ill. CMV is decided on tissue
 * (biopsy IHC), never on blood PCR (ECCO guidelines on opportunistic
 * infections, Kucharzik T et al. J Crohns Colitis 2021;15:879-913).
 *
 * (These guideline citations were written from the literature without
 * re-reading the documents during development: unverified. The test
 * characteristics in tests.ts state their own provenance.)
 *
 * When a pre-test probability is given for a mimic, each negative result is
 * also run through Bayes ({@link postTestProbability}); a mimic stays
 * unexcluded while its post-test probability is at or above `excludeBelow`.
 */
import { InputError } from "../core/errors";
import type { Reasoned } from "../core/result";
import { assertOpenUnit } from "../core/validate";
import { type PostTest, postTestProbability } from "./bayes";
import { MIMIC_TESTS, type MimicTestId } from "./tests";

/** A qualitative test result. */
export type TestOutcome = "positive" | "negative";

/** The mimics the workup looks for. */
export type MimicId = "c-difficile" | "cmv" | "bile-acid-diarrhoea" | "sibo" | "adherence-timing";

/** Status of one workup step. */
export type StepStatus =
  /** Looked for and not found (or found only as colonisation). */
  | "excluded"
  /** Not indicated for this patient. */
  | "not-indicated"
  /** Still to do, or results insufficient to exclude. */
  | "pending"
  /** Found: this explains (part of) the flare. */
  | "confirmed"
  /** Ambiguous result in a severely ill patient: treat while the question stays open. */
  | "treat-empirically";

/** What is known about the patient and the results so far. */
export interface FlareContext {
  /** On steroids, thiopurines, methotrexate, calcineurin inhibitors, biologics or JAK inhibitors. */
  immunosuppressed?: boolean;
  /** Active disease despite adequate steroids (prednisone >= 40 mg/day for 2 weeks or IV methylprednisolone 3-5 days). */
  steroidRefractory?: boolean;
  /** Severe illness (e.g. acute severe colitis, fever, leucocytosis, rising creatinine). */
  severelyIll?: boolean;
  /** Ileal (or ileocaecal) resection. */
  ilealResection?: boolean;
  /** Active or previous terminal-ileal disease (Crohn's). */
  ilealDisease?: boolean;
  /** Strictures, blind loops, bypass, loss of the ileocaecal valve, or dysmotility. */
  alteredAnatomyOrMotility?: boolean;
  /** Treatment adherence: "confirmed", "doubtful" (a cause in itself) or unknown. */
  adherence?: "confirmed" | "doubtful" | "unknown";
  /** Weeks on the current advanced therapy (timing: judged too early?). */
  weeksOnTherapy?: number;
  /** Test results so far. */
  results?: {
    cdiffNaat?: TestOutcome;
    cdiffGdh?: TestOutcome;
    cdiffToxin?: TestOutcome;
    cmvTissueIhc?: TestOutcome;
    cmvBloodPcr?: TestOutcome;
    /** SeHCAT 7-day retention, % (<= 15 % abnormal; < 5 % severe). */
    sehcatRetentionPct?: number;
    glucoseBreathTest?: TestOutcome;
    lactuloseBreathTest?: TestOutcome;
  };
  /** Pre-test probabilities per mimic, for Bayes updates of negative (and positive) results. Default: none. */
  pretest?: Partial<Record<Exclude<MimicId, "adherence-timing">, number>>;
}

/** Options of {@link flareWorkup}. */
export interface WorkupOptions {
  /** A negative result excludes a mimic only when its post-test probability is below this (when a pre-test probability is given). Default: 0.1. */
  excludeBelow?: number;
  /** Weeks of therapy before non-response can be judged (full induction). Default: 8 (induction takes 8-14 weeks; domain facts §1). */
  minimumWeeksOnTherapy?: number;
  /** SeHCAT retention (%) at or below which bile acid malabsorption is diagnosed. Default: 15 (NICE DG44). */
  sehcatAbnormalAtOrBelowPct?: number;
}

/** One step of the checklist. */
export interface WorkupStep {
  order: number;
  mimic: MimicId;
  title: string;
  status: StepStatus;
  /** What to do next for this step, in plain words. */
  action: string;
  reasons: string[];
  /** Bayes updates of the results used, when a pre-test probability was given. */
  bayes?: (PostTest & { test: MimicTestId })[];
}

/** The workup: ordered steps, whether every mimic is excluded, and the next step to take. */
export interface Workup extends Reasoned {
  steps: WorkupStep[];
  /** True when every step is excluded or not indicated. */
  mimicsExcluded: boolean;
  /** The first step that is pending (what to do next), or null. */
  next: WorkupStep | null;
}

function outcome(v: unknown, field: string): TestOutcome | undefined {
  if (v === undefined || v === null) return undefined;
  if (v !== "positive" && v !== "negative") throw new InputError({ field, value: v, expected: '"positive", "negative" or absent' });
  return v;
}

function bayesFor(pretest: number | undefined, test: MimicTestId, result: TestOutcome): (PostTest & { test: MimicTestId }) | undefined {
  if (pretest === undefined) return undefined;
  return { ...postTestProbability(pretest, MIMIC_TESTS[test], result), test };
}

const pct = (p: number) => `${(p * 100).toFixed(1)} %`;

/**
 * Builds the ordered mimic checklist for a suspected flare.
 * @example
 * const w = flareWorkup({ immunosuppressed: true, results: { cdiffNaat: "positive", cdiffToxin: "negative" } });
 * w.steps[0].status // "excluded" (colonisation), unless severelyIll: "treat-empirically"
 * w.mimicsExcluded // false: CMV still pending
 */
export function flareWorkup(context: FlareContext, options: WorkupOptions = {}): Workup {
  if (typeof context !== "object" || context === null)
    throw new InputError({ field: "context", value: context, expected: "a flare context object" });
  const excludeBelow = assertOpenUnit(options.excludeBelow ?? 0.1, "excludeBelow");
  const minWeeks = options.minimumWeeksOnTherapy ?? 8;
  const sehcatCut = options.sehcatAbnormalAtOrBelowPct ?? 15;
  const r = context.results ?? {};
  const pre = context.pretest ?? {};
  for (const [k, v] of Object.entries(pre)) assertOpenUnit(v, `pretest.${k}`);
  const steps: WorkupStep[] = [];

  /** Applies the Bayes rule to a would-be exclusion: keeps the step pending if the post-test probability is still high. */
  const guardExclusion = (step: WorkupStep, b: (PostTest & { test: MimicTestId }) | undefined) => {
    if (!b) return;
    step.bayes = [...(step.bayes ?? []), b];
    step.reasons.push(
      `Bayes: pre-test ${pct(b.pretest)}, ${MIMIC_TESTS[b.test].name} ${b.result} (LR ${b.likelihoodRatio.toFixed(2)}) -> post-test ${pct(b.posttest)}.`,
    );
    if (step.status === "excluded" && b.posttest >= excludeBelow) {
      step.status = "pending";
      step.reasons.push(`Post-test probability ${pct(b.posttest)} is not below ${pct(excludeBelow)}: not excluded yet.`);
      step.action = "Not excluded by this result alone: repeat with a more sensitive test or weigh an empirical trial.";
    }
  };

  // 1. C. difficile
  {
    const naat = outcome(r.cdiffNaat, "results.cdiffNaat");
    const gdh = outcome(r.cdiffGdh, "results.cdiffGdh");
    const toxin = outcome(r.cdiffToxin, "results.cdiffToxin");
    const step: WorkupStep = {
      order: 1,
      mimic: "c-difficile",
      title: "Clostridioides difficile infection",
      status: "pending",
      action: "",
      reasons: [],
    };
    step.reasons.push("Infection is the first suspect in any flare; C. difficile is the commonest.");
    if (toxin === "positive") {
      step.status = "confirmed";
      step.action = "Treat C. difficile infection (e.g. fidaxomicin or oral vancomycin) and reassess the flare after treatment.";
      step.reasons.push("Free toxin in stool: active C. difficile infection, whatever the NAAT shows.");
    } else if (naat === "negative" || (gdh === "negative" && naat === undefined)) {
      step.status = "excluded";
      step.action = "No further C. difficile testing unless the picture changes.";
      step.reasons.push(`${naat === "negative" ? "NAAT" : "GDH"} negative: a sensitive screen, so C. difficile is very unlikely.`);
      guardExclusion(step, bayesFor(pre["c-difficile"], naat === "negative" ? "cdiffNaat" : "cdiffGdh", "negative"));
    } else if ((naat === "positive" || gdh === "positive") && toxin === "negative") {
      const screen = naat === "positive" ? "NAAT" : "GDH";
      if (context.severelyIll) {
        step.status = "treat-empirically";
        step.action = "Treat for C. difficile now (severely ill, ambiguous result) while the IBD flare is managed in parallel.";
        step.reasons.push(
          `${screen} positive but toxin negative: colonisation or low-toxin infection cannot be told apart, and the patient is severely ill.`,
        );
      } else {
        step.status = "excluded";
        step.action = "Do not treat C. difficile; manage the IBD flare.";
        step.reasons.push(`${screen} positive but toxin negative: consistent with colonisation, not infection; the toxin decides.`);
        guardExclusion(step, bayesFor(pre["c-difficile"], "cdiffToxinEia", "negative"));
      }
    } else if (naat === "positive" || gdh === "positive") {
      step.action = "Test for free toxin (toxin A/B immunoassay) on the same sample.";
      step.reasons.push(
        `${naat === "positive" ? "NAAT" : "GDH"} positive: this detects the organism or its gene, which can be colonisation; the toxin decides.`,
      );
      if (context.severelyIll) {
        step.status = "treat-empirically";
        step.reasons.push("Severely ill: start treatment while the toxin result is awaited.");
      }
    } else if (toxin === "negative") {
      step.action = "Add a sensitive screen (NAAT or GDH): a toxin immunoassay alone misses many infections.";
      step.reasons.push("Toxin negative without a screening test: toxin EIA sensitivity is only ~58 %.");
    } else {
      step.action = "Send stool for a two-step test: NAAT or GDH first, then toxin on positives.";
      step.reasons.push("Not yet tested.");
    }
    steps.push(step);
  }

  // 2. CMV
  {
    const ihc = outcome(r.cmvTissueIhc, "results.cmvTissueIhc");
    const blood = outcome(r.cmvBloodPcr, "results.cmvBloodPcr");
    const indicated = context.immunosuppressed || context.steroidRefractory;
    const step: WorkupStep = { order: 2, mimic: "cmv", title: "Cytomegalovirus colitis", status: "pending", action: "", reasons: [] };
    if (!indicated && ihc === undefined) {
      step.status = "not-indicated";
      step.action = "None unless immunosuppressed or steroid-refractory.";
      step.reasons.push("Not immunosuppressed and not steroid-refractory: CMV colitis is unlikely.");
    } else if (ihc === "positive") {
      step.status = "confirmed";
      step.action = "Treat CMV colitis (ganciclovir) and review immunosuppression.";
      step.reasons.push("CMV seen invading the tissue on biopsy immunohistochemistry: CMV colitis.");
    } else if (ihc === "negative") {
      step.status = "excluded";
      step.action = "No antiviral treatment.";
      step.reasons.push("Biopsy immunohistochemistry negative.");
      guardExclusion(step, bayesFor(pre.cmv, "cmvTissueIhc", "negative"));
    } else {
      step.action = "Endoscopy with biopsies (ulcer base and edge) for CMV immunohistochemistry.";
      step.reasons.push(
        context.steroidRefractory
          ? "Steroid-refractory: CMV must be looked for in tissue."
          : "Immunosuppressed: CMV reactivation can mimic a flare.",
      );
      if (blood === "positive") step.reasons.push("Blood PCR positive: shows viraemia, not colitis; the tissue decides.");
      if (blood === "negative")
        step.reasons.push("Blood PCR negative: does not exclude CMV colitis (plasma PCR misses about a third); the tissue decides.");
      if (blood) {
        const b = bayesFor(pre.cmv, "cmvPlasmaPcr", blood);
        if (b) {
          step.bayes = [{ ...b }];
          step.reasons.push(`Bayes: pre-test ${pct(b.pretest)}, plasma PCR ${blood} -> post-test ${pct(b.posttest)}.`);
        }
      }
    }
    steps.push(step);
  }

  // 3. Bile acid diarrhoea
  {
    const ret = r.sehcatRetentionPct;
    if (ret !== undefined && (typeof ret !== "number" || !Number.isFinite(ret) || ret < 0 || ret > 100)) {
      throw new InputError({ field: "results.sehcatRetentionPct", value: ret, expected: "a percentage in [0, 100]" });
    }
    const indicated = context.ilealResection || context.ilealDisease;
    const step: WorkupStep = {
      order: 3,
      mimic: "bile-acid-diarrhoea",
      title: "Bile acid diarrhoea",
      status: "pending",
      action: "",
      reasons: [],
    };
    if (!indicated && ret === undefined) {
      step.status = "not-indicated";
      step.action = "Consider only if diarrhoea persists with objective remission.";
      step.reasons.push("No ileal resection or ileal disease recorded.");
    } else if (ret !== undefined && ret <= sehcatCut) {
      step.status = "confirmed";
      const grade = ret < 5 ? "severe" : ret < 10 ? "moderate" : "mild";
      step.action = "Treat with a bile acid sequestrant (colestyramine, colesevelam) and reassess symptoms.";
      step.reasons.push(`SeHCAT 7-day retention ${ret} % (<= ${sehcatCut} %): ${grade} bile acid malabsorption.`);
      const b = bayesFor(pre["bile-acid-diarrhoea"], "sehcat", "positive");
      if (b) {
        step.bayes = [b];
        step.reasons.push(`Bayes: pre-test ${pct(b.pretest)} -> post-test ${pct(b.posttest)}.`);
      }
    } else if (ret !== undefined) {
      step.status = "excluded";
      step.action = "Bile acid malabsorption unlikely; look elsewhere.";
      step.reasons.push(`SeHCAT 7-day retention ${ret} % (> ${sehcatCut} %): normal.`);
      guardExclusion(step, bayesFor(pre["bile-acid-diarrhoea"], "sehcat", "negative"));
    } else {
      step.action = "SeHCAT scan (or serum C4, or a trial of a bile acid sequestrant where SeHCAT is unavailable).";
      step.reasons.push(
        context.ilealResection
          ? "After ileal resection most patients malabsorb bile acids (SeHCAT < 5 % in ~90 %)."
          : "Ileal disease impairs bile acid reabsorption (SeHCAT < 5 % in ~28 % of CD without resection).",
      );
    }
    steps.push(step);
  }

  // 4. SIBO
  {
    const gbt = outcome(r.glucoseBreathTest, "results.glucoseBreathTest");
    const lbt = outcome(r.lactuloseBreathTest, "results.lactuloseBreathTest");
    const step: WorkupStep = {
      order: 4,
      mimic: "sibo",
      title: "Small intestinal bacterial overgrowth",
      status: "pending",
      action: "",
      reasons: [],
    };
    const test = gbt ?? lbt;
    const testId: MimicTestId = gbt ? "glucoseBreathTest" : "lactuloseBreathTest";
    if (!context.alteredAnatomyOrMotility && test === undefined) {
      step.status = "not-indicated";
      step.action = "Consider only with strictures, bypass, resection of the ileocaecal valve or dysmotility.";
      step.reasons.push("No altered anatomy or motility recorded.");
    } else if (test === "positive") {
      step.status = "confirmed";
      step.action = "Treat SIBO (e.g. rifaximin or another antibiotic course) and address the anatomical cause.";
      step.reasons.push(`${MIMIC_TESTS[testId].name} positive.`);
      const b = bayesFor(pre.sibo, testId, "positive");
      if (b) {
        step.bayes = [b];
        step.reasons.push(`Bayes: pre-test ${pct(b.pretest)} -> post-test ${pct(b.posttest)}.`);
      }
    } else if (test === "negative") {
      step.status = "excluded";
      step.action = "SIBO less likely.";
      step.reasons.push(
        `${MIMIC_TESTS[testId].name} negative; note its modest sensitivity (${pct(MIMIC_TESTS[testId].sensitivity)} against jejunal culture).`,
      );
      guardExclusion(step, bayesFor(pre.sibo, testId, "negative"));
    } else {
      step.action = "Glucose hydrogen breath test (or jejunal aspirate culture).";
      step.reasons.push("Altered anatomy or motility predisposes to bacterial overgrowth.");
    }
    steps.push(step);
  }

  // 5. Adherence and timing
  {
    const step: WorkupStep = {
      order: 5,
      mimic: "adherence-timing",
      title: "Adherence and timing of therapy",
      status: "pending",
      action: "",
      reasons: [],
    };
    const weeks = context.weeksOnTherapy;
    if (weeks !== undefined && (typeof weeks !== "number" || !Number.isFinite(weeks) || weeks < 0)) {
      throw new InputError({ field: "weeksOnTherapy", value: weeks, expected: "a number of weeks >= 0" });
    }
    const adherence = context.adherence ?? "unknown";
    if (adherence === "doubtful") {
      step.status = "confirmed";
      step.action = "Address adherence (and check drug levels) before calling the therapy a failure.";
      step.reasons.push("Adherence is doubtful: a drug not taken cannot fail.");
    } else if (weeks !== undefined && weeks < minWeeks) {
      step.status = "confirmed";
      step.action = `Wait: judge response after at least ${minWeeks} weeks (full induction).`;
      step.reasons.push(`Only ${weeks} weeks on therapy (< ${minWeeks}): too early to judge non-response.`);
    } else if (adherence === "confirmed" && weeks !== undefined) {
      step.status = "excluded";
      step.action = "None.";
      step.reasons.push(`Adherence confirmed and ${weeks} weeks on therapy (>= ${minWeeks}).`);
    } else {
      step.action = "Ask about adherence (doses missed, timing of injections/infusions) and record how long the therapy has run.";
      if (adherence !== "confirmed") step.reasons.push("Adherence not confirmed.");
      if (weeks === undefined) step.reasons.push("Time on therapy not recorded.");
    }
    steps.push(step);
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
  return {
    steps,
    mimicsExcluded: excluded,
    next,
    reasons,
    thresholds: { excludeBelow, minimumWeeksOnTherapy: minWeeks, sehcatAbnormalAtOrBelowPct: sehcatCut },
  };
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
 * @example if (!mimicsExcluded(workup).excluded) return "not refractory yet: " + mimicsExcluded(workup).reasons.join(" ")
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
