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
 * A unit as a reader should see it in figure text: the micro prefix spelled with the micro sign (U+00B5),
 * whether the caller wrote the ASCII stand-in "u" or the Greek mu (U+03BC): "ug/mL" → "µg/mL",
 * "ln(ug/g)" → "ln(µg/g)", "umol/L" → "µmol/L". Everything else is left as written, so identifiers such
 * as `calprotectin_ug_g` stay in the data and only figure text changes (every {@link axisTitle} applies it).
 * @throws InputError when `unit` is not a string.
 * @example
 * displayUnit("ug/mL") // "µg/mL"
 * displayUnit("ln(ug/g)") // "ln(µg/g)"
 * displayUnit("mg/L") // "mg/L"
 */
export function displayUnit(unit: string): string {
  if (typeof unit !== "string") throw new InputError({ field: "unit", value: unit, expected: 'a unit such as "µg/mL"' });
  // a "u" or "μ" that starts a word (or follows a number) and prefixes gram, litre or mole is the micro prefix
  return unit.replace(/(?<![\p{L}_])[uμ](?=(?:g|L|l|mol)(?![\p{L}]))/gu, "µ");
}

/**
 * Axis title helper: every axis title carries its unit, e.g. `axisTitle("Trough", "µg/mL")`. The unit is
 * spelled for the reader by {@link displayUnit} ("ug/mL" is shown as "µg/mL").
 * @param label the quantity, a non-empty string
 * @param unit its unit; undefined or "" for a unitless axis (a count, a ratio)
 * @throws InputError when `label` is not a non-empty string or `unit` is neither a string nor undefined.
 * @example
 * axisTitle("Trough", "µg/mL") // { text: "Trough (µg/mL)" }
 * axisTitle("Calprotectin", "ug/g") // { text: "Calprotectin (µg/g)" }
 */
export function axisTitle(label: string, unit?: string): { text: string } {
  const l = assertString(label, "label");
  if (unit !== undefined && typeof unit !== "string") {
    throw new InputError({ field: "unit", value: unit, expected: 'a unit such as "µg/mL", or undefined for a unitless axis' });
  }
  return { text: unit ? `${l} (${displayUnit(unit)})` : l };
}

/** Labels of a log axis: at most this many decades are labelled one by one (wider axes label every 2nd, 3rd... decade). */
const LOG_AXIS_MAX_DECADE_LABELS = 10;
/** Ticks of a log axis are written out in full (0.0001 to 100000) inside these bounds, as m×10ⁿ outside them. */
const LOG_AXIS_PLAIN_MIN = 1e-4;
const LOG_AXIS_PLAIN_MAX = 1e5;

/** m·10^k without the binary noise of m * 10 ** k (0.30000000000000004). */
function tickValue(m: number, k: number): number {
  return Number((m * 10 ** k).toPrecision(12));
}

/**
 * A tick value written out in full ("50", "0.002"), or as m×10ⁿ with a true minus sign; as plotly's
 * exponentformat "power", the values from 1 to 99 stay written out in both styles.
 */
function tickText(m: number, k: number, plain: boolean): string {
  if (plain || k === 0 || k === 1) return String(tickValue(m, k));
  const power = `10<sup>${k < 0 ? `−${-k}` : k}</sup>`;
  return m === 1 ? power : `${m}×${power}`;
}

