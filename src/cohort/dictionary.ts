/**
 * The data dictionary's column tables, generated from {@link COHORT_SCHEMA} so
 * the dictionary analysts read (data/README.md) and the rules the loader
 * enforces cannot drift (issue 14). `npm run data` rewrites the marked sections
 * of data/README.md with {@link updateDataDictionary}; tests/cohort/dictionary.test.ts
 * fails when they differ. Everything outside the markers stays hand-written.
 */
import { InputError } from "../core/errors";
import { COHORT_SCHEMA, COHORT_TABLE_NAMES, type CohortTableName, type ColumnSpec, type TableSpec } from "./schema";

/** The marker comments around one table's generated section in data/README.md. */
export function dictionaryMarkers(table: CohortTableName): { begin: string; end: string } {
  const spec = tableSpecOf(table);
  return { begin: `<!-- dictionary:${spec.name}:begin -->`, end: `<!-- dictionary:${spec.name}:end -->` };
}

/**
 * One table's columns as a markdown table `| column | type | unit | allowed | meaning |`:
 * type with `, req` when required; unit = canonical unit; allowed = the range the
 * loader accepts for numbers and integers (`0-500` inclusive, `-520 to 520` when
 * the minimum is negative, `> 0 and <= 1000000` for an exclusive minimum), the
 * values of a category, `0, 1` for a flag, the date-order rule for a date; meaning
 * = the description. No trailing newline.
 */
export function dictionaryTable(table: CohortTableName): string {
  const spec = tableSpecOf(table);
  const rows = spec.columns.map((c) => row([c.name, c.type + (c.required ? ", req" : ""), c.unit ?? "", allowed(c, spec), c.description]));
  return ["| column | type | unit | allowed | meaning |", "|---|---|---|---|---|", ...rows].join("\n");
}

/** Every table's markdown table ({@link dictionaryTable}), keyed by table name, in loading order. */
export function dataDictionaryMarkdown(): Record<CohortTableName, string> {
  const out = {} as Record<CohortTableName, string>;
  for (const t of COHORT_TABLE_NAMES) out[t] = dictionaryTable(t);
  return out;
}

/**
 * `markdown` (the text of data/README.md) with every table's marked section
 * replaced by {@link dictionaryTable}; the text outside the markers is kept byte for
 * byte, so the result is stable (`updateDataDictionary(x) === x` once x is current).
 * @throws InputError when a table's markers are missing, repeated or out of order,
 *   or a marker names a table that is not in the schema.
 */
export function updateDataDictionary(markdown: string): string {
  if (typeof markdown !== "string") {
    throw new InputError({ field: "markdown", value: markdown, expected: "the text of data/README.md (a string)" });
  }
  for (const m of markdown.matchAll(/<!-- dictionary:(\S*?):(begin|end) -->/g)) {
    if (!Object.hasOwn(COHORT_SCHEMA, m[1])) {
      throw new InputError({ field: "markdown", value: m[0], expected: `markers of a schema table (${COHORT_TABLE_NAMES.join(", ")})` });
    }
  }
  let out = markdown;
  for (const t of COHORT_TABLE_NAMES) {
    const { begin, end } = dictionaryMarkers(t);
    const b = out.indexOf(begin);
    const e = out.indexOf(end);
    if (b < 0 || e < 0 || e < b || out.indexOf(begin, b + 1) >= 0 || out.indexOf(end, e + 1) >= 0) {
      throw new InputError(
        { field: "markdown", value: `${begin} ... ${end}`, expected: `exactly one "${begin}" followed by exactly one "${end}"` },
        `the dictionary section of the ${t} table is missing or malformed`,
      );
    }
    out = `${out.slice(0, b + begin.length)}\n${dictionaryTable(t)}\n${out.slice(e)}`;
  }
  return out;
}

function tableSpecOf(table: unknown): TableSpec {
  if (typeof table !== "string" || !Object.hasOwn(COHORT_SCHEMA, table)) {
    throw new InputError({ field: "table", value: table, expected: `one of ${COHORT_TABLE_NAMES.join(", ")}` });
  }
  return COHORT_SCHEMA[table as CohortTableName];
}

function allowed(c: ColumnSpec, spec: TableSpec): string {
  switch (c.type) {
    case "number":
    case "int":
      return range(c);
    case "category":
      return (c.categories ?? []).join(", ");
    case "flag":
      return "0, 1";
    case "date": {
      const rules: string[] = [];
      for (const r of spec.dateOrder ?? []) {
        if (r.earlier === c.name) rules.push(`not after ${r.later}`);
        if (r.later === c.name) rules.push(`not before ${r.earlier}`);
      }
      return rules.join("; ");
    }
    default:
      return "";
  }
}

function range(c: ColumnSpec): string {
  const { min, max } = c;
  if (min !== undefined && c.minExclusive) return max !== undefined ? `> ${min} and <= ${max}` : `> ${min}`;
  if (min !== undefined && max !== undefined) return min < 0 ? `${min} to ${max}` : `${min}-${max}`;
  if (min !== undefined) return `>= ${min}`;
  if (max !== undefined) return `<= ${max}`;
  return "";
}

/** A markdown table row; `|` in a cell is escaped, line breaks become spaces, an empty cell is `| |`. */
function row(cells: string[]): string {
  return `|${cells.map((x) => (x === "" ? " " : ` ${x.replace(/\r?\n/g, " ").replace(/\|/g, "\\|")} `)).join("|")}|`;
}
