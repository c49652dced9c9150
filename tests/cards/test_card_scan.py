"""The DLP-style card scanner: card numbers in the shapes careless integrations write them, and
none in the honest identifiers a payment request carries."""

import pytest

from fincore.cards.card_scan import find_cards, holds_card
from fincore.cards.corpus import DISGUISES, disguised_cards, honest_by_kind
from fincore.cards.test_cards import AMEX_PAN, VISA_PAN
from fincore.payments.card_guard import _VIEW_BREAK, _views


@pytest.mark.parametrize("disguise", DISGUISES)
def test_every_disguise_of_a_card_number_is_found_once_undone(disguise):
    scope = {"path": "/", "query_string": b"", "headers": []}
    for pan, text in disguised_cards(50, seed=7)[disguise]:
        assert holds_card(_VIEW_BREAK.join(_views(scope, text))), (disguise, pan[-4:])


@pytest.mark.parametrize("kind", list(honest_by_kind(1)))
def test_honest_identifiers_are_not_card_numbers(kind):
    texts = honest_by_kind(500, seed=11)[kind]
    assert [text for text in texts if holds_card(text)] == []


def test_a_card_starts_where_a_group_of_digits_starts():
    assert find_cards(f"12 {VISA_PAN}") == [VISA_PAN]
    assert find_cards(f"PAN{VISA_PAN}") == [VISA_PAN]
    assert find_cards(f"00{VISA_PAN}") == []


def test_a_number_needs_a_brand_prefix_and_length_as_well_as_luhn():
    # Luhn-valid, but 9 is no card brand's first digit, and Visa has 13, 16 or 19 digits, not 14.
    assert not holds_card("9999999999999995")
    assert not holds_card("41111111111114")
    assert find_cards(AMEX_PAN) == [AMEX_PAN]


def test_digits_of_other_scripts_read_as_ascii_digits():
    arabic_indic = VISA_PAN.translate({ord(d): 0x0660 + int(d) for d in "0123456789"})
    assert find_cards(arabic_indic) == [VISA_PAN]


def test_request_ids_in_every_log_line_are_never_taken_for_cards():
    # One random hex id in about 250 holds a card-shaped run, e.g. this one ("4732720062409"
    # behind a letter): request logs hold thousands, so the scanner passes our own ids by.
    assert find_cards("req_6cb3f85dfefddc127b47327200624096") == []
    assert find_cards("xreq_6cb3f85dfefddc127b47327200624096") != []
