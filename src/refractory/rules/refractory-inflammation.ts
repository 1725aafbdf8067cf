/**
 * Rule "refractory-inflammation": the latest discordance quadrant
 * (src/discordance) shows objective inflammation, with symptoms
 * ("concordant-active") or without ("silent-inflammation"), while a treatment
 * is running that day (an advanced therapy, else systemic steroids). Without a
 * running treatment the quadrant gives a warning, not a label. The chapter's
 * definition; see docs/clinical-rules.md, "Refractoriness labels".
 */

import { isoDate } from "../dates";
import type { RefractoryContext, RuleFinding, RuleResult } from "./context";

/** The refractory-inflammation rule; see the module comment. */
export function refractoryInflammationRule(ctx: RefractoryContext): RuleResult {
  const d = ctx.discordance;
  if (!d || (d.quadrant !== "concordant-active" && d.quadrant !== "silent-inflammation")) return { findings: [], warnings: [] };
  if (!d.treatment)
    return {
      findings: [],
      warnings: [
        `Discordance quadrant "${d.quadrant}" on ${isoDate(d.day)} was not labelled refractory: no treatment was running that day.`,
      ],
    };
  const silent = d.quadrant === "silent-inflammation";
  const finding: RuleFinding = {
    label: "refractory-inflammation",
    fromDay: d.day,
    toDay: d.day,
    evidence: [
      {
        day: d.day,
        what: `discordance quadrant: ${silent ? "objective inflammation without symptoms" : "symptoms and objective inflammation"}, on ${d.treatment}`,
      },
    ],
    reasons: [
      `Objective inflammation persists on ${d.treatment}${silent ? " although the patient feels well (silent inflammation)" : ""}.`,
      "Untreated mucosal inflammation leads to strictures, fistulas and surgery: it needs treating whatever the symptoms.",
    ],
    thresholds: ctx.thresholds,
  };
  return { findings: [finding], warnings: [] };
}
