// Input sets shared by the bundle-parity test and the browser test: each calculator's defaults, and
// every number input moved to the middle of its range (geometric middle for log inputs), every select
// to its last option and every checkbox flipped, so both paths are compared away from the defaults too.
import type { Calculator, LiveValues } from "../../src/live/types";

export function defaults(calc: Calculator): LiveValues {
  return Object.fromEntries(calc.inputs.map((i) => [i.name, i.value]));
}

/** Rounds to the input's step the way a person typing would, keeping 12 significant digits. */
function onStep(x: number, step: number): number {
  return Number((Math.round(x / step) * step).toPrecision(12));
}

export function moved(calc: Calculator): LiveValues {
  const v: LiveValues = {};
  for (const i of calc.inputs) {
    if (i.kind === "number") v[i.name] = onStep(i.log ? Math.sqrt(i.min * i.max) : (i.min + i.max) / 2, i.step);
    else if (i.kind === "select") v[i.name] = i.options[i.options.length - 1].value;
    else if (i.kind === "checkbox") v[i.name] = !i.value;
    else v[i.name] = i.value;
  }
  return v;
}

/** JSON round trip: compares values across realms (a vm context, a page) without prototype noise. */
export function plain<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
