/**
 * The treatment covariates of a PK model, read from a patient's treatment courses (treatments.csv):
 * an anti-TNF before the drug, and the concomitant drugs at its first dose. Rosario 2015's
 * vedolizumab model (Table S4) uses all five; a model that does not use a flag ignores it.
 *
 * A drug is recognised by its name (case-insensitive, a biosimilar suffix such as "infliximab-dyyb"
 * allowed) or, for anti-TNFs, by its class "anti-TNF". Hand-written: a lookup table, no package
 * maps IBD drug names to these classes.
 */
import { dayNumber } from "../core/dates";
import { assertArray, assertObject, assertString } from "../core/validate";
import type { Covariates } from "../pk/types";
import type { IsoDate, TreatmentCourse } from "./types";

/** Names of the anti-TNF antibodies (the class a "prior anti-TNF" covariate means). */
export const ANTI_TNF_DRUGS = ["infliximab", "adalimumab", "certolizumab", "golimumab"] as const;

/** The concomitant-drug flags and the drug names each one stands for. */
export const CONCOMITANT_DRUGS = {
  azathioprine: ["azathioprine"],
  mercaptopurine: ["mercaptopurine", "6-mercaptopurine", "6-mp"],
  methotrexate: ["methotrexate"],
  aminosalicylate: ["mesalamine", "mesalazine", "5-asa", "sulfasalazine", "balsalazide", "olsalazine"],
} as const;

/** The treatment flags of {@link Covariates}. */
export type TreatmentFlags = Pick<Covariates, "priorAntiTnf" | "azathioprine" | "mercaptopurine" | "methotrexate" | "aminosalicylate">;

function isDrug(course: TreatmentCourse, names: readonly string[]): boolean {
  const d = course.drug.trim().toLowerCase();
  return names.some((n) => d === n || d.startsWith(`${n}-`) || d.startsWith(`${n} `));
}

/**
 * The treatment flags at a drug's first dose: `priorAntiTnf` when a course of another anti-TNF
 * started before that day; each concomitant flag when a course of that drug had started by that
 * day and had not stopped before it (an ongoing course has no stop date). Only flags that are true
 * are returned, with a note each.
 * @param courses the patient's treatment courses (checked records: dates are ISO dates)
 * @param drug the drug being fitted (its own earlier courses do not count as a prior anti-TNF)
 * @param firstDoseDate the drug's first administration
 * @example
 * treatmentFlags(
 *   [
 *     { drug: "infliximab", drugClass: "anti-TNF", startDate: "2022-01-10", stopDate: "2023-02-01", route: "IV", doseMg: 350, schedule: null, phase: null, lowestDoseMg: null, stopReason: null },
 *     { drug: "azathioprine", drugClass: "immunomodulator", startDate: "2022-03-01", stopDate: null, route: "oral", doseMg: 150, schedule: null, phase: null, lowestDoseMg: null, stopReason: null },
 *   ],
 *   "vedolizumab",
 *   "2023-04-03",
 * ).flags // { priorAntiTnf: true, azathioprine: true }
 */
export function treatmentFlags(
  courses: readonly TreatmentCourse[],
  drug: string,
  firstDoseDate: IsoDate,
): { flags: TreatmentFlags; notes: string[] } {
  const list = assertArray<unknown>(courses, "courses");
  for (let i = 0; i < list.length; i++) {
    const c = assertObject<Record<string, unknown>>(list[i], `courses[${i}]`);
    assertString(c.drug, `courses[${i}].drug`);
    dayNumber(c.startDate, `courses[${i}].startDate`);
    if (c.stopDate !== null && c.stopDate !== undefined) dayNumber(c.stopDate, `courses[${i}].stopDate`);
    if (c.drugClass !== null && c.drugClass !== undefined) assertString(c.drugClass, `courses[${i}].drugClass`);
  }
  const all = Array.from(list) as TreatmentCourse[];
  const day0 = dayNumber(firstDoseDate, "firstDoseDate");
  const self = assertString(drug, "drug").trim().toLowerCase();
  const flags: TreatmentFlags = {};
  const notes: string[] = [];
  const prior = all.find(
    (c) =>
      (isDrug(c, ANTI_TNF_DRUGS) || c.drugClass?.toLowerCase() === "anti-tnf") &&
      !isDrug(c, [self]) &&
      dayNumber(c.startDate, "startDate") < day0,
  );
  if (prior) {
    flags.priorAntiTnf = true;
    notes.push(`prior anti-TNF (${prior.drug} from ${prior.startDate})`);
  }
  for (const [flag, names] of Object.entries(CONCOMITANT_DRUGS) as [keyof typeof CONCOMITANT_DRUGS, readonly string[]][]) {
    const on = all.find(
      (c) =>
        isDrug(c, names) &&
        dayNumber(c.startDate, "startDate") <= day0 &&
        (c.stopDate === null || c.stopDate === undefined || dayNumber(c.stopDate, "stopDate") >= day0),
    );
    if (on) {
      flags[flag] = true;
      notes.push(`${on.drug} at the first dose (from ${on.startDate})`);
    }
  }
  return { flags, notes };
}
