"""A corpus for measuring a card-number detector: honest identifiers a payment request carries,
and card numbers in the disguises careless integrations write them in.

Both are generated from a seed, so a rate measured on them is reproducible (``bench/guard.py``).
The card numbers are made up for each run: a brand's prefix, one of its lengths, random digits
and the Luhn check digit. None is a real card's number except by chance, as for any test data.
"""

import base64
import random
import uuid
from collections.abc import Callable
from urllib.parse import quote

from fincore.cards.brands import ALL_BRANDS
from fincore.cards.luhn import luhn_check_digit

Maker = Callable[[random.Random], str]


def _order_id(rng: random.Random) -> str:
    return rng.choice(["ORD-", "order_", "#", "SO", "INV-2026-"]) + str(rng.randrange(10**5, 10**9))


def _idempotency_key(rng: random.Random) -> str:
    prefix = rng.choice(["order", "checkout", "pay", "retry"])
    return f"{prefix}-{rng.randrange(1_600_000_000, 1_900_000_000)}-{rng.randrange(10**6):06d}"


def _timestamp(rng: random.Random) -> str:
    seconds = rng.randrange(1_600_000_000, 1_900_000_000)
    millis = rng.randrange(1000)
    return rng.choice(
        [
            str(seconds),
            f"{seconds}{millis:03d}",
            f"{seconds}.{millis:03d}",
            f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T"
            f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}.{millis:03d}Z",
            f"{seconds}{millis:03d}{rng.randrange(10**6):06d}",
        ]
    )


def _phone(rng: random.Random) -> str:
    digits = f"{rng.randrange(10**9, 10**10)}"
    return rng.choice(
        [
            f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}",
            f"+44 20 {digits[:4]} {digits[4:8]}",
            f"+49{digits}{rng.randrange(10)}",
            f"({digits[:3]}) {digits[3:6]} {digits[6:]}",
        ]
    )


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _object_id(rng: random.Random) -> str:
    return f"{rng.choice(['tok', 'pay', 'ch', 'req'])}_{rng.getrandbits(128):032x}"


def _iban(rng: random.Random) -> str:
    """A German IBAN with valid check digits (ISO 13616: DE is 13 14, moved behind the account)."""
    account = f"{rng.randrange(10**17, 10**18)}"
    check = 98 - int(f"{account}131400") % 97
    return f"DE{check:02d}{account}"


def _tracking_number(rng: random.Random) -> str:
    return rng.choice([f"1Z{rng.getrandbits(64):016X}", f"9400{rng.randrange(10**17, 10**18)}"])


HONEST_KINDS: dict[str, Maker] = {
    "order id": _order_id,
    "idempotency key": _idempotency_key,
    "timestamp": _timestamp,
    "phone number": _phone,
    "uuid": _uuid,
    "object id": _object_id,
    "iban": _iban,
    "tracking number": _tracking_number,
}


def honest_identifiers(count: int, seed: int = 0) -> list[str]:
    """``count`` identifiers of each honest kind, in kind order."""
    return [text for texts in honest_by_kind(count, seed).values() for text in texts]


def honest_by_kind(count: int, seed: int = 0) -> dict[str, list[str]]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    return {kind: [make(rng) for _ in range(count)] for kind, make in HONEST_KINDS.items()}


def random_card_number(rng: random.Random) -> str:
    """A Luhn-valid number with a real brand's prefix and one of its lengths."""
    brand = rng.choice(ALL_BRANDS)
    low, high = rng.choice(brand.prefixes)
    length = rng.choice(sorted(brand.lengths))
    body = str(rng.randint(low, high))
    body += "".join(rng.choice("0123456789") for _ in range(length - len(body) - 1))
    return body + luhn_check_digit(body)


def _grouped(number: str, separator: str) -> str:
    return separator.join(number[start : start + 4] for start in range(0, len(number), 4))


DISGUISES: dict[str, Callable[[str], str]] = {
    "plain": lambda pan: pan,
    "glued to letters": lambda pan: f"PAN{pan}x",
    "with its cvc": lambda pan: f"{pan}123",
    "with its expiry and cvc": lambda pan: f"{pan}1225123",
    "track 1": lambda pan: f"%B{pan}^DOE/JANE^2512101000000000000?",
    "track 2": lambda pan: f";{pan}=25121010000000000?",
    "spaces": lambda pan: _grouped(pan, " "),
    "dashes": lambda pan: _grouped(pan, "-"),
    "dots": lambda pan: _grouped(pan, "."),
    "spaced dashes": lambda pan: _grouped(pan, " - "),
    "full-width digits": lambda pan: pan.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}),
    "base64": lambda pan: base64.b64encode(pan.encode()).decode(),
    "base64 of json": lambda pan: base64.b64encode(f'{{"number":"{pan}"}}'.encode()).decode(),
    "url-encoded": lambda pan: quote(_grouped(pan, " ")),
    "hex": lambda pan: pan.encode().hex(),
    "json escapes": lambda pan: "".join(f"\\u{ord(char):04x}" for char in pan),
}


def disguised_cards(count: int, seed: int = 0) -> dict[str, list[tuple[str, str]]]:
    """For each disguise, ``count`` pairs (card number, how it is written)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    pans = [random_card_number(rng) for _ in range(count)]
    return {name: [(pan, disguise(pan)) for pan in pans] for name, disguise in DISGUISES.items()}
