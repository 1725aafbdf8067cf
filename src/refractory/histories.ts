/**
 * `treatmentHistories(records)`: one {@link TreatmentHistory} per patient record (src/records
 * `PatientRecord`, from `patientRecords(cohort)`, the one join of the cohort tables; issue 13).
 * It reads only the record's fields, never the tables.
 *
 * Rules and assumptions, each stated where used:
 * - Disease: a CD record is Crohn's disease; UC and IBDU records are read as ulcerative colitis.
 * - Steroids (prednisone, prednisolone, methylprednisolone, hydrocortisone, budesonide): route
 *   "IV" -> iv, "rectal" -> rectal, anything else -> oral. A course whose schedule says "taper"
 *   (start dose `doseMg`, lowest dose `lowestDoseMg`) is expanded to a taper: the start dose for
 *   the first 14 days (or the whole course if shorter), then 5 mg steps spread evenly to the lowest
 *   dose (a typical prednisolone 40 mg taper, e.g. BSG 2019, Lamb et al. Gut 68:s1); see
 *   {@link taperSegments}. Other courses are one segment at `doseMg` (0 when missing). Segments at
 *   0 mg/day are dropped. A course without a stop date ends on its start day for the taper.
 * - `stopReason` becomes `recordedOutcome` of the course's last segment (no_response,
 *   relapse_on_taper, relapse_after_stop, taper_complete); a relapse after stopping is dated at the
 *   next treatment start after the course's end (a later steroid course or any advanced therapy).
 * - Advanced therapies (drugs of src/drugs DRUG_CLASS): rows of the same drug less than 70 days
 *   apart (next start minus previous stop) are one course, which takes the later stop date.
 * - Objective assessments, one per date: endoscopy is the mean of the readers' scores of the
 *   disease's instrument (Mayo endoscopic subscore for UC, SES-CD for CD); calprotectin and CRP from
 *   the labs of that date (the last sample of the date when there are several).
 * - Symptoms: HBI for CD (remission <= 4; Best 2006) and, for UC, the Mayo stool + bleeding
 *   subscores (value = stool + bleeding; remission: stool <= 1 and bleeding 0), each averaged over
 *   repeated readings of the date; UC dates need both subscores.
 * - Drug levels: troughs of advanced therapies; a censored level (`<0.4`, `>45`: outside the assay's
 *   range) is kept as censored, with its limit in `levelUgMl` (an undetectable trough is the most
 *   telling TDM finding, never dropped).
 *   ADA: a level with the assay's positive threshold (unit "U/mL (assay)"), otherwise the
 *   qualitative result when positive or negative.
 * - Mimics excluded (infections): a C. difficile test (NAAT or toxin) on record, no positive toxin,
 *   no positive NAAT without a toxin test, and no positive CMV immunohistochemistry. Positive SeHCAT
 *   or glucose breath tests explain symptoms, not inflammation, and are quoted in `mimicNote`.
 *   `options.mimicsExcluded` (e.g. {@link mimicGate}, which runs src/mimics) overrides the verdict.
 * - Discordance quadrant: {@link discordanceFromModule} (src/discordance's classifyDiscordance at
 *   the latest symptom score with an objective assessment within 14 days) unless
 *   `options.discordance` is given.
 * - Strictures: a record has no symptom field for strictures; obstructive symptoms are proxied by
 *   pre-stenotic dilatation >= 30 mm (the > 3 cm criterion of the CONSTRICT consensus, Rieder 2018
 *   Gastroenterology 155:1170, *unverified* page); type fibrotic or mixed as recorded, anything
 *   else inflammatory; luminal diameter from the minimum diameter.
 * - asOf: `options.asOf`, else the latest date among treatment starts and stops, endoscopies of
 *   the disease's instrument, labs, symptom readings, drug levels, infection tests and stricture
 *   assessments; else the baseline date; else 1970-01-01. Assessments, symptoms, drug levels and
 *   strictures after asOf are left out (courses are kept as recorded).
 * - Administrations and gene expression are not read (see {@link pathwayScores} for the latter).
 */
