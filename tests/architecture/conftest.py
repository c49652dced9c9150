"""Fixtures for the architecture tests: the architecture document, a small Mermaid flowchart
reader, renders.

The reader understands the subset of flowchart syntax used by ``docs/architecture.md`` and by
mermaid-py's output, which is enough to compare the two diagram for diagram.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from fincore.architecture import ArchitectureModel, fincore_model
from fincore.architecture.browser import MermaidRenderer
from fincore.architecture.render import render_all

REPO_ROOT = Path(__file__).resolve().parents[2]
# The project's own statement of the design: the views must say what it says.
DESIGN = REPO_ROOT / "docs" / "architecture.md"
COMMITTED_DIAGRAMS = REPO_ROOT / "diagrams"

_ARROW = re.compile(
    r"^(?P<src>\S+?)\s*"
    r'(?:--\s*"(?P<doc_label>[^"]*)"\s*-->|(?P<arrow>-->|==>)(?:\|"?(?P<label>[^|"]*)"?\|)?)'
    r"\s*(?P<dst>\S+)$"
)
_NODE = re.compile(
    r'^(?P<id>\w+)(?:\(\[|\[|\(\(|\()(?:"(?P<quoted>.*)"|(?P<bare>[^"]*?))(?:\]\)|\]|\)\)|\))$'
)
_SUBGRAPH = re.compile(r'^subgraph\s+(?:"(?P<quoted>[^"]+)"|\w+\s*\["?(?P<titled>[^"\]]+)"?\])$')
_IGNORED = (
    "graph ",
    "flowchart ",
    "direction ",
    "classDef ",
    "class ",
    "linkStyle ",
    "style ",
    "%%",
)


@dataclass
class Flowchart:
    """What a Mermaid flowchart says: nodes, their boxes, subgraph nesting and labelled edges."""

    labels: dict[str, str] = field(default_factory=dict)  # node id (lower case) -> label
    parents: dict[str, str | None] = field(default_factory=dict)  # node id -> subgraph title
    subgraphs: dict[str, str | None] = field(default_factory=dict)  # title -> parent title
    edges: set[tuple[str, str, str]] = field(default_factory=set)  # (source, target, label)

    def first_lines(self) -> dict[str, str]:
        """Node labels cut at the first line break (the element's name)."""
        return {node: label.split("<br>")[0] for node, label in self.labels.items()}

    def steps(self) -> list[str]:
        """Step numbers of the numbered edges, e.g. ["1", ..., "10", "10b"]."""
        found = (re.match(r"(\d+[a-z]?)\. ", label) for _, _, label in self.edges)
        return sorted((m[1] for m in found if m), key=lambda s: (int(s.rstrip("ab")), s))


def parse_flowchart(text: str) -> Flowchart:
    """Read a Mermaid flowchart (our document's syntax or mermaid-py's) as a `Flowchart`."""
    chart = Flowchart()
    stack: list[str] = []
    lines = _without_frontmatter(text).splitlines()
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith(_IGNORED):
            continue
        if line == "end":
            stack.pop()
        elif match := _SUBGRAPH.match(line):
            title = match["quoted"] or match["titled"]
            chart.subgraphs[title] = stack[-1] if stack else None
            stack.append(title)
        elif match := _ARROW.match(line):
            source = _see_node(chart, match["src"], stack)
            target = _see_node(chart, match["dst"], stack)
            chart.edges.add((source, target, match["doc_label"] or match["label"] or ""))
        else:
            _see_node(chart, line, stack)
    return chart


def _see_node(chart: Flowchart, token: str, stack: list[str]) -> str:
    match = _NODE.match(token)
    node_id = (match["id"] if match else token).lower()
    if not re.fullmatch(r"\w+", node_id):
        raise AssertionError(f"cannot read node {token!r}")
    if match:
        chart.labels[node_id] = match["quoted"] if match["quoted"] is not None else match["bare"]
    # Mermaid puts a node in the subgraph where it first appears.
    chart.parents.setdefault(node_id, stack[-1] if stack else None)
    chart.labels.setdefault(node_id, node_id)
    return node_id


def _without_frontmatter(text: str) -> str:
    if text.startswith("---\n"):
        return text.split("\n---\n", 1)[1]
    return text


def design_mermaid_blocks() -> list[str]:
    """The Mermaid blocks of the architecture document, in order (logical, then deployment)."""
    return re.findall(r"```mermaid\n(.*?)```", DESIGN.read_text(encoding="utf-8"), flags=re.S)


def design_mapping_rows() -> list[list[str]]:
    """The document's component-to-resource table, header first, cells stripped."""
    text = DESIGN.read_text(encoding="utf-8").split("## Component-to-resource mapping", 1)[1]
    return markdown_rows(text.split("\n## ", 1)[0])


def markdown_rows(text: str) -> list[list[str]]:
    """Cells of every Markdown table row in ``text`` except the alignment row."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.fullmatch(r"[|\s:-]+", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


@pytest.fixture(scope="session")
def model() -> ArchitectureModel:
    return fincore_model()


@pytest.fixture(scope="session")
def flowchart_reader() -> Callable[[str], Flowchart]:
    return parse_flowchart


@pytest.fixture(scope="session")
def table_reader() -> Callable[[str], list[list[str]]]:
    return markdown_rows


@pytest.fixture(scope="session")
def design_text() -> str:
    return DESIGN.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def design_logical() -> Flowchart:
    return parse_flowchart(design_mermaid_blocks()[0])


@pytest.fixture(scope="session")
def design_deployment() -> Flowchart:
    return parse_flowchart(design_mermaid_blocks()[1])


@pytest.fixture(scope="session")
def design_mapping() -> list[list[str]]:
    return design_mapping_rows()


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every view regenerated once into a temporary folder (real Chromium, real Graphviz)."""
    outdir = tmp_path_factory.mktemp("diagrams")
    render_all(outdir)
    return outdir


# Module scope: a sync Playwright instance must be closed before another module (the browser
# tests) starts its own in this process.
@pytest.fixture(scope="module")
def renderer() -> Iterator[MermaidRenderer]:
    with MermaidRenderer() as live:
        yield live
