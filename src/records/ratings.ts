/**
 * `repeatedReadings(records)`: the long ratings tables `{ subject, rater, value }` of every measure
 * the cohort reads more than once on one occasion (symptom instruments read twice, endoscopic scores
 * read by two readers, calprotectin on two consecutive stools), ready for `icc` or `repeatability`.
 * A subject is one patient on one occasion (week, or date when there is no week).
 */
import type { LongRating } from "../measurement/ratings";
import { checkRecords } from "./check";
import type { PatientRecord } from "./types";

/** The readings of one measure in long format. */
export interface RepeatedMeasure {
  /** Name for tables, e.g. "hbi (two readings)". */
  measure: string;
  /** Instrument as in the cohort files (`hbi`, `ses_cd`, `calprotectin`). */
  instrument: string;
  source: "visits" | "endoscopy" | "labs";
  unit: string;
  /** "log" for calprotectin (natural log of ug/g: its error is multiplicative). */
  scale: "linear" | "log";
  ratings: LongRating[];
}

/**
 * Every repeated measure of the records, in the order: symptom instruments, endoscopic scores, calprotectin.
 * Calprotectin pairs enter as natural logs, and only when both days are > 0.
 * @throws InputError for a value that is not an array of patient records.
 * @example
 * const [hbi] = repeatedReadings(patientRecords(loadCohort("data/cd")));
 * hbi.instrument // "hbi"
 * hbi.ratings[0] // { rater: 1, value: 16 }: long format, two readings per visit
 * repeatability(hbi.ratings).reliability.value // 0.93: ICC(2,1) of the HBI's two readings
 */
export function repeatedReadings(records: readonly PatientRecord[]): RepeatedMeasure[] {
  checkRecords(records, ["symptoms", "endoscopy", "labs"]);
  const groups = new Map<string, RepeatedMeasure>();
  const group = (key: string, make: () => RepeatedMeasure) => {
    let g = groups.get(key);
    if (!g) {
      g = make();
      groups.set(key, g);
    }
    return g;
  };
  const occasion = (id: string, week: number | null, date: string) => `${id}\u0000${week === null ? date : week}`;
  const lists: [string, "visits" | "endoscopy", "reading" | "reader"][] = [
    ["symptoms", "visits", "reading"],
    ["endoscopy", "endoscopy", "reader"],
  ];
  for (const [field, source, word] of lists) {
    records.forEach((rec) => {
      for (const s of rec[field as "symptoms"]) {
        const g = group(`${source}:${s.instrument}`, () => ({
          measure: `${s.instrument} (two ${word}s)`,
          instrument: s.instrument,
          source,
          unit: "points",
          scale: "linear",
          ratings: [],
        }));
        g.ratings.push({ subject: occasion(rec.patientId, s.week, s.date), rater: s.reading, value: s.score });
      }
    });
  }
  const fc = group("labs:calprotectin", () => ({
    measure: "log calprotectin (two stools)",
    instrument: "calprotectin",
    source: "labs",
    unit: "ln(ug/g)",
    scale: "log",
    ratings: [],
  }));
  records.forEach((rec) => {
    for (const l of rec.labs) {
      if (!(l.calprotectinUgG !== null && l.calprotectinUgG > 0 && l.calprotectinDay2UgG !== null && l.calprotectinDay2UgG > 0)) continue;
      const subject = occasion(rec.patientId, l.week, l.date);
      fc.ratings.push(
        { subject, rater: 1, value: Math.log(l.calprotectinUgG) },
        { subject, rater: 2, value: Math.log(l.calprotectinDay2UgG) },
      );
    }
  });
  // A measure is repeated when some occasion has two readings.
  return [...groups.values()].filter((g) => {
    const n = new Map<string | number, number>();
    for (const r of g.ratings) n.set(r.subject, (n.get(r.subject) ?? 0) + 1);
    return [...n.values()].some((k) => k >= 2);
  });
}
