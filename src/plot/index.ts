export { axisTitle, displayUnit, type Figure, logAxis, type Trace } from "./figure";
export { type FigureHtmlOptions, figureHtml, jsonForScript, plotlyScriptSource, plotlyScriptTag } from "./html";
export { baseLayout, categorical, palette, semanticColors, withBaseLayout } from "./palette";
export { type HtmlDisplay, resetShow, type ShowOptions, show, showHtml } from "./show";
export { escapeHtml, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, type TableOptions, tableHtml } from "./table";
