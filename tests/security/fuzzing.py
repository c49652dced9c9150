"""Fuzzing a running service from its own OpenAPI document with schemathesis, bounded per operation.

For every operation: schemathesis's coverage cases (boundary values, missing and wrong-typed
fields, unexpected methods), then ``examples`` schema-valid and ``examples`` schema-violating
cases drawn by Hypothesis. Every response goes through schemathesis's checks: no 5xx, documented
status code, content type, headers and body schema, schema-violating input refused. Failures are
collected, not raised, so one run reports all of them and how many requests it took.

``positive_data_acceptance`` is left out: it expects every schema-valid request to succeed, but a
schema-valid card number that fails the Luhn check is rightly refused.
"""

import contextlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import positive_data_acceptance

REQUEST_TIMEOUT = 15
# Failures quoted in an assertion message are cut to this length each.
SHOWN_FAILURE = 1500


@dataclass
class FuzzSummary:
    """What one service's fuzzing sent and got back."""

    service: str
    requests: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.requests.values())

    def line(self) -> str:
        statuses = ", ".join(f"{code}x{n}" for code, n in sorted(self.statuses.items()))
        return (
            f"{self.service}: {self.total} requests over {len(self.requests)} operations "
            f"in {self.seconds:.1f}s, {len(self.failures)} failures (statuses {statuses})"
        )


# Every summary of this test session, for the terminal summary (see conftest.py).
SUMMARIES: list[FuzzSummary] = []


@dataclass
class Target:
    """Where and how to send the cases of one service."""

    base_url: str
    headers_for: Callable[[str], dict[str, str]]
    prepare: Callable[[Case], None]
    session: requests.Session = field(default_factory=requests.Session)


def fuzz_service(
    service: str,
    base_url: str,
    headers_for: Callable[[str], dict[str, str]],
    examples: int,
    after_each: Callable[[], None] = lambda: None,
    prepare: Callable[[Case], None] = lambda _: None,
) -> FuzzSummary:
    """Fuzz every operation of the service at ``base_url``; ``headers_for(path)`` authenticates,
    ``after_each`` resets state an operation may leave behind (injected faults), ``prepare``
    may make a schema-valid case reach deeper (a real token instead of a random string)."""
    started = time.perf_counter()
    summary = FuzzSummary(service)
    target = Target(base_url, headers_for, prepare)
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    for result in schema.get_all_operations():
        operation = result.ok()
        generation = schema.config.generation_for(operation=operation)
        modes = list(GenerationMode)
        for case in schema.iter_coverage_cases(
            operation, generation_modes=modes, generation_config=generation
        ):
            _send(case, target, summary)
        for mode in modes:
            strategy = operation.as_strategy(generation_mode=mode)
            _fuzz(
                strategy,
                partial(_send, target=target, summary=summary, positive=mode.is_positive),
                examples,
            )
        after_each()
    summary.seconds = time.perf_counter() - started
    SUMMARIES.append(summary)
    return summary


def _send(case: Case, target: Target, summary: FuzzSummary, positive: bool = False) -> None:
    label = case.operation.label
    summary.requests[label] += 1
    if positive:
        target.prepare(case)
    try:
        response = case.call_and_validate(
            base_url=target.base_url,
            session=target.session,
            headers=target.headers_for(case.operation.path),
            excluded_checks=[positive_data_acceptance],
            timeout=REQUEST_TIMEOUT,
        )
        summary.statuses[response.status_code] += 1
    # A FailureGroup (a BaseExceptionGroup) lists every check that failed; a lone Exception is a
    # transport error (a dropped connection counts as a failure too).
    except (FailureGroup, Exception) as failure:
        key = f"{label}: {_first_line(failure)}"
        summary.failures.setdefault(key, str(failure)[:SHOWN_FAILURE])


def _fuzz(strategy: object, run: Callable[[Case], None], examples: int) -> None:
    @given(case=strategy)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Case) -> None:
        run(case)

    # Unsatisfiable: nothing in the operation can be made schema-violating (no parameters).
    with contextlib.suppress(Unsatisfiable):
        fuzz()


def _first_line(failure: BaseException) -> str:
    text = str(failure).strip()
    for line in text.splitlines():
        if line.startswith("- "):
            return line
    return text.splitlines()[0] if text else type(failure).__name__
