"""The hot handlers answer exactly as the FastAPI routes they stand in for.

Each request is sent twice. ``Content-Type: application/json`` goes the hot path. A ``+json``
media type (``application/vnd.api+json``) is JSON to FastAPI as well, but the hot path hands it
to FastAPI: the same request then reaches the FastAPI route. A spy on the hot handler proves
which way each request went.
"""

import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from fincore.cards.test_cards import INSUFFICIENT_FUNDS_PAN, VISA_PAN
from fincore.common.hot_path import HotHandler, HotRequest
from fincore.common.reply import Reply
from fincore.common.security_headers import API_POLICY
from fincore.common.service import FramedFastAPI

HOT = "application/json"
FASTAPI = "application/vnd.api+json"
PAYMENTS = ("POST", "/v1/payments")
CHARGES = ("POST", "/v1/charges")
ERROR_FIELDS = ("type", "code", "param", "message", "decline_code")

Handler = Callable[[HotRequest], Awaitable[Reply | None]]
HotRoutes = dict[tuple[str, str], HotHandler]


def hot_routes_of(app: FastAPI) -> HotRoutes:
    """The hot routes of the app's service frame."""
    assert isinstance(app, FramedFastAPI)
    return app.frame.hot_routes


@contextmanager
def replaced(hot: HotRoutes, route: tuple[str, str], handler: Handler) -> Iterator[None]:
    original = hot[route]
    hot[route] = handler
    try:
        yield
    finally:
        hot[route] = original


@contextmanager
def spying(hot: HotRoutes, route: tuple[str, str]) -> Iterator[list[str]]:
    """What the hot handler did with each request it saw: answered, declined (handed to
    FastAPI) or raised (an error the hot path answers). Recorded before the answer leaves."""
    original = hot[route]
    outcomes: list[str] = []

    async def spy(request: HotRequest) -> Reply | None:
        try:
            reply = await original(request)
        except Exception:
            outcomes.append("raised")
            raise
        outcomes.append("declined" if reply is None else "answered")
        return reply

    with replaced(hot, route, spy):
        yield outcomes


@pytest.fixture(scope="module")
def payments_hot(stack) -> HotRoutes:
    return hot_routes_of(stack.payments_app)


@pytest.fixture(scope="module")
def psp_hot(stack) -> HotRoutes:
    return hot_routes_of(stack.psp_app)


def post(url: str, content_type: str, body: Any, key: str | None, **headers: str):
    sent = {"Content-Type": content_type, **headers}
    if key is not None:
        sent["Authorization"] = f"Bearer {key}"
    return httpx.post(url, content=json.dumps(body), headers=sent)


def error_of(response: httpx.Response) -> dict[str, Any]:
    error = response.json()["error"]
    return {name: error.get(name) for name in ERROR_FIELDS}


def header_names(response: httpx.Response) -> set[str]:
    return set(response.headers) - {"date", "content-length"}


def assert_api_headers(response: httpx.Response) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Security-Policy"] == API_POLICY


def both_ways(
    outcomes: list[str], hot_outcome: str, url: str, body: Any, key: str | None, **headers: str
) -> tuple[httpx.Response, httpx.Response]:
    """The request sent the hot way, then the FastAPI way, under a spy (``outcomes``) that must
    see the first with ``hot_outcome`` and never see the second."""
    hot = post(url, HOT, body, key, **headers)
    assert outcomes == [hot_outcome]
    fastapi = post(url, FASTAPI, body, key, **headers)
    assert outcomes == [hot_outcome]  # FastAPI's request never reached the hot handler
    return hot, fastapi


def assert_same_error(hot: httpx.Response, fastapi: httpx.Response, status: int, code: str) -> None:
    assert hot.status_code == fastapi.status_code == status
    assert error_of(hot) == error_of(fastapi)
    assert error_of(hot)["code"] == code
    assert header_names(hot) == header_names(fastapi)
    assert_api_headers(hot)


