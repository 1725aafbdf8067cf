/**
 * `live(name, options)`: a live calculator in a notebook cell. The cell's
 * output is HTML that draws the calculator's form and figure and recomputes
 * them in the page on every change, with the library's own code (the browser
 * bundle, inlined once per kernel session like plotly.js), so it keeps working
 * in the exported HTML page, in the slides and in Jupyter's UI without a
 * kernel. Before the page's scripts run (an untrusted notebook), the cell shows
 * the calculator's starting result as text and says why it is not live.
 */
import { InputError } from "../core/errors";
import { optionalBoolean, optionsObject } from "../core/validate";
import { ASSET_LOADER_JS, ASSET_MISSING_ADVICE, assetPath, assetScriptTag, assetSource, assetVersion } from "../plot/assets";
import { jsonForScript, plotlyScriptTag } from "../plot/html";
import { assetSent, type HtmlDisplay, sendAssets, tslabTarget } from "../plot/show";
import { escapeHtml } from "../plot/table";
import { calculator } from "./calculators/index";
import { formatOutput } from "./format";
import { LIVE_CSS } from "./style";
import type { CalculatorName, LiveValues } from "./types";

/**
 * The browser bundle's source (dist/browser/ibd-lab.js, made by `npm run build`), read once per process.
 * @throws EnvironmentError when the bundle has not been built.
 */
export function browserBundleSource(): string {
  return assetSource("ibd-lab-bundle");
}

/**
 * The path of the browser bundle file.
 * @throws EnvironmentError when the bundle has not been built.
 */
export function browserBundlePath(): string {
  return assetPath("ibd-lab-bundle");
}

/** `<script>` holding the ibd-lab browser bundle (global `IbdLab`); once per page, before any calculator. */
export function browserBundleTag(): string {
  return assetScriptTag("ibd-lab-bundle");
}

/** Options of {@link liveHtml} and {@link live}. */
export interface LiveOptions {
  /** The calculator's own options (plain JSON: e.g. the cohort's scores for "roc-threshold"). Default none. */
  options?: unknown;
  /** Starting values by input name, overriding the calculator's defaults. Default none. */
  values?: Partial<LiveValues>;
  /** Keep the values in the page's URL hash. Default false (true on the `npm run live` site). */
  hash?: boolean;
  /** Inline plotly.js and the bundle: true always, false never, default only the first time in this session. */
  includeScripts?: boolean;
  /** Show the calculator's title and description. Default true. */
  heading?: boolean;
  /** Base font size of the figure, px (8 to 40). Default: the figure's own (the `npm run live` site uses 18). */
  fontSize?: number;
}

let counter = 0;

/**
 * HTML that draws a live calculator: the mount point (with the starting result as text until the
 * page's scripts run) and a small script that mounts the calculator once `IbdLab` and `Plotly` exist.
 * The starting values are computed here first, so a bad value fails in the cell, not in the page.
 * @throws InputError for an unknown name, bad calculator options or a starting value the calculator rejects.
 * @throws EnvironmentError when the bundle is needed and has not been built.
 * @example
 * const html = liveHtml("post-test", { values: { pretestProbability: 0.2 }, includeScripts: false });
 * html.includes('data-ibd-live="post-test"') // true
 */
