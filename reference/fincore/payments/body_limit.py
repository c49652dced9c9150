"""The Payment Service's body limit: the largest body ``POST /v1/payments`` can need, derived from
the payment schema, so an honest body always fits and a hostile one is refused by its size alone.

The service frame refuses a body past the limit with ``413 payload_too_large`` as it arrives,
before authentication and before the card-number guard spends any CPU on it
(``fincore.common.body_limit``). The limit follows the schema: the largest valid payment is built
from ``PaymentCreate``'s own constraints (every string at its maximum length, every metadata key
used, every character the widest JSON can spell), written the way a pretty printer writes it, plus
headroom for any other whitespace. Lengthen a field in the schema and the limit grows with it.
"""

import json
from functools import cache
from typing import Any

from fincore.common.currencies import EXPONENTS
from fincore.payments.schemas import (
    MAX_AMOUNT,
    MAX_METADATA_KEY_LENGTH,
    MAX_METADATA_KEYS,
    MAX_METADATA_VALUE_LENGTH,
    PaymentCreate,
)

# Characters outside the Basic Multilingual Plane: JSON writes each as a surrogate pair of
# \uXXXX escapes, twelve bytes for one character, the most any character can take.
_FIRST_WIDE = 0x10000
# Beyond the pretty printer's indentation: whitespace a client's own writer may add.
HEADROOM_BYTES = 1024


@cache
def max_payment_body_bytes() -> int:
    """The body limit of the Payment Service, in bytes (about 330 KiB)."""
    return len(largest_payment_body()) + HEADROOM_BYTES


def largest_payment_body() -> bytes:
    """The largest valid ``POST /v1/payments`` body, as a client's JSON writer sends it."""
    return json.dumps(largest_payment(), indent=4).encode()


def largest_payment(token: str | None = None) -> dict[str, Any]:
    """A payment request with every field at its longest; ``token`` replaces the made-up one
    (a test that wants a 201 passes a real token, which is shorter)."""
    return {
        "token": token or "tok_" + _wide(_max_length("token") - len("tok_")),
        "amount": MAX_AMOUNT,
        # Valid currencies are known codes, not arbitrary text.
        "currency": max(EXPONENTS, key=len),
        "description": _wide(_max_length("description")),
        # The longer of the two capture methods.
        "capture_method": "automatic",
        "metadata": {
            _wide(MAX_METADATA_KEY_LENGTH, first=_FIRST_WIDE + n): _wide(MAX_METADATA_VALUE_LENGTH)
            for n in range(MAX_METADATA_KEYS)
        },
    }


def _max_length(field: str) -> int:
    for constraint in PaymentCreate.model_fields[field].metadata:
        # pydantic's MaxLen (annotated_types), read by name: no import of pydantic's internals.
        length = getattr(constraint, "max_length", None)
        if isinstance(length, int):
            return length
    raise LookupError(f"PaymentCreate.{field} has no max_length: its body limit would be a guess")


def _wide(length: int, first: int = _FIRST_WIDE) -> str:
    # The same character repeated: distinct keys come from distinct ``first`` characters.
    return chr(first) * length