# What the hot handler does with each case: answer itself, raise an error it answers, or hand
# the request to FastAPI (a body that fails validation).
PAYMENT_CASES = {
    "unknown-currency": ({"currency": "xyz"}, "secret", "raised", 400, "currency_invalid"),
    "token-not-tok": ({"token": "card_1"}, "secret", "raised", 400, "token_invalid"),
    "amount-zero": ({"amount": 0}, "secret", "raised", 400, "amount_invalid"),
    "missing-token": ({"token": None}, "secret", "declined", 400, "parameter_missing"),
    "amount-wrong-type": ({"amount": "100"}, "secret", "declined", 400, "parameter_invalid"),
    "unknown-field": ({"surprise": 1}, "secret", "declined", 400, "parameter_unknown"),
    "no-key": ({}, None, "raised", 401, "api_key_missing"),
    "invalid-key": ({}, "sk_test_wrong", "raised", 401, "api_key_invalid"),
    "publishable-key": ({}, "publishable", "raised", 401, "secret_key_required"),
}


def payment_body(token: str, change: dict[str, Any]) -> dict[str, Any]:
    body = {"token": token, "amount": 1050, "currency": "usd", **change}
    return {name: value for name, value in body.items() if value is not None}


def merchant_key(stack, kind: str | None) -> str | None:
    if kind == "secret":
        return stack.info.merchants[0].secret_key
    if kind == "publishable":
        return stack.info.merchants[0].publishable_key
    return kind


@pytest.mark.parametrize("case", PAYMENT_CASES)
def test_payment_errors_are_the_same_from_the_hot_path_and_fastapi(
    stack, shopper, payments_hot, case
):
    change, key_kind, hot_outcome, status, code = PAYMENT_CASES[case]
    url = f"{stack.info.payments_url}/v1/payments"
    key = merchant_key(stack, key_kind)
    body = payment_body(shopper.token_id(), change)
    with spying(payments_hot, PAYMENTS) as outcomes:
        hot, fastapi = both_ways(outcomes, hot_outcome, url, body, key)
    assert_same_error(hot, fastapi, status, code)


def test_a_payment_is_the_same_from_the_hot_path_and_fastapi(stack, shopper, payments_hot):
    url = f"{stack.info.payments_url}/v1/payments"
    key = stack.info.merchants[0].secret_key
    answers = {}
    with spying(payments_hot, PAYMENTS) as outcomes:
        for content_type in (HOT, FASTAPI):
            body = payment_body(shopper.token_id(), {"metadata": {"order": "42"}})
            answers[content_type] = post(url, content_type, body, key)
    assert outcomes == ["answered"]
    hot, fastapi = answers[HOT].json(), answers[FASTAPI].json()
    assert answers[HOT].status_code == answers[FASTAPI].status_code == 201
    assert set(hot) == set(fastapi)
    assert header_names(answers[HOT]) == header_names(answers[FASTAPI])
    assert hot["id"] != fastapi["id"]
    same = ("status", "amount", "currency", "amount_display", "card", "metadata", "object")
    assert {name: hot[name] for name in same} == {name: fastapi[name] for name in same}
    assert hot["status"] == "succeeded"
    assert_api_headers(answers[HOT])


def test_a_decline_is_the_same_from_the_hot_path_and_fastapi(stack, shopper, payments_hot):
    url = f"{stack.info.payments_url}/v1/payments"
    key = stack.info.merchants[0].secret_key
    answers = {}
    with spying(payments_hot, PAYMENTS) as outcomes:
        for content_type in (HOT, FASTAPI):
            body = payment_body(shopper.token_id(INSUFFICIENT_FUNDS_PAN), {})
            answers[content_type] = post(url, content_type, body, key)
    assert outcomes == ["answered"]
    hot, fastapi = answers[HOT], answers[FASTAPI]
    assert hot.status_code == fastapi.status_code == 402
    assert error_of(hot) == error_of(fastapi)
    assert set(hot.json()["error"]) == set(fastapi.json()["error"])
    assert error_of(hot)["decline_code"] == "insufficient_funds"


