/**
 * Rule "primary-non-response": an advanced therapy given through its full
 * induction for the drug and disease (`inductionWeeks`, src/drugs/induction.ts: SmPC section
 * 4.2 of each drug, the extended induction when the course has
 * `extendedInduction`; `options.inductionWeeks` overrides) with no objective
 * improvement (remission, or an endoscopic fall of >= 50 % from baseline on
 * the same instrument) at any assessment on the drug, judged at the first
 * assessment from the end of induction to `postInductionWindowDays` (56) after
 * it. A course with an initial response belongs to
 * "secondary-loss-of-response" instead.
 *
 * Not yet assessable: the course stopped or is still before the end of
 * induction (`induction-too-short`), or no deciding assessment falls in the
 * judging window (`objective-data-missing`). See docs/clinical-rules.md,
 * "Refractoriness labels" and "Induction length".
 */
import { isoDate } from "../dates";
import { crpOnlyNote, initialResponse, notAssessable, type RefractoryContext, type RuleFinding, type RuleResult } from "./context";

/** The primary non-response rule, one finding at most per course; see the module comment. */
export function primaryNonResponseRule(ctx: RefractoryContext): RuleResult {
  const findings: RuleFinding[] = [];
  const { r, asOfDay } = ctx;
  for (const course of ctx.therapies) {
    if (initialResponse(ctx, course)) continue;
    const { t, s, e, weeks, judgeDay, inductionReason, onDrug, baseline, courseItem } = course;
    const tThresholds = course.thresholds;
    if (e < judgeDay) {
      const stoppedEarly = t.endDate !== undefined && e < asOfDay;
      findings.push({
        ...notAssessable(
          "induction-too-short",
          "primary-non-response",
          s,
          e,
          [courseItem],
          [
            stoppedEarly
              ? `${t.drug} was stopped on ${isoDate(e)} after ${Math.floor((e - s) / 7)} weeks ${(e - s) % 7} days, before the end of its ${weeks}-week induction: primary non-response cannot be called.`
              : `${t.drug} induction is ${Math.floor((asOfDay - s) / 7)} weeks ${(asOfDay - s) % 7} days old; it is judged at week ${weeks} (${isoDate(judgeDay)}).`,
            inductionReason,
          ],
          tThresholds,
          t.drug,
        ),
        course: course.index,
      });
      continue;
    }
    const judging = onDrug.filter((x) => x.day >= judgeDay && x.day <= judgeDay + r.postWindow);
    if (!judging.length) {
      findings.push({
        ...notAssessable(
          "objective-data-missing",
          "primary-non-response",
          s,
          asOfDay,
          [courseItem],
          [
            `${t.drug} induction is complete (week ${weeks}, ${isoDate(judgeDay)}) but there is no objective assessment between ${isoDate(judgeDay)} and ${isoDate(judgeDay + r.postWindow)}: endoscopy or calprotectin is needed to judge response.`,
            ...crpOnlyNote(ctx, judgeDay, Math.min(judgeDay + r.postWindow, course.lastJudge)),
            inductionReason,
          ],
          tThresholds,
          t.drug,
        ),
        course: course.index,
      });
      continue;
    }
    const judged = judging[0];
    findings.push({
      label: "primary-non-response",
      drug: t.drug,
      fromDay: s,
      toDay: judged.day,
      evidence: [
        courseItem,
        ...(baseline ? [{ day: baseline.day, what: `baseline: ${baseline.v.description}` }] : []),
        ...onDrug.filter((x) => x.day <= judged.day).map((x) => ({ day: x.day, what: `no objective improvement: ${x.v.description}` })),
      ],
      reasons: [
        `${t.drug} was given through its full ${weeks}-week induction (judged from ${isoDate(judgeDay)}).`,
        `No assessment from ${isoDate(s)} to ${isoDate(judged.day)} showed objective remission or an endoscopic fall >= ${r.endoFraction * 100} %; on ${isoDate(judged.day)}: ${judged.v.description}.`,
        ...(baseline ? [] : ["No baseline assessment within the lookback: improvement was judged on remission only."]),
        inductionReason,
        "Next: a trough level and anti-drug antibodies tell pharmacokinetic failure from pathway failure (see tdmDecision).",
      ],
      thresholds: tThresholds,
      course: course.index,
    });
  }
  return { findings, warnings: [] };
}