import { InputError } from "../core/errors";
import { assertObject, optionsObject } from "../core/validate";
import { classifyDiscordance, type VisitRecord } from "../discordance/classify";
import { DRUG_CLASS } from "../drugs/classes";
import { byDate, checkRecords, type RecordList } from "../records/check";
import type { PatientRecord } from "../records/types";
import { dayNumber, isoDate } from "./dates";
import type {
  AdvancedDrug,
  AdvancedTherapyCourse,
  DiscordanceQuadrant,
  DrugLevel,
  ObjectiveAssessment,
  SteroidCourse,
  SteroidDrug,
  StrictureFinding,
  SymptomScore,
  TreatmentHistory,
} from "./types";

/** Options of {@link treatmentHistories} (and of its cohort wrapper `historiesFromCohort`). */
export interface HistoryAdapterOptions {
  /** Assessment date for every patient. Default: each patient's latest recorded date. */
  asOf?: string;
  /** Override the mimic verdict (e.g. {@link mimicGate}, which runs src/mimics). Default: the built-in infection rule. */
  mimicsExcluded?: (patientId: string, history: TreatmentHistory) => boolean | { excluded: boolean; note?: string } | undefined;
  /** Override the discordance quadrant. Default: {@link discordanceFromModule} (classifyDiscordance from src/discordance at the latest paired visit). */
  discordance?: (patientId: string, history: TreatmentHistory) => { date: string; quadrant: DiscordanceQuadrant } | undefined;
}

const STEROIDS: readonly SteroidDrug[] = ["prednisone", "prednisolone", "methylprednisolone", "hydrocortisone", "budesonide"];
const isAdvanced = (drug: string): drug is AdvancedDrug => Object.hasOwn(DRUG_CLASS, drug);
const RECORDED_OUTCOME: Readonly<Record<string, NonNullable<SteroidCourse["recordedOutcome"]>>> = {
  no_response: "no-response",
  relapse_on_taper: "relapse-on-taper",
  relapse_after_stop: "relapse-after-stop",
  taper_complete: "taper-complete",
};
/** Days between the stop of one course and the start of the next of the same advanced drug under which they are one course. */
const SAME_COURSE_GAP_DAYS = 70;
/** Pre-stenotic dilatation (mm) taken as obstruction (CONSTRICT > 3 cm; Rieder 2018). */
const PRESTENOTIC_DILATATION_MM = 30;
const HISTORY_LISTS: readonly RecordList[] = ["treatments", "endoscopy", "labs", "symptoms", "drugLevels", "infectionTests", "strictures"];

/**
 * Expands a tapered steroid course to constant-dose segments: the start dose
 * for min(14, length) days, then 5 mg steps evenly spread down to the lowest dose.
 * @example taperSegments("prednisone", 40, 7.5, "2025-01-01", "2025-03-01", "oral").length // 8 (40, 35 ... 10, then 7.5)
 */
export function taperSegments(
  drug: SteroidDrug,
  startDoseMg: number,
  lowestDoseMg: number,
  startDate: string,
  endDate: string,
  route: SteroidCourse["route"],
): SteroidCourse[] {
  const s = dayNumber(startDate, "startDate");
  const e = dayNumber(endDate, "endDate");
  if (e < s) throw new InputError({ field: "endDate", value: endDate, expected: `on or after ${startDate}` });
  const doses: number[] = [startDoseMg];
  for (let d = startDoseMg - 5; d > lowestDoseMg; d -= 5) doses.push(d);
  if (lowestDoseMg > 0 && lowestDoseMg < startDoseMg) doses.push(lowestDoseMg);
  const total = e - s + 1;
  const hold = Math.min(14, total);
  const rest = total - hold;
  const steps = doses.length - 1;
  const segs: SteroidCourse[] = [];
  let cur = s;
  for (let k = 0; k < doses.length; k++) {
    const len = k === 0 ? hold : Math.floor((k * rest) / steps) - Math.floor(((k - 1) * rest) / steps);
    if (len <= 0) continue;
    segs.push({ drug, doseMgPerDay: doses[k], route, startDate: isoDate(cur), endDate: isoDate(cur + len - 1) });
    cur += len;
  }
  if (segs.length) segs[segs.length - 1].endDate = endDate;
  return segs;
}

/**
 * One {@link TreatmentHistory} per patient record, in the records' order, by the rules of this
 * module's header (taper expansion, recorded stop reasons, advanced courses < 70 days apart merged,
 * mean of endoscopy readers, symptom remission rules, infection mimic rule, stricture proxy).
 *
 * @throws InputError when `records` is not an array of patient records (naming the record, list,
 *   index and field), or an option is malformed.
 * @example
 * const records = patientRecords(loadCohort("data/uc"));
 * treatmentHistories(records)[0].patientId // "UC001"
 * treatmentHistories(records).length // 400
 * classifyCohort(treatmentHistories(records), { useRecordedOutcomes: true })[0].next.step // "steroid-sparing advanced therapy"
 */