def test_an_idempotent_replay_is_the_same_from_the_hot_path_and_fastapi(
    stack, shopper, payments_hot
):
    url = f"{stack.info.payments_url}/v1/payments"
    key = stack.info.merchants[0].secret_key
    body = payment_body(shopper.token_id(), {})
    with spying(payments_hot, PAYMENTS) as outcomes:
        first = post(url, HOT, body, key, **{"Idempotency-Key": "hot-replay-1"})
        replays = [
            post(url, content_type, body, key, **{"Idempotency-Key": "hot-replay-1"})
            for content_type in (HOT, FASTAPI)
        ]
    assert outcomes == ["answered", "answered"]
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    for replay in replays:
        assert replay.status_code == 201
        assert replay.json() == first.json()
        assert replay.headers["Idempotent-Replayed"] == "true"


def test_a_charset_parameter_still_takes_the_hot_path(stack, shopper, payments_hot):
    url = f"{stack.info.payments_url}/v1/payments"
    body = payment_body(shopper.token_id(), {})
    key = stack.info.merchants[0].secret_key
    with spying(payments_hot, PAYMENTS) as outcomes:
        response = post(url, "Application/JSON; charset=utf-8", body, key)
    assert outcomes == ["answered"]
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (
            json.dumps({"token": VISA_PAN, "amount": 100, "currency": "usd"}),
            "raw_card_data_rejected",
        ),
        ('{"token": "tok_1", "amount": 100, "amount": -1, "currency": "usd"}', "duplicate_key"),
    ],
    ids=["card-number", "duplicate-key"],
)
def test_the_body_checks_run_before_the_hot_handler(stack, payments_hot, content, code):
    headers = {
        "Content-Type": HOT,
        "Authorization": f"Bearer {stack.info.merchants[0].secret_key}",
    }
    with spying(payments_hot, PAYMENTS) as outcomes:
        response = httpx.post(
            f"{stack.info.payments_url}/v1/payments", content=content, headers=headers
        )
    assert outcomes == []
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_a_hot_path_payment_is_logged_like_a_fastapi_one(stack, shopper, payments_hot):
    url = f"{stack.info.payments_url}/v1/payments"
    key = stack.info.merchants[0].secret_key
    log = stack.payments_app.state.request_log
    lines = {}
    with spying(payments_hot, PAYMENTS) as outcomes:
        for content_type in (HOT, FASTAPI):
            answer = post(url, content_type, payment_body(shopper.token_id(), {}), key).json()
            [line] = [r for r in log.records() if r.get("payment") == answer["id"]]
            lines[content_type] = line
    assert outcomes == ["answered"]
    hot = lines[HOT]
    assert set(hot) == set(lines[FASTAPI])
    assert (hot["method"], hot["path"], hot["status"]) == ("POST", "/v1/payments", 201)
    assert hot["merchant"] == stack.info.merchants[0].id


def test_a_hot_path_error_is_logged(stack, payments_hot):
    url = f"{stack.info.payments_url}/v1/payments"
    log = stack.payments_app.state.request_log
    before = len(log.records())
    with spying(payments_hot, PAYMENTS) as outcomes:
        response = post(url, HOT, payment_body("tok_1", {}), "sk_test_logged_wrong")
    assert outcomes == ["raised"]
    assert response.status_code == 401
    [line] = log.records()[before:]
    assert (line["method"], line["path"], line["status"]) == ("POST", "/v1/payments", 401)


def test_an_unexpected_error_in_a_hot_handler_is_a_logged_500_without_a_trace(stack, payments_hot):
    async def broken(request: HotRequest) -> Reply | None:
        raise RuntimeError("secret internals")

    url = f"{stack.info.payments_url}/v1/payments"
    log = stack.payments_app.state.request_log
    before = len(log.records())
    with replaced(payments_hot, PAYMENTS, broken):
        response = post(url, HOT, payment_body("tok_1", {}), "sk_whatever")
    assert response.status_code == 500
    assert error_of(response)["type"] == "api_error"
    assert error_of(response)["code"] == "internal_error"
    assert "secret internals" not in response.text
    assert_api_headers(response)
    [line] = log.records()[before:]
    assert line["status"] == 500


