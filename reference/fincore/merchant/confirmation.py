"""Step 17 on the merchant's side: what the checkout page is told once the shopper has answered
the 3-D Secure challenge. The page's word (the SDK's outcome) is not trusted: the backend asks the
Payment Service, which settles the payment with the PSP."""

from typing import Any

from fincore.merchant.checkout import CheckoutResult, outcome
from fincore.merchant.payments_client import PaymentReply

PAYMENT_ID_PATTERN = r"^pay_[0-9a-f]{32}$"


def confirmation(reply: PaymentReply) -> tuple[int, CheckoutResult]:
    """The HTTP status and body for the page, from ``GET /v1/payments/{id}``'s reply."""
    body = reply.body
    if reply.status != 200:
        return outcome(reply)
    status = body.get("status")
    if status == "succeeded":
        return outcome(PaymentReply(201, body))
    if status == "failed":
        return outcome(PaymentReply(402, {"error": _as_error(body)}))
    return outcome(PaymentReply(202, body))


def _as_error(payment: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": payment.get("failure_code"),
        "decline_code": payment.get("decline_code"),
        "message": payment.get("failure_message"),
        "payment": payment.get("id"),
    }
