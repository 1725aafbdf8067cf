/**
 * Corticosteroid dose equivalence and daily prednisone-equivalent exposure.
 *
 * Equivalent anti-inflammatory doses (glucocorticoid potency, systemic use):
 *
 * | drug               | equivalent to 5 mg prednisone | factor (x dose) |
 * |--------------------|-------------------------------|-----------------|
 * | prednisone         | 5 mg                          | 1               |
 * | prednisolone       | 5 mg                          | 1               |
 * | methylprednisolone | 4 mg                          | 1.25            |
 * | hydrocortisone     | 20 mg                         | 0.25            |
 * | budesonide         | (none: see below)             | 0 by default    |
 *
 * Sources: Meikle AW, Tyler FH (1977) "Potency and duration of action of
 * glucocorticoids", Am J Med 63:200-207; the same ratios are tabulated in
 * Liu D et al. (2013) "A practical guide to the monitoring and management of
 * the complications of systemic corticosteroid therapy", Allergy Asthma Clin
 * Immunol 9:30 (Table 1; table number *unverified*) and in the prednisolone
 * label (15 mg prednisolone = 60 mg hydrocortisone = 12 mg methylprednisolone).
 *
 * Budesonide (oral controlled-ileal-release or MMX) undergoes ~85-90 %
 * first-pass hepatic metabolism (systemic bioavailability ~10-15 %; Edsbäcker
 * & Andersson 2004, Clin Pharmacokinet 43:803), so no systemic
 * prednisone-equivalent is defined for it and IBD definitions of steroid
 * refractoriness/dependence are written for systemic steroids. Our choice:
 * budesonide counts 0 mg prednisone-equivalent by default (it is still listed
 * in the evidence trail); a caller may set `budesonideFactor` to study another
 * convention. Rectal steroids likewise count 0 by default (`countRectal`).
 *
 * Oral budesonide is tracked separately, in mg/day of budesonide
 * (`SteroidExposure.budesonideMgPerDay`), because ECCO defines budesonide
 * dependence on its own scale: unable to go below 3 mg/day budesonide within
 * 3 months of starting (Gomollón 2017, J Crohns Colitis 11:3). Rectal
 * budesonide (foam, enema) is topical and is not in that series.
 */
import { InputError } from "../core/errors";
import { assertArray, assertFinite, assertInteger, assertNonNegative, assertObject, assertPositive } from "../core/validate";
import { dayNumber } from "./dates";
import type { SteroidCourse, SteroidDrug } from "./types";

/** Milligrams of each steroid equivalent to 5 mg prednisone (Meikle & Tyler 1977; Liu 2013). */
export const STEROID_EQUIVALENT_DOSE_MG: Readonly<Record<Exclude<SteroidDrug, "budesonide">, number>> = {
  prednisone: 5,
  prednisolone: 5,
  methylprednisolone: 4,
  hydrocortisone: 20,
};

/** Options for {@link prednisoneEquivalentMgPerDay}. */
export interface EquivalenceOptions {
  /** Prednisone-equivalent mg per mg of oral budesonide. Default: 0 (excluded, low systemic bioavailability). */
  budesonideFactor?: number;
  /** Count rectal steroids (foam, enema) as systemic. Default: false. */
  countRectal?: boolean;
}

/**
 * Prednisone-equivalent daily dose of one steroid course, mg/day.
 *
 *   prednisoneEq = dose × 5 / equivalentDose(drug)
 *
 * @example prednisoneEquivalentMgPerDay({ drug: "methylprednisolone", doseMgPerDay: 60, route: "iv", startDate: "2025-01-01" }) // 75
 * @example prednisoneEquivalentMgPerDay({ drug: "hydrocortisone", doseMgPerDay: 400, route: "iv", startDate: "2025-01-01" }) // 100
 */
export function prednisoneEquivalentMgPerDay(
  course: Pick<SteroidCourse, "drug" | "doseMgPerDay" | "route">,
  options: EquivalenceOptions = {},
): number {
  assertObject(course, "course");
  assertObject(options, "options");
  const dose = assertPositive(course.doseMgPerDay, "doseMgPerDay");
  if (course.route === "rectal" && !options.countRectal) return 0;
  if (course.drug === "budesonide") {
    return dose * assertNonNegative(options.budesonideFactor ?? 0, "budesonideFactor");
  }
  const eq = STEROID_EQUIVALENT_DOSE_MG[course.drug];
  if (eq === undefined) {
    throw new InputError({
      field: "drug",
      value: course.drug,
      expected: `one of ${[...Object.keys(STEROID_EQUIVALENT_DOSE_MG), "budesonide"].join(", ")}`,
    });
  }
  return (dose * 5) / eq;
}

