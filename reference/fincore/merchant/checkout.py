"""From a checkout attempt to what the shopper is told: the merchant's side of step 10."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from fincore.merchant import error_codes
from fincore.merchant.payments_client import PaymentReply

ATTEMPT_PATTERN = r"^[0-9a-f]{32}$"
BRAND_NAMES = {
    "visa": "Visa",
    "mastercard": "Mastercard",
    "amex": "American Express",
    "discover": "Discover",
    "jcb": "JCB",
    "diners": "Diners Club",
    "unionpay": "UnionPay",
}


class CheckoutCreate(BaseModel):
    """What the checkout page posts: the one-time token and the attempt's random id."""

    model_config = ConfigDict(extra="forbid")

    token: str = Field(pattern=r"^tok_[A-Za-z0-9]{1,100}$")
    attempt: str = Field(pattern=ATTEMPT_PATTERN, description="New for every Pay click.")


class CheckoutResult(BaseModel):
    status: str
    message: str
    payment: str | None = None
    code: str | None = None
    decline_code: str | None = None
    # 3-D Secure: where the page's SDK takes the shopper (handleNextAction); no secret in it.
    next_action: dict[str, str] | None = None


# Declines that tell a card tester something about a stolen card (it is reported lost or stolen,
# flagged as fraud, or its number is right and only the CVC is wrong): the browser is told only
# that the card was declined; the merchant's own log keeps the exact code.
CONCEALED_DECLINES = frozenset(
    {"lost_card", "stolen_card", "fraudulent", "pickup_card", "incorrect_cvc", "invalid_cvc"}
)
GENERIC_DECLINE = "Your card was declined. Please use another card or contact your bank."


def idempotency_key(attempt: str) -> str:
    return f"checkout_{attempt}"


def outcome(reply: PaymentReply) -> tuple[int, CheckoutResult]:
    """The HTTP status and body the checkout page gets for the Payment Service's reply."""
    body = reply.body
    if reply.status == 201:
        card = body.get("card") or {}
        brand = BRAND_NAMES.get(card.get("brand", ""), "card")
        message = (
            f"Payment received: {body.get('amount_display')} charged to {brand} "
            f"ending in {card.get('last4', '????')}."
        )
        return 200, CheckoutResult(status="succeeded", message=message, payment=body.get("id"))
    if reply.status == 202 and body.get("status") == "requires_action":
        return 202, CheckoutResult(
            status="requires_action",
            message="Confirm the payment with your bank.",
            payment=body.get("id"),
            next_action=body.get("next_action"),
        )
    if reply.status == 202:
        message = "Your payment is being confirmed. We will email you when it completes."
        return 202, CheckoutResult(status="pending", message=message, payment=body.get("id"))
    error: dict[str, Any] = body.get("error") or {}
    if reply.status == 402:
        codes = {error.get("code"), error.get("decline_code")}
        if codes & CONCEALED_DECLINES:
            return 402, CheckoutResult(
                status="declined",
                message=GENERIC_DECLINE,
                payment=error.get("payment"),
                code=error_codes.CARD_DECLINED,
                decline_code=error_codes.GENERIC_DECLINE,
            )
        return 402, CheckoutResult(
            status="declined",
            message=str(error.get("message") or "Your card was declined."),
            payment=error.get("payment"),
            code=error.get("code"),
            decline_code=error.get("decline_code"),
        )
    return 400 if reply.status < 500 else 502, CheckoutResult(
        status="failed",
        message="We could not take the payment. Please check your card details and try again.",
        code=error.get("code"),
    )


UNREACHABLE = CheckoutResult(
    status="failed",
    message="The payment service could not be reached. Please try again in a moment.",
    code=error_codes.PAYMENTS_UNREACHABLE,
)
