"""Find card numbers (PANs) in text: Luhn-valid runs of 13-19 digits, maybe grouped.

Digits may be separated by single spaces or dashes, as shoppers and careless logs write them.

The Payment Service's raw card data guard and the PAN tripwire both ask this module, so "what counts
as a card number" is decided in one place.
"""

import re
from collections.abc import Iterator

from fincore.cards.luhn import luhn_valid

# A run of 13-19 digits, single spaces or dashes allowed between digits, not glued to letters or
# digits on either side (so ids such as ``pay_8f3a0123...`` never match by accident).
_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])\d(?:[ -]?\d){12,18}(?![0-9A-Za-z])")


def find_pans(text: str) -> Iterator[str]:
    """Yield each Luhn-valid card number in ``text``, digits only."""
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if luhn_valid(digits):
            yield digits


def contains_pan(text: str) -> bool:
    """True when ``text`` holds at least one Luhn-valid card number."""
    return next(find_pans(text), None) is not None
