"""The AWS deployment view and a C4 component view, drawn with mingrammer ``diagrams`` (Graphviz).

Both are written as PNG and SVG. Out of the box, ``diagrams`` names nodes with random UUIDs (they
end up in the SVG's ``<title>`` elements) and points icons at absolute paths inside site-packages.
Here every node gets the model's id (``nodeid=``), so Graphviz output is deterministic, and the
SVG's icons are inlined as ``data:`` URIs, so it displays anywhere and contains no local path.
"""

import base64
import html
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

# mypy resolves `diagrams` to the repository's generated diagrams/ folder (a namespace package in
# the working directory) rather than the untyped library, so these three names need the ignore.
from diagrams import Cluster, Diagram, Edge, Node  # type: ignore[attr-defined, unused-ignore]
from diagrams.aws.compute import ElasticContainerServiceService, Fargate
from diagrams.aws.database import RDSPostgresqlInstance
from diagrams.aws.management import CloudwatchLogs
from diagrams.aws.network import CloudFront, ElbApplicationLoadBalancer, NATGateway
from diagrams.aws.security import WAF, KeyManagementService, SecretsManager
from diagrams.aws.storage import SimpleStorageServiceS3Bucket
from diagrams.c4 import C4Node, Relationship, SystemBoundary
from diagrams.generic.place import Datacenter
from diagrams.onprem.client import Client
from diagrams.onprem.compute import Server

from fincore.architecture import mermaid_views
from fincore.architecture.model import (
    CHECKOUT_LAST_STEP,
    ArchitectureModel,
    Boundary,
    C4Kind,
    Relation,
    ResourceKind,
    step_key,
)

AWS_TITLE = "FinCore tokenization - AWS deployment view"
C4_TITLE = "FinCore tokenization - C4 component view"

_ICONS: dict[ResourceKind, Callable[..., Any]] = {
    ResourceKind.BROWSER: Client,
    ResourceKind.CDN: CloudFront,
    ResourceKind.OBJECT_STORE: SimpleStorageServiceS3Bucket,
    ResourceKind.LOAD_BALANCER: ElbApplicationLoadBalancer,
    ResourceKind.CONTAINER_TASK: Fargate,
    ResourceKind.WEB_SERVER: Server,
    ResourceKind.EXTERNAL_SAAS: Datacenter,
    ResourceKind.FIREWALL: WAF,
    ResourceKind.NAT_GATEWAY: NATGateway,
    ResourceKind.CONTAINER_SERVICE: ElasticContainerServiceService,
    ResourceKind.DATABASE: RDSPostgresqlInstance,
    ResourceKind.SECRETS_STORE: SecretsManager,
    ResourceKind.KEY_MANAGEMENT: KeyManagementService,
    ResourceKind.LOGS: CloudwatchLogs,
}
# C4 colours (diagrams.c4's own palette); external systems grey, PCI scope outlined in red.
_C4_FILL = {
    C4Kind.PERSON: "dodgerblue4",
    C4Kind.CONTAINER: "dodgerblue3",
    C4Kind.COMPONENT: "lightskyblue",
    C4Kind.EXTERNAL_SYSTEM: "gray60",
}
_PCI = {"color": "#c0392b", "penwidth": "4"}
# The box around resources only the PSP runs: the PCI DSS scope, outlined like its components.
_PCI_BOX = {"pencolor": "#c0392b", "penwidth": "3", "style": "dashed,rounded", "bgcolor": "#fff8f7"}
_CARD_EDGE = {"color": "#c0392b", "penwidth": "2.5", "fontcolor": "#c0392b"}
# Curved splines: Graphviz's orthogonal routing (diagrams' default) cannot place edge labels.
_GRAPH = {"splines": "spline", "pad": "0.4", "nodesep": "0.8", "ranksep": "1.1"}
# Lines of at most this many characters fit the 1.4 inch icon node at 13 pt.
_LABEL_CHARS = 17
_IMAGE_HREF = re.compile(r'xlink:href="([^"]+\.png)"')


def aws_deployment_view(model: ArchitectureModel, outdir: Path, stem: str) -> list[Path]:
    """Draw the deployment nodes with AWS icons; returns the written PNG and SVG paths."""
    with _diagram(AWS_TITLE, outdir, stem, direction="LR"):
        nodes: dict[str, Any] = {}

        def draw(group: Boundary | None) -> None:
            for resource in model.deployment_nodes:
                if resource.group == (group.id if group else None):
                    label = _icon_label(resource.name, resource.detail)
                    nodes[resource.id] = _ICONS[resource.kind](label, nodeid=resource.id)

        pci = mermaid_views.pci_boundaries(model)
        _nested(
            model.deployment_groups, draw, Cluster, lambda box: _PCI_BOX if box.id in pci else {}
        )
        _legend(mermaid_views.deployment_legend(model))
        for relation in model.physical_relations:
            # Left to right, edges enter an icon from its left side:
            # never through the label under the icon.
            _connect(nodes, relation, Edge, headport="w")
    return _finish(outdir, stem)


