"""Canary cards: fresh card numbers for one run, so a tripwire hit can only come from that run.

Each is Luhn-valid, of the brand asked for (IIN range and length), and never one of the scripted
test cards, so the mock PSP tokenizes it and charges it as an unknown card that succeeds.
"""

import secrets

from fincore.cards.brands import BY_NAME, Brand, detect_brand
from fincore.cards.luhn import luhn_check_digit
from fincore.cards.test_cards import BY_NUMBER

# Brands print 16 digits unless 16 is not one of their lengths (Amex has 15).
PREFERRED_LENGTH = 16


def new_canary(brand: str = "visa") -> str:
    """A card number no one has used before: Luhn-valid, of ``brand``, not a scripted test card."""
    card_brand = BY_NAME.get(brand)
    if card_brand is None:
        raise ValueError(f"unknown brand {brand!r}; expected one of {sorted(BY_NAME)}")
    while True:
        number = _random_number(card_brand)
        # Ranges of different brands never overlap, but a collision with a scripted card would
        # turn a canary into a decline, so both are checked rather than assumed.
        if number not in BY_NUMBER and detect_brand(number) is card_brand:
            return number


def canary_cvc(brand: str = "visa") -> str:
    """A security code of the right length for ``brand`` (any digits pass the mock PSP)."""
    return "".join(secrets.choice("0123456789") for _ in range(BY_NAME[brand].cvc_length))


def _random_number(brand: Brand) -> str:
    length = PREFERRED_LENGTH if PREFERRED_LENGTH in brand.lengths else min(brand.lengths)
    low, high = brand.prefixes[secrets.randbelow(len(brand.prefixes))]
    prefix = str(low + secrets.randbelow(high - low + 1))
    body = prefix + "".join(secrets.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn_check_digit(body)
