/**
 * `classifyRefractoriness(history)`: the language of refractoriness, applied
 * by rule to one patient's treatment history. Every label that applies is
 * returned with its evidence trail (dated items), plain-sentence reasons and
 * the thresholds used (including which steroid definitions, which calprotectin
 * cut-off and which induction length, with their sources).
 *
 * Steroid rules come in two named sets, chosen by `options.definitions`
 * ({@link STEROID_DEFINITIONS}); every number can still be overridden:
 *
 * - "chapter" (the default): the chapter's own definitions (domain-facts
 *   section 1). They are not ECCO's (this file used to cite ECCO for them).
 *   - steroid-refractory: objective activity persisting despite >= 40 mg/day
 *     prednisone-equivalent for >= 14 days;
 *   - steroid-dependent: an objective relapse while tapering below 10 mg/day
 *     prednisone-equivalent, or within 3 months (90 days) of stopping systemic
 *     steroids.
 * - "ecco": the ECCO consensus definitions (Magro 2017, J Crohns Colitis
 *   11:649, UC; Gomollón 2017, J Crohns Colitis 11:3, CD).
 *   - steroid-refractory: active disease despite prednisolone up to
 *     0.75 mg/kg/day over 4 weeks. Read here as >= 0.75 mg/kg/day
 *     prednisone-equivalent (needs `history.weightKg`), capped at 60 mg/day,
 *     for >= 28 consecutive days with objective activity persisting. The cap
 *     is this toolkit's reading of "up to": oral doses above 60 mg/day add
 *     toxicity without benefit (Baron 1962, BMJ 2:441: 20 vs 40 vs 60 mg
 *     prednisone), so a patient above 80 kg is judged at 60 mg/day. Without a
 *     weight, a course of >= 60 mg/day still qualifies (it meets the rule for
 *     any weight); a lower one gives "not-yet-assessable" with reason
 *     "weight-missing" and the weight at or below which it would qualify.
 *   - steroid-dependent: unable to reduce below 10 mg/day prednisolone within
 *     3 months of starting without recurrent active disease (here: still
 *     >= 10 mg/day 90 days after the start of the steroid block, with
 *     objective activity after a documented response, on or before that day
 *     plus the grace days), or a relapse within 3 months of stopping; a relapse
 *     while tapering below 10 mg/day is kept, as it is the same failure seen
 *     earlier.
 * - Under both sets:
 *   - IV rule (the chapter's): IV methylprednisolone (or IV hydrocortisone at
 *     an equivalent dose) for >= 3 days with persisting activity. ECCO's own
 *     refractory definition is written for oral prednisolone; it judges IV
 *     steroids in acute severe colitis at day 3 (Harbord 2017, J Crohns Colitis
 *     11:769; Travis 1996, Gut 38:905), which this rule matches.
 *   - budesonide dependence (ECCO's clause; the chapter says nothing about
 *     budesonide): budesonide is tracked in mg/day of budesonide, and a
 *     relapse while below 3 mg/day, within 3 months of stopping, or while
 *     still >= 3 mg/day 90 days after starting, after a documented response,
 *     is dependence (Gomollón 2017). Budesonide never counts toward the
 *     systemic steroid-refractory rule (0 mg prednisone-equivalent by default).
 *
 * Other rules (the chapter's):
 * - primary non-response: a full induction for the drug and disease
 *   ({@link inductionWeeks}, SmPC section 4.2, extended induction when
 *   `extendedInduction` is set) with no objective improvement at any assessment.
 * - secondary loss of response: a documented initial response, then objective
 *   activity while still on the drug.
 * - refractory symptoms / refractory inflammation: from the discordance
 *   quadrant (symptoms without inflammation, or inflammation with or without
 *   symptoms) while on treatment.
 * - fibrostenotic obstruction: a fibrotic or mixed stricture with obstructive
 *   symptoms.
 * - not-yet-assessable, with the reason: induction too short, steroid course
 *   too short, objective data missing, weight missing (ECCO refractory rule),
 *   or mimics (infection, bile acid diarrhoea, SIBO...) not excluded. Labels
 *   that say "this inflammation is refractory IBD" are held back as
 *   `pendingLabel` until the mimic workup is complete.
 *
 * Objective activity is {@link objectiveActivity}: endoscopy, then
 * calprotectin with a disease-specific cut-off (CD 250 ug/g, UC 150 ug/g,
 * disease not given 250 ug/g); CRP alone does not decide unless
 * `activity.crpAloneDecides` is set.
 *
 * Each label is its own rule module in src/refractory/rules (one function
 * per label, the same signature: the context prepared once from the history
 * and options in, findings of one shape out, dated by day numbers);
 * classifyRefractoriness validates and prepares the context, runs the rules in
 * a fixed order and turns day numbers into ISO dates only in the result.
 *
 * Hand-written: these are the chapter's and ECCO's rules; no package implements them.
 */
