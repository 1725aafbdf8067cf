/**
 * Names shared by every module that reasons about advanced therapies: the
 * drugs, their mechanism classes and the two diseases.
 */

/** Biologics and small molecules known to the toolkit. */
export type AdvancedDrug =
  | "infliximab"
  | "adalimumab"
  | "golimumab"
  | "certolizumab"
  | "vedolizumab"
  | "ustekinumab"
  | "risankizumab"
  | "mirikizumab"
  | "tofacitinib"
  | "upadacitinib"
  | "ozanimod";

/** Mechanism class, used for "switch within class" vs "out of class". */
export type DrugClass = "anti-TNF" | "anti-integrin" | "anti-IL-12/23" | "anti-IL-23p19" | "JAK inhibitor" | "S1P modulator";

/** Ulcerative colitis or Crohn's disease. */
export type Disease = "UC" | "CD";