export function treatmentHistories(records: readonly PatientRecord[], options: HistoryAdapterOptions = {}): TreatmentHistory[] {
  checkRecords(records, HISTORY_LISTS);
  optionsObject(options);
  for (const k of ["mimicsExcluded", "discordance"] as const)
    if (options[k] !== undefined && typeof options[k] !== "function")
      throw new InputError({ field: `options.${k}`, value: options[k], expected: "a function (patientId, history) => ..." });
  if (options.asOf !== undefined) dayNumber(options.asOf, "options.asOf");
  return records.map((rec) => historyOf(rec, options));
}

function historyOf(rec: PatientRecord, options: HistoryAdapterOptions): TreatmentHistory {
  const id = rec.patientId;
  const disease = rec.disease === "CD" ? "CD" : "UC";
  let latest = -Infinity;
  const seen = <T extends string | undefined>(d: T): T => {
    if (d !== undefined) latest = Math.max(latest, dayNumber(d, "date"));
    return d;
  };
  const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

  // Treatments.
  const rows = byDate(rec.treatments, (t) => t.startDate).map((t) => ({
    drug: t.drug,
    start: seen(t.startDate),
    stop: seen(opt(t.stopDate)),
    route: (t.route ?? "").toLowerCase(),
    dose: opt(t.doseMg),
    lowest: opt(t.lowestDoseMg),
    schedule: t.schedule ?? "",
    reason: opt(t.stopReason),
  }));
  const advancedStarts = rows.filter((r) => isAdvanced(r.drug)).map((r) => r.start);
  const steroidRows = rows.filter((r) => (STEROIDS as readonly string[]).includes(r.drug));
  const steroids: SteroidCourse[] = [];
  steroidRows.forEach((r, k) => {
    const drug = r.drug as SteroidDrug;
    const route: SteroidCourse["route"] = r.route === "iv" ? "iv" : r.route === "rectal" ? "rectal" : "oral";
    const end = r.stop ?? r.start;
    const segs =
      /taper/i.test(r.schedule) && r.lowest !== undefined && r.dose !== undefined
        ? taperSegments(drug, r.dose, r.lowest, r.start, end, route)
        : [{ drug, doseMgPerDay: r.dose ?? 0, route, startDate: r.start, endDate: r.stop }];
    const outcome = r.reason !== undefined && Object.hasOwn(RECORDED_OUTCOME, r.reason) ? RECORDED_OUTCOME[r.reason] : undefined;
    if (outcome) {
      const last = segs[segs.length - 1];
      last.recordedOutcome = outcome;
      if (outcome === "relapse-after-stop") {
        const next = [...steroidRows.slice(k + 1).map((x) => x.start), ...advancedStarts].filter((d) => d > end).sort()[0];
        if (next) last.outcomeDate = next;
      }
    }
    steroids.push(...segs.filter((x) => x.doseMgPerDay > 0));
  });

  const advancedTherapies: AdvancedTherapyCourse[] = [];
  for (const r of rows) {
    if (!isAdvanced(r.drug)) continue;
    const prev = advancedTherapies[advancedTherapies.length - 1];
    if (
      prev &&
      prev.drug === r.drug &&
      prev.endDate !== undefined &&
      dayNumber(r.start, "start") - dayNumber(prev.endDate, "end") < SAME_COURSE_GAP_DAYS
    ) {
      prev.endDate = r.stop;
      continue;
    }
    advancedTherapies.push({ drug: r.drug, startDate: r.start, endDate: r.stop, doseMg: r.dose });
  }

  // Objective assessments: endoscopy (mean of readers) and labs, merged by date.
  const byDay = new Map<string, ObjectiveAssessment>();
  const get = (d: string) => {
    const a = byDay.get(d) ?? { date: d };
    byDay.set(d, a);
    return a;
  };
  const wantInstr = disease === "CD" ? "ses_cd" : "mayo_endoscopic";
  const endoAcc = new Map<string, number[]>();
  for (const e of rec.endoscopy) {
    if (e.instrument !== wantInstr) continue;
    seen(e.date);
    endoAcc.set(e.date, [...(endoAcc.get(e.date) ?? []), e.score]);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const [d, vs] of endoAcc) get(d).endoscopy = { instrument: disease === "CD" ? "SES-CD" : "Mayo", score: mean(vs) };
  for (const l of byDate(rec.labs, (x) => x.date)) {
    seen(l.date);
    if (typeof l.calprotectinUgG === "number") get(l.date).calprotectinUgG = l.calprotectinUgG;
    if (typeof l.crpMgL === "number") get(l.date).crpMgL = l.crpMgL;
  }
  const assessments = [...byDay.values()].sort((a, b) => a.date.localeCompare(b.date));

  // Symptoms.
  const symAcc = new Map<string, { hbi: number[]; sf: number[]; rb: number[] }>();
  for (const s of rec.symptoms) {
    seen(s.date);
    const acc = symAcc.get(s.date) ?? { hbi: [], sf: [], rb: [] };
    if (s.instrument === "hbi") acc.hbi.push(s.score);
    if (s.instrument === "mayo_stool_frequency") acc.sf.push(s.score);
    if (s.instrument === "mayo_rectal_bleeding") acc.rb.push(s.score);
    symAcc.set(s.date, acc);
  }
  const symptoms: SymptomScore[] = [];
  for (const [d, a] of [...symAcc].sort((x, y) => x[0].localeCompare(y[0]))) {
    if (disease === "CD" && a.hbi.length) symptoms.push({ date: d, instrument: "HBI", value: mean(a.hbi), remission: mean(a.hbi) <= 4 });
    if (disease === "UC" && a.sf.length && a.rb.length) {
      const sf = mean(a.sf);
      const rb = mean(a.rb);
      symptoms.push({ date: d, instrument: "Mayo stool + bleeding", value: sf + rb, remission: sf <= 1 && rb === 0 });
    }
  }

  // Drug levels (measured troughs of advanced therapies).
  const drugLevels: DrugLevel[] = [];
  for (const l of byDate(rec.drugLevels, (x) => x.date)) {
    seen(l.date);
    const censored = l.censored === "below" || l.censored === "above" ? l.censored : undefined;
    const value = censored ? l.limitUgMl : l.valueUgMl;
    if (!isAdvanced(l.drug) || typeof value !== "number") continue;
    const titre = opt(l.ada?.levelUMl);
    const thr = opt(l.ada?.thresholdUMl);
    const res = l.ada?.result;
    const ada =
      titre !== undefined && thr !== undefined && thr > 0
        ? { titre, highThreshold: thr, unit: `U/mL (${l.ada?.assay || "assay"})` }
        : res === "positive" || res === "negative"
          ? { positive: res === "positive" }
          : undefined;
    const level: DrugLevel = { date: l.date, drug: l.drug, levelUgMl: value, timing: "trough", ada };
    if (censored) level.censored = censored;
    drugLevels.push(level);
  }

  // Mimics (infections).
  const tests = rec.infectionTests.map((t) => ({ test: t.test, result: t.result, date: seen(t.date) }));
  const cdiffTested = tests.some((t) => t.test === "cdiff_naat" || t.test === "cdiff_toxin");
  const toxinPos = tests.some((t) => t.test === "cdiff_toxin" && t.result === "positive");
  const naatPosNoToxin =
    tests.some((t) => t.test === "cdiff_naat" && t.result === "positive") && !tests.some((t) => t.test === "cdiff_toxin");
  const cmvPos = tests.some((t) => t.test === "cmv_ihc" && t.result === "positive");
  const notes: string[] = [];
  if (!cdiffTested) notes.push("no C. difficile test on record");
  if (toxinPos) notes.push("C. difficile toxin positive");
  if (naatPosNoToxin) notes.push("C. difficile NAAT positive without a toxin test");
  if (cmvPos) notes.push("CMV positive on immunohistochemistry");
  if (tests.some((t) => t.test === "sehcat" && t.result === "positive")) notes.push("SeHCAT positive (bile acid diarrhoea)");
  if (tests.some((t) => t.test === "glucose_breath_test" && t.result === "positive")) notes.push("glucose breath test positive (SIBO)");
  const infectionExcluded = cdiffTested && !toxinPos && !naatPosNoToxin && !cmvPos;

  // Strictures.
  const strictures: StrictureFinding[] = rec.strictures.map((s) => {
    const dil = opt(s.prestenoticDilationMm);
    const obstructed = dil !== undefined && dil >= PRESTENOTIC_DILATATION_MM;
    return {
      date: seen(s.date),
      nature: s.type === "fibrotic" || s.type === "mixed" ? s.type : "inflammatory",
      obstructiveSymptoms: obstructed,
      luminalDiameterMm: s.minDiameterMm,
      prestenoticDilatation: obstructed,
    };
  });

  const asOf = options.asOf ?? (Number.isFinite(latest) ? isoDate(latest) : (opt(rec.baselineDate) ?? "1970-01-01"));
  const weightKg = opt(rec.weightKg);
  const h: TreatmentHistory = {
    patientId: id,
    asOf,
    disease,
    ...(weightKg !== undefined ? { weightKg } : {}),
    steroids,
    advancedTherapies,
    assessments: assessments.filter((a) => a.date <= asOf),
    symptoms: symptoms.filter((s) => s.date <= asOf),
    drugLevels: drugLevels.filter((l) => l.date <= asOf),
    strictures: strictures.filter((s) => s.date <= asOf),
    mimicsExcluded: infectionExcluded,
    mimicNote: notes.length ? notes.join("; ") : undefined,
  };
  if (options.mimicsExcluded) {
    const m = options.mimicsExcluded(id, h);
    if (typeof m === "object" && m !== null) {
      h.mimicsExcluded = m.excluded;
      h.mimicNote = m.note;
    } else h.mimicsExcluded = m;
  }
  h.discordance = (options.discordance ?? discordanceFromModule)(id, h);
  return h;
}

