/**
 * `classifyRefractoriness(history)`: the language of refractoriness, applied
 * by rule to one patient's treatment history. Every label that applies is
 * returned with its evidence trail (dated items), plain-sentence reasons and
 * the thresholds used. Definitions (chapter; domain-facts section 1):
 *
 * - steroid-refractory: objective activity persisting despite >= 40 mg/day
 *   prednisone-equivalent for >= 14 days, or IV methylprednisolone (or IV
 *   hydrocortisone at an equivalent dose) for 3-5 days (ECCO: Harbord 2017
 *   J Crohns Colitis 11:769, UC; Gomollón 2017 J Crohns Colitis 11:3, CD).
 * - steroid-dependent: an objective relapse while tapering below 10 mg/day
 *   prednisone-equivalent, or within 3 months (default 90 days) of stopping
 *   systemic steroids (the same ECCO consensus statements).
 * - primary non-response: a full, drug-specific induction ({@link INDUCTION_WEEKS})
 *   with no objective improvement at any assessment.
 * - secondary loss of response: a documented initial response, then objective
 *   activity while still on the drug.
 * - refractory symptoms / refractory inflammation: from the discordance
 *   quadrant (symptoms without inflammation, or inflammation with or without
 *   symptoms) while on treatment.
 * - fibrostenotic obstruction: a fibrotic or mixed stricture with obstructive
 *   symptoms.
 * - not-yet-assessable, with the reason: induction too short, objective data
 *   missing, or mimics (infection, bile acid diarrhoea, SIBO...) not excluded.
 *   Labels that say "this inflammation is refractory IBD" are held back as
 *   `pendingLabel` until the mimic workup is complete.
 *
 * Hand-written: these are the chapter's own rules; no package implements them.
 */
import { InputError } from "../core/errors";
import type { Reasoned } from "../core/result";
import { assertInteger, assertNonNegative, assertPositive } from "../core/validate";
import { DRUG_CLASS, drugClassOf } from "../drugs/classes";
import { inductionWeeks } from "../drugs/induction";
import { type ActivityThresholds, type ActivityVerdict, DEFAULT_ACTIVITY_THRESHOLDS, objectiveActivity } from "./activity";
import { dayNumber, isoDate } from "./dates";
import { type EquivalenceOptions, prednisoneEquivalentMgPerDay, steroidExposure } from "./steroids";
import type { AdvancedDrug, ObjectiveAssessment, SteroidDrug, TreatmentHistory } from "./types";

/** Labels the classifier can give. */
export type RefractoryLabel =
  | "steroid-refractory"
  | "steroid-dependent"
  | "primary-non-response"
  | "secondary-loss-of-response"
  | "refractory-symptoms"
  | "refractory-inflammation"
  | "fibrostenotic-obstruction"
  | "not-yet-assessable";

/** Why a label cannot be given yet. */
export type NotAssessableReason = "induction-too-short" | "objective-data-missing" | "mimics-not-excluded" | "steroid-course-too-short";

/** One dated item of the evidence trail. */
export interface EvidenceItem {
  date: string;
  what: string;
}

/** One label with its evidence. */
export interface RefractoryFinding extends Reasoned {
  label: RefractoryLabel;
  /** The drug the label concerns (advanced therapies), if any. */
  drug?: AdvancedDrug;
  /** First and last date of the evidence. */
  from: string;
  to: string;
  evidence: EvidenceItem[];
  /** For "not-yet-assessable": why. */
  notAssessableReason?: NotAssessableReason;
  /** For "not-yet-assessable": the label that would apply, or is being waited for. */
  pendingLabel?: RefractoryLabel;
}

/** Result of {@link classifyRefractoriness}. */
export interface RefractoryClassification {
  patientId: string;
  asOf: string;
  /** Distinct labels, in the order of {@link RefractoryLabel}. */
  labels: RefractoryLabel[];
  findings: RefractoryFinding[];
  /** Contradictions and data problems that did not stop the classification. */
  warnings: string[];
}

