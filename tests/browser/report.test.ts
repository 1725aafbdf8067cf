// The analyst's report (src/cli) in a real browser (Debian's headless Chromium via playwright-core):
// built from tests/fixtures/cli/hostile/, a small cohort whose patient ids, free text and one rejected
// value hold script/HTML injection attempts. Every plot must draw, nothing may be logged as an error,
// no dialog (alert) may open, no injected element may exist, and the hostile strings must show as text.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { HOSTILE_DIR, HOSTILE_IMG_ID, HOSTILE_MARKUP_ID, HOSTILE_SCRIPT_ID, HOSTILE_TEXT, HOSTILE_VALUE } from "../fixtures/cli/hostile";
import { checkPage, launchChromium, problems } from "./check-page";

let browser: Browser;
let dir: string;
let file: string;

const quietIo = { stdout: () => {}, stderr: () => {}, stderrIsTTY: false };

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), "ibd-report-"));
  file = join(dir, "report.html");
  const code = await main(["report", HOSTILE_DIR, "--out", file, "--quiet"], quietIo);
  expect(code).toBe(0);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("report of a hostile cohort in headless Chromium", () => {
  it("inlines plotly once and loads nothing from the network", () => {
    const html = readFileSync(file, "utf8");
    // booleans, not toMatch: a failure must not print 5 MB of page source
    expect(html.split("* plotly.js v").length - 1).toBe(1);
    expect(/<script[^>]*\ssrc=/i.test(html.replace(/<script type="text\/javascript">[\s\S]*?<\/script>/g, ""))).toBe(false);
    // the raw hostile markup never appears unescaped in the page source
    for (const s of [HOSTILE_SCRIPT_ID, HOSTILE_IMG_ID, HOSTILE_MARKUP_ID, HOSTILE_TEXT, HOSTILE_VALUE])
      expect([s, html.includes(s)]).toEqual([s, false]);
  });

  it("draws every plot, logs no errors, fires no dialog and shows the hostile strings as text", async () => {
    const check = await checkPage(browser, file, { settleMs: 800 });
    expect(problems(check, { requirePlots: true })).toEqual([]);
    // cohort quadrants (2), sankey, TDM actions, reliability, PK forecasts
    expect(check.plots.length).toBe(6);

    const page = await browser.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("request", (r) => {
      if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) errors.push(`request ${r.url()}`);
    });
    await page.goto(`file://${file}`, { waitUntil: "load" });
    await page.waitForTimeout(800);
    const state = await page.evaluate(() => ({
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered, visible text is the point (textContent would include script bodies)
      text: document.body.innerText,
      imgs: document.querySelectorAll("img").length,
      jsLinks: document.querySelectorAll('a[href^="javascript"], a[*|href^="javascript"]').length,
      bolds: Array.from(document.querySelectorAll("b")).map((b) => b.textContent),
      scripts: Array.from(document.querySelectorAll("script")).filter((s) => /alert\(/.test(s.textContent ?? "")).length,
      svgText: Array.from(document.querySelectorAll(".ibd-plot svg text")).map((t) => t.textContent ?? ""),
    }));
    // hover the scatter points of the hostile patients ("<id> <visit date>: <quadrant>"): plotly's hover label would render markup if it were not escaped
    const hover = await page.evaluate(() => {
      const plots = Array.from(document.querySelectorAll<HTMLElement>(".ibd-plot")) as unknown as {
        data: { text?: string[] }[];
        layout: { title?: { text?: string } };
        querySelector: (s: string) => Element | null;
      }[];
      const gd = plots.find((p) => /vs calprotectin/.test(p.layout.title?.text ?? ""));
      if (!gd) return ["no scatter"];
      const labels: string[] = [];
      const Plotly = (window as unknown as { Plotly: { Fx: { hover: (g: unknown, p: unknown) => void; unhover: (g: unknown) => void } } })
        .Plotly;
      for (let c = 0; c < gd.data.length; c++) {
        (gd.data[c].text ?? []).forEach((t, k) => {
          if (!/alert\(|bold id/.test(t)) return;
          Plotly.Fx.hover(gd, [{ curveNumber: c, pointNumber: k }]);
          labels.push(gd.querySelector(".hoverlayer")?.textContent ?? "no hover label");
          Plotly.Fx.unhover(gd);
        });
      }
      return labels;
    });
    expect(hover.some((h) => h.startsWith(`${HOSTILE_SCRIPT_ID} `) || h.startsWith(`${HOSTILE_SCRIPT_ID}:`))).toBe(true);
    expect(hover.some((h) => h.startsWith(`${HOSTILE_IMG_ID} `) || h.startsWith(`${HOSTILE_IMG_ID}:`))).toBe(true);
    expect(hover.some((h) => h.startsWith(`${HOSTILE_MARKUP_ID} `) || h.startsWith(`${HOSTILE_MARKUP_ID}:`))).toBe(true);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(state.imgs).toBe(0);
    expect(state.jsLinks).toBe(0);
    expect(state.bolds).not.toContain("bold?");
    // only figure JSON may mention alert( (as escaped data, e.g. hover text), never as code of its own
    for (const s of [HOSTILE_SCRIPT_ID, HOSTILE_IMG_ID, HOSTILE_MARKUP_ID, HOSTILE_TEXT, HOSTILE_VALUE]) expect(state.text).toContain(s);
    // the hostile id appears as text in the PK figure's legend (plotly draws escaped names as text)
    expect(state.svgText.some((t) => t.includes(HOSTILE_SCRIPT_ID))).toBe(true);
    await page.close();
  }, 120_000);
});
