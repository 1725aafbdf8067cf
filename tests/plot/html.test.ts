import { describe, expect, it } from "vitest";
import { EnvironmentError } from "../../src/core/errors";
import { referenceLine } from "../../src/plot/figure";
import { figureHtml, jsonForScript, plotlyScriptSource } from "../../src/plot/html";
import { resetShow, show } from "../../src/plot/show";
import { escapeHtml, tableHtml } from "../../src/plot/table";

const fig = { data: [{ type: "scatter", x: [1, 2], y: [3, 4], name: "</script><script>alert(1)</script>" }], layout: { height: 300 } };

describe("figureHtml", () => {
  it("draws a figure with Plotly.newPlot into a div of class ibd-plot", () => {
    const html = figureHtml(fig, { id: "p1" });
    expect(html).toContain('<div id="p1" class="ibd-plot" style="width:100%;height:300px;">');
    expect(html).toContain("Plotly.newPlot(gd,{data:");
    expect(html).not.toContain("cdn");
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
