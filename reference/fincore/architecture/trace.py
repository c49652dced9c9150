"""The sequence diagram a recorded trace draws (a list of :class:`~fincore.architecture.hop.Hop`).

Drawing needs mermaid-py (the ``diagrams`` extra); recording hops does not, so the recorders
import :mod:`fincore.architecture.hop` only.
"""

import re
from collections.abc import Iterable, Sequence
from typing import Any

from mermaid.sequence import Link as Message
from mermaid.sequence import SequenceDiagram

from fincore.architecture.hop import Hop
from fincore.architecture.mermaid_views import message_text, participant
from fincore.architecture.model import ArchitectureModel, C4Kind

OBSERVED_TITLE = "FinCore tokenization - observed flow"


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
