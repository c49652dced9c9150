"""The security folder's report: how many requests the fuzzers sent, and what came back."""

import pytest

from fincore.evidence.fuzzing import SUMMARIES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not SUMMARIES:
        return
    terminalreporter.section("schemathesis")
    for summary in SUMMARIES:
        terminalreporter.write_line(summary.line())
    total = sum(summary.total for summary in SUMMARIES)
    terminalreporter.write_line(f"requests fuzzed in all: {total}")
