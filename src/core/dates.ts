/**
 * The one date module. Inside the toolkit a date is a day number: whole days since 1970-01-01 (UTC), the
 * form the loader stores in a date column and the rules compute on, so "14 days" is 14 calendar days in
 * every time zone. ISO strings (YYYY-MM-DD) appear only at the edges: in a patient record, a rule's
 * result, a report. Dates from 0001-01-01 to 9999-12-31, the ones a cohort file can hold.
 *
 * Hand-written: a day count needs no calendar library (Hinnant's civil-from-days algorithm, as in
 * C++20's <chrono>; H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", 2013).
 */
import { InputError } from "./errors";

/** Day number of 0001-01-01. */
export const MIN_DAY = -719162;
/** Day number of 9999-12-31. */
export const MAX_DAY = 2932896;
const MS_PER_DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days since 1970-01-01 of a civil date (Hinnant's days_from_civil), or NaN when the date does not exist.
 * @example daysFromCivil(2024, 1, 1) // 19723
 * @example daysFromCivil(2023, 2, 29) // NaN (2023 is not a leap year)
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || y < 1 || y > 9999) return Number.NaN;
  const dim = m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  if (d > dim) return Number.NaN;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * ISO date (YYYY-MM-DD) of a day number.
 * @throws InputError (naming `field`) for a day that is not a whole number from -719162 (0001-01-01) to 2932896 (9999-12-31).
 * @example isoDate(0) // "1970-01-01"
 * @example isoDate(19723) // "2024-01-01"
 */
export function isoDate(day: number, field = "day"): string {
  if (typeof day !== "number" || !Number.isInteger(day) || day < MIN_DAY || day > MAX_DAY)
    throw new InputError({ field, value: day, expected: `a whole day number from ${MIN_DAY} (0001-01-01) to ${MAX_DAY} (9999-12-31)` });
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Day number of an ISO date (YYYY-MM-DD).
 * @throws InputError (naming `field`) for a value that is not a string, not YYYY-MM-DD, or not a real calendar date.
 * @example dayNumber("2024-01-01", "date") // 19723
 */
export function dayNumber(date: unknown, field: string): number {
  if (typeof date !== "string") throw new InputError({ field, value: date, expected: "a date string YYYY-MM-DD" });
  const m = ISO.exec(date);
  if (!m) throw new InputError({ field, value: date, expected: "a date YYYY-MM-DD" });
  const day = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  if (Number.isNaN(day)) throw new InputError({ field, value: date, expected: "a real calendar date" });
  return day;
}
