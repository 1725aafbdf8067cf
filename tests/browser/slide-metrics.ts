// What a lecture-hall slide must satisfy (issue 17 item 3), measured in the page: for the slide on show,
// every visible element inside the 1280x800 slide box, body text at least 24 px and chart text (plotly's
// SVG) at least 20 px, in slide pixels (computed CSS size; reveal.js scales the whole slide to the screen).
// Used by tests/browser/slides.test.ts and, with a folder argument, to take a screenshot of every slide.
import type { Page } from "playwright-core";

export const BODY_MIN_PX = 24;
export const CHART_MIN_PX = 20;

export interface SlideMetrics {
  /** reveal.js indices "h.v" of the slide. */
  index: string;
  heading: string;
  /** Elements reaching outside the slide box, as "tag.class: how far (px)". */
  overflow: string[];
  /** Visible text below its minimum, as "size px: text". */
  small: string[];
  /** Speaker notes' text length. */
  notesChars: number;
  /** Visible prose on the slide (rendered markdown without headings), in characters: a wall of text is long. */
  bodyChars: number;
  /** What the slide shows: figures, live calculators, tables, printouts, list items. */
  content: { figures: number; live: number; tables: number; printouts: number; items: number; formulas: number };
}

/** Measures the slide on show (call after Reveal.slide(h, v) and a short wait). */
export function measureSlide(page: Page): Promise<SlideMetrics> {
  return page.evaluate(
    ({ BODY, CHART }) => {
      const R = (window as unknown as { Reveal: { getIndices(): { h: number; v?: number }; getScale(): number } }).Reveal;
      const idx = R.getIndices();
      const scale = R.getScale();
      const slide = document.querySelector<HTMLElement>(".reveal .slides section.present:not(.stack)");
      if (!slide) throw new Error("no present slide");
      const box = (document.querySelector(".reveal .slides") as HTMLElement).getBoundingClientRect();
      const visible = (e: Element) => {
        if (e.closest("aside.notes")) return false;
        const s = getComputedStyle(e);
        if (s.display === "none" || s.visibility === "hidden" || Number(s.opacity) === 0) return false;
        const r = e.getBoundingClientRect();
        return r.width > 1 && r.height > 1;
      };
      const name = (e: Element) =>
        `${e.tagName.toLowerCase()}${e.classList.length ? `.${Array.from(e.classList).slice(0, 2).join(".")}` : ""}`;
      const overflow: string[] = [];
      const small: string[] = [];
      for (const e of Array.from(slide.querySelectorAll("*"))) {
        if (!visible(e)) continue;
        // plotly's hover layer and drag handles sit outside the plot until used; KaTeX's MathML copy is for
        // screen readers (clipped to nothing)
        if (e.closest(".hoverlayer, .modebar-container, .nsewdrag, .drag, .katex-mathml")) continue;
        // SVG groups report the size of what they hold before clipping: the plot's own box and its text count
        if (e instanceof SVGElement && !(e instanceof SVGSVGElement) && !(e instanceof SVGTextElement)) continue;
        const r = e.getBoundingClientRect();
        const out = Math.max(r.right - box.right, r.bottom - box.bottom, box.left - r.left, box.top - r.top) / scale;
        if (out > 1) overflow.push(`${name(e)}: ${out.toFixed(0)} px`);
        // chart text cut by its figure's edge (plotly clips an axis title longer than the plot, without a word)
        if (e instanceof SVGTextElement && (e.textContent ?? "").trim() !== "") {
          let svg: SVGSVGElement | null = e.ownerSVGElement;
          while (svg?.ownerSVGElement) svg = svg.ownerSVGElement;
          const f = svg?.getBoundingClientRect();
          const cut = f ? Math.max(r.right - f.right, r.bottom - f.bottom, f.left - r.left, f.top - r.top) / scale : 0;
          if (cut > 1) overflow.push(`text cut by its figure by ${cut.toFixed(0)} px: ${(e.textContent ?? "").trim().slice(0, 40)}`);
        }
        const own = Array.from(e.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? "").trim() !== "");
        if (!own) continue;
        // within a formula, KaTeX sets scripts smaller by design; its base size is checked on .katex itself
        if (e.closest(".katex") && !e.classList.contains("katex")) continue;
        const size = Number.parseFloat(getComputedStyle(e).fontSize);
        const chart = e instanceof SVGElement;
        if (size < (chart ? CHART : BODY) - 0.01) small.push(`${size} px: ${(e.textContent ?? "").trim().slice(0, 40)}`);
      }
      for (const k of Array.from(slide.querySelectorAll(".katex"))) {
        const size = Number.parseFloat(getComputedStyle(k).fontSize);
        if (size < BODY && !k.closest("aside.notes")) small.push(`${size} px: formula ${(k.textContent ?? "").slice(0, 30)}`);
      }
      const notes = Array.from(slide.querySelectorAll("aside.notes"))
        .map((a) => a.textContent ?? "")
        .join("");
      const heading = slide.querySelector("h1, h2, h3")?.textContent?.trim() ?? "";
      let bodyChars = 0;
      for (const md of Array.from(slide.querySelectorAll<HTMLElement>(".jp-RenderedMarkdown"))) {
        if (md.closest("aside.notes") || !visible(md)) continue;
        // the prose a reader sees: without headings, notes and KaTeX's MathML copy of each formula
        const copy = md.cloneNode(true) as HTMLElement;
        for (const x of Array.from(copy.querySelectorAll("h1, h2, h3, h4, h5, h6, aside.notes, .katex-mathml"))) x.remove();
        bodyChars += (copy.textContent ?? "").replace(/\s+/g, " ").trim().length;
      }
      return {
        index: `${idx.h}.${idx.v ?? 0}`,
        heading,
        overflow: Array.from(new Set(overflow)),
        small: Array.from(new Set(small)),
        notesChars: notes.length,
        bodyChars,
        content: {
          figures: slide.querySelectorAll(".ibd-plot:not(.ibd-live-plot)").length,
          live: slide.querySelectorAll(".ibd-live").length,
          tables: slide.querySelectorAll("table.ibd-table").length,
          printouts: slide.querySelectorAll("pre.ibd-printout").length,
          items: slide.querySelectorAll(".jp-RenderedMarkdown li").length,
          formulas: Array.from(slide.querySelectorAll(".katex")).filter((k) => !k.closest("aside.notes")).length,
        },
      };
    },
    { BODY: BODY_MIN_PX, CHART: CHART_MIN_PX },
  );
}

/** Every slide's reveal.js indices, in order (horizontal, then vertical within each). */
export function slideIndices(page: Page): Promise<{ h: number; v: number }[]> {
  return page.evaluate(() => {
    const list: { h: number; v: number }[] = [];
    const top = Array.from(document.querySelectorAll(".reveal .slides > section"));
    top.forEach((s, h) => {
      const inner = Array.from(s.querySelectorAll(":scope > section"));
      if (inner.length === 0) list.push({ h, v: 0 });
      else
        inner.forEach((_, v) => {
          list.push({ h, v });
        });
    });
    return list;
  });
}

/** Shows slide (h, v) and waits for reveal.js and plotly to settle. */
export async function goTo(page: Page, h: number, v: number): Promise<void> {
  await page.evaluate(({ h, v }) => (window as unknown as { Reveal: { slide(h: number, v: number): void } }).Reveal.slide(h, v), { h, v });
  await page.waitForTimeout(450);
}
