// Real-browser check of the exported notebook pages (issue 2, item 5): every
// page in out/ opens offline in headless Chromium, every plot on it is drawn,
// and nothing is logged as an error; every formula of the notebook's markdown is typeset by KaTeX,
// offline (issue 17 item 3). `npm test` runs the notebooks first.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPage, launchChromium, problems } from "./check-page";

const outDir = join(__dirname, "..", "..", "out");
const notebooks = readdirSync(join(__dirname, "..", "..", "notebooks")).filter((f) => f.endsWith(".ipynb"));

/** Formulas in the notebook's markdown cells: $$...$$ displays and $...$ inlines. */
function formulasIn(nb: string): number {
  const cells = (
    JSON.parse(readFileSync(join(__dirname, "..", "..", "notebooks", nb), "utf8")) as {
      cells: { cell_type: string; source: string | string[] }[];
    }
  ).cells;
  let n = 0;
  for (const c of cells) {
    if (c.cell_type !== "markdown") continue;
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    const displays = src.match(/\$\$[\s\S]+?\$\$/g) ?? [];
    const inlines = src.replace(/\$\$[\s\S]+?\$\$/g, "").match(/\$[^$]+\$/g) ?? [];
    n += displays.length + inlines.length;
  }
  return n;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("exported notebook pages", () => {
  for (const nb of notebooks) {
    const html = join(outDir, nb.replace(/\.ipynb$/, ".html"));
    it(`${nb}: page exists, plots drawn, no errors`, async () => {
      expect(existsSync(html), `${html} missing: run npm run notebooks first`).toBe(true);
      const check = await checkPage(browser, html);
      expect(problems(check, { requirePlots: true })).toEqual([]);
    });
    const formulas = formulasIn(nb);
    it.skipIf(formulas === 0)(`${nb}: its ${formulas} formulas are typeset by KaTeX, offline, without error`, async () => {
      const page = await browser.newPage();
      const requests: string[] = [];
      await page.route("**/*", (route) => {
        const u = route.request().url();
        if (u.startsWith("file:") || u.startsWith("data:")) return route.continue();
        requests.push(u);
        return route.abort();
      });
      await page.goto(pathToFileURL(html).href, { waitUntil: "load", timeout: 60_000 });
      await page.waitForFunction(() => document.documentElement.getAttribute("data-ibd-math") === "typeset", undefined, {
        timeout: 30_000,
      });
      const math = await page.evaluate(() => ({
        typeset: document.querySelectorAll(".jp-RenderedMarkdown .katex").length,
        errors: Array.from(document.querySelectorAll(".katex-error")).map((e) => e.textContent ?? ""),
        // KaTeX's fonts are data: URLs in the page; a fallback font would mean they did not load
        fontsLoaded: (() => {
          let n = 0;
          document.fonts.forEach((f) => {
            if (f.family.replace(/"/g, "").startsWith("KaTeX") && f.status === "loaded") n++;
          });
          return n;
        })(),
      }));
      await page.close();
      expect(math.errors).toEqual([]);
      expect(math.typeset).toBe(formulas);
      expect(math.fontsLoaded).toBeGreaterThan(0);
      expect(requests).toEqual([]);
    });
  }
});
