"""``python -m fincore.lab.notebooks``: execute the notebooks with papermill, the README's main job.

    run       execute every notebook into a build folder and write the HTML report with an index;
              with --target FILE, against that deployment, into build/notebooks/<target name>/
    refresh   execute every notebook in place, so the committed copies carry current outputs

Committed notebooks are normalised: papermill's timings are dropped and volatile values (ids,
ports, timestamps) replaced by the stand-ins of ``fincore.walkthrough.sanitize``, so refreshing
an unchanged notebook changes nothing and nbval compares like with like. ``refresh`` also writes
``notebooks/sanitize.cfg`` from the same patterns.
"""

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fincore.extras import require
from fincore.lab.html_report import Entry, audience_of, index_page, offline_page, ordered
from fincore.lab.target import TargetError, load_target
from fincore.walkthrough.sanitize import sanitize, sanitize_cfg

if TYPE_CHECKING:  # Playwright comes with the diagrams extra, imported when the report is drawn
    from fincore.architecture.browser import MermaidRenderer

ROOT = Path(__file__).resolve().parents[3]
NOTEBOOKS = ROOT / "notebooks"
SANITIZE_CFG = NOTEBOOKS / "sanitize.cfg"
BUILD = ROOT / "build" / "notebooks"
KERNEL = "python3"
# Metadata papermill and Jupyter add on every run: wall-clock times, durations, versions.
VOLATILE_CELL_METADATA = ("papermill", "execution")
VOLATILE_NOTEBOOK_METADATA = ("papermill",)


@dataclass(frozen=True)
class NotebookRun:
    name: str
    title: str
    seconds: float
    # "ClaimFailed: This claim does not hold (step 10: ...)" when a cell raised, else None.
    error: str | None = None


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """The numbered walkthroughs, in reading order."""
    return sorted(path for path in folder.glob("[0-9][0-9]_*.ipynb"))


def execute(source: Path, out_dir: Path, parameters: dict[str, Any] | None = None) -> NotebookRun:
    """Run one notebook with papermill into ``out_dir``; a failing cell is reported, not raised.

    The executed copy is written either way, with the failing cell's traceback in its outputs.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    error = None
    try:
        papermill.execute_notebook(
            str(source),
            str(out_dir / source.name),
            parameters=parameters or {},
            progress_bar=False,
            # Jupyter's default kernel transport (loopback TCP, messages signed with the
            # connection file's key), as nbval uses: over Unix sockets ("ipc") the kernel's
            # output thread stalled for 10 s in every other run of notebook 04 and wrote
            # "IOStream.flush timed out" into its outputs.
            kernel_name=KERNEL,
        )
    except PapermillExecutionError as failure:
        error = f"{failure.ename}: {failure.evalue}"
    return NotebookRun(source.stem, title_of(source), time.perf_counter() - started, error)


def render_html(executed: Path, renderer: "MermaidRenderer | None" = None) -> Path:
    """The executed notebook as HTML; with a renderer, offline (Mermaid drawn as inline SVG)."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_filename(str(executed))  # type: ignore[no-untyped-call]
    if renderer is not None:
        body = offline_page(body, renderer, executed.stem)
    target = executed.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


