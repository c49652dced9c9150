"""What each decline means, in the words a checkout page can show a shopper."""

DECLINE_MESSAGES = {
    "generic_decline": "Your card was declined.",
    "insufficient_funds": "Your card has insufficient funds.",
    "lost_card": "Your card was declined.",
    "stolen_card": "Your card was declined.",
    "expired_card": "Your card has expired.",
    "incorrect_cvc": "Your card's security code is incorrect.",
    "processing_error": "An error occurred while processing your card. Try again in a little bit.",
}


def decline_message(decline_code: str) -> str:
    return DECLINE_MESSAGES.get(decline_code, DECLINE_MESSAGES["generic_decline"])
