/**
 * Live calculators: the library recomputing in the page. `live(name)` in a
 * notebook cell, `liveHtml(name)` in a page of your own, `npm run live` for
 * the offline teaching site; `calculator(name).compute(values)` in Node gives
 * the same numbers as the page (one browser bundle of the same code).
 */
export { CALCULATOR_NAMES, CALCULATORS, calculator } from "./calculators/index";
export { formatOutput } from "./format";
export { type LiveOptions, live, liveHtml } from "./show";
export type {
  Calculator,
  CalculatorName,
  CheckboxInput,
  LiveInput,
  LiveOutput,
  LiveResult,
  LiveValues,
  NumberInput,
  SelectInput,
  TextInput,
} from "./types";
