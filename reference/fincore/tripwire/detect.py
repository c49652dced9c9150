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

Database pages are the one place a card glued to letters is not looked for
(``glued_to_letters=False``): a page stores each row's values back to back, so the digits of one
value run into the letters of the next (``tok_...`` then ``visa``), and the guard's rule would
find a card-shaped run in one hex id of every few hundred. Each value is scanned on its own
with the full rule instead (``sqlite_scan``); the page scan is for what no query returns.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fincore.cards.card_scan import MIN_LENGTH, find_cards
from fincore.cards.disguises import base64_decoded, hex_decoded, json_unescaped, url_decoded

# One point between two digit runs, and no other point or digit touching them.
_DECIMAL = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
# Digits touching an ASCII letter: in a database page, part of a neighbouring value.
_GLUED_TO_LETTERS = re.compile(r"(?<=[A-Za-z])\d+|\d+(?=[A-Za-z])")
# JSON and URL escapes of a digit or of a separator (space, tab, no-break space, + - . / _).
_DIGIT_JSON_ESCAPE = re.compile(r"\\(?:u00(?:3[0-9]|2[0bBdDeEfF]|5[fF]|09|[aA]0)|/|t(?=[0-9]))")
_DIGIT_PERCENT_ESCAPE = re.compile(r"%(?:3[0-9]|2[0bBdDeEfF]|5[fF]|09|[cC]2%[aA]0)")
# Between two decoded runs scanned together: no separator, so no card joins across it.
_RUN_BREAK = "\x00|\x00"
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


def find_card_numbers(data: bytes, glued_to_letters: bool = True) -> list[Hit]:
    """Each distinct card number in ``data``, with the encoding it was first found in;
    ``glued_to_letters=False`` for database pages (see the module docstring)."""
    found: dict[str, str] = {}
    for encoding, view in _views(data.decode("utf-8", "surrogateescape")):
        if not glued_to_letters:
            view = _GLUED_TO_LETTERS.sub("x", view)
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
        # Every decoded run of a layer in one view, kept apart by a break: one scan, not one
        # per run (a database file holds hundreds of thousands of base64-looking runs).
        decoded = _RUN_BREAK.join(base64_decoded(layer))
        if decoded:
            for inner, view in _text_layers(decoded):
                yield _label(outer, BASE64, inner), view
        hexed = _RUN_BREAK.join(hex_decoded(layer))
        if hexed:
            yield _label(outer, HEX), hexed


def _text_layers(text: str) -> Iterator[tuple[str, str]]:
    yield PLAIN, text
    # Only when an escape could spell a digit or a separator: the scanner reads through
    # letters, "+" and "\\n" already, and a view per stray backslash or percent sign of a
    # binary file would multiply the work for nothing.
    if _DIGIT_JSON_ESCAPE.search(text):
        yield JSON_ESCAPE, json_unescaped(text)
    if _DIGIT_PERCENT_ESCAPE.search(text):
        yield URL_ENCODING, url_decoded(text)


def _label(*layers: str) -> str:
    """``url-encoding > base64``: the encodings in the order a reader undoes them."""
    return " > ".join(layer for layer in layers if layer != PLAIN)
