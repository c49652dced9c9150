"""Observed interactions between components, and the sequence diagram they draw.

A trace is a list of :class:`Hop` in the order they happened. Recorders (server middleware,
Playwright's request log, the SDK's message log) name both ends with the model's element ids, in
the direction the model draws the relation: a page load is recorded as
``merchant_frontend -> user`` (step 1) and the PSP's token response as ``psp -> psp_iframe``
(step 6), each as its own hop, because the model draws them as their own steps.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mermaid.sequence import Link as Message
from mermaid.sequence import SequenceDiagram

from fincore.architecture.mermaid_views import message_text, participant
from fincore.architecture.model import ArchitectureModel, C4Kind

OBSERVED_TITLE = "FinCore tokenization - observed flow"


@dataclass(frozen=True)
class Hop:
    """One observed interaction: who called whom, how, and for which step of the flow."""

    source: str
    target: str
    method: str
    path: str
    step: int | str | None = None
    carried_card_data: bool = False
    detail: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def step_label(self) -> str | None:
        """The step as the model spells it (``"5"``), or None when the recorder did not know."""
        return None if self.step is None else str(self.step)

    def describe(self) -> str:
        """``"POST /v1/tokens"``, with the card-data flag when set."""
        text = f"{self.method} {self.path}".strip()
        return f"{text} [card data]" if self.carried_card_data else text

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Hop":
        """Build a hop from a recorded JSON object (unknown keys go to ``detail``)."""
        known = {"source", "target", "method", "path", "step", "carried_card_data"}
        detail = {k: v for k, v in data.items() if k not in known}
        return cls(
            source=str(data["source"]),
            target=str(data["target"]),
            method=str(data.get("method", "")),
            path=str(data.get("path", "")),
            step=data.get("step"),
            carried_card_data=bool(data.get("carried_card_data", False)),
            detail=detail,
        )


def sequence_from_trace(
    hops: Sequence[Hop],
    model: ArchitectureModel | None = None,
    title: str = OBSERVED_TITLE,
) -> str:
    """Mermaid sequence text of a trace, to set beside the designed flow.

    With a ``model``, participants keep the model's names and order (so both diagrams line up);
    ids the model does not know are appended in order of appearance.
    """
    ids = _participant_order(hops, model)
    participants = {}
    for element_id in ids:
        known = model is not None and model.has_element(element_id)
        element = model.element(element_id) if model is not None and known else None
        name = element.name if element else element_id
        person = element is not None and element.kind is C4Kind.PERSON
        participants[element_id] = participant(_mermaid_id(element_id), message_text(name), person)
    items: list[Any] = list(participants.values())
    for hop in hops:
        caption = hop.describe()
        if hop.step_label is not None:
            caption = f"{hop.step_label}. {caption}"
        source, target = participants[hop.source], participants[hop.target]
        items.append(Message(source, target, "Solid-arrow", message_text(caption)))
    return str(SequenceDiagram(title, items).script)


def _participant_order(hops: Iterable[Hop], model: ArchitectureModel | None) -> list[str]:
    seen = list(dict.fromkeys(end for hop in hops for end in (hop.source, hop.target)))
    if model is None:
        return seen
    modelled = [e.id for e in model.elements if e.id in seen]
    return modelled + [end for end in seen if end not in modelled]


def _mermaid_id(raw: str) -> str:
    # Recorders may report hosts or labels ("merchant-backend:8000"); Mermaid ids are word chars.
    return re.sub(r"\W", "_", raw) or "_"
