"""``FinCore-Version``: every answer names the version that served it; a caller may pin one; a
version the service does not serve is refused before anything is done, never served as another."""

import httpx
import pytest

from fincore.common.api_version import DEFAULT_API_VERSION

SERVICES = ["payments_url", "psp_url"]


@pytest.mark.parametrize("service", SERVICES)
def test_answers_name_the_default_version_when_none_is_asked(stack, service):
    response = httpx.get(getattr(stack.info, service) + "/healthz")
    assert response.headers["FinCore-Version"] == DEFAULT_API_VERSION == "2026-11-01"


def test_a_pinned_supported_version_is_served(shopper, merchant):
    response = merchant._http.post(
        "/v1/payments",
        json={"token": shopper.token_id(), "amount": 100, "currency": "usd"},
        headers={"FinCore-Version": "2026-11-01"},
    )
    assert response.status_code == 201
    assert response.headers["FinCore-Version"] == "2026-11-01"


@pytest.mark.parametrize("version", ["2025-01-01", "2099-12-31", "latest", "", "1"])
@pytest.mark.parametrize("service", SERVICES)
def test_an_unknown_version_is_refused_with_the_error_object(stack, service, version):
    response = httpx.get(
        getattr(stack.info, service) + "/healthz", headers={"FinCore-Version": version}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["type"], error["code"]) == ("invalid_request_error", "api_version_invalid")
    assert error["param"] == "FinCore-Version"
    assert response.headers["FinCore-Version"] == DEFAULT_API_VERSION
    assert response.headers["Request-Id"].startswith("req_")


def test_an_unknown_version_is_not_echoed(stack):
    sent = "<b>2024-01-01</b>"
    response = httpx.get(stack.info.psp_url + "/healthz", headers={"FinCore-Version": sent})
    assert response.status_code == 400
    assert sent not in response.text


def test_a_payment_asked_under_an_unknown_version_charges_nothing(shopper, merchant):
    token = shopper.token_id()
    before = merchant.list(limit=100).body["data"]
    refused = merchant._http.post(
        "/v1/payments",
        json={"token": token, "amount": 100, "currency": "usd"},
        headers={"FinCore-Version": "2025-01-01", "Idempotency-Key": "version-check-1"},
    )
    assert refused.status_code == 400
    assert merchant.list(limit=100).body["data"] == before
    # Neither the token nor the idempotency key was used up.
    retried = merchant.pay(token, amount=100, idempotency_key="version-check-1")
    assert retried.status == 201
    assert "Idempotent-Replayed" not in retried.headers
