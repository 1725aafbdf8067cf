/**
 * Rule "steroid-dependent": after a documented response (objective remission,
 * or a symptom score in remission), objective activity returns
 *
 * - while tapering below 10 mg/day prednisone-equivalent, or within 90 days
 *   of stopping systemic steroids (the chapter, domain-facts section 1; ECCO:
 *   Magro 2017, J Crohns Colitis 11:649; Gomollón 2017, J Crohns Colitis 11:3);
 * - `definitions: "ecco"` adds: still >= 10 mg/day 90 days after the start of
 *   the steroid block, with the activity at that dose on or before that day
 *   plus `steroidAssessmentGraceDays` ("unable to reduce below 10 mg/day
 *   within 3 months of starting");
 * - budesonide, under both sets (ECCO's clause, Gomollón 2017; the chapter
 *   says nothing about it): the same rule on oral budesonide in mg/day of
 *   budesonide, with 3 mg/day and 90 days after starting.
 *
 * A block is a run of days with steroid exposure; restarting before the relapse
 * ends the after-stop window. Without objective data, a recorded relapse
 * (`recordedOutcome`) gives "not-yet-assessable" (`objective-data-missing`),
 * or the label with `useRecordedOutcomes`; a symptomatic relapse without an
 * objective assessment within 14 days before it to the end of the window gives
 * "not-yet-assessable" too. See docs/clinical-rules.md, "Refractoriness labels".
 */

import { isoDate } from "../dates";
import { BUDESONIDE_DEPENDENCE } from "../definitions";
import type { SteroidCourse } from "../types";
import {
  courseEvidence,
  crpOnlyNote,
  type DatedAssessment,
  type DayEvidence,
  definitionSentence,
  isOralBudesonide,
  notAssessable,
  outcomeDay,
  type RefractoryContext,
  type RuleFinding,
  type RuleResult,
  round,
  runs,
} from "./context";

interface DependenceSpec {
  series: Float64Array;
  budesonide: boolean;
  below: number;
  startWindow?: number;
  unit: string;
  stopped: string;
  tapering: string;
  spanFilter: (c: SteroidCourse) => boolean;
  definition: string;
}

/** The steroid-dependent rule: systemic steroids, then oral budesonide; see the module comment. */
export function steroidDependentRule(ctx: RefractoryContext): RuleResult {
  const findings: RuleFinding[] = [];
  if (!ctx.steroids.length) return { findings, warnings: [] };
  const { r } = ctx;
  const specs: DependenceSpec[] = [
    {
      series: ctx.pred,
      budesonide: false,
      below: r.depBelow,
      startWindow: r.depStartWindow,
      unit: "mg/day prednisone-equivalent",
      stopped: "systemic steroids",
      tapering: "tapering",
      spanFilter: (c) => !isOralBudesonide(c),
      definition: definitionSentence(r, "dependence"),
    },
    {
      series: ctx.bud,
      budesonide: true,
      below: r.budBelow,
      startWindow: r.budStartWindow,
      unit: "mg/day budesonide",
      stopped: "budesonide",
      tapering: "tapering budesonide",
      spanFilter: isOralBudesonide,
      definition: `Definition applied: ${BUDESONIDE_DEPENDENCE.source} (budesonide < ${r.budBelow} mg/day, start window ${r.budStartWindow} days, after-stop window ${r.relapseWindow} days).`,
    },
  ];
  for (const spec of specs) findings.push(...dependence(ctx, spec));
  return { findings, warnings: [] };
}

