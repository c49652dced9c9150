"""Test cards by name, and what the system is expected to answer when each is charged.

Notebook parameters name a card (``card = "INSUFFICIENT_FUNDS_PAN"``) rather than paste its number:
the name says what the card is for, and the number stays in ``fincore.cards.test_cards``.
"""

from dataclasses import dataclass

from fincore.cards import test_cards
from fincore.cards.brands import detect_brand
from fincore.cards.decline_codes import decline_message
from fincore.cards.luhn import luhn_valid
from fincore.cards.test_cards import TEST_CARDS, TestCard

# "VISA_PAN" -> "4242..." for every named card constant in fincore.cards.test_cards.
CARD_NAMES: dict[str, str] = {
    number: name
    for name, number in vars(test_cards).items()
    if name.endswith("_PAN") and isinstance(number, str)
}


def resolve_card(name_or_number: str) -> TestCard:
    """The test card called ``name_or_number`` (``"VISA_PAN"``), or the card with that number.

    Any other Luhn-valid number of a known brand is a card that simply succeeds.
    """
    number = getattr(test_cards, name_or_number, name_or_number)
    if not isinstance(number, str) or not number.isdigit():
        known = ", ".join(card_name(card.number) for card in TEST_CARDS)
        raise ValueError(f"Unknown test card {name_or_number!r}; use one of {known}.")
    for card in TEST_CARDS:
        if card.number == number:
            return card
    brand = detect_brand(number)
    if brand is None or not luhn_valid(number):
        raise ValueError(f"{card_name(number)} is not a card the PSP would tokenize.")
    return TestCard(number, brand.name)


def card_name(number: str) -> str:
    """``"VISA_PAN"`` for a named test card, ``"card ending 1234"`` for any other number."""
    return CARD_NAMES.get(number, f"card ending {number[-4:]}")


def cvc_for(number: str) -> str:
    """A CVC of the length the card's brand requires (four digits for Amex, three otherwise)."""
    brand = detect_brand(number)
    return "1234"[: brand.cvc_length if brand else 3]


@dataclass(frozen=True)
class Expected:
    """What charging a card must answer, read from the test-card table."""

    card: TestCard

    @property
    def succeeds(self) -> bool:
        return self.card.decline_code is None

    @property
    def http_status(self) -> int:
        return 201 if self.succeeds else 402

    @property
    def payment_status(self) -> str:
        return "succeeded" if self.succeeds else "failed"

    @property
    def message(self) -> str | None:
        """The shopper-ready decline message, None when the card succeeds."""
        code = self.card.decline_code
        return None if code is None else decline_message(code)

    def summary(self) -> str:
        if self.succeeds:
            return "succeeds"
        return f"declined: {self.card.error_code}/{self.card.decline_code}"
