"""3-D Secure at the Payment Service: requires_action with a next_action, settled by the PSP's
outcome on retrieval or by the sweeper, and failed cleanly when nobody authenticates in time."""

import re

import httpx
import pytest

from fincore.cards.test_cards import (
    THREE_DS_CHALLENGE_PAN,
    THREE_DS_FRICTIONLESS_PAN,
    THREE_DS_UNAVAILABLE_PAN,
)
from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions
from fincore.payments.action_sweep import resolve_awaiting_action
from fincore.psp.authentication import CHALLENGE_PATH
from fincore.psp.ledger import operations_on_charge

ACTION_TTL = 900
CHANNEL = "0123456789abcdef0123456789abcdef"


def answer_challenge(stack, payment, result):
    """What the shopper does in the PSP's challenge frame."""
    url = payment["next_action"]["url"]
    origin = stack.info.merchant_url
    page = httpx.get(url, params={"origin": origin}).text
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', page).group(1)
    form = {"result": result, "nonce": nonce, "origin": origin, "channel": CHANNEL}
    assert httpx.post(url, data=form).status_code == 200


def test_a_challenge_card_answers_202_requires_action_with_only_the_challenge_url(
    stack, shopper, merchant
):
    paid = merchant.pay(shopper.token_id(THREE_DS_CHALLENGE_PAN))
    assert paid.status == 202
    body = paid.body
    assert body["status"] == "requires_action"
    charge_path = CHALLENGE_PATH.format(charge_id=body["psp_charge"])
    assert body["next_action"] == {
        "type": "three_d_secure",
        "url": stack.info.psp_url + charge_path,
    }
    # No authentication data: neither the session nor its status reaches the merchant.
    assert "three_d_secure" not in body
    assert "3ds_" not in str(paid.body)


@pytest.mark.parametrize("pan", [THREE_DS_FRICTIONLESS_PAN, THREE_DS_UNAVAILABLE_PAN])
def test_frictionless_and_unavailable_cards_succeed_without_an_action(shopper, merchant, pan):
    paid = merchant.pay(shopper.token_id(pan))
    assert paid.status == 201
    assert paid.body["status"] == "succeeded"
    assert paid.body["next_action"] is None


@pytest.mark.parametrize(
    ("result", "status"), [("approve", "succeeded"), ("fail", "failed")], ids=["approve", "fail"]
)
def test_retrieving_the_payment_settles_it_with_the_challenges_outcome(
    stack, shopper, merchant, result, status
):
    payment = merchant.pay(shopper.token_id(THREE_DS_CHALLENGE_PAN)).body
    assert merchant.get(payment["id"]).body["status"] == "requires_action"
    answer_challenge(stack, payment, result)
    settled = merchant.get(payment["id"]).body
    assert settled["status"] == status
    assert settled["next_action"] is None
    if status == "failed":
        assert settled["decline_code"] == "authentication_failed"


def test_a_retry_with_the_same_key_gets_the_settled_outcome(stack, shopper, merchant):
    token = shopper.token_id(THREE_DS_CHALLENGE_PAN)
    first = merchant.pay(token, idempotency_key="3ds-retry")
    assert first.status == 202
    replay = merchant.pay(token, idempotency_key="3ds-retry")
    assert replay.status == 202
    assert replay.body["next_action"] == first.body["next_action"]
    answer_challenge(stack, first.body, "approve")
    settled = merchant.pay(token, idempotency_key="3ds-retry")
    assert settled.status == 201
    assert settled.body["id"] == first.body["id"]


def test_a_waiting_payment_is_listed_with_its_next_action(shopper, merchant):
    payment = merchant.pay(shopper.token_id(THREE_DS_CHALLENGE_PAN)).body
    listed = {p["id"]: p for p in merchant.list(limit=100).body["data"]}
    assert listed[payment["id"]]["next_action"] == payment["next_action"]


@pytest.fixture
def clocked(tmp_path, clock):
    options = StackOptions(
        data_dir=tmp_path, clock=clock, payments_settings={"resolve_interval_seconds": 0}
    )
    with LocalStack(options) as stack:
        info = stack.info
        shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
        merchant = PaymentsAPI(info.payments_url, info.merchants[0].secret_key)
        yield stack, shopper, merchant
        shopper.close()
        merchant.close()


def test_the_sweeper_settles_an_answered_challenge_nobody_asked_about(clocked, clock):
    stack, shopper, merchant = clocked
    payment = merchant.pay(shopper.token_id(THREE_DS_CHALLENGE_PAN)).body
    answer_challenge(stack, payment, "approve")
    clock.advance(10)
    assert stack.call_in("payments", resolve_awaiting_action(stack.payments_state, 5)) == 1
    row = merchant.list(limit=1).body["data"][0]
    assert (row["id"], row["status"]) == (payment["id"], "succeeded")


