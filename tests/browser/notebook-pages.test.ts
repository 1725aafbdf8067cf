// Real-browser check of the exported notebook pages (issue 2, item 5): every
// page in out/ opens offline in headless Chromium, every plot on it is drawn,
// and nothing is logged as an error. `npm test` runs the notebooks first.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPage, launchChromium, problems } from "./check-page";

const outDir = join(__dirname, "..", "..", "out");
const notebooks = readdirSync(join(__dirname, "..", "..", "notebooks")).filter((f) => f.endsWith(".ipynb"));

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
  }
});
