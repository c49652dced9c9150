"""Can a reader read a diagram? Label boxes against edge paths and labels, measured in Chromium.

The geometry comes from the browser that draws the SVG (text boxes after layout, edge paths
sampled with ``getPointAtLength``), for the three kinds of SVG in ``diagrams/``: Mermaid
flowcharts, Mermaid sequence diagrams and Graphviz output. :func:`problems` then names every
label an edge runs through and every pair of labels that overlap.

A Mermaid flowchart puts each edge's label on its own edge, over an opaque background: that one
crossing is the design, every other one is a defect. Graphviz and sequence diagrams place labels
beside their lines, so there no edge may cross any label.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Playwright is imported only by the code that renders
    from fincore.architecture.browser import MermaidRenderer

# Boxes are shrunk by this much before testing, so a line grazing a label's edge is not a defect
# but one through its text is.
TOLERANCE_PX = 1.5
SAMPLE_STEP_PX = 2.0

MEASURE_JS = """([svgText, step]) => {
    const stage = document.getElementById('stage');
    stage.innerHTML = svgText;
    const root = stage.querySelector('svg');
    const box = (el) => { const r = el.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom]; };
    const union = (els) => { const bs = els.map(box).filter(b => b[2] > b[0] && b[3] > b[1]);
        if (!bs.length) return null;
        return [Math.min(...bs.map(b => b[0])), Math.min(...bs.map(b => b[1])),
                Math.max(...bs.map(b => b[2])), Math.max(...bs.map(b => b[3]))]; };
    const sample = (shape, step) => {
        const m = shape.getScreenCTM();
        const at = (x, y) => [x * m.a + y * m.c + m.e, x * m.b + y * m.d + m.f];
        if (shape.tagName === 'line') {
            const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map(a => shape[a].baseVal.value);
            const n = Math.max(1, Math.ceil(Math.hypot(x2 - x1, y2 - y1) / step));
            return Array.from({length: n + 1}, (_, i) =>
                at(x1 + (x2 - x1) * i / n, y1 + (y2 - y1) * i / n));
        }
        const length = shape.getTotalLength();
        const n = Math.max(1, Math.ceil(length / step));
        return Array.from({length: n + 1}, (_, i) => {
            const p = shape.getPointAtLength(length * i / n); return at(p.x, p.y); });
    };
    const texts = (el) => [...el.querySelectorAll('text')].filter(t => t.textContent.trim());
    const labels = [], edges = [];
    const label = (owner, kind, els) => { const b = union(els);
        if (b) labels.push({owner, kind, box: b,
                            text: els.map(e => e.textContent.trim()).join(' ')}); };
    const kind = root.getAttribute('aria-roledescription') || 'graphviz';
    if (kind.startsWith('flowchart')) {
        root.querySelectorAll('g.edgeLabel g.label').forEach(g =>
            label(g.dataset.id, 'edge', texts(g)));
        root.querySelectorAll('g.node').forEach(g => label(g.id, 'node', texts(g)));
        root.querySelectorAll('g.cluster').forEach(g => label(g.id, 'cluster', texts(g)));
        root.querySelectorAll('path.flowchart-link').forEach(p =>
            edges.push({owner: p.dataset.id, points: sample(p, step)}));
    } else if (kind === 'sequence') {
        root.querySelectorAll('text.messageText').forEach((t, i) =>
            label('message' + i, 'edge', [t]));
        root.querySelectorAll('text.noteText').forEach((t, i) => label('note' + i, 'note', [t]));
        root.querySelectorAll('.messageLine0, .messageLine1').forEach((l, i) =>
            edges.push({owner: 'message' + i, points: sample(l, step)}));
    } else {
        root.querySelectorAll('g.edge').forEach(g => {
            const owner = g.querySelector('title').textContent;
            label(owner, 'edge', texts(g));
            g.querySelectorAll('path').forEach(p =>
                edges.push({owner, points: sample(p, step)}));
        });
        root.querySelectorAll('g.node').forEach(g =>
            label(g.querySelector('title').textContent, 'node', texts(g)));
        root.querySelectorAll('g.cluster').forEach(g =>
            label(g.querySelector('title').textContent, 'cluster', texts(g)));
    }
    return {kind, labels, edges};
}"""


@dataclass(frozen=True)
class Label:
    """A label's text and its box on the page, with the edge, node or box it belongs to."""

    owner: str
    kind: str
    text: str
    box: tuple[float, float, float, float]

    def contains(self, x: float, y: float) -> bool:
        """Whether a point lies inside the box, shrunk by the tolerance."""
        x0, y0, x1, y1 = self.box
        t = TOLERANCE_PX
        return x0 + t < x < x1 - t and y0 + t < y < y1 - t

    def overlaps(self, other: "Label") -> bool:
        """Whether two boxes, each shrunk by the tolerance, share any area."""
        a, b, t = self.box, other.box, TOLERANCE_PX
        return (
            a[0] + t < b[2] - t
            and b[0] + t < a[2] - t
            and a[1] + t < b[3] - t
            and b[1] + t < a[3] - t
        )


