/**
 * The one registry that picks the published population PK model for a drug and a disease
 * ({@link pkModelFor}), read from one table ({@link PK_MODEL_REGISTRY}) so that callers, reports
 * and documentation list the same choices with the same reasons. The models themselves, with
 * their sources, are one per file in `models/` (`PK_MODELS`, built in `models/index.ts`).
 */
import { InputError } from "../core/errors";
import { assertArray, assertObject, optionalBoolean } from "../core/validate";
import { DRUG_CLASS } from "../drugs/classes";
import { PK_MODELS } from "./models/index";
import type { PkModel } from "./types";

/** A drug with a population PK model here. */
export type PkModelDrug = PkModel["drug"];

/** A diagnosis as the patient records give it; `unknown` in the registry stands for one not given. */
export type PkDisease = "UC" | "CD" | "IBDU";

/** Administration route, as in administrations.csv. */
export type PkRoute = "IV" | "SC";

/** One row of {@link PK_MODEL_REGISTRY}. */
export interface PkRegistryEntry {
  drug: PkModelDrug;
  /** Diagnosis the row applies to; "unknown" when none is given, "any" for every diagnosis. */
  disease: PkDisease | "unknown" | "any";
  /** "SC" for a course with any subcutaneous administration; "any" for every route. */
  route: "IV" | "SC" | "any";
  /** Key of the model in `PK_MODELS`. */
  modelId: string;
  /** Why this model, in a sentence a clinician can read. */
  reason: string;
}

/** Options of {@link pkModelFor}. */
export interface PkModelForOptions {
  /** Routes of the administrations of the drug (e.g. from administrations.csv). Default: intravenous only. */
  routes?: PkRoute[];
  /** At least one administration is subcutaneous (the same as `routes` containing "SC"). Default: false. */
  subcutaneous?: boolean;
}

/** The model chosen by {@link pkModelFor}, with the reasons for the choice. */
export interface PkModelChoice {
  model: PkModel;
  /** Key of the model in `PK_MODELS`, e.g. "infliximab-fasanmade-2011". */
  modelId: string;
  /** Why this model and what it needs: plain sentences. */
  reasons: string[];
  /** True when the model is provisional (`model.provisional`: not all its published values are here); a reason says so. */
  provisional: boolean;
}

const VED_CL_NOTE =
  "its typical linear clearance is the ulcerative colitis value, 0.159 L/day (0.155 L/day in Crohn's disease; Rosario 2015)";

/**
 * Which published model serves which drug, disease and route. Infliximab in UC: Fasanmade 2009
 * (ACT 1/2, adults with UC); in Crohn's disease: Fasanmade 2011 (children and adults with CD);
 * IBD unclassified or diagnosis not given: Fasanmade 2009; any subcutaneous infliximab: Song 2025
 * (the one IV + SC infliximab model here). Adalimumab: Ternant 2015; vedolizumab: Rosario 2015;
 * ustekinumab: Xu 2022, provisional (no complete published ustekinumab model here; `provisional` on
 * the choice). Rows are read in order by {@link pkModelFor}; the SC row comes first.
 * @example PK_MODEL_REGISTRY.filter((r) => r.drug === "infliximab").map((r) => r.modelId) // ["infliximab-song-2025", "infliximab-fasanmade-2009", ...]
 */
