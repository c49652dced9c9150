"""Find card numbers in text the way a DLP scanner does, in time linear in the text.

``fincore.cards.pan_pattern`` finds numbers written the way people write them (whole words of
digits, single spaces or dashes). A careless integration writes them in more ways than that, and
the Payment Service's raw card data guard must catch those too:

- inside longer digit runs and glued to letters: ``PAN4883933570293957``, a card followed by its
  CVC as one run, magnetic-stripe track 1 (``%B4242...^NAME^``) and track 2 (``;4242...=2512``);
- between common separators: spaces, dashes, dots, slashes, underscores, tabs, no-break spaces and
  form encoding's ``+``,
  up to ``MAX_SEPARATOR_WIDTH`` of them between two digits (``4242 - 4242``);
- in digits of any script (full-width ``４２４２``, Arabic-Indic), read as the ASCII digits.

Encoded forms (base64, URL encoding, hex) and numbers split across JSON values are views the
caller builds (``fincore.cards.disguises``) and hands to ``find_cards``.

False positives are what a guard that refuses requests cannot afford (an honest
``order-1732900000-000123`` Idempotency-Key was refused one time in ten by a Luhn-only rule). So a
stretch of digits counts only when it is what a card really is, all three at once:

1. a real brand's prefix (IIN range) AND one of that brand's lengths (``fincore.cards.brands``);
2. Luhn-valid;
3. it starts where a group of digits starts: after a letter, a separator or any other character
   (people and programs write a card from its first digit), and it may end inside its group (a
   card with its CVC or expiry glued on, ``42424242424242421225``).

Rule 3 is the trade-off: a card written as ``12 4242 4242 4242 4242`` or ``PAN4242...`` is found
(it starts a group), one glued behind other digits (``004242424242424242``) is not. Searching every
offset of a long digit run refused about one IBAN or parcel tracking number in five, and let
timestamps and sequence numbers look like cards. Two honest shapes are passed by outright: numbers
after a ``+`` (international phone numbers) and IBANs whose mod-97 check holds. Our own ids
(``tok_``, ``pay_``, ``ch_``, ``req_`` and 32 hex digits) are passed by too: a hex id holds a
card-shaped digit run about one time in 250, the merchant sends a token id in every payment and
every log line carries a request id. What this scanner does not stop is deliberate hiding (an
integration that encrypts or spells out the number); it stops careless leaks. Measured rates on
a corpus of disguised test cards and honest identifiers: ``bench/guard.py`` (bench/README.md).

The work is a handful of numpy passes over the text's digits, no Python loop per character, so a
hostile 1 MiB body costs milliseconds, not seconds.
"""

import re
import unicodedata
from typing import Any

import numpy as np
import numpy.typing as npt

from fincore.cards.brands import ALL_BRANDS, Brand

# Form encoding writes a space as "+".
SEPARATORS = " -._/+\t\u00a0"
MAX_SEPARATOR_WIDTH = 3
MIN_LENGTH = min(length for brand in ALL_BRANDS for length in brand.lengths)
MAX_LENGTH = max(length for brand in ALL_BRANDS for length in brand.lengths)
# How many leading digits the widest IIN range compares.
PREFIX_WIDTH = max(len(str(low)) for brand in ALL_BRANDS for low, _ in brand.prefixes)
# A card's digits doubled for Luhn: 0 1 2 3 4 5 6 7 8 9 -> 0 2 4 6 8 1 3 5 7 9.
_DOUBLED = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], dtype=np.int32)
_SEPARATOR_CODES = np.array([ord(char) for char in SEPARATORS], dtype=np.uint32)
# The ids FinCore and the PSP make (``fincore.common.ids``, and the ``Request-Id`` of
# ``fincore.common.request_id`` that every answer and log line carries): a prefix, 32 hex digits.
OWN_ID = re.compile(r"(?<![0-9A-Za-z])(?:tok|pay|ch|req)_[0-9a-f]{32}(?![0-9A-Za-z])")
# An international phone number (E.164 writes a plus before the country code): no card is
# written after a plus, and ``+49`` numbers have a Visa's prefix and 13 digits.
_PHONE = re.compile(r"(?<![0-9])\+[0-9]")
# An IBAN: country, two check digits, account; checked with its own mod-97 sum below.
_IBAN = re.compile(r"(?<![0-9A-Za-z])[A-Z]{2}[0-9]{2}[0-9A-Z]{11,30}(?![0-9A-Za-z])")
# What every card needs, as a regular expression: MIN_LENGTH digits in one run (joined by nothing or
# by a few separators). Most texts a service sees hold no such run, and this answers them in
# microseconds where the numpy passes below cost a fixed ~200 us whatever the length.
_CANDIDATE_RUN = re.compile(
    f"[0-9](?:[{re.escape(SEPARATORS)}]{{0,{MAX_SEPARATOR_WIDTH}}}[0-9]){{{MIN_LENGTH - 1}}}"
)
# A decimal digit of another script (``\\d`` of a str pattern is every script's digits).
_OTHER_SCRIPT_DIGIT = re.compile(r"(?![0-9])\d")

IntArray = npt.NDArray[np.signedinteger[Any]]


