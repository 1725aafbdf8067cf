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
import { PROVISIONAL_PK_MODELS, PUBLISHED_PK_MODELS } from "../../src/pk/models/index";
import { repeatedRegimen } from "../../src/pk/regimen";
import { PK_MODEL_REGISTRY } from "../../src/pk/registry";
import { simulate } from "../../src/pk/simulate";
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
    it(`${m.id}: a citation on the model and on every parameter, covariate effect, random effect, correlation and the residual`, () => {
      const cited = (x: { citation?: string }) => typeof x.citation === "string" && x.citation.length > 0;
      expect(m.citation.length).toBeGreaterThan(0);
      expect(Object.entries(m.parameters).filter(([, p]) => !cited(p))).toEqual([]);
      expect(m.covariateEffects.filter((e) => !cited(e))).toEqual([]);
      expect(Object.entries(m.iiv).filter(([, v]) => !cited(v))).toEqual([]);
      expect((m.iivCorrelations ?? []).filter((c) => !cited(c))).toEqual([]);
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

describe("a published model kept as published where it disagrees with the label (issue 18 item 1)", () => {
  it("adalimumab Ternant 2015: one 40 mg dose peaks near day 13 (the label: about day 5.5), and the model says so", () => {
    const m = PK_MODELS["adalimumab-ternant-2015"];
    // the published values themselves (Ternant 2015 via Marquez-Megias 2021): ka 0.15/day, CL/F 0.42 L/day, V/F 13.5 L
    expect([m.parameters.KA.value, m.parameters.CL.value, m.parameters.V1.value]).toEqual([0.15, 0.42, 13.5]);
    // one-compartment first-order absorption: tmax = ln(ka / k) / (ka - k), k = CL/V (a hand formula)
    const ka = 0.15;
    const k = 0.42 / 13.5;
    const tmaxDays = Math.log(ka / k) / (ka - k);
    expect(tmaxDays).toBeCloseTo(13.23, 2);
    const times = Array.from({ length: 3001 }, (_, i) => i / 100);
    const sim = simulate(
      m,
      repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 14, count: 1 }),
      { weightKg: 70 },
      { timesDays: times },
    );
    const peak = sim.concentrationUgMl.indexOf(Math.max(...sim.concentrationUgMl));
    expect(Math.abs(times[peak] - tmaxDays)).toBeLessThanOrEqual(0.01);
    // the label's healthy volunteers peak at 131 h: the model's peak is more than twice as late, and the model data says it
    expect(times[peak]).toBeGreaterThan(2 * (131 / 24));
    expect(m.disagreement).toMatch(/day 13/);
    expect(m.disagreement).toMatch(/131/);
    expect(m.disagreement).toMatch(/[Kk]ept as published/);
  });
});

describe("published and provisional models (issue 18 item 1: Xu 2022 out of the published registry)", () => {
  it("no published model stands on a placeholder; every model that does is provisional and says why", () => {
    const placeholders = (m: PkModel) =>
      [...Object.values(m.parameters), ...m.covariateEffects, ...Object.values(m.iiv), ...(m.iivCorrelations ?? []), m.residual].filter(
        (x) => /placeholder|standard allometry/i.test(`${x.citation} ${x.unverified ?? ""}`),
      ).length;
    for (const m of PUBLISHED_PK_MODELS) {
      expect(placeholders(m), m.id).toBe(0);
      expect(m.provisional, m.id).toBeUndefined();
    }
    for (const m of PROVISIONAL_PK_MODELS) {
      expect(placeholders(m), m.id).toBeGreaterThan(0);
      expect(m.provisional).toMatch(/[Pp]rovisional/);
      expect(m.label).toMatch(/provisional/);
    }
    expect(PROVISIONAL_PK_MODELS.map((m) => m.id)).toEqual(["ustekinumab-xu-2022"]);
    expect(Object.keys(PK_MODELS).sort()).toEqual([...PUBLISHED_PK_MODELS, ...PROVISIONAL_PK_MODELS].map((m) => m.id).sort());
  });
});
