"""Step 11: a manual-capture payment is authorized, then captured (all or less) or canceled."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from fincore.cards.test_cards import GENERIC_DECLINE_PAN, VISA_PAN
from fincore.psp.faults import Fault
from fincore.psp.ledger import operations_on_charge


@pytest.fixture
def authorized(shopper, merchant):
    """A fresh manual-capture payment of 1000 that the PSP authorized."""
    response = merchant.pay(shopper.token_id(VISA_PAN), amount=1000, capture_method="manual")
    assert response.status == 201
    return response.body


def test_manual_capture_authorizes_only(authorized):
    assert authorized["status"] == "requires_capture"
    assert authorized["capture_method"] == "manual"
    assert authorized["amount_capturable"] == 1000
    assert authorized["amount_captured"] == 0
    assert authorized["capture_before"] > authorized["created"]


def test_an_automatic_payment_captures_at_once(shopper, merchant):
    payment = merchant.pay(shopper.token_id(), amount=1000).body
    assert payment["status"] == "succeeded"
    assert payment["amount_captured"] == 1000
    assert payment["amount_capturable"] == 0
    assert payment["capture_before"] is None


def test_capture_without_amount_captures_everything(stack, merchant, authorized):
    response = merchant.capture(authorized["id"])
    assert response.status == 200
    assert response.body["status"] == "succeeded"
    assert response.body["amount_captured"] == 1000
    assert response.body["amount_capturable"] == 0
    charge = authorized["psp_charge"]
    assert operations_on_charge(stack.psp_state, charge, "capture") == 1


def test_capture_of_a_smaller_amount_releases_the_rest(merchant, authorized):
    response = merchant.capture(authorized["id"], amount=600)
    assert response.status == 200
    assert response.body["amount_captured"] == 600
    assert merchant.get(authorized["id"]).body["amount_captured"] == 600


def test_capture_beyond_the_authorized_amount_is_refused_with_param_amount(merchant, authorized):
    response = merchant.capture(authorized["id"], amount=1001)
    assert response.status == 400
    assert response.error["code"] == "amount_too_large"
    assert response.error["param"] == "amount"
    assert merchant.get(authorized["id"]).body["status"] == "requires_capture"


@pytest.mark.parametrize("amount", [0, -5])
def test_capture_of_a_non_positive_amount_is_refused(merchant, authorized, amount):
    response = merchant.capture(authorized["id"], amount=amount)
    assert response.status == 400
    assert response.error["code"] == "amount_invalid"


def test_a_second_capture_is_refused_with_the_current_status(stack, merchant, authorized):
    assert merchant.capture(authorized["id"]).status == 200
    again = merchant.capture(authorized["id"])
    assert again.status == 400
    assert again.error["code"] == "payment_unexpected_state"
    assert "succeeded" in again.error["message"]
    assert operations_on_charge(stack.psp_state, authorized["psp_charge"], "capture") == 1


def test_an_automatic_payment_cannot_be_captured_or_canceled(shopper, merchant):
    payment = merchant.pay(shopper.token_id()).body
    for call in (merchant.capture, merchant.cancel):
        response = call(payment["id"])
        assert response.status == 400
        assert response.error["code"] == "payment_unexpected_state"


def test_a_declined_payment_cannot_be_captured(shopper, merchant):
    declined = merchant.pay(shopper.token_id(GENERIC_DECLINE_PAN), capture_method="manual")
    assert declined.status == 402
    response = merchant.capture(declined.error["payment"])
    assert response.error["code"] == "payment_unexpected_state"
    assert "failed" in response.error["message"]


def test_cancel_releases_the_authorization_with_its_reason(stack, merchant, authorized):
    response = merchant.cancel(authorized["id"], cancellation_reason="requested_by_customer")
    assert response.status == 200
    assert response.body["status"] == "canceled"
    assert response.body["cancellation_reason"] == "requested_by_customer"
    assert response.body["amount_capturable"] == 0
    assert operations_on_charge(stack.psp_state, authorized["psp_charge"], "void") == 1


def test_a_canceled_payment_cannot_be_captured_or_canceled_again(merchant, authorized):
    assert merchant.cancel(authorized["id"]).status == 200
    for call in (merchant.capture, merchant.cancel):
        response = call(authorized["id"])
        assert response.status == 400
        assert response.error["code"] == "payment_unexpected_state"
        assert "canceled" in response.error["message"]


def test_a_captured_payment_cannot_be_canceled(merchant, authorized):
    assert merchant.capture(authorized["id"]).status == 200
    assert merchant.cancel(authorized["id"]).error["code"] == "payment_unexpected_state"


def test_an_unknown_cancellation_reason_is_refused(merchant, authorized):
    response = merchant.cancel(authorized["id"], cancellation_reason="bored")
    assert response.status == 400
    assert response.error["param"] == "cancellation_reason"


def test_an_unknown_payment_is_not_found(merchant):
    for call in (merchant.capture, merchant.cancel):
        response = call("pay_0000")
        assert response.status == 404
        assert response.error["code"] == "resource_missing"


def test_another_merchants_payment_is_not_found_and_stays_uncaptured(
    merchant, other_merchant, authorized
):
    for call in (other_merchant.capture, other_merchant.cancel):
        assert call(authorized["id"]).status == 404
    assert merchant.get(authorized["id"]).body["status"] == "requires_capture"


def test_a_capture_retried_with_its_key_is_replayed_not_repeated(stack, merchant, authorized):
    first = merchant.capture(authorized["id"], idempotency_key="cap-1", amount=400)
    again = merchant.capture(authorized["id"], idempotency_key="cap-1", amount=400)
    assert first.status == again.status == 200
    assert again.body == first.body
    assert again.headers.get("idempotent-replayed") == "true"
    assert operations_on_charge(stack.psp_state, authorized["psp_charge"], "capture") == 1


def test_a_capture_key_reused_with_another_amount_is_refused(merchant, authorized):
    assert merchant.capture(authorized["id"], idempotency_key="cap-2", amount=400).status == 200
    response = merchant.capture(authorized["id"], idempotency_key="cap-2", amount=500)
    assert response.status == 422
    assert response.error["code"] == "idempotency_key_reused"


def test_a_key_used_to_pay_cannot_capture(shopper, merchant, authorized):
    assert merchant.pay(shopper.token_id(), idempotency_key="pay-then-cap").status == 201
    response = merchant.capture(authorized["id"], idempotency_key="pay-then-cap")
    assert response.status == 422


def test_a_refused_capture_is_judged_again_when_retried_with_its_key(merchant, authorized):
    refused = merchant.capture(authorized["id"], idempotency_key="cap-3", amount=5000)
    assert refused.status == 400
    response = merchant.capture(authorized["id"], idempotency_key="cap-3", amount=5000)
    assert response.status == 400
    assert merchant.capture(authorized["id"], idempotency_key="cap-4").status == 200


def test_a_capture_retried_while_in_flight_is_told_to_wait(stack, merchant, authorized):
    stack.psp_state.faults.inject(Fault("latency", latency_ms=1500, operation="capture"))
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(merchant.capture, authorized["id"], "cap-busy")
        # The first request holds the key once its fault is taken, i.e. while at the PSP.
        assert stack.psp_state.faults.wait_until_consumed()
        second = merchant.capture(authorized["id"], "cap-busy")
        assert first.result().status == 200
    assert second.status == 409
    assert second.error["code"] == "idempotency_key_in_use"
    assert operations_on_charge(stack.psp_state, authorized["psp_charge"], "capture") == 1
