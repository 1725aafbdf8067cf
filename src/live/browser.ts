/// <reference lib="dom" />
/**
 * Entry point of the browser bundle (`dist/browser/ibd-lab.js`, global
 * `IbdLab`), built by esbuild from the same TypeScript as the Node package
 * (scripts/build-browser.mjs). It holds the computational modules (not the
 * file-reading parts: the cohort loader and the CLI are Node only) and the
 * live calculators with their page binder.
 *
 * In a page: `IbdLab.pk.simulate(...)`, `IbdLab.live.mount(element, { name, options, values })`.
 */
import * as discordance from "../discordance/index";
import * as measurement from "../measurement/index";
import * as mimics from "../mimics/index";
import * as pk from "../pk/index";
import * as refractory from "../refractory/index";
import * as stricture from "../stricture/index";
import { CALCULATOR_NAMES, CALCULATORS, calculator } from "./calculators/index";
import { type MountOptions, mountCalculator } from "./dom";
import { formatOutput } from "./format";
import type { CalculatorName } from "./types";

/** What a page asks for: a calculator by name, its JSON options and initial values. */
export interface MountSpec extends MountOptions {
  name: CalculatorName;
  options?: unknown;
}

/** Draws the calculator `spec.name` into `element` and keeps it live; returns a function that recomputes now. */
function mount(element: HTMLElement, spec: MountSpec): () => void {
  const { name, options, ...mountOptions } = spec;
  // what was mounted, for tests and for anyone inspecting the page
  element.dataset.ibdLiveSpec = JSON.stringify({ name, options: options ?? null });
  return mountCalculator(element, calculator(name, options), mountOptions);
}

/** Mounts every `[data-ibd-live]` element under `root` (its attribute holds the JSON spec) not mounted yet. */
function mountAll(root: ParentNode = document, extra: MountOptions = {}): number {
  let n = 0;
  for (const e of Array.from(root.querySelectorAll<HTMLElement>("[data-ibd-live]"))) {
    if (e.dataset.ibdLiveMounted) continue;
    e.dataset.ibdLiveMounted = "1";
    mount(e, { ...(JSON.parse(e.dataset.ibdLive ?? "{}") as MountSpec), ...extra });
    n += 1;
  }
  return n;
}

const live = { CALCULATORS, CALCULATOR_NAMES, calculator, mount, mountAll, mountCalculator, formatOutput };

export { discordance, live, measurement, mimics, pk, refractory, stricture };
