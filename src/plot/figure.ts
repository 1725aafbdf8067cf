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
