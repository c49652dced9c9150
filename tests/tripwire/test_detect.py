"""Property tests of the detector: every generated card number is found in every encoding, and
what our services write (timestamps, amounts, ids) and Luhn-invalid numbers never are."""

import base64
import json
import re
from urllib.parse import quote, urlencode

from hypothesis import example, given, settings
from hypothesis import strategies as st

from fincore.cards.brands import ALL_BRANDS
from fincore.cards.luhn import luhn_check_digit, luhn_valid
from fincore.cards.test_cards import AMEX_PAN, MASTERCARD_2_SERIES_PAN, VISA_PAN
from fincore.tripwire.detect import find_card_numbers

DIGITS = "0123456789"
HEX = "0123456789abcdef"
# Characters that may touch a card number without gluing to it (not letters, not digits).
BOUNDARY = " \"':,;={}[]()<>\n\t/"


@st.composite
def brand_numbers(draw):
    """A number of one of the PSP's brands: IIN range, length and Luhn check digit."""
    brand = draw(st.sampled_from(ALL_BRANDS))
    low, high = draw(st.sampled_from(brand.prefixes))
    prefix = str(draw(st.integers(low, high)))
    length = draw(st.sampled_from(sorted(brand.lengths)))
    body = prefix + draw(st.text(DIGITS, min_size=length - len(prefix) - 1, max_size=19))
    body = body[: length - 1]
    return body + luhn_check_digit(body)


# The tripwire counts what the guard counts (fincore.cards.card_scan): a Luhn-valid number of
# another length or prefix is no card to either.
card_numbers = brand_numbers()


@st.composite
def written(draw, number):
    """How a person or a log writes it: bare, in groups, or with a separator anywhere."""
    style = draw(st.sampled_from(["bare", "groups of four", "anywhere"]))
    separator = draw(st.sampled_from(" -"))
    if style == "bare":
        return number
    if style == "groups of four":
        return separator.join(number[i : i + 4] for i in range(0, len(number), 4))
    gaps = draw(st.lists(st.booleans(), min_size=len(number) - 1, max_size=len(number) - 1))
    return number[0] + "".join(
        (separator if gap else "") + d for gap, d in zip(gaps, number[1:], strict=True)
    )


def b64_in_json(text: str, lead: bytes) -> bytes:
    return json.dumps({"blob": base64.b64encode(lead + text.encode()).decode()}).encode()


def percent_every_byte(text: str) -> bytes:
    return "".join(f"%{byte:02X}" for byte in text.encode()).encode()


def json_escape_everything(text: str) -> bytes:
    return ('{"number": "' + "".join(f"\\u{ord(c):04x}" for c in text) + '"}').encode()


# Each encoding takes the text around the number and 0-2 leading bytes that shift base64's
# alignment (the three ways 3-byte blocks can cut the number).
ENCODINGS = {
    "plain": lambda text, lead: text.encode(),
    "json": lambda text, lead: json.dumps({"card": {"number": text}}).encode(),
    "json \\u escapes": lambda text, lead: json_escape_everything(text),
    "form": lambda text, lead: urlencode({"number": text, "exp": "12/30"}).encode(),
    "query": lambda text, lead: ("/pay?card=" + quote(text)).encode(),
    "percent every byte": lambda text, lead: percent_every_byte(text),
    "base64": lambda text, lead: base64.b64encode(lead + text.encode()),
    "base64 url-safe unpadded": lambda t, lead: base64.urlsafe_b64encode(lead + t.encode()).rstrip(
        b"="
    ),
    "base64 in json": b64_in_json,
    "base64 in a form": lambda text, lead: urlencode(
        {"d": base64.b64encode(lead + text.encode())}
    ).encode(),
    "base64 mime lines": lambda text, lead: base64.encodebytes(
        b"x" * 50 + b" " + lead + text.encode()
    ),
}

encodings = st.sampled_from(sorted(ENCODINGS))
leads = st.text(BOUNDARY, max_size=2).map(str.encode)
around = st.text(BOUNDARY, max_size=3)


@settings(max_examples=1000, deadline=None)
@given(
    number=card_numbers,
    data=st.data(),
    encoding=encodings,
    lead=leads,
    before=around,
    after=around,
)
@example(VISA_PAN, None, "base64", b"", "", "").via("the classic test card")
def test_every_card_number_is_found_in_every_encoding(number, data, encoding, lead, before, after):
    text = before + (data.draw(written(number)) if data else number) + after
    found = find_card_numbers(ENCODINGS[encoding](text, lead))
    assert number in {hit.pan for hit in found}


@given(number=card_numbers, lead=leads)
def test_every_alignment_of_base64_is_found(number, lead):
    for shift in range(3):
        encoded = base64.b64encode(b"\n" * shift + lead + number.encode())
        assert number in {hit.pan for hit in find_card_numbers(b"data=" + encoded)}


