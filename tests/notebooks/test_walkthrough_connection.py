"""``connect``: the bundled stack in the kernel, or another deployment by URL and keys."""

import threading
from pathlib import Path

import httpx
import pytest

from fincore.cards.test_cards import GENERIC_DECLINE_PAN, TEST_CARDS, VISA_PAN
from fincore.lab.target import parse_target
from fincore.psp.faults import Fault
from fincore.walkthrough import NeedsBundledStack, connect, resolve_card


@pytest.fixture(scope="module")
def bundled():
    conn = connect()
    yield conn
    conn.close()


def test_without_urls_the_bundled_stack_starts_on_loopback(bundled):
    assert bundled.bundled
    assert bundled.payments_url.startswith("http://127.0.0.1:")
    assert httpx.get(f"{bundled.psp_url}/healthz").status_code == 200


def test_every_test_card_gets_the_outcome_the_table_promises(bundled):
    attempts = [bundled.charge(card, 1050, "usd") for card in TEST_CARDS]
    assert [a.name for a in attempts if not a.as_expected] == []


def test_payments_made_are_remembered_oldest_first_failed_ones_too(bundled):
    paid = bundled.charge(resolve_card(VISA_PAN), 500, "usd")
    declined = bundled.charge(resolve_card(GENERIC_DECLINE_PAN), 500, "usd")
    assert bundled.created[-2:] == [paid.payment_id, declined.payment_id]
    assert declined.status == 402 and declined.payment_id.startswith("pay_")


def test_resending_with_a_key_replays_and_counts_one_charge(bundled):
    first = bundled.charge(resolve_card(VISA_PAN), 700, "jpy", key=bundled.key("resend"))
    again = bundled.resend(first)
    assert (again.replayed, again.response.body) == (True, first.response.body)
    assert bundled.charges_for_token(first.token) == 1
    assert "run_" in bundled.key("x") and bundled.key("x") == bundled.key("x")


def test_a_raw_request_carries_exactly_the_key_given(bundled):
    assert bundled.request("GET", "/v1/payments", key=None).error["code"] == "api_key_missing"
    assert bundled.request("GET", "/v1/payments", key=bundled.secret_key).status == 200
    tokens = bundled.request(
        "POST", "/v1/tokens", key=bundled.publishable_key, service="psp", json={"number": "x"}
    )
    assert tokens.status == 400


def test_closing_leaves_no_port_thread_or_folder_behind():
    before = set(threading.enumerate())
    conn = connect()
    urls, data_dir = [conn.psp_url, conn.payments_url], Path(conn.stack.info.data_dir)
    assert data_dir.is_dir()
    closed = conn.close()
    assert closed.leftovers == []
    assert not data_dir.exists()
    assert [
        t for t in threading.enumerate() if t not in before and t.name.startswith("fincore")
    ] == []
    for url in urls:
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{url}/healthz", timeout=2)
    assert conn.close() is closed


def test_another_deployment_is_used_by_url_and_keys_and_left_running(stack):
    info, merchant = stack.info, stack.info.merchants[1]
    conn = connect(
        info.psp_url,
        info.payments_url,
        publishable_key=merchant.publishable_key,
        secret_key=merchant.secret_key,
    )
    assert not conn.bundled
    attempt = conn.charge(resolve_card(VISA_PAN), 1050, "kwd")
    assert attempt.as_expected and attempt.response.body["amount_display"] == "1.050 KWD"
    with pytest.raises(NeedsBundledStack, match="gives no platform key"):
        conn.faults  # noqa: B018
    with pytest.raises(NeedsBundledStack):
        conn.charges_for_token(attempt.token)
    assert conn.close().leftovers == []
    assert httpx.get(f"{info.payments_url}/healthz").status_code == 200


def test_a_target_with_the_platform_key_reaches_the_psp_test_helpers_over_http(stack):
    info = stack.info
    target = parse_target(info.as_json())
    with connect(target=target) as conn:
        assert (
            not conn.bundled and conn.info.merchants[1].secret_key == info.merchants[1].secret_key
        )
        conn.faults.inject(Fault("error", status=503), count=1)
        attempt = conn.charge(resolve_card(VISA_PAN), 1050, "usd")
        assert attempt.as_expected and conn.faults.pending() == 0
        assert conn.charges_for_token(attempt.token) == 1
    assert httpx.get(f"{info.payments_url}/healthz").status_code == 200


def test_a_target_and_urls_together_are_refused(stack):
    with pytest.raises(ValueError, match="either a target or URLs"):
        connect(stack.info.psp_url, target=parse_target(stack.info.as_json()))


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"payments_url": "http://127.0.0.1:1"}, "psp_url, publishable_key, secret_key"),
        (
            {"psp_url": "http://127.0.0.1:1", "payments_url": "http://127.0.0.1:1"},
            "publishable_key",
        ),
    ],
)
def test_half_a_deployment_is_refused_naming_what_is_missing(given, named):
    with pytest.raises(ValueError, match=f"set {named}"):
        connect(**given)


def test_keys_without_urls_are_refused():
    with pytest.raises(ValueError, match="Keys belong to another deployment"):
        connect(secret_key="sk_test_x")


def test_an_unreachable_deployment_is_named():
    with pytest.raises(ConnectionError, match="The PSP at http://127.0.0.1:9 does not answer"):
        connect("http://127.0.0.1:9", "http://127.0.0.1:9", publishable_key="pk", secret_key="sk")
