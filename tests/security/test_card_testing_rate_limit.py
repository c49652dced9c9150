"""Card testing at the PSP: failed tokenizations are limited per publishable key and per client
address (20 a minute by default), with 429 and Retry-After; valid ones are never throttled.

Time moves with the stack's fake clock; client addresses differ by binding the client socket to
other loopback addresses (127.0.0.0/8 all reach the server on 127.0.0.1).
"""

import httpx
import pytest

from fincore.cards.test_cards import LUHN_INVALID_PAN, VISA_PAN
from fincore.lab.clients import next_year
from fincore.lab.stack import LocalStack, StackOptions

DEFAULT_BUDGET = 20
WINDOW = 60
BAD_CARDS = [
    {"number": LUHN_INVALID_PAN},
    {"number": "4242"},
    {"exp_month": 13},
    {"exp_year": 1999},
    {"cvc": "1"},
]


def tokenize(stack, merchant=0, address="127.0.0.1", **card):
    """POST /v1/tokens as the card iframe of ``merchant`` on a shopper's machine at ``address``."""
    body = {"number": VISA_PAN, "exp_month": 12, "exp_year": next_year(), "cvc": "123", **card}
    key = stack.info.merchants[merchant].publishable_key
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(transport=transport, headers={"Authorization": f"Bearer {key}"}) as client:
        return client.post(f"{stack.info.psp_url}/v1/tokens", json=body)


def fail(stack, times, merchant=0, address="127.0.0.1"):
    for attempt in range(times):
        response = tokenize(stack, merchant, address, **BAD_CARDS[attempt % len(BAD_CARDS)])
        assert response.status_code == 402, response.text


def test_the_21st_failure_in_a_minute_is_refused_with_retry_after(clocked_stack):
    fail(clocked_stack, DEFAULT_BUDGET)
    response = tokenize(clocked_stack, number=LUHN_INVALID_PAN)
    assert response.status_code == 429
    error = response.json()["error"]
    assert (error["type"], error["code"]) == ("invalid_request_error", "rate_limited")
    assert response.headers["Retry-After"] == str(WINDOW)


def test_a_blocked_caller_cannot_tell_a_good_card_from_a_bad_one(clocked_stack):
    fail(clocked_stack, DEFAULT_BUDGET)
    assert tokenize(clocked_stack).status_code == 429


def test_the_budget_comes_back_as_failures_age_out(clocked_stack, clock):
    fail(clocked_stack, 1)
    clock.advance(30)
    fail(clocked_stack, DEFAULT_BUDGET - 1)
    assert tokenize(clocked_stack).headers["Retry-After"] == "30"
    clock.advance(29)
    assert tokenize(clocked_stack).status_code == 429
    clock.advance(1)
    # The first failure aged out: one attempt is allowed again, and it fails as a card error.
    assert tokenize(clocked_stack, number=LUHN_INVALID_PAN).status_code == 402
    assert tokenize(clocked_stack).status_code == 429
    clock.advance(WINDOW)
    assert tokenize(clocked_stack).status_code == 201


def test_valid_tokenizations_are_never_throttled_and_never_count(clocked_stack):
    for _ in range(3 * DEFAULT_BUDGET):
        assert tokenize(clocked_stack).status_code == 201
    fail(clocked_stack, DEFAULT_BUDGET)
    assert tokenize(clocked_stack).status_code == 429


def test_one_address_spends_its_budget_for_every_key_it_uses(clocked_stack):
    fail(clocked_stack, DEFAULT_BUDGET, merchant=0, address="127.0.0.2")
    # The other merchant's key has its whole budget, but this address has none left.
    assert tokenize(clocked_stack, merchant=1, address="127.0.0.2").status_code == 429
    assert tokenize(clocked_stack, merchant=1, address="127.0.0.3").status_code == 201


def test_a_spent_key_refuses_the_addresses_that_failed_with_it(clocked_stack):
    for n in range(DEFAULT_BUDGET):
        fail(clocked_stack, 1, merchant=0, address=f"127.0.1.{n + 1}")
    # Each rotating address had one try; with the key's budget spent, it gets no second one.
    response = tokenize(clocked_stack, merchant=0, address="127.0.1.1")
    assert response.status_code == 429
    assert tokenize(clocked_stack, merchant=1, address="127.0.1.1").status_code == 201


def test_rotating_addresses_do_not_lock_a_fresh_shopper_out(clocked_stack):
    for n in range(DEFAULT_BUDGET):
        fail(clocked_stack, 1, merchant=0, address=f"127.0.1.{n + 1}")
    assert tokenize(clocked_stack, merchant=0, address="127.0.2.1").status_code == 201


def test_x_forwarded_for_does_not_change_the_address_the_budget_counts(clocked_stack):
    key = clocked_stack.info.merchants[0].publishable_key
    for n in range(DEFAULT_BUDGET):
        response = httpx.post(
            f"{clocked_stack.info.psp_url}/v1/tokens",
            json={"number": LUHN_INVALID_PAN, "exp_month": 12, "exp_year": next_year(), "cvc": "1"},
            headers={"Authorization": f"Bearer {key}", "X-Forwarded-For": f"198.51.100.{n}"},
        )
        assert response.status_code == 402
    assert tokenize(clocked_stack, merchant=1).status_code == 429


def test_malformed_requests_and_bad_keys_do_not_count(clocked_stack):
    for _ in range(DEFAULT_BUDGET + 1):
        assert tokenize(clocked_stack, exp_month="12").status_code == 400
    key = clocked_stack.info.merchants[0].publishable_key
    for _ in range(DEFAULT_BUDGET + 1):
        response = httpx.post(
            f"{clocked_stack.info.psp_url}/v1/tokens",
            json={"number": LUHN_INVALID_PAN},
            headers={"Authorization": f"Bearer {key[:-1]}x"},
        )
        assert response.status_code == 401
    assert tokenize(clocked_stack).status_code == 201


@pytest.fixture
def strict_stack(tmp_path, clock, monkeypatch):
    """A PSP configured by its settings: 3 failures per key per 10 minutes, no address limit."""
    monkeypatch.setenv("FINCORE_PSP_CARD_TESTING_FAILURES_PER_KEY", "3")
    monkeypatch.setenv("FINCORE_PSP_CARD_TESTING_FAILURES_PER_ADDRESS", "0")
    monkeypatch.setenv("FINCORE_PSP_CARD_TESTING_WINDOW_SECONDS", "600")
    with LocalStack(StackOptions(data_dir=tmp_path / "strict", clock=clock)) as stack:
        yield stack


def test_the_limits_and_window_are_settings(strict_stack, clock):
    fail(strict_stack, 3)
    response = tokenize(strict_stack)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "600"
    # The address limit is off: the other merchant, from the same address, is not held back.
    fail(strict_stack, 3, merchant=1)
    clock.advance(600)
    assert tokenize(strict_stack).status_code == 201
