// The browser check itself must fail on a figure that does not render, and pass on one that does.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figureHtml, plotlyScriptTag } from "../../src/plot/html";
import { checkPage, launchChromium, problems } from "./check-page";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const page = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;

describe("checkPage", () => {
  it("flags a figure that never rendered and the error it logged", async () => {
    const check = await checkPage(browser, join(__dirname, "..", "fixtures", "browser", "broken-figure.html"));
    const found = problems(check);
    expect(found.some((p) => p.includes("Plotly is not defined"))).toBe(true);
    expect(found.some((p) => p.includes("ibd-plot-broken was not drawn"))).toBe(true);
  });

  it("flags a plotted figure with no drawn traces", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ibd-browser-"));
    const file = join(dir, "empty.html");
    writeFileSync(file, page(plotlyScriptTag() + figureHtml({ data: [], layout: {} }, { id: "empty" })));
    const found = problems(await checkPage(browser, file));
    expect(found).toEqual(["plot empty has no drawn traces"]);
  });

  it("passes a page whose figures rendered, with plotly.js inlined once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ibd-browser-"));
    const file = join(dir, "ok.html");
    const a = figureHtml({ data: [{ type: "scatter", x: [1, 2, 3], y: [2, 1, 3] }], layout: {} }, { id: "a", includePlotly: true });
    const b = figureHtml({ data: [{ type: "bar", x: ["x", "y"], y: [1, 2] }], layout: {} }, { id: "b" });
    writeFileSync(file, page(a + b));
    const check = await checkPage(browser, file);
    expect(problems(check, { requirePlots: true })).toEqual([]);
    expect(check.plots.map((p) => p.id)).toEqual(["a", "b"]);
  });
});
