#!/usr/bin/env python3
"""Educator mode: export executed notebooks (out/*.ipynb) as offline reveal.js decks
for a lecture hall.

    /usr/bin/python3 scripts/slides.py [--out out]     (npm run slides)

A notebook is written for reading; a slide is looked at from the back of a room.
So a deck is not the notebook cut into pages: this script builds a new notebook
for reveal.js (nbconvert's SlidesExporter) in which

* every markdown heading opens a slide that shows the heading and one short thing:
  the section's first short list (at most 5 items), else its display formulas,
  else the first sentence of its prose. Everything the section says goes, whole,
  into the slide's speaker notes (press S);
* every figure, live calculator, table, printed result or card a code cell shows
  becomes a slide of its own under the section's heading (code is never shown):
  figures are sized to the slide, tables of more than 8 rows continue on the next
  slide, and what could not be read at 24 px on one slide (a wide table, a long
  printout) goes into the speaker notes whole instead of being shrunk;
* plotly.js, the ibd-lab browser bundle (for live calculators), reveal.js and
  KaTeX come from the npm packages, copied beside the decks: nothing is fetched.

The deck template (scripts/nbconvert/ibd-slides) sets body text to at least 24 px
and chart text to at least 20 px; tests/browser/slides.test.ts measures every
slide of every deck for overflow and font size. The limits below are estimates
that the test checks.
"""
import argparse
import copy
import glob
import html
import pathlib
import re
import shutil
import sys
import textwrap

import nbformat
from nbconvert import SlidesExporter

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import page_math  # noqa: E402

# What one 1280x800 slide holds at the deck's sizes (24 px body text, about 12.5 px per character
# of proportional text and 14.5 px per character of monospace text, 1200 px of usable width).
LIST_MAX_ITEMS = 5
LIST_ITEM_MAX_CHARS = 140
LEAD_MAX_CHARS = 220
DISPLAY_MATH_MAX_CHARS = 70
TABLE_MAX_ROWS = 8
TABLE_MAX_WIDTH_PX = 1180
TABLE_CELL_MAX_CHARS = 60
PRE_COLUMNS = 78
PRE_MAX_LINES = 15
CARD_MAX_CHARS = 420
CARD_MAX_LINES = 10

HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+")


def plain(md):
    """Markdown to its visible text, roughly: for measuring lengths only."""
    text = re.sub(r"\$\$?([^$]*)\$\$?", lambda m: re.sub(r"\\[a-zA-Z]+|[{}^_]", "", m.group(1)), md)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def sections(md):
    """Splits a markdown cell at its headings: [(level, title, body)], level 0 for text before any heading."""
    out = []
    level, title, body = 0, None, []
    for line in md.splitlines():
        m = HEADING.match(line)
        if m:
            if title is not None or any(s.strip() for s in body):
                out.append((level, title, "\n".join(body).strip()))
            level, title, body = len(m.group(1)), m.group(2), []
        else:
            body.append(line)
    if title is not None or any(s.strip() for s in body):
        out.append((level, title, "\n".join(body).strip()))
    return out


def blocks(md):
    """Paragraph-level blocks: text separated by blank lines; display math ($$...$$) and lists kept whole."""
    out, cur = [], []
    for line in md.splitlines():
        if not line.strip():
            if cur:
                out.append("\n".join(cur))
                cur = []
            continue
        cur.append(line)
    if cur:
        out.append("\n".join(cur))
    return out


def list_items(block):
    """The items of a markdown list block (continuation lines joined), or None for a block that is not a list."""
    lines = block.splitlines()
    if not LIST_ITEM.match(lines[0]):
        return None
    items = []
    for line in lines:
        if LIST_ITEM.match(line):
            items.append(line.strip())
        elif items:
            items[-1] += " " + line.strip()
    return items


def lead_sentence(block):
    """The first sentence of a prose block (abbreviations such as 'e.g.' or 'et al.' do not end it)."""
    text = " ".join(block.split())
    for m in re.finditer(r"[.!?](?=\s+[A-Z(*\"'])", text):
        before = text[: m.end()]
        if re.search(r"(\be\.g|\bi\.e|\bet al|\bvs|\bFig|\bcf|\bapprox|\bNo)\.$", before):
            continue
        return before
    return text


def slide_body(body):
    """What the slide shows of a section: one short list, else its display formulas, else one sentence."""
    bs = blocks(body)
    for b in bs:
        items = list_items(b)
        if items and len(items) <= LIST_MAX_ITEMS and all(len(plain(i)) <= LIST_ITEM_MAX_CHARS for i in items):
            return "\n".join(items)
    # a display formula is not broken across lines: only one that fits the slide's width is shown
    maths = [b for b in bs if b.strip().startswith("$$") and b.strip().endswith("$$") and len(plain(b)) <= DISPLAY_MATH_MAX_CHARS]
    if maths:
        return "\n\n".join(maths[:2])
    for b in bs:
        if list_items(b) is None and not b.lstrip().startswith(("$$", "<", "|", "```")):
            lead = lead_sentence(b)
            if len(plain(lead)) <= LEAD_MAX_CHARS:
                return lead
            return None
    return None


