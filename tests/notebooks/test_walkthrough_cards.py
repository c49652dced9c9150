"""Notebook parameters name test cards; the expectation comes from the test-card table."""

import pytest

from fincore.cards.decline_codes import decline_message
from fincore.cards.test_cards import AMEX_PAN, INSUFFICIENT_FUNDS_PAN, LUHN_INVALID_PAN, VISA_PAN
from fincore.walkthrough import Expected, card_name, cvc_for, resolve_card


def test_a_card_is_found_by_its_constant_name_or_its_number():
    assert resolve_card("INSUFFICIENT_FUNDS_PAN").number == INSUFFICIENT_FUNDS_PAN
    assert resolve_card(VISA_PAN).brand == "visa"
    assert card_name(INSUFFICIENT_FUNDS_PAN) == "INSUFFICIENT_FUNDS_PAN"


def test_an_unknown_name_lists_the_names_that_exist():
    with pytest.raises(ValueError, match="use one of .*VISA_PAN"):
        resolve_card("PLATINUM_PAN")


def test_another_valid_number_is_a_card_that_succeeds():
    other = "4111111111111111"
    assert Expected(resolve_card(other)).succeeds
    assert card_name(other) == "card ending 1111"


def test_a_number_the_psp_would_refuse_is_not_a_card():
    with pytest.raises(ValueError, match="not a card the PSP would tokenize"):
        resolve_card(LUHN_INVALID_PAN)


def test_amex_gets_a_four_digit_cvc():
    assert (cvc_for(AMEX_PAN), cvc_for(VISA_PAN)) == ("1234", "123")


def test_expectations_follow_the_table():
    declined = Expected(resolve_card("INSUFFICIENT_FUNDS_PAN"))
    assert (declined.succeeds, declined.http_status, declined.payment_status) == (
        False,
        402,
        "failed",
    )
    assert declined.message == decline_message("insufficient_funds")
    assert declined.summary() == "declined: card_declined/insufficient_funds"
    paid = Expected(resolve_card("VISA_PAN"))
    assert (paid.http_status, paid.payment_status, paid.message) == (201, "succeeded", None)
