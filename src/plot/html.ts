/**
 * Turns figures into self-contained HTML that works offline: plotly.js is read
 * from the installed `plotly.js-dist-min` package (never a CDN) and inlined
 * once per page. Used by {@link show} in notebooks and by the CLI's reports.
 */
import { readFileSync } from "node:fs";
import type { Figure } from "./figure";

let plotlySource: string | undefined;

/** The minified plotly.js bundle from node_modules, read once per process. */
export function plotlyScriptSource(): string {
  if (plotlySource === undefined) {
    const path = require.resolve("plotly.js-dist-min/plotly.min.js");
    // A literal "</script>" inside the bundle would end the inline tag early.
    plotlySource = readFileSync(path, "utf8").replace(/<\/script/gi, "<\\/script");
  }
  return plotlySource;
}

/** `<script>` tag holding plotly.js; include it once per page, before any figure. */
export function plotlyScriptTag(): string {
  return `<script type="text/javascript">${plotlyScriptSource()}</script>`;
}

/** Serialises JSON for embedding inside a `<script>` element (no `</script>` break-out). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

let counter = 0;

/** Options for {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** Element id of the plot div. Default: a fresh `ibd-plot-N` id. */
  id?: string;
  /** CSS height of the plot div. Default: `layout.height` px, else 420px. */
  height?: string;
  /** Include the plotly.js bundle before the figure. Default: false. */
  includePlotly?: boolean;
  /** Extra JavaScript run after the plot is drawn, with `gd` bound to the plot div. */
  afterPlot?: string;
}

/**
 * HTML fragment drawing one figure: a div with class `ibd-plot` and a script
 * calling `Plotly.newPlot`. Figures are responsive and carry no plotly logo.
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  counter += 1;
  const id = options.id ?? `ibd-plot-${Date.now().toString(36)}-${counter}`;
  const layoutHeight = typeof figure.layout.height === "number" ? `${figure.layout.height}px` : undefined;
  const height = options.height ?? layoutHeight ?? "420px";
  const config = { responsive: true, displaylogo: false, ...(figure.config ?? {}) };
  const frames = figure.frames ? `,frames:${jsonForScript(figure.frames)}` : "";
  const after = options.afterPlot ? `.then(function(gd){${options.afterPlot}})` : "";
  const script =
    `(function(){var gd=document.getElementById(${JSON.stringify(id)});` +
    `Plotly.newPlot(gd,{data:${jsonForScript(figure.data)},layout:${jsonForScript(figure.layout)},config:${jsonForScript(config)}${frames}})${after};})();`;
  return (
    (options.includePlotly ? plotlyScriptTag() : "") +
    `<div id="${id}" class="ibd-plot" style="width:100%;height:${height};"></div>` +
    `<script type="text/javascript">${script}</script>`
  );
}
