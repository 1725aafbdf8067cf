/**
 * The cohort entry points of src/refractory, kept for existing callers: each is the record-based
 * function applied to `patientRecords(cohort)` (src/records, the one join of the cohort tables;
 * issue 13), so no table is read here. The rules and assumptions are stated with the record-based
 * functions: {@link treatmentHistories} (src/refractory/histories.ts), {@link mimicGate} and
 * {@link pathwayScores}.
 *
 * Note: `patientRecords` refuses a row of another table whose patient is not in patients.csv
 * (possible only when the cohort was loaded with `checkPatients: false`), so these wrappers do too.
 */
import type { CohortLoadAll } from "../cohort/load";
import { patientRecords } from "../records/build";
import { type HistoryAdapterOptions, treatmentHistories } from "./histories";
import { type MimicGateOptions, mimicGate } from "./mimic-gate";
import { pathwayScores } from "./pathway-scores";
import type { TreatmentHistory } from "./types";

export { discordanceFromModule, type HistoryAdapterOptions, taperSegments } from "./histories";

type Column = Float64Array | ArrayLike<string | null>;
/** The part of a loaded cohort the adapters read (through `patientRecords`): tables of named columns. */
export interface CohortTablesLike {
  data: Partial<Record<string, { nRows: number; columns: Record<string, Column> } | undefined>>;
}

const records = (cohort: CohortTablesLike) => patientRecords(cohort as Pick<CohortLoadAll, "data">);

/**
 * One {@link TreatmentHistory} per patient of a loaded cohort: `treatmentHistories(patientRecords(cohort), options)`.
 * @throws InputError when the cohort is not a loaded cohort (no patients table, a malformed table) or an option is malformed.
 * @example historiesFromCohort(loadCohort("data/uc"))[0].patientId // "UC001"
 */
export function historiesFromCohort(cohort: CohortTablesLike, options: HistoryAdapterOptions = {}): TreatmentHistory[] {
  return treatmentHistories(records(cohort), options);
}

/**
 * Baseline pathway scores per patient of a loaded cohort: `pathwayScores(patientRecords(cohort))`.
 * @example
 * const scores = pathwayScoresFromCohort(loadCohort("data/uc"));
 * scores.get("UC001") // { date: "2023-07-31" }
 * scores.get("UC001").tnf // -0.69
 */
export function pathwayScoresFromCohort(cohort: CohortTablesLike): Map<string, { date: string; tnf: number; il23: number }> {
  return pathwayScores(records(cohort));
}

/**
 * The src/mimics gate for a loaded cohort: `mimicGate(patientRecords(cohort), options)`.
 * Pass the result as `historiesFromCohort(cohort, { mimicsExcluded: gate })`.
 * @example
 * const uc = loadCohort("data/uc");
 * const gate = mimicGateFromCohort(uc, { assumeAdherenceConfirmed: true, assumeNoNsaids: true });
 * historiesFromCohort(uc, { mimicsExcluded: gate })[0].mimicsExcluded // true
 */
export function mimicGateFromCohort(
  cohort: CohortTablesLike,
  options: MimicGateOptions = {},
): (patientId: string, history: TreatmentHistory) => { excluded: boolean; note?: string } {
  return mimicGate(records(cohort), options);
}
