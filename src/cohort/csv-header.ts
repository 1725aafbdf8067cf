/**
 * The header of a cohort CSV (part of fields to typed values, issue #15): each
 * column found is mapped to its schema column and the unit it is declared in
 * ("albumin [g/L]", "albumin (g/L)", "albumin_g_l", the canonical name, or a bare
 * stem with the unit in options), and the header line is checked (one column
 * each, required columns present, a wrong delimiter named).
 */
import { InputError, UnitError } from "../core/errors";
import { normalizeUnit, toCanonicalFactor, unitsOf } from "../core/units";
import type { RecordScanner } from "./csv-scanner";
import type { CohortTableName, ColumnSpec, TableSpec } from "./schema";

/** Where a unit may be declared besides the header: `{ albumin: "g/L" }`, keyed by canonical name or stem. */
export interface HeaderUnitOptions {
  units?: Record<string, string>;
}

/**
 * The unit named by a snake_case header suffix (`g_dl`, `mcg_ml`, `lbs`), read
 * through src/core/units.ts's spellings with `_` standing for `/`.
 */
function suffixUnit(suffix: string): string | undefined {
  return normalizeUnit(suffix.replace("_", "/"));
}

export interface MappedColumn {
  spec: ColumnSpec | undefined; // undefined = extra column kept as text
  name: string;
  unit?: string;
  factor: number;
  declaredIn?: "header" | "options";
}

export function mapHeader(found: string, spec: TableSpec, options: HeaderUnitOptions): MappedColumn {
  const h = found.trim();
  const lower = h.toLowerCase();
  const direct = spec.columns.find((c) => c.name === lower);
  const optionUnit = (c: ColumnSpec): string | undefined => options.units?.[c.name] ?? (c.stem ? options.units?.[c.stem] : undefined);
  const withUnit = (c: ColumnSpec, unit: string, declaredIn: "header" | "options"): MappedColumn => {
    const other = optionUnit(c);
    if (declaredIn === "header" && other !== undefined && normalizeUnit(other) !== normalizeUnit(unit)) {
      throw new UnitError(
        { field: h, value: other, expected: `the unit declared in the header (${unit}) or no unit in options` },
        "options.units contradicts the header",
      );
    }
    if (!c.quantity) {
      if (normalizeUnit(unit) === normalizeUnit(c.unit ?? "")) return { spec: c, name: c.name, unit: c.unit, factor: 1, declaredIn };
      throw new UnitError({ field: h, value: unit, expected: `${c.unit} (the only unit accepted for ${c.name})` }, "unknown unit");
    }
    const factor = toCanonicalFactor(c.quantity, unit, h);
    return { spec: c, name: c.name, unit: normalizeUnit(unit) ?? unit, factor, declaredIn };
  };
  if (direct) {
    // The canonical name (crp_mg_l) declares the canonical unit: an option naming another unit contradicts it,
    // exactly as for "crp [mg/L]"; values are never rescaled against what the header says.
    const u = optionUnit(direct);
    if (u !== undefined && direct.unit && normalizeUnit(u) !== normalizeUnit(direct.unit)) {
      throw new UnitError(
        {
          field: h,
          value: u,
          expected: `the unit declared by the header name (${direct.unit}) or no unit in options (rename the column to "${direct.stem ?? direct.name}" to declare the unit in options)`,
        },
        "options.units contradicts the header",
      );
    }
    return { spec: direct, name: direct.name, unit: direct.unit, factor: 1 };
  }
  // "albumin [g/L]" or "albumin (g/L)"
  const br = /^(.+?)\s*[[(]\s*([^\])]+?)\s*[\])]$/.exec(lower);
  if (br) {
    const c = spec.columns.find((x) => x.stem === br[1].replace(/\s+/g, "_") || x.name === br[1]);
    if (c?.unit) return withUnit(c, br[2], "header");
  }
  // "albumin_g_l"
  for (const c of spec.columns) {
    if (!c.stem || !lower.startsWith(`${c.stem}_`)) continue;
    const suffix = lower.slice(c.stem.length + 1);
    const unit = suffixUnit(suffix);
    if (unit && (!c.quantity || unitsOf(c.quantity).includes(unit) || normalizeUnit(unit) === c.unit)) return withUnit(c, unit, "header");
  }
  // bare stem: unit must come from options
  const bare = spec.columns.find((c) => c.stem === lower);
  if (bare) {
    const u = optionUnit(bare);
    if (u === undefined) {
      throw new UnitError(
        { field: h, expected: `a unit in the header (e.g. "${bare.stem} [${bare.unit}]" or "${bare.name}") or in options.units` },
        "column has no unit",
      );
    }
    return withUnit(bare, u, "options");
  }
  return { spec: undefined, name: h, factor: 1 };
}

