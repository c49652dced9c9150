"""The raw card data guard: a PAN sent to the Payment Service is refused before any handler."""

import httpx
import pytest

from fincore.cards.test_cards import AMEX_PAN, VISA_PAN


@pytest.mark.parametrize(
    "body",
    [
        {"token": VISA_PAN, "amount": 100, "currency": "usd"},
        {"token": "tok_x", "amount": 100, "currency": "usd", "description": "4242 4242 4242 4242"},
        {
            "token": "tok_x",
            "amount": 100,
            "currency": "usd",
            "metadata": {"note": "4242-4242-4242-4242"},
        },
        {"card": {"number": AMEX_PAN}},
    ],
    ids=["as-token", "spaced-in-description", "dashed-in-metadata", "nested"],
)
def test_a_body_with_a_card_number_is_refused_and_not_logged(stack, merchant, body):
    before = merchant.list(limit=100).body["data"]
    response = merchant._http.post("/v1/payments", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "raw_card_data_rejected"
    assert merchant.list(limit=100).body["data"] == before
    log = (stack.info.data_dir / "payments" / "requests.log").read_text()
    assert VISA_PAN not in log and AMEX_PAN not in log


def test_a_card_number_in_the_query_string_is_refused(stack, merchant):
    response = merchant._http.get("/v1/payments", params={"starting_after": VISA_PAN})
    assert response.json()["error"]["code"] == "raw_card_data_rejected"


def test_the_guard_runs_after_authentication_and_stores_nothing(stack):
    # No key: refused before the guard spends any CPU on the body, and nothing is written.
    response = httpx.post(f"{stack.info.payments_url}/v1/payments", json={"pan": VISA_PAN})
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"
    log = (stack.info.data_dir / "payments" / "requests.log").read_text()
    assert VISA_PAN not in log


def test_a_luhn_invalid_number_passes_the_guard_to_normal_validation(shopper, merchant):
    response = merchant.pay(shopper.token_id(), description="ref 4242424242424241")
    assert response.status == 201
