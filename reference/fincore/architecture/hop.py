"""Observed interactions between components: what a trace is made of.

A trace is a list of :class:`Hop` in the order they happened. Recorders (server middleware,
Playwright's request log, the SDK's message log) name both ends with the model's element ids, in
the direction the model draws the relation: a page load is recorded as
``merchant_frontend -> user`` (step 1) and the PSP's token response as ``psp -> psp_iframe``
(step 6), each as its own hop, because the model draws them as their own steps.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


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
