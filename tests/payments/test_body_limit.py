"""The Payment Service's body limit follows the payment schema, refuses a hostile body by its size
before any check reads it, and a large body is judged without stalling the event loop."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from fincore.cards.test_cards import VISA_PAN
from fincore.payments import card_guard
from fincore.payments.body_limit import (
    largest_payment,
    largest_payment_body,
    max_payment_body_bytes,
)
from fincore.payments.schemas import PaymentCreate

JSON = {"Content-Type": "application/json"}


def test_the_largest_payment_is_valid_for_the_schema():
    payment = PaymentCreate.model_validate(largest_payment()).checked()
    assert len(payment.description or "") == 1000
    assert len(payment.metadata) == 50


@pytest.mark.parametrize("field", ["description", "token"])
def test_one_character_more_than_the_largest_payment_is_invalid(field):
    longer = largest_payment()
    longer[field] += "x"
    with pytest.raises(ValueError, match="at most"):
        PaymentCreate.model_validate(longer)


def test_the_limit_holds_the_largest_payment_with_every_character_escaped():
    body = largest_payment_body()
    assert body.isascii(), "written as a default JSON writer does: non-ASCII as escapes"
    assert len(body) < max_payment_body_bytes() <= len(body) + 1024


def test_the_openapi_description_states_the_limit_and_its_error_code(stack):
    document = httpx.get(f"{stack.info.payments_url}/openapi.json").json()
    description = document["info"]["description"]
    assert f"{max_payment_body_bytes()} bytes" in description
    assert "413 payload_too_large" in description


def _padded_to(body: bytes, size: int) -> bytes:
    assert len(body) <= size
    return body + b" " * (size - len(body))


def test_the_largest_payment_padded_to_the_limit_is_charged(merchant, shopper):
    body = json.dumps(largest_payment(token=shopper.token_id()), indent=4).encode()
    padded = _padded_to(body, max_payment_body_bytes())
    response = merchant._http.post("/v1/payments", content=padded, headers=JSON)
    assert response.status_code == 201, response.text[:300]
    assert len(response.json()["metadata"]) == 50


@pytest.mark.parametrize("key", ["valid", "none"])
def test_one_byte_over_the_limit_is_refused_by_size_before_the_key_or_the_guard(
    stack, merchant, shopper, key
):
    # A card number and, for one case, no key: the guard and authentication would each refuse
    # this body, but its size is judged first, so it costs no scan.
    payment = largest_payment(token=shopper.token_id()) | {"description": f"card {VISA_PAN}"}
    body = _padded_to(json.dumps(payment).encode(), max_payment_body_bytes() + 1)
    headers = {**JSON, "Authorization": f"Bearer {stack.info.merchants[0].secret_key}"}
    if key == "none":
        headers.pop("Authorization")
    response = httpx.post(f"{stack.info.payments_url}/v1/payments", content=body, headers=headers)
    assert response.status_code == 413, response.text
    error = response.json()["error"]
    assert error["code"] == "payload_too_large"
    assert str(max_payment_body_bytes()) in error["message"]


class GatedScan:
    """Wraps the guard's real scan: each scan announces it started, then waits until the test
    opens the gate. A scan running on the event loop holds the loop until then."""

    def __init__(self, real):
        self.real = real
        self.started = threading.Semaphore(0)
        self.gate = threading.Event()
        self.events: list[str] = []

    def __call__(self, text: str) -> bool:
        self.events.append("scan started")
        self.started.release()
        # Bounded, so a wrong implementation fails the test instead of hanging the server.
        self.gate.wait(timeout=30)
        self.events.append("scan finished")
        return self.real(text)


def test_healthz_is_answered_while_large_bodies_are_being_scanned(
    stack, merchant, shopper, monkeypatch
):
    scan = GatedScan(card_guard.holds_card)
    monkeypatch.setattr(card_guard, "holds_card", scan)
    bodies = [json.dumps(largest_payment(token=shopper.token_id())).encode() for _ in range(3)]
    url = f"{stack.info.payments_url}/v1/payments"
    headers = {**JSON, "Authorization": f"Bearer {stack.info.merchants[0].secret_key}"}
    with ThreadPoolExecutor(len(bodies)) as pool:
        payments = [
            pool.submit(httpx.post, url, content=body, headers=headers, timeout=60)
            for body in bodies
        ]
        try:
            assert scan.started.acquire(timeout=30), "no large body reached the guard"
            health = httpx.get(f"{stack.info.payments_url}/healthz", timeout=10)
            scan.events.append("healthz answered")
        finally:
            scan.gate.set()
        statuses = [payment.result().status_code for payment in payments]
    assert health.status_code == 200
    assert statuses == [201, 201, 201]
    # Answered while a scan was held; the large scans then ran one at a time, never together
    # (several at once take turns with the loop for the interpreter lock and starve it).
    assert scan.events == ["scan started", "healthz answered", "scan finished"] + [
        "scan started",
        "scan finished",
    ] * (len(bodies) - 1)
