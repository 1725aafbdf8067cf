import { describe, expect, it } from "vitest";
import { EnvironmentError, InputError } from "../../src/core/errors";
import { axisTitle, referenceLine } from "../../src/plot/figure";
import { figureHtml, jsonForScript, plotlyScriptSource } from "../../src/plot/html";
import { withBaseLayout } from "../../src/plot/palette";
import { resetShow, show, showHtml } from "../../src/plot/show";
import { escapeHtml, tableHtml } from "../../src/plot/table";

const fig = { data: [{ type: "scatter", x: [1, 2], y: [3, 4], name: "</script><script>alert(1)</script>" }], layout: { height: 300 } };

describe("figureHtml", () => {
  it("draws a figure with Plotly.newPlot into a div of class ibd-plot", () => {
    const html = figureHtml(fig, { id: "p1" });
    expect(html).toContain('<div id="p1" class="ibd-plot" style="width:100%;height:300px;"><p class="ibd-plot-static"');
    expect(html).toContain("Plotly.newPlot(gd,{data:");
    expect(html).not.toContain("cdn");
  });

  it("says in place which figure is missing until its script runs, and the script removes that text before drawing", () => {
    const titled = { ...fig, layout: { height: 300, title: { text: 'Trough <b>"A&B"</b>' } } };
    const html = figureHtml(titled, { id: "p2" });
    const div = /<div id="p2"[^>]*>(.*?)<\/div>/.exec(html)?.[1] ?? "";
    // the title's markup stripped, the rest escaped: what an untrusted notebook shows instead of white space
    expect(div).toContain('Figure "Trough &quot;A&amp;B&quot;" is drawn by JavaScript, which is not running here');
    expect(div).toContain("File &gt; Trust Notebook");
    expect(figureHtml(fig, { id: "p3" })).toContain(">This figure is drawn by JavaScript");
    // the script is valid JavaScript; run against a stub page it removes the text, then draws once
    const script = /<script type="text\/javascript">([\s\S]*)<\/script>/.exec(html)?.[1] ?? "";
    const events: string[] = [];
    const gd = {
      querySelector: (sel: string) => (sel === ".ibd-plot-static" ? { remove: () => events.push("removed text") } : null),
      insertAdjacentHTML: (_: string, h: string) => events.push(h),
    };
    const Plotly = {
      newPlot: () => {
        events.push("drawn");
        return Promise.resolve(gd);
      },
    };
    new Function("document", "Plotly", script)({ getElementById: () => gd }, Plotly);
    expect(events).toEqual(["removed text", "drawn"]);
  });

  it("without plotly.js on a page that Jupyter did not serve, says in place why the figure is not drawn", async () => {
    const html = figureHtml(fig, { id: "p4" });
    const script = /<script type="text\/javascript">([\s\S]*)<\/script>/.exec(html)?.[1] ?? "";
    const appended: { className: string; textContent: string }[] = [];
    const gd = { appendChild: (p: { className: string; textContent: string }) => appended.push(p) };
    const win: Record<string, unknown> = {};
    const doc = {
      getElementById: (id: string) => (id === "p4" ? gd : null),
      body: { getAttribute: () => null },
      createElement: () => ({ className: "", textContent: "" }),
    };
    new Function("document", "window", script)(doc, win);
    await new Promise((r) => setTimeout(r, 0));
    expect(appended).toHaveLength(1);
    expect(appended[0].className).toBe("ibd-plot-error");
    expect(appended[0].textContent).toContain("plotly.js is not on this page, so the figure cannot be drawn");
    expect(appended[0].textContent).toContain("the page is not served by Jupyter");
    expect(appended[0].textContent).toContain("npm run kernel");
  });

  it("on a page Jupyter served, asks the server once for plotly.js (nbextensions/ibd-lab) and draws when it loads", async () => {
    const scripts: { src: string; onload?: () => void }[] = [];
    const drawn: string[] = [];
    const win: Record<string, unknown> = {};
    const gds = new Map(["q1", "q2"].map((id) => [id, { id, querySelector: () => null }]));
    const doc = {
      getElementById: (id: string) => gds.get(id),
      body: { getAttribute: (a: string) => (a === "data-base-url" ? "/user/ana" : null) },
      createElement: () => ({ src: "" }),
      head: { appendChild: (s: { src: string; onload?: () => void }) => scripts.push(s) },
    };
    for (const id of ["q1", "q2"]) {
      const script = /<script type="text\/javascript">([\s\S]*)<\/script>/.exec(figureHtml(fig, { id }))?.[1] ?? "";
      new Function("document", "window", script)(doc, win);
    }
    // one request for both figures, to the server's nbextensions folder, with the file's hash as cache key
    expect(scripts).toHaveLength(1);
    expect(scripts[0].src).toMatch(/^\/user\/ana\/nbextensions\/ibd-lab\/plotly\.min\.js\?v=[0-9a-f]{12}$/);
    win.Plotly = {
      newPlot: (gd: { id: string }) => {
        drawn.push(gd.id);
        return Promise.resolve(gd);
      },
    };
    (globalThis as Record<string, unknown>).Plotly = win.Plotly;
    try {
      scripts[0].onload?.();
      await new Promise((r) => setTimeout(r, 0));
    } finally {
      delete (globalThis as Record<string, unknown>).Plotly;
    }
    expect(drawn.sort()).toEqual(["q1", "q2"]);
  });

  it("cannot be broken out of its script by data", () => {
    const html = figureHtml(fig, { id: "p1" });
    expect(html.match(/<\/script>/g)?.length).toBe(1);
    expect(jsonForScript("</script>")).toBe('"\\u003c/script\\u003e"');
  });

  it("inlines plotly.js from the npm package only when asked", () => {
    expect(figureHtml(fig)).not.toContain("plotly.js v");
    expect(figureHtml(fig).length).toBeLessThan(4000);
    const withPlotly = figureHtml(fig, { includePlotly: true });
    expect(withPlotly.length).toBeGreaterThan(1_000_000);
    expect(withPlotly).toContain("plotly.js v");
    expect(plotlyScriptSource()).not.toMatch(/<\/script/i);
  });
});

