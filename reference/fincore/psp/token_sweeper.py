"""The token sweeper: the encrypted card behind a token that expired without ever being presented
is wiped, so the PSP keeps a card number only as long as its token lives.

Presenting an expired token wipes its card too (``fincore.psp.charging``); this catches the ones
nobody presents. Each sweep is one UPDATE over the expired tokens that still hold a card.
"""

import asyncio
import logging

from sqlalchemy import Connection, update

from fincore.psp.db import tokens
from fincore.psp.state import PSPState

log = logging.getLogger(__name__)


def wipe_expired_cards(connection: Connection, now: int) -> int:
    """Wipe the card of every token expired at ``now``; how many were wiped."""
    result = connection.execute(
        update(tokens)
        .where(tokens.c.expires_at <= now, tokens.c.encrypted_pan.is_not(None))
        .values(encrypted_pan=None)
    )
    return result.rowcount


async def sweep(state: PSPState) -> int:
    return await state.db.write(wipe_expired_cards, state.clock.now())


def start_token_sweeper(state: PSPState) -> "asyncio.Task[None] | None":
    interval = state.settings.token_sweep_interval_seconds
    if interval <= 0:
        return None
    return asyncio.create_task(_sweep_forever(state, interval), name="fincore-token-sweeper")


async def _sweep_forever(state: PSPState, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await sweep(state)
        except Exception:
            # A sweep that fails (database briefly away) is simply tried again later.
            log.warning("sweep of expired tokens failed; retrying later", exc_info=True)