/**
 * Discordance quadrant from src/discordance: the latest symptom score with an
 * objective assessment within 14 days, as a VisitRecord (PRO2-UC = Mayo stool +
 * bleeding subscores; HBI for CD; Mayo endoscopic / SES-CD; calprotectin; CRP)
 * classified by `classifyDiscordance`. Reads only the history (itself built from
 * the patient record by {@link treatmentHistories}); the default of its
 * `options.discordance`.
 * @example
 * const history = {
 *   patientId: "P1", asOf: "2025-03-01",
 *   symptoms: [{ date: "2025-02-01", instrument: "HBI", value: 9, remission: false }],
 *   assessments: [{ date: "2025-02-03", calprotectinUgG: 40 }],
 * };
 * discordanceFromModule("P1", history) // { date: "2025-02-01", quadrant: "refractory-symptoms" }
 */
export function discordanceFromModule(
  _patientId: string,
  h: TreatmentHistory,
): { date: string; quadrant: DiscordanceQuadrant } | undefined {
  assertObject(h, "history");
  for (const k of ["assessments", "symptoms"] as const)
    if (h[k] !== undefined && !Array.isArray(h[k]))
      throw new InputError({ field: `history.${k}`, value: h[k], expected: "an array or absent" });
  for (const [i, s] of (h.symptoms ?? []).entries()) assertObject(s, `history.symptoms[${i}]`);
  for (const [i, a] of (h.assessments ?? []).entries()) assertObject(a, `history.assessments[${i}]`);
  const objective = (h.assessments ?? []).map((a) => ({ day: dayNumber(a.date, "date"), a }));
  const sym = [...(h.symptoms ?? [])].sort((a, b) => b.date.localeCompare(a.date));
  for (const s of sym) {
    const d = dayNumber(s.date, "date");
    const near = objective.filter((x) => Math.abs(x.day - d) <= 14).sort((a, b) => Math.abs(a.day - d) - Math.abs(b.day - d))[0];
    if (!near) continue;
    const record: VisitRecord = { patientId: h.patientId, visitDate: s.date };
    if (s.instrument === "HBI") record.hbi = s.value;
    else if (s.instrument === "Mayo stool + bleeding") record.pro2Uc = s.value;
    else continue;
    const e = near.a.endoscopy;
    if (e?.instrument === "Mayo") record.mayoEndoscopic = Math.round(e.score);
    if (e?.instrument === "SES-CD") record.sesCd = Math.round(e.score);
    if (e?.instrument === "UCEIS") record.uceis = Math.round(e.score);
    if (near.a.calprotectinUgG !== undefined) record.calprotectinUgG = near.a.calprotectinUgG;
    if (near.a.crpMgL !== undefined) record.crpMgL = near.a.crpMgL;
    const call = classifyDiscordance(record);
    return { date: s.date, quadrant: call.quadrant };
  }
  return undefined;
}
