/**
 * A loaded cohort table: typed columns of the accepted rows (Float64Array for
 * numbers, flags and dates, strings for text), and a danfojs DataFrame made
 * from them the first time it is asked for.
 */
import type { ColumnState } from "./column-state";
import { isoDate } from "./field-parse";
import type { CohortTableName, ColumnSpec } from "./schema";

/** A column the toolkit computes on: numbers, integers, flags and dates (days since 1970-01-01) as Float64Array with NaN = missing; text as strings with null = missing. */
export type CohortColumn = Float64Array | (string | null)[];

/** A loaded table: typed columns plus a danfojs DataFrame made on first use. */
export interface CohortTable {
  table: CohortTableName;
  nRows: number;
  /** Canonical column name -> typed column (only accepted rows). Dates are days since 1970-01-01 (UTC). */
  columns: Record<string, CohortColumn>;
  /** Column types, as in the schema (`"text"` for extra columns). */
  types: Record<string, ColumnSpec["type"]>;
  /** A danfojs DataFrame of the same rows (dates as ISO strings, missing as null), built on first access. */
  readonly frame: import("danfojs-node").DataFrame;
}

/** The table of the first `rows` rows of the column stores (a censored column adds its direction and limit columns). */
export function tableFromColumns(table: CohortTableName, cols: readonly ColumnState[], rows: number): CohortTable {
  const columns: Record<string, CohortColumn> = {};
  const types: Record<string, ColumnSpec["type"]> = {};
  for (const c of cols) {
    if (c.isNum) columns[c.mapped.name] = c.num.length === rows ? c.num : c.num.subarray(0, rows);
    else {
      c.str.length = rows;
      columns[c.mapped.name] = c.str;
    }
    types[c.mapped.name] = c.type;
    const cs = c.mapped.spec?.censoring;
    if (c.cens && cs) {
      c.cens.dir.length = rows;
      columns[cs.censoredColumn] = c.cens.dir;
      types[cs.censoredColumn] = "category";
      columns[cs.limitColumn] = c.cens.limit.length === rows ? c.cens.limit : c.cens.limit.subarray(0, rows);
      types[cs.limitColumn] = "number";
    }
  }
  return makeTable(table, rows, columns, types);
}

function makeTable(
  table: CohortTableName,
  nRows: number,
  columns: Record<string, CohortColumn>,
  types: Record<string, ColumnSpec["type"]>,
): CohortTable {
  let frame: import("danfojs-node").DataFrame | undefined;
  return {
    table,
    nRows,
    columns,
    types,
    get frame() {
      if (!frame) {
        // danfojs is heavy to import: load it only when a DataFrame is asked for.
        const dfd = require("danfojs-node") as typeof import("danfojs-node");
        const obj: Record<string, unknown[]> = {};
        for (const [name, col] of Object.entries(columns)) {
          if (col instanceof Float64Array) {
            obj[name] =
              types[name] === "date"
                ? Array.from(col, (d) => (Number.isNaN(d) ? null : isoDate(d)))
                : Array.from(col, (v) => (Number.isNaN(v) ? null : v));
          } else obj[name] = col;
        }
        frame = new dfd.DataFrame(obj);
      }
      return frame;
    },
  };
}
