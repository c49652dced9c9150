"""When the PSP is slow, failing or loses its answer, a payment is never lost and never doubled."""

import pytest

from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions
from fincore.psp.faults import Fault
from fincore.psp.ledger import charges_for_token


@pytest.fixture(scope="module")
def impatient_stack(tmp_path_factory):
    """The Payment Service gives each PSP attempt half a second, three attempts."""
    options = StackOptions(
        data_dir=tmp_path_factory.mktemp("faults"), psp_timeout_seconds=0.5, psp_attempts=3
    )
    with LocalStack(options) as stack:
        yield stack


@pytest.fixture
def apis(impatient_stack):
    info = impatient_stack.info
    faults = impatient_stack.psp_state.faults
    faults.clear()
    yield (
        PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key),
        PaymentsAPI(info.payments_url, info.merchants[0].secret_key),
        faults,
    )
    faults.clear()


def test_errors_are_retried_with_the_same_key_until_the_psp_answers(impatient_stack, apis):
    shopper, merchant, faults = apis
    token = shopper.token_id()
    faults.inject(Fault("error", status=503), count=2)
    response = merchant.pay(token)
    assert response.status == 201
    assert charges_for_token(impatient_stack.psp_state, token) == 1


def test_a_lost_response_leaves_a_pending_payment_resolved_without_a_second_charge(
    impatient_stack, apis
):
    shopper, merchant, faults = apis
    token = shopper.token_id()
    faults.inject(Fault("drop"), count=3)
    response = merchant.pay(token, idempotency_key="lost-1")
    assert response.status == 202
    assert response.body["status"] == "pending"
    # The PSP did charge, once; the Payment Service finds that charge instead of charging again.
    assert charges_for_token(impatient_stack.psp_state, token) == 1
    resolved = merchant.get(response.body["id"])
    assert resolved.body["status"] == "succeeded"
    assert resolved.body["psp_charge"].startswith("ch_")
    retry = merchant.pay(token, idempotency_key="lost-1")
    assert retry.status == 201
    assert retry.body["id"] == response.body["id"]
    assert charges_for_token(impatient_stack.psp_state, token) == 1


def test_a_psp_down_for_every_attempt_is_pending_then_charged_once(impatient_stack, apis):
    shopper, merchant, faults = apis
    token = shopper.token_id()
    faults.inject(Fault("error", status=500), count=3)
    response = merchant.pay(token, idempotency_key="down-1")
    assert response.status == 202
    assert charges_for_token(impatient_stack.psp_state, token) == 0
    retry = merchant.pay(token, idempotency_key="down-1")
    assert retry.status == 201
    assert retry.body["id"] == response.body["id"]
    assert charges_for_token(impatient_stack.psp_state, token) == 1


def test_a_slow_psp_within_the_timeout_is_just_slow(impatient_stack, apis):
    shopper, merchant, faults = apis
    faults.inject(Fault("latency", latency_ms=200))
    assert merchant.pay(shopper.token_id()).status == 201


def test_faults_can_be_injected_over_http(impatient_stack):
    import httpx

    url = f"{impatient_stack.info.psp_url}/v1/test_helpers/faults"
    headers = {"Authorization": f"Bearer {impatient_stack.info.platform_key}"}
    assert httpx.post(url, json={"kind": "error", "count": 2}, headers=headers).json() == {
        "pending": 2
    }
    assert httpx.delete(url, headers=headers).json() == {"pending": 0}
    bad = httpx.post(url, json={"kind": "meteor"}, headers=headers)
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "kind"
