"""Ways a card number hides in bytes: each function turns text into the text a reader would see
after undoing one encoding (JSON escapes, URL/form encoding, base64).

The detector looks for card numbers in every view, so a PAN a careless integration wrapped in an
encoding is found as surely as one written in the clear. Text here is bytes decoded as latin-1:
every byte maps to one character, so binary files (SQLite pages) decode too.
"""

import binascii
import re
from collections.abc import Iterator
from urllib.parse import unquote_plus

_JSON_ESCAPE = re.compile(r'\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))')
_SHORT_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
# A run of the base64 alphabets (standard and URL-safe), line breaks allowed as MIME writes them.
# 18 characters are the fewest that can carry the 13 bytes of the shortest card number.
_BASE64_RUN = re.compile(r"(?:[A-Za-z0-9+/_-]|\r?\n){18,}={0,2}")
_HEX_ONLY = re.compile(r"[0-9A-Fa-f\r\n]+")
_URLSAFE_TO_STANDARD = str.maketrans("-_", "+/", "\r\n=")


def json_unescaped(text: str) -> str:
    """JSON string escapes undone: ``\\u0034\\u0032`` is ``42`` (writers may escape any
    character), and in ``\\n4242...`` the ``n`` no longer touches the number."""
    return _JSON_ESCAPE.sub(_unescape, text)


def _unescape(match: re.Match[str]) -> str:
    code, short = match.groups()
    if code is not None:
        return chr(int(code, 16))
    return _SHORT_ESCAPES.get(short, short)


def url_decoded(text: str) -> str:
    """Percent-escapes and form-encoding's ``+`` for space undone (``4242+4242`` and ``%34%32``)."""
    return unquote_plus(text, encoding="latin-1")


def base64_decoded(text: str) -> Iterator[str]:
    """The text behind every base64-looking run, standard or URL-safe.

    A run may start mid-block when other letters touch it (``b64NDI0...``), so each run is also
    decoded from its second, third and fourth character: one of the four lines up with the blocks
    the encoder wrote. Wrong alignments decode to noise, which holds no card number.
    """
    for match in _BASE64_RUN.finditer(text):
        if _HEX_ONLY.fullmatch(match.group()):
            # Base64 of hex symbols only decodes to at most two digits in a row, after a byte
            # that is no digit and no separator but a tab (a digit's top six bits encode as M, N
            # or O, outside the hex symbols): no card number unless written in tab-separated
            # pairs, the one shape given up so hex runs (hashes, ids) are not decoded.
            continue
        symbols = match.group().translate(_URLSAFE_TO_STANDARD)
        for start in range(4):
            decoded = _decode_block_aligned(symbols[start:])
            if decoded:
                yield decoded


def _decode_block_aligned(symbols: str) -> str:
    # Two or three trailing symbols still carry one or two whole bytes; a single one carries none.
    if len(symbols) % 4 == 1:
        symbols = symbols[:-1]
    padded = symbols + "=" * (-len(symbols) % 4)
    try:
        return binascii.a2b_base64(padded, strict_mode=False).decode("latin-1")
    except binascii.Error:
        return ""


# Pairs of hex digits, enough for the 13 bytes of the shortest card number written as text.
_HEX_RUN = re.compile(r"(?:[0-9A-Fa-f]{2}){13,}")


def hex_decoded(text: str) -> Iterator[str]:
    """The text behind every run of hex digit pairs (``34323432...`` is ``4242...``), from its
    first character and from its second (a letter or digit may touch the run)."""
    for match in _HEX_RUN.finditer(text):
        run = match.group()
        for start in (0, 1):
            aligned = run[start : len(run) - (len(run) - start) % 2]
            yield bytes.fromhex(aligned).decode("latin-1")


def joined_values(document: object) -> str:
    """The JSON document's digit-only string and number values, in order, one space apart; any
    other value breaks the line. A card split across metadata values (``"a": "4242 4242", "b":
    "4242 4242"``) reads as one number here."""
    parts: list[str] = []
    _collect(document, parts)
    return " ".join(parts)


def _collect(value: object, parts: list[str]) -> None:
    # Iterative walk: a hostile document may be as deep as the parser allows.
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, bool) or item is None:
            parts.append("|")
        elif isinstance(item, int):
            parts.append(str(item))
        elif isinstance(item, str) and item and _DIGITS_AND_SEPARATORS.fullmatch(item):
            parts.append(item)
        else:
            parts.append("|")


_DIGITS_AND_SEPARATORS = re.compile(r"[\d \-./_]+")
