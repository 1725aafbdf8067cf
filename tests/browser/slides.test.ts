// Slides for a lecture hall (issue 17 item 3; educator mode, issue 9 item 4). Every notebook exports as an
// offline reveal.js deck (scripts/slides.py). Each deck opens in headless Chromium with every network request
// refused, and every slide of it is shown in turn and measured (tests/browser/slide-metrics.ts):
// - a heading on every slide;
// - nothing reaching outside the 1280x800 slide box;
// - body text at least 24 px and chart text at least 20 px (slide pixels);
// - no wall of text: at most BODY_MAX_CHARS characters of prose on a slide, the rest in speaker notes;
// - formulas typeset by KaTeX (no KaTeX error, no LaTeX left as "$...$" on a slide);
// - every figure drawn, no console error, no request leaving the folder.
// The notebook's prose is not lost: the deck's speaker notes hold most of it (NOTES_MIN_SHARE of the
// notebook's markdown, measured on the notebook's source). A live calculator inside a deck recomputes as
// the Node library does when an input changes. `npm test` writes the decks first (npm run slides).
// IBD_LAB_SLIDE_SHOTS=<folder> also writes a screenshot of every slide there, to look at.
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calculator } from "../../src/live/calculators/index";
import type { CalculatorName } from "../../src/live/types";
import { moved } from "../live/scenarios";
import { DRAWN_TRACES_SELECTOR, launchChromium } from "./check-page";
import { compare, open, readState, setValues, waitMounted } from "./live-page";
import { goTo, measureSlide, type SlideMetrics, slideIndices } from "./slide-metrics";

const root = join(__dirname, "..", "..");
const slidesDir = join(root, "out", "slides");
const notebooks = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb"));
const SHOTS = process.env.IBD_LAB_SLIDE_SHOTS;

/** Most prose one slide may show: a heading's lead sentence or a short list, not a paragraph. */
const BODY_MAX_CHARS = 600;
/** Least share of the notebook's markdown text that the deck keeps in its speaker notes. */
const NOTES_MIN_SHARE = 0.5;