/** Day-by-day systemic steroid exposure of a history. */
export interface SteroidExposure {
  /** Day number of index 0. */
  firstDay: number;
  /** Prednisone-equivalent mg/day on each day (sum over overlapping courses). */
  prednisoneEqMgPerDay: Float64Array;
  /** Whether any IV course qualifying for the IV rule was running that day. */
  ivQualifying: Uint8Array;
  /** Oral budesonide, mg/day of budesonide (not prednisone-equivalent), on each day (sum over overlapping courses). */
  budesonideMgPerDay: Float64Array;
}

/** Checks a steroid course and returns its [start, end] day numbers (end = asOf when ongoing). */
export function steroidCourseDays(course: SteroidCourse, index: number, asOfDay: number): [number, number] {
  assertInteger(index, "index");
  assertFinite(asOfDay, "asOfDay");
  const field = `steroids[${index}]`;
  assertObject(course, field);
  const s = dayNumber(course.startDate, `${field}.startDate`);
  const e = course.endDate === undefined ? asOfDay : dayNumber(course.endDate, `${field}.endDate`);
  if (s > asOfDay) throw new InputError({ field: `${field}.startDate`, value: course.startDate, expected: "a date on or before asOf" });
  if (e < s)
    throw new InputError({
      field: `${field}.endDate`,
      value: course.endDate,
      expected: `a date on or after startDate ${course.startDate}`,
    });
  if (!["oral", "iv", "rectal"].includes(course.route)) {
    throw new InputError({ field: `${field}.route`, value: course.route, expected: "oral, iv or rectal" });
  }
  assertPositive(course.doseMgPerDay, `${field}.doseMgPerDay`);
  return [s, Math.min(e, asOfDay)];
}

/**
 * Builds the daily prednisone-equivalent series of a list of steroid courses
 * up to `asOf` (inclusive), and the separate daily series of oral budesonide
 * (mg/day of budesonide). Overlapping courses add up.
 * @example steroidExposure([{ drug: "budesonide", doseMgPerDay: 9, route: "oral", startDate: "2025-01-01" }], "2025-01-02").budesonideMgPerDay // [9, 9]
 */
export function steroidExposure(
  courses: readonly SteroidCourse[],
  asOf: string,
  options: EquivalenceOptions & { ivDrugs?: readonly SteroidDrug[]; ivMinPrednisoneEqMgPerDay?: number } = {},
): SteroidExposure {
  assertArray(courses, "steroids");
  assertObject(options, "options");
  const asOfDay = dayNumber(asOf, "asOf");
  const spans = courses.map((c, i) => steroidCourseDays(c, i, asOfDay));
  const firstDay = spans.length ? Math.min(...spans.map((s) => s[0])) : asOfDay;
  const n = asOfDay - firstDay + 1;
  const pred = new Float64Array(n);
  const iv = new Uint8Array(n);
  const bud = new Float64Array(n);
  const ivDrugs = options.ivDrugs ?? ["methylprednisolone", "hydrocortisone"];
  const ivMin = options.ivMinPrednisoneEqMgPerDay ?? 40;
  courses.forEach((c, i) => {
    const eq = prednisoneEquivalentMgPerDay(c, options);
    const [s, e] = spans[i];
    const qualifiesIv = c.route === "iv" && ivDrugs.includes(c.drug) && eq >= ivMin;
    const budesonide = c.drug === "budesonide" && c.route === "oral" ? c.doseMgPerDay : 0;
    for (let d = s; d <= e; d++) {
      pred[d - firstDay] += eq;
      bud[d - firstDay] += budesonide;
      if (qualifiesIv) iv[d - firstDay] = 1;
    }
  });
  return { firstDay, prednisoneEqMgPerDay: pred, ivQualifying: iv, budesonideMgPerDay: bud };
}