/** Options for {@link classifyRefractoriness}; every threshold has a documented default. */
export interface RefractoryOptions extends EquivalenceOptions {
  /** Prednisone-equivalent dose for the oral steroid-refractory rule, mg/day (>=). Default: 40 (ECCO 2017; chapter). */
  steroidRefractoryMinMgPerDay?: number;
  /** Consecutive days at that dose (>=). Default: 14 (two weeks; ECCO 2017). */
  steroidRefractoryMinDays?: number;
  /** Consecutive days of IV steroid for the IV rule (>=). Default: 3 (ECCO: 3-5 days of IV methylprednisolone). */
  ivMinDays?: number;
  /** Steroids counted by the IV rule. Default: methylprednisolone and hydrocortisone (ECCO lists IV hydrocortisone 400 mg/day as an alternative). */
  ivDrugs?: SteroidDrug[];
  /** Minimum prednisone-equivalent of an IV course for the IV rule, mg/day. Default: 40 (methylprednisolone 60 mg = 75). */
  ivMinPrednisoneEqMgPerDay?: number;
  /** Days after a qualifying steroid window within which persisting activity still counts. Default: 7. */
  steroidAssessmentGraceDays?: number;
  /** Taper dose below which a relapse means dependence, mg/day prednisone-equivalent (<). Default: 10 (ECCO 2017). */
  dependenceBelowMgPerDay?: number;
  /** Days after stopping systemic steroids within which a relapse means dependence. Default: 90 (ECCO: "within 3 months of stopping"). */
  relapseWindowAfterStopDays?: number;
  /** Induction length per drug, weeks, overriding {@link INDUCTION_WEEKS}. */
  inductionWeeks?: Partial<Record<AdvancedDrug, number>>;
  /** Days after the end of induction within which the judging assessment must fall. Default: 56. */
  postInductionWindowDays?: number;
  /** Days before a first dose in which a baseline assessment is sought. Default: 90. */
  baselineLookbackDays?: number;
  /** Days after stopping a drug during which an assessment still judges it. Default: 28. */
  afterStopGraceDays?: number;
  /** Fractional fall of the endoscopic score (same instrument) that counts as objective improvement (>=). Default: 0.5 (STRIDE-II endoscopic response, Turner 2021). */
  endoscopicResponseFraction?: number;
  /** Accept a symptom-score remission as the initial response of a secondary loss of response. Default: true (the loss itself must be objective). */
  acceptSymptomaticInitialResponse?: boolean;
  /** Objective-activity thresholds (see {@link ActivityThresholds}). */
  activity?: ActivityThresholds;
  /**
   * When no objective assessment covers a steroid course, accept the course
   * outcome recorded in the notes (`recordedOutcome`) as evidence, saying so in
   * the reasons. Default: false (the chapter's rule: objective criteria only;
   * such courses are "not yet assessable, objective data missing").
   */
  useRecordedOutcomes?: boolean;
}

interface Dated {
  day: number;
  a: ObjectiveAssessment;
  v: ActivityVerdict;
  index: number;
}

/** Every refractoriness label, in the order results list them. */
export const REFRACTORY_LABELS: readonly RefractoryLabel[] = [
  "steroid-refractory",
  "steroid-dependent",
  "primary-non-response",
  "secondary-loss-of-response",
  "refractory-inflammation",
  "refractory-symptoms",
  "fibrostenotic-obstruction",
  "not-yet-assessable",
];

/** Labels that assert the inflammation is refractory IBD: held back until mimics are excluded. */
const MIMIC_GATED: ReadonlySet<RefractoryLabel> = new Set([
  "steroid-refractory",
  "steroid-dependent",
  "primary-non-response",
  "secondary-loss-of-response",
  "refractory-inflammation",
]);

function resolveOptions(o: RefractoryOptions) {
  return {
    minMg: assertPositive(o.steroidRefractoryMinMgPerDay ?? 40, "steroidRefractoryMinMgPerDay"),
    minDays: assertInteger(o.steroidRefractoryMinDays ?? 14, "steroidRefractoryMinDays", 1),
    ivMinDays: assertInteger(o.ivMinDays ?? 3, "ivMinDays", 1),
    ivDrugs: o.ivDrugs ?? (["methylprednisolone", "hydrocortisone"] as SteroidDrug[]),
    ivMinEq: assertPositive(o.ivMinPrednisoneEqMgPerDay ?? 40, "ivMinPrednisoneEqMgPerDay"),
    grace: assertInteger(o.steroidAssessmentGraceDays ?? 7, "steroidAssessmentGraceDays", 0),
    depBelow: assertPositive(o.dependenceBelowMgPerDay ?? 10, "dependenceBelowMgPerDay"),
    relapseWindow: assertInteger(o.relapseWindowAfterStopDays ?? 90, "relapseWindowAfterStopDays", 0),
    postWindow: assertInteger(o.postInductionWindowDays ?? 56, "postInductionWindowDays", 0),
    baselineLookback: assertInteger(o.baselineLookbackDays ?? 90, "baselineLookbackDays", 0),
    afterStop: assertInteger(o.afterStopGraceDays ?? 28, "afterStopGraceDays", 0),
    endoFraction: assertNonNegative(o.endoscopicResponseFraction ?? 0.5, "endoscopicResponseFraction"),
    symptomaticInitial: o.acceptSymptomaticInitialResponse ?? true,
    activity: o.activity ?? {},
    useRecorded: o.useRecordedOutcomes ?? false,
  };
}
type Resolved = ReturnType<typeof resolveOptions>;

