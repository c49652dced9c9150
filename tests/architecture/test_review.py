"""The review's inputs: ADRs in the usual form, quality scenarios whose evidence exists."""

import re
from pathlib import Path

import pytest

from fincore.architecture.review import QUALITY_SCENARIOS, decisions

ROOT = Path(__file__).resolve().parents[2]
ADR = ROOT / "docs" / "adr"
SECTIONS = ("## Context", "## Decision", "## Consequences", "## Alternatives considered")


def test_adrs_are_numbered_in_order_and_indexed() -> None:
    found = decisions(ADR)
    assert [d.number for d in found] == [f"{n:04d}" for n in range(1, len(found) + 1)]
    assert len(found) >= 8
    index = (ADR / "README.md").read_text(encoding="utf-8")
    assert set(re.findall(r"\]\(([^)]+\.md)\)", index)) == {d.path.name for d in found}


@pytest.mark.parametrize("path", sorted(ADR.glob("[0-9]*.md")), ids=lambda p: p.stem)
def test_each_adr_has_context_decision_consequences_and_alternatives(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    positions = [text.find(section) for section in SECTIONS]
    assert -1 not in positions and positions == sorted(positions), path.name


def test_the_issues_decisions_are_on_record() -> None:
    titles = " ".join(d.title.lower() for d in decisions(ADR))
    for topic in ("hosted", "saq a", "sri", "fargate", "postgresql", "pending", "key", "risk"):
        assert topic in titles, topic


def test_architecture_document_links_every_adr() -> None:
    document = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for decision in decisions(ADR):
        assert f"(adr/{decision.path.name})" in document


def test_every_quality_scenario_names_evidence_that_exists() -> None:
    assert len(QUALITY_SCENARIOS) >= 6
    for scenario in QUALITY_SCENARIOS:
        assert (ROOT / scenario.evidence).is_file(), scenario.evidence
        assert scenario.measured and scenario.response
