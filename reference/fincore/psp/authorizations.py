"""Authorize now, capture later: what a charge made with ``capture: false`` records.

An authorization holds the amount on the card (``requires_capture``) until it is captured, voided,
or its ``capture_before`` passes (the PSP's own expiry, ``authorization_ttl_seconds``); then it can
only be voided. A charge captured at once has captured its whole amount.
"""

from typing import Any

from fincore.psp.schemas import ChargeCreate
from fincore.psp.settings import PSPSettings


def capture_columns(
    body: ChargeCreate, status: str, now: int, settings: PSPSettings
) -> dict[str, Any]:
    """The capture columns of a new charge row, by its outcome and ``body.capture``."""
    if status != "succeeded":
        return {"amount_captured": 0, "amount_refunded": 0, "capture_before": None}
    if body.capture:
        return {"amount_captured": body.amount, "amount_refunded": 0, "capture_before": None}
    return {
        "status": "requires_capture",
        "amount_captured": 0,
        "amount_refunded": 0,
        "capture_before": now + settings.authorization_ttl_seconds,
    }