export const PK_MODEL_REGISTRY: readonly Readonly<PkRegistryEntry>[] = Object.freeze(
  (
    [
      {
        drug: "infliximab",
        disease: "any",
        route: "SC",
        modelId: "infliximab-song-2025",
        reason:
          "At least one administration is subcutaneous: Song 2025 (Gut Liver 2025;19:376) is the only infliximab model here fitted to intravenous and subcutaneous (CT-P13) dosing; it was built on maintenance troughs of Korean adults with IBD, and it needs CRP and BMI (both enter clearance, BMI also the SC bioavailability) and antibodies as a level in ng/mL (adaNgMl), not a positive/negative flag.",
      },
      {
        drug: "infliximab",
        disease: "UC",
        route: "IV",
        modelId: "infliximab-fasanmade-2009",
        reason: "Ulcerative colitis: Fasanmade 2009 (Eur J Clin Pharmacol 65:1211) was fitted to the ACT 1 and 2 trials, adults with UC.",
      },
      {
        drug: "infliximab",
        disease: "CD",
        route: "IV",
        modelId: "infliximab-fasanmade-2011",
        reason:
          "Crohn's disease: Fasanmade 2011 (Clin Ther 33:946) was fitted to children and adults with Crohn's disease, with weight on clearance.",
      },
      {
        drug: "infliximab",
        disease: "IBDU",
        route: "IV",
        modelId: "infliximab-fasanmade-2009",
        reason:
          "IBD unclassified: no infliximab model here was fitted to it; Fasanmade 2009 (adults with ulcerative colitis) is used, IBD unclassified being a colitis.",
      },
      {
        drug: "infliximab",
        disease: "unknown",
        route: "IV",
        modelId: "infliximab-fasanmade-2009",
        reason:
          "Diagnosis not given: Fasanmade 2009 (adults with ulcerative colitis) is used by default; give the diagnosis to use the Crohn's disease model (Fasanmade 2011) when it applies.",
      },
      {
        drug: "adalimumab",
        disease: "any",
        route: "any",
        modelId: "adalimumab-ternant-2015",
        reason:
          "Adalimumab: Ternant 2015 (one compartment, first-order subcutaneous absorption, apparent CL/F and V/F, as tabulated by Marquez-Megias 2021) is the one adalimumab model here.",
      },
      {
        drug: "vedolizumab",
        disease: "any",
        route: "any",
        modelId: "vedolizumab-rosario-2015",
        reason: `Vedolizumab: Rosario 2015 (Aliment Pharmacol Ther 42:188; UC and CD, linear plus Michaelis-Menten elimination); ${VED_CL_NOTE}.`,
      },
      {
        drug: "ustekinumab",
        disease: "any",
        route: "any",
        modelId: "ustekinumab-xu-2022",
        reason:
          "Ustekinumab: no complete published model is in ibd-lab; Xu 2022 (Crohn's disease) is used as a provisional model: its SC absorption rate is borrowed from a psoriasis model (Zhu 2009) and its covariate exponents, variabilities and residual error are placeholders (standard allometry, typical values), not the published ones, so treat its fits and forecasts as approximate.",
      },
    ] satisfies PkRegistryEntry[]
  ).map((row) => Object.freeze(row)),
);

const DISEASES: readonly PkDisease[] = ["UC", "CD", "IBDU"];
const ROUTES: readonly PkRoute[] = ["IV", "SC"];
const OPTION_KEYS = ["routes", "subcutaneous"];

/** The drugs with a row in the registry, in its order. */
function modelDrugs(): PkModelDrug[] {
  return [...new Set(PK_MODEL_REGISTRY.map((r) => r.drug))];
}

/**
 * The published population PK model for a drug and a disease, from {@link PK_MODEL_REGISTRY},
 * with the reasons for the choice:
 * - infliximab with any subcutaneous administration: infliximab-song-2025 (needs CRP and BMI);
 * - infliximab IV in UC: infliximab-fasanmade-2009; in CD: infliximab-fasanmade-2011; in IBD
 *   unclassified or with no diagnosis: infliximab-fasanmade-2009, with a reason saying so;
 * - adalimumab: adalimumab-ternant-2015; vedolizumab: vedolizumab-rosario-2015 (typical linear CL
 *   of UC, 0.159 vs 0.155 L/day in CD); ustekinumab: ustekinumab-xu-2022, provisional (placeholder
 *   absorption rate, covariate exponents and variability; `provisional` true and a reason saying so).
 * @param drug drug name, e.g. "infliximab" (case and surrounding spaces are ignored).
 * @param disease "UC", "CD" or "IBDU"; null or undefined when not known.
 * @throws InputError for a drug with no model here (golimumab, certolizumab, the small molecules;
 *   the message names the drugs that have one), an unknown drug or disease, or malformed options
 *   (an unknown key, a route other than "IV" or "SC", `subcutaneous` contradicting `routes`).
 * @example
 * pkModelFor("infliximab", "CD").modelId // "infliximab-fasanmade-2011"
 * pkModelFor("infliximab", "UC", { routes: ["IV", "SC"] }).modelId // "infliximab-song-2025"
 */