def test_an_abandoned_challenge_fails_the_payment_with_a_clear_code(clocked, clock):
    stack, shopper, merchant = clocked
    payment = merchant.pay(shopper.token_id(THREE_DS_CHALLENGE_PAN)).body
    # The PSP gives up on the challenge first (its TTL is shorter): the charge fails there.
    clock.advance(stack.psp_state.settings.three_ds_ttl_seconds)
    stack.call_in("payments", resolve_awaiting_action(stack.payments_state, 0))
    failed = merchant.get(payment["id"]).body
    assert failed["status"] == "failed"
    assert failed["decline_code"] == "authentication_expired"


def test_a_payment_waiting_past_the_action_ttl_fails_with_payment_action_expired(tmp_path, clock):
    # A PSP whose own challenge outlives the payment's TTL: the Payment Service gives up itself.
    options = StackOptions(
        data_dir=tmp_path,
        clock=clock,
        payments_settings={"resolve_interval_seconds": 0, "action_ttl_seconds": 60},
    )
    with LocalStack(options) as stack:
        info = stack.info
        shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
        merchant = PaymentsAPI(info.payments_url, info.merchants[0].secret_key)
        payment = merchant.pay(shopper.token_id(THREE_DS_CHALLENGE_PAN)).body
        clock.advance(59)
        assert merchant.get(payment["id"]).body["status"] == "requires_action"
        clock.advance(1)
        expired = merchant.get(payment["id"])
        shopper.close()
        merchant.close()
    assert expired.status == 200
    assert expired.body["status"] == "failed"
    assert expired.body["failure_code"] == "payment_action_expired"
    assert expired.body["decline_code"] == "authentication_expired"


@pytest.mark.parametrize(
    ("result", "event"),
    [("approve", "payment.succeeded"), ("fail", "payment.failed")],
    ids=["approve", "fail"],
)
def test_requires_action_is_reported_once_then_the_outcome(stack, shopper, merchant, result, event):
    payment = merchant.pay(shopper.token_id(THREE_DS_CHALLENGE_PAN)).body
    # Looking again while it waits moves nothing, so reports nothing again.
    merchant.get(payment["id"])
    answer_challenge(stack, payment, result)
    merchant.get(payment["id"])
    merchant.get(payment["id"])
    events = merchant.events(limit=100).body["data"]
    mine = [e["type"] for e in reversed(events) if e["data"]["object"]["id"] == payment["id"]]
    assert mine == ["payment.requires_action", event]


# 3-D Secure meets the lifecycle: an approved challenge is a capture, or with manual capture an
# authorization to capture; either can then be refunded like any other payment.


def test_an_approved_challenge_captures_the_whole_amount_which_can_be_refunded(
    stack, shopper, merchant
):
    payment = merchant.pay(shopper.token_id(THREE_DS_CHALLENGE_PAN), amount=1200).body
    answer_challenge(stack, payment, "approve")
    settled = merchant.get(payment["id"]).body
    assert (settled["status"], settled["amount_captured"]) == ("succeeded", 1200)
    refund = merchant.refund(payment["id"])
    assert (refund.status, refund.body["amount"]) == (201, 1200)
    assert operations_on_charge(stack.psp_state, payment["psp_charge"], "refund") == 1


def test_an_approved_challenge_with_manual_capture_is_an_authorization_to_capture(
    stack, shopper, merchant
):
    token = shopper.token_id(THREE_DS_CHALLENGE_PAN)
    payment = merchant.pay(token, amount=1500, capture_method="manual").body
    assert payment["status"] == "requires_action"
    answer_challenge(stack, payment, "approve")
    authorized = merchant.get(payment["id"]).body
    assert authorized["status"] == "requires_capture"
    assert (authorized["amount_capturable"], authorized["amount_captured"]) == (1500, 0)
    assert authorized["capture_before"] is not None
    captured = merchant.capture(payment["id"], amount=1000)
    assert (captured.body["status"], captured.body["amount_captured"]) == ("succeeded", 1000)


def test_a_failed_challenge_with_manual_capture_leaves_nothing_to_capture(stack, shopper, merchant):
    token = shopper.token_id(THREE_DS_CHALLENGE_PAN)
    payment = merchant.pay(token, capture_method="manual").body
    answer_challenge(stack, payment, "fail")
    failed = merchant.get(payment["id"]).body
    assert (failed["status"], failed["amount_capturable"]) == ("failed", 0)
    refused = merchant.capture(payment["id"])
    assert refused.status == 400
    assert refused.error["code"] == "payment_unexpected_state"
