/**
 * Writes the sample cohorts data/uc/*.csv and data/cd/*.csv from the seeded
 * model in src/cohort/generate.ts (documented in data/README.md). Each cohort is
 * generated once per process and cached, so GENERATED_FILES can ask for one
 * table at a time.
 */
import { type Disease, generateCohort } from "../../src/cohort/generate";
import { COHORT_TABLE_NAMES, type CohortTableName } from "../../src/cohort/schema";

/** Patients per sample cohort. */
export const COHORT_SIZE = 400;

const cache = new Map<Disease, Record<string, string>>();

/** CSV text of one table of one sample cohort. */
export function cohortCsv(disease: Disease, table: CohortTableName): string {
  let files = cache.get(disease);
  if (!files) {
    files = generateCohort(disease, { n: COHORT_SIZE });
    cache.set(disease, files);
  }
  return files[`${table}.csv`];
}

/** Every sample-cohort file as `path in data/ -> generator`. */
export function cohortFiles(): Record<string, () => string> {
  const out: Record<string, () => string> = {};
  for (const disease of ["UC", "CD"] as const) {
    for (const table of COHORT_TABLE_NAMES) out[`${disease.toLowerCase()}/${table}.csv`] = () => cohortCsv(disease, table);
  }
  return out;
}