export function pkModelFor(drug: string, disease?: PkDisease | null, options?: PkModelForOptions): PkModelChoice {
  const drugs = modelDrugs();
  if (typeof drug !== "string" || drug.trim() === "")
    throw new InputError({ field: "drug", value: drug, expected: `a drug name: one of ${drugs.join(", ")}` });
  const name = drug.trim().toLowerCase();
  if (!(drugs as string[]).includes(name)) {
    const known = Object.hasOwn(DRUG_CLASS, name);
    throw new InputError(
      { field: "drug", value: drug, expected: `a drug with a population PK model here: ${drugs.join(", ")}` },
      known ? `ibd-lab has no population PK model for ${name}` : "unknown drug",
    );
  }
  const d = name as PkModelDrug;
  if (disease !== undefined && disease !== null && (typeof disease !== "string" || !DISEASES.includes(disease)))
    throw new InputError({ field: "disease", value: disease, expected: `one of ${DISEASES.join(", ")}, or null when not known` });
  const dis: PkDisease | "unknown" = disease ?? "unknown";
  const sc = subcutaneousOf(options);
  const route: PkRoute = sc.subcutaneous ? "SC" : "IV";
  const row = PK_MODEL_REGISTRY.find(
    (r) => r.drug === d && (r.route === "any" || r.route === route) && (r.disease === "any" || r.disease === dis),
  );
  if (!row) throw new InputError({ field: "drug", value: drug, expected: "a drug and disease with a row in PK_MODEL_REGISTRY" });
  const model = PK_MODELS[row.modelId];
  const reasons = [row.reason];
  if (d === "infliximab" && !sc.subcutaneous && sc.routeGiven === false)
    reasons.push("Route not given: taken as intravenous (give options.routes to choose the subcutaneous model).");
  if (d === "vedolizumab" && dis === "CD")
    reasons.push(
      "In Crohn's disease the model's typical linear clearance (0.159 L/day, the UC value) is 2.6 % above the published CD value (0.155 L/day).",
    );
  if (d === "ustekinumab" && dis === "UC")
    reasons.push("Xu 2022 was fitted in Crohn's disease; in ulcerative colitis it is an extrapolation.");
  return { model, modelId: row.modelId, reasons, provisional: model.provisional !== undefined };
}

/** Whether the course has a subcutaneous administration, from the options (checked for untyped callers). */
function subcutaneousOf(options: unknown): { subcutaneous: boolean; routeGiven: boolean } {
  if (options === undefined) return { subcutaneous: false, routeGiven: false };
  const o = assertObject<Record<string, unknown>>(options, "options");
  for (const k of Object.keys(o)) {
    if (!OPTION_KEYS.includes(k))
      throw new InputError({ field: `options.${k}`, value: o[k], expected: `one of the options ${OPTION_KEYS.join(", ")}` });
  }
  const flag = optionalBoolean(o.subcutaneous, "options.subcutaneous");
  let fromRoutes: boolean | undefined;
  if (o.routes !== undefined) {
    const routes = assertArray<unknown>(o.routes, "options.routes");
    fromRoutes = false;
    for (let i = 0; i < routes.length; i++) {
      const r = routes[i];
      if (typeof r !== "string" || !ROUTES.includes(r as PkRoute))
        throw new InputError({ field: `options.routes[${i}]`, value: r, expected: `one of ${ROUTES.join(", ")}` });
      if (r === "SC") fromRoutes = true;
    }
  }
  if (flag !== undefined && fromRoutes !== undefined && flag !== fromRoutes)
    throw new InputError({
      field: "options.subcutaneous",
      value: flag,
      expected: `${fromRoutes} (options.routes ${fromRoutes ? "includes" : "does not include"} "SC")`,
    });
  const subcutaneous = flag ?? fromRoutes ?? false;
  return { subcutaneous, routeGiven: flag !== undefined || fromRoutes !== undefined };
}
