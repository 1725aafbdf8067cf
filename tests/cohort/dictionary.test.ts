/**
 * The data dictionary (data/README.md) cannot drift from the loader's schema
 * (issue 14): its column tables are generated from COHORT_SCHEMA by `npm run data`,
 * and this test fails when a marked section differs from what the schema renders.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readmeWithDictionary } from "../../scripts/data/dictionary";
import {
  COHORT_SCHEMA,
  COHORT_TABLE_NAMES,
  dataDictionaryMarkdown,
  dictionaryMarkers,
  dictionaryTable,
  updateDataDictionary,
} from "../../src/cohort/index";
import { InputError } from "../../src/core/errors";

const readme = readFileSync(join(__dirname, "..", "..", "data", "README.md"), "utf8");

/** The text between a table's markers, without the newline after begin and before end. */
function section(text: string, table: (typeof COHORT_TABLE_NAMES)[number]): string {
  const { begin, end } = dictionaryMarkers(table);
  const b = text.indexOf(begin);
  const e = text.indexOf(end);
  expect(b, `${begin} in data/README.md`).toBeGreaterThanOrEqual(0);
  expect(e, `${end} in data/README.md`).toBeGreaterThan(b);
  expect(text.indexOf(begin, b + 1), `a second ${begin}`).toBe(-1);
  return text
    .slice(b + begin.length, e)
    .replace(/^\n/, "")
    .replace(/\n$/, "");
}

/** Markdown table rows of a section, as arrays of cells (header and separator dropped). */
function rows(md: string): string[][] {
  return md
    .split("\n")
    .slice(2)
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

describe("data/README.md is generated from the schema", () => {
  it("has every table's marked section equal to dataDictionaryMarkdown() (run `npm run data` after editing src/cohort/schema.ts)", () => {
    const generated = dataDictionaryMarkdown();
    expect(Object.keys(generated)).toEqual([...COHORT_TABLE_NAMES]);
    for (const t of COHORT_TABLE_NAMES) expect(section(readme, t), t).toBe(generated[t]);
  });

  it("is what `npm run data` writes, byte for byte (regenerating changes nothing)", () => {
    expect(updateDataDictionary(readme)).toBe(readme);
    expect(readmeWithDictionary()).toBe(readme);
  });

  it("lists every schema table and every column, in schema order, with its type and requiredness", () => {
    for (const t of COHORT_TABLE_NAMES) {
      const r = rows(section(readme, t));
      const cols = COHORT_SCHEMA[t].columns;
      expect(
        r.map((x) => x[0]),
        t,
      ).toEqual(cols.map((c) => c.name));
      expect(
        r.map((x) => x[1]),
        t,
      ).toEqual(cols.map((c) => c.type + (c.required ? ", req" : "")));
      expect(readme, t).toContain(`## ${t}.csv`);
    }
  });

  it("keeps the table overview's keys equal to the schema's keys", () => {
    for (const t of COHORT_TABLE_NAMES) {
      const line = readme.split("\n").find((l) => l.startsWith(`| \`${t}.csv\` |`));
      expect(line, `overview row of ${t}`).toBeDefined();
      expect(line!.split("|")[2].trim(), t).toBe(COHORT_SCHEMA[t].key.join(", "));
    }
  });
});

describe("dictionaryTable", () => {
  it("renders ranges, exclusive minimums, categories, flags, units and date-order rules from the schema", () => {
    const p = rows(dictionaryTable("patients"));
    const byName = (r: string[][], n: string) => r.find((x) => x[0] === n);
    expect(byName(p, "patient_id")).toEqual(["patient_id", "id, req", "", "", "patient identifier"]);
    expect(byName(p, "age_years")).toEqual(["age_years", "int", "", "0-110", "age at baseline (years)"]);
    expect(byName(p, "weight_kg")?.slice(0, 4)).toEqual(["weight_kg", "number", "kg", "2-300"]);
    expect(byName(p, "sex")?.slice(0, 4)).toEqual(["sex", "category", "", "F, M"]);
    expect(byName(p, "immunomodulator")?.[3]).toBe("0, 1");
    expect(byName(p, "diagnosis_date")?.[3]).toBe("not after baseline_date");
    expect(byName(p, "baseline_date")?.[3]).toBe("not before diagnosis_date");
    const d = rows(dictionaryTable("drug_levels"));
    expect(byName(d, "ada_threshold_u_ml")?.[3]).toBe("> 0 and <= 1000000");
    expect(byName(d, "ada_u_ml")?.[3]).toBe("0-1000000");
    expect(byName(d, "ada_assay")?.slice(0, 4)).toEqual(["ada_assay", "text", "", ""]);
    expect(byName(rows(dictionaryTable("visits")), "week")?.[3]).toBe("-520 to 520");
  });

  it("refuses a table that is not in the schema", () => {
    expect(() => dictionaryTable("nope" as never)).toThrow(InputError);
  });
});

describe("updateDataDictionary", () => {
  const skeleton = COHORT_TABLE_NAMES.map((t) => {
    const { begin, end } = dictionaryMarkers(t);
    return `## ${t}\n\n${begin}\nstale\n${end}\n\nprose about ${t}\n`;
  }).join("\n");

  it("replaces only the marked sections and is idempotent", () => {
    const once = updateDataDictionary(skeleton);
    expect(once).not.toContain("stale");
    for (const t of COHORT_TABLE_NAMES) {
      expect(once).toContain(`prose about ${t}`);
      expect(section(once, t)).toBe(dictionaryTable(t));
    }
    expect(updateDataDictionary(once)).toBe(once);
  });

  it("refuses missing, repeated, reversed or unknown markers", () => {
    const { begin, end } = dictionaryMarkers("labs");
    expect(() => updateDataDictionary(skeleton.replace(begin, ""))).toThrow(/labs table is missing or malformed/);
    expect(() => updateDataDictionary(`${skeleton}\n${end}\n`)).toThrow(InputError);
    expect(() => updateDataDictionary(skeleton.replace(begin, "@@").replace(end, begin).replace("@@", end))).toThrow(InputError);
    expect(() => updateDataDictionary(`${skeleton}\n<!-- dictionary:lab:begin -->\n`)).toThrow(/markers of a schema table/);
    expect(() => updateDataDictionary(42 as never)).toThrow(InputError);
  });
});
