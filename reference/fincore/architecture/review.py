"""What an architecture review reads besides the views: the decisions, the quality scenarios.

The decisions are the ADRs in ``docs/adr/`` (read from the repository, one record a file); the
quality-attribute scenarios are data here, each with its measure, the figure measured and where
the evidence runs (a notebook, a benchmark or a test), so the review notebook can list them and
a test can check that every piece of evidence named exists.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from fincore.architecture import sizing


@dataclass(frozen=True)
class Decision:
    """One architecture decision record."""

    number: str
    title: str
    status: str
    decision: str  # the first paragraph of its "Decision" section
    path: Path


def decisions(adr_folder: Path) -> list[Decision]:
    """Every ADR in ``adr_folder`` (``NNNN-title.md``), in number order."""
    found = []
    for path in sorted(adr_folder.glob("[0-9][0-9][0-9][0-9]-*.md")):
        text = path.read_text(encoding="utf-8")
        heading = re.search(r"^# (\d{4})\. (.+)$", text, flags=re.M)
        status = re.search(r"^Status: (.+)$", text, flags=re.M)
        if heading is None or status is None:
            raise ValueError(f"{path.name}: an ADR opens with '# NNNN. Title' and 'Status: ...'")
        body = text.split("## Decision", 1)[1].split("\n## ", 1)[0].strip()
        first = body.split("\n\n", 1)[0].replace("\n", " ")
        found.append(Decision(heading[1], heading[2], status[1], first, path))
    return found


@dataclass(frozen=True)
class QualityScenario:
    """A quality-attribute scenario: stimulus, the response expected, and what shows it."""

    attribute: str
    stimulus: str
    response: str
    measured: str
    evidence: str  # a notebook, a benchmark or a test, as a repository path


_PG = sizing.MEASURED
QUALITY_SCENARIOS = (
    QualityScenario(
        "Security (PCI scope)",
        "a shopper types a card number into the checkout",
        "no byte of it reaches the merchant, the Payment Service or the CDN",
        "0 tripwire hits over everything they received or wrote",
        "notebooks/03_security_and_pci_scope.ipynb",
    ),
    QualityScenario(
        "Integrity (supply chain)",
        "the CDN serves a fincore.js that differs from the published build",
        "the browser refuses to run it (Subresource Integrity)",
        "tampered script blocked in Chromium",
        "notebooks/03_security_and_pci_scope.ipynb",
    ),
    QualityScenario(
        "Performance",
        "50 merchant backends pay at once, one Payment Service instance",
        "p99 of POST /v1/payments under 100 ms",
        f"missed since issue 14: 59.5 ms on SQLite, {_PG['p99_ms'].value:g} ms on PostgreSQL "
        f"with two instances, on a crowded machine ({sizing.BENCH_DATE}; 18.4 ms before)",
        "bench/README.md",
    ),
    QualityScenario(
        "Throughput",
        "closed-loop load at 50 clients",
        "at least 0.30 of a bare FastAPI endpoint's rate (SQLite, one instance)",
        "missed since issue 14: 0.14 of bare (0.38 with the hand-written hot path)",
        "bench/README.md",
    ),
    QualityScenario(
        "Reliability (no double charge)",
        "the PSP's answer to a charge is lost, or the client retries",
        "the payment is charged once: pending, then settled by the resolver",
        "0 lost or doubled of 6,000 payments in the 60 s soak after issue 14",
        "notebooks/04_failure_modes.ipynb",
    ),
    QualityScenario(
        "Availability",
        "one availability zone fails",
        "payments continue on the other zone's tasks and the RDS standby",
        "an even task count, at least one per zone; RDS Multi-AZ in the template",
        "tests/architecture/test_sizing.py",
    ),
    QualityScenario(
        "Shopper experience",
        "a checkout page loads fincore.js",
        "the script stays within its 6 KB gzipped budget",
        "measured by bench/sdk_size.py in notebook 05",
        "notebooks/05_performance.ipynb",
    ),
    QualityScenario(
        "Deployability",
        "an operator deploys the physical view",
        "the template passes cfn-lint and checkov and matches the diagram",
        "0 findings; suppressions recorded with reasons",
        "tests/architecture/test_cloudformation.py",
    ),
)
