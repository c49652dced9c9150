"""The demo merchant learns its orders' states from FinCore's signed webhooks (steps 13-14):
a real stack, the real dispatcher, the real merchant; a forged or replayed delivery is refused
and changes nothing; a duplicate is applied once."""

import json

import httpx
import pytest

from fincore.cards.test_cards import INSUFFICIENT_FUNDS_PAN
from fincore.common.clock import FakeClock
from fincore.common.webhook_signature import sign
from fincore.lab.clients import PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions
from fincore.payments.webhooks.dispatcher import dispatch_due


@pytest.fixture(scope="module")
def webhook_stack(tmp_path_factory):
    options = StackOptions(
        data_dir=tmp_path_factory.mktemp("webhooks"),
        clock=FakeClock(),
        merchant_webhooks=True,
        # Deliveries are sent when the test says so: no background pass racing it.
        payments_settings={"webhook_dispatch_interval_seconds": 0},
    )
    with LocalStack(options) as stack:
        yield stack


def checkout(stack, attempt: str, number: str = "4242424242424242") -> httpx.Response:
    shopper = PSPBrowserAPI(stack.info.psp_url, stack.info.merchants[0].publishable_key)
    token = shopper.token_id(number)
    shopper.close()
    body = {"token": token, "attempt": attempt}
    return httpx.post(f"{stack.info.merchant_url}/api/checkout", json=body, timeout=15)


def order(stack, attempt: str) -> dict:
    return httpx.get(f"{stack.info.merchant_url}/api/orders/{attempt}").json()


def dispatch(stack) -> list[str]:
    return stack.call_in("payments", dispatch_due(stack.payments_state))


def secret(stack) -> str:
    return stack.merchant_app.state.settings.webhook_secret


def test_the_order_is_paid_only_once_the_signed_webhook_arrives(webhook_stack):
    attempt = "a" * 32
    assert checkout(webhook_stack, attempt).status_code == 200
    assert order(webhook_stack, attempt)["state"] == "awaiting_payment"
    assert dispatch(webhook_stack) == ["delivered"]
    paid = order(webhook_stack, attempt)
    assert (paid["state"], paid["history"]) == ("paid", ["payment.succeeded"])
    assert paid["payment_id"].startswith("pay_")


def test_a_declined_payment_fails_the_order(webhook_stack):
    attempt = "b" * 32
    assert checkout(webhook_stack, attempt, INSUFFICIENT_FUNDS_PAN).status_code == 402
    assert dispatch(webhook_stack) == ["delivered"]
    assert order(webhook_stack, attempt)["state"] == "payment_failed"


def post_event(stack, body: bytes, signature: str) -> httpx.Response:
    headers = {"FinCore-Signature": signature, "Content-Type": "application/json"}
    return httpx.post(f"{stack.info.merchant_url}/webhooks/fincore", content=body, headers=headers)


def event_for(attempt: str, event_id: str, event_type: str = "payment.failed") -> bytes:
    payment = {"id": f"pay_{attempt}", "amount": 2500, "metadata": {"checkout_attempt": attempt}}
    event = {"id": event_id, "type": event_type, "created": 1, "data": {"object": payment}}
    return json.dumps(event).encode()


@pytest.mark.parametrize(
    "forge",
    [
        lambda body, stack, now: sign("whsec_attacker", body, now),
        lambda body, stack, now: sign(secret(stack), body, now - 3600),
        lambda body, stack, now: sign(secret(stack), body + b" ", now),
        lambda body, stack, now: "",
        lambda body, stack, now: "t=now,v1=nonsense",
    ],
    ids=["wrong-secret", "replayed-an-hour-later", "other-body", "no-signature", "garbage"],
)
def test_a_delivery_that_fails_verification_is_refused_and_changes_nothing(webhook_stack, forge):
    attempt = "c" * 32
    checkout(webhook_stack, attempt)
    dispatch(webhook_stack)
    before = order(webhook_stack, attempt)
    body = event_for(attempt, "evt_forged")
    now = webhook_stack.options.clock.now()
    refused = post_event(webhook_stack, body, forge(body, webhook_stack, now))
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert (error["code"], error["param"]) == ("webhook_signature_invalid", "FinCore-Signature")
    assert order(webhook_stack, attempt) == before


def test_a_duplicate_delivery_is_applied_once(webhook_stack):
    attempt = "d" * 32
    checkout(webhook_stack, attempt)
    assert order(webhook_stack, attempt)["state"] == "awaiting_payment"
    body = event_for(attempt, "evt_duplicate_1", "payment.requires_capture")
    now = webhook_stack.options.clock.now()
    first = post_event(webhook_stack, body, sign(secret(webhook_stack), body, now))
    again = post_event(webhook_stack, body, sign(secret(webhook_stack), body, now))
    assert (first.json(), again.json()) == (
        {"received": True, "duplicate": False},
        {"received": True, "duplicate": True},
    )
    assert order(webhook_stack, attempt)["history"].count("payment.requires_capture") == 1


def test_a_late_event_never_moves_an_order_back(webhook_stack):
    attempt = "e" * 32
    checkout(webhook_stack, attempt)
    dispatch(webhook_stack)
    assert order(webhook_stack, attempt)["state"] == "paid"
    body = event_for(attempt, "evt_late_authorization", "payment.requires_capture")
    now = webhook_stack.options.clock.now()
    assert (
        post_event(webhook_stack, body, sign(secret(webhook_stack), body, now)).status_code == 200
    )
    late = order(webhook_stack, attempt)
    assert late["state"] == "paid"
    assert late["history"] == ["payment.succeeded", "payment.requires_capture"]


def test_an_unknown_order_is_404(webhook_stack):
    missing = httpx.get(f"{webhook_stack.info.merchant_url}/api/orders/{'f' * 32}")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "resource_missing"


def test_an_order_paid_through_the_api_is_learned_of_from_its_first_event(webhook_stack):
    attempt = "9" * 32
    body = event_for(attempt, "evt_api_order", "payment.requires_capture")
    now = webhook_stack.options.clock.now()
    assert (
        post_event(webhook_stack, body, sign(secret(webhook_stack), body, now)).status_code == 200
    )
    learned = order(webhook_stack, attempt)
    assert (learned["state"], learned["amount"]) == ("authorized", 2500)
