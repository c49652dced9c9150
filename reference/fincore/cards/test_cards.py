"""The well-known test cards and what the mock PSP does when each is charged.

One table, read by the PSP (to decide outcomes), the tests and the notebooks (to show the decline
matrix). Numbers are the industry's public test numbers; none is a real card.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TestCard:
    number: str
    brand: str
    # None means the charge succeeds; otherwise the decline code the PSP answers with.
    decline_code: str | None = None
    # The card_error code: ``card_declined`` for most declines, specific codes for a few.
    error_code: str | None = None
    description: str = "succeeds"
    # None: no 3-D Secure. Otherwise what the issuer's access control server does when the PSP
    # authenticates the card (``THREE_DS_FLOWS``).
    three_d_secure: str | None = None

    __test__ = False  # not a pytest test class


VISA_PAN = "4242424242424242"
MASTERCARD_PAN = "5555555555554444"
MASTERCARD_2_SERIES_PAN = "2223003122003222"
AMEX_PAN = "378282246310005"
DISCOVER_PAN = "6011111111111117"
JCB_PAN = "3566002020360505"
DINERS_PAN = "36227206271667"
DINERS_16_DIGIT_PAN = "3056930009020004"
UNIONPAY_PAN = "6200000000000005"
UNIONPAY_19_DIGIT_PAN = "6205500000000000004"
GENERIC_DECLINE_PAN = "4000000000000002"
INSUFFICIENT_FUNDS_PAN = "4000000000009995"
LOST_CARD_PAN = "4000000000009987"
STOLEN_CARD_PAN = "4000000000009979"
EXPIRED_CARD_PAN = "4000000000000069"
INCORRECT_CVC_PAN = "4000000000000127"
PROCESSING_ERROR_PAN = "4000000000000119"
# 3-D Secure (strong customer authentication). The issuer authenticates without the shopper
# (frictionless); asks the shopper in a PSP-hosted challenge, whose Approve or Fail button decides
# (one card for both challenge outcomes, as the shopper's answer is what differs); or cannot
# authenticate at all. For "unavailable" the PSP proceeds without authentication and without a
# liability shift (the charge succeeds; its three_d_secure says so), as most acquirers do.
THREE_DS_FRICTIONLESS_PAN = "4000000000003055"
THREE_DS_CHALLENGE_PAN = "4000000000003220"
THREE_DS_UNAVAILABLE_PAN = "4000000000003097"
FRICTIONLESS = "frictionless"
CHALLENGE = "challenge"
UNAVAILABLE = "unavailable"
THREE_DS_FLOWS = (FRICTIONLESS, CHALLENGE, UNAVAILABLE)
# Fails the Luhn check: the fields must flag it before anything is sent.
LUHN_INVALID_PAN = "4242424242424241"

TEST_CARDS: tuple[TestCard, ...] = (
    TestCard(VISA_PAN, "visa"),
    TestCard(MASTERCARD_PAN, "mastercard"),
    TestCard(MASTERCARD_2_SERIES_PAN, "mastercard"),
    TestCard(AMEX_PAN, "amex"),
    TestCard(DISCOVER_PAN, "discover"),
    TestCard(GENERIC_DECLINE_PAN, "visa", "generic_decline", "card_declined", "generic decline"),
    TestCard(
        INSUFFICIENT_FUNDS_PAN, "visa", "insufficient_funds", "card_declined", "insufficient funds"
    ),
    TestCard(LOST_CARD_PAN, "visa", "lost_card", "card_declined", "lost card"),
    TestCard(STOLEN_CARD_PAN, "visa", "stolen_card", "card_declined", "stolen card"),
    TestCard(EXPIRED_CARD_PAN, "visa", "expired_card", "expired_card", "expired card"),
    TestCard(INCORRECT_CVC_PAN, "visa", "incorrect_cvc", "incorrect_cvc", "incorrect CVC"),
    TestCard(
        PROCESSING_ERROR_PAN, "visa", "processing_error", "processing_error", "processing error"
    ),
)

# The brand matrix: a succeeding card of every brand the PSP accepts, at each length the fields
# format differently. Apart from the decline matrix above, which is about outcomes, not brands.
BRAND_TEST_CARDS: tuple[TestCard, ...] = (
    TestCard(VISA_PAN, "visa"),
    TestCard(MASTERCARD_PAN, "mastercard"),
    TestCard(MASTERCARD_2_SERIES_PAN, "mastercard"),
    TestCard(AMEX_PAN, "amex"),
    TestCard(DISCOVER_PAN, "discover"),
    TestCard(JCB_PAN, "jcb"),
    TestCard(DINERS_PAN, "diners"),
    TestCard(DINERS_16_DIGIT_PAN, "diners"),
    TestCard(UNIONPAY_PAN, "unionpay"),
    TestCard(UNIONPAY_19_DIGIT_PAN, "unionpay"),
)

THREE_DS_TEST_CARDS: tuple[TestCard, ...] = (
    TestCard(
        THREE_DS_FRICTIONLESS_PAN,
        "visa",
        description="3-D Secure: frictionless, succeeds",
        three_d_secure=FRICTIONLESS,
    ),
    TestCard(
        THREE_DS_CHALLENGE_PAN,
        "visa",
        description="3-D Secure: challenge; the shopper's Approve or Fail decides",
        three_d_secure=CHALLENGE,
    ),
    TestCard(
        THREE_DS_UNAVAILABLE_PAN,
        "visa",
        description="3-D Secure unavailable: succeeds without a liability shift",
        three_d_secure=UNAVAILABLE,
    ),
)

BY_NUMBER = {card.number: card for card in (*BRAND_TEST_CARDS, *TEST_CARDS, *THREE_DS_TEST_CARDS)}


def outcome_for(number: str) -> TestCard | None:
    """The scripted outcome for a test card, or None for any other (valid) card: it succeeds."""
    return BY_NUMBER.get(number)


# The expiry every walkthrough and test types: fixed, so committed notebook outputs do not change
# with the calendar, and far enough ahead to stay valid (the PSP and the SDK accept up to 20
# years ahead, so this date works from now until it passes at the end of 2040).
TEST_EXPIRY_MONTH = 12
TEST_EXPIRY_YEAR = 2040
