// Live calculators in a real browser (Debian's headless Chromium via playwright-core), offline: the
// `npm run live` site and the live widgets of the exported notebooks 02 to 05 and 07 (in the decks:
// tests/browser/slides.test.ts). For every calculator the
// test sets inputs through the page contract (<form data-calculator> with inputs named as the library's
// options, <output name> holding plain numbers), reads the outputs and the redrawn figure, and compares
// them with the Node library's result for the same inputs (1e-9 relative). No network request is allowed.
// Redraw times (input event to the end of Plotly.react) are measured and written to out/live-redraw-times.json
// (a record, not an assertion: performance is judged by people, not by a timed unit test).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALCULATOR_NAMES, calculator } from "../../src/live/calculators/index";
import { writeLiveSite } from "../../src/live/site";
import type { CalculatorName } from "../../src/live/types";
import { moved } from "../live/scenarios";
import { launchChromium } from "./check-page";
import { compare, open, readState, setValues, waitMounted } from "./live-page";

const OUT = join(__dirname, "..", "..", "out");
let browser: Browser;
let dir: string;
let site: string;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), "ibd-live-"));
  site = writeLiveSite(join(dir, "live"));
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const timings: Record<string, { medianMs: number; runs: number[] }> = {};

describe("npm run live: the offline site", () => {
  it("mounts every calculator, makes no network request and logs no error", async () => {
    const { page, errors, requests } = await open(browser, pathToFileURL(site).href);
    await waitMounted(page, CALCULATOR_NAMES.length);
    const names = await page.$$eval("form[data-calculator]", (fs) => fs.map((f) => f.getAttribute("data-calculator")));
    expect([...names].sort()).toEqual([...CALCULATOR_NAMES].sort());
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  for (const name of CALCULATOR_NAMES) {
    it(`${name}: outputs and figure equal the Node library's for the same inputs`, async () => {
      const calc = calculator(name);
      const { page, errors, requests } = await open(browser, pathToFileURL(site).href);
      await waitMounted(page, CALCULATOR_NAMES.length);
      const sel = `form[data-calculator="${name}"]`;
      // the starting state first, then every input moved
      const first = await readState(page, sel, calc);
      expect(compare(first, calc.compute(first.values), calc)).toEqual([]);
      await setValues(page, sel, moved(calc));
      const state = await readState(page, sel, calc);
      expect(state.error).toBe("");
      const expected = calc.compute(state.values);
      expect(compare(state, expected, calc)).toEqual([]);
      expect(state.drawnTraces).toBeGreaterThan(0);
      expect(state.shown.every((s) => s.length > 0)).toBe(true);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    });
  }

  it("keeps a scenario in the URL hash: a bookmark restores the values and the results", async () => {
    const calc = calculator("post-test");
    const { page } = await open(browser, pathToFileURL(site).href);
    await waitMounted(page, CALCULATOR_NAMES.length);
    const sel = 'form[data-calculator="post-test"]';
    await setValues(page, sel, moved(calc));
    const before = await readState(page, sel, calc);
    const url = page.url();
    expect(url).toContain("post-test.");
    await page.close();
    const again = await open(browser, url);
    await waitMounted(again.page, CALCULATOR_NAMES.length);
    const after = await readState(again.page, sel, calc);
    expect(after.values).toEqual(before.values);
    expect(after.outputs).toEqual(before.outputs);
    await again.page.close();
  });

  it("is keyboard operable: Tab reaches a number box and ArrowUp recomputes", async () => {
    const calc = calculator("occupancy");
    const { page } = await open(browser, pathToFileURL(site).href);
    await waitMounted(page, CALCULATOR_NAMES.length);
    const sel = 'form[data-calculator="occupancy"]';
    const numberInput = calc.inputs.find((i) => i.kind === "number");
    if (!numberInput) throw new Error("occupancy has no number input");
    const before = await readState(page, sel, calc);
    await page.focus(`${sel} input[name="${numberInput.name}"]`);
    const renders = await page.$eval(sel, (f) => Number((f as HTMLFormElement).dataset.renders));
    await page.keyboard.press("ArrowUp");
    await page.waitForFunction(({ sel, renders }) => Number((document.querySelector(sel) as HTMLFormElement).dataset.renders) > renders, {
      sel,
      renders,
    });
    const after = await readState(page, sel, calc);
    expect(after.values[numberInput.name]).not.toEqual(before.values[numberInput.name]);
    expect(compare(after, calc.compute(after.values), calc)).toEqual([]);
    await page.close();
  });

  for (const name of ["pk-whatif", "map-forecast"] as CalculatorName[]) {
    it(`${name}: measures the time from an input change to the redrawn figure`, async () => {
      const calc = calculator(name);
      const { page } = await open(browser, pathToFileURL(site).href);
      await waitMounted(page, CALCULATOR_NAMES.length);
      const sel = `form[data-calculator="${name}"]`;
      const input = calc.inputs.find((i) => i.kind === "number" && i.name === "weightKg") ?? calc.inputs.find((i) => i.kind === "number");
      if (input?.kind !== "number") throw new Error(`${name} has no number input`);
      const runs: number[] = [];
      for (let k = 0; k < 7; k++) {
        const v = Number((input.min + ((k + 1) / 9) * (input.max - input.min)).toPrecision(3));
        await setValues(page, sel, { [input.name]: v });
        runs.push((await readState(page, sel, calc)).redrawMs);
      }
      const sorted = [...runs].sort((a, b) => a - b);
      timings[name] = { medianMs: sorted[3], runs };
      expect(runs.every((t) => Number.isFinite(t) && t > 0)).toBe(true);
      await page.close();
    });
  }

  afterAll(() => {
    if (Object.keys(timings).length === 0) return;
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, "live-redraw-times.json"), `${JSON.stringify(timings, null, 2)}\n`);
    console.log(`[live] redraw times (ms): ${JSON.stringify(timings)}`);
  });
});

describe("live widgets in the exported notebooks (02-05, 07) and their slides", () => {
  const pages = [
    join(OUT, "02-treat-to-target.html"),
    join(OUT, "03-discordance.html"),
    join(OUT, "04-mimics.html"),
    join(OUT, "05-pharmacokinetics.html"),
    join(OUT, "07-stricture-flow.html"),
  ];
  for (const file of pages) {
    it.skipIf(!existsSync(file))(`${file.slice(OUT.length + 1)}: a live widget mounts and recomputes like Node`, async () => {
      const { page, errors, requests } = await open(browser, pathToFileURL(file).href);
      await page.waitForFunction(() => document.querySelectorAll("form[data-calculator]").length > 0, undefined, { timeout: 60_000 });
      const specs = await page.$$eval("[data-ibd-live-spec]", (es) => es.map((e) => (e as HTMLElement).dataset.ibdLiveSpec ?? "{}"));
      expect(specs.length).toBeGreaterThan(0);
      const spec = JSON.parse(specs[0]) as { name: CalculatorName; options: unknown };
      const calc = calculator(spec.name, spec.options ?? undefined);
      const sel = `[data-ibd-live-spec] form[data-calculator="${spec.name}"]`;
      await waitMounted(page, 1);
      await setValues(page, sel, moved(calc));
      const state = await readState(page, sel, calc);
      expect(compare(state, calc.compute(state.values), calc)).toEqual([]);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    });
  }
});
