"""Mermaid text for the C4 component, deployment and sequence views, built with mermaid-py.

mermaid-py builds the nodes, nested subgraphs, links, participants and messages. Three things are
added here because mermaid-py cannot do them deterministically or at all:

* ``classDef``/``class``/``linkStyle`` lines: mermaid-py keeps styles in a ``set``, whose order
  changes with ``PYTHONHASHSEED``, and only declares styles of top-level nodes;
* participant aliases: mermaid-py derives a participant's id from its display name, so ids are
  reassigned to the model's ids after construction;
* escaping of ``"`` (labels), ``;`` and ``#`` (sequence messages), which mermaid-py passes through.
"""

from collections.abc import Sequence
from typing import Any

from mermaid.flowchart import FlowChart, Link, Node
from mermaid.sequence import Actor, Box, Note, Participant, SequenceDiagram
from mermaid.sequence import Link as Message
from mermaid.style import Style

from fincore.architecture.model import (
    ArchitectureModel,
    Arrow,
    Boundary,
    C4Kind,
    Element,
    Relation,
    Scenario,
)
from fincore.architecture.model import (
    Message as ScenarioMessage,
)
from fincore.architecture.validation import pan_hosts

C4_TITLE = "FinCore tokenization - logical view (C4 component)"
DEPLOYMENT_TITLE = "FinCore tokenization - physical view (deployment)"
SEQUENCE_TITLE = "FinCore tokenization - designed flow"

# C4's conventional palette; "pci" outlines everything allowed to see a PAN.
_STYLES = (
    Style(
        "boundary", fill="#ffffff", color="#444444", stroke="#444444", other="stroke-dasharray:6 4"
    ),
    Style("component", fill="#85bbf0", color="#000000", stroke="#5d82a8"),
    Style("container", fill="#1168bd", color="#ffffff", stroke="#0b4884"),
    Style("external", fill="#999999", color="#ffffff", stroke="#6b6b6b"),
    Style("pci", stroke="#c0392b", stroke_width="3px"),
    Style(
        "pciboundary",
        fill="#fff8f7",
        color="#444444",
        stroke="#c0392b",
        stroke_width="3px",
        other="stroke-dasharray:6 4",
    ),
    Style("person", fill="#08427b", color="#ffffff", stroke="#073b6f"),
    Style("resource", fill="#f5f5f5", color="#000000", stroke="#666666"),
)
_KIND_CLASS = {
    C4Kind.PERSON: "person",
    C4Kind.CONTAINER: "container",
    C4Kind.COMPONENT: "component",
    C4Kind.EXTERNAL_SYSTEM: "external",
}
_MESSAGE_ESCAPES = str.maketrans({"#": "#35;", ";": "#59;"})
_CARD_LINK = "stroke:#c0392b,stroke-width:3px"
# docs/architecture.md lays the SDK's two components side by side; other boxes run top-down.
_DIRECTIONS = {"fincore_js_sdk": "LR"}


def label_text(text: str) -> str:
    """Escape a double quote, the one character that ends a quoted Mermaid label early."""
    return text.replace('"', "#quot;")


def message_text(text: str) -> str:
    """Escape ``#`` and ``;`` (entity start and statement separator in sequence messages)."""
    # One pass, so the ";" of an inserted "#35;" is not escaped again.
    return text.translate(_MESSAGE_ESCAPES)


def element_label(element: Element) -> str:
    """``Name<br>[Kind: technology]``, the C4 convention."""
    kind = f"{element.kind}: {element.technology}" if element.technology else str(element.kind)
    return label_text(f"{element.name}<br>[{kind}]")


def c4_component_view(model: ArchitectureModel) -> str:
    """The logical view as a Mermaid flowchart: the C4 diagram of docs/architecture.md."""
    nodes = {e.id: _element_node(e) for e in model.elements}
    members = {b.id: [e.id for e in model.elements if e.boundary == b.id] for b in model.boundaries}
    top = _nest(model.boundaries, members, nodes)
    top += [nodes[e.id] for e in model.elements if e.boundary is None]
    links = [_link(r, nodes) for r in model.numbered()]
    chart = FlowChart(C4_TITLE, top, links, orientation="TD")
    pci_boxes = c4_pci_boundaries(model)
    classes: dict[str, list[str]] = {
        "boundary": [b.id for b in model.boundaries if b.id not in pci_boxes],
        "pciboundary": [b.id for b in model.boundaries if b.id in pci_boxes],
    }
    for element in model.elements:
        classes.setdefault(_KIND_CLASS[element.kind], []).append(element.id)
    classes["pci"] = [e.id for e in model.elements if e.may_see_pan]
    return str(chart.script) + _styling(classes, model.numbered())


