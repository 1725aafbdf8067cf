/**
 * Rule "secondary-loss-of-response": an advanced therapy gave a documented
 * initial response (objective remission, an endoscopic fall of >= 50 % on the
 * same instrument, STRIDE-II, Turner 2021; or, with
 * `acceptSymptomaticInitialResponse`, default true, a symptom score in
 * remission), then objective activity returned while still on the drug (up to
 * `afterStopGraceDays`, 28, after stopping, and before another drug starts).
 * The chapter's definition; see docs/clinical-rules.md, "Refractoriness labels".
 */
import { isoDate } from "../dates";
import { improvement, initialResponse, type RefractoryContext, type RuleFinding, type RuleResult } from "./context";

/** The secondary loss-of-response rule, one finding at most per course; see the module comment. */
export function secondaryLossOfResponseRule(ctx: RefractoryContext): RuleResult {
  const findings: RuleFinding[] = [];
  for (const course of ctx.therapies) {
    const initial = initialResponse(ctx, course);
    if (!initial) continue;
    const loss = course.onDrug.find((x) => x.day > initial.day && x.v.status === "active" && improvement(ctx, course, x) === undefined);
    if (!loss) continue;
    const drug = course.t.drug;
    findings.push({
      label: "secondary-loss-of-response",
      drug,
      fromDay: course.s,
      toDay: loss.day,
      evidence: [
        course.courseItem,
        { day: initial.day, what: `initial ${initial.what}` },
        { day: loss.day, what: `loss of response: ${loss.v.description}` },
      ],
      reasons: [
        `${drug} gave an initial ${initial.objective ? "objective" : "symptomatic (not objectively confirmed)"} response on ${isoDate(initial.day)}.`,
        `Objective activity returned on ${isoDate(loss.day)} while on the drug: ${loss.v.description}.`,
        "Next: a trough level and anti-drug antibodies tell pharmacokinetic failure from mechanistic failure (see tdmDecision).",
      ],
      thresholds: course.thresholds,
      course: course.index,
    });
  }
  return { findings, warnings: [] };
}