# The PSP's POST /v1/charges, called with the platform secret key as the Payment Service does.
CHARGE_CASES = {
    "unknown-currency": ({"currency": "xyz"}, "platform", {}, "raised", 400, "currency_invalid"),
    "missing-token": ({"token": None}, "platform", {}, "declined", 400, "parameter_missing"),
    "amount-wrong-type": ({"amount": "5"}, "platform", {}, "declined", 400, "parameter_invalid"),
    "amount-zero": ({"amount": 0}, "platform", {}, "declined", 400, "parameter_invalid"),
    "unknown-field": ({"surprise": 1}, "platform", {}, "declined", 400, "parameter_unknown"),
    "key-too-long": (
        {},
        "platform",
        {"Idempotency-Key": "k" * 256},
        "declined",
        400,
        "parameter_invalid",
    ),
    "no-key": ({}, None, {}, "raised", 401, "api_key_missing"),
    "invalid-key": ({}, "psp_sk_wrong", {}, "raised", 401, "api_key_invalid"),
    "publishable-key": ({}, "publishable", {}, "raised", 401, "secret_key_required"),
    "unknown-token": ({"token": "tok_0"}, "platform", {}, "raised", 400, "token_not_found"),
}


def charge_body(stack, token: str, change: dict[str, Any]) -> dict[str, Any]:
    body = {
        "token": token,
        "merchant": stack.info.merchants[0].id,
        "amount": 500,
        "currency": "usd",
        **change,
    }
    return {name: value for name, value in body.items() if value is not None}


def platform_key(stack, kind: str | None) -> str | None:
    if kind == "platform":
        return stack.psp_state.settings.platform_secret_key
    if kind == "publishable":
        return stack.info.merchants[0].publishable_key
    return kind


@pytest.mark.parametrize("case", CHARGE_CASES)
def test_charge_errors_are_the_same_from_the_hot_path_and_fastapi(stack, shopper, psp_hot, case):
    change, key_kind, headers, hot_outcome, status, code = CHARGE_CASES[case]
    url = f"{stack.info.psp_url}/v1/charges"
    key = platform_key(stack, key_kind)
    body = charge_body(stack, shopper.token_id(), change)
    with spying(psp_hot, CHARGES) as outcomes:
        hot, fastapi = both_ways(outcomes, hot_outcome, url, body, key, **headers)
    assert_same_error(hot, fastapi, status, code)


def test_a_charge_is_the_same_from_the_hot_path_and_fastapi(stack, shopper, psp_hot):
    url = f"{stack.info.psp_url}/v1/charges"
    key = platform_key(stack, "platform")
    answers = {}
    with spying(psp_hot, CHARGES) as outcomes:
        for content_type in (HOT, FASTAPI):
            body = charge_body(stack, shopper.token_id(), {})
            answers[content_type] = post(url, content_type, body, key)
    assert outcomes == ["answered"]
    hot, fastapi = answers[HOT].json(), answers[FASTAPI].json()
    assert answers[HOT].status_code == answers[FASTAPI].status_code == 201
    assert set(hot) == set(fastapi)
    assert header_names(answers[HOT]) == header_names(answers[FASTAPI])
    same = ("status", "amount", "currency", "merchant", "card", "object")
    assert {name: hot[name] for name in same} == {name: fastapi[name] for name in same}
    assert hot["status"] == "succeeded"
    assert_api_headers(answers[HOT])


def test_a_hot_path_charge_is_logged(stack, shopper, psp_hot):
    url = f"{stack.info.psp_url}/v1/charges"
    log = stack.psp_app.state.request_log
    body = charge_body(stack, shopper.token_id(), {})
    before = len(log.records())
    with spying(psp_hot, CHARGES) as outcomes:
        response = post(url, HOT, body, platform_key(stack, "platform"))
    assert outcomes == ["answered"]
    assert response.status_code == 201
    [line] = log.records()[before:]
    assert (line["method"], line["path"], line["status"]) == ("POST", "/v1/charges", 201)