# ---------------------------------------------------------------- outputs


def output_html(o):
    data = o.get("data", {})
    h = data.get("text/html", "")
    return "".join(h) if isinstance(h, list) else h


def kind_of(o):
    """asset | figure | live | table | text | card | other, for one output."""
    if o.output_type == "stream":
        return "text" if o.name == "stdout" else "other"
    if o.output_type == "error":
        return "other"
    h = output_html(o)
    if h:
        head = h.lstrip()[:400]
        if 'class="ibd-asset"' in head or (head.startswith("<script") and 'class="ibd-plot"' not in h and 'data-ibd-live="' not in h):
            return "asset"
        if 'data-ibd-live="' in h:
            return "live"
        if 'class="ibd-plot"' in h:
            return "figure"
        if head.startswith('<table class="ibd-table"'):
            return "table"
        return "card"
    if "text/plain" in o.get("data", {}):
        return "text"
    return "other"


def text_of(o):
    if o.output_type == "stream":
        return o.text
    t = o.get("data", {}).get("text/plain", "")
    return "".join(t) if isinstance(t, list) else t


def wrap_printout(text):
    """The printout broken at spaces into lines of at most PRE_COLUMNS (a continuation indented two more
    spaces than its line), so that the slide never splits a word; a word longer than a line is cut."""
    out = []
    for line in text.rstrip("\n").split("\n"):
        if len(line) <= PRE_COLUMNS:
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip(" "))]
        out.extend(textwrap.wrap(line, PRE_COLUMNS, initial_indent="", subsequent_indent=lead + "  ",
                                 break_on_hyphens=False, drop_whitespace=True) or [line])
    return "\n".join(out)


def wrapped_lines(text):
    return len(wrap_printout(text).split("\n"))


