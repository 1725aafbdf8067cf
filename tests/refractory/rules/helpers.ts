// Shared builders for the per-rule tests: day offsets from D0 and a rule run on a prepared context.
import { addDays } from "../../../src/refractory/dates";
import type { RefractoryFinding, RefractoryOptions } from "../../../src/refractory/definitions";
import { prepareContext, type RefractoryRule, toFinding } from "../../../src/refractory/rules/context";
import type { SteroidCourse, TreatmentHistory } from "../../../src/refractory/types";

export const D0 = "2025-01-01";
/** The ISO date `n` days after D0 (day(0) = D0). */
export const day = (n: number): string => addDays(D0, n);

/** A history with mimics excluded and `asOf` 400 days after D0, plus `extra`. */
export function history(extra: Partial<TreatmentHistory> = {}): TreatmentHistory {
  return { patientId: "R", asOf: day(400), mimicsExcluded: true, ...extra };
}

/** An oral steroid course from day `from` to day `to` (inclusive; omitted: ongoing). */
export function steroid(
  drug: SteroidCourse["drug"],
  doseMgPerDay: number,
  from: number,
  to?: number,
  route: SteroidCourse["route"] = "oral",
): SteroidCourse {
  return { drug, doseMgPerDay, route, startDate: day(from), ...(to === undefined ? {} : { endDate: day(to) }) };
}

/** Calprotectin 900 ug/g (active) or 30 ug/g (inactive) on day `n`. */
export const active = (n: number) => ({ date: day(n), calprotectinUgG: 900 });
export const inactive = (n: number) => ({ date: day(n), calprotectinUgG: 30 });

/** Runs one rule on the context prepared from `h` and `options`; findings as the public API dates them. */
export function runRule(
  rule: RefractoryRule,
  h: TreatmentHistory,
  options: RefractoryOptions = {},
): { findings: RefractoryFinding[]; warnings: string[] } {
  const r = rule(prepareContext(h, options));
  return { findings: r.findings.map(toFinding), warnings: r.warnings };
}

/** The labels of one rule's findings ("not-yet-assessable:<reason>" for the held ones). */
export function labelsOf(rule: RefractoryRule, h: TreatmentHistory, options: RefractoryOptions = {}): string[] {
  return runRule(rule, h, options).findings.map((f) =>
    f.label === "not-yet-assessable" ? `not-yet-assessable:${f.notAssessableReason}` : f.label,
  );
}
