/**
 * Why a number is outside its column's range, in words for the load report, with the hint that names
 * the unit it probably was written in (a value is never rescaled silently).
 */
import { toCanonicalFactor, unitsOf } from "../core/units";
import type { ColumnState } from "./column-state";
import type { ColumnSpec } from "./schema";

/** Why a number is out of its column's range (reason), and the same without the value (kind, for the reject summary); counts wrong-unit looks. */
export function outOfRange(v: number, c: ColumnState): { reason: string; kind: string } {
  const spec1 = c.mapped.spec!;
  const hint = spec1.quantity ? wrongUnitHint(v / c.mapped.factor, spec1, c.mapped.unit ?? spec1.unit ?? "") : "";
  if (hint) c.wrongUnit++;
  const range = `${spec1.minExclusive ? "(" : "["}${spec1.min}, ${spec1.max}]${spec1.unit ? ` ${spec1.unit}` : ""}`;
  if (hint) {
    return {
      reason: `${hint}; values are never rescaled silently: fix the value or declare the unit`,
      kind: `implausible in ${c.mapped.unit ?? spec1.unit}, looks like another unit`,
    };
  }
  if (v < 0 && (spec1.min ?? 0) >= 0) {
    const negative = `negative value; expected a number in ${range}`;
    return { reason: negative, kind: negative };
  }
  const kind = `out of range: expected a number in ${range}`;
  return { reason: `${kind}${c.mapped.factor !== 1 ? ` (after converting ${c.mapped.unit} to ${spec1.unit})` : ""}`, kind };
}

/** When a value is out of range in its declared unit but in range in another unit of the same quantity, names that unit. */
function wrongUnitHint(valueDeclared: number, spec: ColumnSpec, declared: string): string {
  if (!spec.quantity || spec.min === undefined || spec.max === undefined) return "";
  for (const u of unitsOf(spec.quantity)) {
    if (u === declared) continue;
    const canon = valueDeclared * toCanonicalFactor(spec.quantity, u);
    if (canon >= spec.min && canon <= spec.max && canon > 0) {
      return `implausible in ${declared} (allowed ${spec.min}-${spec.max} ${spec.unit}); it looks like ${u} (${fmt(canon)} ${spec.unit})`;
    }
  }
  return "";
}

function fmt(x: number): string {
  return Number.parseFloat(x.toPrecision(4)).toString();
}
