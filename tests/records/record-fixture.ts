/**
 * A small hand-built patient record (infliximab in Crohn's disease, three infusions, four levels of which
 * one before the first dose and one below the assay's limit), for the tests of what is built on records.
 */
import type { Administration, DrugLevelRecord, PatientRecord } from "../../src/records/types";

export const adm = (date: string, doseMg: number, route: "IV" | "SC" = "IV", infusionHours: number | null = null): Administration => ({
  date,
  drug: "infliximab",
  doseMg,
  route,
  infusionHours,
});
export const lvl = (date: string, valueUgMl: number | null, over: Partial<DrugLevelRecord> = {}): DrugLevelRecord => ({
  date,
  drug: "infliximab",
  valueUgMl,
  censored: valueUgMl === null ? "below" : null,
  limitUgMl: valueUgMl === null ? 0.4 : null,
  lloqUgMl: 0.4,
  ada: { assay: null, levelUMl: null, thresholdUMl: null, result: "negative" },
  ...over,
});
export function record(over: Partial<PatientRecord> = {}): PatientRecord {
  return {
    patientId: "P1",
    disease: "CD",
    sex: "F",
    ageYears: 30,
    weightKg: 60,
    heightCm: 160,
    diagnosisDate: null,
    baselineDate: "2024-01-01",
    extent: null,
    behavior: null,
    ilealResection: null,
    smoker: null,
    immunomodulator: true,
    firstBiologic: "infliximab",
    teachingCase: null,
    covariates: {
      weightKg: [{ date: "2024-01-01", value: 60 }],
      albuminGdl: [
        { date: "2023-12-20", value: 3.0 },
        { date: "2023-12-30", value: 3.2 },
        { date: "2024-03-01", value: 4.0 },
      ],
      crpMgL: [{ date: "2024-01-10", value: 20 }],
      calprotectinUgG: [],
    },
    labs: [],
    administrations: [adm("2024-01-01", 300, "IV", 2.5), adm("2024-01-15", 300), adm("2024-02-12", 300)],
    drugLevels: [lvl("2023-12-31", 0.0), lvl("2024-01-15", 18), lvl("2024-02-01", 9), lvl("2024-02-12", null)],
    treatments: [],
    symptoms: [],
    endoscopy: [],
    strictures: [],
    infectionTests: [],
    geneExpression: [],
    ...over,
  };
}
