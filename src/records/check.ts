/**
 * The check every function that takes patient records runs on them for untyped callers (pkSubject,
 * discordanceVisits, repeatedReadings here; treatmentHistories, pathwayScores and mimicGate in
 * src/refractory): an array of patient records (from `patientRecords`), each with a patientId and
 * the lists the function reads, every element an object whose dates are real ISO dates and whose
 * numbers are finite. An InputError names the record, list, index and field
 * (`records[2].treatments[0].startDate`).
 *
 * Missing values in a record are null; an untyped caller's undefined is read as null.
 */

import { dayNumber } from "../core/dates";
import { InputError } from "../core/errors";
import type { PatientRecord } from "./types";

/** The lists of a record the adapters read. */
export type RecordList =
  | "treatments"
  | "endoscopy"
  | "labs"
  | "symptoms"
  | "drugLevels"
  | "infectionTests"
  | "strictures"
  | "geneExpression"
  | "administrations"
  | "covariates";

interface ElementSpec {
  dates?: readonly string[];
  optionalDates?: readonly string[];
  strings?: readonly string[];
  optionalStrings?: readonly string[];
  numbers?: readonly string[];
  optionalNumbers?: readonly string[];
}

const SCORE: ElementSpec = { dates: ["date"], strings: ["instrument"], numbers: ["score"] };
const ELEMENTS: Record<RecordList, ElementSpec> = {
  treatments: {
    dates: ["startDate"],
    optionalDates: ["stopDate"],
    strings: ["drug"],
    optionalStrings: ["drugClass", "route", "schedule", "stopReason"],
    optionalNumbers: ["doseMg", "lowestDoseMg"],
  },
  endoscopy: SCORE,
  symptoms: SCORE,
  labs: { dates: ["date"], optionalNumbers: ["calprotectinUgG", "crpMgL"] },
  drugLevels: { dates: ["date"], strings: ["drug"], optionalNumbers: ["valueUgMl"] },
  infectionTests: { dates: ["date"], strings: ["test", "result"], optionalNumbers: ["sehcatRetentionPct"] },
  strictures: { dates: ["date"], numbers: ["minDiameterMm"], optionalStrings: ["type"], optionalNumbers: ["prestenoticDilationMm"] },
  geneExpression: { dates: ["date"], strings: ["gene"], numbers: ["log2Expression"] },
  administrations: { dates: ["date"], strings: ["drug", "route"], numbers: ["doseMg"], optionalNumbers: ["infusionHours"] },
  covariates: {},
};
const DATED: ElementSpec = { dates: ["date"], numbers: ["value"] };
const ADA: ElementSpec = { optionalStrings: ["assay", "result"], optionalNumbers: ["levelUMl", "thresholdUMl"] };
const RECORD: ElementSpec = { strings: ["patientId"], optionalDates: ["baselineDate"], optionalNumbers: ["weightKg"] };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function checkFields(o: Record<string, unknown>, spec: ElementSpec, at: string): void {
  for (const k of spec.dates ?? []) dayNumber(o[k], `${at}.${k}`);
  for (const k of spec.optionalDates ?? []) if (o[k] !== null && o[k] !== undefined) dayNumber(o[k], `${at}.${k}`);
  for (const k of spec.strings ?? [])
    if (typeof o[k] !== "string" || o[k] === "") throw new InputError({ field: `${at}.${k}`, value: o[k], expected: "a non-empty string" });
  for (const k of spec.optionalStrings ?? [])
    if (o[k] !== null && o[k] !== undefined && typeof o[k] !== "string")
      throw new InputError({ field: `${at}.${k}`, value: o[k], expected: "a string or null" });
  for (const k of spec.numbers ?? [])
    if (typeof o[k] !== "number" || !Number.isFinite(o[k]))
      throw new InputError({ field: `${at}.${k}`, value: o[k], expected: "a finite number" });
  for (const k of spec.optionalNumbers ?? [])
    if (o[k] !== null && o[k] !== undefined && (typeof o[k] !== "number" || !Number.isFinite(o[k])))
      throw new InputError({ field: `${at}.${k}`, value: o[k], expected: "a finite number or null" });
}

