"""Card testing through the demo merchant's checkout: decline codes a tester learns from are
hidden from the browser, and declines are budgeted per checkout session and per client address.

Client addresses differ by binding the client socket to other loopback addresses (127.0.0.0/8
all reach the server on 127.0.0.1).
"""

import json
from collections.abc import Iterator

import httpx
import pytest

from fincore.cards.test_cards import (
    GENERIC_DECLINE_PAN,
    INCORRECT_CVC_PAN,
    LOST_CARD_PAN,
    STOLEN_CARD_PAN,
    VISA_PAN,
)
from fincore.lab.clients import PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions
from fincore.merchant.card_testing import SESSION_COOKIE
from fincore.merchant.checkout import GENERIC_DECLINE

PER_SESSION = 5
PER_CLIENT = 10


@pytest.fixture
def fresh_stack(tmp_path) -> Iterator[LocalStack]:
    """A stack of its own: its merchant's decline budgets are untouched."""
    with LocalStack(StackOptions(data_dir=tmp_path / "stack")) as stack:
        yield stack


class Shopper:
    """A browser at ``address``: loads the checkout (getting its session cookie), then pays."""

    def __init__(self, stack: LocalStack, address: str = "127.0.0.1") -> None:
        self.stack = stack
        transport = httpx.HTTPTransport(local_address=address)
        self.http = httpx.Client(base_url=stack.info.merchant_url, transport=transport, timeout=15)
        self.http.get("/")
        self.card_iframe = PSPBrowserAPI(
            stack.info.psp_url, stack.info.merchants[0].publishable_key
        )
        self.attempts = 0

    def pay(self, number: str = VISA_PAN) -> httpx.Response:
        self.attempts += 1
        token = self.card_iframe.token_id(number)
        return self.http.post("/api/checkout", json={"token": token, "attempt": self._attempt()})

    def _attempt(self) -> str:
        return f"{id(self) % 10**8:08x}{self.attempts:024x}"


@pytest.mark.parametrize(
    ("number", "exact_code"),
    [
        (LOST_CARD_PAN, "lost_card"),
        (STOLEN_CARD_PAN, "stolen_card"),
        (INCORRECT_CVC_PAN, "incorrect_cvc"),
    ],
)
def test_a_telling_decline_reaches_the_browser_as_generic(fresh_stack, number, exact_code):
    response = Shopper(fresh_stack).pay(number)
    assert response.status_code == 402, response.text
    result = response.json()
    assert (result["code"], result["decline_code"]) == ("card_declined", "generic_decline")
    assert result["message"] == GENERIC_DECLINE
    assert exact_code not in response.text
    # The merchant's backend still knows why: its own log line has the exact code.
    log = (fresh_stack.info.data_dir / "merchant" / "requests.log").read_text().splitlines()
    [line] = [json.loads(r) for r in log if json.loads(r).get("payment") == result["payment"]]
    assert exact_code in (line["code"], line["decline_code"])


def test_a_session_is_refused_after_its_declines_are_spent(fresh_stack):
    shopper = Shopper(fresh_stack)
    assert SESSION_COOKIE in shopper.http.cookies
    for _ in range(PER_SESSION):
        assert shopper.pay(GENERIC_DECLINE_PAN).status_code == 402
    refused = shopper.pay(VISA_PAN)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) > 0


def test_a_client_address_is_refused_after_its_declines_across_sessions(fresh_stack):
    for _ in range(PER_CLIENT // PER_SESSION):
        shopper = Shopper(fresh_stack, "127.0.0.5")
        for _ in range(PER_SESSION):
            assert shopper.pay(GENERIC_DECLINE_PAN).status_code == 402
    assert Shopper(fresh_stack, "127.0.0.5").pay().status_code == 429


def test_one_clients_declines_do_not_refuse_another_clients_card(fresh_stack):
    tester = Shopper(fresh_stack, "127.0.0.6")
    for _ in range(PER_SESSION):
        declined = tester.pay(GENERIC_DECLINE_PAN)
        assert declined.status_code == 402, declined.text
    refused = tester.pay()
    assert refused.status_code == 429, refused.text
    paid = Shopper(fresh_stack, "127.0.0.7").pay()
    assert paid.status_code == 200, paid.text
