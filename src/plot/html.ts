/**
 * Turns figures into self-contained HTML that works offline: plotly.js is read
 * from the installed `plotly.js-dist-min` package (never a CDN) and inlined
 * once per page. Used by {@link show} in notebooks and by the CLI's reports.
 */
import { InputError } from "../core/errors";
import { optionalBoolean, optionsObject } from "../core/validate";
import { ASSET_LOADER_JS, ASSET_MISSING_ADVICE, assetScriptTag, assetSource, assetVersion } from "./assets";
import { checkFigure, type Figure } from "./figure";
import { escapeHtml } from "./table";

/** The minified plotly.js bundle from node_modules, read once per process. */
export function plotlyScriptSource(): string {
  return assetSource("plotly");
}

/** `<script>` tag holding plotly.js; include it once per page, before any figure. */
export function plotlyScriptTag(): string {
  return assetScriptTag("plotly");
}

/** Serialises JSON for embedding inside a `<script>` element (no `</script>` break-out). */
export function jsonForScript(value: unknown, field = "figure"): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    throw new InputError(
      { field, expected: "plain data that JSON can hold (no cycles, no BigInt)" },
      `cannot be serialised: ${(e as Error).message}`,
    );
  }
  return (json ?? "null")
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

/** An element id that is safe inside an HTML attribute and a CSS selector. */
const ID_PATTERN = /^[A-Za-z][\w:.-]{0,127}$/;
/** A CSS length such as "420px", "60vh" or "100%". */
const HEIGHT_PATTERN = /^\d{1,5}(\.\d+)?(px|%|em|rem|vh|vw)$/;

/**
 * HTML fragment drawing one figure: a div with class `ibd-plot` and a script
 * calling `Plotly.newPlot`. Figures are responsive and carry no plotly logo.
 * @throws InputError for a value that is not a figure (`{ data: [...], layout: {...} }`), an `id`
 * that is not a plain element id (a letter, then letters, digits, `_`, `-`, `:` or `.`), a `height`
 * that is not a CSS length (e.g. "420px", "60vh"), or a `layout.height` that is not a positive number.
 * @example
 * const html = figureHtml({ data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], layout: {} }, { id: "p1" });
 * html.startsWith('<div id="p1" class="ibd-plot"') // true
 * html.includes("Plotly.newPlot") // true (plotly.js itself is inlined only with includePlotly)
 */
export function figureHtml(figure: Figure, options?: FigureHtmlOptions): string {
  const fig = checkFigure(figure);
  const o = optionsObject(options);
  if (o.id !== undefined && (typeof o.id !== "string" || !ID_PATTERN.test(o.id))) {
    throw new InputError({ field: "id", value: o.id, expected: "an element id: a letter, then letters, digits, _, -, : or ." });
  }
  if (o.height !== undefined && (typeof o.height !== "string" || !HEIGHT_PATTERN.test(o.height))) {
    throw new InputError({ field: "height", value: o.height, expected: 'a CSS length such as "420px", "60vh" or "100%"' });
  }
  const includePlotly = optionalBoolean(o.includePlotly, "includePlotly");
  if (o.afterPlot !== undefined && typeof o.afterPlot !== "string") {
    throw new InputError({ field: "afterPlot", value: o.afterPlot, expected: "JavaScript source as a string" });
  }
  const lh = fig.layout.height;
  if (lh !== undefined && (typeof lh !== "number" || !Number.isFinite(lh) || lh <= 0)) {
    throw new InputError({ field: "figure.layout.height", value: lh, expected: "a height in px greater than 0" });
  }
  counter += 1;
  const id = o.id ?? `ibd-plot-${Date.now().toString(36)}-${counter}`;
  const layoutHeight = typeof lh === "number" ? `${lh}px` : undefined;
  const height = o.height ?? layoutHeight ?? "420px";
  const config = { responsive: true, displaylogo: false, ...(fig.config ?? {}) };
  const frames = fig.frames ? `,frames:${jsonForScript(fig.frames, "figure.frames")}` : "";
  const after = o.afterPlot ? `.then(function(gd){${o.afterPlot}})` : "";
  // Until the script runs (an untrusted notebook, a page whose scripts are blocked), the div says which
  // figure belongs here and why it is not drawn; the script removes the text before drawing.
  const title = (fig.layout.title as { text?: unknown } | string | undefined) ?? "";
  const titleText = typeof title === "string" ? title : typeof title.text === "string" ? title.text : "";
  const name = titleText.replace(/<[^>]*>/g, "").trim();
  const staticText =
    `<p class="ibd-plot-static" style="color:#555;font-style:italic;margin:0;padding:.5em 0">` +
    `${name ? `Figure "${escapeHtml(name)}" is` : "This figure is"} drawn by JavaScript, which is not running here ` +
    `(in Jupyter: File &gt; Trust Notebook, then reload; or run the cell).</p>`;
  // Without plotly.js on the page (a reopened notebook: the script is not kept in it), the figure asks the
  // Jupyter server for it (src/plot/assets.ts) and, where that fails, says why in its place.
  const draw =
    `function(){var st=gd.querySelector(".ibd-plot-static");if(st)st.remove();` +
    `return Plotly.newPlot(gd,{data:${jsonForScript(fig.data, "figure.data")},layout:${jsonForScript(fig.layout, "figure.layout")},config:${jsonForScript(config, "figure.config")}${frames}})${after};}`;
  const missing = JSON.stringify(` ${ASSET_MISSING_ADVICE}`);
  const script =
    `(function(){var gd=document.getElementById(${JSON.stringify(id)}),draw=${draw};` +
    `if(typeof Plotly!=="undefined"){draw();return;}${ASSET_LOADER_JS}` +
    `window.ibdLabAsset("plotly.min.js","Plotly",${JSON.stringify(assetVersion("plotly"))}).then(draw,function(e){` +
    `var p=document.createElement("p");p.className="ibd-plot-error";p.textContent="plotly.js is not on this page, so the figure cannot be drawn: "+e.message+"."+${missing};gd.appendChild(p);});})();`;
  return (
    (includePlotly ? plotlyScriptTag() : "") +
    `<div id="${id}" class="ibd-plot" style="width:100%;height:${height};">${staticText}</div>` +
    `<script type="text/javascript">${script}</script>`
  );
}
