"""schemathesis against the Payment Service's OpenAPI document: no 5xx, no undocumented response."""

from fincore.common.currencies import exponent
from fincore.evidence.fuzzing import fuzz_service

EXAMPLES_PER_MODE = 150


def test_the_payment_service_survives_its_own_openapi_document(stack, shopper, record_property):
    info = stack.info
    auth = {"Authorization": f"Bearer {info.merchants[0].secret_key}"}

    def with_a_real_token(case):
        # A random token is refused at once; a real one takes the case through the charge, the
        # store and the idempotency table, with whatever amount, description and metadata.
        body = case.body
        if case.operation.path == "/v1/payments" and isinstance(body, dict) and "token" in body:
            body["token"] = shopper.token_id()
            if exponent(str(body.get("currency"))) is None:
                body["currency"] = "usd"

    summary = fuzz_service(
        "payments", info.payments_url, lambda _: auth, EXAMPLES_PER_MODE, prepare=with_a_real_token
    )
    record_property("requests_fuzzed", summary.total)
    print(summary.line())
    assert not summary.failures, "\n\n".join(summary.failures.values())
    assert summary.requests["POST /v1/payments"] > 2 * EXAMPLES_PER_MODE
    assert summary.statuses[201] > 0, "no fuzzed payment reached the charge"
    log = stack.payments_state.log.records()
    assert len(log) >= summary.total
    assert [r for r in log if r["status"] >= 500] == []
