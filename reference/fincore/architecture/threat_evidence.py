"""The threat model's evidence, run: collect the test ids it names, run them, and render the
review table (threat -> control -> evidence, each with the result of the run).

Results come from a JUnit XML report (``pytest --junitxml``), the format every CI keeps, so the
table can be rendered from this run or from a CI artefact.

    .venv/bin/python -m fincore.architecture.threat_evidence [--junit PATH]

runs every evidence test from the repository root, prints the table and what did not pass, and
exits 1 unless every evidence test passed.
"""

import argparse
import html
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree  # noqa: S405 - our own pytest's report, not input
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from fincore.architecture.tables import markdown_table
from fincore.architecture.threats import THREATS, Threat, evidence_ids, matching

PASSED, FAILED, SKIPPED, NOT_RUN = "passed", "failed", "skipped", "not run"
# Failed in the run, then passed when run again on its own: a flaky test, not a broken control.
PASSED_ON_RERUN = "passed on rerun"
MARKS = {
    PASSED: "✅",
    PASSED_ON_RERUN: "✅ (on a second run)",
    FAILED: "❌",
    SKIPPED: "⚠️ skipped",
    NOT_RUN: "– not run",
}
HEADER = ("Threat", "STRIDE", "Component (steps)", "PCI DSS", "Control", "Evidence")


def collect(test_ids: Sequence[str], root: Path) -> set[str]:
    """The node ids pytest collects from the files ``test_ids`` name (run from ``root``)."""
    files = sorted({test_id.split("::", 1)[0] for test_id in test_ids})
    existing = [name for name in files if (root / name).is_file()]
    if not existing:
        return set()
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
        + existing,
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return {line.strip() for line in finished.stdout.splitlines() if "::" in line}


def run(test_ids: Sequence[str], root: Path, junit: Path) -> dict[str, str]:
    """Run ``test_ids`` with pytest from ``root``; each node id's outcome.

    What fails is run once more on its own and, if it passes then, marked ``PASSED_ON_RERUN``:
    the table says so rather than hide it, and ``make test``, which runs every test once, stays
    the judge of a flaky test.
    """
    outcomes = _run_once(test_ids, root, junit)
    failed = [node for node, result in outcomes.items() if result == FAILED]
    if failed:
        again = _run_once(failed, root, junit.with_name(f"{junit.stem}-rerun.xml"))
        outcomes.update({node: PASSED_ON_RERUN for node, r in again.items() if r == PASSED})
    return outcomes


def _run_once(test_ids: Sequence[str], root: Path, junit: Path) -> dict[str, str]:
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}"]
        + list(test_ids),
        cwd=root,
        capture_output=True,
        check=False,
    )
    return results_from_junit(junit)


def results_from_junit(path: Path) -> dict[str, str]:
    """Node id -> passed, failed or skipped, from a pytest JUnit XML report."""
    outcomes = {}
    for case in ElementTree.parse(path).iter("testcase"):  # noqa: S314 - see import
        classname, name = case.get("classname", ""), case.get("name", "")
        module, test_class = _split_classname(classname)
        node = f"{module}::{test_class}::{name}" if test_class else f"{module}::{name}"
        if case.find("failure") is not None or case.find("error") is not None:
            outcomes[node] = FAILED
        elif case.find("skipped") is not None:
            outcomes[node] = SKIPPED
        else:
            outcomes[node] = PASSED
    return outcomes


def _split_classname(classname: str) -> tuple[str, str]:
    """``tests.payments.test_x.TestY`` -> ``tests/payments/test_x.py``, ``TestY``."""
    parts = classname.split(".")
    test_class = parts[-1] if parts[-1][:1].isupper() else ""
    module_parts = parts[:-1] if test_class else parts
    return "/".join(module_parts) + ".py", test_class


def outcome(test_id: str, results: Mapping[str, str]) -> str:
    """One evidence id's result: failed if any of its cases failed, passed if all passed."""
    cases = [results[node] for node in matching(test_id, set(results))]
    if not cases:
        return NOT_RUN
    for worst in (FAILED, SKIPPED, PASSED_ON_RERUN):
        if worst in cases:
            return worst
    return PASSED


@dataclass(frozen=True)
class ThreatTable:
    threats: tuple[Threat, ...]
    results: Mapping[str, str]

    def rows(self) -> list[tuple[str, ...]]:
        rows: list[tuple[str, ...]] = []
        for threat in self.threats:
            hole = f" (hole {threat.hole})" if threat.hole else ""
            for index, control in enumerate(threat.controls):
                first = index == 0
                evidence = "<br>".join(
                    f"{MARKS[outcome(test_id, self.results)]} `{test_id.split('::')[-1]}`"
                    for test_id in control.evidence
                )
                rows.append(
                    (
                        f"**{threat.id}** {threat.title}{hole}" if first else "",
                        threat.stride.value if first else "",
                        f"{threat.component} ({', '.join(threat.steps)})" if first else "",
                        threat.pci if first else "",
                        control.what,
                        evidence,
                    )
                )
        return rows

    @property
    def all_passed(self) -> bool:
        return all(
            outcome(test_id, self.results) in (PASSED, PASSED_ON_RERUN)
            for test_id in evidence_ids(self.threats)
        )

    def summary(self) -> str:
        ids = evidence_ids(self.threats)
        outcomes = [outcome(test_id, self.results) for test_id in ids]
        passed = sum(result in (PASSED, PASSED_ON_RERUN) for result in outcomes)
        controls = sum(len(threat.controls) for threat in self.threats)
        rerun = outcomes.count(PASSED_ON_RERUN)
        again = f" ({rerun} only on a second run)" if rerun else ""
        return (
            f"{len(self.threats)} threats, {controls} controls, "
            f"{passed} of {len(ids)} evidence tests passed{again}."
        )

    def not_passed(self) -> list[str]:
        """The evidence ids that did not pass (failed, skipped or not run)."""
        ids = evidence_ids(self.threats)
        return [i for i in ids if outcome(i, self.results) not in (PASSED, PASSED_ON_RERUN)]

    def to_markdown(self) -> str:
        return f"**{self.summary()}**\n\n" + markdown_table(HEADER, self.rows())

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_markdown()

    def to_html(self) -> str:
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in HEADER)
        body = "".join(
            "<tr>" + "".join(f"<td>{_cell_html(cell)}</td>" for cell in row) + "</tr>"
            for row in self.rows()
        )
        summary = f"<p><strong>{html.escape(self.summary())}</strong></p>"
        return f"{summary}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell_html(cell: str) -> str:
    # The Markdown cells use ** for bold, ` for code and <br> between evidence lines.
    escaped = html.escape(cell).replace("&lt;br&gt;", "<br>")
    return escaped.replace("**", "").replace("`", "")


def threat_table(results: Mapping[str, str], threats: tuple[Threat, ...] = THREATS) -> ThreatTable:
    """The review table of ``threats`` with each evidence test's result from ``results``."""
    return ThreatTable(threats, dict(results))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the threat model's evidence tests.")
    parser.add_argument("--junit", type=Path, help="keep the JUnit report here")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository root")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fincore-threats-") as folder:
        junit = args.junit or Path(folder) / "evidence.xml"
        table = threat_table(run(evidence_ids(), args.root, junit))
    print(table.to_markdown())
    for test_id in table.not_passed():
        print(f"not passed: {test_id}")
    return 0 if table.all_passed else 1


if __name__ == "__main__":
    sys.exit(main())