import type { RefractoryClassification, RefractoryOptions } from "./definitions";
import { REFRACTORY_LABELS } from "./definitions";
import { prepareContext, type RuleFinding, toFinding } from "./rules/context";
import { fibrostenoticObstructionRule } from "./rules/fibrostenotic-obstruction";
import { mimicGate, objectiveDataMissingRule } from "./rules/not-yet-assessable";
import { primaryNonResponseRule } from "./rules/primary-non-response";
import { refractoryInflammationRule } from "./rules/refractory-inflammation";
import { refractorySymptomsRule } from "./rules/refractory-symptoms";
import { secondaryLossOfResponseRule } from "./rules/secondary-loss-of-response";
import { steroidDependentRule } from "./rules/steroid-dependent";
import { steroidRefractoryRule } from "./rules/steroid-refractory";
import type { TreatmentHistory } from "./types";

export * from "./definitions";

/**
 * Classifies a treatment history. Returns every label that applies.
 * @example
 * const history = {
 *   patientId: "P1", asOf: "2025-03-01", mimicsExcluded: true,
 *   steroids: [{ drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: "2025-01-01", endDate: "2025-01-20" }],
 *   assessments: [{ date: "2025-01-18", calprotectinUgG: 900 }],
 * };
 * classifyRefractoriness(history).labels // ["steroid-refractory"]: 40 mg/day for 20 >= 14 days, calprotectin active
 * classifyRefractoriness(history).findings[0] // { from: "2025-01-01", to: "2025-01-18" }
 * // Mimic workup not recorded: the label is held back.
 * classifyRefractoriness({ ...history, mimicsExcluded: undefined }).findings[0].pendingLabel // "steroid-refractory"
 * // ECCO's definitions: 0.75 mg/kg/day for 4 weeks (70 kg: 52.5 mg/day); 40 mg/day for 20 days is not enough.
 * classifyRefractoriness({ ...history, weightKg: 70 }, { definitions: "ecco" }).labels // []
 */
export function classifyRefractoriness(history: TreatmentHistory, options: RefractoryOptions = {}): RefractoryClassification {
  const ctx = prepareContext(history, options);
  const warnings = [...ctx.warnings];
  const found: RuleFinding[] = [];
  const add = (r: { findings: RuleFinding[]; warnings: string[] }) => {
    found.push(...r.findings);
    warnings.push(...r.warnings);
  };
  add(steroidRefractoryRule(ctx));
  add(steroidDependentRule(ctx));
  // The two advanced-therapy rules give at most one finding per course, listed in course order.
  const secondary = secondaryLossOfResponseRule(ctx);
  const primary = primaryNonResponseRule(ctx);
  add({
    findings: [...secondary.findings, ...primary.findings].sort((a, b) => (a.course ?? 0) - (b.course ?? 0)),
    warnings: [...secondary.warnings, ...primary.warnings],
  });
  add(refractoryInflammationRule(ctx));
  add(refractorySymptomsRule(ctx));
  add(fibrostenoticObstructionRule(ctx));
  add(objectiveDataMissingRule(ctx, found));
  const findings = mimicGate(ctx, found).map(toFinding);
  const labels = REFRACTORY_LABELS.filter((l) => findings.some((f) => f.label === l));
  return { patientId: history.patientId, asOf: history.asOf, labels, findings, warnings };
}
