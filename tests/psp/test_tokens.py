"""POST /v1/tokens: what the PSP's card iframe gets back for good and bad cards."""

import datetime as dt

import pytest

from fincore.cards.test_cards import AMEX_PAN, LUHN_INVALID_PAN, MASTERCARD_2_SERIES_PAN, VISA_PAN
from fincore.lab.clients import PSPBrowserAPI


def test_a_valid_card_becomes_a_token_with_display_safe_details(shopper):
    response = shopper.tokenize(VISA_PAN, exp_month=7, cvc="123")
    assert response.status == 201
    token = response.body
    assert token["id"].startswith("tok_") and len(token["id"]) >= 4 + 32
    assert token["card"]["brand"] == "visa"
    assert token["card"]["last4"] == "4242"
    assert token["card"]["exp_month"] == 7
    assert token["expires_at"] - token["created"] == 900
    assert VISA_PAN not in str(token)


def test_spaces_between_groups_are_accepted(shopper):
    assert shopper.tokenize("4242 4242 4242 4242").status == 201


def test_the_same_card_has_one_fingerprint(shopper):
    first = shopper.tokenize(VISA_PAN).body["card"]["fingerprint"]
    second = shopper.tokenize(VISA_PAN).body["card"]["fingerprint"]
    other = shopper.tokenize(AMEX_PAN, cvc="1234").body["card"]["fingerprint"]
    assert first == second != other


def test_mastercard_2_series_and_amex_are_recognised(shopper):
    assert shopper.tokenize(MASTERCARD_2_SERIES_PAN).body["card"]["brand"] == "mastercard"
    assert shopper.tokenize(AMEX_PAN, cvc="1234").body["card"]["brand"] == "amex"


THIS_YEAR = dt.date.today().year


@pytest.mark.parametrize(
    ("card", "code", "param"),
    [
        ({"number": LUHN_INVALID_PAN}, "incorrect_number", "number"),
        ({"number": "42424242424242"}, "invalid_number", "number"),
        ({"number": "9999999999999995"}, "invalid_number", "number"),
        ({"number": "4242abcd42424242"}, "invalid_number", "number"),
        ({"number": "37828224631000"}, "invalid_number", "number"),
        ({"exp_month": 13}, "invalid_expiry_month", "exp_month"),
        ({"exp_month": 0}, "invalid_expiry_month", "exp_month"),
        ({"exp_year": THIS_YEAR - 1}, "invalid_expiry_year", "exp_year"),
        ({"exp_year": THIS_YEAR + 50}, "invalid_expiry_year", "exp_year"),
        ({"cvc": "12"}, "invalid_cvc", "cvc"),
        ({"cvc": "12a"}, "invalid_cvc", "cvc"),
        ({"number": AMEX_PAN, "cvc": "123"}, "invalid_cvc", "cvc"),
        ({"cvc": "1234"}, "invalid_cvc", "cvc"),
    ],
)
def test_each_invalid_field_has_its_own_code_and_param(shopper, card, code, param):
    response = shopper.tokenize(**card)
    assert response.status == 402
    assert response.error["type"] == "card_error"
    assert response.error["code"] == code
    assert response.error["param"] == param


def test_an_expiry_month_already_past_this_year_is_refused(shopper):
    today = dt.date.today()
    if today.month == 1:
        response = shopper.tokenize(exp_month=12, exp_year=today.year - 1)
        assert response.error["code"] == "invalid_expiry_year"
    else:
        response = shopper.tokenize(exp_month=today.month - 1, exp_year=today.year)
        assert response.error["code"] == "invalid_expiry_month"


@pytest.mark.parametrize(
    ("body", "code", "param"),
    [
        (
            {"number": VISA_PAN, "exp_month": "12", "exp_year": 2040, "cvc": "123"},
            "parameter_invalid",
            "exp_month",
        ),
        (
            {"number": 4242424242424242, "exp_month": 12, "exp_year": 2040, "cvc": "123"},
            "parameter_invalid",
            "number",
        ),
        ({"exp_month": 12, "exp_year": 2040, "cvc": "123"}, "parameter_missing", "number"),
        (
            {"number": VISA_PAN, "exp_month": 12, "exp_year": 2040, "cvc": "123", "pin": "1"},
            "parameter_unknown",
            "pin",
        ),
    ],
)
def test_malformed_bodies_are_invalid_requests(stack, body, code, param):
    import httpx

    key = stack.info.merchants[0].publishable_key
    raw = httpx.post(
        f"{stack.info.psp_url}/v1/tokens", json=body, headers={"Authorization": f"Bearer {key}"}
    )
    assert raw.status_code == 400
    error = raw.json()["error"]
    assert (error["type"], error["code"], error["param"]) == ("invalid_request_error", code, param)


def test_invalid_json_is_an_invalid_request(stack):
    import httpx

    key = stack.info.merchants[0].publishable_key
    raw = httpx.post(
        f"{stack.info.psp_url}/v1/tokens",
        content=b'{"number": ',
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    assert raw.status_code == 400
    assert raw.json()["error"]["code"] == "invalid_json"


@pytest.mark.parametrize(
    ("key", "code"),
    [
        (None, "api_key_missing"),
        ("pk_test_not_a_real_key", "api_key_invalid"),
        ("secret", "secret_key_required"),
    ],
)
def test_tokenizing_needs_a_publishable_key(stack, key, code):
    if key == "secret":
        key = stack.info.merchants[0].secret_key
        code = "publishable_key_required"
    api = PSPBrowserAPI(stack.info.psp_url, key or "")
    if key is None:
        api._http.headers.pop("Authorization")
    response = api.tokenize()
    assert response.status == 401
    assert response.error["type"] == "authentication_error"
    assert response.error["code"] == code
