"""The PSP's test helpers: there with FINCORE_PSP_TEST_HELPERS=true, absent otherwise, refused in
production. A conformance run against a staging deployment reaches the PSP through these only."""

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from fincore.cards.test_cards import VISA_PAN
from fincore.common.keys import new_development_key
from fincore.psp import PSPSettings, create_app
from fincore.walkthrough.psp_helpers import PSPTestHelpers

HELPER_ROUTES = [
    ("GET", "/v1/test_helpers/faults"),
    ("GET", "/v1/test_helpers/tokens/tok_x/charges"),
    ("POST", "/v1/test_helpers/clock"),
]


def test_the_ledger_helper_counts_the_charges_of_a_token(stack, shopper):
    helpers = PSPTestHelpers(stack.info.psp_url, stack.info.platform_key)
    token = shopper.token_id(VISA_PAN)
    assert helpers.charges_for_token(token) == 0
    charged = httpx.post(
        f"{stack.info.payments_url}/v1/payments",
        headers={"Authorization": f"Bearer {stack.info.merchants[0].secret_key}"},
        json={"token": token, "amount": 1050, "currency": "usd"},
    )
    assert charged.status_code == 201
    assert helpers.charges_for_token(token) == 1
    helpers.close()


def test_the_clock_helper_expires_a_token_created_before_it_moved(stack, shopper):
    helpers = PSPTestHelpers(stack.info.psp_url, stack.info.platform_key)
    old = shopper.token_id(VISA_PAN)
    assert helpers.advance_clock(901) >= 901
    charged = httpx.post(
        f"{stack.info.payments_url}/v1/payments",
        headers={"Authorization": f"Bearer {stack.info.merchants[0].secret_key}"},
        json={"token": old, "amount": 1050, "currency": "usd"},
    )
    assert charged.json()["error"]["code"] == "token_expired"
    helpers.close()


def test_the_fault_helper_reports_what_is_still_queued(stack):
    helpers = PSPTestHelpers(stack.info.psp_url, stack.info.platform_key)
    from fincore.psp.faults import Fault

    assert helpers.inject(Fault("latency", latency_ms=1), count=2) == 2
    assert helpers.pending() == 2
    helpers.clear()
    assert helpers.pending() == 0
    helpers.close()


@pytest.mark.parametrize(("method", "path"), HELPER_ROUTES)
def test_the_helpers_need_the_platform_key(stack, method, path):
    merchant = stack.info.merchants[0].secret_key
    answer = httpx.request(
        method, stack.info.psp_url + path, headers={"Authorization": f"Bearer {merchant}"}
    )
    assert answer.status_code == 401


@pytest.mark.parametrize(("method", "path"), HELPER_ROUTES)
def test_without_the_setting_the_helpers_are_absent(tmp_path, method, path):
    key = new_development_key()
    settings = PSPSettings(environment="development", data_dir=tmp_path, platform_secret_key=key)
    with TestClient(create_app(settings)) as client:
        answer = client.request(method, path, headers={"Authorization": f"Bearer {key}"})
        assert answer.status_code == 404
        assert path not in client.get("/openapi.json").json()["paths"]


def test_a_production_psp_refuses_test_helpers_from_its_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FINCORE_PSP_TEST_HELPERS", "true")
    monkeypatch.setenv("FINCORE_PSP_ENVIRONMENT", "production")
    monkeypatch.setenv("FINCORE_PSP_PLATFORM_SECRET_KEY", "sk_live_" + "a1b2c3d4" * 4)
    with pytest.raises(ValidationError, match="test_helpers cannot be switched on in production"):
        PSPSettings(data_dir=tmp_path)
