/**
 * No imports running upward (CONTRIBUTING.md, "Layout"): each module of src/ imports only modules of a
 * lower layer. Patient records sit above the chapter modules whose inputs they build (cohort, pk,
 * measurement, discordance) and below those that consume them (refractory, the CLI).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const LAYERS: string[][] = [
  ["core"],
  ["drugs", "plot"],
  ["cohort", "discordance", "measurement", "mimics", "pk", "stricture"],
  ["records"],
  ["refractory"],
  ["exercises", "cli", "live"],
];
const layerOf = new Map(LAYERS.flatMap((mods, i) => mods.map((m) => [m, i] as const)));
const src = join(__dirname, "..", "..", "src");

describe("module layers", () => {
  const modules = readdirSync(src, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  it("every module has a layer", () => {
    expect(modules.filter((m) => !layerOf.has(m))).toEqual([]);
  });
  /** Every .ts file of a module, subfolders included (src/pk/models, src/refractory/rules ...). */
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : [],
    );
  for (const m of modules) {
    it(`${m} imports only from lower layers`, () => {
      const up: string[] = [];
      for (const f of files(join(src, m))) {
        const text = readFileSync(f, "utf8");
        for (const [, spec] of text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)) {
          // the module the import lands in: the first folder under src/ of the resolved path
          const dep = relative(src, resolve(dirname(f), spec)).split(/[\\/]/)[0];
          if (dep !== m && (layerOf.get(dep) ?? 99) >= (layerOf.get(m) ?? -1)) up.push(`${relative(src, f)} -> ${dep}`);
        }
      }
      expect(up).toEqual([]);
    });
  }
});
