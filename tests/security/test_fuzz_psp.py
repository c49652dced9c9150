"""schemathesis against the mock PSP's OpenAPI document: no 5xx, no undocumented response."""

import pytest

from fincore.evidence.fuzzing import fuzz_service
from fincore.lab.stack import LocalStack, StackOptions

EXAMPLES_PER_MODE = 150
# Below the fuzzer's card errors on /v1/tokens, so the 429 answer is fuzzed and checked too.
CARD_TESTING_BUDGET = 30


@pytest.fixture(scope="module")
def psp_under_fuzz(tmp_path_factory):
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FINCORE_PSP_CARD_TESTING_FAILURES_PER_KEY", str(CARD_TESTING_BUDGET))
        env.setenv("FINCORE_PSP_CARD_TESTING_FAILURES_PER_ADDRESS", str(CARD_TESTING_BUDGET))
        options = StackOptions(data_dir=tmp_path_factory.mktemp("fuzz-psp"))
        with LocalStack(options) as stack:
            yield stack


def test_the_psp_survives_its_own_openapi_document(psp_under_fuzz, record_property):
    info = psp_under_fuzz.info
    publishable = {"Authorization": f"Bearer {info.merchants[0].publishable_key}"}
    platform = {"Authorization": f"Bearer {info.platform_key}"}

    def headers_for(path: str) -> dict[str, str]:
        return publishable if path == "/v1/tokens" else platform

    summary = fuzz_service(
        "psp",
        info.psp_url,
        headers_for,
        EXAMPLES_PER_MODE,
        # Injected faults would fail the next operation's charges on purpose: clear them.
        after_each=psp_under_fuzz.psp_state.faults.clear,
    )
    record_property("requests_fuzzed", summary.total)
    print(summary.line())
    assert not summary.failures, "\n\n".join(summary.failures.values())
    assert summary.requests["POST /v1/tokens"] > 2 * EXAMPLES_PER_MODE
    # Both answers to bad cards were exercised: the card error, then the card-testing limit.
    assert summary.statuses[402] > 0 and summary.statuses[429] > 0
    log = psp_under_fuzz.psp_state.log.records()
    assert len(log) >= summary.total
    assert [r for r in log if r["status"] >= 500] == []