/**
 * Checks `records` (an array of patient records) and, in each, the lists named.
 * @throws InputError naming the record, list, index and field.
 */
export function checkRecords(records: unknown, lists: readonly RecordList[], field = "records"): readonly PatientRecord[] {
  if (!Array.isArray(records))
    throw new InputError({ field, value: records, expected: "an array of patient records (from patientRecords)" });
  records.forEach((rec: unknown, i) => {
    checkRecord(rec, lists, `${field}[${i}]`);
  });
  return records as readonly PatientRecord[];
}

/**
 * Checks one patient record and the lists named (`covariates`: its dated series).
 * @throws InputError naming the record, list, index and field.
 */
export function checkRecord(rec: unknown, lists: readonly RecordList[], at = "record"): PatientRecord {
  if (!isObject(rec)) throw new InputError({ field: at, value: rec, expected: "a patient record (from patientRecords)" });
  checkFields(rec, RECORD, at);
  if (rec.disease !== "UC" && rec.disease !== "CD" && rec.disease !== "IBDU")
    throw new InputError({ field: `${at}.disease`, value: rec.disease, expected: '"UC", "CD" or "IBDU"' });
  for (const k of ["ilealResection", "immunomodulator"] as const)
    if (rec[k] !== null && rec[k] !== undefined && typeof rec[k] !== "boolean")
      throw new InputError({ field: `${at}.${k}`, value: rec[k], expected: "true, false or null" });
  for (const list of lists) {
    if (list === "covariates") {
      const c = rec.covariates;
      if (!isObject(c)) throw new InputError({ field: `${at}.covariates`, value: c, expected: "the record's dated covariate series" });
      for (const name of ["albuminGdl", "crpMgL", "calprotectinUgG"]) {
        const xs = c[name];
        if (!Array.isArray(xs))
          throw new InputError({ field: `${at}.covariates.${name}`, value: xs, expected: "an array (possibly empty)" });
        xs.forEach((x: unknown, j) => {
          const el = `${at}.covariates.${name}[${j}]`;
          if (!isObject(x)) throw new InputError({ field: el, value: x, expected: "{ date, value }" });
          checkFields(x, DATED, el);
        });
      }
      continue;
    }
    const xs = rec[list];
    if (!Array.isArray(xs)) throw new InputError({ field: `${at}.${list}`, value: xs, expected: "an array (possibly empty)" });
    xs.forEach((x: unknown, j) => {
      const el = `${at}.${list}[${j}]`;
      if (!isObject(x)) throw new InputError({ field: el, value: x, expected: "an object" });
      checkFields(x, ELEMENTS[list], el);
      if (list === "administrations" && x.route !== "IV" && x.route !== "SC")
        throw new InputError({ field: `${el}.route`, value: x.route, expected: '"IV" or "SC"' });
      if (list === "drugLevels" && x.censored !== null && x.censored !== undefined) {
        if (x.censored !== "below" && x.censored !== "above")
          throw new InputError({ field: `${el}.censored`, value: x.censored, expected: '"below", "above" or null' });
        if (typeof x.limitUgMl !== "number" || !(x.limitUgMl > 0))
          throw new InputError({
            field: `${el}.limitUgMl`,
            value: x.limitUgMl,
            expected: "the assay limit of a censored level, a number > 0",
          });
      }
      if (list === "drugLevels" && x.ada !== null && x.ada !== undefined) {
        if (!isObject(x.ada)) throw new InputError({ field: `${el}.ada`, value: x.ada, expected: "an anti-drug antibody reading or null" });
        checkFields(x.ada, ADA, `${el}.ada`);
      }
    });
  }
  return rec as unknown as PatientRecord;
}

/** A copy of `xs` in date order (stable: equal dates keep their order). Records from patientRecords are already in this order. */
export function byDate<T>(xs: readonly T[], date: (x: T) => string): T[] {
  return [...xs].sort((a, b) => {
    const da = date(a);
    const db = date(b);
    return da < db ? -1 : da > db ? 1 : 0;
  });
}
