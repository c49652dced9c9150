"""Every generated SVG is legible: no edge through a label, no label over another (in Chromium)."""

from pathlib import Path

import pytest

from fincore.architecture.browser import MermaidRenderer
from fincore.architecture.legibility import measure, problems

pytestmark = pytest.mark.browser

DIAGRAMS = Path(__file__).resolve().parents[2] / "diagrams"
SVGS = sorted(p.name for p in DIAGRAMS.glob("*.svg"))

# A Graphviz-like SVG: one edge whose path runs straight through a node's label.
CROSSED = """<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">
<g class="node"><title>a</title><text x="150" y="100" font-size="20">Payment Service</text></g>
<g class="edge"><title>b-&gt;c</title><path d="M10,94 L290,94" stroke="black"/></g>
<g class="node"><title>d</title><text x="160" y="104" font-size="20">overlapping</text></g>
</svg>"""


def test_every_view_is_checked() -> None:
    assert len(SVGS) >= 8
    assert {"c4-component.svg", "deployment.svg", "deployment-aws.svg", "sequence.svg"} <= set(SVGS)


@pytest.mark.parametrize("name", SVGS)
def test_no_edge_runs_through_a_label_and_no_labels_overlap(
    renderer: MermaidRenderer, name: str
) -> None:
    drawn = measure(renderer, (DIAGRAMS / name).read_text(encoding="utf-8"))
    assert drawn.labels and drawn.edges, "nothing measured: the SVG's structure changed"
    assert problems(drawn) == []


def test_the_check_finds_an_edge_through_a_label_and_overlapping_labels(
    renderer: MermaidRenderer,
) -> None:
    found = problems(measure(renderer, CROSSED))
    assert "edge b->c runs through node label 'Payment Service'" in found
    assert "label 'Payment Service' overlaps label 'overlapping'" in found
