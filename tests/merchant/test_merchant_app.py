"""The demo merchant: a checkout page pinned to fincore.js, and a backend that only sees tokens."""

import re

import httpx
import pytest

from fincore.cards.test_cards import INSUFFICIENT_FUNDS_PAN
from fincore.common.sdk_dist import load_build
from fincore.hosting.server import ThreadedServer, bind_free_port
from fincore.merchant import MerchantSettings, create_app


def checkout(stack, body):
    return httpx.post(f"{stack.info.merchant_url}/api/checkout", json=body, timeout=15)


def attempt(n: int) -> str:
    return f"{n:032x}"


def test_the_checkout_page_pins_fincore_js_with_sri_and_a_tight_csp(stack):
    response = httpx.get(f"{stack.info.merchant_url}/")
    build = load_build()
    sdk_url = f"{stack.info.cdn_url}/sdk/{build.version}/{build.sdk.file}"
    tag = re.search(r'<script src="http[^>]*>', response.text).group(0)
    assert f'src="{sdk_url}"' in tag
    assert f'integrity="{build.sdk.integrity}"' in tag
    assert 'crossorigin="anonymous"' in tag
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["content-security-policy"].split(";")
    )
    assert policy["script-src"] == f"'self' {sdk_url}"
    assert policy["frame-src"] == stack.info.psp_url
    assert policy["connect-src"] == "'self'"
    assert policy["default-src"] == "'none'"
    assert "unsafe" not in response.headers["content-security-policy"]


def test_a_token_pays_the_order_with_the_merchants_secret_key(stack, shopper):
    token = shopper.tokenize().body["id"]
    response = checkout(stack, {"token": token, "attempt": attempt(1)})
    assert response.status_code == 200
    result = response.json()
    assert result["status"] == "succeeded"
    assert result["message"] == "Payment received: 25.00 USD charged to Visa ending in 4242."
    payment = httpx.get(
        f"{stack.info.payments_url}/v1/payments/{result['payment']}",
        headers={"Authorization": f"Bearer {stack.info.merchants[0].secret_key}"},
    ).json()
    assert payment["amount"] == 2500
    assert payment["metadata"] == {"checkout_attempt": attempt(1)}


def test_resubmitting_one_attempt_replays_it_instead_of_charging_twice(stack, shopper):
    body = {"token": shopper.tokenize().body["id"], "attempt": attempt(2)}
    first, second = checkout(stack, body), checkout(stack, body)
    assert first.status_code == second.status_code == 200
    assert first.json()["payment"] == second.json()["payment"]


def test_a_decline_returns_the_reason_for_the_shopper(stack, shopper):
    token = shopper.tokenize(INSUFFICIENT_FUNDS_PAN).body["id"]
    response = checkout(stack, {"token": token, "attempt": attempt(3)})
    assert response.status_code == 402
    assert response.json()["status"] == "declined"
    assert response.json()["decline_code"] == "insufficient_funds"
    assert response.json()["message"] == "Your card has insufficient funds."


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"token": "tok_abc", "attempt": attempt(4), "number": "x"}, "number"),
        ({"token": "card", "attempt": attempt(4)}, "token"),
        ({"token": "tok_abc", "attempt": "again"}, "attempt"),
        ({"attempt": attempt(4)}, "token"),
    ],
)
def test_the_backend_takes_a_token_and_an_attempt_id_only(stack, body, param):
    response = checkout(stack, body)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


def test_a_used_token_is_a_failed_checkout_not_a_crash(stack, shopper):
    token = shopper.tokenize().body["id"]
    assert checkout(stack, {"token": token, "attempt": attempt(5)}).status_code == 200
    again = checkout(stack, {"token": token, "attempt": attempt(6)})
    assert again.status_code == 400
    assert again.json()["status"] == "failed"


def test_an_unreachable_payment_service_is_reported(tmp_path):
    closed = bind_free_port()
    host, port = closed.getsockname()
    closed.close()
    settings = MerchantSettings(
        data_dir=tmp_path,
        publishable_key="pk_test_x",
        secret_key="sk_test_x",
        payments_url=f"http://{host}:{port}",
        psp_origin="http://127.0.0.1:1",
        sdk_url="http://127.0.0.1:2/sdk/1.0.0/fincore-1.0.0.js",
        sdk_integrity="sha384-x",
    )
    server = ThreadedServer(create_app(settings), "merchant").start()
    try:
        response = httpx.post(
            f"{server.url}/api/checkout", json={"token": "tok_abc", "attempt": attempt(7)}
        )
    finally:
        server.stop()
    assert response.status_code == 502
    assert response.json()["code"] == "payments_unreachable"


def test_the_page_script_and_styles_are_served_and_nothing_else(stack):
    base = stack.info.merchant_url
    assert (
        httpx.get(f"{base}/static/checkout.js")
        .headers["content-type"]
        .startswith("text/javascript")
    )
    assert httpx.get(f"{base}/static/checkout.css").status_code == 200
    assert httpx.get(f"{base}/static/settings.py").status_code == 404


def test_the_merchant_logs_request_metadata_never_a_body_or_query_string(stack):
    httpx.post(
        f"{stack.info.merchant_url}/api/checkout?pan=4242424242424242",
        json={"token": "tok_recorded", "attempt": attempt(8), "note": "4242424242424242"},
    )
    folder = stack.info.data_dir / "merchant"
    # Logs and the order database (binary) alike.
    written = "".join(
        path.read_bytes().decode("utf-8", "replace") for path in folder.rglob("*") if path.is_file()
    )
    assert "4242424242424242" not in written and "tok_recorded" not in written
    assert '"path":"/api/checkout"' in written
