/**
 * Rule "fibrostenotic-obstruction": the latest stricture finding is fibrotic or
 * mixed and causes obstructive symptoms. Flow through a tube scales with r⁴
 * (Hagen-Poiseuille), so a fibrotic stricture is treated by dilatation or
 * surgery, not by more anti-inflammatory drugs. The chapter's definition; not
 * held by the mimic gate. See docs/clinical-rules.md, "Refractoriness labels".
 */
import type { RefractoryContext, RuleResult } from "./context";

/** The fibrostenotic-obstruction rule; see the module comment. */
export function fibrostenoticObstructionRule(ctx: RefractoryContext): RuleResult {
  const last = ctx.strictures[ctx.strictures.length - 1];
  if (!last || last.f.nature === "inflammatory" || !last.f.obstructiveSymptoms) return { findings: [], warnings: [] };
  const f = last.f;
  const lastActivity = [...ctx.known].reverse().find((x) => x.day <= last.day);
  return {
    findings: [
      {
        label: "fibrostenotic-obstruction",
        fromDay: last.day,
        toDay: last.day,
        evidence: [
          {
            day: last.day,
            what: `${f.nature} stricture with obstructive symptoms${f.luminalDiameterMm !== undefined ? `, lumen ${f.luminalDiameterMm} mm` : ""}${f.prestenoticDilatation ? ", pre-stenotic dilatation" : ""}`,
          },
          ...(lastActivity ? [{ day: lastActivity.day, what: `latest objective activity: ${lastActivity.v.description}` }] : []),
        ],
        reasons: [
          `A ${f.nature} stricture causes obstructive symptoms: flow through a tube scales with r⁴ (Hagen-Poiseuille), so halving the lumen divides flow by 16.`,
          f.nature === "fibrotic"
            ? "Scar tissue does not respond to anti-inflammatory drugs: endoscopic balloon dilatation or surgery (surgical review) is the option."
            : "The stricture is mixed: treat the inflammatory component, and plan dilatation or surgery for the fibrotic part.",
          ...(lastActivity?.v.status === "inactive"
            ? ["Inflammation is controlled, so the obstruction is structural, not refractory inflammation."]
            : []),
        ],
        thresholds: ctx.thresholds,
      },
    ],
    warnings: [],
  };
}