def deployment_view(model: ArchitectureModel) -> str:
    """The physical view as a Mermaid flowchart: the deployment diagram of docs/architecture.md."""
    nodes: dict[str, Any] = {}
    for resource in model.deployment_nodes:
        label = resource.name + (f"<br>({resource.detail})" if resource.detail else "")
        nodes[resource.id] = Node(resource.id, label_text(label))
    groups = model.deployment_groups
    members = {g.id: [n.id for n in model.deployment_nodes if n.group == g.id] for g in groups}
    top = _nest(groups, members, nodes)
    top += [nodes[n.id] for n in model.deployment_nodes if n.group is None]
    relations = list(model.physical_relations)
    chart = FlowChart(DEPLOYMENT_TITLE, top, [_link(r, nodes) for r in relations], "TD")
    in_scope = pan_hosts(model)
    pci_groups = pci_boundaries(model)
    classes = {
        "boundary": [g.id for g in groups if g.id not in pci_groups],
        "pciboundary": [g.id for g in groups if g.id in pci_groups],
        "resource": [n.id for n in model.deployment_nodes],
        "pci": [n.id for n in model.deployment_nodes if n.id in in_scope],
    }
    return str(chart.script) + _styling(classes, relations)


def sequence_view(model: ArchitectureModel) -> str:
    """Steps 1-10 and the charge call as a Mermaid sequence diagram, boxed by boundary."""
    participants = {
        e.id: participant(e.id, e.name, e.kind is C4Kind.PERSON) for e in model.elements
    }
    items: list[Any] = _boxes(model, participants)
    flow = model.flow()
    card_steps = [r for r in flow if r.carries_card_data]
    for relation in flow:
        source, target = participants[relation.source], participants[relation.target]
        items.append(Message(source, target, "Solid-arrow", message_text(relation.caption)))
        if card_steps and relation is card_steps[-1]:
            items.append(_card_note(model, card_steps, participants))
    return str(SequenceDiagram(SEQUENCE_TITLE, items).script)


_ARROWS = {Arrow.REQUEST: "Solid-arrow", Arrow.REPLY: "Dotted-arrow", Arrow.LOST: "Dotted-cross"}


def scenario_view(model: ArchitectureModel, scenario: Scenario) -> str:
    """One scenario (success, decline, pending) as a sequence diagram with its answers."""
    involved = scenario.participants()
    participants = {
        e.id: participant(e.id, e.name, e.kind is C4Kind.PERSON)
        for e in model.elements
        if e.id in involved
    }
    items: list[Any] = _boxes(model, participants)
    for item in scenario.items:
        first, last = (participants[end] for end in item.ends())
        if isinstance(item, ScenarioMessage):
            items.append(Message(first, last, _ARROWS[item.arrow], message_text(item.label)))
        else:
            items.append(Note(message_text(item.text), [first] if first is last else [first, last]))
    return str(SequenceDiagram(f"FinCore tokenization - {scenario.title}", items).script)


def c4_pci_boundaries(model: ArchitectureModel) -> set[str]:
    """Boundaries holding only components that may see a card number: the PCI scope's box."""
    return {
        b.id
        for b in model.boundaries
        if (inside := list(model.elements_within(b.id))) and all(e.may_see_pan for e in inside)
    }


def pci_boundaries(model: ArchitectureModel) -> set[str]:
    """Deployment groups holding only resources that may receive a card number: PCI scope."""
    in_scope = pan_hosts(model)
    return {
        group.id
        for group in model.deployment_groups
        if (members := [n.id for n in model.deployment_nodes if n.group == group.id])
        and all(member in in_scope for member in members)
    }


def participant(participant_id: str, name: str, person: bool = False) -> Any:
    """A mermaid-py actor or participant whose id is ours, not one derived from its name."""
    # mermaid-py prints ``actor <name>``; naming the actor "<id> as <name>" keeps the alias form.
    made = Actor(f"{participant_id} as {name}") if person else Participant(name)
    made.id_ = participant_id
    return made


def _element_node(element: Element) -> Any:
    shape = "stadium-shape" if element.kind is C4Kind.PERSON else "normal"
    return Node(element.id, element_label(element), shape=shape)


