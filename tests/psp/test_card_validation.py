"""What the PSP accepts as a card: every brand of the brand matrix, and ASCII digits only."""

import datetime as dt

import pytest

from fincore.cards.brands import BY_NAME
from fincore.cards.test_cards import BRAND_TEST_CARDS, STOLEN_CARD_PAN, VISA_PAN
from fincore.common.errors import CardError
from fincore.psp.card_validation import validate_card, validate_cvc, validate_number

TODAY = dt.date(2030, 6, 15)
# Full-width, Arabic-Indic and Devanagari digits: str.isdigit() says yes to each.
NON_ASCII_DIGITS = {
    "full-width": str.maketrans("0123456789", "０１２３４５６７８９"),
    "arabic-indic": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
    "devanagari": str.maketrans("0123456789", "०१२३४५६७८९"),
}


def cvc_of(brand_name):
    return "1234"[: BY_NAME[brand_name].cvc_length]


@pytest.mark.parametrize("card", BRAND_TEST_CARDS, ids=lambda card: card.brand + card.number[-4:])
def test_every_brand_of_the_matrix_is_accepted_with_its_cvc_length(card):
    valid = validate_card(card.number, 12, 2031, cvc_of(card.brand), TODAY)
    assert valid.brand.name == card.brand
    assert valid.number == card.number


@pytest.mark.parametrize("script", NON_ASCII_DIGITS)
def test_a_number_in_other_digits_is_refused_saying_ascii_digits_only(script):
    with pytest.raises(CardError) as refused:
        validate_number(STOLEN_CARD_PAN.translate(NON_ASCII_DIGITS[script]))
    assert refused.value.code == "invalid_number"
    assert refused.value.param == "number"
    assert "ASCII digits 0-9" in refused.value.message


def test_one_non_ascii_digit_among_ascii_ones_is_refused():
    mixed = VISA_PAN[:-1] + VISA_PAN[-1].translate(NON_ASCII_DIGITS["full-width"])
    with pytest.raises(CardError, match="ASCII digits"):
        validate_number(mixed)


def test_spaces_and_dashes_between_groups_are_still_removed():
    assert validate_number("4242 4242-4242 4242")[0] == VISA_PAN


def test_a_cvc_in_other_digits_is_refused():
    with pytest.raises(CardError) as refused:
        validate_cvc("１２３", BY_NAME["visa"])
    assert refused.value.code == "invalid_cvc"
    assert "ASCII" in refused.value.message


def test_the_psp_answers_non_ascii_digits_with_a_card_error_naming_ascii(shopper):
    response = shopper.tokenize(STOLEN_CARD_PAN.translate(NON_ASCII_DIGITS["full-width"]))
    assert response.status == 402
    error = response.body["error"]
    assert (error["type"], error["code"], error["param"]) == (
        "card_error",
        "invalid_number",
        "number",
    )
    assert "ASCII digits 0-9" in error["message"]


@pytest.mark.parametrize("card", BRAND_TEST_CARDS, ids=lambda card: card.brand + card.number[-4:])
def test_the_psp_tokenizes_a_card_of_every_brand(shopper, card):
    response = shopper.tokenize(card.number, cvc=cvc_of(card.brand))
    assert response.status == 201, response.body
    assert response.body["card"]["brand"] == card.brand
    assert response.body["card"]["last4"] == card.number[-4:]
