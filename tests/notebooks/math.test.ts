/**
 * Formulas in the notebooks' markdown are LaTeX (issue 17 item 3): the exported pages and slides typeset them offline
 * with KaTeX's auto-render ($...$ inline, $$...$$ display), and Jupyter renders the same delimiters with MathJax.
 * Checked on every markdown cell:
 * - every math span renders with the KaTeX the pages ship (throwOnError, strict), so a formula KaTeX cannot typeset
 *   fails here instead of showing as raw TeX in a page or a slide;
 * - the `$` delimiters pair up in each cell (an odd one would turn the prose up to the next `$` into math);
 * - display math stands in a paragraph of its own, unindented (not inside a list item), and inline math stays on one
 *   line, so markdown's block parsing cannot cut a span in two;
 * - the chapter's formulas are there in LaTeX, and the Unicode spellings they replaced are gone.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import katex from "katex";
import { describe, expect, it } from "vitest";

const dir = join(__dirname, "..", "..", "notebooks");
const notebooks = readdirSync(dir).filter((f) => f.endsWith(".ipynb"));

interface Cell {
  cell_type: string;
  source: string | string[];
}

interface MarkdownCell {
  /** 1-based position of the cell in the notebook, as Jupyter counts it. */
  n: number;
  /** The cell's source with escaped dollars (`\$`, plain text) removed. */
  text: string;
}

interface MathSpan {
  tex: string;
  display: boolean;
}

function markdownCells(nb: string): MarkdownCell[] {
  const json = JSON.parse(readFileSync(join(dir, nb), "utf8")) as { cells: Cell[] };
  return json.cells
    .map((c, i) => ({ c, n: i + 1 }))
    .filter(({ c }) => c.cell_type === "markdown")
    .map(({ c, n }) => ({ n, text: (Array.isArray(c.source) ? c.source.join("") : c.source).replace(/\\\$/g, "") }));
}

/** The cell's math spans, display ($$...$$) first, then inline ($...$), and the text left once they are cut out. */
function mathSpans(text: string): { spans: MathSpan[]; rest: string } {
  const spans: MathSpan[] = [];
  const rest = text
    .replace(/\$\$([\s\S]+?)\$\$/g, (_, tex: string) => {
      spans.push({ tex, display: true });
      return " ";
    })
    .replace(/\$([^$]+?)\$/g, (_, tex: string) => {
      spans.push({ tex, display: false });
      return " ";
    });
  return { spans, rest };
}

const cells = new Map(notebooks.map((nb) => [nb, markdownCells(nb)]));
const spansOf = (nb: string): MathSpan[] => (cells.get(nb) ?? []).flatMap((c) => mathSpans(c.text).spans);

