/**
 * The API reference has a page per chapter, built from the one public list, src/index.ts: each block
 * of src/index.ts (`// ---- Chapter title ----` then `export { ... } from "./module/index"`) becomes
 * a generated entry file out/api-src/NN-chapter.ts that re-exports exactly those names under a
 * `@module` comment with the chapter's title, and typedoc (typedoc.json) documents those files.
 * Run by `npm run docs`; the files are generated, never committed (out/ is ignored).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The chapters of src/index.ts: title, module path and the export clause, in file order. */
export function apiChapters(indexText) {
  const out = [];
  const re = /\/\/ ---- (.+?) ----\s*\nexport \{([\s\S]*?)\} from "(\.\/[^"]+)";/g;
  for (const m of indexText.matchAll(re)) {
    const names = m[2]
      .split(",")
      .map((n) => n.trim())
      .filter((n) => n !== "");
    out.push({ title: m[1].trim(), module: m[3], names });
  }
  return out;
}

/** A file-name slug of a chapter title ("Cohort data: schema, ..." -> "cohort-data"). */
export function slug(title) {
  return title
    .split(/[:,(]/)[0]
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const chapters = apiChapters(readFileSync(join(root, "src", "index.ts"), "utf8"));
  const dir = join(root, "out", "api-src");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  chapters.forEach((c, i) => {
    const file = `${String(i + 1).padStart(2, "0")}-${slug(c.title)}.ts`;
    const text = `/**\n * ${c.title}.\n * @module ${c.title.split(/:/)[0]}\n */\nexport {\n  ${c.names.join(",\n  ")},\n} from "../../src/${c.module.slice(2)}";\n`;
    writeFileSync(join(dir, file), text);
  });
  console.log(`api-chapters: ${chapters.length} chapter entry files in out/api-src/`);
}
