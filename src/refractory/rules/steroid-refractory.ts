/**
 * Rule "steroid-refractory": objective activity persisting despite an
 * adequate steroid course.
 *
 * - Oral rule, `definitions: "chapter"` (default): >= 40 mg/day
 *   prednisone-equivalent for >= 14 consecutive days (the chapter,
 *   domain-facts section 1).
 * - Oral rule, `definitions: "ecco"`: >= 0.75 mg/kg/day prednisone-equivalent
 *   (`history.weightKg`), capped at 60 mg/day (ibd-lab's reading of "up to",
 *   Baron 1962, BMJ 2:441), for >= 28 consecutive days (Magro 2017, J Crohns
 *   Colitis 11:649, UC; Gomollón 2017, J Crohns Colitis 11:3, CD). Without a
 *   weight, a course of >= 60 mg/day qualifies for any weight; a lower one
 *   that would qualify for a light enough patient gives "not-yet-assessable"
 *   (`weight-missing`) with the weight at or below which it would.
 * - IV rule (both sets): IV methylprednisolone or hydrocortisone of >= 40
 *   mg/day prednisone-equivalent for >= 3 days (the chapter; ECCO's day-3
 *   assessment in acute severe colitis, Harbord 2017, J Crohns Colitis 11:769).
 *
 * Activity must persist at an objective assessment from the day the course
 * qualifies to `steroidAssessmentGraceDays` (7) after it; each assessment
 * supports one finding. A qualifying course with no objective assessment gives
 * "not-yet-assessable" (`objective-data-missing`; or, with
 * `useRecordedOutcomes`, the label from a recorded "no-response"); an ongoing
 * course that is still too short, with activity, gives "not-yet-assessable"
 * (`steroid-course-too-short`). Budesonide counts 0 mg prednisone-equivalent
 * by default. See docs/clinical-rules.md, "Refractoriness labels".
 */
import { isoDate } from "../dates";
import {
  courseEvidence,
  crpOnlyNote,
  definitionSentence,
  notAssessable,
  type RefractoryContext,
  type Resolved,
  type RuleFinding,
  type RuleResult,
  round,
  runs,
} from "./context";

/** Plain description of the oral refractory dose. */
function oralDoseText(r: Resolved): string {
  const o = r.oral;
  if (o.kind === "fixed") return `>= ${round(o.mg)} mg/day prednisone-equivalent`;
  if (o.mg === undefined)
    return `>= ${o.capMg} mg/day prednisone-equivalent (meets ${o.mgPerKg} mg/kg/day for any weight, the dose being capped at ${o.capMg} mg/day)`;
  return `>= ${round(o.mg)} mg/day prednisone-equivalent (${o.mgPerKg} mg/kg/day x ${o.weightKg} kg${o.capped ? ` = ${round(o.mgPerKg * (o.weightKg as number))}, capped at ${o.capMg} mg/day` : ""})`;
}

