/**
 * `loadCohort(dir)`: every table of a cohort folder (data/uc, data/cd, or an
 * analyst's export with the same file names), each with its load report.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { type CohortTable, type LoadReport, type ReadCohortOptions, readCohortCsv } from "./read";
import { COHORT_TABLE_NAMES, type CohortTableName } from "./schema";

/** Options of {@link loadCohort}: those of readCohortCsv (except `patients`, taken from the folder), per table or for all. */
export interface LoadCohortOptions extends Omit<ReadCohortOptions, "patients"> {
  /** Per-table options (e.g. `{ labs: { units: { albumin: "g/L" } } }`), merged over the common ones. */
  tables?: Partial<Record<CohortTableName, Omit<ReadCohortOptions, "patients">>>;
  /** Check every table's patient_id against patients.csv. Default: true. */
  checkPatients?: boolean;
}

/** Result of {@link loadCohort}: tables and reports keyed by table name; tables without a file are listed in `missing`. */
export interface CohortLoadAll {
  data: Partial<Record<CohortTableName, CohortTable>>;
  report: Partial<Record<CohortTableName, LoadReport>>;
  missing: CohortTableName[];
}

/**
 * Loads `<dir>/<table>.csv` for every cohort table present, patients first, and
 * rejects rows of other tables whose patient is not in patients.csv. Each file is read by
 * {@link readCohortCsv} (regular files only, at most `maxFileBytes`; see its options).
 *
 * @throws InputError when the folder has no patients.csv (needed to check the other tables) and `checkPatients` is not false,
 *   or when a table's file cannot be read (e.g. it is a FIFO or a device, or too large).
 * @example
 * const uc = loadCohort("data/uc");
 * uc.missing; // []
 * uc.report.labs.rowsAccepted; // 1600
 * uc.report.labs.rejectedCount; // 0
 * uc.data.labs.columns.calprotectin_ug_g[0]; // 503 (ug/g, a Float64Array column)
 */
export function loadCohort(dir: string, options: LoadCohortOptions = {}): CohortLoadAll {
  if (typeof dir !== "string" || dir === "")
    throw new InputError({ field: "dir", value: dir, expected: "a folder path (a non-empty string)" });
  if (options === null || typeof options !== "object" || Array.isArray(options))
    throw new InputError({ field: "options", value: options, expected: "an options object" });
  if (options.tables !== undefined && (options.tables === null || typeof options.tables !== "object"))
    throw new InputError({ field: "options.tables", value: options.tables, expected: "an object of table name -> options" });
  const { tables: perTable, checkPatients = true, ...common } = options;
  const out: CohortLoadAll = { data: {}, report: {}, missing: [] };
  const patientsPath = join(dir, "patients.csv");
  if (checkPatients && !existsSync(patientsPath)) {
    throw new InputError(
      { field: "dir", value: dir, expected: "a folder with patients.csv (or checkPatients: false)" },
      "no patients table",
    );
  }
  for (const table of COHORT_TABLE_NAMES) {
    const path = join(dir, `${table}.csv`);
    if (!existsSync(path)) {
      out.missing.push(table);
      continue;
    }
    const opts: ReadCohortOptions = { ...common, ...perTable?.[table] };
    if (table !== "patients" && checkPatients && out.data.patients) opts.patients = out.data.patients;
    const { data, report } = readCohortCsv(path, table, opts);
    out.data[table] = data;
    out.report[table] = report;
  }
  return out;
}
