"""Render Mermaid text to SVG and PNG offline, in the system Chromium.

mermaid-py's own renderer posts the text to a web service; this one loads the ``mermaid.min.js``
that npm installed for the SDK (``sdk/node_modules``) into a blank page and refuses every network
request. One browser and one page serve all diagrams, because loading the 5 MB script costs more
than rendering a diagram.

Determinism, byte for byte on one toolchain:

* ``deterministicIds`` with a fixed seed, and mermaid re-initialised before each diagram; the
  sequence renderer's actor counter is global to the page and never reset, so its ids are
  renumbered from zero (:func:`stable_actor_ids`) and do not depend on earlier diagrams;
* ``handDrawnSeed`` fixed: some shapes (the person's stadium) are drawn by rough.js, which is
  otherwise seeded from ``Math.random``;
* fixed theme, look, layout engine and font; labels as SVG text (``htmlLabels: false``), so the SVG
  displays without a browser and its layout does not depend on HTML text wrapping;
* fixed viewport (sized to each diagram) and device scale factor for the PNG screenshot, with the
  GPU off so rasterisation is done by Skia's software path.
"""

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from playwright.sync_api import Browser, Page, Playwright, Route, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from fincore.lab.browser import launch_options

MERMAID_JS_ENV = "FINCORE_MERMAID_JS"
# reference/fincore/architecture/browser.py -> the repository root is three packages up.
REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_MERMAID_JS = REPO_ROOT / "sdk" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
DEVICE_SCALE_FACTOR = 2
STAGE_PADDING = 16
MERMAID_CONFIG: dict[str, Any] = {
    "startOnLoad": False,
    "securityLevel": "strict",
    "theme": "default",
    "look": "classic",
    "layout": "dagre",
    "fontFamily": '"DejaVu Sans", sans-serif',
    "htmlLabels": False,
    # Spacing and curve chosen with fincore.architecture.legibility: at these, no edge of the
    # C4 or deployment view runs through another edge's label or a node's text.
    "flowchart": {
        "htmlLabels": False,
        "useMaxWidth": False,
        "wrappingWidth": 260,
        "nodeSpacing": 80,
        "rankSpacing": 80,
        "curve": "monotoneY",
    },
    # An edge's label sits on its own edge: an opaque background keeps the line out of the text.
    "themeCSS": ".edgeLabel rect { opacity: 1 !important; fill: #ffffff !important; }",
    "sequence": {"useMaxWidth": False},
    "deterministicIds": True,
    "deterministicIDSeed": "fincore",
    "handDrawnSeed": 1,
}
_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'></head>"
    f"<body style='margin:0;background:#ffffff'><div id='stage' "
    f"style='display:inline-block;padding:{STAGE_PADDING}px;background:#ffffff'></div></body></html>"
)
_RENDER_JS = """async ([id, text, config, legend]) => {
    mermaid.initialize(config);  // re-initialising resets the id counter between diagrams
    const {svg} = await mermaid.render(id, text);
    const stage = document.getElementById('stage');
    stage.innerHTML = svg;
    if (legend.length) drawLegend(stage.querySelector('svg'), legend);
    const box = stage.getBoundingClientRect();
    return {svg: legend.length ? stage.innerHTML : svg, width: box.width, height: box.height};
}"""
# A legend under the diagram, drawn into the SVG itself: one sample and one line of text per
# entry. Samples: "card" (thick red arrow), "line", "reply" (dashed), "lost" (dashed, crossed),
# "pci" (red-outlined box), "boundary" (dashed box).
_LEGEND_JS = """
window.drawLegend = (root, legend) => {
    const NS = 'http://www.w3.org/2000/svg';
    const make = (tag, attrs, parent) => { const el = document.createElementNS(NS, tag);
        for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
        parent.appendChild(el); return el; };
    const [vx, vy, vw, vh] = root.getAttribute('viewBox').trim().split(/[\\s,]+/).map(Number);
    const row = 24, top = vy + vh + 12, left = vx + 16;
    const g = make('g', {class: 'fincore-legend', 'font-size': '14',
                         'font-family': '"DejaVu Sans", sans-serif'}, root);
    make('text', {x: left, y: top + 14, 'font-weight': 'bold', fill: '#333333'}, g)
        .textContent = 'Legend';
    legend.forEach(([sample, label], i) => {
        const y = top + row * (i + 1) + 12;
        const line = {x1: left, y1: y, x2: left + 40, y2: y,
                      stroke: '#333333', 'stroke-width': 1.5};
        if (sample === 'card') Object.assign(line, {stroke: '#c0392b', 'stroke-width': 3.5});
        if (sample === 'reply' || sample === 'lost') line['stroke-dasharray'] = '3 3';
        if (sample === 'pci' || sample === 'boundary') {
            make('rect', {x: left, y: y - 8, width: 40, height: 16, fill: '#ffffff',
                          stroke: sample === 'pci' ? '#c0392b' : '#444444',
                          'stroke-width': sample === 'pci' ? 3 : 1.5,
                          'stroke-dasharray': sample === 'boundary' ? '6 4' : '0'}, g);
        } else {
            make('line', line, g);
            if (sample === 'lost') make('text', {x: left + 34, y: y + 5, fill: '#333333'}, g)
                .textContent = 'x';
        }
        make('text', {x: left + 52, y: y + 5, fill: '#333333'}, g).textContent = label;
    });
    const height = vh + 12 + row * (legend.length + 1) + 8;
    const width = Math.max(vw, g.getBBox().width + 32);
    root.setAttribute('viewBox', `${vx} ${vy} ${width} ${height}`);
    root.setAttribute('width', width);
    root.setAttribute('height', height);
};
"""


