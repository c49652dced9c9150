import pytest

from fincore.cards.brands import ALL_BRANDS, detect_brand, format_number
from fincore.cards.luhn import luhn_check_digit, luhn_valid
from fincore.cards.pan_pattern import find_pans
from fincore.cards.test_cards import (
    AMEX_PAN,
    BRAND_TEST_CARDS,
    DINERS_16_DIGIT_PAN,
    DINERS_PAN,
    DISCOVER_PAN,
    JCB_PAN,
    LUHN_INVALID_PAN,
    MASTERCARD_2_SERIES_PAN,
    MASTERCARD_PAN,
    TEST_CARDS,
    UNIONPAY_19_DIGIT_PAN,
    UNIONPAY_PAN,
    VISA_PAN,
)


@pytest.mark.parametrize("card", TEST_CARDS + BRAND_TEST_CARDS, ids=lambda card: card.number)
def test_every_test_card_is_luhn_valid_and_of_its_brand(card):
    assert luhn_valid(card.number)
    brand = detect_brand(card.number)
    assert brand is not None and brand.name == card.brand


def test_luhn_rejects_a_changed_digit():
    assert not luhn_valid(LUHN_INVALID_PAN)


def test_check_digit_completes_a_number():
    assert VISA_PAN[:-1] + luhn_check_digit(VISA_PAN[:-1]) == VISA_PAN


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        (VISA_PAN, "visa"),
        (MASTERCARD_PAN, "mastercard"),
        (MASTERCARD_2_SERIES_PAN, "mastercard"),
        (AMEX_PAN, "amex"),
        (DISCOVER_PAN, "discover"),
        ("2720990000000007", "mastercard"),
        ("2721000000000003", None),
        (JCB_PAN, "jcb"),
        ("3528000000000007", "jcb"),
        ("3527000000000008", None),
        (DINERS_PAN, "diners"),
        (DINERS_16_DIGIT_PAN, "diners"),
        ("38000000000006", "diners"),
        (UNIONPAY_PAN, "unionpay"),
        (UNIONPAY_19_DIGIT_PAN, "unionpay"),
        ("6221260000000000", "discover"),  # Discover's co-branded range inside UnionPay's 62
        ("9999999999999995", None),
    ],
)
def test_brand_detection_by_iin_range(number, brand):
    detected = detect_brand(number)
    assert (detected.name if detected else None) == brand


def test_amex_is_grouped_four_six_five():
    assert format_number(AMEX_PAN) == "3782 822463 10005"
    assert format_number(VISA_PAN) == "4242 4242 4242 4242"


def test_diners_is_grouped_four_six_four_and_four_by_four_when_longer():
    assert format_number(DINERS_PAN) == "3622 720627 1667"
    assert format_number(DINERS_16_DIGIT_PAN) == "3056 9300 0902 0004"


def test_brand_matrix_has_a_card_of_every_brand():
    assert {card.brand for card in BRAND_TEST_CARDS} == {brand.name for brand in ALL_BRANDS}


@pytest.mark.parametrize(
    "text",
    [
        f'{{"number": "{VISA_PAN}"}}',
        "card=4242 4242 4242 4242&x=1",
        "4242-4242-4242-4242",
        f"pan:{AMEX_PAN}.",
    ],
)
def test_pan_pattern_finds_grouped_and_embedded_numbers(text):
    assert list(find_pans(text))


@pytest.mark.parametrize(
    "text",
    [
        LUHN_INVALID_PAN,
        "pay_4242424242424242abc",  # glued to an id: not a card number on its own
        '{"created": 1795677284, "amount": 1050}',
        "42424242424242424242",  # 20 digits: too long to be a PAN
    ],
)
def test_pan_pattern_ignores_what_is_not_a_card_number(text):
    assert not list(find_pans(text))
