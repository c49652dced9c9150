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
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from schemathesis import Case, GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import positive_data_acceptance

# Schemathesis cases are generic in the operation type; ours are all OpenAPI operations.
AnyCase = Case[Any]
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


# Every summary made in this process: the test session prints them at its end.
SUMMARIES: list[FuzzSummary] = []


@dataclass
class Target:
    """Where and how to send the cases of one service."""

    base_url: str
    headers_for: Callable[[str], dict[str, str]]
    prepare: Callable[[AnyCase], None]
    session: requests.Session = field(default_factory=requests.Session)


def fuzz_service(
    service: str,
    base_url: str,
    headers_for: Callable[[str], dict[str, str]],
    examples: int,
    after_each: Callable[[], None] = lambda: None,
    prepare: Callable[[AnyCase], None] = lambda _: None,
    derandomize: bool = False,
) -> FuzzSummary:
    """Fuzz every operation of the service at ``base_url``; ``headers_for(path)`` authenticates,
    ``after_each`` resets state an operation may leave behind (injected faults), ``prepare``
    may make a schema-valid case reach deeper (a real token instead of a random string)."""
    started = time.perf_counter()
    summary = FuzzSummary(service)
    target = Target(base_url, headers_for, prepare)
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    # ``headers_for`` authenticates every case with a real key, so cases carry no generated
    # credentials: a "negative" case whose only fault is a missing Authorization header would
    # otherwise count as accepted once the real key is added. The ignored-auth check still sends
    # each authenticated operation without and with a wrong key, from the documented scheme.
    schema.config.generation.update(with_security_parameters=False)
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema should raise
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
                derandomize,
            )
        after_each()
    summary.seconds = time.perf_counter() - started
    SUMMARIES.append(summary)
    return summary


def _send(case: AnyCase, target: Target, summary: FuzzSummary, positive: bool = False) -> None:
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


def _fuzz(
    strategy: SearchStrategy[AnyCase],
    run: Callable[[AnyCase], None],
    examples: int,
    derandomize: bool,
) -> None:
    @given(case=strategy)  # type: ignore[untyped-decorator, unused-ignore]
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=derandomize,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: AnyCase) -> None:
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


def fuzz_stack(
    psp_url: str,
    payments_url: str,
    publishable_key: str,
    secret_key: str,
    platform_key: str,
    examples: int = 3,
    after_psp_operation: Callable[[], None] = lambda: None,
) -> list[FuzzSummary]:
    """Fuzz the Payment Service and the PSP of one deployment, each with the keys it expects;
    schema-valid payments get a real token so they reach the charge. Derandomized: the same
    cases every run, so a notebook shows the same counts."""
    from fincore.common.currencies import exponent
    from fincore.lab.clients import PSPBrowserAPI

    shopper = PSPBrowserAPI(psp_url, publishable_key)

    def with_a_real_token(case: AnyCase) -> None:
        body = case.body
        if case.operation.path == "/v1/payments" and isinstance(body, dict) and "token" in body:
            body["token"] = shopper.token_id()
            if exponent(str(body.get("currency"))) is None:
                body["currency"] = "usd"

    payments = {"Authorization": f"Bearer {secret_key}"}
    publishable = {"Authorization": f"Bearer {publishable_key}"}
    platform = {"Authorization": f"Bearer {platform_key}"}
    try:
        return [
            fuzz_service(
                "payments",
                payments_url,
                lambda _: payments,
                examples,
                prepare=with_a_real_token,
                derandomize=True,
            ),
            fuzz_service(
                "psp",
                psp_url,
                lambda path: publishable if path == "/v1/tokens" else platform,
                examples,
                after_each=after_psp_operation,
                derandomize=True,
            ),
        ]
    finally:
        shopper.close()
