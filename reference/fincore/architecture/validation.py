"""Consistency rules an :class:`~fincore.architecture.model.ArchitectureModel` must satisfy.

Run once when a model is built. Each rule raises the matching
:mod:`~fincore.architecture.errors` class with the culprit's id in the message, because a
diagram silently dropping a misspelt edge is exactly the drift the model exists to prevent.
"""

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from fincore.architecture.errors import (
    CardDataScopeError,
    DuplicateIdError,
    DuplicateStepError,
    InvalidStepError,
    UnknownReferenceError,
)

if TYPE_CHECKING:  # model.py imports this module at runtime, so only the types come back.
    from fincore.architecture.model import ArchitectureModel, Boundary, Relation

_STEP = re.compile(r"[0-9]+[a-z]?")


def validate(model: "ArchitectureModel") -> None:
    """Raise a :class:`~fincore.architecture.errors.ModelError` on the first broken rule."""
    _unique(
        "element or boundary", [*(e.id for e in model.elements), *(b.id for b in model.boundaries)]
    )
    nodes_and_groups = [
        *(n.id for n in model.deployment_nodes),
        *(g.id for g in model.deployment_groups),
    ]
    _unique("deployment node or group", nodes_and_groups)
    resources = [r for group in model.deployment_groups for r in group.resources]
    resources += [r for node in model.deployment_nodes for r in node.resources]
    _unique("infrastructure resource", resources)
    element_ids = {e.id for e in model.elements}
    boundary_ids = _check_nesting("boundary", model.boundaries)
    group_ids = _check_nesting("deployment group", model.deployment_groups)
    for element in model.elements:
        _known("element", element.id, "boundary", element.boundary, boundary_ids)
    node_ids = {n.id for n in model.deployment_nodes}
    for node in model.deployment_nodes:
        _known("deployment node", node.id, "group", node.group, group_ids)
    _check_relations("relation", model.relations, element_ids)
    _check_relations("physical relation", model.physical_relations, node_ids)
    _check_realizes(model)
    _check_mappings(model, element_ids | boundary_ids, node_ids)
    _check_card_scope(model)
    _check_scenarios(model, element_ids)


def _unique(what: str, ids: Sequence[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise DuplicateIdError(f"duplicate {what} id {item!r}", culprit=item)
        seen.add(item)


def _known(kind: str, owner: str, field: str, ref: str | None, known: Iterable[str]) -> None:
    if ref is not None and ref not in known:
        message = f"{kind} {owner!r} refers to unknown {field} {ref!r}"
        raise UnknownReferenceError(message, culprit=ref)


def _check_nesting(kind: str, boxes: "Sequence[Boundary]") -> set[str]:
    # Parents must be declared before their children: that one rule also rules out cycles.
    declared: set[str] = set()
    for box in boxes:
        _known(kind, box.id, "parent (declare parents first)", box.parent, declared)
        declared.add(box.id)
    return declared


def _check_relations(kind: str, relations: "Sequence[Relation]", known: set[str]) -> None:
    steps: dict[str, Relation] = {}
    for relation in relations:
        for end in (relation.source, relation.target):
            if end not in known:
                message = f"{kind} {relation.describe()} ({relation.label!r}) "
                message += f"refers to unknown component {end!r}"
                raise UnknownReferenceError(message, culprit=end)
        if relation.step is None:
            continue
        if not _STEP.fullmatch(relation.step):
            message = f"{kind} {relation.describe()} has step {relation.step!r}; "
            message += "expected a number with an optional letter, like '10' or '10b'"
            raise InvalidStepError(message, culprit=relation.step)
        if relation.step in steps:
            first = steps[relation.step]
            message = f"step {relation.step} is claimed by both {kind}s "
            message += (
                f"{first.source} -> {first.target} and {relation.source} -> {relation.target}"
            )
            raise DuplicateStepError(message, culprit=relation.step)
        steps[relation.step] = relation


def _check_scenarios(model: "ArchitectureModel", element_ids: set[str]) -> None:
    steps = {r.step: r for r in model.relations if r.step is not None}
    for scenario in model.scenarios:
        for item in scenario.items:
            ends = item.ends()
            for end in ends:
                _known("scenario", scenario.id, "component", end, element_ids)
            step = item.step
            if step is None:
                continue
            relation = steps.get(step)
            if relation is None or (relation.source, relation.target) != ends:
                message = f"scenario {scenario.id!r} draws step {step} as {ends[0]} -> {ends[1]}"
                message += ", which is not that step of the flow"
                raise InvalidStepError(message, culprit=step)


def _check_realizes(model: "ArchitectureModel") -> None:
    logical_steps = {r.step for r in model.relations if r.step is not None}
    for relation in model.physical_relations:
        for step in relation.realizes:
            if step not in logical_steps:
                message = f"physical relation {relation.describe()} realizes unknown "
                message += f"logical step {step!r}"
                raise UnknownReferenceError(message, culprit=step)


def _check_mappings(model: "ArchitectureModel", logical: set[str], nodes: set[str]) -> None:
    for mapping in model.mappings:
        _known("mapping", mapping.resource, "logical element", mapping.logical, logical)
        for node in mapping.nodes:
            _known("mapping", mapping.logical, "deployment node", node, nodes)


def _check_card_scope(model: "ArchitectureModel") -> None:
    in_scope = {e.id: e.may_see_pan for e in model.elements}
    for relation in model.relations:
        if relation.carries_card_data and not in_scope[relation.target]:
            message = f"relation {relation.describe()} ({relation.label!r}) carries card data "
            message += f"into {relation.target!r}, which is outside PCI scope (may_see_pan=False)"
            raise CardDataScopeError(message, culprit=relation.target)
    hosted = hosted_elements(model)
    allowed = pan_hosts(model)
    for relation in model.physical_relations:
        if not relation.carries_card_data:
            continue
        residents = hosted.get(relation.target, set())
        if relation.target not in allowed:
            message = f"physical relation {relation.describe()} carries card data into "
            message += f"{relation.target!r}, which hosts {sorted(residents) or 'no component'}"
            message += "; only resources hosting PSP-scope components may receive it"
            raise CardDataScopeError(message, culprit=relation.target)


def hosted_elements(model: "ArchitectureModel") -> dict[str, set[str]]:
    """Which logical elements run on each deployment node, according to the mappings.

    A boundary mapped to a node brings along its elements that have no mapping of their own
    (the JS SDK ships from S3/CloudFront, but its PSP iframe is hosted by the PSP).
    """
    own = {m.logical for m in model.mappings}
    parents = {b.id: b.parent for b in model.boundaries}
    hosted: dict[str, set[str]] = {}
    for mapping in model.mappings:
        members = {mapping.logical} if mapping.logical not in parents else set()
        for element in model.elements:
            if element.id not in own and _inside(element.boundary, mapping.logical, parents):
                members.add(element.id)
        for node in mapping.nodes:
            hosted.setdefault(node, set()).update(members)
    return hosted


def pan_hosts(model: "ArchitectureModel") -> set[str]:
    """Deployment nodes whose every hosted element may see a PAN (and which host at least one)."""
    in_scope = {e.id: e.may_see_pan for e in model.elements}
    hosted = hosted_elements(model)
    return {
        node
        for node, residents in hosted.items()
        if residents and all(in_scope[e] for e in residents)
    }


def _inside(boundary: str | None, wanted: str, parents: dict[str, str | None]) -> bool:
    while boundary is not None:
        if boundary == wanted:
            return True
        boundary = parents[boundary]
    return False
