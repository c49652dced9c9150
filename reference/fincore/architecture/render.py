"""Regenerate every architecture view: ``python -m fincore.architecture.render [OUTDIR]``.

Writes into ``OUTDIR`` (default ``diagrams/``): the Mermaid views as ``.mmd``, ``.svg`` and ``.png``
(rendered offline in Chromium, one browser for all of them), the Graphviz views as ``.png`` and
``.svg``, ``mapping.md`` and ``README.md``. Every file is byte-for-byte deterministic on one
toolchain, which is what lets a test fail when the committed folder is stale.
"""

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fincore.extras import require

require("diagrams", "python -m fincore.architecture.render")

# ruff: noqa: E402  (the imports below need the extra checked first)
from fincore.architecture import graphviz_views, mermaid_views
from fincore.architecture.browser import MermaidRenderer, RendererSetupError
from fincore.architecture.fincore_model import fincore_model
from fincore.architecture.model import ArchitectureModel
from fincore.architecture.readme import mapping_document, readme

DEFAULT_OUTDIR = Path("diagrams")
MERMAID_VIEWS: dict[str, Callable[[ArchitectureModel], str]] = {
    "c4-component": mermaid_views.c4_component_view,
    "deployment": mermaid_views.deployment_view,
    "sequence": mermaid_views.sequence_view,
}
GRAPHVIZ_VIEWS: dict[str, Callable[[ArchitectureModel, Path, str], list[Path]]] = {
    "deployment-aws": graphviz_views.aws_deployment_view,
    "c4-component-graphviz": graphviz_views.c4_component_view,
}


@dataclass(frozen=True)
class Timing:
    """How long one step of the regeneration took."""

    name: str
    seconds: float


def render_all(outdir: Path, model: ArchitectureModel | None = None) -> list[Timing]:
    """Write every view of ``model`` (default: FinCore's) into ``outdir``; returns timings."""
    model = model or fincore_model()
    outdir.mkdir(parents=True, exist_ok=True)
    sources = {stem: build(model) for stem, build in MERMAID_VIEWS.items()}
    timings = []
    started = time.perf_counter()
    with MermaidRenderer() as renderer:
        timings.append(_since("chromium + mermaid.min.js startup", started))
        for stem, source in sources.items():
            started = time.perf_counter()
            _write_text(outdir / f"{stem}.mmd", source)
            rendered = renderer.render(stem, source)
            _write_text(outdir / f"{stem}.svg", rendered.svg + "\n")
            (outdir / f"{stem}.png").write_bytes(rendered.png)
            timings.append(_since(f"{stem} (mermaid)", started))
    for stem, draw in GRAPHVIZ_VIEWS.items():
        started = time.perf_counter()
        draw(model, outdir, stem)
        timings.append(_since(f"{stem} (graphviz)", started))
    _write_text(outdir / "mapping.md", mapping_document(model))
    _write_text(outdir / "README.md", readme(model, sources))
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; prints where files went and how long each view took."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0] in {"-h", "--help"}):
        print(__doc__)
        return 0 if args and args[0] in {"-h", "--help"} else 2
    outdir = Path(args[0]) if args else DEFAULT_OUTDIR
    started = time.perf_counter()
    try:
        timings = render_all(outdir)
    except RendererSetupError as error:
        print(f"cannot render diagrams: {error}", file=sys.stderr)
        return 1
    for timing in timings:
        print(f"{timing.seconds * 1000:8.0f} ms  {timing.name}")
    print(f"{(time.perf_counter() - started) * 1000:8.0f} ms  total, written to {outdir}/")
    return 0


def _since(name: str, started: float) -> Timing:
    return Timing(name, time.perf_counter() - started)


def _write_text(path: Path, text: str) -> None:
    # newline="" keeps "\n" on every platform, so the bytes match the committed files.
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


if __name__ == "__main__":
    raise SystemExit(main())
