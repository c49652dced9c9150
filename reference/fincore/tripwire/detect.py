"""The tripwire's detector: card numbers in arbitrary bytes, in the clear or encoded.

What counts as a card number is ``fincore.cards.pan_pattern`` (Luhn-valid runs of 13-19 digits,
single spaces or dashes between groups), asked of the bytes as they are and of every decoded view
of them (``decoders``): JSON string escapes (``\\u0034``, ``\\n`` touching a number), URL and form
encoding, base64 of either alphabet at any alignment, and base64 inside URL encoding or JSON.

Two filters are added, both against numbers our own logs are full of. The first digit must be that
of a payment-card industry (2 to 6: Mastercard's 2-series, Amex, Visa, Mastercard, Discover and
the rest of the 6s), which keeps millisecond timestamps (13 digits starting with 1 until the year
2286) from tripping a CI run one time in ten; the only cards it forgoes are airline UATP cards,
which the PSP does not accept. And digits after a decimal point or inside a percent-escape are
never part of a card.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fincore.cards.disguises import base64_decoded, json_unescaped, url_decoded
from fincore.cards.pan_pattern import find_pans

PAYMENT_CARD_INDUSTRIES = frozenset("23456")
# Digits that belong to something else: a fraction (0.30000000000000004) or a percent-escape
# (the 29 of %294010...). A letter in place of the point or the percent sign glues them, so the
# card pattern passes them by; the URL-decoded view still sees what the escape stood for.
_NOT_A_CARD_DIGIT = re.compile(r"(?<=\d)\.(?=\d)|%(?=[0-9A-Fa-f]{2})")

PLAIN = "plain"
JSON_ESCAPE = "json-escape"
URL_ENCODING = "url-encoding"
BASE64 = "base64"


@dataclass(frozen=True)
class Hit:
    """One card number and the encoding it was first seen in. Never printed: see ``Finding``."""

    pan: str
    encoding: str

    def __repr__(self) -> str:
        return f"Hit(last4={self.pan[-4:]!r}, encoding={self.encoding!r})"


def is_card_number(digits: str) -> bool:
    """True for digits the tripwire treats as a card: those ``find_pans`` yields, from a card
    industry."""
    return digits[:1] in PAYMENT_CARD_INDUSTRIES


def find_card_numbers(data: bytes) -> list[Hit]:
    """Each distinct card number in ``data``, with the encoding it was first found in."""
    found: dict[str, str] = {}
    for encoding, view in _views(data.decode("latin-1")):
        for pan in find_pans(_unglued(view)):
            if is_card_number(pan):
                found.setdefault(pan, encoding)
    return [Hit(pan, encoding) for pan, encoding in found.items()]


def _unglued(view: str) -> str:
    return _NOT_A_CARD_DIGIT.sub("x", view)


def _views(text: str) -> Iterator[tuple[str, str]]:
    # Cheapest first, so a number written in the clear is reported as plain.
    layers = list(_text_layers(text))
    yield from layers
    for outer, layer in layers:
        for decoded in base64_decoded(layer):
            for inner, view in _text_layers(decoded):
                yield _label(outer, BASE64, inner), view


def _text_layers(text: str) -> Iterator[tuple[str, str]]:
    yield PLAIN, text
    if "\\" in text:
        yield JSON_ESCAPE, json_unescaped(text)
    if "%" in text or "+" in text:
        yield URL_ENCODING, url_decoded(text)


def _label(*layers: str) -> str:
    """``url-encoding > base64``: the encodings in the order a reader undoes them."""
    return " > ".join(layer for layer in layers if layer != PLAIN)
