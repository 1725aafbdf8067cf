#!/usr/bin/env python3
"""Authoring aid: turn a percent-format script into a cleared tslab notebook.

    /usr/bin/python3 scripts/percent_to_ipynb.py draft.ts notebooks/NN-topic.ipynb

Cells start with a line `// %%` (code) or `// %% [markdown]` (markdown; the
following lines may begin with `// `, which is stripped). A code cell may give
tags: `// %% tags=allow-stderr`. The .ipynb is the source of truth in git; the
draft is not committed.
"""
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def parse(text):
    cells, kind, tags, buf = [], None, [], []

    def flush():
        if kind is None:
            return
        body = "\n".join(buf).strip("\n")
        if kind == "markdown":
            body = "\n".join(l[3:] if l.startswith("// ") else (l[2:] if l.startswith("//") else l) for l in body.split("\n"))
            cells.append(new_markdown_cell(body))
        else:
            c = new_code_cell(body)
            if tags:
                c.metadata["tags"] = tags
            cells.append(c)

    for line in text.split("\n"):
        if line.startswith("// %%"):
            flush()
            rest = line[5:].strip()
            kind = "markdown" if rest.startswith("[markdown]") else "code"
            tags = rest.split("tags=", 1)[1].split(",") if "tags=" in rest else []
            buf = []
        else:
            buf.append(line)
    flush()
    return cells


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        cells = parse(f.read())
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "tslab", "display_name": "TypeScript", "language": "typescript"},
            "language_info": {"name": "typescript", "file_extension": ".ts", "mimetype": "text/typescript"},
        },
    )
    nbformat.write(nb, dst)
    print(f"wrote {dst} ({len(cells)} cells)")


if __name__ == "__main__":
    main()
