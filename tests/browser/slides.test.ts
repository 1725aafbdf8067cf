// Educator mode (issue 9 item 4): every notebook exports as an offline reveal.js
// deck (scripts/slides.py); each opens in headless Chromium with reveal.js
// initialised from the copy beside it, logs no errors, and once every slide has
// been shown every plot on it is drawn. `npm test` writes the decks first.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRAWN_TRACES_SELECTOR, launchChromium } from "./check-page";

const root = join(__dirname, "..", "..");
const slidesDir = join(root, "out", "slides");
const notebooks = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb"));

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("slides", () => {
  for (const nb of notebooks) {
    const deck = join(slidesDir, nb.replace(/\.ipynb$/, ".slides.html"));
    it(`${nb}: deck opens offline, reveal.js runs, plots drawn, no errors`, async () => {
      expect(existsSync(deck), `${deck} missing: run npm run slides first`).toBe(true);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
      await page.goto(pathToFileURL(deck).href, { waitUntil: "load", timeout: 60_000 });
      const total = await page.evaluate(() => {
        const R = (window as unknown as { Reveal: { isReady(): boolean; getTotalSlides(): number } }).Reveal;
        return R.isReady() ? R.getTotalSlides() : -1;
      });
      expect(total).toBeGreaterThan(1);
      // Visit every slide so that figures in hidden slides get their size.
      await page.evaluate(() => {
        const R = (window as unknown as { Reveal: { next(): void; isLastSlide(): boolean } }).Reveal;
        for (let i = 0; i < 500 && !R.isLastSlide(); i++) R.next();
      });
      await page.waitForTimeout(300);
      const plots = await page.evaluate(
        (selector) =>
          Array.from(document.querySelectorAll<HTMLElement>(".ibd-plot")).map((d) => ({
            id: d.id,
            drawn: d.classList.contains("js-plotly-plot") && d.querySelectorAll(selector).length > 0,
          })),
        DRAWN_TRACES_SELECTOR,
      );
      await page.close();
      expect(errors).toEqual([]);
      expect(plots.length).toBeGreaterThan(0);
      expect(plots.filter((p) => !p.drawn)).toEqual([]);
    });
  }
});
