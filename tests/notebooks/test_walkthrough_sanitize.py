"""Volatile values get stable stand-ins, and nbval reads the same patterns from sanitize.cfg."""

import pytest
from nbval.plugin import get_sanitize_patterns

from fincore.lab.notebooks import SANITIZE_CFG
from fincore.walkthrough.sanitize import VOLATILE, sanitize, sanitize_cfg


@pytest.mark.parametrize(
    ("raw", "stable"),
    [
        ('"id": "tok_0123456789abcdef0123456789abcdef"', '"id": "tok_<id>"'),
        ("pay_0123456789abcdef0123456789abcdef failed", "pay_<id> failed"),
        ('"psp_charge": "ch_0123456789abcdef0123456789abcdef"', '"psp_charge": "ch_<id>"'),
        ("order-1-run_0123456789abcdef", "order-1-run_<id>"),
        ("sk_test_" + "ab" * 24, "sk_test_<key>"),
        ("pk_test_" + "cd" * 12, "pk_test_<key>"),
        ("keys: pk_test_...1a2b, sk_test_...99ff", "keys: pk_test_...<key>, sk_test_...<key>"),
        ("http://127.0.0.1:41234/v1/payments", "http://127.0.0.1:<port>/v1/payments"),
        ('"created": 1795678287,', '"created": <unix time>,'),
        ('"fingerprint": "f1e2d3"', '"fingerprint": "<fingerprint>"'),
        ("It took 0.57 s.", "It took <duration>."),
        ("data in /tmp/fincore-stack-x1y2/payments", "data in <tmp>"),
        ("Authorization: Bearer psp_...8ddb", "Authorization: Bearer psp_...<key>"),
        (
            "origin=http%3A%2F%2F127.0.0.1%3A37103&locale=en",
            "origin=http%3A%2F%2F127.0.0.1%3A<port>&locale=en",
        ),
        ("Idempotency-Key: checkout_" + "0f" * 16, "Idempotency-Key: checkout_<attempt>"),
    ],
)
def test_each_kind_of_volatile_value_gets_its_stand_in(raw, stable):
    assert sanitize(raw) == stable


@pytest.mark.parametrize(
    "kept",
    [
        "10.50 USD",
        "1.050 KWD",
        "latency 500 ms, 3 attempts",
        "Invalid API key: sk_test_..._key.",
        "amount 99999999",
        "tok_invalid",
    ],
)
def test_meaningful_values_are_left_alone(kept):
    assert sanitize(kept) == kept


def test_sanitizing_twice_changes_nothing_more():
    once = sanitize("pay_" + "a" * 32 + " at 127.0.0.1:8000 took 1.25 s, created 1700000000")
    assert sanitize(once) == once


def test_the_committed_sanitize_file_is_generated_from_the_patterns():
    assert SANITIZE_CFG.read_text(encoding="utf-8") == sanitize_cfg(), (
        "notebooks/sanitize.cfg is out of date: run `python -m fincore.lab.notebooks refresh`"
    )


def test_nbval_reads_exactly_our_patterns_from_the_file():
    assert get_sanitize_patterns(sanitize_cfg()) == [(v.pattern, v.replacement) for v in VOLATILE]
