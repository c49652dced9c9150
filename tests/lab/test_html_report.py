"""The HTML report works offline and its index says who reads what, in which order."""

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from playwright.sync_api import Route, sync_playwright

from fincore.architecture.browser import MermaidRenderer
from fincore.lab.browser import launch_options
from fincore.lab.html_report import (
    READING_ORDER,
    Entry,
    audience_of,
    index_page,
    offline_page,
    ordered,
)
from fincore.lab.notebooks import NOTEBOOKS, notebook_paths, run_all

NBCONVERT_LIKE = """<html><head>
<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"></script>
<script type="module">
  const mermaid = (await import("https://cdnjs.cloudflare.com/mermaid.esm.min.mjs")).default;
</script></head><body>
<div class="jp-Mermaid"><pre class="mermaid">
graph TD
  a[&quot;Payment Service&quot;] --&gt; b
</pre></div></body></html>"""


@pytest.mark.browser
def test_mermaid_blocks_become_inline_svg_and_remote_scripts_go() -> None:
    with MermaidRenderer() as renderer:
        page = offline_page(NBCONVERT_LIKE, renderer, "probe")
    assert '<pre class="mermaid">' not in page
    assert '<svg id="probe-mermaid-1"' in page and ">Payment<" in page
    assert "cdnjs" not in page


def test_index_lists_notebooks_in_reading_order_with_their_audience() -> None:
    names = ["05_performance", "00_architecture_overview", "99_new"]
    assert [name for name, _ in ordered(names)] == [
        "00_architecture_overview",
        "05_performance",
        "99_new",
    ]
    entries = [
        Entry("00_architecture_overview", "Overview", "architects", "start here", 2.0, None),
        Entry("05_performance", "Performance", "engineers", "cost", 15.0, "E: slow"),
    ]
    page = index_page(entries)
    assert page.index("Overview") < page.index("Performance")
    assert "<td>architects</td>" in page and "<small>start here</small>" in page
    assert "2 notebooks executed in 17.0 s, 1 failed" in page


def test_reading_order_covers_every_notebook_and_each_says_who_it_is_for() -> None:
    assert {name for name, _ in READING_ORDER} == {path.stem for path in notebook_paths()}
    for path in notebook_paths():
        assert audience_of(path), f"{path.name} has no **For:** line"
    assert audience_of(NOTEBOOKS / "06_architecture_review.ipynb").startswith("architects")


@pytest.mark.browser
def test_a_built_report_asks_no_other_host_and_draws_its_mermaid(tmp_path: Path) -> None:
    source = tmp_path / "source" / "00_probe.ipynb"
    source.parent.mkdir()
    cells = [
        new_markdown_cell("# Probe\n\n**For:** the test."),
        new_code_cell(
            "from fincore.walkthrough.display import Mermaid\n"
            'Mermaid("graph TD\\n  psp[PSP] --> iframe[Iframe]")'
        ),
        # A generated diagram as inline SVG at the page's width, its icons inlined.
        new_code_cell(
            "from fincore.walkthrough.display import FullWidthSVG\n"
            "from fincore.walkthrough.repository import diagrams_folder\n"
            'FullWidthSVG(diagrams_folder() / "deployment-aws.svg")'
        ),
    ]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, source)
    out = tmp_path / "report"
    [run] = run_all(out, sources=[source])
    assert run.error is None
    elsewhere: list[str] = []

    def local_only(route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        page = browser.new_page()
        page.route("**/*", local_only)
        page.goto((out / "index.html").as_uri())
        assert "the test." in page.locator("table").inner_text()
        page.goto((out / "00_probe.html").as_uri())
        drawn = page.locator("div.fincore-diagram svg").text_content() or ""
        # nbconvert shows SVG as an <img> of it; it fills its output area: not 2209 pt wide,
        # not a thumbnail.
        widths = page.evaluate(
            "() => { const svg = document.querySelector('.jp-RenderedSVG img');"
            " return [svg.getBoundingClientRect().width, svg.parentElement.clientWidth]; }"
        )
        browser.close()
    assert elsewhere == []
    assert "PSP" in drawn and "Iframe" in drawn
    assert widths[0] == pytest.approx(widths[1], abs=2)