/** The steroid-refractory rule (IV, then oral, then ECCO's weight-missing case); see the module comment. */
export function steroidRefractoryRule(ctx: RefractoryContext): RuleResult {
  const findings: RuleFinding[] = [];
  const { r, pred, d0, n, known, thresholds, asOfDay } = ctx;
  if (!ctx.steroids.length) return { findings, warnings: [] };
  const recordedIn = (fromDay: number, toDay: number, outcome: string) =>
    ctx.steroids.filter((x) => x.s <= toDay && x.e >= fromDay && x.c.recordedOutcome === outcome);
  const usedAssessments = new Set<string>();
  const oralMg = r.oral.kind === "fixed" ? r.oral.mg : (r.oral.mg ?? r.oral.capMg);
  const rules: Array<{ runsOf: Array<[number, number]>; minDays: number; what: string; definition: string }> = [
    {
      runsOf: runs(n, (i) => ctx.ivQualifying[i] === 1),
      minDays: r.ivMinDays,
      what: `IV steroid (>= ${r.ivMinEq} mg/day prednisone-equivalent)`,
      definition: definitionSentence(r, "iv"),
    },
    {
      runsOf: runs(n, (i) => pred[i] >= oralMg),
      minDays: r.minDays,
      what: oralDoseText(r),
      definition: definitionSentence(r, "oral"),
    },
  ];
  for (const rule of rules) {
    for (const [a, b] of rule.runsOf) {
      const startDay = d0 + a;
      const endDay = d0 + b;
      const length = b - a + 1;
      if (length >= rule.minDays) {
        const qualifyDay = startDay + rule.minDays - 1;
        const window = known.filter((x) => x.day >= qualifyDay && x.day <= endDay + r.grace);
        const active = window.find((x) => x.v.status === "active");
        const recorded = window.length ? [] : recordedIn(startDay, endDay, "no-response");
        if (active) {
          if (usedAssessments.has(`a${active.index}`)) continue;
          usedAssessments.add(`a${active.index}`);
          findings.push({
            label: "steroid-refractory",
            fromDay: startDay,
            toDay: active.day,
            evidence: [
              ...courseEvidence(ctx, startDay, endDay),
              { day: active.day, what: `objective activity persisting: ${active.v.description}` },
            ],
            reasons: [
              `${rule.what} for ${length} consecutive days (${isoDate(startDay)} to ${isoDate(endDay)}), at least the ${rule.minDays} days the rule needs (reached on ${isoDate(qualifyDay)}).`,
              `Objective activity persisted on ${isoDate(active.day)}: ${active.v.description}.`,
              rule.definition,
            ],
            thresholds,
          });
        } else if (recorded.length) {
          const key = `c${recorded[0].i}`;
          if (usedAssessments.has(key)) continue;
          usedAssessments.add(key);
          const recItem = { day: recorded[0].e, what: "recorded course outcome: no response (not an objective measurement)" };
          const lengthReason = `${rule.what} for ${length} consecutive days (${isoDate(startDay)} to ${isoDate(endDay)}), at least the ${rule.minDays} days the rule needs.`;
          if (r.useRecorded) {
            findings.push({
              label: "steroid-refractory",
              fromDay: startDay,
              toDay: recItem.day,
              evidence: [...courseEvidence(ctx, startDay, endDay), recItem],
              reasons: [
                lengthReason,
                "No objective assessment covers this course; the recorded outcome 'no response' was accepted (useRecordedOutcomes).",
                rule.definition,
              ],
              thresholds,
            });
          } else {
            findings.push(
              notAssessable(
                "objective-data-missing",
                "steroid-refractory",
                startDay,
                recItem.day,
                [...courseEvidence(ctx, startDay, endDay), recItem],
                [
                  `${lengthReason} The notes record no response, but no objective assessment covers the course: confirm activity objectively (or pass useRecordedOutcomes to accept the record).`,
                  ...crpOnlyNote(ctx, qualifyDay, endDay + r.grace),
                  rule.definition,
                ],
                thresholds,
              ),
            );
          }
        } else if (!window.length && endDay === asOfDay) {
          // Ongoing, long enough, but no objective assessment yet: cannot say.
          findings.push(
            notAssessable(
              "objective-data-missing",
              "steroid-refractory",
              startDay,
              asOfDay,
              courseEvidence(ctx, startDay, endDay),
              [
                `${rule.what} for ${length} days (enough for the ${rule.minDays}-day rule) but no objective assessment on or after ${isoDate(qualifyDay)}: measure calprotectin or perform endoscopy before calling the disease steroid-refractory.`,
                ...crpOnlyNote(ctx, qualifyDay, endDay),
                rule.definition,
              ],
              thresholds,
            ),
          );
        }
      } else if (endDay === asOfDay) {
        const during = known.filter((x) => x.day >= startDay && x.day <= endDay && x.v.status === "active");
        if (during.length) {
          findings.push(
            notAssessable(
              "steroid-course-too-short",
              "steroid-refractory",
              startDay,
              asOfDay,
              courseEvidence(ctx, startDay, endDay),
              [
                `${rule.what} for only ${length} of the ${rule.minDays} days needed (so far); activity on ${isoDate(during[during.length - 1].day)} does not yet make the disease steroid-refractory. Reassess on ${isoDate(startDay + rule.minDays - 1)}.`,
                rule.definition,
              ],
              thresholds,
            ),
          );
        }
      }
    }
  }

  // ECCO's per-kg rule without a weight: courses below the cap that would
  // qualify for a light enough patient are reported, not guessed.
  if (r.oral.kind === "per-kg" && r.oral.mg === undefined) {
    const o = r.oral;
    const levels = [...new Set(pred)].filter((L) => L > 0 && L < o.capMg).sort((x, y) => y - x);
    for (const level of levels) {
      for (const [a, b] of runs(n, (i) => pred[i] >= level)) {
        const length = b - a + 1;
        if (length < r.minDays) continue;
        const startDay = d0 + a;
        const endDay = d0 + b;
        const qualifyDay = startDay + r.minDays - 1;
        const active = known.find(
          (x) => x.day >= qualifyDay && x.day <= endDay + r.grace && x.v.status === "active" && !usedAssessments.has(`a${x.index}`),
        );
        if (!active) continue;
        usedAssessments.add(`a${active.index}`);
        findings.push(
          notAssessable(
            "weight-missing",
            "steroid-refractory",
            startDay,
            active.day,
            [...courseEvidence(ctx, startDay, endDay), { day: active.day, what: `objective activity persisting: ${active.v.description}` }],
            [
              `>= ${round(level)} mg/day prednisone-equivalent for ${length} consecutive days (${isoDate(startDay)} to ${isoDate(endDay)}), with objective activity on ${isoDate(active.day)}: ${active.v.description}.`,
              `ECCO's rule asks for ${o.mgPerKg} mg/kg/day (at most ${o.capMg} mg/day) for ${r.minDays} days, and no weight is recorded: this course qualifies only if the patient weighs ${round(level / o.mgPerKg)} kg or less. Record weightKg to decide.`,
              definitionSentence(r, "oral"),
            ],
            thresholds,
          ),
        );
      }
    }
  }
  return { findings, warnings: [] };
}
