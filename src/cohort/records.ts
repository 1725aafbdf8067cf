/**
 * `tableRecords(table)`: the rows of a loaded cohort table as plain objects,
 * for notebook code that filters and maps a few hundred rows (compute on
 * `table.columns` when there are many). Numbers and flags stay numbers, dates
 * become ISO strings, missing values become null: the same values as the
 * danfojs `frame`, without building it.
 */

import { InputError } from "../core/errors";
import type { CohortTable } from "./read";
import { isoDate } from "./read";

/** One row of a cohort table: column name -> number, text, ISO date or null. */
export type CohortRecord = Record<string, string | number | null>;

/**
 * Checks, for untyped callers, that a value is a loaded cohort table: `nRows`,
 * and `columns` each a Float64Array or an array of text with at least `nRows`
 * entries (and `types` when asked). Internal: shared by {@link tableRecords}
 * and the refractory cohort adapters.
 */
export function assertLoadedTable(value: unknown, field: string, options: { types?: boolean } = {}): void {
  const t = value as Partial<CohortTable> | null;
  if (
    t === null ||
    typeof t !== "object" ||
    !Number.isInteger(t.nRows) ||
    (t.nRows as number) < 0 ||
    t.columns === null ||
    typeof t.columns !== "object" ||
    (options.types && (t.types === null || typeof t.types !== "object"))
  )
    throw new InputError({
      field,
      value,
      expected: `a loaded cohort table ({ nRows, columns${options.types ? ", types" : ""} }, from readCohortCsv or loadCohort)`,
    });
  for (const [name, c] of Object.entries(t.columns as Record<string, unknown>))
    if ((!(c instanceof Float64Array) && !Array.isArray(c)) || c.length < (t.nRows as number))
      throw new InputError({
        field: `${field}.columns.${name}`,
        value: c,
        expected: `a column (Float64Array or array of strings) of ${t.nRows} rows`,
      });
}

/**
 * The rows of a loaded table as plain objects, one per row: numbers as numbers, dates as ISO strings
 * (`YYYY-MM-DD`), missing values as null.
 *
 * @example
 * const uc = loadCohort("data/uc");
 * const labs = tableRecords(uc.data.labs);
 * labs.length; // 1600
 * labs[0]; // { patient_id: "UC001", sample_date: "2023-07-31", week: 0, crp_mg_l: 1.6, calprotectin_ug_g: 503 }
 */
export function tableRecords(table: CohortTable): CohortRecord[] {
  assertLoadedTable(table, "table", { types: true });
  const names = Object.keys(table.columns);
  const rows: CohortRecord[] = new Array(table.nRows);
  for (let i = 0; i < table.nRows; i++) {
    const row: CohortRecord = {};
    for (const name of names) {
      const col = table.columns[name];
      if (col instanceof Float64Array) {
        const v = col[i];
        row[name] = Number.isNaN(v) ? null : table.types[name] === "date" ? isoDate(v) : v;
      } else {
        row[name] = col[i];
      }
    }
    rows[i] = row;
  }
  return rows;
}
