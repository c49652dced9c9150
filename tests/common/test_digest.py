import hashlib
import json

import pytest

from fincore.common.digest import body_digest


def standard_library_digest(body):
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@pytest.mark.parametrize(
    "body",
    [
        {"token": "tok_1", "amount": 1000, "currency": "usd"},
        {"b": {"z": 1, "a": [True, None, "x"]}, "a": -5},
        {"description": "Café crème ☕", "amount": 1},
        {"amount": 2**70},
        {"metadata": {"order": 'line\nbreak \u2028 and "quotes"'}},
    ],
)
def test_digests_equal_the_standard_librarys(body):
    assert body_digest(body) == standard_library_digest(body)


def test_another_body_has_another_digest():
    assert body_digest({"amount": 1000}) != body_digest({"amount": 1001})
