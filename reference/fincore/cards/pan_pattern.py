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
_SEPARATOR = re.compile(r"[ -]")
MIN_DIGITS = 13
# A card written in groups has at most five (4-4-4-4-3); with a number on either side, seven.
# Runs of more, smaller groups ("1 2 3 4 ...") are not searched inside, which keeps the cost of a
# hostile 1 MiB body of them linear.
MAX_GROUPS_SEARCHED = 7


def find_pans(text: str) -> Iterator[str]:
    """Yield each Luhn-valid card number in ``text``, digits only."""
    for match in _CANDIDATE.finditer(text):
        groups = _SEPARATOR.split(match.group())
        digits = "".join(groups)
        if luhn_valid(digits):
            yield digits
        elif 1 < len(groups) <= MAX_GROUPS_SEARCHED:
            inner = _card_among_groups(groups)
            if inner is not None:
                yield inner


def _card_among_groups(groups: list[str]) -> str | None:
    """The longest Luhn-valid stretch of whole groups: a run such as ``4242424242424242 123``
    (the card, then its CVC) is not a card as a whole, but holds one."""
    stretches = (
        "".join(groups[start:end])
        for start in range(len(groups))
        for end in range(start + 1, len(groups) + 1)
    )
    valid = [s for s in stretches if len(s) >= MIN_DIGITS and luhn_valid(s)]
    return max(valid, key=len, default=None)


def contains_pan(text: str) -> bool:
    """True when ``text`` holds at least one Luhn-valid card number."""
    return next(find_pans(text), None) is not None
