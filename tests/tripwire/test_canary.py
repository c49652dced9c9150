"""Canary cards: fresh, brand-correct, Luhn-valid numbers the mock PSP treats as unknown cards
that succeed, never one of the scripted test cards."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fincore.cards.brands import BY_NAME, detect_brand
from fincore.cards.luhn import luhn_valid
from fincore.cards.test_cards import BY_NUMBER
from fincore.tripwire import canary_cvc, find_card_numbers, new_canary

BRANDS = sorted(BY_NAME)


@given(brand=st.sampled_from(BRANDS))
def test_a_canary_is_a_valid_card_of_its_brand_and_no_test_card(brand):
    number = new_canary(brand)
    assert luhn_valid(number)
    assert detect_brand(number) is BY_NAME[brand]
    assert len(number) in BY_NAME[brand].lengths
    assert number not in BY_NUMBER
    assert [hit.pan for hit in find_card_numbers(number.encode())] == [number]
    assert len(canary_cvc(brand)) == BY_NAME[brand].cvc_length


def test_canaries_are_fresh():
    numbers = [new_canary(brand) for brand in BRANDS for _ in range(250)]
    assert len(set(numbers)) == len(numbers)


def test_an_unknown_brand_is_an_error():
    with pytest.raises(ValueError, match="unknown brand 'maestro'"):
        new_canary("maestro")


@pytest.mark.parametrize("brand", BRANDS)
def test_the_psp_tokenizes_and_charges_a_canary_as_an_unknown_card(shopper, merchant, brand):
    number = new_canary(brand)
    token = shopper.tokenize(number, cvc=canary_cvc(brand))
    assert token.status == 201, token.body
    assert token.body["card"]["brand"] == brand
    payment = merchant.pay(token.body["id"])
    assert (payment.status, payment.body["status"]) == (201, "succeeded")
    assert payment.body["card"] == {"brand": brand, "last4": number[-4:]}