/**
 * Layout properties of a logarithmic axis (spread them into `xaxis`/`yaxis`), the one rule every log
 * axis of the toolkit follows: each label is the full value of its tick, never plotly's minor-tick digits.
 * Plotly's automatic log ticks (dtick "D1"/"D2") label 20, 50, 200, 500 as small "2" and "5", so a reader
 * takes 50 for 5; here the ticks are explicit (`tickmode: "array"`) and chosen from the values drawn:
 *
 * - up to about half a decade: every whole multiple (e.g. 20, 30, 40, 50, 60);
 * - up to about one decade: 1, 2, 3, 5 per decade (e.g. 20, 30, 50, 100);
 * - up to about three and a half decades: 1, 2, 5 per decade (1, 2, 5, 10, 20, 50 ...);
 * - wider: the decades only (every decade up to 10 of them, then every 2nd, 3rd ...).
 *
 * Labels are written out (0.001, 50, 20000) between 1e-4 and 1e5, as 10ⁿ or m×10ⁿ beyond. The other whole
 * multiples of each decade get short unlabelled minor ticks. With no positive finite value the axis
 * labels each decade (`dtick: 1`), again with no minor labels.
 * @param series the values the axis shows (data, or a fixed range's two ends); values ≤ 0 or not finite
 * are ignored, as a log axis cannot draw them.
 * @example
 * const y = logAxis([12, 480, 1800]); // calprotectin, µg/g
 * y.type // "log"
 * y.tickvals // [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]
 * y.ticktext // ["1", "2", "5", "10", "20", "50", "100", "200", "500", "1000", "2000", "5000"]
 * logAxis([1e-5, 1e3]).ticktext // ["10<sup>−6</sup>", "10<sup>−5</sup>", "10<sup>−4</sup>", ...]
 * logAxis([]).dtick // 1
 */
export function logAxis(...series: ArrayLike<number>[]): Record<string, unknown> {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  series.forEach((values, i) => {
    if (values === null || typeof values !== "object" || typeof values.length !== "number") {
      throw new InputError({ field: `series[${i}]`, value: values, expected: "an array of the values the axis shows" });
    }
    for (let j = 0; j < values.length; j++) {
      const v = values[j];
      if (typeof v === "number" && Number.isFinite(v) && v > 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  });
  const minor = { ticks: "outside", ticklen: 3, showgrid: false };
  if (!(lo <= hi)) return { type: "log", dtick: 1, ticks: "outside", minorloglabels: "none", minor };
  const span = Math.log10(hi / lo);
  // the decades of the values and of the room autorange may add around them (a tenth of the span, half a
  // decade on a narrow axis); plotly does not draw the ticks that fall outside the axis range
  const pad = span < 1 ? 0.5 : 0.1 * span;
  const kLo = Math.floor(Math.log10(lo) - pad + 1e-9);
  const kHi = Math.floor(Math.log10(hi) + pad - 1e-9);
  const plain = lo >= LOG_AXIS_PLAIN_MIN && hi <= LOG_AXIS_PLAIN_MAX;
  const mantissas = span <= 0.6 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : span <= 1.2 ? [1, 2, 3, 5] : span <= 3.5 ? [1, 2, 5] : [1];
  const step = mantissas.length > 1 ? 1 : Math.max(1, Math.ceil(span / LOG_AXIS_MAX_DECADE_LABELS));
  const tickvals: number[] = [];
  const ticktext: string[] = [];
  const minorvals: number[] = [];
  for (let k = kLo; k <= kHi; k++) {
    const labelled = k % step === 0;
    for (let m = 1; m <= 9; m++) {
      if (labelled && mantissas.includes(m)) {
        tickvals.push(tickValue(m, k));
        ticktext.push(tickText(m, k, plain));
      } else if (m === 1 || step === 1) minorvals.push(tickValue(m, k));
    }
  }
  return {
    type: "log",
    tickmode: "array",
    tickvals,
    ticktext,
    ticks: "outside",
    minor: { ...minor, tickmode: "array", tickvals: minorvals },
  };
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
 * @example layout.shapes = [referenceLine("y", 5)] // a trough target of 5 µg/mL
 */
export function referenceLine(axis: "x" | "y", value: number, options: ReferenceLineOptions = {}): Record<string, unknown> {
  assertFinite(value, "value");
  const line = { color: options.color ?? "#000000", dash: options.dash ?? "dash", width: options.width ?? 1 };
  return axis === "y"
    ? { type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: value, y1: value, line }
    : { type: "line", xref: "x", yref: "paper", x0: value, x1: value, y0: 0, y1: 1, line };
}
