"""The tripwire's detector: card numbers in arbitrary bytes, in the clear or encoded.

What counts as a card number is what the Payment Service's guard counts
(``fincore.cards.card_scan``: a real brand's prefix and length, Luhn, starting where a group of
digits starts, glued to letters or not, common separators, track data, any script's digits). It is
asked of the bytes as they are and of every decoded view of them: JSON string escapes
(``\\u0034``), URL and form encoding, base64 of either alphabet at any alignment (and base64
inside URL encoding or JSON), and hex.

Files hold more than requests: bytes are read as UTF-8 where they are UTF-8 (full-width digits
in a log line) and byte for byte elsewhere (SQLite pages). Two shapes our logs are full of are
taken apart first, because the scanner reads a dot as a separator and a letter as no barrier:
decimal numbers (``1764400000.123``, ``0.30000000000000004``) keep their integer part and lose
the point, and their fraction when it is long enough to be a card on its own; percent-escapes
(the ``34`` of ``%34``) are no digits of the text. A card written with dots between its groups
(``4242.4242.4242.4242``) has more than one point, so it is no decimal number and is still found.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fincore.cards.card_scan import MIN_LENGTH, find_cards
from fincore.cards.disguises import base64_decoded, hex_decoded, json_unescaped, url_decoded

# One point between two digit runs, and no other point or digit touching them.
_DECIMAL = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
# More distinct cards than any honest file should hold: a report, not an inventory.
MAX_CARDS_PER_VIEW = 1000

PLAIN = "plain"
JSON_ESCAPE = "json-escape"
URL_ENCODING = "url-encoding"
BASE64 = "base64"
HEX = "hex"


@dataclass(frozen=True)
class Hit:
    """One card number and the encoding it was first seen in. Never printed: see ``Finding``."""

    pan: str
    encoding: str

    def __repr__(self) -> str:
        return f"Hit(last4={self.pan[-4:]!r}, encoding={self.encoding!r})"


def find_card_numbers(data: bytes) -> list[Hit]:
    """Each distinct card number in ``data``, with the encoding it was first found in."""
    found: dict[str, str] = {}
    for encoding, view in _views(data.decode("utf-8", "surrogateescape")):
        for pan in find_cards(_without_decimals(view), limit=MAX_CARDS_PER_VIEW):
            found.setdefault(pan, encoding)
    return [Hit(pan, encoding) for pan, encoding in found.items()]


def _without_decimals(view: str) -> str:
    if "%" in view:
        view = _PERCENT_ESCAPE.sub("|", view)
    if "." in view:
        view = _DECIMAL.sub(_integer_part, view)
    return view


def _integer_part(match: re.Match[str]) -> str:
    whole, fraction = match.groups()
    return f"{whole}|{fraction if len(fraction) < MIN_LENGTH else ''}"


def _views(text: str) -> Iterator[tuple[str, str]]:
    # Cheapest first, so a number written in the clear is reported as plain.
    layers = list(_text_layers(text))
    yield from layers
    for outer, layer in layers:
        for decoded in base64_decoded(layer):
            for inner, view in _text_layers(decoded):
                yield _label(outer, BASE64, inner), view
        for decoded in hex_decoded(layer):
            yield _label(outer, HEX), decoded


def _text_layers(text: str) -> Iterator[tuple[str, str]]:
    yield PLAIN, text
    if "\\" in text:
        yield JSON_ESCAPE, json_unescaped(text)
    if "%" in text or "+" in text:
        yield URL_ENCODING, url_decoded(text)


def _label(*layers: str) -> str:
    """``url-encoding > base64``: the encodings in the order a reader undoes them."""
    return " > ".join(layer for layer in layers if layer != PLAIN)
