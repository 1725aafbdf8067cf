// One published model per file (issue #15, item 3): every file of src/pk/models/ but index.ts
// exports exactly one PkModel whose id is the file name, listed once in PK_MODELS; every value
// carries its citation; and every model structure has an ODE system builder in the table
// (src/pk/systems.ts). Values themselves are checked against deSolve/scipy in
// desolve.test.ts and solvers.test.ts.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as pkIndex from "../../src/pk/index";
import { PK_MODELS } from "../../src/pk/models";
import { PK_MODEL_REGISTRY } from "../../src/pk/registry";
import { SYSTEM_BUILDERS } from "../../src/pk/systems";
import type { ModelStructure, PkModel } from "../../src/pk/types";

const dir = join(__dirname, "..", "..", "src", "pk", "models");
const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts");

const isModel = (v: unknown): v is PkModel =>
  typeof v === "object" && v !== null && typeof (v as PkModel).id === "string" && typeof (v as PkModel).parameters === "object";

describe("published PK models, one per file", () => {
  it("every model file is in PK_MODELS and every model in PK_MODELS has its file", () => {
    expect(files.map((f) => f.replace(/\.ts$/, "")).sort()).toEqual(Object.keys(PK_MODELS).sort());
  });

  for (const f of files) {
    it(`${f} exports one PkModel with id ${f.replace(/\.ts$/, "")}, the one in PK_MODELS`, async () => {
      const mod: Record<string, unknown> = await import(join(dir, f));
      const models = Object.entries(mod).filter(([, v]) => isModel(v)) as [string, PkModel][];
      expect(models.length).toBe(1);
      const [, model] = models[0];
      expect(model.id).toBe(f.replace(/\.ts$/, ""));
      expect(PK_MODELS[model.id]).toBe(model);
    });
  }

  for (const m of Object.values(PK_MODELS)) {
    it(`${m.id}: a citation on the model and on every parameter, covariate effect, random effect and the residual`, () => {
      const cited = (x: { citation?: string }) => typeof x.citation === "string" && x.citation.length > 0;
      expect(m.citation.length).toBeGreaterThan(0);
      expect(Object.entries(m.parameters).filter(([, p]) => !cited(p))).toEqual([]);
      expect(m.covariateEffects.filter((e) => !cited(e))).toEqual([]);
      expect(Object.entries(m.iiv).filter(([, v]) => !cited(v))).toEqual([]);
      expect(cited(m.residual)).toBe(true);
    });
  }

  it("the models exported by name before the split still are, as the objects in PK_MODELS", () => {
    const before = [
      "INFLIXIMAB_FASANMADE_2009",
      "INFLIXIMAB_FASANMADE_2011",
      "INFLIXIMAB_SONG_2025",
      "INFLIXIMAB_BERENDS_2019_QSS",
      "INFLIXIMAB_TERNANT_2021_DOUBLE",
      "ADALIMUMAB_TERNANT_2015",
      "VEDOLIZUMAB_ROSARIO_2015",
      "USTEKINUMAB_XU_2022",
    ];
    const named = before.map((n) => (pkIndex as Record<string, unknown>)[n]);
    expect(named.every((m) => isModel(m) && PK_MODELS[m.id] === m)).toBe(true);
  });

  it("every registry row names a model of PK_MODELS", () => {
    expect(PK_MODEL_REGISTRY.filter((r) => !Object.hasOwn(PK_MODELS, r.modelId))).toEqual([]);
  });
});

describe("ODE systems, one builder per structure", () => {
  const structures: ModelStructure[] = ["linear", "michaelis-menten", "tmdd-qss", "tmdd-qe", "tmdd-full", "tmdd-qss-double"];
  it("the table has exactly the model structures", () => {
    expect(Object.keys(SYSTEM_BUILDERS).sort()).toEqual([...structures].sort());
  });
  it("every published model's structure has a builder", () => {
    expect(Object.values(PK_MODELS).filter((m) => typeof SYSTEM_BUILDERS[m.structure] !== "function")).toEqual([]);
  });
  it("an unknown structure is refused by name", () => {
    expect(() => pkIndex.buildSystem("tmdd-xyz" as ModelStructure, { CL: 1, V1: 1 }, 150)).toThrow(/structure.*tmdd-xyz/s);
  });
});