def cell_texts(cell_html):
    return [plain(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", cell_html, flags=re.S)]


def split_table(h):
    """An ibd-table's caption, header row and body rows (HTML), and what follows the table."""
    m = re.match(r'\s*<table class="ibd-table">(<caption>.*?</caption>)?<thead>(.*?)</thead><tbody>(.*?)</tbody></table>(.*)$', h, flags=re.S)
    if not m:
        return None
    caption, head, body, after = m.group(1) or "", m.group(2), m.group(3), m.group(4)
    rows = re.findall(r"<tr>.*?</tr>", body, flags=re.S)
    return caption, head, rows, after


def table_width_px(head, rows):
    """Estimated natural width at 24 px: per column its longest cell (wrapped at TABLE_CELL_MAX_CHARS), plus padding."""
    grid = [cell_texts(r) for r in [head] + rows]
    ncol = max(len(r) for r in grid)
    width = 0
    for j in range(ncol):
        longest = max((len(r[j]) for r in grid if j < len(r)), default=0)
        width += min(longest, TABLE_CELL_MAX_CHARS) * 12.5 + 26
    return width, max((len(c) for r in grid for c in r), default=0)


def table_slides(o):
    """The table as HTML for one or more slides, or None when it cannot be read on a slide (too wide)."""
    parts = split_table(output_html(o))
    if parts is None:
        return None
    caption, head, rows, after = parts
    width, longest = table_width_px(head, rows)
    if width > TABLE_MAX_WIDTH_PX or longest > 2 * TABLE_CELL_MAX_CHARS:
        return None
    chunks = [rows[i : i + TABLE_MAX_ROWS] for i in range(0, len(rows), TABLE_MAX_ROWS)] or [[]]
    out = []
    for i, chunk in enumerate(chunks):
        cap = caption
        if len(chunks) > 1:
            cap = re.sub(r"</caption>$", f" ({i + 1}/{len(chunks)})</caption>", caption) if caption else f"<caption>({i + 1}/{len(chunks)})</caption>"
        tail = after if i == len(chunks) - 1 else ""
        out.append(f'<table class="ibd-table">{cap}<thead>{head}</thead><tbody>{"".join(chunk)}</tbody></table>{tail}')
    return out


def html_output(h):
    return nbformat.v4.new_output("display_data", data={"text/html": h})


def md_cell(source, slide_type):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def code_cell(outputs):
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = outputs
    cell.metadata["slideshow"] = {"slide_type": "-"}
    cell.metadata["transient"] = {"remove_source": True}
    return cell


class Deck:
    """Builds the deck notebook: slides (heading + one short thing), output slides and speaker notes."""

    def __init__(self):
        self.cells = []
        self.title = None  # the heading the output slides of the current section repeat
        self.started = False

    def notes(self, md):
        if md.strip():
            self.cells.append(md_cell(md, "notes"))

    def section(self, level, title, body):
        if title is None:  # text before any heading in a cell: notes of the current slide
            if not self.started:
                self.cells.append(md_cell("# " + "(untitled)", "slide"))
                self.started = True
            self.notes(body)
            return
        self.title = title
        shown = slide_body(body)
        mark = "#" if not self.started else "##"
        self.cells.append(md_cell(f"{mark} {title}" + (f"\n\n{shown}" if shown else ""), "slide"))
        self.started = True
        self.notes(body)

    def output_slide(self, outputs, suffix=""):
        heading = self.title or "Result"
        self.cells.append(md_cell(f"### {heading}{suffix}", "subslide"))
        self.cells.append(code_cell(outputs))

    def outputs(self, outputs):
        """One code cell's outputs: consecutive printed lines are one printout; each thing a slide or notes."""
        merged = []
        for o in outputs:
            k = kind_of(o)
            if k == "text" and merged and merged[-1][0] == "text":
                merged[-1] = ("text", merged[-1][1] + text_of(o))
            elif k == "text":
                merged.append(("text", text_of(o)))
            else:
                merged.append((k, o))
        for k, o in merged:
            if k in ("asset", "other"):
                continue  # scripts come from the deck's head; stderr and errors are not lecture material
            if k in ("figure", "live"):
                self.output_slide([o])
            elif k == "table":
                parts = table_slides(o)
                if parts is None:
                    self.notes("Table (too wide to read on a slide):\n\n" + output_html(o))
                else:
                    for h in parts:
                        self.output_slide([html_output(h)])
            elif k == "text":
                text = o.rstrip("\n")
                if not text.strip():
                    continue
                if wrapped_lines(text) <= PRE_MAX_LINES:
                    self.output_slide([html_output(f'<pre class="ibd-printout">{html.escape(wrap_printout(text))}</pre>')])
                else:
                    self.notes("Printed by the notebook:\n\n```\n" + text + "\n```")
            elif k == "card":
                h = output_html(o)
                lines = len(re.findall(r"<(?:tr|li|p|br|h\d|div)\b", h))
                if len(plain(h)) <= CARD_MAX_CHARS and lines <= CARD_MAX_LINES:
                    self.output_slide([o])
                else:
                    self.notes(h)


def deck_notebook(nb):
    """The reveal.js notebook for one executed notebook (see the module's docstring)."""
    deck = Deck()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for level, title, body in sections(cell.source):
                deck.section(level, title, body)
        elif cell.cell_type == "code" and cell.get("outputs"):
            if not deck.started:
                deck.section(1, nb.metadata.get("title", "Notebook"), "")
            deck.outputs(cell.outputs)
    out = copy.deepcopy(nb)
    out.cells = deck.cells
    return out


def copy_assets(slides_dir):
    """reveal.js, KaTeX, plotly.js and the ibd-lab browser bundle, from node_modules and dist/, beside the decks."""
    reveal_src = ROOT / "node_modules" / "reveal.js"
    reveal_dst = slides_dir / "reveal.js"
    if reveal_dst.exists():
        shutil.rmtree(reveal_dst)
    shutil.copytree(reveal_src / "dist", reveal_dst / "dist")
    shutil.copytree(reveal_src / "plugin" / "notes", reveal_dst / "plugin" / "notes")
    page_math.copy_to(slides_dir)
    scripts = slides_dir / "scripts"
    scripts.mkdir(exist_ok=True)
    shutil.copy2(ROOT / "node_modules" / "plotly.js-dist-min" / "plotly.min.js", scripts / "plotly.min.js")
    bundle = ROOT / "dist" / "browser" / "ibd-lab.js"
    if not bundle.exists():
        raise SystemExit(f"slides: {bundle} is missing: run npm run build first (live calculators need it)")
    shutil.copy2(bundle, scripts / "ibd-lab.js")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="out", help="folder holding the executed notebooks (default: out)")
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    executed = sorted(p for p in glob.glob(str(out / "*.ipynb")))
    if not executed:
        print("slides: no executed notebooks in out/: run npm run notebooks first", file=sys.stderr)
        return 2
    slides_dir = out / "slides"
    slides_dir.mkdir(parents=True, exist_ok=True)
    copy_assets(slides_dir)
    exporter = SlidesExporter(template_name="ibd-slides", extra_template_basedirs=[str(HERE / "nbconvert")])
    exporter.reveal_url_prefix = "reveal.js"
    exporter.reveal_theme = "white"  # the one built-in theme whose fonts ship locally (no Google Fonts import)
    exporter.exclude_input = True
    for path in executed:
        nb = deck_notebook(nbformat.read(path, as_version=4))
        name = pathlib.Path(path).stem
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}, "ibd_math_head": page_math.head_linked("katex")})
        target = slides_dir / f"{name}.slides.html"
        target.write_text(body, encoding="utf-8")
        print(f"[slides] {target}")
    print(f"[slides] {len(executed)} deck(s) in {slides_dir.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
