/**
 * Rule "refractory-symptoms": the latest discordance quadrant (src/discordance)
 * is "refractory-symptoms" (symptoms without objective inflammation) while a
 * treatment is running that day (an advanced therapy, else systemic steroids):
 * the symptoms are refractory, not the inflammation. Without a running
 * treatment the quadrant gives a warning, not a label. Not held by the mimic
 * gate: with the workup incomplete, the gate adds that it is the first step.
 * The chapter's definition; see docs/clinical-rules.md, "Refractoriness labels".
 */

import { isoDate } from "../dates";
import type { RefractoryContext, RuleFinding, RuleResult } from "./context";

/** The refractory-symptoms rule; see the module comment. */
export function refractorySymptomsRule(ctx: RefractoryContext): RuleResult {
  const d = ctx.discordance;
  if (d?.quadrant !== "refractory-symptoms") return { findings: [], warnings: [] };
  if (!d.treatment)
    return {
      findings: [],
      warnings: [
        `Discordance quadrant "${d.quadrant}" on ${isoDate(d.day)} was not labelled refractory: no treatment was running that day.`,
      ],
    };
  const finding: RuleFinding = {
    label: "refractory-symptoms",
    fromDay: d.day,
    toDay: d.day,
    evidence: [{ day: d.day, what: `discordance quadrant: symptoms without objective inflammation, on ${d.treatment}` }],
    reasons: [
      `Symptoms persist on ${d.treatment} while objective markers show no inflammation: the symptoms are refractory, not the inflammation.`,
      "Escalating immunosuppression would treat nothing: look for IBS-type symptoms, bile acid diarrhoea, SIBO or a stricture instead.",
    ],
    thresholds: ctx.thresholds,
  };
  return { findings: [finding], warnings: [] };
}
