/**
 * The two "not-yet-assessable" steps that read the other rules' findings
 * (the per-rule cases, induction or steroid course too short, objective data
 * or weight missing, are in each rule module):
 *
 * - {@link objectiveDataMissingRule}: treatment courses but no objective
 *   assessment that decides activity, and no other finding: refractoriness is
 *   defined by objective criteria (the chapter), so nothing can be said.
 * - {@link mimicGate}: labels that say "this inflammation is refractory IBD"
 *   (steroid-refractory, steroid-dependent, primary non-response, secondary
 *   loss of response, refractory inflammation) are held back as
 *   "not-yet-assessable" (`mimics-not-excluded`, with the label as
 *   `pendingLabel`) until `history.mimicsExcluded` is true (the chapter: C.
 *   difficile, CMV, bile acid diarrhoea, SIBO first).
 *
 * See docs/clinical-rules.md, "Refractoriness labels", "Mimic gate".
 */
import type { RefractoryLabel } from "../definitions";
import { crpOnlyNote, notAssessable, type RefractoryContext, type RuleFinding, type RuleResult } from "./context";

/** Labels that assert the inflammation is refractory IBD: held back until mimics are excluded. */
export const MIMIC_GATED: ReadonlySet<RefractoryLabel> = new Set([
  "steroid-refractory",
  "steroid-dependent",
  "primary-non-response",
  "secondary-loss-of-response",
  "refractory-inflammation",
]);

/** "Not yet assessable, objective data missing" for a history with treatment but no deciding assessment and no finding so far. */
export function objectiveDataMissingRule(ctx: RefractoryContext, earlier: readonly RuleFinding[]): RuleResult {
  if (!(ctx.steroids.length || ctx.therapies.length) || ctx.known.length || earlier.length) return { findings: [], warnings: [] };
  return {
    findings: [
      notAssessable(
        "objective-data-missing",
        undefined,
        ctx.asOfDay,
        ctx.asOfDay,
        [],
        [
          "The history has treatment courses but no objective assessment that decides activity (endoscopy or calprotectin; CRP alone does not decide by default): refractoriness is defined by objective criteria and cannot be assessed.",
          ...crpOnlyNote(ctx, Number.NEGATIVE_INFINITY, ctx.asOfDay),
        ],
        ctx.thresholds,
      ),
    ],
    warnings: [],
  };
}

/** Holds the gated labels as "not-yet-assessable" while the mimic workup is incomplete; notes it on refractory symptoms. */
export function mimicGate(ctx: RefractoryContext, findings: readonly RuleFinding[]): RuleFinding[] {
  const { mimicsExcluded, mimicNote } = ctx.history;
  const gated: RuleFinding[] = findings.map((f) => {
    if (mimicsExcluded === true || !MIMIC_GATED.has(f.label)) return f;
    const what = mimicsExcluded === false ? "a mimic has not been excluded" : "the mimic workup is not recorded";
    return {
      ...f,
      label: "not-yet-assessable",
      notAssessableReason: "mimics-not-excluded",
      pendingLabel: f.label,
      reasons: [
        `The criteria for ${f.label} are met, but ${what}${mimicNote ? ` (${mimicNote})` : ""}: exclude C. difficile toxin, CMV on biopsy, bile acid diarrhoea and SIBO before calling the disease refractory.`,
        ...f.reasons,
      ],
    };
  });
  if (mimicsExcluded !== true) {
    for (const f of gated)
      if (f.label === "refractory-symptoms") f.reasons.push("The mimic workup is incomplete: it is the first step for these symptoms.");
  }
  return gated;
}
