"""The PSP's captures, voids and refunds: each once per idempotency key, within the charge's
amounts, and an authorization only until its capture_before."""

import httpx
import pytest

from fincore.lab.clients import PSPBrowserAPI
from fincore.psp.ledger import operations_on_charge

DAY = 24 * 3600


def platform(stack):
    return httpx.Client(
        base_url=stack.info.psp_url, headers={"Authorization": f"Bearer {stack.info.platform_key}"}
    )


def authorize(psp, stack, shopper, amount=1000, capture=False):
    body = {
        "token": shopper.token_id(),
        "merchant": stack.info.merchants[0].id,
        "amount": amount,
        "currency": "usd",
        "capture": capture,
    }
    response = psp.post("/v1/charges", json=body)
    assert response.status_code == 201
    return response.json()


def operation(psp, charge_id, name, key, body=None):
    return psp.post(f"/v1/charges/{charge_id}/{name}", json=body, headers={"Idempotency-Key": key})


@pytest.fixture
def psp(stack):
    client = platform(stack)
    yield client
    client.close()


def test_capture_false_authorizes_with_a_seven_day_window(psp, stack, shopper):
    charge = authorize(psp, stack, shopper)
    assert charge["status"] == "requires_capture"
    assert charge["amount_captured"] == 0
    assert charge["capture_before"] == charge["created"] + 7 * DAY


def test_a_capture_replays_for_its_key_and_is_refused_for_another(psp, stack, shopper):
    charge = authorize(psp, stack, shopper)
    first = operation(psp, charge["id"], "capture", "k1", {"amount": 600})
    assert first.status_code == 200
    assert (first.json()["status"], first.json()["amount_captured"]) == ("succeeded", 600)
    assert operation(psp, charge["id"], "capture", "k1", {"amount": 600}).json() == first.json()
    other = operation(psp, charge["id"], "capture", "k2", {"amount": 600})
    assert other.status_code == 400
    assert other.json()["error"]["code"] == "charge_not_capturable"
    assert operations_on_charge(stack.psp_state, charge["id"], "capture") == 1


def test_a_key_reused_with_another_amount_is_refused(psp, stack, shopper):
    charge = authorize(psp, stack, shopper)
    operation(psp, charge["id"], "capture", "k3", {"amount": 600})
    response = operation(psp, charge["id"], "capture", "k3", {"amount": 700})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"


def test_a_capture_beyond_the_authorization_is_refused(psp, stack, shopper):
    charge = authorize(psp, stack, shopper)
    response = operation(psp, charge["id"], "capture", "k4", {"amount": 1001})
    assert response.json()["error"]["code"] == "amount_too_large"


def test_a_charge_captured_at_once_cannot_be_captured_or_voided(psp, stack, shopper):
    charge = authorize(psp, stack, shopper, capture=True)
    assert charge["amount_captured"] == 1000
    for name in ("capture", "cancel"):
        response = operation(
            psp, charge["id"], name, f"k5-{name}", {} if name == "capture" else None
        )
        assert response.json()["error"]["code"] == "charge_not_capturable"


def test_a_void_cancels_the_authorization(psp, stack, shopper):
    charge = authorize(psp, stack, shopper)
    response = operation(psp, charge["id"], "cancel", "k6")
    assert response.status_code == 200
    assert response.json()["status"] == "canceled"
    refused = operation(psp, charge["id"], "capture", "k7", {})
    assert refused.json()["error"]["code"] == "charge_not_capturable"


def test_refunds_never_exceed_what_was_captured(psp, stack, shopper):
    charge = authorize(psp, stack, shopper, capture=True)
    assert operation(psp, charge["id"], "refunds", "r1", {"amount": 700}).status_code == 201
    beyond = operation(psp, charge["id"], "refunds", "r2", {"amount": 301})
    assert beyond.status_code == 400
    assert beyond.json()["error"]["code"] == "amount_too_large"
    replay = operation(psp, charge["id"], "refunds", "r1", {"amount": 700})
    assert (replay.status_code, replay.json()["amount"]) == (201, 700)
    assert operations_on_charge(stack.psp_state, charge["id"], "refund") == 1


def test_an_uncaptured_charge_cannot_be_refunded(psp, stack, shopper):
    charge = authorize(psp, stack, shopper)
    response = operation(psp, charge["id"], "refunds", "r3", {"amount": 1})
    assert response.json()["error"]["code"] == "charge_not_refundable"


def test_an_unknown_charge_is_not_found(psp):
    assert operation(psp, "ch_0000", "capture", "k8", {}).status_code == 404


def test_operations_need_an_idempotency_key_and_the_platform_key(psp, stack, shopper):
    charge = authorize(psp, stack, shopper)
    assert psp.post(f"/v1/charges/{charge['id']}/capture", json={}).status_code == 400
    merchant_key = {"Authorization": f"Bearer {stack.info.merchants[0].secret_key}"}
    with httpx.Client(base_url=stack.info.psp_url, headers=merchant_key) as outsider:
        assert operation(outsider, charge["id"], "capture", "k9", {}).status_code == 401


def test_an_authorization_cannot_be_captured_after_capture_before(clocked_stack, clock):
    shopper = PSPBrowserAPI(
        clocked_stack.info.psp_url, clocked_stack.info.merchants[0].publishable_key
    )
    with platform(clocked_stack) as psp:
        charge = authorize(psp, clocked_stack, shopper)
        clock.advance(7 * DAY)
        refused = operation(psp, charge["id"], "capture", "late", {})
        assert refused.json()["error"]["code"] == "charge_authorization_expired"
        assert operation(psp, charge["id"], "cancel", "late-void").status_code == 200
    shopper.close()
