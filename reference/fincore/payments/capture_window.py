"""How long a manual-capture payment's authorization may be captured.

Our own limit (``authorization_ttl_seconds``) or the PSP's, whichever ends first: a capture
after the PSP's expiry would only be refused there.
"""

from typing import Any

from fincore.payments.state import PaymentState


def authorized(state: PaymentState, charge: dict[str, Any]) -> dict[str, Any]:
    """The outcome columns of a payment whose charge the PSP authorized without capturing."""
    ours = state.clock.now() + state.settings.authorization_ttl_seconds
    theirs = charge.get("capture_before") or ours
    return {"status": "requires_capture", "amount_captured": 0, "capture_before": min(ours, theirs)}