def _nest(
    boxes: Sequence[Boundary], members: dict[str, list[str]], nodes: dict[str, Any]
) -> list[Any]:
    """Turn boundaries into mermaid-py subgraph nodes; returns the top-level ones."""
    built: dict[str, Any] = {}
    # Children are declared after their parents, so building in reverse finishes children first.
    for box in reversed(boxes):
        children = [nodes[m] for m in members[box.id]]
        children += [built[b.id] for b in boxes if b.parent == box.id]
        direction = _DIRECTIONS.get(box.id, "TB")
        built[box.id] = Node(box.id, label_text(box.name), sub_nodes=children, direction=direction)
    return [built[b.id] for b in boxes if b.parent is None]


def _link(relation: Relation, nodes: dict[str, Any]) -> Any:
    # Thick arrows carry card data, so the PCI-relevant path stands out without a legend lookup.
    shape = "thick" if relation.carries_card_data else "normal"
    caption = label_text(relation.caption)
    return Link(nodes[relation.source], nodes[relation.target], shape=shape, message=caption)


def _styling(classes: dict[str, list[str]], links: Sequence[Relation]) -> str:
    used = {name for name, ids in classes.items() if ids}
    lines = [f"\t{style}" for style in _STYLES if style.name in used]
    lines += [f"\tclass {','.join(ids)} {name}" for name, ids in classes.items() if ids]
    card = [str(i) for i, r in enumerate(links) if r.carries_card_data]
    if card:
        lines.append(f"\tlinkStyle {','.join(card)} {_CARD_LINK}")
    return "\n".join(lines) + "\n"


def _boxes(model: ArchitectureModel, participants: dict[str, Any]) -> list[Any]:
    """Participants in model order, consecutive ones of one boundary (``sequence_box``) in one
    box: in the browser, one box per origin."""
    items: list[Any] = []
    open_box: tuple[str, list[Any]] | None = None
    for element in (e for e in model.elements if e.id in participants):
        outer = model.sequence_box(element)
        if open_box and (outer is None or outer.id != open_box[0]):
            items.append(_box(model, *open_box))
            open_box = None
        if outer is None:
            items.append(participants[element.id])
        elif open_box is None:
            open_box = (outer.id, [participants[element.id]])
        else:
            open_box[1].append(participants[element.id])
    if open_box:
        items.append(_box(model, *open_box))
    return items


def _box(model: ArchitectureModel, boundary_id: str, members: list[Any]) -> Any:
    # An explicit colour first, so a boundary name starting with a colour word stays a name.
    return Box(f"transparent {model.boundary(boundary_id).name}", members)


def _card_note(model: ArchitectureModel, card: list[Relation], participants: dict[str, Any]) -> Any:
    steps = ", ".join(r.step or "" for r in card)
    scope = ", ".join(e.name for e in model.elements if e.may_see_pan)
    ends = [participants[card[-1].source], participants[card[-1].target]]
    text = f"Card data only on steps {steps}. PCI scope: {scope}"
    return Note(message_text(text), ends)


def c4_legend(model: ArchitectureModel) -> list[tuple[str, str]]:
    """What the C4 view's marks mean, in the words of its model."""
    card = ", ".join(r.step or "" for r in model.numbered() if r.carries_card_data)
    scope = ", ".join(e.name for e in model.elements if e.may_see_pan)
    return [
        ("card", f"thick red arrow: may carry card data (steps {card} only)"),
        ("pci", f"red outline: may see a card number, PCI DSS scope ({scope})"),
        ("line", "arrow: a step of the flow, numbered as in every logical view (10b: the charge)"),
        (
            "boundary",
            "dashed box: where components run; in the browser, one box per origin"
            " (the merchant's, the PSP's)",
        ),
    ]


def deployment_legend(model: ArchitectureModel) -> list[tuple[str, str]]:
    """What the physical view's marks mean, and how its numbers relate to the steps."""
    card = [r for r in model.physical_relations if r.carries_card_data]
    carried = ", ".join(f"{r.step} (steps {', '.join(r.realizes)})" for r in card)
    return [
        ("card", f"thick red arrow: the only request carrying card data, {carried}"),
        ("pci", "red outline: the only resource and box a card number may reach (PCI DSS scope)"),
        (
            "line",
            "numbers count requests on the wire; each realises logical steps (diagrams/README)",
        ),
        ("boundary", "box: an account, a network, a subnet tier in two availability zones"),
    ]


def sequence_legend(model: ArchitectureModel) -> list[tuple[str, str]]:
    """What a sequence view's arrows mean."""
    return [
        ("boundary", "box: where participants run; in the browser, one box per origin"),
        ("line", "solid arrow: a request, numbered by its step of the flow"),
        ("reply", "dashed arrow: its answer"),
        ("lost", "dashed arrow with a cross: an answer that never arrives"),
    ]
