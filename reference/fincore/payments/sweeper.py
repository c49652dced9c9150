"""The background resolver, on every instance: payments left pending, captures, cancels and
refunds whose PSP answer was lost are settled with the PSP, and authorizations past their capture
window are canceled (``cancellation_reason: "expired"``).

Several instances sweeping at once is safe: resolution asks the PSP with the operation's own
idempotency key and only ever moves a payment or refund out of its intent, once.
"""

import asyncio
import logging

from fincore.payments import capture, refunds
from fincore.payments.charging import resolve_stale
from fincore.payments.state import PaymentState

log = logging.getLogger(__name__)


def start_sweeper(state: PaymentState) -> "asyncio.Task[None] | None":
    interval = state.settings.resolve_interval_seconds
    if interval <= 0:
        return None
    return asyncio.create_task(_sweep_forever(state, interval), name="fincore-sweeper")


async def _sweep_forever(state: PaymentState, interval: float) -> None:
    # Only payments older than a lease: younger ones may still be in their first request.
    grace = state.settings.idempotency_lease
    while True:
        await asyncio.sleep(interval)
        try:
            await sweep_once(state, grace)
        except Exception:
            # A sweep that fails (database or PSP briefly away) is simply tried again later.
            log.warning("sweep for pending payments failed; retrying later", exc_info=True)


async def sweep_once(state: PaymentState, grace: float) -> None:
    """One pass of everything the sweeper settles; tests call it after moving the clock."""
    await resolve_stale(state, grace)
    await capture.resolve_stuck(state, grace)
    await refunds.resolve_stale(state, grace)
    await capture.expire_due(state)
