/**
 * The figure type every builder returns: a plain plotly.js figure object.
 * Builders are pure (data in, `{ data, layout }` out) and testable without a
 * browser; {@link show} displays one in a notebook.
 */

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

/** Axis title helper: every axis title carries its unit, e.g. `axisTitle("Trough", "ug/mL")`. */
export function axisTitle(label: string, unit?: string): { text: string } {
  return { text: unit ? `${label} (${unit})` : label };
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
  const line = { color: options.color ?? "#000000", dash: options.dash ?? "dash", width: options.width ?? 1 };
  return axis === "y"
    ? { type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: value, y1: value, line }
    : { type: "line", xref: "x", yref: "paper", x0: value, x1: value, y0: 0, y1: 1, line };
}