def find_cards(text: str, limit: int = 20) -> list[str]:
    """The card numbers in ``text`` (digits only, longest first where two overlap), at most
    ``limit`` of them."""
    if not text.isascii():
        text = _OTHER_SCRIPT_DIGIT.sub(_as_ascii_digit, text)
    text = OWN_ID.sub("|", text)
    if "+" in text:
        text = _PHONE.sub("|", text)
    text = _IBAN.sub(_unless_iban, text)
    if not _CANDIDATE_RUN.search(text):
        return []
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    is_digit = (codes - ord("0")) < 10  # unsigned: codes below "0" wrap to large numbers
    positions = np.flatnonzero(is_digit)
    if positions.size < MIN_LENGTH:
        return []
    digits = (codes[positions] - ord("0")).astype(np.int32)
    run, group_start = _runs_and_groups(codes, is_digit, positions)
    windows = _card_windows(digits, run, group_start, limit)
    digit_text = digits.astype(np.uint8) + ord("0")
    return [digit_text[start:end].tobytes().decode("ascii") for start, end in windows[:limit]]


def holds_card(text: str) -> bool:
    return bool(find_cards(text, limit=1))


def _unless_iban(match: re.Match[str]) -> str:
    """A valid IBAN (ISO 13616 mod-97 check, which a card passes one time in 97) is passed by."""
    candidate = match.group()
    rearranged = candidate[4:] + candidate[:4]
    number = "".join(str(int(char, 36)) for char in rearranged)
    return "|" if int(number) % 97 == 1 else candidate


def _as_ascii_digit(match: re.Match[str]) -> str:
    return str(unicodedata.decimal(match.group()))


def _runs_and_groups(
    codes: npt.NDArray[np.uint32], is_digit: npt.NDArray[np.bool_], positions: IntArray
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """For each digit: the run it belongs to (digits joined by nothing or by a few separators)
    and whether it starts a group (digits joined by nothing)."""
    breaks = np.cumsum(~is_digit & ~np.isin(codes, _SEPARATOR_CODES))
    gap = np.diff(positions) - 1
    # Characters between two neighbouring digits that are neither digits nor separators.
    breakers_between: IntArray = breaks[positions[1:] - 1] - breaks[positions[:-1]]
    glued = gap == 0
    joined = glued | ((gap <= MAX_SEPARATOR_WIDTH) & (breakers_between == 0))
    run = np.concatenate(([0], np.cumsum(~joined)))
    group_start = np.concatenate(([True], ~glued))
    return run, group_start


def _card_windows(
    digits: IntArray,
    run: IntArray,
    group_start: npt.NDArray[np.bool_],
    limit: int,
) -> list[tuple[int, int]]:
    count = digits.size
    parity = np.arange(count) % 2
    # Luhn sums of any stretch from two prefix sums: which digits are doubled depends only on
    # the parity of the stretch's last index.
    doubled = _DOUBLED[digits]
    even_doubled = np.concatenate(([0], np.cumsum(np.where(parity == 0, doubled, digits))))
    odd_doubled = np.concatenate(([0], np.cumsum(np.where(parity == 0, digits, doubled))))
    # Only where a group starts can a card start (rule 3), and only on a brand's prefix.
    starts = np.flatnonzero(group_start[: count - MIN_LENGTH + 1])
    leading = _leading_digits(digits, starts)
    brand_at = {brand: _brand_starts(brand, leading) for brand in ALL_BRANDS}
    found: list[tuple[int, int]] = []
    for length in range(MIN_LENGTH, MAX_LENGTH + 1):
        fits = starts + length <= count
        brand_ok = np.zeros(starts.size, dtype=bool)
        for brand, at in brand_at.items():
            if length in brand.lengths:
                brand_ok |= at
        chosen = starts[fits & brand_ok]
        last = chosen + length - 1
        luhn_sum = np.where(
            last % 2 == 1,
            even_doubled[last + 1] - even_doubled[chosen],
            odd_doubled[last + 1] - odd_doubled[chosen],
        )
        valid = (luhn_sum % 10 == 0) & (run[chosen] == run[last])
        found.extend((int(start), int(start) + length) for start in chosen[valid][:limit])
        if limit == 1 and found:
            return found
    return _outermost(found, limit)


def _leading_digits(digits: IntArray, starts: IntArray) -> IntArray:
    """The number the ``PREFIX_WIDTH`` digits from each start spell (zero-padded at the end)."""
    padded = np.concatenate((digits, np.zeros(PREFIX_WIDTH, dtype=digits.dtype)))
    leading = np.zeros(starts.size, dtype=np.int64)
    for offset in range(PREFIX_WIDTH):
        leading = leading * 10 + padded[starts + offset]
    return leading


def _brand_starts(brand: Brand, leading: IntArray) -> npt.NDArray[np.bool_]:
    at = np.zeros(leading.size, dtype=bool)
    for low, high in brand.prefixes:
        head = leading // 10 ** (PREFIX_WIDTH - len(str(low)))
        at |= (head >= low) & (head <= high)
    return at


def _outermost(windows: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Longest first, dropping stretches inside one already kept (a 16-digit card holds shorter
    Luhn-valid stretches that are not other cards)."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(windows, key=lambda window: (window[0] - window[1], window[0])):
        if not any(start >= outer_start and end <= outer_end for outer_start, outer_end in kept):
            kept.append((start, end))
            if len(kept) == limit:
                break
    return kept
