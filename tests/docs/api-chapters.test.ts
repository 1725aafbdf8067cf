/**
 * The API reference has a page per chapter built from the one public list (issue 15, item 1):
 * scripts/api-chapters.mjs reads the blocks of src/index.ts; every export block is a chapter with a
 * title, and the chapters' names are exactly the public names, each in one chapter.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error a plain ES module without types
import { apiChapters, slug } from "../../scripts/api-chapters.mjs";
import * as lib from "../../src/index";

const index = readFileSync(join(__dirname, "..", "..", "src", "index.ts"), "utf8");
const chapters = apiChapters(index) as { title: string; module: string; names: string[] }[];

describe("API chapters", () => {
  it("every export block of src/index.ts is a titled chapter, and there is no export * ", () => {
    expect(chapters.length).toBe((index.match(/^export \{/gm) ?? []).length);
    expect(index).not.toMatch(/export \*/);
    expect(chapters.map((c) => slug(c.title))).toContain("patient-records");
    expect(new Set(chapters.map((c) => slug(c.title))).size).toBe(chapters.length);
  });

  it("the chapters' value names are exactly the runtime exports, each in one chapter", () => {
    const values = chapters.flatMap((c) => c.names.filter((n) => !n.startsWith("type ")));
    expect(new Set(values).size).toBe(values.length);
    expect([...values].sort()).toEqual(Object.keys(lib).sort());
  });
});