describe("show", () => {
  const PLOTLY = /^<script type="text\/javascript">\/\*\*\n\* plotly\.js v/;
  it("sends plotly.js with the first figure of a session only, as an output of its own before the figure", () => {
    resetShow();
    const sent: string[] = [];
    const target = { display: { html: (s: string) => sent.push(s) } };
    show(fig, { target });
    show(fig, { target });
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatch(PLOTLY);
    expect(sent[1]).toContain("Plotly.newPlot");
    expect(sent[1]).not.toContain("plotly.js v");
    expect(sent[2]).toContain("Plotly.newPlot");
    expect(sent[2]).not.toContain("plotly.js v");
    resetShow();
    show(fig, { target });
    expect(sent[3]).toMatch(PLOTLY);
    show(fig, { target, includePlotly: true });
    expect(sent[5]).toMatch(PLOTLY);
    show(fig, { target, includePlotly: false });
    expect(sent).toHaveLength(8);
    expect(sent[7]).not.toContain("plotly.js v");
    resetShow();
  });

  it("through tslab's newDisplay, replaces the sent script by a hidden marker, so the saved notebook does not keep it", () => {
    resetShow();
    const outputs: string[][] = [];
    const target = {
      display: { html: (s: string) => outputs.push([s]) },
      newDisplay: () => {
        const versions: string[] = [];
        outputs.push(versions);
        return { html: (s: string) => versions.push(s) };
      },
    };
    const before = process.env.IBD_LAB_INLINE_ASSETS;
    try {
      delete process.env.IBD_LAB_INLINE_ASSETS;
      show(fig, { target });
      expect(outputs).toHaveLength(2);
      expect(outputs[0]).toHaveLength(2);
      expect(outputs[0][0]).toMatch(PLOTLY);
      expect(outputs[0][1]).toBe('<div class="ibd-asset" data-ibd-asset="plotly" style="display:none"></div>');
      expect(outputs[1][0]).toContain("Plotly.newPlot");
      // the notebook runner keeps it (IBD_LAB_INLINE_ASSETS=1): out/ notebooks and pages open drawn anywhere
      resetShow();
      process.env.IBD_LAB_INLINE_ASSETS = "1";
      show(fig, { target });
      expect(outputs).toHaveLength(4);
      expect(outputs[2]).toHaveLength(1);
      expect(outputs[2][0]).toMatch(PLOTLY);
    } finally {
      if (before === undefined) delete process.env.IBD_LAB_INLINE_ASSETS;
      else process.env.IBD_LAB_INLINE_ASSETS = before;
      resetShow();
    }
  });

  it("is an EnvironmentError class users can catch outside tslab", () => {
    expect(new EnvironmentError("x")).toBeInstanceOf(Error);
  });
});

describe("tableHtml", () => {
  it("escapes every cell and header", () => {
    const html = tableHtml([{ "<b>": "<script>alert(1)</script>", n: 1.23456789 }]);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("<th>&lt;b&gt;</th>");
    expect(html).toContain("<td>1.235</td>");
    expect(escapeHtml(`"'&`)).toBe("&quot;&#39;&amp;");
  });

  it("limits rows and says how many were left out", () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ i }));
    expect(tableHtml(rows, { maxRows: 10 })).toContain("50 more rows not shown.");
  });
});

