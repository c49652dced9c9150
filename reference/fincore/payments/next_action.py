"""3-D Secure at the Payment Service: a payment in ``requires_action`` and its ``next_action``.

The Payment Service keeps no authentication data: only the PSP's charge id, from which the
challenge URL is built (``challenge_url``; the PSP serves it at the same path, and a test keeps
the two equal). The PSP's outcome settles the payment like a lost answer is settled
(``charging.resolve``); a payment nobody authenticated within ``action_ttl_seconds`` fails with
``payment_action_expired``.
"""

from typing import Any

from fincore.cards.decline_codes import decline_message
from fincore.payments import error_codes
from fincore.payments.psp_client import ChargeOutcome
from fincore.payments.schemas import NextAction, Payment
from fincore.payments.settings import PaymentSettings
from fincore.payments.state import PaymentState

# The PSP's challenge page for a charge (``fincore.psp.authentication.CHALLENGE_PATH``).
CHALLENGE_PATH = "/3ds/v1/charges/{charge_id}/challenge"
EXPIRED_DECLINE = "authentication_expired"


def challenge_url(settings: PaymentSettings, charge_id: str) -> str:
    base = (settings.psp_public_url or settings.psp_url).rstrip("/")
    return base + CHALLENGE_PATH.format(charge_id=charge_id)


def present(settings: PaymentSettings, payment: Payment) -> Payment:
    """The payment as the API shows it: with its next_action while one is awaited."""
    if payment.status != "requires_action" or payment.psp_charge is None:
        return payment
    action = NextAction(url=challenge_url(settings, payment.psp_charge))
    return payment.model_copy(update={"next_action": action})


def awaiting_values(charge: dict[str, Any]) -> dict[str, Any]:
    """The columns of a payment whose PSP charge waits for the shopper's authentication."""
    card = charge.get("card") or {}
    return {
        "status": "requires_action",
        "psp_charge_id": charge.get("id"),
        "card_brand": card.get("brand"),
        "card_last4": card.get("last4"),
        "amount_captured": 0,  # nothing yet: authentication comes first
    }


def still_waiting(state: PaymentState, payment: Payment, charge: dict[str, Any]) -> ChargeOutcome:
    """The PSP still waits for the shopper: keep waiting, or give up once the TTL has passed."""
    age = state.clock.now() - payment.created
    if age < state.settings.action_ttl_seconds:
        return ChargeOutcome("requires_action", charge)
    expired = {
        "code": error_codes.PAYMENT_ACTION_EXPIRED,
        "decline_code": EXPIRED_DECLINE,
        "message": decline_message(EXPIRED_DECLINE),
        "charge": charge.get("id"),
        "card": charge.get("card"),
    }
    return ChargeOutcome("declined", {"error": expired})
