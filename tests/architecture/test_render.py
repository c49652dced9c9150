"""Rendering is offline, deterministic byte for byte, and the committed diagrams/ is up to date.

These tests launch the real system Chromium (through Playwright) and the real Graphviz.
"""

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from fincore.architecture import ArchitectureModel, Hop, mermaid_views, sequence_from_trace
from fincore.architecture.browser import (
    DEVICE_SCALE_FACTOR,
    MERMAID_JS_ENV,
    STAGE_PADDING,
    MermaidRenderer,
    MermaidRenderError,
    RendererSetupError,
    stable_actor_ids,
)
from fincore.architecture.render import main, render_all

pytestmark = pytest.mark.browser

COMMITTED = Path(__file__).resolve().parents[2] / "diagrams"
SCENARIO_STEMS = (
    "sequence-success",
    "sequence-decline",
    "sequence-pending",
    "sequence-three-d-secure",
)
MERMAID_STEMS = ("c4-component", "deployment", "sequence", *SCENARIO_STEMS)
EXPECTED_FILES = {
    *(f"{stem}.{ext}" for stem in MERMAID_STEMS for ext in ("mmd", "svg", "png")),
    *(
        f"{stem}.{ext}"
        for stem in ("deployment-aws", "c4-component-graphviz")
        for ext in ("svg", "png")
    ),
    "fincore-payments.cfn.yaml",
    "mapping.md",
    "README.md",
}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_render_writes_every_view(rendered: Path) -> None:
    assert set(_files(rendered)) == EXPECTED_FILES


def test_committed_diagrams_are_up_to_date(rendered: Path) -> None:
    fresh, committed = _files(rendered), _files(COMMITTED)
    stale = sorted(
        name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name)
    )
    assert not stale, (
        f"diagrams/ is stale ({', '.join(stale)} differ from a fresh render): "
        "run `make diagrams` and commit the result"
    )


def test_two_renders_are_byte_for_byte_identical(rendered: Path, tmp_path: Path) -> None:
    render_all(tmp_path)
    first, second = _files(rendered), _files(tmp_path)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"not deterministic: {differing}"


@pytest.mark.parametrize(
    ("stem", "expected_text"),
    [
        ("c4-component", "Payment Service"),
        ("deployment", "Fargate Task"),
        ("sequence", "10b. Charges the token"),
    ],
)
def test_mermaid_svg_uses_svg_text_not_html(rendered: Path, stem: str, expected_text: str) -> None:
    svg = (rendered / f"{stem}.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg)  # well-formed XML, so it displays as a plain <img>
    assert root.get("id") == stem
    assert "foreignObject" not in svg
    assert "http://" not in svg.replace("http://www.w3.org/", "")
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert expected_text in texts


@pytest.mark.parametrize("stem", MERMAID_STEMS)
def test_png_is_the_svg_at_fixed_scale(rendered: Path, stem: str) -> None:
    root = ET.parse(rendered / f"{stem}.svg").getroot()
    svg_width = float(root.get("width", "0"))
    width, height = _png_size((rendered / f"{stem}.png").read_bytes())
    expected = (svg_width + 2 * STAGE_PADDING) * DEVICE_SCALE_FACTOR
    assert abs(width - expected) <= 2 * DEVICE_SCALE_FACTOR
    assert height > 100


def test_renderer_reports_mermaid_syntax_errors(renderer: MermaidRenderer) -> None:
    with pytest.raises(MermaidRenderError, match="broken"):
        renderer.render("broken", "flowchart TD\n  a --> \n  subgraph")


def test_sequence_ids_do_not_depend_on_earlier_renders(
    renderer: MermaidRenderer, model: ArchitectureModel
) -> None:
    source = mermaid_views.sequence_view(model)
    first = renderer.render("sequence", source)
    renderer.render("c4-component", mermaid_views.c4_component_view(model))
    again = renderer.render("sequence", source)
    assert first == again


def test_observed_sequence_renders(renderer: MermaidRenderer, model: ArchitectureModel) -> None:
    hops = [
        Hop("psp_iframe", "psp", "POST", "/v1/tokens;x#y", step=5, carried_card_data=True),
        Hop("api_client", "merchant-backend:8000", "GET", "/health"),
    ]
    rendered = renderer.render("observed", sequence_from_trace(hops, model))
    assert "5. POST /v1/tokens;x#y [card data]" in rendered.svg
    assert "merchant_backend_8000" in rendered.svg


def test_actor_renumbering_only_touches_actor_ids() -> None:
    svg = '<g id="root-7"><line id="actor7"/><g class="actor actor-top" id="actor-man-arms8"/></g>'
    assert stable_actor_ids(svg) == (
        '<g id="root-0"><line id="actor0"/><g class="actor actor-top" id="actor-man-arms1"/></g>'
    )


def test_missing_mermaid_js_explains_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(MERMAID_JS_ENV, str(tmp_path / "nowhere" / "mermaid.min.js"))
    with pytest.raises(RendererSetupError, match="npm ci --prefix sdk"):
        MermaidRenderer()


def test_cli_explains_a_missing_renderer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(MERMAID_JS_ENV, str(tmp_path / "mermaid.min.js"))
    assert main([str(tmp_path / "out")]) == 1
    assert "npm ci --prefix sdk" in capsys.readouterr().err


def test_cli_rejects_extra_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["a", "b"]) == 2
    assert "python -m fincore.architecture.render" in capsys.readouterr().out


@pytest.mark.parametrize("stem", MERMAID_STEMS)
def test_every_mermaid_view_carries_its_legend(rendered: Path, stem: str) -> None:
    root = ET.parse(rendered / f"{stem}.svg").getroot()
    legends = [
        g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "fincore-legend"
    ]
    assert len(legends) == 1
    texts = ["".join(t.itertext()) for t in legends[0].iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == "Legend" and len(texts) >= 4
