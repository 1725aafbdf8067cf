/**
 * Every live calculator by its page-contract name (issue 16, item 4): one
 * factory per file in this folder, listed once here. A notebook's `live(name)`,
 * the `npm run live` site and the browser bundle all look calculators up in
 * this table, so a name means the same computation everywhere.
 */
import { InputError } from "../../core/errors";
import type { Calculator, CalculatorName } from "../types";
import { antigenSinkCalculator } from "./antigen-sink";
import { mapForecastCalculator } from "./map-forecast";
import { measurementErrorCalculator } from "./measurement-error";
import { occupancyCalculator } from "./occupancy";
import { pkWhatifCalculator } from "./pk-whatif";
import { postTestCalculator } from "./post-test";
import { rocThresholdCalculator } from "./roc-threshold";
import { strictureFlowCalculator } from "./stricture-flow";

// biome-ignore lint/suspicious/noExplicitAny: each factory takes its own JSON options object
type Factory = (options?: any) => Calculator;

/** The factories by name; each takes its own (JSON) options object. */
export const CALCULATORS: Readonly<Record<CalculatorName, Factory>> = Object.freeze({
  "pk-whatif": pkWhatifCalculator,
  "antigen-sink": antigenSinkCalculator,
  "map-forecast": mapForecastCalculator,
  occupancy: occupancyCalculator,
  "measurement-error": measurementErrorCalculator,
  "roc-threshold": rocThresholdCalculator,
  "post-test": postTestCalculator,
  "stricture-flow": strictureFlowCalculator,
});

/** The calculator names, in the order of the chapters. */
export const CALCULATOR_NAMES = Object.freeze(Object.keys(CALCULATORS) as CalculatorName[]);

/**
 * The calculator called `name`, made with `options` (see each factory).
 * @throws InputError for an unknown name.
 * @example
 * calculator("post-test").outputs.map((o) => o.name).includes("postTestProbability") // true
 */
export function calculator(name: CalculatorName, options?: unknown): Calculator {
  if (typeof name !== "string" || !Object.hasOwn(CALCULATORS, name)) {
    throw new InputError({ field: "name", value: name, expected: `one of ${CALCULATOR_NAMES.join(", ")}` });
  }
  return CALCULATORS[name](options);
}
