"""Bodies no client should send: oversized, deeply nested, not UTF-8, ambiguous, absurd numbers.

Each is refused with a 4xx error object by both the Payment Service and the PSP, and none leaves a
500 in the request logs.
"""

import httpx
import pytest

from fincore.cards.test_cards import VISA_PAN
from fincore.payments.body_limit import max_payment_body_bytes

MIB = 1024 * 1024
JSON = {"Content-Type": "application/json"}


# Each service's body limit: the Payment Service's follows its payment schema.
LIMITS = {"payments": max_payment_body_bytes(), "psp": MIB}


@pytest.fixture(params=["payments", "psp"])
def endpoint(request, stack):
    """The body-taking endpoint of each service, with the key it needs."""
    info = stack.info
    if request.param == "payments":
        return f"{info.payments_url}/v1/payments", info.merchants[0].secret_key
    return f"{info.psp_url}/v1/tokens", info.merchants[0].publishable_key


@pytest.fixture
def limit(endpoint):
    return LIMITS["payments" if "/v1/payments" in endpoint[0] else "psp"]


def post(endpoint, content, headers=JSON):
    url, key = endpoint
    return httpx.post(url, content=content, headers={**headers, "Authorization": f"Bearer {key}"})


def error_of(response, status):
    assert response.status_code == status, response.text
    return response.json()["error"]


def test_a_body_over_the_limit_is_refused_before_parsing_or_authentication(endpoint, limit):
    # Not JSON, no valid key, a card number inside: 413 wins over every other objection.
    body = b"{" + VISA_PAN.encode() + b"x" * limit
    url, _ = endpoint
    response = httpx.post(url, content=body, headers=JSON)
    assert error_of(response, 413)["code"] == "payload_too_large"


def test_a_chunked_body_without_content_length_is_counted_as_it_arrives(endpoint):
    def fifty_mib():
        for _ in range(50 * 16):
            yield b"x" * (64 * 1024)

    response = post(endpoint, fifty_mib())
    assert response.request.headers.get("Transfer-Encoding") == "chunked"
    assert "Content-Length" not in response.request.headers
    assert error_of(response, 413)["code"] == "payload_too_large"


def test_a_body_of_exactly_the_limit_is_parsed(endpoint, limit):
    assert error_of(post(endpoint, b"x" * limit), 400)["code"] == "invalid_json"


@pytest.mark.parametrize(
    "body",
    [
        # Far deeper than any parser allows, and within both services' body limits.
        b"[" * 100_000 + b"]" * 100_000,
        b'{"metadata":' + b'{"a":' * 40_000 + b"1" + b"}" * 40_001,
    ],
    ids=["arrays", "objects"],
)
def test_deeply_nested_json_is_invalid_json(endpoint, body):
    error = error_of(post(endpoint, body), 400)
    assert (error["code"], error["message"]) == (
        "invalid_json",
        "The request body is nested too deeply.",
    )


def test_a_body_that_is_not_utf8_is_invalid_json(endpoint):
    error = error_of(post(endpoint, b'{"token": "tok_\xff\xfe", "number": "\xc3\x28"}'), 400)
    assert (error["code"], error["message"]) == (
        "invalid_json",
        "The request body is not valid UTF-8.",
    )


def test_a_lone_surrogate_escape_is_an_invalid_parameter(stack, merchant, shopper):
    body = f'{{"token": "{shopper.token_id()}", "amount": 100, "currency": "usd", '
    body += '"description": "\\ud800"}'
    response = merchant._http.post("/v1/payments", content=body.encode(), headers=JSON)
    error = error_of(response, 400)
    assert (error["code"], error["param"]) == ("parameter_invalid", "description")


@pytest.mark.parametrize(
    ("body", "param"),
    [
        (b'{"amount": 100, "currency": "usd", "amount": -5, "token": "tok_x"}', "amount"),
        (b'{"token": "tok_x", "metadata": {"order": "1", "order": "2"}}', "order"),
        (b'{"number": "4242", "number": "4000"}', "number"),
    ],
    ids=["top-level", "nested", "card-number"],
)
def test_a_key_named_twice_is_refused_not_resolved(endpoint, body, param):
    # Parsers disagree on which value wins; the services take neither.
    error = error_of(post(endpoint, body), 400)
    assert (error["code"], error["param"]) == ("duplicate_key", param)


def test_a_duplicate_key_that_repeats_the_same_value_is_refused_too(stack, merchant, shopper):
    token = shopper.token_id()
    body = f'{{"token": "{token}", "token": "{token}", "amount": 100, "currency": "usd"}}'
    response = merchant._http.post("/v1/payments", content=body.encode(), headers=JSON)
    assert error_of(response, 400)["code"] == "duplicate_key"
    # Nothing was charged: the token is still good.
    assert merchant.pay(token).status == 201


def test_an_integer_past_the_parsers_limit_is_invalid_json(endpoint):
    body = b'{"amount": ' + b"9" * 5000 + b', "exp_month": 1}'
    error = error_of(post(endpoint, body), 400)
    assert (error["code"], error["message"]) == (
        "invalid_json",
        "The request body holds a number too long to parse.",
    )


@pytest.mark.parametrize(
    ("amount", "code"),
    [(10**30, "amount_too_large"), (-(10**30), "amount_invalid")],
)
def test_huge_amounts_are_refused_by_name(merchant, shopper, amount, code):
    response = merchant.pay(shopper.token_id(), amount=amount)
    assert (response.status, response.error["code"]) == (400, code)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("exp_month", 10**30, "invalid_expiry_month"),
        ("exp_year", 10**30, "invalid_expiry_year"),
        ("exp_year", -(10**30), "invalid_expiry_year"),
    ],
)
def test_huge_expiry_numbers_are_card_errors(shopper, field, value, code):
    response = shopper.tokenize(**{field: value})
    assert (response.status, response.error["code"], response.error["param"]) == (
        402,
        code,
        field,
    )


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"100.0"])
def test_non_integer_amounts_are_invalid_parameters(merchant, literal):
    body = b'{"token": "tok_x", "currency": "usd", "amount": ' + literal + b"}"
    response = merchant._http.post("/v1/payments", content=body, headers=JSON)
    error = error_of(response, 400)
    assert (error["code"], error["param"]) == ("parameter_invalid", "amount")


def test_no_hostile_body_left_a_server_error_in_the_logs(stack):
    # Runs after the cases above (file order); the module's stack logged all of them.
    for state in (stack.payments_state, stack.psp_state):
        statuses = {record["status"] for record in state.log.records()}
        assert {400, 413} <= statuses
        assert max(statuses) < 500
