"""The raw card data guard: a PAN sent to the Payment Service is refused before any handler."""

import base64
import json

import httpx
import pytest
import sqlalchemy

from fincore.cards.corpus import honest_identifiers
from fincore.cards.test_cards import AMEX_PAN, VISA_PAN
from fincore.payments import card_guard


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


def _payment(shopper, **fields):
    return {"token": shopper.token_id(), "amount": 100, "currency": "usd", **fields}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32", "utf-8-sig"])
def test_a_json_body_that_is_not_utf8_is_refused(stack, merchant, shopper, encoding):
    before = merchant.list(limit=100).body["data"]
    body = json.dumps(_payment(shopper, description=f"card {VISA_PAN}")).encode(encoding)
    response = merchant._http.post(
        "/v1/payments", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "invalid_json"
    assert "UTF-8" in response.json()["error"]["message"]
    assert merchant.list(limit=100).body["data"] == before


DISGUISED = {
    "glued-to-letters": f"PAN{VISA_PAN}",
    "card-then-cvc-in-one-run": f"{VISA_PAN}123",
    "track-1": f"%B{VISA_PAN}^DOE/JANE^2512101000000000000",
    "track-2": f";{VISA_PAN}=25121010000000000?",
    "dots": "4242.4242.4242.4242",
    "slashes": "4242/4242/4242/4242",
    "double-spaces": "4242  4242  4242  4242",
    "spaced-dash": "3782 - 822463 - 10005",
    "base64": base64.b64encode(VISA_PAN.encode()).decode(),
    "url-encoded-in-body": "4242%204242%204242%204242",
    "hex": VISA_PAN.encode().hex(),
    "full-width-digits": "４２４２４２４２４２４２４２４２",
}


@pytest.mark.parametrize("text", DISGUISED.values(), ids=DISGUISED.keys())
def test_a_disguised_card_number_in_the_description_is_refused(merchant, shopper, text):
    response = merchant._http.post("/v1/payments", json=_payment(shopper, description=text))
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "raw_card_data_rejected"


def test_a_card_number_split_across_metadata_values_is_refused(merchant, shopper):
    metadata = {"part1": "4242 4242", "part2": "4242", "part3": "4242"}
    response = merchant._http.post("/v1/payments", json=_payment(shopper, metadata=metadata))
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "raw_card_data_rejected"


# Each of these is a Luhn-valid 16-digit run with a dash: the guard refused them before it
# required a card brand's prefix and length and a card to start where a group starts.
@pytest.mark.parametrize("sequence", [6, 14, 22, 30])
def test_an_idempotency_key_of_prefix_unix_time_and_sequence_is_accepted(
    merchant, shopper, sequence
):
    key = f"order-1764400000-{sequence:06d}"
    response = merchant._http.post(
        "/v1/payments", json=_payment(shopper), headers={"Idempotency-Key": key}
    )
    assert response.status_code == 201, response.text


def test_honest_identifiers_pass_the_guard_below_one_in_a_thousand():
    corpus = honest_identifiers(count=2000, seed=13)
    refused = [
        text for text in corpus if card_guard.check(_scope(idempotency_key=text), b"") is not None
    ]
    assert len(refused) <= len(corpus) // 1000, refused[:5]


def _scope(idempotency_key: str) -> dict:
    return {
        "type": "http",
        "method": "POST",
        "path": "/v1/payments",
        "query_string": b"",
        "headers": [(b"idempotency-key", idempotency_key.encode())],
    }


def test_a_failed_payment_does_not_keep_the_refused_token_string(stack, merchant):
    refused_token = "tok_" + "0" * 40
    response = merchant.pay(refused_token)
    assert response.status == 400, response.body
    payment_id = response.body["error"]["payment"]
    with stack.payments_state.engine.connect() as connection:
        stored = connection.execute(
            sqlalchemy.text("SELECT token FROM payments WHERE id = :id"), {"id": payment_id}
        ).scalar_one()
    assert stored == ""


def test_a_glued_card_number_in_an_unknown_payment_path_is_not_logged(stack, merchant):
    response = merchant._http.get(f"/v1/payments/pay{VISA_PAN}")
    assert response.status_code == 400
    log = (stack.info.data_dir / "payments" / "requests.log").read_text()
    assert VISA_PAN not in log
