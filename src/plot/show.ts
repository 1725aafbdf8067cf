/**
 * `show(figure)`: displays a plotly.js figure in a tslab notebook so that it
 * renders live (JupyterLab, VS Code) and in nbconvert's HTML opened offline.
 *
 * tslab.display sends one MIME type per call, nbconvert's HTML does not render
 * `application/vnd.plotly.v1+json`, and JupyterLab needs an extension for it;
 * `text/html` renders everywhere. plotly.js (~5 MB) is sent to the page with the
 * first figure of a kernel session only, as an output that is then replaced by
 * an empty marker, so the saved notebook does not carry it (see ./assets.ts for
 * how reopened notebooks get it back, and for the runner, which keeps it). The
 * record of what was sent is the one piece of module state in ibd-lab; call
 * {@link resetShow} (or pass `includePlotly: true`) after clearing outputs.
 */
import { EnvironmentError, InputError } from "../core/errors";
import { optionalBoolean, optionsObject } from "../core/validate";
import { type AssetName, assetMarker, assetScriptTag, inlineAssets } from "./assets";
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
  /**
   * tslab's `newDisplay()`: one output whose later `html` calls replace it (Jupyter's `update_display_data`).
   * Where present, scripts are sent through it and then replaced by a marker, so they are not saved.
   */
  newDisplay?(): { html(s: string): void };
}

/**
 * Sends the assets the page does not have yet (in this kernel session), each as its own output: through
 * `newDisplay()` replaced at once by {@link assetMarker} (not saved), or kept in the output where the
 * target has no `newDisplay` or the runner asks for it (`IBD_LAB_INLINE_ASSETS=1`). `force` resends.
 */
export function sendAssets(target: HtmlDisplay, assets: readonly AssetName[], force = false): void {
  for (const asset of assets) {
    if (!force && assetSent(asset)) continue;
    const tag = assetScriptTag(asset);
    if (typeof target.newDisplay === "function" && !inlineAssets()) {
      const d = target.newDisplay();
      d.html(tag);
      d.html(assetMarker(asset));
    } else {
      target.display.html(tag);
    }
    markAssetSent(asset);
  }
}

/**
 * tslab's module (inside a kernel), wrapped so that its bare Error("Not ready") outside a running kernel
 * (plain node, a script, a test) becomes an EnvironmentError saying where `caller` runs.
 * @throws EnvironmentError when the tslab module cannot be loaded.
 */
export function tslabTarget(caller: string, inAScript = "use figureHtml() and write the HTML to a file"): HtmlDisplay {
  let tslab: HtmlDisplay;
  try {
    // tslab is present inside the kernel; resolved lazily so the library loads without it.
    tslab = require("tslab") as HtmlDisplay;
  } catch (e) {
    throw new EnvironmentError(
      `${caller}() needs the tslab kernel's "tslab" module (npm i -D tslab); it could not be loaded: ${(e as Error).message}`,
    );
  }
  const guarded =
    (html: (s: string) => void) =>
    (s: string): void => {
      try {
        html(s);
      } catch (e) {
        throw new EnvironmentError(
          `${caller}() must run in a tslab notebook (Jupyter kernel "tslab"); outside one there is nowhere to display the output ` +
            `(tslab said: ${(e as Error)?.message ?? String(e)}). In a script, ${inAScript}, or pass { target }.`,
        );
      }
    };
  const newDisplay = tslab.newDisplay;
  return {
    display: { html: guarded((s) => tslab.display.html(s)) },
    ...(typeof newDisplay === "function"
      ? {
          newDisplay: () => {
            const d = newDisplay.call(tslab);
            return { html: guarded((s) => d.html(s)) };
          },
        }
      : {}),
  };
}

/** The display target of an options object: a given `{ display: { html } }`, else tslab. */
function targetOf(target: unknown, caller: string): HtmlDisplay {
  if (target === undefined) return tslabTarget(caller);
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
 * show(relativeFlowFigure(), { target: { display: { html: (h: string) => sent.push(h) } }, includePlotly: false });
 * sent.length // 1
 * sent[0].includes("Plotly.newPlot") // true
 */
export function show(figure: Figure, options?: ShowOptions): void {
  const o = optionsObject(options);
  const include = optionalBoolean(o.includePlotly, "includePlotly");
  const { target: _target, ...htmlOptions } = o;
  const html = figureHtml(figure, { ...htmlOptions, includePlotly: false });
  const target = targetOf(o.target, "show");
  if (include !== false) sendAssets(target, ["plotly"], include === true);
  target.display.html(html);
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
