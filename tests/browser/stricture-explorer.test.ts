// The live explorer in a real browser (Debian's headless Chromium via playwright-core): the page draws,
// logs no errors, and clicking two sliders recomputes flow in the page exactly as tubeFlowMlMin does.
// This checks plotly's real slider event path, which figures.test.ts replaces by a stub.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figureHtml } from "../../src/plot/html";
import { flowRegime, strictureExplorerFigure, strictureExplorerScript, tubeFlowMlMin } from "../../src/stricture/index";
import { checkPage, launchChromium, problems } from "./check-page";

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), "ibd-stricture-"));
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("stricture explorer in headless Chromium", () => {
  it("draws, logs no errors, and recomputes on slider clicks", async () => {
    const fig = strictureExplorerFigure();
    const file = join(dir, "explorer.html");
    writeFileSync(
      file,
      `<!doctype html><html><head><meta charset="utf-8"></head><body>${figureHtml(fig, { id: "ex", includePlotly: true, afterPlot: strictureExplorerScript() })}</body></html>`,
    );
    const check = await checkPage(browser, file, { settleMs: 500 });
    expect(problems(check, { requirePlots: true })).toEqual([]);
    expect(check.plots[0].drawnTraces).toBe(3);

    const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => (document.getElementById("ex") as unknown as { layout?: unknown }).layout !== undefined);
    const rails = await page.$$("#ex .slider-rail-touch-rect");
    expect(rails).toHaveLength(4);
    // last radius step (12.5 mm), then first viscosity step (1 mPa·s: water)
    const r = await rails[0].boundingBox();
    const v = await rails[2].boundingBox();
    if (!r || !v) throw new Error("slider rails not laid out");
    await page.mouse.click(r.x + r.width - 3, r.y + r.height / 2);
    await page.mouse.click(v.x + 3, v.y + v.height / 2);
    await page.waitForFunction(() =>
      /NOT laminar/.test(
        (document.getElementById("ex") as unknown as { layout: { annotations: { text: string }[] } }).layout.annotations[0].text,
      ),
    );
    const state = await page.evaluate(() => {
      const gd = document.getElementById("ex") as unknown as {
        data: { y: number[] }[];
        layout: { sliders: { active: number }[]; annotations: { text: string }[] };
      };
      return { active: gd.layout.sliders.map((s) => s.active), markerY: gd.data[2].y[0], text: gd.layout.annotations[0].text };
    });
    expect(state.active).toEqual([10, 2, 0, 6]);
    // water (1 mPa·s), r = 12.5 mm, L = 3 cm, ΔP = 100 Pa
    const q = tubeFlowMlMin({ radiusMm: 12.5, lengthCm: 3, pressureDropPa: 100 }, { consistencyPaSn: 0.001, flowBehaviourIndex: 1 });
    expect(Math.abs(state.markerY - q) / q).toBeLessThan(1e-12);
    const re = flowRegime({ radiusMm: 12.5, flowMlMin: q }, { viscosityMPaS: 1 }).reynolds;
    expect(state.text).toContain(`Re = ${Number(re.toPrecision(3))} (NOT laminar`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
