/**
 * The figure type every builder returns: a plain plotly.js figure object.
 * Builders are pure (data in, `{ data, layout }` out) and testable without a
 * browser; {@link show} displays one in a notebook.
 */
import { InputError } from "../core/errors";
import { assertArray, assertFinite, assertObject, assertString } from "../core/validate";

/** One plotly trace (see plotly.js reference); kept loose so any trace type fits. */
export type Trace = Record<string, unknown> & { type?: string };

/** A plotly.js figure: traces, layout and optional config. */
export interface Figure {
  data: Trace[];
  layout: Record<string, unknown>;
  config?: Record<string, unknown>;
  /** Optional frames for animated figures. */
  frames?: Record<string, unknown>[];
}

/**
 * Axis title helper: every axis title carries its unit, e.g. `axisTitle("Trough", "ug/mL")`.
 * @param label the quantity, a non-empty string
 * @param unit its unit; undefined or "" for a unitless axis (a count, a ratio)
 * @throws InputError when `label` is not a non-empty string or `unit` is neither a string nor undefined.
 * @example axisTitle("Trough", "ug/mL") // { text: "Trough (ug/mL)" }
 */
export function axisTitle(label: string, unit?: string): { text: string } {
  const l = assertString(label, "label");
  if (unit !== undefined && typeof unit !== "string") {
    throw new InputError({ field: "unit", value: unit, expected: 'a unit such as "ug/mL", or undefined for a unitless axis' });
  }
  return { text: unit ? `${l} (${unit})` : l };
}

/**
 * Checks that a value is a plotly figure: an object with a `data` array of trace objects, and a
 * `layout` object (undefined is taken as `{}`), optional `config` object and `frames` array.
 * @throws InputError naming the first malformed field.
 */
export function checkFigure(figure: unknown, field = "figure"): Figure {
  const f = assertObject<Partial<Figure>>(figure, field);
  const data = assertArray<unknown>(f.data, `${field}.data`);
  if (!Array.isArray(data)) throw new InputError({ field: `${field}.data`, value: data, expected: "an array of traces" });
  data.forEach((t, i) => {
    assertObject(t, `${field}.data[${i}]`);
  });
  const layout = f.layout === undefined ? {} : assertObject(f.layout, `${field}.layout`);
  if (f.config !== undefined) assertObject(f.config, `${field}.config`);
  if (f.frames !== undefined && !Array.isArray(f.frames)) {
    throw new InputError({ field: `${field}.frames`, value: f.frames, expected: "an array of frames" });
  }
  return { ...(f as Figure), layout };
}

/** Options of {@link referenceLine}. */
export interface ReferenceLineOptions {
  /** Line colour. Default: the palette's threshold colour (black). */
  color?: string;
  /** Dash style. Default: "dash". */
  dash?: string;
  /** Line width in px. Default: 1. */
  width?: number;
}

/**
 * A plotly layout shape drawing a threshold across the whole plot: horizontal
 * at y = `value` (axis "y") or vertical at x = `value` (axis "x").
 * @example layout.shapes = [referenceLine("y", 5)] // a trough target of 5 ug/mL
 */
export function referenceLine(axis: "x" | "y", value: number, options: ReferenceLineOptions = {}): Record<string, unknown> {
  assertFinite(value, "value");
  const line = { color: options.color ?? "#000000", dash: options.dash ?? "dash", width: options.width ?? 1 };
  return axis === "y"
    ? { type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: value, y1: value, line }
    : { type: "line", xref: "x", yref: "paper", x0: value, x1: value, y0: 0, y1: 1, line };
}
