"""Unknown query parameters are refused on every operation of the Payment Service and the PSP, as
unknown body fields are: 400 ``parameter_unknown`` with ``param`` naming the parameter."""

from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from fincore.cards.test_cards import TEST_EXPIRY_YEAR, VISA_PAN

FAKE_TOKEN = "tok_" + "0" * 32


@dataclass(frozen=True)
class Call:
    """A request each operation would accept but for the query string."""

    method: str
    path: str
    key: str  # which key authenticates it: "secret", "publishable", "platform" or ""
    body: dict[str, Any] | None = None
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


OPERATION_KEY = {"Idempotency-Key": "query-test"}
CARD = {"number": VISA_PAN, "exp_month": 12, "exp_year": TEST_EXPIRY_YEAR, "cvc": "123"}
CALLS = {
    "payments": {
        "createPayment": Call(
            "POST", "/v1/payments", "secret", {"token": FAKE_TOKEN, "amount": 1, "currency": "usd"}
        ),
        "retrievePayment": Call("GET", "/v1/payments/pay_unknown", "secret"),
        "listPayments": Call("GET", "/v1/payments", "secret", query={"limit": "3"}),
        "retrieveEvent": Call("GET", "/v1/events/evt_unknown", "secret"),
        "listEvents": Call("GET", "/v1/events", "secret", query={"limit": "3"}),
        "capturePayment": Call("POST", "/v1/payments/pay_unknown/capture", "secret", {}),
        "cancelPayment": Call("POST", "/v1/payments/pay_unknown/cancel", "secret", {}),
        "createRefund": Call("POST", "/v1/refunds", "secret", {"payment": "pay_unknown"}),
        "retrieveRefund": Call("GET", "/v1/refunds/re_unknown", "secret"),
        "listRefunds": Call("GET", "/v1/refunds", "secret", query={"limit": "3"}),
        "createWebhookEndpoint": Call(
            "POST",
            "/v1/webhook_endpoints",
            "secret",
            {"url": "http://127.0.0.1:9/hook", "enabled_events": ["*"]},
        ),
        "listWebhookEndpoints": Call("GET", "/v1/webhook_endpoints", "secret"),
        "retrieveWebhookEndpoint": Call("GET", "/v1/webhook_endpoints/we_unknown", "secret"),
        "deleteWebhookEndpoint": Call("DELETE", "/v1/webhook_endpoints/we_unknown", "secret"),
        "healthz": Call("GET", "/healthz", ""),
    },
    "psp": {
        "createToken": Call("POST", "/v1/tokens", "publishable", CARD),
        "createCharge": Call(
            "POST",
            "/v1/charges",
            "platform",
            {"token": FAKE_TOKEN, "merchant": "acct_x", "amount": 1, "currency": "usd"},
        ),
        "retrieveCharge": Call("GET", "/v1/charges/ch_unknown", "platform"),
        "listCharges": Call("GET", "/v1/charges", "platform", query={"idempotency_key": "k-1"}),
        "captureCharge": Call(
            "POST", "/v1/charges/ch_unknown/capture", "platform", {}, headers=OPERATION_KEY
        ),
        "cancelCharge": Call(
            "POST", "/v1/charges/ch_unknown/cancel", "platform", headers=OPERATION_KEY
        ),
        "refundCharge": Call(
            "POST",
            "/v1/charges/ch_unknown/refunds",
            "platform",
            {"amount": 1},
            headers=OPERATION_KEY,
        ),
        "injectFaults": Call("POST", "/v1/test_helpers/faults", "platform", {"kind": "latency"}),
        "clearFaults": Call("DELETE", "/v1/test_helpers/faults", "platform"),
        "pendingFaults": Call("GET", "/v1/test_helpers/faults", "platform"),
        "tokenCharges": Call("GET", f"/v1/test_helpers/tokens/{FAKE_TOKEN}/charges", "platform"),
        "advanceClock": Call("POST", "/v1/test_helpers/clock", "platform", {"seconds": 1}),
        "healthz": Call("GET", "/healthz", ""),
    },
}


def keys(stack) -> dict[str, str]:
    merchant = stack.info.merchants[0]
    return {
        "secret": merchant.secret_key,
        "publishable": merchant.publishable_key,
        "platform": stack.info.platform_key,
    }


def send(stack, service: str, call: Call, query: dict[str, str], key: str | None = None):
    key = keys(stack).get(call.key, "") if key is None else key
    headers = {**call.headers, **({"Authorization": f"Bearer {key}"} if key else {})}
    url = getattr(stack.info, f"{service}_url") + call.path
    return httpx.request(
        call.method, url, json=call.body, params={**call.query, **query}, headers=headers
    )


@pytest.mark.parametrize("service", sorted(CALLS))
def test_every_documented_operation_is_covered_here(stack, service):
    document = httpx.get(getattr(stack.info, f"{service}_url") + "/openapi.json").json()
    documented = {op["operationId"] for ops in document["paths"].values() for op in ops.values()}
    assert documented == set(CALLS[service])


@pytest.mark.parametrize(
    ("service", "operation"),
    [(service, operation) for service, calls in CALLS.items() for operation in calls],
)
def test_an_unknown_query_parameter_is_refused(stack, service, operation):
    response = send(stack, service, CALLS[service][operation], {"expand": "card"})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["type"], error["code"]) == ("invalid_request_error", "parameter_unknown")
    assert error["param"] == "expand"


def test_nothing_is_charged_or_tokenized_when_the_query_is_refused(stack, shopper, merchant):
    before = merchant.list(limit=100).body["data"]
    token = shopper.token_id()
    call = Call("POST", "/v1/payments", "secret", {"token": token, "amount": 1, "currency": "usd"})
    assert send(stack, "payments", call, {"surprise": "1"}).status_code == 400
    assert merchant.list(limit=100).body["data"] == before
    assert merchant.pay(token).status == 201


def test_authentication_answers_before_the_query_is_judged(stack):
    call = CALLS["payments"]["listPayments"]
    response = send(stack, "payments", call, {"surprise": "1"}, key="sk_test_wrong")
    assert response.status_code == 401


def test_the_card_guard_answers_before_the_query_is_judged(stack):
    call = CALLS["payments"]["listPayments"]
    response = send(stack, "payments", call, {"card": VISA_PAN})
    assert response.json()["error"]["code"] == "raw_card_data_rejected"


@pytest.mark.parametrize("name", [VISA_PAN, "<script>", "a" * 100])
@pytest.mark.parametrize("service", sorted(CALLS))
def test_an_unknown_name_that_is_unsafe_to_repeat_is_refused_without_repeating_it(
    stack, service, name
):
    response = send(stack, service, CALLS[service]["healthz"], {name: "1"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "parameter_unknown"
    assert "param" not in error
    assert name not in response.text