function thresholdsOf(r: Resolved): Record<string, number | string> {
  const endo = { ...DEFAULT_ACTIVITY_THRESHOLDS.endoscopyActiveAtOrAbove, ...r.activity.endoscopyActiveAtOrAbove };
  return {
    steroidRefractoryMinMgPerDay: r.minMg,
    steroidRefractoryMinDays: r.minDays,
    ivMinDays: r.ivMinDays,
    ivMinPrednisoneEqMgPerDay: r.ivMinEq,
    dependenceBelowMgPerDay: r.depBelow,
    relapseWindowAfterStopDays: r.relapseWindow,
    postInductionWindowDays: r.postWindow,
    endoscopicResponseFraction: r.endoFraction,
    mayoActiveAtOrAbove: endo.Mayo,
    uceisActiveAtOrAbove: endo.UCEIS,
    sesCdActiveAtOrAbove: endo["SES-CD"],
    calprotectinActiveUgG: r.activity.calprotectinActiveUgG ?? DEFAULT_ACTIVITY_THRESHOLDS.calprotectinActiveUgG,
    crpActiveMgL: r.activity.crpActiveMgL ?? DEFAULT_ACTIVITY_THRESHOLDS.crpActiveMgL,
    useRecordedOutcomes: r.useRecorded ? "yes" : "no",
  };
}

/** Maximal runs of consecutive indices where `pred(i)` holds: [start, end] inclusive. */
function runs(n: number, pred: (i: number) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i < n; i++) {
    if (pred(i)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push([start, i - 1]);
      start = -1;
    }
  }
  if (start >= 0) out.push([start, n - 1]);
  return out;
}

/**
 * Classifies a treatment history. Returns every label that applies.
 * @example
 * classifyRefractoriness({
 *   patientId: "P1", asOf: "2025-03-01", mimicsExcluded: true,
 *   steroids: [{ drug: "prednisone", doseMgPerDay: 40, route: "oral", startDate: "2025-01-01", endDate: "2025-01-20" }],
 *   assessments: [{ date: "2025-01-18", calprotectinUgG: 900 }],
 * }).labels // ["steroid-refractory"]
 */
