"""Step 12: refunds, whole or in parts, never beyond what the payment captured."""

import asyncio

import httpx
import pytest

from fincore.cards.test_cards import GENERIC_DECLINE_PAN
from fincore.psp.ledger import operations_on_charge


@pytest.fixture
def captured(shopper, merchant):
    """A fresh payment that captured 1000."""
    response = merchant.pay(shopper.token_id(), amount=1000)
    assert response.status == 201
    return response.body


def test_a_refund_without_amount_refunds_everything(stack, merchant, captured):
    response = merchant.refund(captured["id"], reason="requested_by_customer")
    assert response.status == 201
    refund = response.body
    assert refund["id"].startswith("re_")
    assert refund["status"] == "succeeded"
    assert refund["amount"] == 1000
    assert refund["reason"] == "requested_by_customer"
    payment = merchant.get(captured["id"]).body
    assert payment["amount_refunded"] == 1000
    assert payment["refunded"] is True
    assert operations_on_charge(stack.psp_state, captured["psp_charge"], "refund") == 1


def test_partial_refunds_add_up_to_the_captured_amount_and_no_further(merchant, captured):
    assert merchant.refund(captured["id"], amount=300).status == 201
    assert merchant.refund(captured["id"], amount=300).status == 201
    beyond = merchant.refund(captured["id"], amount=401)
    assert beyond.status == 400
    assert beyond.error["code"] == "amount_too_large"
    assert beyond.error["param"] == "amount"
    assert "400" in beyond.error["message"]
    rest = merchant.refund(captured["id"])
    assert rest.body["amount"] == 400
    payment = merchant.get(captured["id"]).body
    assert (payment["amount_refunded"], payment["refunded"]) == (1000, True)
    assert merchant.refund(captured["id"]).error["code"] == "amount_too_large"


def test_a_partial_refund_leaves_the_payment_not_refunded(merchant, captured):
    merchant.refund(captured["id"], amount=1)
    payment = merchant.get(captured["id"]).body
    assert (payment["amount_refunded"], payment["refunded"]) == (1, False)


def test_a_smaller_capture_limits_the_refunds(shopper, merchant):
    payment = merchant.pay(shopper.token_id(), amount=1000, capture_method="manual").body
    merchant.capture(payment["id"], amount=600)
    assert merchant.refund(payment["id"], amount=601).error["code"] == "amount_too_large"
    assert merchant.refund(payment["id"]).body["amount"] == 600


def test_an_uncaptured_payment_cannot_be_refunded(shopper, merchant):
    payment = merchant.pay(shopper.token_id(), capture_method="manual").body
    response = merchant.refund(payment["id"])
    assert response.status == 400
    assert response.error["code"] == "payment_unexpected_state"
    assert "requires_capture" in response.error["message"]


def test_a_failed_payment_cannot_be_refunded(shopper, merchant):
    declined = merchant.pay(shopper.token_id(GENERIC_DECLINE_PAN))
    response = merchant.refund(declined.error["payment"])
    assert response.status == 400
    assert response.error["code"] == "payment_unexpected_state"


@pytest.mark.parametrize("amount", [0, -1, 100_000_000])
def test_an_invalid_amount_is_refused(merchant, captured, amount):
    response = merchant.refund(captured["id"], amount=amount)
    assert response.status == 400
    assert response.error["param"] == "amount"


def test_an_unknown_reason_is_refused(merchant, captured):
    response = merchant.refund(captured["id"], reason="because")
    assert response.status == 400
    assert response.error["param"] == "reason"


def test_another_merchants_payment_cannot_be_refunded_and_looks_unknown(
    merchant, other_merchant, captured
):
    response = other_merchant.refund(captured["id"])
    assert response.status == 404
    assert response.error["param"] == "payment"
    assert merchant.get(captured["id"]).body["amount_refunded"] == 0


def test_another_merchants_refund_is_not_found_nor_listed(merchant, other_merchant, captured):
    refund = merchant.refund(captured["id"], amount=10).body
    assert other_merchant.get_refund(refund["id"]).status == 404
    assert other_merchant.list_refunds(payment=captured["id"]).body["data"] == []


def test_refunds_are_retrieved_and_listed_newest_first_by_payment(merchant, captured):
    ids = [merchant.refund(captured["id"], amount=100).body["id"] for _ in range(3)]
    assert merchant.get_refund(ids[0]).body["amount"] == 100
    listed = merchant.list_refunds(payment=captured["id"]).body
    assert [refund["id"] for refund in listed["data"]] == ids[::-1]
    first_page = merchant.list_refunds(payment=captured["id"], limit=2).body
    assert first_page["has_more"] is True
    older = merchant.list_refunds(
        payment=captured["id"], limit=2, starting_after=first_page["data"][-1]["id"]
    ).body
    assert [refund["id"] for refund in older["data"]] == [ids[0]]
    assert older["has_more"] is False


def test_listing_after_an_unknown_refund_is_refused(merchant):
    response = merchant.list_refunds(starting_after="re_0000")
    assert response.status == 400
    assert response.error["param"] == "starting_after"


def test_a_refund_retried_with_its_key_is_replayed_not_repeated(stack, merchant, captured):
    first = merchant.refund(captured["id"], idempotency_key="re-1", amount=250)
    again = merchant.refund(captured["id"], idempotency_key="re-1", amount=250)
    assert first.status == again.status == 201
    assert again.body == first.body
    assert again.headers.get("idempotent-replayed") == "true"
    assert merchant.get(captured["id"]).body["amount_refunded"] == 250
    assert operations_on_charge(stack.psp_state, captured["psp_charge"], "refund") == 1


def test_a_refund_key_reused_with_another_body_is_refused(merchant, captured):
    merchant.refund(captured["id"], idempotency_key="re-2", amount=250)
    response = merchant.refund(captured["id"], idempotency_key="re-2", amount=260)
    assert response.status == 422
    assert response.error["code"] == "idempotency_key_reused"


def test_concurrent_refunds_never_exceed_the_captured_amount(stack, merchant, captured):
    """Twenty refunds of 100 at once against a payment of 1000: exactly ten succeed."""

    async def refund_all() -> list[httpx.Response]:
        headers = {"Authorization": f"Bearer {stack.info.merchants[0].secret_key}"}
        async with httpx.AsyncClient(base_url=stack.info.payments_url, headers=headers) as http:
            body = {"payment": captured["id"], "amount": 100}
            calls = [http.post("/v1/refunds", json=body) for _ in range(20)]
            return await asyncio.gather(*calls)

    answers = asyncio.run(refund_all())
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] * 10 + [400] * 10
    refused = [answer.json()["error"]["code"] for answer in answers if answer.status_code == 400]
    assert set(refused) == {"amount_too_large"}
    assert merchant.get(captured["id"]).body["amount_refunded"] == 1000
    assert operations_on_charge(stack.psp_state, captured["psp_charge"], "refund") == 10
