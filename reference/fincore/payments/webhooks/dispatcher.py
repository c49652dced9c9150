"""The webhook dispatcher: every instance sends the deliveries that are due, at least once each.

``dispatch_due`` is one pass: read what is due, claim each delivery (``store.claim``: a
conditional UPDATE, so two instances never send the same attempt at once), send the claimed ones
(endpoints concurrently, each endpoint's in order), record each result (delivered, due again
later on the schedule, or failed). The background loop calls it every
``webhook_dispatch_interval_seconds``; tests call it directly after moving the clock, so a
three-day retry schedule runs in milliseconds with no sleeping.
"""

import asyncio
import logging

from fincore.payments.state import PaymentState
from fincore.payments.webhooks import store
from fincore.payments.webhooks.store import Claimed

log = logging.getLogger(__name__)
# Deliveries read per pass; the next pass takes the rest.
BATCH = 100
# Beyond the attempt's own timeout: how long a claim holds before another instance may retry.
LEASE_MARGIN_SECONDS = 30


async def dispatch_due(state: PaymentState) -> list[str]:
    """Send every delivery due now that this instance claims; their new statuses."""
    now = state.clock.now()
    lease_until = now + int(state.settings.webhook_timeout_seconds) + LEASE_MARGIN_SECONDS
    claimed: list[Claimed] = []
    for delivery_id, attempts in await state.db.read(store.due, now, BATCH):
        mine = await state.db.write(store.claim, delivery_id, attempts, now, lease_until)
        if mine is not None:
            claimed.append(mine)
    # Endpoints in parallel; each endpoint's deliveries one after the other, oldest first, so a
    # receiver usually sees events in order (retries can still reorder them: docs/webhooks.md).
    by_endpoint: dict[str, list[Claimed]] = {}
    for one in claimed:
        by_endpoint.setdefault(one.url, []).append(one)
    results = await asyncio.gather(*(_in_turn(state, queue, now) for queue in by_endpoint.values()))
    return [status for statuses in results for status in statuses if status is not None]


async def _in_turn(state: PaymentState, queue: list[Claimed], now: int) -> list[str | None]:
    return [await _attempt(state, one, now) for one in queue]


async def _attempt(state: PaymentState, claimed: Claimed, now: int) -> str | None:
    result = await state.webhooks.send(claimed, now)
    status = await state.db.write(
        store.finish, claimed.delivery_id, claimed.attempt, state.clock.now(), result
    )
    if not result.delivered:
        log.info(
            "webhook delivery %s attempt %d failed: %s",
            claimed.delivery_id,
            claimed.attempt,
            result.error or f"HTTP {result.response_status}",
        )
    return status


def start_dispatcher(state: PaymentState) -> "asyncio.Task[None] | None":
    interval = state.settings.webhook_dispatch_interval_seconds
    if interval <= 0:
        return None
    return asyncio.create_task(_dispatch_forever(state, interval), name="fincore-webhooks")


async def _dispatch_forever(state: PaymentState, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await dispatch_due(state)
        except Exception:
            # A pass that fails (the database briefly away) is simply tried again later.
            log.warning("webhook dispatch failed; retrying later", exc_info=True)
