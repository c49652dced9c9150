"""What each decline means, in the words a checkout page can show a shopper."""

DECLINE_MESSAGES = {
    "generic_decline": "Your card was declined.",
    "insufficient_funds": "Your card has insufficient funds.",
    "lost_card": "Your card was declined.",
    "stolen_card": "Your card was declined.",
    "expired_card": "Your card has expired.",
    "incorrect_cvc": "Your card's security code is incorrect.",
    "processing_error": "An error occurred while processing your card. Try again in a little bit.",
    # 3-D Secure: the shopper failed (or declined) the issuer's challenge, or never answered it.
    "authentication_failed": "Your bank could not confirm the payment. Please try again.",
    "authentication_expired": "The payment was not confirmed with your bank in time.",
}


def decline_message(decline_code: str) -> str:
    return DECLINE_MESSAGES.get(decline_code, DECLINE_MESSAGES["generic_decline"])
