/**
 * `discordanceVisits(records)`: one visit record per patient and week for src/discordance's
 * `classifyDiscordance`, from the patient records: the first reading of each symptom instrument
 * and the first reader of each endoscopic score under the instrument's id (`hbi`, `pro2Cd`, `sesCd`,
 * `mayoEndoscopic`, ...), the second in `<id>Repeat`; calprotectin of day 1 and day 2 and CRP of the
 * same week; for UC the PRO2 (Mayo stool + bleeding subscores) when both are read.
 */
import { InputError } from "../core/errors";
import type { VisitRecord } from "../discordance/classify";
import type { PatientRecord } from "./types";

/** A patient-visit: instrument values keyed by instrument id, plus patient, week and date. */
export type DiscordanceVisit = VisitRecord &
  Record<string, number | string | null | undefined> & { patientId: string; week: number | null };

/** Instrument ids of the cohort's symptom instruments (visits.csv `instrument`). */
export const SYMPTOM_INSTRUMENT_IDS: Readonly<Record<string, string>> = {
  hbi: "hbi",
  pro2: "pro2Cd",
  mayo_stool_frequency: "sf",
  mayo_rectal_bleeding: "rb",
  cdai: "cdai",
  sccai: "sccai",
};
/** Instrument ids of the cohort's endoscopic scores (endoscopy.csv `instrument`). */
export const ENDOSCOPY_INSTRUMENT_IDS: Readonly<Record<string, string>> = {
  ses_cd: "sesCd",
  mayo_endoscopic: "mayoEndoscopic",
  uceis: "uceis",
  cdeis: "cdeis",
  rutgeerts: "rutgeerts",
};

/**
 * One record per patient and week (a reading without a week is keyed by its date), in patient order then time.
 * @throws InputError for a value that is not an array of patient records.
 * @example
 * const visits = discordanceVisits(patientRecords(loadCohort("data/cd")));
 * visits[0] // { patientId: "CD001", week: 0, hbi: 16, sesCd: 19, calprotectinUgG: 194 }
 * classifyDiscordance(visits).calls[0].quadrant // "concordant-active"
 */
export function discordanceVisits(records: readonly PatientRecord[]): DiscordanceVisit[] {
  if (!Array.isArray(records))
    throw new InputError({ field: "records", value: records, expected: "patient records (from patientRecords)" });
  const out: DiscordanceVisit[] = [];
  records.forEach((rec, i) => {
    if (
      rec === null ||
      typeof rec !== "object" ||
      !Array.isArray(rec.symptoms) ||
      !Array.isArray(rec.endoscopy) ||
      !Array.isArray(rec.labs)
    )
      throw new InputError({ field: `records[${i}]`, value: rec, expected: "a patient record (from patientRecords)" });
    const rows = new Map<string, DiscordanceVisit>();
    const get = (week: number | null, date: string): DiscordanceVisit => {
      const k = week === null ? `d${date}` : `w${week}`;
      let r = rows.get(k);
      if (!r) {
        r = { patientId: rec.patientId, week, visitDate: date };
        rows.set(k, r);
      }
      return r;
    };
    for (const s of rec.symptoms) {
      const name = SYMPTOM_INSTRUMENT_IDS[s.instrument];
      if (!name || (s.reading !== 1 && s.reading !== 2)) continue;
      get(s.week, s.date)[name + (s.reading === 1 ? "" : "Repeat")] = s.score;
    }
    for (const e of rec.endoscopy) {
      const name = ENDOSCOPY_INSTRUMENT_IDS[e.instrument];
      if (!name || (e.reading !== 1 && e.reading !== 2)) continue;
      get(e.week, e.date)[name + (e.reading === 1 ? "" : "Repeat")] = e.score;
    }
    for (const l of rec.labs) {
      const r = get(l.week, l.date);
      if (l.calprotectinUgG !== null) r.calprotectinUgG = l.calprotectinUgG;
      if (l.calprotectinDay2UgG !== null) r.calprotectinUgGRepeat = l.calprotectinDay2UgG;
      if (l.crpMgL !== null) r.crpMgL = l.crpMgL;
    }
    const list = [...rows.values()].sort((a, b) => (a.visitDate ?? "").localeCompare(b.visitDate ?? ""));
    for (const r of list) {
      if (typeof r.sf === "number" && typeof r.rb === "number") r.pro2Uc = r.sf + r.rb;
      if (typeof r.sfRepeat === "number" && typeof r.rbRepeat === "number") r.pro2UcRepeat = r.sfRepeat + r.rbRepeat;
      out.push(r);
    }
  });
  return out;
}