/** The header line: its fields as found, each mapped to its column, and the line it is on. */
export interface CohortHeader {
  fields: string[];
  mapped: MappedColumn[];
  /** Canonical column name -> index of its field. */
  index: Map<string, number>;
  line: number;
}

/**
 * Reads the header (the first line that is not blank) from the scanner and maps it; `onBlank` is called for each
 * blank line before it, `badUtf8(s, e)` says whether bytes [s, e) are not UTF-8.
 */
export function readHeader(
  sc: RecordScanner,
  spec: TableSpec,
  table: CohortTableName,
  options: HeaderUnitOptions & { file: string; delimiter: string },
  onBlank: () => void,
  badUtf8: (s: number, e: number) => boolean,
): CohortHeader {
  const { file, delimiter } = options;
  const n = sc.n;
  if (sc.pos >= n) throw new InputError({ field: file, value: "", expected: "a header line naming the columns" }, "file is empty");
  let headerFields: string[] = [];
  while (sc.pos < n) {
    sc.scan();
    if (!sc.isBlank()) {
      if (sc.highByte && badUtf8(sc.starts[0], sc.ends[sc.nf - 1])) {
        throw new InputError({ field: "header", row: sc.recLine, expected: "UTF-8 text" }, "the header line has bytes that are not UTF-8");
      }
      headerFields = [];
      for (let k = 0; k < sc.nf; k++) headerFields.push(sc.fieldText(k));
      break;
    }
    onBlank();
  }
  const headerLine = sc.recLine;
  if (headerFields.length === 0)
    throw new InputError({ field: file, expected: "a header line naming the columns" }, "file has only blank lines");
  if (sc.recError) throw new InputError({ field: "header", row: headerLine, value: headerFields.join(delimiter) }, sc.recError);
  if (headerFields.length === 1) {
    for (const [name, ch] of [
      ["semicolon", ";"],
      ["tab", "\t"],
      ["pipe", "|"],
      ["comma", ","],
    ] as const) {
      if (ch !== delimiter && headerFields[0].split(ch).length > 1) {
        throw new InputError(
          { field: "header", row: headerLine, value: headerFields[0], expected: `columns separated by "${delimiter}"` },
          `the header looks ${name}-delimited: pass { delimiter: ${JSON.stringify(ch)} }`,
        );
      }
    }
  }
  const mapped = headerFields.map((h) => mapHeader(h, spec, options));
  const seen = new Map<string, number>();
  mapped.forEach((m, k) => {
    if (seen.has(m.name)) {
      throw new InputError(
        { field: headerFields[k], row: headerLine, value: headerFields.join(delimiter), expected: "each column once" },
        `column ${m.name} appears twice (as "${headerFields[seen.get(m.name)!]}" and "${headerFields[k]}")`,
      );
    }
    seen.set(m.name, k);
  });
  for (const c of spec.columns) {
    if (c.required && !seen.has(c.name)) {
      throw new InputError(
        { field: c.name, row: headerLine, value: headerFields.join(delimiter), expected: `a column "${c.name}" (${c.description})` },
        `required column ${c.name} is missing from the ${table} table`,
      );
    }
  }
  return { fields: headerFields, mapped, index: seen, line: headerLine };
}
