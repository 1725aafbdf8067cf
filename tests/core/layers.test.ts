/**
 * No imports running upward (CONTRIBUTING.md, "Layout"): each module of src/ imports only modules of a
 * lower layer. Patient records sit above the chapter modules whose inputs they build (cohort, pk,
 * measurement, discordance) and below those that consume them (refractory, the CLI).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const LAYERS: string[][] = [
  ["core"],
  ["drugs", "plot"],
  ["cohort", "discordance", "measurement", "mimics", "pk", "stricture"],
  ["records"],
  ["refractory"],
  ["exercises", "cli"],
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
  for (const m of modules) {
    it(`${m} imports only from lower layers`, () => {
      const up: string[] = [];
      for (const f of readdirSync(join(src, m)).filter((x) => x.endsWith(".ts"))) {
        const text = readFileSync(join(src, m, f), "utf8");
        for (const [, dep] of text.matchAll(/from\s+"\.\.\/([a-z-]+)\//g)) {
          if ((layerOf.get(dep) ?? 99) >= (layerOf.get(m) ?? -1)) up.push(`${m}/${f} -> ${dep}`);
        }
      }
      expect(up).toEqual([]);
    });
  }
});