def title_of(path: Path) -> str:
    """The notebook's H1, which every walkthrough opens with."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def write_index(runs: Sequence[NotebookRun], out_dir: Path) -> Path:
    """``index.html``: the notebooks in reading order, who each is for, how each run went."""
    by_name = {run.name: run for run in runs}
    entries = []
    for name, why in ordered([run.name for run in runs]):
        run, executed = by_name[name], out_dir / f"{name}.ipynb"
        audience = audience_of(executed) if executed.is_file() else ""
        entries.append(Entry(name, run.title, audience, why, run.seconds, run.error))
    index = out_dir / "index.html"
    index.write_text(index_page(entries), encoding="utf-8")
    return index


def run_all(
    out_dir: Path,
    parameters: dict[str, Any] | None = None,
    sources: Sequence[Path] | None = None,
) -> list[NotebookRun]:
    """Execute every notebook into ``out_dir``, render each to HTML, and write the index."""
    out_dir.mkdir(parents=True, exist_ok=True)
    runs = []
    for source in sources or notebook_paths():
        print(f"Running {source.name} ...", flush=True)
        run = execute(source, out_dir, parameters)
        outcome = f"FAILED: {run.error}" if run.error else "done"
        print(f"  {outcome} ({run.seconds:.1f} s)", flush=True)
        runs.append(run)
    # One offline browser draws every page's Mermaid: the report must work with no network.
    from fincore.architecture.browser import MermaidRenderer

    with MermaidRenderer() as renderer:
        for run in runs:
            render_html(out_dir / f"{run.name}.ipynb", renderer)
    index = write_index(runs, out_dir)
    total = sum(run.seconds for run in runs)
    print(f"{_count(runs)} executed in {total:.1f} s; report: {index}")
    return runs


def normalise(notebook: dict[str, Any]) -> dict[str, Any]:
    """A notebook as committed: no run timings, volatile values in outputs sanitized."""
    for key in VOLATILE_NOTEBOOK_METADATA:
        notebook["metadata"].pop(key, None)
    notebook["metadata"].get("language_info", {}).pop("version", None)
    for cell in notebook["cells"]:
        for key in VOLATILE_CELL_METADATA:
            cell["metadata"].pop(key, None)
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = _sanitized(output["text"])
            for mimetype, value in output.get("data", {}).items():
                if mimetype.startswith("text/"):
                    output["data"][mimetype] = _sanitized(value)
    return notebook


def refresh(sources: Sequence[Path] | None = None) -> list[NotebookRun]:
    """Execute notebooks and write them back normalised; a failing notebook is left untouched."""
    import nbformat

    SANITIZE_CFG.write_text(sanitize_cfg(), encoding="utf-8")
    runs = []
    with tempfile.TemporaryDirectory(prefix="fincore-refresh-") as scratch:
        for source in sources or notebook_paths():
            print(f"Refreshing {source.name} ...", flush=True)
            run = execute(source, Path(scratch))
            if run.error is None:
                executed = Path(scratch) / source.name
                notebook = nbformat.read(executed, as_version=4)  # type: ignore[no-untyped-call]
                nbformat.write(normalise(notebook), source)  # type: ignore[no-untyped-call]
            print(f"  {f'FAILED: {run.error}' if run.error else 'done'} ({run.seconds:.1f} s)")
            runs.append(run)
    return runs


def _count(runs: Sequence[NotebookRun]) -> str:
    return f"{len(runs)} notebook" + ("" if len(runs) == 1 else "s")


def _sanitized(value: str | list[str]) -> str | list[str]:
    if isinstance(value, list):
        return sanitize("".join(value)).splitlines(keepends=True)
    return sanitize(value)


def main(argv: list[str] | None = None) -> int:
    require("notebooks", "python -m fincore.lab.notebooks")
    parser = argparse.ArgumentParser(prog="python -m fincore.lab.notebooks", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("run", help="execute every notebook and build the HTML report")
    build.add_argument(
        "--out", type=Path, help="default: build/notebooks, or build/notebooks/<target name>"
    )
    build.add_argument(
        "--target",
        type=Path,
        help="a target file (JSON, docs/target.schema.json): run against that deployment",
    )
    build.add_argument(
        "--parameters",
        type=json.loads,
        default={},
        help='papermill parameters as JSON, e.g. \'{"card": "INSUFFICIENT_FUNDS_PAN"}\'',
    )
    build.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook")
    again = commands.add_parser("refresh", help="re-execute the committed notebooks in place")
    again.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook")
    args = parser.parse_args(argv)
    if args.command == "run":
        out, parameters = args.out or BUILD, dict(args.parameters)
        if args.target is not None:
            try:
                target = load_target(args.target)
            except TargetError as refused:
                print(refused, file=sys.stderr)
                return 2
            # The notebooks get the file's path, never its keys: papermill writes parameters
            # into the executed copies.
            parameters["target"] = str(args.target.resolve())
            out = args.out or BUILD / target.name
        runs = run_all(out, parameters, args.notebooks)
    else:
        runs = refresh(args.notebooks)
    failed = [done for done in runs if done.error]
    for failure in failed:
        print(f"{failure.name} failed: {failure.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
