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
    // without plotly.js on the page, the div says so instead of throwing
    events.length = 0;
    new Function("document", "Plotly", script)({ getElementById: () => gd }, undefined);
    expect(events).toEqual(["<p class='ibd-plot-error'>plotly.js did not load on this page: the figure cannot be drawn.</p>"]);
  });

  it("cannot be broken out of its script by data", () => {
    const html = figureHtml(fig, { id: "p1" });
    expect(html.match(/<\/script>/g)?.length).toBe(1);
    expect(jsonForScript("</script>")).toBe('"\\u003c/script\\u003e"');
  });

  it("inlines plotly.js from the npm package only when asked", () => {
    expect(figureHtml(fig).length).toBeLessThan(2000);
    const withPlotly = figureHtml(fig, { includePlotly: true });
    expect(withPlotly.length).toBeGreaterThan(1_000_000);
    expect(plotlyScriptSource()).not.toMatch(/<\/script/i);
  });
});

describe("show", () => {
  it("sends plotly.js with the first figure of a session only", () => {
    resetShow();
    const sent: string[] = [];
    const target = { display: { html: (s: string) => sent.push(s) } };
    show(fig, { target });
    show(fig, { target });
    expect(sent).toHaveLength(2);
    expect(sent[0].length).toBeGreaterThan(1_000_000);
    expect(sent[1].length).toBeLessThan(2000);
    resetShow();
    show(fig, { target });
    expect(sent[2].length).toBeGreaterThan(1_000_000);
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
