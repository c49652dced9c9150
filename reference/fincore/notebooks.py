"""``python -m fincore.notebooks run``: execute every notebook with papermill and build the HTML
report with an index page linking them. This is the README's main job."""

import argparse
import html
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"


@dataclass(frozen=True)
class NotebookRun:
    name: str
    title: str
    seconds: float


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """The numbered walkthroughs, in reading order."""
    return sorted(path for path in folder.glob("[0-9][0-9]_*.ipynb"))


def execute(source: Path, out_dir: Path, parameters: dict[str, Any] | None = None) -> NotebookRun:
    """Run one notebook with papermill into ``out_dir``; raises with the failing cell on error."""
    import papermill

    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    papermill.execute_notebook(
        str(source),
        str(out_dir / source.name),
        parameters=parameters or {},
        cwd=str(source.parent),
        progress_bar=False,
        kernel_name="python3",
    )
    return NotebookRun(source.stem, title_of(source), time.perf_counter() - started)


def render_html(executed: Path) -> Path:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_filename(str(executed))  # type: ignore[no-untyped-call]
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
    rows = "\n".join(
        f'<li><a href="{run.name}.html">{html.escape(run.title)}</a> '
        f"<small>({run.seconds:.1f} s)</small></li>"
        for run in runs
    )
    page = (
        "<!doctype html><meta charset='utf-8'><title>FinCore Tokenization Lab</title>"
        "<h1>FinCore Tokenization Lab: executed notebooks</h1>"
        f"<ol>\n{rows}\n</ol>\n"
    )
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def run_all(out_dir: Path) -> list[NotebookRun]:
    out_dir.mkdir(parents=True, exist_ok=True)
    runs = []
    for source in notebook_paths():
        print(f"Running {source.name} ...", flush=True)
        run = execute(source, out_dir)
        render_html(out_dir / source.name)
        print(f"  done in {run.seconds:.1f} s", flush=True)
        runs.append(run)
    index = write_index(runs, out_dir)
    total = sum(run.seconds for run in runs)
    print(f"{len(runs)} notebooks executed in {total:.1f} s; report: {index}")
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fincore.notebooks", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="execute every notebook and build the HTML report")
    run.add_argument("--out", type=Path, default=ROOT / "build" / "notebooks")
    args = parser.parse_args(argv)
    run_all(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
