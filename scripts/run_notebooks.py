#!/usr/bin/env python3
"""Execute ibd-lab notebooks headless with the tslab kernel and export HTML.

Uses Jupyter's own executor (nbclient) and exporter (nbconvert). tslab reports
compile errors and exceptions only as stderr text, marks the reply "error",
and then *aborts* the following cells; floating promises that reject later
never reach a cell at all. This runner therefore judges every cell by:

  * the execute_reply status ("error", or "abort" after an earlier error);
  * error outputs, and stderr stream outputs (a cell tagged "allow-stderr" may
    write to stderr);
  * a Promise displayed as "<rejected>" (returned without await);
  * unhandled rejections and uncaught exceptions recorded by a hidden prelude
    and checked by a hidden probe after each cell (neither is saved).

It writes the executed notebook and a standalone HTML page per notebook to
--out, and exits 1 naming notebook, cell number and error for every failure.

The kernel belongs to the checkout: every notebook runs on the kernelspec
"tslab" that this runner writes into node_modules/.cache/ibd-lab/jupyter/
(absolute paths to node and to this checkout's tslab) and finds by putting
that folder first on JUPYTER_PATH, for itself and the kernels it starts. No
system-wide or user kernel is used or changed, so clones never disturb each
other or the user's own Jupyter (issue 17 item 1). Its notebooks keep the
page scripts (plotly.js, the browser bundle) in their outputs, which notebooks
run in Jupyter's UI do not (src/plot/assets.ts). node is $IBD_LAB_NODE,
else the node running npm, else the first on PATH.
"""
import argparse
import glob
import json
import os
import pathlib
import shutil
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
KERNEL_NAME = "tslab"  # the committed notebooks' kernelspec name (tests/notebooks/hygiene.test.ts)
JUPYTER_DIR = ROOT / "node_modules" / ".cache" / "ibd-lab" / "jupyter"

PRELUDE = """
const ibdLabRunnerGlobal_ = globalThis as any;
if (!ibdLabRunnerGlobal_.__ibdHooked) {
  ibdLabRunnerGlobal_.__ibdHooked = true;
  ibdLabRunnerGlobal_.__ibdAsyncErrors = [];
  process.on("unhandledRejection", (r: any) => ibdLabRunnerGlobal_.__ibdAsyncErrors.push("Unhandled promise rejection: " + ((r && r.stack) || String(r))));
  process.on("uncaughtException", (e: any) => ibdLabRunnerGlobal_.__ibdAsyncErrors.push("Uncaught exception: " + ((e && e.stack) || String(e))));
}
"""
PROBE = """
{
  const errs: string[] = ((globalThis as any).__ibdAsyncErrors || []).splice(0);
  if (errs.length) { throw new Error(errs.join("\\n")); }
}
"""


def cell_text(outputs, names=("stderr",)):
    parts = []
    for o in outputs:
        if o.get("output_type") == "stream" and o.get("name") in names:
            parts.append(o.get("text", ""))
        elif o.get("output_type") == "error":
            parts.append(f"{o.get('ename', '')}: {o.get('evalue', '')}")
    return "".join(parts).strip()


def first_lines(text, n=6):
    lines = [l for l in text.splitlines() if l.strip()]
    return "\n      ".join(lines[:n]) if lines else "(no message)"


def checkout_kernel():
    """Writes this checkout's kernelspec (only when it changed, atomically: runs may
    overlap), puts its folder first on JUPYTER_PATH and returns the kernelspec folder."""
    node = os.environ.get("IBD_LAB_NODE") or os.environ.get("npm_node_execpath") or shutil.which("node")
    if not node:
        raise SystemExit("run_notebooks: node not found: put it on PATH or set IBD_LAB_NODE")
    tslab = ROOT / "node_modules" / "tslab" / "bin" / "tslab"
    if not tslab.exists():
        raise SystemExit(f"run_notebooks: {tslab} is missing: run npm run setup")
    spec = {
        "argv": [os.path.abspath(node), str(tslab), "kernel", "--config-path", "{connection_file}"],
        "display_name": "TypeScript (ibd-lab runner)",
        "language": "typescript",
        # The runner's notebooks keep plotly.js and the browser bundle in their outputs (src/plot/assets.ts),
        # so out/*.ipynb, the pages and the slides open drawn anywhere, offline, with no Jupyter server.
        "env": {"IBD_LAB_INLINE_ASSETS": "1"},
        "metadata": {"ibd-lab": {"root": str(ROOT)}},
    }
    text = json.dumps(spec, indent=1) + "\n"
    spec_dir = JUPYTER_DIR / "kernels" / KERNEL_NAME
    target = spec_dir / "kernel.json"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        spec_dir.mkdir(parents=True, exist_ok=True)
        tmp = spec_dir / f".kernel.json.{os.getpid()}"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    previous = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join([str(JUPYTER_DIR)] + ([previous] if previous else []))
    from jupyter_client.kernelspec import KernelSpecManager

    found = pathlib.Path(KernelSpecManager().get_kernel_spec(KERNEL_NAME).resource_dir).resolve()
    if found != spec_dir.resolve():  # cannot happen while JUPYTER_PATH comes first; checked, not assumed
        raise SystemExit(f"run_notebooks: kernel {KERNEL_NAME!r} resolved to {found}, not {spec_dir}")
    return spec_dir


