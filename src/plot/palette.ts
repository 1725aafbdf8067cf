import { assertNoNonFinite, assertObject } from "../core/validate";

/**
 * One palette for every notebook and report, so a colour means the same thing
 * everywhere (CONTRIBUTING.md, "Figures"). Colours are from the Okabe-Ito
 * colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design").
 */
export const palette = {
  blue: "#0072B2",
  orange: "#E69F00",
  green: "#009E73",
  vermillion: "#D55E00",
  skyBlue: "#56B4E9",
  purple: "#CC79A7",
  yellow: "#F0E442",
  grey: "#7F7F7F",
  black: "#000000",
} as const;

/** Meaning-bearing colours used across chapters. */
export const semanticColors = {
  /** Objective inflammation present / active disease. */
  active: palette.vermillion,
  /** Remission / healed mucosa. */
  remission: palette.green,
  /** Symptoms without inflammation. */
  symptomsOnly: palette.orange,
  /** Inflammation without symptoms. */
  silentInflammation: palette.purple,
  /** Indeterminate or missing evidence. */
  indeterminate: palette.grey,
  /** Threshold and reference lines. */
  threshold: palette.black,
  /** Model prediction or simulation. */
  model: palette.blue,
  /** Observed data. */
  observed: palette.skyBlue,
} as const;

/** An ordered categorical sequence for traces without a fixed meaning. */
export const categorical: readonly string[] = [
  palette.blue,
  palette.orange,
  palette.green,
  palette.vermillion,
  palette.skyBlue,
  palette.purple,
  palette.yellow,
  palette.grey,
];

/** Default layout pieces shared by builders (font, margins, white background). */
export const baseLayout: Record<string, unknown> = {
  font: { family: "Helvetica, Arial, sans-serif", size: 13 },
  margin: { l: 64, r: 24, t: 48, b: 56 },
  paper_bgcolor: "#ffffff",
  plot_bgcolor: "#ffffff",
  colorway: [...categorical],
};

/**
 * Merges a builder's layout over {@link baseLayout}.
 * @throws InputError when `layout` is not an object, or holds NaN or ±Infinity anywhere (plotly
 * would silently drop such a range, position or size).
 * @example
 * const layout = withBaseLayout({ title: { text: "Troughs" } });
 * layout.title // { text: "Troughs" }
 * layout.colorway[0] // "#0072B2" (Okabe-Ito, readable with colour-vision deficiency)
 */
export function withBaseLayout(layout: Record<string, unknown>): Record<string, unknown> {
  const l = assertObject(layout, "layout");
  assertNoNonFinite(l, "layout");
  return { ...baseLayout, ...l };
}