export function liveHtml(name: CalculatorName, opts?: LiveOptions): string {
  const o = optionsObject(opts);
  const calc = calculator(name, o.options);
  const given = o.values === undefined ? {} : optionsObject(o.values, "values");
  for (const k of Object.keys(given)) {
    if (!calc.inputs.some((i) => i.name === k)) {
      throw new InputError({
        field: `values.${k}`,
        value: given[k],
        expected: `an input of "${name}": ${calc.inputs.map((i) => i.name).join(", ")}`,
      });
    }
  }
  const values: LiveValues = {};
  for (const input of calc.inputs) values[input.name] = (given[input.name] as LiveValues[string] | undefined) ?? input.value;
  const first = calc.compute(values);
  const hash = optionalBoolean(o.hash, "hash") ?? false;
  const heading = optionalBoolean(o.heading, "heading") ?? true;
  const forced = optionalBoolean(o.includeScripts, "includeScripts");
  if (o.fontSize !== undefined && (typeof o.fontSize !== "number" || !(o.fontSize >= 8 && o.fontSize <= 40))) {
    throw new InputError({ field: "fontSize", value: o.fontSize, expected: "a font size in px from 8 to 40" });
  }
  const withPlotly = forced ?? !assetSent("plotly");
  const withBundle = forced ?? !assetSent("ibd-lab-bundle");
  counter += 1;
  const id = `ibd-live-${Date.now().toString(36)}-${counter}`;
  const spec = { name, options: o.options, values: given, hash, heading, fontSize: o.fontSize };
  const summary = calc.outputs
    .map((out) => `${escapeHtml(out.label)}: ${escapeHtml(formatOutput(first.outputs[out.name] ?? null, out))}`)
    .join(" · ");
  // Where the page lacks a script (a reopened notebook does not keep them), it is asked of the Jupyter
  // server (src/plot/assets.ts); where that fails, the calculator says why in its place.
  const missing = JSON.stringify(` ${ASSET_MISSING_ADVICE}`);
  const mountScript =
    `(function(){var e=document.getElementById(${JSON.stringify(id)});${ASSET_LOADER_JS}` +
    `Promise.all([window.ibdLabAsset("plotly.min.js","Plotly",${JSON.stringify(assetVersion("plotly"))}),` +
    `window.ibdLabAsset("ibd-lab.js","IbdLab",${JSON.stringify(assetVersion("ibd-lab-bundle"))})]).then(function(){` +
    `if(e.dataset.ibdLiveMounted)return;e.dataset.ibdLiveMounted="1";window.IbdLab.live.mount(e,${jsonForScript(spec, "options")});` +
    `},function(err){var p=document.createElement("p");p.className="ibd-live-error";` +
    `p.textContent="The calculator could not start: "+err.message+"."+${missing};e.appendChild(p);});})();`;
  const html =
    `<style>${LIVE_CSS}</style>` +
    (withPlotly ? plotlyScriptTag() : "") +
    (withBundle ? browserBundleTag() : "") +
    `<div class="ibd-live" id="${id}" data-ibd-live="${escapeHtml(name)}">` +
    `<div class="ibd-live-static"><strong>${escapeHtml(calc.title)}</strong><br>${summary}<br>` +
    `<em>This calculator recomputes in the page. If you are reading this text, the page's scripts are not running here ` +
    `(in Jupyter: File &gt; Trust Notebook, then reload).</em></div></div>` +
    `<script type="text/javascript">${mountScript}</script>`;
  return html;
}

/**
 * Shows a live calculator in a tslab notebook (see {@link liveHtml} for the options). Returns nothing,
 * so that as the last line of a cell it does not echo the HTML.
 * @throws InputError for an unknown name or bad options; EnvironmentError outside a tslab kernel (without `target`).
 * @example
 * // In a notebook: live("stricture-flow"). Here the HTML goes to a stand-in for tslab's display.
 * const sent: string[] = [];
 * live("occupancy", { includeScripts: false, target: { display: { html: (h: string) => sent.push(h) } } });
 * sent[0].includes('data-ibd-live="occupancy"') // true
 */
export function live(name: CalculatorName, opts?: LiveOptions & { target?: HtmlDisplay }): void {
  const o = optionsObject(opts);
  const { target, ...rest } = o;
  const forced = optionalBoolean(rest.includeScripts, "includeScripts");
  const html = liveHtml(name, { ...rest, includeScripts: false });
  let display: HtmlDisplay;
  if (target !== undefined) {
    const t = target as Partial<HtmlDisplay> | null;
    if (t === null || typeof t !== "object" || typeof t.display?.html !== "function") {
      throw new InputError({ field: "target", value: target, expected: "an object with display.html(html) (e.g. the tslab module)" });
    }
    display = t as HtmlDisplay;
  } else {
    display = tslabTarget("live", "write liveHtml(...) into a page instead");
  }
  // the scripts go first, each as its own output (not kept in the saved notebook: src/plot/assets.ts)
  if (forced !== false) sendAssets(display, ["plotly", "ibd-lab-bundle"], forced === true);
  display.display.html(html);
}
