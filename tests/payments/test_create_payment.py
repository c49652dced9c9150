"""POST /v1/payments: charging a token as a merchant backend does (step 10)."""

import httpx
import pytest

from fincore.cards.test_cards import AMEX_PAN, INSUFFICIENT_FUNDS_PAN, TEST_CARDS


def test_a_payment_succeeds_and_says_what_was_charged(shopper, merchant):
    token = shopper.token_id()
    response = merchant.pay(
        token, amount=1050, currency="USD", description="Order 42", metadata={"order_id": "42"}
    )
    assert response.status == 201
    payment = response.body
    assert payment["id"].startswith("pay_")
    assert payment["status"] == "succeeded"
    assert (payment["amount"], payment["currency"], payment["amount_display"]) == (
        1050,
        "usd",
        "10.50 USD",
    )
    assert payment["card"] == {"brand": "visa", "last4": "4242"}
    assert payment["description"] == "Order 42"
    assert payment["metadata"] == {"order_id": "42"}
    assert payment["psp_charge"].startswith("ch_")


@pytest.mark.parametrize(
    ("currency", "amount", "display"),
    [("jpy", 1050, "1050 JPY"), ("usd", 1050, "10.50 USD"), ("kwd", 1050, "1.050 KWD")],
)
def test_amounts_are_minor_units_of_each_currency(shopper, merchant, currency, amount, display):
    response = merchant.pay(shopper.token_id(), amount=amount, currency=currency)
    assert response.status == 201
    assert response.body["amount_display"] == display


@pytest.mark.parametrize("card", [c for c in TEST_CARDS if c.decline_code], ids=lambda c: c.number)
def test_a_decline_is_402_with_the_stored_failed_payment(shopper, merchant, card):
    response = merchant.pay(shopper.token_id(card.number))
    assert response.status == 402
    error = response.error
    assert error["type"] == "card_error"
    assert error["code"] == card.error_code
    assert error["decline_code"] == card.decline_code
    stored = merchant.get(error["payment"])
    assert stored.status == 200
    assert stored.body["status"] == "failed"
    assert stored.body["decline_code"] == card.decline_code
    assert stored.body["card"]["last4"] == card.number[-4:]


def test_insufficient_funds_message_is_shopper_ready(shopper, merchant):
    response = merchant.pay(shopper.token_id(INSUFFICIENT_FUNDS_PAN))
    assert response.error["message"] == "Your card has insufficient funds."


def test_amex_pays(shopper, merchant):
    assert merchant.pay(shopper.token_id(AMEX_PAN, cvc="1234")).status == 201


@pytest.mark.parametrize(
    ("change", "code", "param"),
    [
        ({"amount": 0}, "amount_invalid", "amount"),
        ({"amount": -5}, "amount_invalid", "amount"),
        ({"amount": 10**8}, "amount_too_large", "amount"),
        ({"amount": "100"}, "parameter_invalid", "amount"),
        ({"amount": 10.5}, "parameter_invalid", "amount"),
        ({"amount": True}, "parameter_invalid", "amount"),
        ({"currency": "xyz"}, "currency_invalid", "currency"),
        ({"currency": 840}, "parameter_invalid", "currency"),
        ({"token": "card_123"}, "token_invalid", "token"),
        ({"token": None}, "parameter_invalid", "token"),
        ({"metadata": {"k": 1}}, "parameter_invalid", "metadata[k]"),
        ({"surprise": 1}, "parameter_unknown", "surprise"),
    ],
)
def test_invalid_parameters_are_named_and_store_nothing(shopper, merchant, change, code, param):
    before = merchant.list(limit=100).body["data"]
    body = {"token": shopper.token_id(), "amount": 500, "currency": "usd", **change}
    response = merchant._http.post("/v1/payments", json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["type"], error["code"], error["param"]) == ("invalid_request_error", code, param)
    assert merchant.list(limit=100).body["data"] == before


def test_missing_parameters_are_named(merchant):
    response = merchant._http.post("/v1/payments", json={"amount": 500})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parameter_missing"
    assert response.json()["error"]["param"] in {"token", "currency"}


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[]", b'"text"', b"\xff\xfe\x00"],
    ids=["broken", "array", "string", "binary"],
)
def test_bodies_that_are_not_json_objects_are_invalid_requests(merchant, content):
    response = merchant._http.post(
        "/v1/payments", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"


def test_a_reused_token_is_refused_and_the_attempt_recorded(shopper, merchant):
    token = shopper.token_id()
    assert merchant.pay(token).status == 201
    again = merchant.pay(token)
    assert again.status == 400
    assert again.error["code"] == "token_already_used"
    assert merchant.get(again.error["payment"]).body["status"] == "failed"


def test_another_merchants_token_is_not_found(stack, merchant, other_merchant, shopper):
    token = shopper.token_id()
    refused = other_merchant.pay(token)
    assert refused.error["code"] == "token_not_found"
    assert merchant.pay(token).status == 201


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "api_key_missing"),
        ("Bearer sk_test_wrong", "api_key_invalid"),
        ("Basic abc", "api_key_invalid"),
        ("publishable", "secret_key_required"),
    ],
)
def test_payments_need_the_merchants_secret_key(stack, header, code):
    if header == "publishable":
        header = f"Bearer {stack.info.merchants[0].publishable_key}"
    headers = {"Authorization": header} if header else {}
    response = httpx.post(f"{stack.info.payments_url}/v1/payments", json={}, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"
    assert response.json()["error"]["code"] == code


def test_unknown_routes_and_methods_answer_in_the_error_shape(stack):
    missing = httpx.get(f"{stack.info.payments_url}/v2/nothing")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "resource_missing"
    wrong_method = httpx.delete(f"{stack.info.payments_url}/v1/payments")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["type"] == "invalid_request_error"


def test_healthz(stack):
    assert httpx.get(f"{stack.info.payments_url}/healthz").json() == {"status": "ok"}