def sign(nb):
    """Trust the executed notebook on this machine, as `jupyter trust` does.

    Jupyter runs an output's scripts (here: every plotly figure and live
    calculator) only in a trusted notebook; a notebook executed headless is
    not trusted until signed, so out/*.ipynb opened in Jupyter's UI showed
    blank figures. The signature goes into the user's Jupyter data folder
    (nbsignatures.db; JUPYTER_DATA_DIR moves it). Where that folder cannot be
    written, the notebook is left unsigned and its figures say why in place.
    """
    try:
        from nbformat.sign import NotebookNotary

        NotebookNotary().sign(nb)
    except Exception as e:  # noqa: BLE001 - a read-only home must not fail the run
        print(f"[notebooks] note: could not sign the notebook ({e}); open it with File > Trust Notebook", file=sys.stderr)


_MATH_HEAD = None


def math_head(nb):
    """KaTeX, inlined, for a page whose markdown holds formulas ($...$); nothing for one without (scripts/page_math.py)."""
    global _MATH_HEAD
    if not any(c.cell_type == "markdown" and "$" in c.source for c in nb.cells):
        return ""
    if _MATH_HEAD is None:
        import page_math

        _MATH_HEAD = page_math.head_inline()
    return _MATH_HEAD


def run_notebook(path, out_dir, timeout, exporter):
    nb = nbformat.read(path, as_version=4)
    workdir = str(pathlib.Path(path).resolve().parent)
    declared = nb.metadata.get("kernelspec", {}).get("name", KERNEL_NAME)
    if declared != KERNEL_NAME:
        print(f"[notebooks] note: {path} names kernel {declared!r}; it runs on this checkout's {KERNEL_NAME!r}", flush=True)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL_NAME,
        timeout=timeout,
        allow_errors=True,
        resources={"metadata": {"path": workdir}},
    )
    status = {}

    def record_status(cell=None, cell_index=None, execute_reply=None, **_):
        if execute_reply is not None:
            status[cell_index] = execute_reply["content"].get("status")

    client.on_cell_executed = record_status
    def run_hidden(source):
        """Runs code the reader never sees: appended as a last cell, executed at its own
        index (nbclient addresses outputs by index), then removed again."""
        cell = nbformat.v4.new_code_cell(source)
        nb.cells.append(cell)
        try:
            client.execute_cell(cell, len(nb.cells) - 1)
        finally:
            nb.cells.pop()
        return cell

    failures = []
    started = time.time()
    with client.setup_kernel():
        hidden = run_hidden(PRELUDE)
        if hidden.outputs and cell_text(hidden.outputs):
            failures.append((0, "runner prelude failed: " + first_lines(cell_text(hidden.outputs))))
        first_error = None
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            number = index + 1
            client.execute_cell(cell, index)
            tags = set(cell.metadata.get("tags", []))
            err = cell_text(cell.outputs)
            stdout = cell_text(cell.outputs, names=("stdout",))
            if cell.outputs and any(o.get("output_type") == "error" for o in cell.outputs):
                problem = first_lines(err)
            elif err and "allow-stderr" not in tags:
                problem = first_lines(err)
            elif "<rejected>" in stdout:
                problem = "a rejected Promise was returned without await:\n      " + first_lines(stdout)
            elif status.get(index) == "abort":
                problem = f"aborted by tslab after the error in cell {first_error}" if first_error else "aborted by tslab"
            elif status.get(index) == "error":
                problem = "tslab reported an error with no message"
            else:
                problem = None
            if problem is None:
                probe = run_hidden(PROBE)
                perr = cell_text(probe.outputs)
                if perr:
                    problem = "asynchronous error while this cell ran: " + first_lines(perr)
                    cell.outputs.append(nbformat.v4.new_output("stream", name="stderr", text=perr + "\n"))
            if problem:
                if first_error is None:
                    first_error = number
                failures.append((number, problem))
    # Visible execution counts: consecutive, as a person running the notebook would see.
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for o in cell.outputs:
                if "execution_count" in o:
                    o["execution_count"] = count
    name = pathlib.Path(path).stem
    out_dir.mkdir(parents=True, exist_ok=True)
    sign(nb)
    nbformat.write(nb, str(out_dir / f"{name}.ipynb"))
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}, "ibd_math_head": math_head(nb)})
    (out_dir / f"{name}.html").write_text(body, encoding="utf-8")
    return failures, time.time() - started


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/*.ipynb)")
    ap.add_argument("--out", default="out", help="output folder (default: out)")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per cell (default: 900)")
    args = ap.parse_args()
    paths = args.notebooks or sorted(glob.glob("notebooks/*.ipynb"))
    if not paths:
        print("run_notebooks: no notebooks found", file=sys.stderr)
        return 2
    spec_dir = checkout_kernel()
    print(f"[notebooks] kernel {KERNEL_NAME!r}: {spec_dir}", flush=True)
    exporter = HTMLExporter(template_name="ibd", extra_template_basedirs=[str(HERE / "nbconvert")])
    out_dir = pathlib.Path(args.out)
    all_failures = []
    for path in paths:
        print(f"[notebooks] running {path}", flush=True)
        try:
            failures, seconds = run_notebook(path, out_dir, args.timeout, exporter)
        except Exception as exc:  # kernel died, timeout, unreadable notebook
            failures, seconds = [(0, f"{type(exc).__name__}: {first_lines(str(exc))}")], 0.0
        for number, problem in failures:
            where = f"cell {number}" if number else "notebook"
            all_failures.append(f"{path}: {where}: {problem}")
        status = "FAILED" if failures else "ok"
        print(f"[notebooks] {status} {path} ({seconds:.1f} s) -> {out_dir / (pathlib.Path(path).stem + '.html')}", flush=True)
    if all_failures:
        print("\n[notebooks] failures:", file=sys.stderr)
        for f in all_failures:
            print(f"  {f}", file=sys.stderr)
        return 1
    print(f"[notebooks] {len(paths)} notebook(s) executed; pages in {out_dir.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