describe("math in the notebooks' markdown", () => {
  it("is written somewhere (the notebooks are read)", () => {
    expect(notebooks.length).toBeGreaterThan(0);
    expect(notebooks.flatMap(spansOf).length).toBeGreaterThan(0);
  });

  for (const nb of notebooks) {
    describe(nb, () => {
      it("every $...$ and $$...$$ span renders with KaTeX", () => {
        for (const cell of cells.get(nb) ?? []) {
          for (const { tex, display } of mathSpans(cell.text).spans) {
            expect(
              () => katex.renderToString(tex, { throwOnError: true, displayMode: display, strict: "error" }),
              `${nb} cell ${cell.n}, ${display ? "display" : "inline"} formula: ${tex}`,
            ).not.toThrow();
          }
        }
      });

      it("the $ delimiters of every cell are balanced", () => {
        for (const cell of cells.get(nb) ?? []) {
          const doubles = cell.text.match(/\$\$/g)?.length ?? 0;
          const singles = cell.text.replace(/\$\$/g, "").match(/\$/g)?.length ?? 0;
          expect(doubles % 2, `${nb} cell ${cell.n}: odd number of $$`).toBe(0);
          expect(singles % 2, `${nb} cell ${cell.n}: odd number of $`).toBe(0);
          expect(mathSpans(cell.text).rest, `${nb} cell ${cell.n}: a $ left over outside any span`).not.toContain("$");
        }
      });

      it("display math is a paragraph of its own, inline math stays on one line", () => {
        for (const cell of cells.get(nb) ?? []) {
          for (const m of cell.text.matchAll(/\$\$[\s\S]+?\$\$/g)) {
            const start = m.index ?? 0;
            const before = cell.text.slice(0, start);
            const after = cell.text.slice(start + m[0].length);
            expect(before === "" || before.endsWith("\n\n"), `${nb} cell ${cell.n}: no blank line before ${m[0]}`).toBe(true);
            expect(/^(\n?$|\n\n)/.test(after), `${nb} cell ${cell.n}: no blank line after ${m[0]}`).toBe(true);
          }
          for (const { tex, display } of mathSpans(cell.text).spans) {
            if (!display) expect(tex, `${nb} cell ${cell.n}: inline formula over several lines`).not.toContain("\n");
          }
        }
      });
    });
  }

  // Formulas each chapter states, as they must now be written: one span holding every fragment.
  const expected: { nb: string; display?: boolean; fragments: string[] }[] = [
    { nb: "01-cohort.ipynb", fragments: ["0.1^{-1.54}"] },
    { nb: "02-treat-to-target.ipynb", display: false, fragments: ["X = T + E"] },
    { nb: "02-treat-to-target.ipynb", fragments: ["\\rho = \\operatorname{var}(T)/\\operatorname{var}(X)"] },
    { nb: "02-treat-to-target.ipynb", fragments: ["\\text{SEM} = \\text{SD}", "\\sqrt{1 - \\text{ICC}}"] },
    { nb: "02-treat-to-target.ipynb", fragments: ["\\text{MDC}_{95}", "\\sqrt{2}"] },
    { nb: "03-discordance.ipynb", fragments: ["\\sqrt{1 - \\rho}"] },
    { nb: "05-pharmacokinetics.ipynb", display: true, fragments: ["\\text{CL} = 0.248", "(\\text{albumin}/4.4)^{-0.372}"] },
    { nb: "05-pharmacokinetics.ipynb", fragments: ["\\text{OBJ}(\\eta)", "\\omega^2"] },
    { nb: "05-pharmacokinetics.ipynb", fragments: ["C/(C + K_{\\text{D}})"] },
    { nb: "06-refractoriness.ipynb", fragments: ["C/(C + K_{\\text{D}})", "12/13"] },
    { nb: "07-stricture-flow.ipynb", display: true, fragments: ["\\frac", "r^4", "\\Delta P", "8 \\mu L"] },
    { nb: "07-stricture-flow.ipynb", display: true, fragments: ["\\frac", "23.6\\,\\text{mL/min}"] },
    { nb: "07-stricture-flow.ipynb", fragments: ["Q \\propto r^{3 + 1/n}"] },
    { nb: "07-stricture-flow.ipynb", fragments: ["\\text{Re} = \\rho V D/\\mu"] },
    { nb: "08-hands-on.ipynb", fragments: ["\\text{odds} = p/(1 - p)"] },
    { nb: "08-hands-on.ipynb", fragments: ["Q = \\pi r^4 \\Delta P/(8 \\mu L)"] },
    { nb: "08-hands-on.ipynb", fragments: ["\\sqrt{2}"] },
    { nb: "08-hands-on-solutions.ipynb", fragments: ["\\text{odds} = p/(1 - p)"] },
    { nb: "08-hands-on-solutions.ipynb", fragments: ["Q = \\pi r^4 \\Delta P/(8 \\mu L)"] },
  ];
  for (const { nb, display, fragments } of expected) {
    const kind = display === undefined ? "a" : display ? "a display" : "an inline";
    it(`${nb} has ${kind} math span with ${fragments.join(" … ")}`, () => {
      const found = spansOf(nb).some((s) => (display === undefined || s.display === display) && fragments.every((f) => s.tex.includes(f)));
      expect(found, `${nb}: no ${kind} math span containing ${fragments.join(", ")}`).toBe(true);
    });
  }

  // The Unicode spellings the LaTeX replaced; none may come back in any notebook's markdown.
  const replaced = [
    "π r⁴ ΔP",
    "**X = T + E**",
    "var(T) / var(X)",
    "√(1 − ICC)",
    "√(1 − ρ)",
    "√(ρ_xx · ρ_yy)",
    "(albumin / 4.1)^-1.54",
    "(albumin/4.4)^−0.372",
    "OBJ(η)",
    "kint·V1·(Ctot − C)",
    "C / (C + KD)",
    "C/(C+KD)",
    "odds = p / (1 − p)",
    "r^(3+1/n)",
    "Re = ρVD/μ",
    "0.1^-1.54",
  ];
  for (const nb of notebooks) {
    it(`${nb}: no formula left in Unicode`, () => {
      for (const cell of cells.get(nb) ?? []) {
        for (const s of replaced) expect(cell.text, `${nb} cell ${cell.n} still writes ${s}`).not.toContain(s);
        // Outside math, prose keeps its units (µg/mL, mPa·s) and thresholds (≥ 3), but no formula symbols:
        // square root, proportional to, superscript 4, n and minus, and the Greek letters of the formulas (μ, not µ).
        const stray = mathSpans(cell.text).rest.match(/[√∝Σ⁴ⁿ⁻πρηωΔμ]/gu);
        expect(stray, `${nb} cell ${cell.n}: formula symbols outside $...$`).toBeNull();
      }
    });
  }
});