export function classifyRefractoriness(history: TreatmentHistory, options: RefractoryOptions = {}): RefractoryClassification {
  if (!history || typeof history !== "object")
    throw new InputError({ field: "history", value: history, expected: "a TreatmentHistory object" });
  if (typeof history.patientId !== "string" || history.patientId === "") {
    throw new InputError({ field: "patientId", value: history.patientId, expected: "a non-empty string" });
  }
  const r = resolveOptions(options);
  const thresholds = thresholdsOf(r);
  const asOfDay = dayNumber(history.asOf, "asOf");
  const warnings: string[] = [];
  const findings: RefractoryFinding[] = [];
  const steroids = history.steroids ?? [];
  const therapies = history.advancedTherapies ?? [];

  // Objective assessments, checked and sorted.
  const assessments: Dated[] = (history.assessments ?? []).map((a, index) => {
    const day = dayNumber(a.date, `assessments[${index}].date`);
    if (day > asOfDay)
      throw new InputError({ field: `assessments[${index}].date`, value: a.date, expected: `a date on or before asOf ${history.asOf}` });
    const v = objectiveActivity(a, r.activity, `assessments[${index}]`);
    for (const c of v.conflicts) warnings.push(`Contradictory assessment on ${a.date}: ${c}; ${v.basis} decides.`);
    return { day, a, v, index };
  });
  assessments.sort((x, y) => x.day - y.day);
  const known = assessments.filter((x) => x.v.status !== "unknown");
  const symptoms = (history.symptoms ?? []).map((s, i) => {
    const day = dayNumber(s.date, `symptoms[${i}].date`);
    if (day > asOfDay)
      throw new InputError({ field: `symptoms[${i}].date`, value: s.date, expected: `a date on or before asOf ${history.asOf}` });
    return { day, s };
  });
  symptoms.sort((x, y) => x.day - y.day);

  // ---- Steroids ----
  const exposure = steroidExposure(steroids, history.asOf, { ...options, ivDrugs: r.ivDrugs, ivMinPrednisoneEqMgPerDay: r.ivMinEq });
  const pred = exposure.prednisoneEqMgPerDay;
  const d0 = exposure.firstDay;
  const n = pred.length;
  const courseEvidence = (fromDay: number, toDay: number): EvidenceItem[] =>
    steroids
      .map((c, i) => ({ c, i, s: dayNumber(c.startDate, "startDate"), e: c.endDate ? dayNumber(c.endDate, "endDate") : asOfDay }))
      .filter((x) => x.s <= toDay && x.e >= fromDay)
      .map((x) => ({
        date: x.c.startDate,
        what: `${x.c.drug} ${x.c.doseMgPerDay} mg/day ${x.c.route} from ${x.c.startDate} to ${x.c.endDate ?? `ongoing (${history.asOf})`} = ${round(prednisoneEquivalentMgPerDay(x.c, options))} mg/day prednisone-equivalent`,
      }));

  const spans = steroids.map((c, i) => ({
    c,
    i,
    s: dayNumber(c.startDate, `steroids[${i}].startDate`),
    e: c.endDate ? dayNumber(c.endDate, `steroids[${i}].endDate`) : asOfDay,
  }));
  const recordedIn = (fromDay: number, toDay: number, outcome: string) =>
    spans.filter((x) => x.s <= toDay && x.e >= fromDay && x.c.recordedOutcome === outcome);
  if (steroids.length) {
    const usedAssessments = new Set<string>();
    const rules: Array<{ kind: "iv" | "oral"; runsOf: Array<[number, number]>; minDays: number; what: string }> = [
      {
        kind: "iv",
        runsOf: runs(n, (i) => exposure.ivQualifying[i] === 1),
        minDays: r.ivMinDays,
        what: `IV steroid (>= ${r.ivMinEq} mg/day prednisone-equivalent)`,
      },
      { kind: "oral", runsOf: runs(n, (i) => pred[i] >= r.minMg), minDays: r.minDays, what: `>= ${r.minMg} mg/day prednisone-equivalent` },
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
              from: isoDate(startDay),
              to: active.a.date,
              evidence: [
                ...courseEvidence(startDay, endDay),
                { date: active.a.date, what: `objective activity persisting: ${active.v.description}` },
              ],
              reasons: [
                `${rule.what} for ${length} consecutive days (${isoDate(startDay)} to ${isoDate(endDay)}), at least the ${rule.minDays} days the rule needs (reached on ${isoDate(qualifyDay)}).`,
                `Objective activity persisted on ${active.a.date}: ${active.v.description}.`,
              ],
              thresholds,
            });
          } else if (recorded.length) {
            const key = `c${recorded[0].i}`;
            if (usedAssessments.has(key)) continue;
            usedAssessments.add(key);
            const recItem = {
              date: recorded[0].c.endDate ?? history.asOf,
              what: `recorded course outcome: no response (not an objective measurement)`,
            };
            const lengthReason = `${rule.what} for ${length} consecutive days (${isoDate(startDay)} to ${isoDate(endDay)}), at least the ${rule.minDays} days the rule needs.`;
            if (r.useRecorded) {
              findings.push({
                label: "steroid-refractory",
                from: isoDate(startDay),
                to: recItem.date,
                evidence: [...courseEvidence(startDay, endDay), recItem],
                reasons: [
                  lengthReason,
                  "No objective assessment covers this course; the recorded outcome 'no response' was accepted (useRecordedOutcomes).",
                ],
                thresholds,
              });
            } else {
              findings.push(
                notAssessable(
                  "objective-data-missing",
                  "steroid-refractory",
                  isoDate(startDay),
                  recItem.date,
                  [...courseEvidence(startDay, endDay), recItem],
                  [
                    `${lengthReason} The notes record no response, but no objective assessment covers the course: confirm activity objectively (or pass useRecordedOutcomes to accept the record).`,
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
                isoDate(startDay),
                history.asOf,
                courseEvidence(startDay, endDay),
                [
                  `${rule.what} for ${length} days (enough for the ${rule.minDays}-day rule) but no objective assessment on or after ${isoDate(qualifyDay)}: measure calprotectin or perform endoscopy before calling the disease steroid-refractory.`,
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
                isoDate(startDay),
                history.asOf,
                courseEvidence(startDay, endDay),
                [
                  `${rule.what} for only ${length} of the ${rule.minDays} days needed (so far); activity on ${during[during.length - 1].a.date} does not yet make the disease steroid-refractory. Reassess on ${isoDate(startDay + rule.minDays - 1)}.`,
                ],
                thresholds,
              ),
            );
          }
        }
      }
    }

    // Steroid dependence: blocks of continuous systemic exposure.
    for (const [a, b] of runs(n, (i) => pred[i] > 0)) {
      const blockStart = d0 + a;
      const blockEnd = d0 + b;
      const stopped = blockEnd < asOfDay;
      const windowEnd = stopped ? blockEnd + r.relapseWindow : blockEnd;
      // The next block (restart) ends the after-stop window.
      const responseBefore = (day: number) => {
        const obj = known.find((x) => x.day >= blockStart && x.day < day && x.v.status === "inactive");
        if (obj) return { date: obj.a.date, what: `response on steroids: ${obj.v.description}` };
        const sym = symptoms.find((x) => x.day >= blockStart && x.day < day && x.s.remission);
        if (sym)
          return { date: sym.s.date, what: `symptomatic response on steroids: ${sym.s.instrument} ${sym.s.value} (remission range)` };
        return undefined;
      };
      for (const x of known) {
        if (x.v.status !== "active" || x.day < blockStart || x.day > windowEnd) continue;
        const onSteroid = x.day <= blockEnd;
        const doseThen = onSteroid ? pred[x.day - d0] : 0;
        if (!onSteroid && x.day - d0 < n && pred[x.day - d0] > 0) continue; // restarted before relapse
        if (onSteroid && !(doseThen < r.depBelow)) continue;
        const resp = responseBefore(x.day);
        if (!resp) continue;
        const reason = onSteroid
          ? `Relapse on ${x.a.date} while tapering: ${round(doseThen)} mg/day prednisone-equivalent, below the ${r.depBelow} mg/day threshold.`
          : `Relapse on ${x.a.date}, ${x.day - blockEnd} days after stopping systemic steroids on ${isoDate(blockEnd)} (window ${r.relapseWindow} days).`;
        findings.push({
          label: "steroid-dependent",
          from: isoDate(blockStart),
          to: x.a.date,
          evidence: [...courseEvidence(blockStart, blockEnd), resp, { date: x.a.date, what: `objective relapse: ${x.v.description}` }],
          reasons: [`Initial response documented on ${resp.date}.`, reason, `Objective evidence of the relapse: ${x.v.description}.`],
          thresholds,
        });
        break;
      }
      // Recorded relapses when no objective assessment covers the block and its window.
      const objectiveInBlock = known.some((x) => x.day >= blockStart && x.day <= windowEnd);
      if (!objectiveInBlock && !findings.some((f) => f.label === "steroid-dependent" && f.from === isoDate(blockStart))) {
        for (const x of spans.filter((y) => y.s <= blockEnd && y.e >= blockStart)) {
          const out = x.c.recordedOutcome;
          if (out !== "relapse-on-taper" && out !== "relapse-after-stop") continue;
          const dateStr = x.c.outcomeDate ?? (out === "relapse-on-taper" ? (x.c.endDate ?? history.asOf) : undefined);
          const recItem = {
            date: dateStr ?? x.c.endDate ?? history.asOf,
            what: `recorded course outcome: ${out.replace(/-/g, " ")}${dateStr ? ` on ${dateStr}` : " (date not recorded)"} (not an objective measurement)`,
          };
          let ruleMet = false;
          let ruleReason = "";
          if (dateStr) {
            const rd = dayNumber(dateStr, `steroids[${x.i}].outcomeDate`);
            if (rd <= blockEnd && rd >= blockStart) {
              const dose = pred[rd - d0];
              ruleMet = dose < r.depBelow;
              ruleReason = `Recorded relapse on ${dateStr} at ${round(dose)} mg/day prednisone-equivalent (${ruleMet ? "below" : "not below"} ${r.depBelow} mg/day).`;
            } else if (rd > blockEnd) {
              ruleMet = rd - blockEnd <= r.relapseWindow;
              ruleReason = `Recorded relapse on ${dateStr}, ${rd - blockEnd} days after stopping (${ruleMet ? "within" : "outside"} the ${r.relapseWindow}-day window).`;
            }
          } else {
            ruleReason = "A relapse after stopping is recorded without a date, so the window cannot be checked.";
          }
          if (r.useRecorded && ruleMet) {
            findings.push({
              label: "steroid-dependent",
              from: isoDate(blockStart),
              to: recItem.date,
              evidence: [...courseEvidence(blockStart, blockEnd), recItem],
              reasons: [ruleReason, "No objective assessment covers this course; the recorded relapse was accepted (useRecordedOutcomes)."],
              thresholds,
            });
          } else if (ruleMet || !dateStr) {
            findings.push(
              notAssessable(
                "objective-data-missing",
                "steroid-dependent",
                isoDate(blockStart),
                recItem.date,
                [...courseEvidence(blockStart, blockEnd), recItem],
                [
                  `${ruleReason} No objective assessment confirms the relapse${r.useRecorded ? "" : " (pass useRecordedOutcomes to accept the record)"}.`,
                ],
                thresholds,
              ),
            );
          }
          break;
        }
      }
      // Symptomatic relapse without objective data in the window.
      if (
        !findings.some((f) => (f.label === "steroid-dependent" || f.pendingLabel === "steroid-dependent") && f.from === isoDate(blockStart))
      ) {
        const symRelapse = symptoms.find(
          (s) =>
            !s.s.remission &&
            s.day > blockStart &&
            s.day <= windowEnd &&
            (s.day > blockEnd || pred[s.day - d0] < r.depBelow) &&
            responseBefore(s.day),
        );
        if (symRelapse && !known.some((x) => x.day >= symRelapse.day - 14 && x.day <= windowEnd)) {
          findings.push(
            notAssessable(
              "objective-data-missing",
              "steroid-dependent",
              isoDate(blockStart),
              symRelapse.s.date,
              courseEvidence(blockStart, blockEnd),
              [
                `Symptoms relapsed on ${symRelapse.s.date} (${symRelapse.s.instrument} ${symRelapse.s.value}) during the taper or after stopping, but no objective assessment confirms inflammation: measure calprotectin or perform endoscopy before calling the disease steroid-dependent.`,
              ],
              thresholds,
            ),
          );
        }
      }
    }
  }

  // ---- Advanced therapies ----
  therapies.forEach((t, ti) => {
    const field = `advancedTherapies[${ti}]`;
    drugClassOf(t.drug, `${field}.drug`);
    const s = dayNumber(t.startDate, `${field}.startDate`);
    const e = t.endDate === undefined ? asOfDay : dayNumber(t.endDate, `${field}.endDate`);
    if (e < s)
      throw new InputError({ field: `${field}.endDate`, value: t.endDate, expected: `a date on or after startDate ${t.startDate}` });
    if (s > asOfDay)
      throw new InputError({ field: `${field}.startDate`, value: t.startDate, expected: `a date on or before asOf ${history.asOf}` });
    const induction = inductionWeeks(t.drug, history.disease, { extended: t.extendedInduction ?? false });
    const weeks = assertPositive(options.inductionWeeks?.[t.drug] ?? induction.weeks, `inductionWeeks.${t.drug}`);
    const judgeDay = s + Math.round(weeks * 7);
    // Assessments after another drug has started belong to that drug, not this one.
    const nextStart = therapies
      .filter((o) => o !== t && o.drug !== t.drug)
      .map((o) => dayNumber(o.startDate, "startDate"))
      .filter((d) => d > s)
      .reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
    const lastJudge = Math.min(e + r.afterStop, asOfDay, nextStart - 1);
    const onDrug = known.filter((x) => x.day > s && x.day <= lastJudge);
    const baseline = [...known].reverse().find((x) => x.day <= s && x.day >= s - r.baselineLookback);
    const courseItem: EvidenceItem = {
      date: t.startDate,
      what: `${t.drug} (${DRUG_CLASS[t.drug]}) from ${t.startDate} to ${t.endDate ?? `ongoing (${history.asOf})`}; induction judged at week ${weeks} (${isoDate(judgeDay)})`,
    };
    const improved = (x: Dated): string | undefined => {
      if (x.v.status === "inactive") return `objective remission: ${x.v.description}`;
      const be = baseline?.a.endoscopy;
      const xe = x.a.endoscopy;
      if (be && xe && be.instrument === xe.instrument && be.score > 0 && (be.score - xe.score) / be.score >= r.endoFraction) {
        return `endoscopic response: ${xe.instrument} ${be.score} -> ${xe.score} (fall >= ${r.endoFraction * 100} %)`;
      }
      return undefined;
    };
    const firstObjResponse = onDrug.find((x) => improved(x) !== undefined);
    const symResponse = symptoms.find((x) => x.day > s && x.day <= e && x.s.remission);
    const initial = firstObjResponse
      ? { day: firstObjResponse.day, date: firstObjResponse.a.date, what: improved(firstObjResponse) as string, objective: true }
      : r.symptomaticInitial && symResponse
        ? {
            day: symResponse.day,
            date: symResponse.s.date,
            what: `symptomatic response: ${symResponse.s.instrument} ${symResponse.s.value} (remission range)`,
            objective: false,
          }
        : undefined;
    if (initial) {
      const loss = onDrug.find((x) => x.day > initial.day && x.v.status === "active" && improved(x) === undefined);
      if (loss) {
        findings.push({
          label: "secondary-loss-of-response",
          drug: t.drug,
          from: t.startDate,
          to: loss.a.date,
          evidence: [
            courseItem,
            { date: initial.date, what: `initial ${initial.what}` },
            { date: loss.a.date, what: `loss of response: ${loss.v.description}` },
          ],
          reasons: [
            `${t.drug} gave an initial ${initial.objective ? "objective" : "symptomatic (not objectively confirmed)"} response on ${initial.date}.`,
            `Objective activity returned on ${loss.a.date} while on the drug: ${loss.v.description}.`,
            "Next: a trough level and anti-drug antibodies tell pharmacokinetic failure from mechanistic failure (see tdmDecision).",
          ],
          thresholds,
        });
      }
      return;
    }
    // No response so far: primary non-response or not yet assessable.
    const completed = e >= judgeDay;
    if (!completed) {
      const stoppedEarly = t.endDate !== undefined && e < asOfDay;
      findings.push(
        notAssessable(
          "induction-too-short",
          "primary-non-response",
          t.startDate,
          isoDate(e),
          [courseItem],
          [
            stoppedEarly
              ? `${t.drug} was stopped on ${isoDate(e)} after ${Math.floor((e - s) / 7)} weeks ${(e - s) % 7} days, before the end of its ${weeks}-week induction: primary non-response cannot be called.`
              : `${t.drug} induction is ${Math.floor((asOfDay - s) / 7)} weeks ${(asOfDay - s) % 7} days old; it is judged at week ${weeks} (${isoDate(judgeDay)}).`,
          ],
          thresholds,
          t.drug,
        ),
      );
      return;
    }
    const judging = onDrug.filter((x) => x.day >= judgeDay && x.day <= judgeDay + r.postWindow);
    if (!judging.length) {
      findings.push(
        notAssessable(
          "objective-data-missing",
          "primary-non-response",
          t.startDate,
          history.asOf,
          [courseItem],
          [
            `${t.drug} induction is complete (week ${weeks}, ${isoDate(judgeDay)}) but there is no objective assessment between ${isoDate(judgeDay)} and ${isoDate(judgeDay + r.postWindow)}: endoscopy or calprotectin is needed to judge response.`,
          ],
          thresholds,
          t.drug,
        ),
      );
      return;
    }
    const judged = judging[0];
    findings.push({
      label: "primary-non-response",
      drug: t.drug,
      from: t.startDate,
      to: judged.a.date,
      evidence: [
        courseItem,
        ...(baseline ? [{ date: baseline.a.date, what: `baseline: ${baseline.v.description}` }] : []),
        ...onDrug.filter((x) => x.day <= judged.day).map((x) => ({ date: x.a.date, what: `no objective improvement: ${x.v.description}` })),
      ],
      reasons: [
        `${t.drug} was given through its full ${weeks}-week induction (judged from ${isoDate(judgeDay)}).`,
        `No assessment from ${t.startDate} to ${judged.a.date} showed objective remission or an endoscopic fall >= ${r.endoFraction * 100} %; on ${judged.a.date}: ${judged.v.description}.`,
        ...(baseline ? [] : ["No baseline assessment within the lookback: improvement was judged on remission only."]),
        "Next: a trough level and anti-drug antibodies tell pharmacokinetic failure from pathway failure (see tdmDecision).",
      ],
      thresholds,
    });
  });

  // ---- Discordance quadrant ----
  if (history.discordance) {
    const qd = dayNumber(history.discordance.date, "discordance.date");
    const q = history.discordance.quadrant;
    const onSteroid = qd >= d0 && qd - d0 < n && pred[qd - d0] > 0;
    const onAdvanced = therapies.find(
      (t) => dayNumber(t.startDate, "startDate") <= qd && (t.endDate === undefined || dayNumber(t.endDate, "endDate") >= qd),
    );
    const treatment = onAdvanced ? onAdvanced.drug : onSteroid ? "systemic steroids" : undefined;
    if (!["concordant-active", "concordant-remission", "refractory-symptoms", "silent-inflammation", "indeterminate"].includes(q)) {
      throw new InputError({
        field: "discordance.quadrant",
        value: q,
        expected: "concordant-active, concordant-remission, refractory-symptoms, silent-inflammation or indeterminate",
      });
    }
    if (q !== "concordant-remission" && q !== "indeterminate") {
      if (!treatment) {
        warnings.push(
          `Discordance quadrant "${q}" on ${history.discordance.date} was not labelled refractory: no treatment was running that day.`,
        );
      } else if (q === "refractory-symptoms") {
        findings.push({
          label: "refractory-symptoms",
          from: history.discordance.date,
          to: history.discordance.date,
          evidence: [
            { date: history.discordance.date, what: `discordance quadrant: symptoms without objective inflammation, on ${treatment}` },
          ],
          reasons: [
            `Symptoms persist on ${treatment} while objective markers show no inflammation: the symptoms are refractory, not the inflammation.`,
            "Escalating immunosuppression would treat nothing: look for IBS-type symptoms, bile acid diarrhoea, SIBO or a stricture instead.",
          ],
          thresholds,
        });
      } else {
        findings.push({
          label: "refractory-inflammation",
          from: history.discordance.date,
          to: history.discordance.date,
          evidence: [
            {
              date: history.discordance.date,
              what: `discordance quadrant: ${q === "silent-inflammation" ? "objective inflammation without symptoms" : "symptoms and objective inflammation"}, on ${treatment}`,
            },
          ],
          reasons: [
            `Objective inflammation persists on ${treatment}${q === "silent-inflammation" ? " although the patient feels well (silent inflammation)" : ""}.`,
            "Untreated mucosal inflammation leads to strictures, fistulas and surgery: it needs treating whatever the symptoms.",
          ],
          thresholds,
        });
      }
    }
  }

  // ---- Strictures ----
  const strict = (history.strictures ?? [])
    .map((f, i) => ({ f, day: dayNumber(f.date, `strictures[${i}].date`) }))
    .sort((a, b) => a.day - b.day);
  const lastStricture = strict[strict.length - 1];
  if (lastStricture && lastStricture.f.nature !== "inflammatory" && lastStricture.f.obstructiveSymptoms) {
    const f = lastStricture.f;
    const lastActivity = [...known].reverse().find((x) => x.day <= lastStricture.day);
    findings.push({
      label: "fibrostenotic-obstruction",
      from: f.date,
      to: f.date,
      evidence: [
        {
          date: f.date,
          what: `${f.nature} stricture with obstructive symptoms${f.luminalDiameterMm !== undefined ? `, lumen ${f.luminalDiameterMm} mm` : ""}${f.prestenoticDilatation ? ", pre-stenotic dilatation" : ""}`,
        },
        ...(lastActivity ? [{ date: lastActivity.a.date, what: `latest objective activity: ${lastActivity.v.description}` }] : []),
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
      thresholds,
    });
  }

  // ---- Missing objective data overall ----
  if ((steroids.length || therapies.length) && !known.length && !findings.length) {
    findings.push(
      notAssessable(
        "objective-data-missing",
        undefined,
        history.asOf,
        history.asOf,
        [],
        [
          "The history has treatment courses but no objective assessment (endoscopy, calprotectin or CRP): refractoriness is defined by objective criteria and cannot be assessed.",
        ],
        thresholds,
      ),
    );
  }

  // ---- Mimic gate ----
  const gated: RefractoryFinding[] = findings.map((f) => {
    if (history.mimicsExcluded === true || !MIMIC_GATED.has(f.label)) return f;
    const what = history.mimicsExcluded === false ? "a mimic has not been excluded" : "the mimic workup is not recorded";
    return {
      ...f,
      label: "not-yet-assessable",
      notAssessableReason: "mimics-not-excluded",
      pendingLabel: f.label,
      reasons: [
        `The criteria for ${f.label} are met, but ${what}${history.mimicNote ? ` (${history.mimicNote})` : ""}: exclude C. difficile toxin, CMV on biopsy, bile acid diarrhoea and SIBO before calling the disease refractory.`,
        ...f.reasons,
      ],
    };
  });
  if (history.mimicsExcluded !== true) {
    for (const f of gated)
      if (f.label === "refractory-symptoms") f.reasons.push("The mimic workup is incomplete: it is the first step for these symptoms.");
  }

  const labels = REFRACTORY_LABELS.filter((l) => gated.some((f) => f.label === l));
  return { patientId: history.patientId, asOf: history.asOf, labels, findings: gated, warnings };
}

function notAssessable(
  reason: NotAssessableReason,
  pending: RefractoryLabel | undefined,
  from: string,
  to: string,
  evidence: EvidenceItem[],
  reasons: string[],
  thresholds: Record<string, number | string>,
  drug?: AdvancedDrug,
): RefractoryFinding {
  return { label: "not-yet-assessable", notAssessableReason: reason, pendingLabel: pending, drug, from, to, evidence, reasons, thresholds };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
