"""X-Forwarded-For is believed only from proxies configured explicitly (off by default).

The per-address budgets (the PSP's card-testing limit, the merchant demo's checkout budgets) key
on the client's address. By default that is the TCP peer whatever ``X-Forwarded-For`` says; a
service whose ``FINCORE_<SERVICE>_TRUSTED_PROXIES`` lists the peer uses the forwarded address.
Peers differ by binding the client socket to other loopback addresses (127.0.0.0/8 all reach the
server on 127.0.0.1). The PSP is built the way ``fincore serve psp`` builds it, from the
environment.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from pydantic import ValidationError

from fincore.cards.test_cards import GENERIC_DECLINE_PAN, LUHN_INVALID_PAN, VISA_PAN
from fincore.common.merchants import demo_merchants
from fincore.hosting.serve import SERVICES
from fincore.hosting.server import ThreadedServer
from fincore.lab.clients import PSPBrowserAPI, next_year
from fincore.lab.stack import LocalStack, StackOptions
from fincore.psp import PSPSettings

PROXY = "127.0.0.2"
OTHER_PEER = "127.0.0.3"
# Documentation addresses (RFC 5737): what a client claims to be.
CLAIMED = "203.0.113.1"
OTHER_CLAIMED = "203.0.113.2"
BUDGET = 2


@contextmanager
def psp_served(monkeypatch, tmp_path, trusted_proxies=None) -> Iterator[tuple[str, str]]:
    """A PSP as ``fincore serve psp`` runs it, configured by FINCORE_PSP_* variables: its URL and
    a publishable key. Two failed cards per address, a key budget that never runs out."""
    merchants = demo_merchants([])
    environment = {
        "ENVIRONMENT": "development",
        "DATA_DIR": str(tmp_path / "psp"),
        "MERCHANTS": json.dumps([m.model_dump(mode="json") for m in merchants]),
        "CARD_TESTING_FAILURES_PER_ADDRESS": str(BUDGET),
        "CARD_TESTING_FAILURES_PER_KEY": "1000",
    }
    if trusted_proxies is not None:
        environment["TRUSTED_PROXIES"] = json.dumps(trusted_proxies)
    for name, value in environment.items():
        monkeypatch.setenv(f"FINCORE_PSP_{name}", value)
    app, trusted = SERVICES["psp"]()
    server = ThreadedServer(app, "psp", trusted_proxies=trusted).start()
    try:
        yield server.url, merchants[0].publishable_key
    finally:
        server.stop()
        app.state.db.dispose()
        app.state.request_log.close()


def tokenize(psp, peer, forwarded_for, number=LUHN_INVALID_PAN):
    url, key = psp
    card = {"number": number, "exp_month": 12, "exp_year": next_year(), "cvc": "123"}
    headers = {"Authorization": f"Bearer {key}", "X-Forwarded-For": forwarded_for}
    transport = httpx.HTTPTransport(local_address=peer)
    with httpx.Client(transport=transport, headers=headers) as client:
        return client.post(f"{url}/v1/tokens", json=card)


def spend_the_budget_of(psp, peer, forwarded_for):
    for _ in range(BUDGET):
        assert tokenize(psp, peer, forwarded_for).status_code == 402


def test_by_default_x_forwarded_for_from_any_peer_changes_no_address(monkeypatch, tmp_path):
    with psp_served(monkeypatch, tmp_path) as psp:
        spend_the_budget_of(psp, PROXY, CLAIMED)
        # Claiming another address does not buy a fresh budget: the peer is the client.
        response = tokenize(psp, PROXY, OTHER_CLAIMED, number=VISA_PAN)
        assert response.status_code == 429, response.text
        assert tokenize(psp, OTHER_PEER, CLAIMED, number=VISA_PAN).status_code == 201


def test_the_forwarded_address_is_used_from_a_trusted_proxy(monkeypatch, tmp_path):
    with psp_served(monkeypatch, tmp_path, trusted_proxies=[PROXY]) as psp:
        spend_the_budget_of(psp, PROXY, CLAIMED)
        assert tokenize(psp, PROXY, CLAIMED, number=VISA_PAN).status_code == 429
        # Another client behind the same proxy keeps its own budget.
        assert tokenize(psp, PROXY, OTHER_CLAIMED, number=VISA_PAN).status_code == 201


def test_a_cidr_network_of_proxies_is_trusted(monkeypatch, tmp_path):
    with psp_served(monkeypatch, tmp_path, trusted_proxies=["127.0.0.0/30"]) as psp:
        spend_the_budget_of(psp, PROXY, CLAIMED)
        assert tokenize(psp, PROXY, OTHER_CLAIMED, number=VISA_PAN).status_code == 201


def test_the_forwarded_address_is_ignored_from_a_peer_not_listed(monkeypatch, tmp_path):
    with psp_served(monkeypatch, tmp_path, trusted_proxies=[OTHER_PEER]) as psp:
        spend_the_budget_of(psp, PROXY, CLAIMED)
        assert tokenize(psp, PROXY, OTHER_CLAIMED, number=VISA_PAN).status_code == 429


@pytest.mark.parametrize("entry", ["*", "proxy.internal", "10.0.0.300"])
def test_a_trusted_proxy_must_be_an_address_or_network(entry):
    with pytest.raises(ValidationError, match="not an IP address or CIDR network"):
        PSPSettings(environment="development", trusted_proxies=[entry])


def test_by_default_the_merchant_checkout_budget_keys_on_the_peer(tmp_path):
    # Ten declines per client address (the merchant's default), spread over sessions that each
    # claim another address: the eleventh payment from the same peer is refused all the same.
    with LocalStack(StackOptions(data_dir=tmp_path / "stack")) as stack:
        card_iframe = PSPBrowserAPI(stack.info.psp_url, stack.info.merchants[0].publishable_key)
        statuses = []
        for attempt in range(11):
            headers = {"X-Forwarded-For": f"198.51.100.{attempt}"}
            transport = httpx.HTTPTransport(local_address=PROXY)
            with httpx.Client(
                base_url=stack.info.merchant_url, transport=transport, headers=headers, timeout=15
            ) as browser:
                browser.get("/")
                token = card_iframe.token_id(GENERIC_DECLINE_PAN)
                paid = browser.post(
                    "/api/checkout", json={"token": token, "attempt": f"{attempt:032x}"}
                )
                statuses.append(paid.status_code)
        card_iframe.close()
    assert statuses == [402] * 10 + [429]
