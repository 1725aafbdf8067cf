// The one model registry (src/pk/registry.ts): which published model serves which drug and disease.
// Model populations as documented in src/pk/models/*.ts: Fasanmade 2009 (ACT 1/2, adults with UC),
// Fasanmade 2011 (children and adults with CD), Song 2025 (IV and SC infliximab), Rosario 2015
// (vedolizumab, linear CL 0.159 L/day in UC, 0.155 in CD), Xu 2022 (ustekinumab, CD).
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { DRUG_CLASS } from "../../src/drugs/classes";
import { PK_MODELS } from "../../src/pk/models";
import { PK_MODEL_REGISTRY, pkModelFor } from "../../src/pk/registry";

describe("pkModelFor", () => {
  it("infliximab IV: Fasanmade 2009 in UC, Fasanmade 2011 in CD", () => {
    const uc = pkModelFor("infliximab", "UC");
    expect(uc.modelId).toBe("infliximab-fasanmade-2009");
    expect(uc.model).toBe(PK_MODELS["infliximab-fasanmade-2009"]);
    expect(uc.reasons.join(" ")).toMatch(/ulcerative colitis/i);
    const cd = pkModelFor("infliximab", "CD", { routes: ["IV"] });
    expect(cd.modelId).toBe("infliximab-fasanmade-2011");
    expect(cd.model).toBe(PK_MODELS["infliximab-fasanmade-2011"]);
    expect(cd.reasons.join(" ")).toMatch(/children and adults with Crohn's disease/);
  });

  it("infliximab in IBD unclassified or with no diagnosis: Fasanmade 2009, and says so", () => {
    const ibdu = pkModelFor("infliximab", "IBDU");
    expect(ibdu.modelId).toBe("infliximab-fasanmade-2009");
    expect(ibdu.reasons[0]).toMatch(/^IBD unclassified: no infliximab model here was fitted to it/);
    for (const none of [undefined, null]) {
      const r = pkModelFor("infliximab", none);
      expect(r.modelId).toBe("infliximab-fasanmade-2009");
      expect(r.reasons[0]).toMatch(/^Diagnosis not given/);
      expect(r.reasons.join(" ")).toMatch(/Route not given: taken as intravenous/);
    }
  });

  it("any subcutaneous infliximab: Song 2025 whatever the disease, naming CRP and BMI", () => {
    for (const disease of ["UC", "CD", "IBDU", null] as const) {
      for (const options of [{ routes: ["IV", "SC"] as ("IV" | "SC")[] }, { routes: ["SC"] as ("IV" | "SC")[] }, { subcutaneous: true }]) {
        const r = pkModelFor("infliximab", disease, options);
        expect(r.modelId).toBe("infliximab-song-2025");
        expect(r.model.requiredCovariates).toEqual(expect.arrayContaining(["crpMgL", "bmiKgM2"]));
        expect(r.reasons[0]).toMatch(/needs CRP and BMI/);
      }
    }
    // IV-only courses stay with the IV models
    expect(pkModelFor("infliximab", "CD", { subcutaneous: false }).modelId).toBe("infliximab-fasanmade-2011");
    expect(pkModelFor("infliximab", "CD", { routes: [] }).modelId).toBe("infliximab-fasanmade-2011");
  });

  it("adalimumab, vedolizumab, ustekinumab: their one model, with its caveats", () => {
    for (const disease of ["UC", "CD", "IBDU", null] as const) {
      expect(pkModelFor("adalimumab", disease, { routes: ["SC"] }).modelId).toBe("adalimumab-ternant-2015");
      expect(pkModelFor("vedolizumab", disease).modelId).toBe("vedolizumab-rosario-2015");
      expect(pkModelFor("ustekinumab", disease).modelId).toBe("ustekinumab-xu-2022");
    }
    const ved = pkModelFor("vedolizumab", "UC");
    expect(ved.reasons[0]).toMatch(/ulcerative colitis value, 0\.159 L\/day \(0\.155 L\/day in Crohn's disease/);
    expect(ved.model.parameters.CL.value).toBe(0.159);
    expect(pkModelFor("vedolizumab", "CD").reasons[1]).toMatch(/2\.6 % above the published CD value \(0\.155 L\/day\)/);
    const ust = pkModelFor("ustekinumab", "CD");
    expect(ust.reasons[0]).toMatch(/absorption rate is borrowed.*covariate exponents.*placeholders/);
    // not a published model as it stands: the choice says so, the others are not provisional
    expect(ust.reasons[0]).toMatch(/no complete published model.*provisional/);
    expect(ust.provisional).toBe(true);
    expect(ved.provisional).toBe(false);
    expect(pkModelFor("infliximab", "UC").provisional).toBe(false);
    // the reason reflects the model's own unverified fields
    expect(ust.model.parameters.KA.unverified).toMatch(/not from Xu 2022/);
    expect(ust.model.covariateEffects.every((e) => e.unverified?.includes("placeholder"))).toBe(true);
    expect(pkModelFor("ustekinumab", "UC").reasons[1]).toMatch(/fitted in Crohn's disease/);
  });

  it("accepts the drug name in any case and with spaces", () => {
    expect(pkModelFor(" Infliximab ", "CD").modelId).toBe("infliximab-fasanmade-2011");
  });

  it("a drug with no model is an InputError naming the drugs that have one", () => {
    for (const drug of ["golimumab", "certolizumab", "tofacitinib"]) {
      expect(Object.hasOwn(DRUG_CLASS, drug)).toBe(true);
      let err: unknown;
      try {
        pkModelFor(drug, "CD");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe("drug");
      expect((err as Error).message).toMatch(new RegExp(`no population PK model for ${drug}`));
      expect((err as Error).message).toMatch(/infliximab, adalimumab, vedolizumab, ustekinumab/);
    }
    expect(() => pkModelFor("aspirin", "CD")).toThrow(/drug: unknown drug, got "aspirin"/);
    expect(() => pkModelFor("constructor", "CD")).toThrow(/unknown drug/);
  });

  it("refuses malformed input from untyped callers", () => {
    expect(() => pkModelFor(undefined as never, "CD")).toThrow(/drug: got undefined/);
    expect(() => pkModelFor("", "CD")).toThrow(InputError);
    expect(() => pkModelFor("infliximab", "Crohn" as never)).toThrow(/disease: got "Crohn", expected one of UC, CD, IBDU/);
    expect(() => pkModelFor("infliximab", 3 as never)).toThrow(/disease/);
    expect(() => pkModelFor("infliximab", "CD", "SC" as never)).toThrow(/options: got "SC", expected an object/);
    expect(() => pkModelFor("infliximab", "CD", { route: "SC" } as never)).toThrow(
      /options\.route: got "SC", expected one of the options routes, subcutaneous/,
    );
    expect(() => pkModelFor("infliximab", "CD", { routes: "SC" } as never)).toThrow(/options\.routes: got "SC", expected an array/);
    expect(() => pkModelFor("infliximab", "CD", { routes: ["IV", "sc"] } as never)).toThrow(
      /options\.routes\[1\]: got "sc", expected one of IV, SC/,
    );
    expect(() => pkModelFor("infliximab", "CD", { subcutaneous: "yes" } as never)).toThrow(/options\.subcutaneous: got "yes"/);
    expect(() => pkModelFor("infliximab", "CD", { routes: ["IV"], subcutaneous: true })).toThrow(/options\.subcutaneous: got true/);
    expect(() => pkModelFor("infliximab", "CD", { routes: ["SC"], subcutaneous: false })).toThrow(InputError);
  });
});

describe("PK_MODEL_REGISTRY", () => {
  it("every row names a model of PK_MODELS for the same drug, with a reason", () => {
    for (const row of PK_MODEL_REGISTRY) {
      expect(Object.hasOwn(PK_MODELS, row.modelId)).toBe(true);
      expect(PK_MODELS[row.modelId].drug).toBe(row.drug);
      expect(row.reason.length).toBeGreaterThan(20);
    }
  });

  it("covers every drug with a model for every disease, known or not, and every route", () => {
    const drugs = [...new Set(PK_MODEL_REGISTRY.map((r) => r.drug))];
    expect(drugs).toEqual(["infliximab", "adalimumab", "vedolizumab", "ustekinumab"]);
    for (const drug of drugs)
      for (const disease of ["UC", "CD", "IBDU", null] as const)
        for (const subcutaneous of [false, true]) {
          const r = pkModelFor(drug, disease, { subcutaneous });
          // the chosen model's reason is the registry row's
          expect(PK_MODEL_REGISTRY.some((row) => row.modelId === r.modelId && row.reason === r.reasons[0])).toBe(true);
        }
  });

  it("is read-only", () => {
    expect(Object.isFrozen(PK_MODEL_REGISTRY)).toBe(true);
    expect(PK_MODEL_REGISTRY.every((row) => Object.isFrozen(row))).toBe(true);
  });
});
