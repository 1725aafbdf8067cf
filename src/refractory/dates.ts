/**
 * Calendar-day arithmetic on ISO dates (YYYY-MM-DD), in whole UTC days, so
 * that "14 days" means 14 calendar days whatever the time zone.
 */
import { InputError } from "../core/errors";

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Day number (days since 1970-01-01) of an ISO date; throws InputError on a malformed or impossible date. */
export function dayNumber(date: unknown, field: string): number {
  if (typeof date !== "string") throw new InputError({ field, value: date, expected: "a date string YYYY-MM-DD" });
  const m = ISO.exec(date);
  if (!m) throw new InputError({ field, value: date, expected: "a date YYYY-MM-DD" });
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new InputError({ field, value: date, expected: "a real calendar date" });
  }
  return t / MS_PER_DAY;
}

/** Day numbers within +-100,000,000 days of 1970-01-01: the range of a JavaScript Date. */
const MAX_DAY = 100_000_000;

/** ISO date of a whole day number. */
export function isoDate(day: number, field = "day"): string {
  if (typeof day !== "number" || !Number.isInteger(day) || Math.abs(day) > MAX_DAY)
    throw new InputError({
      field,
      value: day,
      expected: `a whole number of days within ${MAX_DAY.toLocaleString("en")} days of 1970-01-01`,
    });
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The ISO date `days` (a whole number, negative for earlier) after `date`.
 * Public as `addDaysIso`.
 * @example addDaysIso("2025-01-30", 2) // "2025-02-01"
 * @example addDaysIso("2025-03-01", -1) // "2025-02-28"
 */
export function addDays(date: string, days: number): string {
  if (typeof days !== "number" || !Number.isInteger(days))
    throw new InputError({ field: "days", value: days, expected: "a whole number of days" });
  return isoDate(dayNumber(date, "date") + days, "days");
}
