"""Every generated SVG is legible (no edge through a label, no label over another), and Mermaid's
defaults, as JupyterLab renders them, draw every arrow between the right boxes (in Chromium)."""

from pathlib import Path

import pytest

from fincore.architecture import ArchitectureModel, mermaid_views
from fincore.architecture.browser import MermaidRenderer
from fincore.architecture.legibility import measure, misdrawn_edges, problems

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


def test_jupyterlab_draws_every_step_of_the_logical_view_between_its_components(
    renderer: MermaidRenderer, model: ArchitectureModel
) -> None:
    links = [(r.source, r.target) for r in model.numbered()]
    source = mermaid_views.c4_component_view(model)
    assert misdrawn_edges(renderer, "c4-jupyterlab", source, links) == []


def test_jupyterlab_draws_every_request_of_the_physical_view_between_its_resources(
    renderer: MermaidRenderer, model: ArchitectureModel
) -> None:
    links = [(r.source, r.target) for r in model.physical_relations]
    source = mermaid_views.deployment_view(model)
    assert misdrawn_edges(renderer, "deployment-jupyterlab", source, links) == []


def test_an_arrow_drawn_to_the_wrong_component_is_reported(
    renderer: MermaidRenderer, model: ArchitectureModel
) -> None:
    links = [(r.source, r.target) for r in model.numbered()]
    links[3] = ("user", "merchant_frontend")  # step 4 as the issue saw it in JupyterLab
    source = mermaid_views.c4_component_view(model)
    found = misdrawn_edges(renderer, "c4-wrong", source, links)
    assert found == ["user -> merchant_frontend is drawn from user to psp_iframe"]
