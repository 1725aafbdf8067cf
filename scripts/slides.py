#!/usr/bin/env python3
"""Educator mode: export executed notebooks (out/*.ipynb) as offline reveal.js slides.

    /usr/bin/python3 scripts/slides.py [--out out]     (npm run slides)

Slides are cut at every markdown cell that opens with a heading, and every
code cell with output becomes a sub-slide of its own (code hidden, output
shown), so the committed notebooks need no slide metadata. reveal.js comes from the npm package (node_modules/reveal.js), copied
to <out>/slides/reveal.js/ beside the pages; nothing is fetched from a CDN.
"""
import argparse
import copy
import glob
import pathlib
import shutil
import sys

import nbformat
from nbconvert import SlidesExporter

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def assign_slide_types(nb):
    """A heading opens a slide; a code cell with output gets a sub-slide of its own
    (below the prose it follows); a code cell without output is skipped."""
    nb = copy.deepcopy(nb)
    first = True
    for cell in nb.cells:
        src = cell.source.lstrip()
        if first or (cell.cell_type == "markdown" and src.startswith("#")):
            kind = "slide"
        elif cell.cell_type == "code":
            kind = "subslide" if cell.get("outputs") else "skip"
        else:
            kind = "-"
        first = False
        cell.metadata.setdefault("slideshow", {})["slide_type"] = kind
        # Presenters show the figures and results; the code stays in the notebook.
        if cell.cell_type == "code":
            cell.metadata["transient"] = {"remove_source": True}
    return nb


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
    reveal_src = ROOT / "node_modules" / "reveal.js"
    reveal_dst = slides_dir / "reveal.js"
    if reveal_dst.exists():
        shutil.rmtree(reveal_dst)
    shutil.copytree(reveal_src / "dist", reveal_dst / "dist")
    shutil.copytree(reveal_src / "plugin" / "notes", reveal_dst / "plugin" / "notes")
    exporter = SlidesExporter(template_name="ibd-slides", extra_template_basedirs=[str(HERE / "nbconvert")])
    exporter.reveal_url_prefix = "reveal.js"
    exporter.reveal_theme = "white"  # the one built-in theme whose fonts ship locally (no Google Fonts import)
    exporter.exclude_input = True
    for path in executed:
        nb = assign_slide_types(nbformat.read(path, as_version=4))
        name = pathlib.Path(path).stem
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
        target = slides_dir / f"{name}.slides.html"
        target.write_text(body, encoding="utf-8")
        print(f"[slides] {target}")
    print(f"[slides] {len(executed)} deck(s) in {slides_dir.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
