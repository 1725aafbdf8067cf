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
import { EnvironmentError } from "../core/errors";
import type { Figure } from "./figure";
import { type FigureHtmlOptions, figureHtml } from "./html";

let plotlySent = false;

/** Something with tslab's `display.html` (the real `tslab` module, or a stub in tests). */
export interface HtmlDisplay {
  display: { html(s: string): void };
}

function loadTslab(): HtmlDisplay {
  try {
    // tslab is present inside the kernel; resolved lazily so the library loads without it.
    return require("tslab") as HtmlDisplay;
  } catch (e) {
    throw new EnvironmentError(
      `show() needs the tslab kernel's "tslab" module (npm i -D tslab); it could not be loaded: ${(e as Error).message}`,
    );
  }
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
 * @example show(relativeFlowFigure({ radiusRatios: [1, 0.5] }))
 */
export function show(figure: Figure, options: ShowOptions = {}): void {
  const target = options.target ?? loadTslab();
  const include = options.includePlotly ?? !plotlySent;
  const html = figureHtml(figure, { ...options, includePlotly: include });
  target.display.html(html);
  if (include) plotlySent = true;
}

/** Forget that plotly.js was sent, so the next {@link show} inlines it again. */
export function resetShow(): void {
  plotlySent = false;
}

/** Displays an HTML table (or any HTML string) in the notebook. */
export function showHtml(html: string, options: { target?: HtmlDisplay } = {}): void {
  (options.target ?? loadTslab()).display.html(html);
}