function dependence(ctx: RefractoryContext, spec: DependenceSpec): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const { r, d0, n, known, symptoms, thresholds, asOfDay } = ctx;
  const series = spec.series;
  const only = spec.budesonide ? isOralBudesonide : undefined;
  for (const [a, b] of runs(n, (i) => series[i] > 0)) {
    const blockStart = d0 + a;
    const blockEnd = d0 + b;
    const stopped = blockEnd < asOfDay;
    const windowEnd = stopped ? blockEnd + r.relapseWindow : blockEnd;
    let blockHasFinding = false;
    const responseBefore = (day: number): DayEvidence | undefined => {
      const obj = known.find((x) => x.day >= blockStart && x.day < day && x.v.status === "inactive");
      if (obj) return { day: obj.day, what: `response on ${spec.stopped}: ${obj.v.description}` };
      const sym = symptoms.find((x) => x.day >= blockStart && x.day < day && x.s.remission);
      if (sym)
        return {
          day: sym.day,
          what: `symptomatic response on ${spec.stopped}: ${sym.s.instrument} ${sym.s.value} (remission range)`,
        };
      return undefined;
    };
    // Relapse while tapering below the threshold, or within the window after stopping.
    let event: { labelDay: number; x: DatedAssessment; resp: DayEvidence; reason: string; extra: DayEvidence[] } | undefined;
    for (const x of known) {
      if (x.v.status !== "active" || x.day < blockStart || x.day > windowEnd) continue;
      const onDrug = x.day <= blockEnd;
      const doseThen = onDrug ? series[x.day - d0] : 0;
      if (!onDrug && x.day - d0 < n && series[x.day - d0] > 0) continue; // restarted before relapse
      if (onDrug && !(doseThen < spec.below)) continue;
      const resp = responseBefore(x.day);
      if (!resp) continue;
      const reason = onDrug
        ? `Relapse on ${isoDate(x.day)} while ${spec.tapering}: ${round(doseThen)} ${spec.unit}, below the ${spec.below} mg/day threshold.`
        : `Relapse on ${isoDate(x.day)}, ${x.day - blockEnd} days after stopping ${spec.stopped} on ${isoDate(blockEnd)} (window ${r.relapseWindow} days)${spec.budesonide ? `: budesonide could not be brought below ${spec.below} mg/day` : ""}.`;
      event = { labelDay: x.day, x, resp, reason, extra: [] };
      break;
    }
    // ECCO: still at or above the threshold `startWindow` days after starting, with recurrent activity.
    if (spec.startWindow !== undefined) {
      const checkDay = blockStart + spec.startWindow;
      if (checkDay <= blockEnd && checkDay <= asOfDay && series[checkDay - d0] >= spec.below) {
        const x = known.find(
          (y) =>
            y.v.status === "active" &&
            y.day > blockStart &&
            y.day <= Math.min(checkDay + r.grace, blockEnd) &&
            series[y.day - d0] >= spec.below &&
            responseBefore(y.day) !== undefined,
        );
        const labelDay = x ? Math.max(checkDay, x.day) : Number.POSITIVE_INFINITY;
        if (x && (!event || labelDay < event.labelDay)) {
          const resp = responseBefore(x.day) as DayEvidence;
          event = {
            labelDay,
            x,
            resp,
            reason: `Not reduced below ${spec.below} ${spec.unit} within ${spec.startWindow} days of starting on ${isoDate(blockStart)}: still ${round(series[checkDay - d0])} ${spec.unit} on ${isoDate(checkDay)}, with recurrent activity on ${isoDate(x.day)} at ${round(series[x.day - d0])} ${spec.unit}.`,
            extra: [
              {
                day: checkDay,
                what: `${spec.startWindow} days after starting: ${round(series[checkDay - d0])} ${spec.unit} (not below ${spec.below})`,
              },
            ],
          };
        }
      }
    }
    if (event) {
      const { x, resp } = event;
      findings.push({
        label: "steroid-dependent",
        fromDay: blockStart,
        toDay: event.labelDay,
        evidence: [
          ...courseEvidence(ctx, blockStart, blockEnd, only),
          resp,
          { day: x.day, what: `objective relapse: ${x.v.description}` },
          ...event.extra,
        ],
        reasons: [
          `Initial response documented on ${isoDate(resp.day)}.`,
          event.reason,
          `Objective evidence of the relapse: ${x.v.description}.`,
          spec.definition,
        ],
        thresholds,
      });
      blockHasFinding = true;
    }
    // Recorded relapses when no objective assessment covers the block and its window.
    const objectiveInBlock = known.some((x) => x.day >= blockStart && x.day <= windowEnd);
    if (!objectiveInBlock && !blockHasFinding) {
      for (const x of ctx.steroids.filter((y) => y.s <= blockEnd && y.e >= blockStart && spec.spanFilter(y.c))) {
        const out = x.c.recordedOutcome;
        if (out !== "relapse-on-taper" && out !== "relapse-after-stop") continue;
        // The relapse day: outcomeDate, else (relapse on taper) the course's last day.
        const rd = x.c.outcomeDate !== undefined ? outcomeDay(x) : out === "relapse-on-taper" ? x.e : undefined;
        const recItem = {
          day: rd ?? x.e,
          what: `recorded course outcome: ${out.replace(/-/g, " ")}${rd !== undefined ? ` on ${isoDate(rd)}` : " (date not recorded)"} (not an objective measurement)`,
        };
        let ruleMet = false;
        let ruleReason = "";
        if (rd !== undefined) {
          if (rd <= blockEnd && rd >= blockStart) {
            const dose = series[rd - d0];
            ruleMet = dose < spec.below;
            ruleReason = `Recorded relapse on ${isoDate(rd)} at ${round(dose)} ${spec.unit} (${ruleMet ? "below" : "not below"} ${spec.below} mg/day).`;
          } else if (rd > blockEnd) {
            ruleMet = rd - blockEnd <= r.relapseWindow;
            ruleReason = `Recorded relapse on ${isoDate(rd)}, ${rd - blockEnd} days after stopping ${spec.stopped} (${ruleMet ? "within" : "outside"} the ${r.relapseWindow}-day window).`;
          }
        } else {
          ruleReason = "A relapse after stopping is recorded without a date, so the window cannot be checked.";
        }
        if (r.useRecorded && ruleMet) {
          findings.push({
            label: "steroid-dependent",
            fromDay: blockStart,
            toDay: recItem.day,
            evidence: [...courseEvidence(ctx, blockStart, blockEnd, only), recItem],
            reasons: [
              ruleReason,
              "No objective assessment covers this course; the recorded relapse was accepted (useRecordedOutcomes).",
              spec.definition,
            ],
            thresholds,
          });
          blockHasFinding = true;
        } else if (ruleMet || rd === undefined) {
          findings.push(
            notAssessable(
              "objective-data-missing",
              "steroid-dependent",
              blockStart,
              recItem.day,
              [...courseEvidence(ctx, blockStart, blockEnd, only), recItem],
              [
                `${ruleReason} No objective assessment confirms the relapse${r.useRecorded ? "" : " (pass useRecordedOutcomes to accept the record)"}.`,
                spec.definition,
              ],
              thresholds,
            ),
          );
          blockHasFinding = true;
        }
        break;
      }
    }
    // Symptomatic relapse without objective data in the window.
    if (!blockHasFinding) {
      const symRelapse = symptoms.find(
        (s) =>
          !s.s.remission &&
          s.day > blockStart &&
          s.day <= windowEnd &&
          (s.day > blockEnd || series[s.day - d0] < spec.below) &&
          responseBefore(s.day),
      );
      if (symRelapse && !known.some((x) => x.day >= symRelapse.day - 14 && x.day <= windowEnd)) {
        findings.push(
          notAssessable(
            "objective-data-missing",
            "steroid-dependent",
            blockStart,
            symRelapse.day,
            courseEvidence(ctx, blockStart, blockEnd, only),
            [
              `Symptoms relapsed on ${isoDate(symRelapse.day)} (${symRelapse.s.instrument} ${symRelapse.s.value}) during the taper${spec.budesonide ? " of budesonide" : ""} or after stopping, but no objective assessment confirms inflammation: measure calprotectin or perform endoscopy before calling the disease steroid-dependent.`,
              ...crpOnlyNote(ctx, symRelapse.day - 14, windowEnd),
              spec.definition,
            ],
            thresholds,
          ),
        );
      }
    }
  }
  return findings;
}
