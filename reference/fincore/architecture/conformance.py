"""Does the running system do what the diagrams say? Compare a recorded trace with the model.

Three rules, from the architecture issue:

* every observed hop must be a modelled relation (same source and target);
* every numbered relation of the flow must be observed in a full checkout;
* card data may only travel on relations the model allows to carry it.

A hop that names a step is also checked against the relation it matched: a hop recorded as step 7
between the page and the merchant backend is a step mismatch. A sub-step belongs to its step, so a
recorder tagging the Payment Service's charge call as step ``10`` matches relation ``10b``.
"""

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from fincore.architecture.hop import Hop
from fincore.architecture.model import ArchitectureModel, Relation
from fincore.architecture.tables import markdown_table


class Verdict(StrEnum):
    """The outcome for one row of the report; only OK and NOT_CHECKED are not violations."""

    OK = "ok"
    NOT_CHECKED = "not checked"
    NOT_OBSERVED = "not observed"
    UNMODELLED = "unmodelled hop"
    STEP_MISMATCH = "step mismatch"
    CARD_DATA_NOT_ALLOWED = "card data not allowed"

    @property
    def is_violation(self) -> bool:
        """Whether this verdict makes the trace non-conforming."""
        return self not in (Verdict.OK, Verdict.NOT_CHECKED)


@dataclass(frozen=True)
class ConformanceRow:
    """One relation of the model, or one hop the model does not have."""

    relation: str
    modelled: bool
    observed: int
    verdict: Verdict
    evidence: str = ""


@dataclass(frozen=True)
class ConformanceReport:
    """The comparison of a trace with the model, displayable in notebooks."""

    rows: tuple[ConformanceRow, ...]

    @property
    def ok(self) -> bool:
        """True when no row is a violation."""
        return not self.violations

    @property
    def violations(self) -> list[ConformanceRow]:
        """The rows that break a rule."""
        return [row for row in self.rows if row.verdict.is_violation]

    def to_markdown(self) -> str:
        """The report as a Markdown table."""
        header = ("Relation", "Modelled", "Observed", "Verdict", "Evidence")
        return markdown_table(header, [_cells(row) for row in self.rows])

    def to_html(self) -> str:
        """The report as an HTML table, violations in red."""
        head = "".join(f"<th>{h}</th>" for h in ("Relation", "Modelled", "Observed", "Verdict"))
        body = []
        for row in self.rows:
            style = ' style="color:#c0392b;font-weight:bold"' if row.verdict.is_violation else ""
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in _cells(row)[:3])
            verdict = f"<td{style}>{html.escape(row.verdict)}</td>"
            evidence = f"<td>{html.escape(row.evidence)}</td>"
            body.append(f"<tr>{cells}{verdict}{evidence}</tr>")
        return f"<table><tr>{head}<th>Evidence</th></tr>{''.join(body)}</table>"

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_markdown()


def check_conformance(
    model: ArchitectureModel, hops: Sequence[Hop], required_steps: Iterable[str] | None = None
) -> ConformanceReport:
    """Compare ``hops`` with the model's flow.

    ``required_steps`` limits which unobserved relations are violations (default: every step of
    a full checkout, 1-10b; steps that happen only ``when`` something applies, such as 3-D Secure,
    and those after the checkout, capture and refund 11-12b and webhooks 13-14, are required only
    when asked); unobserved relations outside it are reported as "not checked".
    """
    flow = model.numbered()
    every_checkout = {r.step for r in model.flow() if not r.when}
    required = every_checkout if required_steps is None else set(required_steps)
    matched: dict[Relation, list[Hop]] = {relation: [] for relation in flow}
    stray: list[ConformanceRow] = []
    for hop in hops:
        relation = _match(flow, hop)
        if relation is None:
            stray.append(_stray_row(hop))
        else:
            matched[relation].append(hop)
    rows = [_relation_row(r, matched[r], r.step in required) for r in flow]
    return ConformanceReport(tuple(rows + stray))


def _match(flow: Sequence[Relation], hop: Hop) -> Relation | None:
    candidates = [r for r in flow if (r.source, r.target) == (hop.source, hop.target)]
    for relation in candidates:
        if _step_agrees(relation, hop):
            return relation
    # Same ends, wrong step: still this relation, reported as a step mismatch.
    return candidates[0] if candidates else None


def _step_agrees(relation: Relation, hop: Hop) -> bool:
    step = hop.step_label
    if step is None or relation.step is None:
        return True
    return step == relation.step or step == relation.step.rstrip("abcdefghijklmnopqrstuvwxyz")


def _relation_row(relation: Relation, hops: list[Hop], required: bool) -> ConformanceRow:
    name = f"{relation.caption} ({relation.source} -> {relation.target})"
    evidence = ", ".join(dict.fromkeys(hop.describe() for hop in hops))
    if not hops:
        verdict = Verdict.NOT_OBSERVED if required else Verdict.NOT_CHECKED
    elif any(h.carried_card_data for h in hops) and not relation.carries_card_data:
        verdict = Verdict.CARD_DATA_NOT_ALLOWED
    elif not all(_step_agrees(relation, h) for h in hops):
        steps = sorted({h.step_label or "" for h in hops if not _step_agrees(relation, h)})
        verdict = Verdict.STEP_MISMATCH
        evidence += f" (recorded as step {', '.join(steps)})"
    else:
        verdict = Verdict.OK
    return ConformanceRow(name, True, len(hops), verdict, evidence)


def _stray_row(hop: Hop) -> ConformanceRow:
    step = f"{hop.step_label}. " if hop.step_label else ""
    name = f"{step}{hop.source} -> {hop.target}"
    # Card data on a hop the model does not even have is the worse of the two findings.
    verdict = Verdict.CARD_DATA_NOT_ALLOWED if hop.carried_card_data else Verdict.UNMODELLED
    evidence = hop.describe() + (
        " (no such relation in the model)" if hop.carried_card_data else ""
    )
    return ConformanceRow(name, False, 1, verdict, evidence)


def _cells(row: ConformanceRow) -> tuple[str, str, str, str, str]:
    return (
        row.relation,
        "yes" if row.modelled else "no",
        str(row.observed),
        row.verdict,
        row.evidence,
    )