class RendererSetupError(RuntimeError):
    """Chromium or mermaid.min.js is missing; the message says how to get it."""


class MermaidRenderError(RuntimeError):
    """Mermaid refused a diagram (usually a syntax error in generated text)."""


@dataclass(frozen=True)
class RenderedDiagram:
    """One diagram as standalone SVG text and a PNG screenshot of it."""

    svg: str
    png: bytes


def mermaid_js_path() -> Path:
    """Where mermaid.min.js is read from (``FINCORE_MERMAID_JS`` overrides the npm install)."""
    path = Path(os.environ.get(MERMAID_JS_ENV, DEFAULT_MERMAID_JS))
    if not path.is_file():
        raise RendererSetupError(
            f"mermaid.min.js not found at {path}: run `npm ci --prefix sdk` in the repository "
            f"(sdk/package.json pins mermaid), or point {MERMAID_JS_ENV} at a copy"
        )
    return path


class MermaidRenderer:
    """A context manager holding one offline Chromium page with Mermaid loaded."""

    def __init__(self) -> None:
        self._script = mermaid_js_path()
        try:
            self._launch = launch_options()
        except FileNotFoundError as missing:
            raise RendererSetupError(str(missing)) from missing
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._page: Page | None = None

    def __enter__(self) -> Self:
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(**self._launch)
            self._page = self._browser.new_page(device_scale_factor=DEVICE_SCALE_FACTOR)
            self._page.route("**/*", _refuse)
            self._page.set_content(_PAGE)
            self._page.add_script_tag(path=str(self._script))
            self._page.add_script_tag(content=_LEGEND_JS)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the browser and stop Playwright (safe to call twice)."""
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None
        self._page = None

    def render(
        self, diagram_id: str, source: str, legend: Sequence[tuple[str, str]] = ()
    ) -> RenderedDiagram:
        """Render Mermaid ``source``; ``diagram_id`` becomes the SVG's root id.

        ``legend`` entries (sample, text) are drawn under the diagram, inside the SVG.
        """
        if self._page is None:
            raise RuntimeError("MermaidRenderer must be used inside a `with` block")
        page = self._page
        try:
            arguments = [diagram_id, source, MERMAID_CONFIG, [list(e) for e in legend]]
            result = page.evaluate(_RENDER_JS, arguments)
        except PlaywrightError as error:
            raise MermaidRenderError(f"mermaid could not render {diagram_id!r}: {error}") from error
        # The viewport is sized to the diagram so the screenshot never depends on scrolling.
        width, height = math.ceil(result["width"]), math.ceil(result["height"])
        page.set_viewport_size({"width": width, "height": height})
        png = page.locator("#stage").screenshot(animations="disabled", scale="device")
        return RenderedDiagram(svg=stable_actor_ids(str(result["svg"])), png=png)

    def evaluate(self, script: str, argument: Any) -> Any:
        """Run ``script`` in the offline page (Mermaid loaded) and return its value."""
        if self._page is None:
            raise RuntimeError("MermaidRenderer must be used inside a `with` block")
        return self._page.evaluate(script, argument)


# actor<N>, actor<N>_popup, actor-man-torso<N>, actor-man-arms<N> and root-<N> share one counter;
# matched as ids or references only, never class names like actor-top.
_ACTOR_ID = re.compile(r"(?<=[\"'#])(actor(?:-man-torso|-man-arms)?|root-)([0-9]+)(?=[\"'_])")


def stable_actor_ids(svg: str) -> str:
    """Renumber sequence-diagram actor ids from 0, whatever the page rendered before."""
    numbers = [int(match[2]) for match in _ACTOR_ID.finditer(svg)]
    if not numbers:
        return svg
    base = min(numbers)
    return _ACTOR_ID.sub(lambda match: f"{match[1]}{int(match[2]) - base}", svg)


def _refuse(route: Route) -> None:
    # Rendering is offline by construction: a request would mean a font or icon fetched from
    # the web, which would make the output depend on the network.
    route.abort()
