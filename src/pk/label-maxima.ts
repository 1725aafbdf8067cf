/**
 * Labelled maxima of the maintenance dose of each biologic, per route, as data (issue 18 item 5):
 * the largest dose, the shortest interval and, where the label bounds the two together, the
 * largest amount per day. The dose solvers (`solveDose`, `longestInterval`) never go beyond these
 * unless the caller raises the cap explicitly, with a reason.
 *
 * Each row carries its source (prescribing information or SmPC section) and, where ibd-lab could
 * not read the label's own wording, an `unverified` note, as the models do. Infliximab reuses
 * {@link INFLIXIMAB_LABEL_LIMITS} (one place for a number), which is the toolkit's cap and partly
 * off-label (its JSDoc says which part).
 */
import { assertOneOf } from "../core/validate";
import { INFLIXIMAB_LABEL_LIMITS } from "./bayes";
import type { PkModel } from "./types";

/** The labelled maxima of one drug by one route. */
export interface LabelMaximum {
  drug: PkModel["drug"];
  route: "iv" | "sc";
  /** How the label doses it: by weight ("mg/kg") or as a flat amount ("mg"). The solvers answer in this unit. */
  doseUnit: "mg/kg" | "mg";
  /** Largest maintenance dose, mg/kg (weight-dosed drugs). */
  maxMgPerKg?: number;
  /** Largest maintenance dose, mg (flat-dosed drugs). */
  maxAmountMg?: number;
  /** Shortest maintenance interval, days. */
  minIntervalDays: number;
  /**
   * Largest amount per day, mg/day (dose / interval), where the label allows a larger dose only at a
   * longer interval (adalimumab: 40 mg weekly or 80 mg every other week, never 80 mg weekly).
   */
  maxMgPerDay?: number;
  /** The labelled maintenance schedule and its escalation, in words. */
  labelled: string;
  /** Prescribing information or SmPC, with the section. */
  citation: string;
  /** Where the label's wording was not read by ibd-lab, or the row is the toolkit's choice. */
  unverified?: string;
}

/**
 * Labelled maxima per drug and route (maintenance after induction, adults):
 * - infliximab IV: 10 mg/kg, every 4 weeks at the shortest ({@link INFLIXIMAB_LABEL_LIMITS}: the
 *   toolkit's cap; the label itself stops at 10 mg/kg every 8 weeks, for Crohn's disease);
 * - adalimumab SC: 40 mg every other week, escalated to 40 mg weekly or 80 mg every other week
 *   after loss of response (so at most 80 mg a dose, every 7 days at the shortest, 40/7 mg a day);
 * - vedolizumab IV: 300 mg, every 4 weeks for decreased response (EU SmPC);
 * - vedolizumab SC: 108 mg every 2 weeks;
 * - ustekinumab SC: 90 mg every 8 weeks.
 * @example
 * LABEL_MAXIMA.map((r) => `${r.drug} ${r.route}`) // ["infliximab iv", "adalimumab sc", "vedolizumab iv", "vedolizumab sc", "ustekinumab sc"]
 */
export const LABEL_MAXIMA: readonly LabelMaximum[] = [
  {
    drug: "infliximab",
    route: "iv",
    doseUnit: "mg/kg",
    maxMgPerKg: INFLIXIMAB_LABEL_LIMITS.maxMgPerKg,
    minIntervalDays: INFLIXIMAB_LABEL_LIMITS.minIntervalDays,
    labelled:
      "5 mg/kg every 8 weeks; 10 mg/kg for adults with Crohn's disease who lose response. Every 4 weeks is the toolkit's cap and off-label (INFLIXIMAB_LABEL_LIMITS).",
    citation:
      "Remicade (infliximab) prescribing information, Janssen, section 2.1; every 4 weeks is the toolkit's cap (INFLIXIMAB_LABEL_LIMITS)",
    unverified:
      "the 4-week shortest interval is not in the label: it is the shortest escalation used in practice (INFLIXIMAB_LABEL_LIMITS); label wording read through INFLIXIMAB_LABEL_LIMITS's JSDoc, not re-read for this row",
  },
  {
    drug: "adalimumab",
    route: "sc",
    doseUnit: "mg",
    maxAmountMg: 80,
    minIntervalDays: 7,
    maxMgPerDay: 40 / 7,
    labelled:
      "40 mg every other week after induction; patients whose response decreases may benefit from 40 mg every week or 80 mg every other week (Crohn's disease and ulcerative colitis).",
    citation: "Humira (adalimumab) SmPC, section 4.2 (Crohn's disease; ulcerative colitis)",
    unverified:
      "the escalation wording was read in a MIMS reproduction of the SmPC (section 4.2), not in the EMA or FDA document itself; in the US prescribing information the 40 mg weekly / 80 mg every other week escalation is not for IBD in every edition",
  },
  {
    drug: "vedolizumab",
    route: "iv",
    doseUnit: "mg",
    maxAmountMg: 300,
    minIntervalDays: 28,
    labelled:
      "300 mg at weeks 0, 2 and 6, then every 8 weeks; some patients whose response decreases may benefit from 300 mg every 4 weeks (EU SmPC; not in the US prescribing information).",
    citation: "Entyvio (vedolizumab) 300 mg powder for infusion, SmPC, section 4.2",
    unverified: "the every-4-weeks wording was read in a MIMS reproduction of the SmPC (section 4.2), not in the EMA document itself",
  },
  {
    drug: "vedolizumab",
    route: "sc",
    doseUnit: "mg",
    maxAmountMg: 108,
    minIntervalDays: 14,
    labelled: "108 mg every 2 weeks, after at least two intravenous induction doses; no shorter interval is labelled.",
    citation: "Entyvio (vedolizumab) 108 mg solution for injection, SmPC, section 4.2; Entyvio US prescribing information, section 2",
    unverified: "read in the EMA's overview of Entyvio (108 mg every 2 weeks), not in the SmPC section itself",
  },
  {
    drug: "ustekinumab",
    route: "sc",
    doseUnit: "mg",
    maxAmountMg: 90,
    minIntervalDays: 56,
    labelled:
      "90 mg every 8 weeks (US); every 12 weeks, or every 8 weeks after loss of response (EU SmPC), after a weight-tiered intravenous induction dose.",
    citation: "Stelara (ustekinumab) prescribing information, section 2.3; Stelara SmPC, section 4.2",
    unverified: "not confirmed against the label's text by ibd-lab: the search found the label documents but not their dosing section",
  },
];

/**
 * The labelled maxima of one drug by one route (a row of {@link LABEL_MAXIMA}).
 * @throws InputError for a drug or route with no row (e.g. adalimumab IV).
 * @example
 * labelMaximumFor("adalimumab", "sc").maxAmountMg // 80
 * labelMaximumFor("infliximab", "iv").minIntervalDays // 28
 */
export function labelMaximumFor(drug: PkModel["drug"], route: "iv" | "sc"): LabelMaximum {
  const d = assertOneOf(drug, "drug", ["infliximab", "adalimumab", "vedolizumab", "ustekinumab"] as const);
  const routes = LABEL_MAXIMA.filter((r) => r.drug === d).map((r) => r.route);
  const r = assertOneOf(route, "route", routes);
  return LABEL_MAXIMA.find((row) => row.drug === d && row.route === r) as LabelMaximum;
}