def _icon_label(name: str, detail: str) -> str:
    """The label under an icon, wrapped to the icon's width.

    diagrams gives every icon node a fixed 1.4 inch width (widening it scales the icon too); a
    longer line spills out of the node, where edges ending at the node's border cross its text.
    """
    lines = textwrap.wrap(name, _LABEL_CHARS)
    lines += textwrap.wrap(f"({detail})", _LABEL_CHARS) if detail else []
    return "\n".join(lines)


def c4_component_view(model: ArchitectureModel, outdir: Path, stem: str) -> list[Path]:
    """Draw the logical view with ``diagrams.c4``; returns the written PNG and SVG paths."""
    with _diagram(C4_TITLE, outdir, stem, direction="TB"):
        nodes: dict[str, Any] = {}

        def draw(boundary: Boundary | None) -> None:
            for element in model.elements:
                if element.boundary == (boundary.id if boundary else None):
                    extra = dict(_PCI) if element.may_see_pan else {}
                    if element.kind is C4Kind.PERSON:
                        extra["style"] = "rounded,filled"
                    nodes[element.id] = C4Node(
                        name=element.name,
                        technology=element.technology,
                        description=element.description,
                        type=str(element.kind),
                        fillcolor=_C4_FILL[element.kind],
                        fontcolor="black" if element.kind is C4Kind.COMPONENT else "white",
                        nodeid=element.id,
                        width="3.2",  # diagrams.c4 wraps descriptions at 40 characters
                        **extra,
                    )

        # The PSP origin is outlined as the PCI scope, as in the Mermaid view and the AWS view.
        pci = mermaid_views.c4_pci_boundaries(model)
        _nested(model.boundaries, draw, _system_boundary, lambda b: _PCI_BOX if b.id in pci else {})
        _legend(mermaid_views.c4_legend(model))
        for relation in model.numbered():
            # The steps after the checkout (capture, refund) follow the charge's path: they
            # take no part in placing the nodes, so the checkout keeps its layout.
            after = step_key(relation.step or "0") > step_key(CHECKOUT_LAST_STEP)
            _connect(nodes, relation, Relationship, **({"constraint": "false"} if after else {}))
    return _finish(outdir, stem)


def _system_boundary(name: str, graph_attr: dict[str, str] | None = None) -> Any:
    # diagrams.c4 takes a boundary's Graphviz attributes as keywords, Cluster as graph_attr.
    return SystemBoundary(name, **(graph_attr or {}))


# How each legend sample is drawn in a Graphviz HTML-like label.
_SAMPLES = {
    "card": '<FONT COLOR="#c0392b"><B>━━━▶</B></FONT>',
    "line": '<FONT COLOR="#7b8894">───▶</FONT>',
    "pci": '<FONT COLOR="#c0392b"><B>▭ red</B></FONT>',
    "boundary": "<FONT>▭ box</FONT>",
}
LEGEND_ID = "legend"


def _legend(entries: list[tuple[str, str]]) -> None:
    """A "Legend" box: one row per entry, a sample and its meaning."""
    rows = "".join(
        f'<TR><TD ALIGN="LEFT">{_SAMPLES[sample]}</TD>'
        f'<TD ALIGN="LEFT">{html.escape(text)}</TD></TR>'
        for sample, text in entries
    )
    table = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2">{rows}</TABLE>>'
    with Cluster("Legend"):
        Node(table, nodeid=LEGEND_ID, shape="plaintext", fixedsize="false", width="0", height="0")


def _diagram(title: str, outdir: Path, stem: str, direction: str) -> Any:
    return Diagram(
        title,
        filename=str(outdir / stem),
        outformat=["png", "svg"],
        show=False,
        direction=direction,
        graph_attr=_GRAPH,
    )


def _nested(
    boxes: tuple[Boundary, ...],
    draw: Callable[[Boundary | None], None],
    cluster: Any,
    attrs: Callable[[Boundary], dict[str, str]] = lambda box: {},
) -> None:
    """Call ``draw`` for the top level, then inside each box's cluster, nesting children."""

    def enter(box: Boundary) -> None:
        extra = attrs(box)
        with cluster(box.name, **({"graph_attr": extra} if extra else {})):
            draw(box)
            for child in boxes:
                if child.parent == box.id:
                    enter(child)

    draw(None)
    for box in boxes:
        if box.parent is None:
            enter(box)


def _connect(
    nodes: dict[str, Any], relation: Relation, edge: Callable[..., Any], **ports: str
) -> None:
    attrs = (dict(_CARD_EDGE) if relation.carries_card_data else {}) | ports
    nodes[relation.source] >> edge(label=relation.caption, **attrs) >> nodes[relation.target]


def _finish(outdir: Path, stem: str) -> list[Path]:
    svg = outdir / f"{stem}.svg"
    svg.write_text(inline_images(svg.read_text(encoding="utf-8")), encoding="utf-8")
    return [outdir / f"{stem}.png", svg]


def inline_images(svg: str) -> str:
    """Replace icon file paths with ``data:`` URIs; refuse to leave a local path behind."""

    def encode(match: re.Match[str]) -> str:
        data = base64.b64encode(Path(match[1]).read_bytes()).decode("ascii")
        return f'xlink:href="data:image/png;base64,{data}"'

    inlined = _IMAGE_HREF.sub(encode, svg)
    if 'xlink:href="/' in inlined:
        raise RuntimeError("the SVG still references a local file")
    return inlined