@dataclass(frozen=True)
class Geometry:
    """What :data:`MEASURE_JS` measured in one SVG."""

    kind: str
    labels: tuple[Label, ...]
    edges: tuple[tuple[str, tuple[tuple[float, float], ...]], ...]


def measure(renderer: "MermaidRenderer", svg: str) -> Geometry:
    """Draw ``svg`` in the renderer's offline page and measure its labels and edges."""
    return geometry(renderer.evaluate(MEASURE_JS, [svg, SAMPLE_STEP_PX]))


def geometry(measured: dict[str, Any]) -> Geometry:
    """Turn the browser's answer into typed geometry."""
    labels = tuple(
        Label(item["owner"], item["kind"], item["text"], tuple(item["box"]))
        for item in measured["labels"]
    )
    edges = tuple(
        (edge["owner"], tuple((float(x), float(y)) for x, y in edge["points"]))
        for edge in measured["edges"]
    )
    return Geometry(str(measured["kind"]), labels, edges)


def problems(drawn: Geometry) -> list[str]:
    """Every edge through a label, and every pair of overlapping labels, as readable lines."""
    found = []
    own_label_on_edge = drawn.kind.startswith("flowchart")
    for label in drawn.labels:
        if label.kind == "cluster":
            continue  # a box's title sits on its border, where edges enter the box
        for owner, points in drawn.edges:
            if own_label_on_edge and owner == label.owner:
                continue
            if any(label.contains(x, y) for x, y in points):
                found.append(f"edge {owner} runs through {label.kind} label {label.text!r}")
    texts = [label for label in drawn.labels if label.kind != "cluster"]
    for index, first in enumerate(texts):
        for second in texts[index + 1 :]:
            if first.owner != second.owner and first.overlaps(second):
                found.append(f"label {first.text!r} overlaps label {second.text!r}")
    return found


# How JupyterLab draws a ``text/vnd.mermaid`` output: Mermaid's defaults (HTML labels, dagre),
# not the fixed configuration of the committed renders. An edge drawn between the wrong boxes
# there misstates the design to whoever opens the notebook.
JUPYTERLAB_CONFIG: dict[str, Any] = {
    "startOnLoad": False,
    "theme": "default",
    "maxTextSize": 100000,
    "securityLevel": "strict",
}
EDGE_ENDS_JS = """async ([id, text, config]) => {
    mermaid.initialize(config);
    const {svg} = await mermaid.render(id, text);
    const stage = document.getElementById('stage');
    stage.innerHTML = svg;
    const root = stage.querySelector('svg');
    const nodes = {};
    root.querySelectorAll('g.node').forEach(g => {
        const found = g.id.match(/-flowchart-(.+)-[0-9]+$/);
        const r = g.getBoundingClientRect();
        if (found) nodes[found[1]] = [r.left, r.top, r.right, r.bottom];
    });
    const edges = [...root.querySelectorAll('path.flowchart-link')].map(p => {
        const m = p.getScreenCTM();
        const at = (q) => [q.x * m.a + q.y * m.c + m.e, q.x * m.b + q.y * m.d + m.f];
        return {id: p.dataset.id, start: at(p.getPointAtLength(0)),
                end: at(p.getPointAtLength(p.getTotalLength()))};
    });
    return {nodes, edges};
}"""


def nearest(point: tuple[float, float], boxes: dict[str, list[float]]) -> str:
    """The id of the box closest to ``point`` (0 when the point is inside it)."""

    def distance(box: list[float]) -> float:
        dx = max(box[0] - point[0], 0.0, point[0] - box[2])
        dy = max(box[1] - point[1], 0.0, point[1] - box[3])
        return float((dx * dx + dy * dy) ** 0.5)

    return min(boxes, key=lambda node: distance(boxes[node]))


def misdrawn_edges(
    renderer: "MermaidRenderer", diagram_id: str, source: str, links: list[tuple[str, str]]
) -> list[str]:
    """Links (``source``, ``target``, in the Mermaid text's order) drawn between other boxes."""
    drawn = renderer.evaluate(EDGE_ENDS_JS, [diagram_id, source, JUPYTERLAB_CONFIG])
    edges, boxes = drawn["edges"], drawn["nodes"]
    if len(edges) != len(links):
        return [f"{len(links)} links in the text, {len(edges)} drawn"]
    wrong = []
    for (start, end), edge in zip(links, edges, strict=True):
        ends = nearest(tuple(edge["start"]), boxes), nearest(tuple(edge["end"]), boxes)
        if ends != (start, end):
            wrong.append(f"{start} -> {end} is drawn from {ends[0]} to {ends[1]}")
    return wrong
