"""The threat model drives the evidence: every threat has a control, every control names tests,
every named test is one pytest collects, and the review table marks each with its result."""

from pathlib import Path

import pytest

from fincore.architecture.fincore_model import fincore_model
from fincore.architecture.threat_evidence import (
    FAILED,
    NOT_RUN,
    PASSED,
    PASSED_ON_RERUN,
    outcome,
    results_from_junit,
    threat_table,
)
from fincore.architecture.threats import Control, Stride, Threat, evidence_ids, gaps, threat_model

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def collected() -> set[str]:
    from fincore.architecture.threat_evidence import collect

    return collect(evidence_ids(threat_model()), ROOT)


def test_every_threat_has_controls_with_evidence_that_pytest_collects(collected):
    assert collected, "pytest collected nothing from the evidence files"
    assert gaps(threat_model(), collected) == []


def _threat(*controls: Control) -> Threat:
    return Threat("TX", "x", Stride.SPOOFING, "psp", ("5",), "a", "i", controls)


def test_a_threat_without_a_control_a_control_without_evidence_or_a_missing_test_is_a_gap():
    real = "tests/psp/test_charges.py::test_a_token_is_single_use"
    collected = {real, "tests/a.py::test_p[1]"}
    assert gaps((_threat(),), collected) == ["TX has no control"]
    assert gaps((_threat(Control("c", ())),), collected) == ["TX: 'c' has no evidence"]
    missing = "tests/psp/test_charges.py::test_gone"
    assert gaps((_threat(Control("c", (missing,))),), collected) == [f"TX: no test {missing}"]
    assert gaps((_threat(Control("c", (real, "tests/a.py::test_p"))),), collected) == []


def test_each_threat_names_a_component_and_steps_of_the_architecture_model():
    model = fincore_model()
    elements = {element.id for element in model.elements}
    steps = {relation.step for relation in model.relations if relation.step}
    for threat in threat_model():
        assert threat.component in elements, threat.id
        assert set(threat.steps) <= steps, threat.id


def test_the_model_covers_the_threats_and_every_hole_issue_13_names():
    titles = " ".join(threat.title.lower() for threat in threat_model())
    for subject in (
        "magecart",
        "cdn",
        "psp's origin",
        "fake-field overlay",
        "token replay",
        "card testing",
        "lockout",
        "stored by the payment service",
        "logs",
        "platform key",
        "smuggling",
        "spoofing",
        "resource exhaustion",
    ):
        assert subject in titles, subject
    assert {threat.hole for threat in threat_model()} >= set(range(1, 12))
    assert len({threat.id for threat in threat_model()}) == len(threat_model())


JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest">
<testcase classname="tests.psp.test_charges" name="test_a_token_is_single_use" time="0.1"/>
<testcase classname="tests.a" name="test_p[1]" time="0.1"/>
<testcase classname="tests.a" name="test_p[2]" time="0.1"><failure message="x"/></testcase>
<testcase classname="tests.b.TestK" name="test_q" time="0.1"><skipped message="s"/></testcase>
</testsuite></testsuites>
"""


def test_results_are_read_from_a_junit_report_with_parametrized_cases_rolled_up(tmp_path):
    report = tmp_path / "junit.xml"
    report.write_text(JUNIT)
    results = results_from_junit(report)
    assert results["tests/b.py::TestK::test_q"] == "skipped"
    assert outcome("tests/psp/test_charges.py::test_a_token_is_single_use", results) == PASSED
    assert outcome("tests/a.py::test_p", results) == FAILED
    assert outcome("tests/a.py::test_nothing", results) == NOT_RUN


def test_the_review_table_marks_each_evidence_with_its_result():
    passing = "tests/psp/test_charges.py::test_a_token_is_single_use"
    failing = "tests/a.py::test_p"
    threat = _threat(Control("single use", (passing,)), Control("other", (failing,)))
    table = threat_table({passing: PASSED, failing + "[1]": FAILED}, (threat,))
    markdown = table.to_markdown()
    assert "✅ `test_a_token_is_single_use`" in markdown
    assert "❌ `test_p`" in markdown
    assert not table.all_passed
    assert "1 of 2 evidence tests passed" in markdown
    assert "<table>" in table.to_html() and "**" not in table.to_html()


def test_evidence_that_passes_only_on_a_second_run_is_shown_as_such():
    threat = threat_model()[0]
    first = threat.controls[0].evidence[0]
    results = {test_id: PASSED for test_id in evidence_ids((threat,))}
    results[first] = PASSED_ON_RERUN
    table = threat_table(results, (threat,))
    assert table.all_passed
    assert "only on a second run" in table.summary()
    assert "✅ (on a second run)" in table.to_markdown()
    results[first] = FAILED
    failing = threat_table(results, (threat,))
    assert not failing.all_passed
    assert failing.not_passed() == [first]
