/**
 * The shape of a live calculator: declarative inputs and outputs (like an
 * Observable Plot options object, with documented defaults), and one pure
 * `compute(values)` that calls the library. The same object runs in Node
 * (tests, notebooks) and in the browser bundle (`dist/browser/ibd-lab.js`),
 * where `bindCalculators` (src/live/dom.ts) draws the form and redraws the
 * figure and outputs on every change, without a kernel.
 *
 * Page contract (issue 16, item 4): each calculator is a
 * `<form data-calculator="NAME">`; every input carries `name` equal to the
 * library's option name (the `name` of its {@link LiveInput}); every result is
 * an `<output name="...">` holding a plain number (`String(x)`, or empty when
 * the result does not exist), with the formatted text in a separate label.
 */
import type { Figure } from "../plot/figure";

/** The calculators the toolkit ships, by the names the page contract uses. */
export type CalculatorName =
  | "pk-whatif"
  | "antigen-sink"
  | "map-forecast"
  | "occupancy"
  | "measurement-error"
  | "roc-threshold"
  | "post-test"
  | "stricture-flow";

interface InputBase {
  /** The library's option name; also the form field's `name` and the URL-hash key. */
  name: string;
  /** What a reader sees beside the field, without the unit. */
  label: string;
  /** One sentence shown as the field's help text (optional). */
  help?: string;
}

/** A number: shown as a number box plus a slider (the slider has no `name`). */
export interface NumberInput extends InputBase {
  kind: "number";
  /** Unit shown after the label, e.g. "kg" or "g/dL"; omit for a unitless value. */
  unit?: string;
  min: number;
  max: number;
  step: number;
  /** Initial value (within min..max). */
  value: number;
  /** Slider on a log scale (for quantities spanning decades). Default false. */
  log?: boolean;
}

/** A choice among fixed values. */
export interface SelectInput extends InputBase {
  kind: "select";
  options: { value: string; label: string }[];
  /** Initial value: one of `options[].value`. */
  value: string;
}

/** Yes or no. */
export interface CheckboxInput extends InputBase {
  kind: "checkbox";
  value: boolean;
}

/** Free text, e.g. dated levels "day, level" one per line. */
export interface TextInput extends InputBase {
  kind: "text";
  value: string;
  /** Visible rows (a textarea when above 1). Default 1. */
  rows?: number;
  placeholder?: string;
}

export type LiveInput = NumberInput | SelectInput | CheckboxInput | TextInput;

/** Input values by name, as the form holds them (numbers already parsed). */
export type LiveValues = Record<string, number | string | boolean>;

/** One result: an `<output name>` holding a plain number, and a formatted label. */
export interface LiveOutput {
  /** The result's name (the library's field name where there is one, with its unit in the name). */
  name: string;
  /** What a reader sees, without the unit. */
  label: string;
  /** Unit shown after the formatted value, e.g. "µg/mL" or "%"; omit when unitless. */
  unit?: string;
  /** Significant digits of the formatted label. Default 3. */
  digits?: number;
  /** Show the value × 100 in the label (for a probability shown as %). Default false. */
  percent?: boolean;
}

/** What one computation gives: numbers by output name, a figure and sentences. */
export interface LiveResult {
  /** Every declared output by name: a finite number, or null when it does not exist here (e.g. PPV with no positives). */
  outputs: Record<string, number | null>;
  /** The figure, redrawn with `Plotly.react` on every change. */
  figure: Figure;
  /** Plain sentences shown under the figure (no HTML). */
  notes: string[];
}

/** A calculator: inputs, outputs and the pure computation between them. */
export interface Calculator {
  name: CalculatorName;
  /** Heading of the calculator. */
  title: string;
  /** Chapter (notebook) it belongs to, e.g. "05 Pharmacokinetics". */
  chapter: string;
  /** One or two sentences: what to try. */
  description: string;
  inputs: LiveInput[];
  outputs: LiveOutput[];
  /**
   * Computes the result from a full set of values (every input's name present).
   * Throws an InputError (naming the field) for a value the library rejects.
   */
  compute(values: LiveValues): LiveResult;
}