describe("referenceLine", () => {
  it("spans the plot horizontally at y or vertically at x", () => {
    expect(referenceLine("y", 5)).toEqual({
      type: "line",
      xref: "paper",
      yref: "y",
      x0: 0,
      x1: 1,
      y0: 5,
      y1: 5,
      line: { color: "#000000", dash: "dash", width: 1 },
    });
    expect(referenceLine("x", 250, { dash: "dot", color: "#E69F00" })).toMatchObject({
      xref: "x",
      yref: "paper",
      x0: 250,
      x1: 250,
      y0: 0,
      y1: 1,
      line: { dash: "dot", color: "#E69F00" },
    });
  });
});

describe("hostile input (issue 14)", () => {
  it("show and showHtml outside a tslab kernel are an EnvironmentError saying so, not Error('Not ready')", () => {
    resetShow();
    for (const call of [() => show(fig), () => showHtml("<p>x</p>")]) {
      let err: unknown;
      try {
        call();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EnvironmentError);
      expect((err as Error).message).toMatch(/must run in a tslab notebook/);
    }
    resetShow();
  });

  it("an invalid figure is an InputError (before any environment check)", () => {
    expect(() => show({} as never)).toThrow(InputError);
    expect(() => show({} as never)).toThrow(/figure\.data: got undefined, expected an array/);
    expect(() => show(fig, null as never)).toThrow(/options: got null/);
    expect(() => show(fig, { target: {} as never })).toThrow(/target/);
    expect(() => showHtml(5 as never)).toThrow(/html: got 5/);
    expect(() => figureHtml(undefined as never)).toThrow(/figure: got undefined, expected an object/);
    expect(() => figureHtml({ data: [1, 2] } as never)).toThrow(/figure\.data\[0\]/);
  });

  it("figureHtml refuses ids and heights that would break out of the HTML attribute, and a NaN layout height", () => {
    expect(() => figureHtml(fig, { id: '"><script>' })).toThrow(/id/);
    expect(() => figureHtml(fig, { height: "1px;background:red" })).toThrow(/height/);
    expect(() => figureHtml({ data: [], layout: { height: Number.NaN } })).toThrow(/figure\.layout\.height/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => figureHtml({ data: [cyclic], layout: {} })).toThrow(/cannot be serialised/);
    expect(figureHtml({ data: [] } as never, { id: "ok-1", height: "60vh" })).toContain('id="ok-1"');
  });

  it("withBaseLayout and axisTitle never put a NaN or Infinity in a figure", () => {
    expect(() => withBaseLayout({ lengthMm: Number.POSITIVE_INFINITY })).toThrow(/layout\.lengthMm: got Infinity/);
    expect(() => withBaseLayout({ xaxis: { range: [0, Number.NaN] } })).toThrow(/layout\.xaxis\.range\[1\]/);
    expect(() => withBaseLayout(null as never)).toThrow(/layout: got null, expected an object/);
    expect(() => axisTitle(Number.NaN as never, 0 as never)).toThrow(/label: got NaN, expected a non-empty string/);
    expect(() => axisTitle("Trough", 5 as never)).toThrow(/unit/);
    // a unit typed "ug/mL" is shown with the micro sign (issue #17 item 5: one spelling in figure text)
    expect(axisTitle("Trough", "ug/mL")).toEqual({ text: "Trough (µg/mL)" });
    expect(axisTitle("Count")).toEqual({ text: "Count" });
  });

  it("tableHtml and escapeHtml check their inputs", () => {
    expect(() => tableHtml({} as never)).toThrow(/rows: got \{\}, expected an array/);
    expect(() => tableHtml([null] as never)).toThrow(/rows\[0\]: got null/);
    expect(() => tableHtml([{ a: 1 }], { maxRows: 1e308 })).toThrow(/maxRows/);
    expect(() => tableHtml([{ a: 1 }], { columns: "constructor" as never })).toThrow(/columns/);
    // a column named "constructor" reads the record's own field only
    expect(tableHtml([{ a: 1 }], { columns: ["constructor"] })).toContain("<td></td>");
    expect(() => escapeHtml(Object.create(null))).toThrow(InputError);
    expect(() => escapeHtml({ a: 1 })).toThrow(/text/);
    expect(escapeHtml(null)).toBe("");
    expect(escapeHtml(3)).toBe("3");
  });
});