/** The notebook's markdown text without headings, as a length in characters (whitespace collapsed). */
function markdownChars(nb: string): number {
  const cells = (
    JSON.parse(readFileSync(join(root, "notebooks", nb), "utf8")) as { cells: { cell_type: string; source: string | string[] }[] }
  ).cells;
  return cells
    .filter((c) => c.cell_type === "markdown")
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source))
    .flatMap((s) => s.split("\n"))
    .filter((line) => !/^\s*#/.test(line))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim().length;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe("slides", () => {
  for (const nb of notebooks) {
    const base = nb.replace(/\.ipynb$/, "");
    const deck = join(slidesDir, `${base}.slides.html`);
    it(`${nb}: every slide has a heading, fits the slide, is readable (>= 24 px, charts >= 20 px) and short; formulas typeset; plots drawn; no errors`, async () => {
      expect(existsSync(deck), `${deck} missing: run npm run slides first`).toBe(true);
      const { page, errors, requests } = await open(browser, pathToFileURL(deck).href);
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true, undefined, {
        timeout: 60_000,
      });
      await page.evaluate(() =>
        (window as unknown as { Reveal: { configure(o: object): void } }).Reveal.configure({
          transition: "none",
          backgroundTransition: "none",
        }),
      );
      const indices = await slideIndices(page);
      expect(indices.length).toBeGreaterThan(1);
      const slides: SlideMetrics[] = [];
      for (const { h, v } of indices) {
        await goTo(page, h, v);
        slides.push(await measureSlide(page));
        if (SHOTS) await page.screenshot({ path: join(SHOTS, `${base}-${String(h).padStart(2, "0")}-${v}.png`) });
      }
      const faults = slides.flatMap((s) => [
        ...(s.heading === "" ? [`${s.index}: no heading`] : []),
        ...s.overflow.map((o) => `${s.index} ${s.heading}: overflows, ${o}`),
        ...s.small.map((o) => `${s.index} ${s.heading}: text too small, ${o}`),
        ...(s.bodyChars > BODY_MAX_CHARS ? [`${s.index} ${s.heading}: ${s.bodyChars} characters of prose`] : []),
      ]);
      expect(faults).toEqual([]);

      const notesChars = slides.reduce((n, s) => n + s.notesChars, 0);
      expect(notesChars).toBeGreaterThanOrEqual(NOTES_MIN_SHARE * markdownChars(nb));

      const math = await page.evaluate(() => ({
        typeset: document.documentElement.getAttribute("data-ibd-math"),
        errors: document.querySelectorAll(".katex-error").length,
        // LaTeX left untypeset on a slide (outside notes, code and figures)
        raw: Array.from(document.querySelectorAll<HTMLElement>(".jp-RenderedMarkdown"))
          .filter((e) => !e.closest("aside.notes"))
          .map((e) => {
            // the text around the typeset formulas (KaTeX keeps each formula's source in a MathML annotation)
            const copy = e.cloneNode(true) as HTMLElement;
            for (const k of Array.from(copy.querySelectorAll(".katex, aside.notes"))) k.remove();
            return copy.textContent ?? "";
          })
          .filter((t) => /\$[^$\s][^$]*\$|\\frac|\\cdot|\\times/.test(t)),
      }));
      const formulas = slides.reduce((n, s) => n + s.content.formulas, 0);
      if (formulas > 0) expect(math.typeset).toBe("typeset");
      expect(math.errors).toBe(0);
      expect(math.raw).toEqual([]);

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
      expect(requests).toEqual([]);
      expect(plots.length).toBeGreaterThan(0);
      expect(plots.filter((p) => !p.drawn)).toEqual([]);
    });
  }

  it("the decks with formulas typeset them: notebooks 02, 05 and 07 show KaTeX on their slides", async () => {
    for (const base of ["02-treat-to-target", "05-pharmacokinetics", "07-stricture-flow"]) {
      const deck = join(slidesDir, `${base}.slides.html`);
      expect(existsSync(deck), deck).toBe(true);
      const { page, errors } = await open(browser, pathToFileURL(deck).href);
      await page.waitForFunction(() => document.documentElement.getAttribute("data-ibd-math") === "typeset", undefined, {
        timeout: 60_000,
      });
      const shown = await page.$$eval(".katex", (ks) => ks.filter((k) => !k.closest("aside.notes")).length);
      await page.close();
      expect(errors).toEqual([]);
      expect(shown, base).toBeGreaterThan(0);
    }
  });

  for (const base of ["02-treat-to-target", "03-discordance", "04-mimics", "05-pharmacokinetics", "07-stricture-flow"]) {
    const deck = join(slidesDir, `${base}.slides.html`);
    it(`${base}: a live calculator on its slide recomputes as the Node library does when an input changes`, async () => {
      expect(existsSync(deck), deck).toBe(true);
      const { page, errors, requests } = await open(browser, pathToFileURL(deck).href);
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.waitForFunction(() => document.querySelectorAll("form[data-calculator]").length > 0, undefined, { timeout: 60_000 });
      const spec = JSON.parse(await page.$eval("[data-ibd-live-spec]", (e) => (e as HTMLElement).dataset.ibdLiveSpec ?? "{}")) as {
        name: CalculatorName;
        options?: unknown;
      };
      const calc = calculator(spec.name, spec.options ?? undefined);
      const sel = `[data-ibd-live-spec] form[data-calculator="${spec.name}"]`;
      await waitMounted(page, 1);
      // show the calculator's slide, as a presenter would, before using it
      const at = await page.evaluate((s) => {
        const R = (window as unknown as { Reveal: { getIndices(e: Element): { h: number; v?: number } } }).Reveal;
        const form = document.querySelector(s);
        const section = form?.closest("section");
        return section ? R.getIndices(section) : null;
      }, sel);
      expect(at).not.toBeNull();
      await goTo(page, at?.h ?? 0, at?.v ?? 0);
      const metrics = await measureSlide(page);
      expect(metrics.content.live).toBe(1);
      expect([...metrics.overflow, ...metrics.small]).toEqual([]);
      await setValues(page, sel, moved(calc));
      const state = await readState(page, sel, calc);
      expect(state.error).toBe("");
      expect(compare(state, calc.compute(state.values), calc)).toEqual([]);
      expect(state.drawnTraces).toBeGreaterThan(0);
      await page.close();
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    });
  }
});
