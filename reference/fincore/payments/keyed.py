"""Idempotency-Key handling shared by capture, cancel and refunds (see ``idempotency.py``).

An operation records its intent in the key's transaction (``start``), asks the PSP and records
the outcome with the reply stored under the key (``first``); a replay of a reply that was still
202, or a takeover of a key whose process died, finishes the same operation (``again``) and so
asks the PSP with the same key of ours, which it deduplicates.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from fincore.common.reply import Reply
from fincore.payments import idempotency
from fincore.payments.idempotency import KeyRef
from fincore.payments.state import PaymentState

REPLAYED = {"Idempotent-Replayed": "true"}


@dataclass(frozen=True)
class Operation:
    merchant_id: str
    # The payment captured or canceled, or the new refund's id.
    resource_id: str
    # What the request asks, as its key's fingerprint: the operation's name included.
    request: dict[str, Any]
    start: Callable[[Connection, int], None]
    first: Callable[[KeyRef | None], Awaitable[Reply]]
    again: Callable[[str, KeyRef], Awaitable[Reply]]


async def run(state: PaymentState, operation: Operation, idempotency_key: str | None) -> Reply:
    """Run ``operation`` once, or answer as its first run with this key answered."""
    now = state.clock.now()
    if idempotency_key is None:
        await state.db.write(operation.start, now)
        return await operation.first(None)
    keyed = idempotency.KeyedRequest(
        operation.merchant_id,
        idempotency.check_key(idempotency_key),
        idempotency.fingerprint(operation.request),
        operation.resource_id,
        None,
        operation.start,
    )
    claim = await idempotency.claim(state.db, keyed, now, state.settings.idempotency_lease)
    if claim.kind == "replay" and claim.status != 202:
        return Reply(claim.status, claim.body, REPLAYED)
    key = KeyRef(operation.merchant_id, keyed.key)
    if claim.kind == "new":
        return await operation.first(key)
    reply = await operation.again(claim.payment_id, key)
    return Reply(reply.status, reply.body, REPLAYED)