@st.composite
def luhn_invalid_numbers(draw):
    number = draw(card_numbers)
    wrong = draw(st.sampled_from([d for d in DIGITS if d != number[-1]]))
    return number[:-1] + wrong


@settings(max_examples=500, deadline=None)
@given(number=luhn_invalid_numbers(), encoding=encodings, lead=leads, before=around)
def test_a_luhn_invalid_number_is_flagged_only_for_a_card_it_starts_with(
    number, encoding, lead, before
):
    # A card may end inside its group (its CVC glued on), so a longer invalid number that starts
    # with a valid card of the brand's lengths is that card plus digits.
    assert not luhn_valid(number)
    found = {hit.pan for hit in find_card_numbers(ENCODINGS[encoding](before + number, lead))}
    assert number not in found
    assert all(number.startswith(pan) and luhn_valid(pan) for pan in found)


@settings(max_examples=500, deadline=None)
@given(number=luhn_invalid_numbers(), data=st.data(), encoding=encodings, lead=leads)
def test_a_grouped_luhn_invalid_number_is_flagged_only_for_a_card_starting_a_group(
    number, data, encoding, lead
):
    # "6011 0000 2222 2222 000" is no card, but its first four groups are one: a card starts
    # where a group starts and may end inside one (its CVC glued on).
    text = data.draw(written(number))
    digits = re.sub("[ -]", "", text)
    group_starts = {0} | {
        len(re.sub("[ -]", "", text[:at])) for at, char in enumerate(text) if char in " -"
    }
    cards_starting_a_group = {
        digits[start:end]
        for start in group_starts
        for end in range(start + 13, len(digits) + 1)
        if luhn_valid(digits[start:end])
    }
    found = {hit.pan for hit in find_card_numbers(ENCODINGS[encoding](text, lead))}
    assert number not in found
    assert found <= cards_starting_a_group


unix_seconds = st.integers(0, 2**32)
unix_millis = st.integers(10**12, 2 * 10**12 - 1)
amounts = st.integers(0, 99_999_999)
ids = st.builds(
    lambda p, h: f"{p}_{h}",
    st.sampled_from(["pay", "tok", "ch"]),
    st.text(HEX, min_size=32, max_size=32),
)


@st.composite
def service_output(draw):
    """A record like the ones our services write: ids, amounts, timestamps, durations."""
    return {
        "id": draw(ids),
        "token": draw(ids),
        "psp_charge": draw(ids),
        "amount": draw(amounts),
        "amount_display": f"{draw(amounts) / 100:.2f} USD",
        "created": draw(unix_seconds),
        "expires_at": draw(unix_seconds),
        "ts": round(draw(unix_seconds) + draw(st.integers(0, 999)) / 1000, 3),
        "ts_ms": draw(unix_millis),
        "duration_ms": round(draw(st.floats(0, 10_000)), 2),
        # What float arithmetic leaves unrounded: 0.30000000000000004, 1.2345678901234567e-05.
        # Ratios and rates, never 10**11 or more: a float printed with a 13-digit integer part
        # (3446515059215560.0) is a card-shaped number, and the tripwire rightly reports it.
        "ratio": draw(st.floats(-1e11, 1e11, allow_nan=False)),
    }


@settings(max_examples=500, deadline=None)
@given(record=service_output(), encoding=encodings, lead=leads)
def test_what_our_services_write_is_never_flagged(record, encoding, lead):
    text = json.dumps(record, separators=(",", ":"))
    assert find_card_numbers(ENCODINGS[encoding](text, lead)) == []


@given(value=st.one_of(unix_seconds, unix_millis, amounts, ids), sep=st.sampled_from(BOUNDARY))
def test_a_lone_timestamp_amount_or_id_is_never_flagged(value, sep):
    assert find_card_numbers(f"{sep}{value}{sep}".encode()) == []


def test_hits_name_the_encoding_and_never_show_the_number():
    encoded = base64.b64encode(json.dumps({"number": AMEX_PAN}).encode())
    hits = find_card_numbers(b"plain " + MASTERCARD_2_SERIES_PAN.encode() + b" b64 " + encoded)
    assert [(h.pan, h.encoding) for h in hits] == [
        (MASTERCARD_2_SERIES_PAN, "plain"),
        (AMEX_PAN, "base64"),
    ]
    assert AMEX_PAN not in repr(hits)
    # Percent-escapes are undone in the URL-encoding view (form encoding's "+" for a space is a
    # separator the plain view already reads through).
    assert (
        find_card_numbers(urlencode({"d": VISA_PAN.replace("42", "4/2")}).encode())[0].encoding
        == "url-encoding"
    )
