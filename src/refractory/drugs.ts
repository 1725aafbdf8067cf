/**
 * Advanced-therapy facts used by the classifier and the TDM rules: the class
 * of each drug and the length of its induction (the point at which primary
 * non-response can be judged).
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
 * Weeks from the first dose after which primary (non-)response is judged.
 * The chapter gives 8-14 weeks; the figure is drug-specific. Sources are the
 * EMA summaries of product characteristics (SmPC, section 4.2), which say when
 * to reconsider therapy in a patient without benefit:
 * - infliximab 14: induction 0-2-6, response judged at week 14 (Remicade SmPC; the
 *   week-14 post-induction trough of Papamichael 2019 Table 1).
 * - adalimumab 12: CD "not responded by week 12" (Humira SmPC; UC says 2-8 weeks).
 * - golimumab 14: "clinical response usually achieved within 12-14 weeks" (Simponi SmPC, UC).
 * - certolizumab 12: *unverified* (not EU-licensed for CD; PRECiSE trials judged response at week 6-26).
 * - vedolizumab 14: CD "no evidence of therapeutic benefit by week 14" (Entyvio SmPC; UC: week 10).
 * - ustekinumab 16: "no evidence of therapeutic benefit 16 weeks after the IV induction dose"
 *   (Stelara SmPC): longer than the chapter's 8-14 weeks, kept as labelled.
 * - risankizumab 12 (Skyrizi SmPC, CD: IV induction weeks 0-4-8, assessed at week 12).
 * - mirikizumab 12 (Omvoh SmPC, UC: induction weeks 0-4-8; extended induction to week 24 possible).
 * - tofacitinib 8 (Xeljanz SmPC, UC: 10 mg twice daily for 8 weeks, may be extended to 16).
 * - upadacitinib 8 (Rinvoq SmPC, UC: 45 mg for 8 weeks, may be extended to 16; CD 12).
 * - ozanimod 10 (Zeposia SmPC, UC: "no evidence of therapeutic benefit by week 10").
 * Values marked in this list as *unverified* were not checked against the SmPC text.
 */
export const INDUCTION_WEEKS: Readonly<Record<AdvancedDrug, number>> = {
  infliximab: 14,
  adalimumab: 12,
  golimumab: 14,
  certolizumab: 12,
  vedolizumab: 14,
  ustekinumab: 16,
  risankizumab: 12,
  mirikizumab: 12,
  tofacitinib: 8,
  upadacitinib: 8,
  ozanimod: 10,
};

/** Class of a drug, with a typed error for an unknown name. */
export function drugClassOf(drug: string, field = "drug"): DrugClass {
  const c = (DRUG_CLASS as Record<string, DrugClass>)[drug];
  if (!c) throw new InputError({ field, value: drug, expected: `one of ${Object.keys(DRUG_CLASS).join(", ")}` });
  return c;
}
