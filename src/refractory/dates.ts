/**
 * Calendar-day arithmetic on ISO dates (YYYY-MM-DD), in whole UTC days, so
 * that "14 days" means 14 calendar days whatever the time zone. Day numbers and
 * ISO conversion are src/core/dates.ts, the one date module.
 */
import { dayNumber, isoDate } from "../core/dates";
import { InputError } from "../core/errors";

export { dayNumber, isoDate } from "../core/dates";

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
