/**
 * How a live output is shown beside its plain number: significant digits,
 * optional percent, unit. Shared by the page binder and by Node (tests, the
 * static fallback text), so a label reads the same everywhere.
 */
import { InputError } from "../core/errors";
import type { LiveOutput } from "./types";

/**
 * The visible label of one output value: `digits` significant figures (default 3),
 * × 100 and " %" when `percent`, then the unit; "—" when the value does not exist.
 * @example
 * formatOutput(3.14159, { name: "troughUgMl", label: "Trough", unit: "µg/mL" }) // "3.14 µg/mL"
 * formatOutput(0.9234, { name: "p", label: "P", percent: true }) // "92.3 %"
 * formatOutput(null, { name: "ppv", label: "PPV" }) // "—"
 */
export function formatOutput(value: number | null, output: LiveOutput): string {
  if (value !== null && typeof value !== "number") throw new InputError({ field: "value", value, expected: "a number, or null" });
  const o = output as Partial<LiveOutput> | null;
  if (o === null || typeof o !== "object")
    throw new InputError({ field: "output", value: output, expected: "an output description { name, label, unit?, digits?, percent? }" });
  const digits = o.digits ?? 3;
  if (!Number.isInteger(digits) || digits < 1 || digits > 21)
    throw new InputError({ field: "output.digits", value: digits, expected: "an integer from 1 to 21" });
  if (o.unit !== undefined && typeof o.unit !== "string")
    throw new InputError({ field: "output.unit", value: o.unit, expected: 'a unit such as "µg/mL"' });
  if (value === null || !Number.isFinite(value)) return "—";
  const shown = output.percent ? value * 100 : value;
  const text = Number(shown.toPrecision(digits)).toString();
  if (output.percent) return `${text} %`;
  return output.unit ? `${text} ${output.unit}` : text;
}
