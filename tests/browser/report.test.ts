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

// The sample cohorts' report as a clinician reads it: the summary is the first screen, patients are
// collapsed behind a click (a link to one opens it), and printing gives pages that nothing overflows.
describe("report of the sample cohorts: summary first, details on demand, print", () => {
  let sample: string;
  beforeAll(async () => {
    sample = join(dir, "sample.html");
    expect(await main(["report", "data/uc", "data/cd", "--out", sample, "--quiet", "--pk-patients", "2"], quietIo)).toBe(0);
  }, 120_000);

  it("fits the summary with every decision in the first 1280x900 screen and keeps the patients collapsed", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`file://${sample}`, { waitUntil: "load" });
    const first = await page.evaluate(() => {
      const summary = document.getElementById("summary") as HTMLElement;
      return {
        firstHeading: document.querySelector("h2")?.textContent,
        summaryBottom: summary.getBoundingClientRect().bottom,
        decisions: summary.querySelectorAll("table.decisions tbody tr").length,
        open: document.querySelectorAll("details[open]").length,
        patients: document.querySelectorAll("details.patient").length,
      };
    });
    expect(first.firstHeading).toBe("Summary");
    expect(first.summaryBottom).toBeLessThanOrEqual(900);
    expect(first.decisions).toBeGreaterThanOrEqual(8);
    expect(first.open).toBe(0);
    expect(first.patients).toBe(800);
    // a patient link of the summary opens that patient and its group
    await page.click("table.decisions tbody tr:nth-child(2) td.ex a");
    const opened = await page.evaluate(() => {
      const target = document.getElementById(location.hash.slice(1)) as HTMLDetailsElement;
      const rect = target.getBoundingClientRect();
      return {
        open: target.open,
        group: (target.parentElement as HTMLDetailsElement).open,
        top: rect.top,
        items: target.querySelectorAll("li").length,
      };
    });
    expect(opened).toMatchObject({ open: true, group: true });
    expect(opened.items).toBeGreaterThan(0);
    expect(opened.top).toBeGreaterThanOrEqual(-1);
    expect(opened.top).toBeLessThan(900);
    await page.close();
  }, 60_000);

  it("prints on A4: the summary on the first page, the patient list open, nothing wider than the page", async () => {
    // A4 with the stylesheet's 12 mm side and 14 mm top/bottom margins, at 96 px per inch
    const mm = 96 / 25.4;
    const width = Math.floor((210 - 24) * mm);
    const height = Math.floor((297 - 28) * mm);
    // Opened on a wide screen, then printed: Chromium prints without a resize event, so the page's own
    // beforeprint handler must narrow the figures; the print stylesheet must fit the rest to the page.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`file://${sample}`, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    await page.waitForTimeout(500);
    const plotWidths = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".ibd-plot .main-svg:first-of-type")).map((s) => s.getBoundingClientRect().width),
    );
    expect(plotWidths.length).toBeGreaterThan(0);
    for (const w of plotWidths) expect(w).toBeLessThanOrEqual(width);
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    const printed = await page.evaluate(() => ({
      summaryBottom: (document.getElementById("summary") as HTMLElement).getBoundingClientRect().bottom + window.scrollY,
      groups: document.querySelectorAll("details.group").length,
      groupsOpen: document.querySelectorAll("details.group[open]").length,
      scrollWidth: document.documentElement.scrollWidth,
      nav: getComputedStyle(document.querySelector("nav") as HTMLElement).display,
    }));
    expect(printed.summaryBottom).toBeLessThanOrEqual(height);
    expect(printed.groups).toBeGreaterThanOrEqual(8);
    expect(printed.groupsOpen).toBe(printed.groups);
    expect(printed.scrollWidth).toBeLessThanOrEqual(width);
    expect(printed.nav).toBe("none");
    await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
    expect(await page.evaluate(() => document.querySelectorAll("details.group[open]").length)).toBe(0);
    await page.emulateMedia({ media: "screen" });
    // Chromium's own print-to-PDF runs the same handlers and writes the pages
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThan(5);
    await page.close();
  }, 120_000);
});
