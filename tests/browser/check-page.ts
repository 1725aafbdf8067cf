/**
 * Opens an HTML page in Debian's headless Chromium (playwright-core) and reports
 * whether every plotly figure on it rendered and whether the page logged errors.
 * Shared by the browser tests of exported notebooks, reports and slides.
 */

import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/** What counts as a drawn trace: cartesian traces, pie slices, sankey nodes, heatmap images. */
export const DRAWN_TRACES_SELECTOR = ".main-svg g.trace, .main-svg g.slice, .main-svg g.sankey-node, .main-svg .heatmaplayer image";

export interface PlotStatus {
  id: string;
  /** plotly attached to the div (class js-plotly-plot). */
  plotted: boolean;
  /** Number of drawn trace groups (cartesian traces, pie slices, sankey nodes, heatmap images...). */
  drawnTraces: number;
}

export interface PageCheck {
  url: string;
  plots: PlotStatus[];
  errors: string[];
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Loads the page, waits for plots to settle, and reports plots and errors. */
export async function checkPage(browser: Browser, file: string, options: { settleMs?: number } = {}): Promise<PageCheck> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console.error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => errors.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? "unknown"})`));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: "load", timeout: 60_000 });
  await page.waitForTimeout(options.settleMs ?? 300);
  const plots = await page.evaluate((selector) => {
    const divs = Array.from(document.querySelectorAll<HTMLElement>(".ibd-plot, .js-plotly-plot"));
    return Array.from(new Set(divs)).map((d) => ({
      id: d.id || "(no id)",
      plotted: d.classList.contains("js-plotly-plot") && !!d.querySelector("svg.main-svg"),
      drawnTraces: d.querySelectorAll(selector).length,
    }));
  }, DRAWN_TRACES_SELECTOR);
  await page.close();
  return { url, plots, errors };
}

/** Human-readable problems with a page; empty when every plot rendered and nothing was logged. */
export function problems(check: PageCheck, options: { requirePlots?: boolean } = {}): string[] {
  const out = [...check.errors];
  if (options.requirePlots && check.plots.length === 0) out.push("no plots on the page");
  for (const p of check.plots) {
    if (!p.plotted) out.push(`plot ${p.id} was not drawn (no plotly SVG)`);
    else if (p.drawnTraces === 0) out.push(`plot ${p.id} has no drawn traces`);
  }
  return out;
}
