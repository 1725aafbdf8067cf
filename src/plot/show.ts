/**
 * `show(figure)`: displays a plotly.js figure in a tslab notebook so that it
 * renders live (JupyterLab, VS Code) and in nbconvert's HTML opened offline.
 *
 * tslab.display sends one MIME type per call, nbconvert's HTML does not render
 * `application/vnd.plotly.v1+json`, and JupyterLab needs an extension for it;
 * `text/html` with plotly.js inlined renders everywhere. The bundle (~4 MB) is
 * sent with the first figure of a kernel session only, so each exported page
 * carries it once. This is the one piece of module state in ibd-lab; call
 * {@link resetShow} (or pass `includePlotly: true`) after clearing outputs.
 */
import { EnvironmentError, InputError } from "../core/errors";
import { optionalBoolean, optionsObject } from "../core/validate";
import type { Figure } from "./figure";
import { type FigureHtmlOptions, figureHtml } from "./html";

/** Assets already sent in this kernel session ("plotly", the live bundle...). */
const sentAssets = new Set<string>();

/**
 * Whether `asset` was already inlined in this kernel session. Shared by {@link show}
 * (plotly.js) and the live calculators (plotly.js and the ibd-lab browser bundle),
 * so a page carries each once; mark it with {@link markAssetSent} after displaying.
 */
export function assetSent(asset: string): boolean {
  return sentAssets.has(asset);
}

/** Records that `asset` was displayed in this kernel session (see {@link assetSent}). */
export function markAssetSent(asset: string): void {
  sentAssets.add(asset);
}

/** Something with tslab's `display.html` (the real `tslab` module, or a stub in tests). */
export interface HtmlDisplay {
  display: { html(s: string): void };
}

function loadTslab(caller: string): HtmlDisplay {
  let tslab: HtmlDisplay;
  try {
    // tslab is present inside the kernel; resolved lazily so the library loads without it.
    tslab = require("tslab") as HtmlDisplay;
  } catch (e) {
    throw new EnvironmentError(
      `${caller}() needs the tslab kernel's "tslab" module (npm i -D tslab); it could not be loaded: ${(e as Error).message}`,
    );
  }
  // tslab's display throws a bare Error("Not ready") outside a running kernel (plain node, a script, a test)
  return {
    display: {
      html(s: string): void {
        try {
          tslab.display.html(s);
        } catch (e) {
          throw new EnvironmentError(
            `${caller}() must run in a tslab notebook (Jupyter kernel "tslab"); outside one there is nowhere to display the output ` +
              `(tslab said: ${(e as Error)?.message ?? String(e)}). In a script, use figureHtml() and write the HTML to a file, or pass { target }.`,
          );
        }
      },
    },
  };
}

/** The display target of an options object: a given `{ display: { html } }`, else tslab. */
function targetOf(target: unknown, caller: string): HtmlDisplay {
  if (target === undefined) return loadTslab(caller);
  const t = target as Partial<HtmlDisplay> | null;
  if (t === null || typeof t !== "object" || t.display === null || typeof t.display !== "object" || typeof t.display.html !== "function") {
    throw new InputError({ field: "target", value: target, expected: "an object with display.html(html) (e.g. the tslab module)" });
  }
  return t as HtmlDisplay;
}

/** Options for {@link show}. */
export interface ShowOptions extends Omit<FigureHtmlOptions, "includePlotly"> {
  /** Force (true) or suppress (false) inlining plotly.js. Default: only the first time. */
  includePlotly?: boolean;
  /** Where to send the HTML. Default: the tslab module. */
  target?: HtmlDisplay;
}

/**
 * Displays a figure in the notebook. Returns nothing, so that a cell ending in
 * `show(fig)` does not also print the HTML as the cell's value.
 * @throws InputError for a value that is not a figure or bad options (see {@link figureHtml}).
 * @throws EnvironmentError outside a tslab notebook kernel (and without an explicit `target`).
 * @example
 * // In a notebook: show(fig). Here the HTML goes to a stand-in for tslab's display.
 * const sent: string[] = [];
 * show(relativeFlowFigure({ radiusRatios: [1, 0.5] }), { target: { display: { html: (h: string) => sent.push(h) } }, includePlotly: false });
 * sent.length // 1
 * sent[0].includes("Plotly.newPlot") // true
 */
export function show(figure: Figure, options?: ShowOptions): void {
  const o = optionsObject(options);
  const include = optionalBoolean(o.includePlotly, "includePlotly") ?? !assetSent("plotly");
  const { target: _target, ...htmlOptions } = o;
  const html = figureHtml(figure, { ...htmlOptions, includePlotly: include });
  targetOf(o.target, "show").display.html(html);
  if (include) markAssetSent("plotly");
}

/** Forget that plotly.js (and the live bundle) were sent, so the next {@link show} inlines them again. */
export function resetShow(): void {
  sentAssets.clear();
}

/**
 * Displays an HTML table (or any HTML string) in the notebook.
 * @throws InputError when `html` is not a string.
 * @throws EnvironmentError outside a tslab notebook kernel (and without an explicit `target`).
 * @example
 * // In a notebook: showHtml(tableHtml(rows)). Here the HTML goes to a stand-in for tslab's display.
 * const sent: string[] = [];
 * showHtml(tableHtml([{ drug: "infliximab", troughUgMl: 3.2 }]), { target: { display: { html: (h: string) => sent.push(h) } } });
 * sent[0].startsWith('<table class="ibd-table">') // true
 */
export function showHtml(html: string, options?: { target?: HtmlDisplay }): void {
  if (typeof html !== "string") throw new InputError({ field: "html", value: html, expected: "an HTML string (e.g. from tableHtml)" });
  const o = optionsObject(options);
  targetOf(o.target, "showHtml").display.html(html);
}
