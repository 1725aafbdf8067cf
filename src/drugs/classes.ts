/**
 * The mechanism class of each advanced therapy, and a typed lookup.
 */
import { InputError } from "../core/errors";
import type { AdvancedDrug, DrugClass } from "./types";

/** Mechanism class of each drug. */
export const DRUG_CLASS: Readonly<Record<AdvancedDrug, DrugClass>> = {
  infliximab: "anti-TNF",
  adalimumab: "anti-TNF",
  golimumab: "anti-TNF",
  certolizumab: "anti-TNF",
  vedolizumab: "anti-integrin",
  ustekinumab: "anti-IL-12/23",
  risankizumab: "anti-IL-23p19",
  mirikizumab: "anti-IL-23p19",
  tofacitinib: "JAK inhibitor",
  upadacitinib: "JAK inhibitor",
  ozanimod: "S1P modulator",
};

/**
 * Class of a drug, with a typed error for an unknown name.
 * @example drugClassOf("vedolizumab") // "anti-integrin"
 */
export function drugClassOf(drug: unknown, field = "drug"): DrugClass {
  const c = typeof drug === "string" && Object.hasOwn(DRUG_CLASS, drug) ? DRUG_CLASS[drug as AdvancedDrug] : undefined;
  if (!c) throw new InputError({ field, value: drug, expected: `one of ${Object.keys(DRUG_CLASS).join(", ")}` });
  return c;
}
