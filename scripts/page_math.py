"""Formulas typeset offline in the exported pages and slides, with KaTeX from the npm package.

The notebooks keep LaTeX in their markdown cells ($...$ inline, $$...$$ display;
tests/notebooks/math.test.ts renders each one with KaTeX). Jupyter's own UI shows
them with its MathJax; the pages and decks that nbconvert writes load neither
MathJax nor anything from a CDN, so this module adds KaTeX (node_modules/katex):

* head_inline(): for a page (out/NN-topic.html), which stays one self-contained
  file: KaTeX's stylesheet with its woff2 fonts as data: URLs, katex.min.js, its
  auto-render extension and the call, all inlined (about 0.6 MB).
* copy_to(folder) + head_linked(prefix): for the decks, which already load
  reveal.js from a folder beside them.

Only the rendered markdown is typeset (.jp-RenderedMarkdown), never a figure or
an output; speaker notes (reveal's <aside class="notes">) get MathML, which the
speaker window draws without KaTeX's stylesheet. A formula KaTeX rejects stays
as its LaTeX source in red (throwOnError false) and is reported on the console.
Hand-written glue: KaTeX's auto-render does the parsing; this only packages it.
"""
import base64
import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
KATEX = ROOT / "node_modules" / "katex" / "dist"

# Runs after the page's markdown is in the DOM (placed at the end of <body> or deferred).
INIT_JS = r"""
(function () {
  function typeset() {
    if (!window.renderMathInElement) { console.error("KaTeX did not load: formulas stay as LaTeX"); return; }
    var delimiters = [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true }
    ];
    var onError = function (msg, err) { console.error("KaTeX: " + msg + " " + err); };
    document.querySelectorAll("aside.notes").forEach(function (el) {
      renderMathInElement(el, { delimiters: delimiters, throwOnError: false, output: "mathml", errorCallback: onError });
    });
    document.querySelectorAll(".jp-RenderedMarkdown").forEach(function (el) {
      if (el.closest("aside.notes")) return;
      renderMathInElement(el, { delimiters: delimiters, throwOnError: false, errorCallback: onError });
    });
    document.documentElement.setAttribute("data-ibd-math", "typeset");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", typeset);
  else typeset();
})();
"""


def _css_with_inline_fonts():
    """katex.min.css with every @font-face pointing at its woff2 file as a data: URL (woff and ttf dropped)."""
    css = (KATEX / "katex.min.css").read_text(encoding="utf-8")

    def font_face(m):
        block = m.group(0)
        woff2 = re.search(r"url\((fonts/[^)]+\.woff2)\)", block)
        if not woff2:
            return block
        data = base64.b64encode((KATEX / woff2.group(1)).read_bytes()).decode("ascii")
        src = f'src:url(data:font/woff2;base64,{data}) format("woff2")'
        return re.sub(r"src:[^;}]+", src, block)

    return re.sub(r"@font-face\{[^}]*\}", font_face, css)


def _script(source):
    return "<script>" + source.replace("</script", "<\\/script") + "</script>"


def head_inline():
    """Everything a single-file page needs to typeset its formulas, as HTML for <head>."""
    return (
        "<style>" + _css_with_inline_fonts() + "</style>"
        + _script((KATEX / "katex.min.js").read_text(encoding="utf-8"))
        + _script((KATEX / "contrib" / "auto-render.min.js").read_text(encoding="utf-8"))
        + _script(INIT_JS)
    )


def copy_to(folder):
    """Copies KaTeX's stylesheet, fonts, script and auto-render into folder/katex/ (replacing an older copy)."""
    dest = pathlib.Path(folder) / "katex"
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "contrib").mkdir(parents=True)
    shutil.copy2(KATEX / "katex.min.css", dest / "katex.min.css")
    shutil.copy2(KATEX / "katex.min.js", dest / "katex.min.js")
    shutil.copy2(KATEX / "contrib" / "auto-render.min.js", dest / "contrib" / "auto-render.min.js")
    shutil.copytree(KATEX / "fonts", dest / "fonts")
    return dest


def head_linked(prefix="katex"):
    """HTML for <head> loading the copy made by copy_to(), relative to the page."""
    return (
        f'<link rel="stylesheet" href="{prefix}/katex.min.css">'
        f'<script src="{prefix}/katex.min.js"></script>'
        f'<script src="{prefix}/contrib/auto-render.min.js"></script>'
        + _script(INIT_JS)
    )
