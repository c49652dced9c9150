"""Refunding a captured payment, whole or in parts (step 12).

A refund is recorded ``pending`` with its amount reserved on the payment before the PSP is called
(``fincore.payments.refund_store``), and the PSP call carries the refund's id as idempotency key:
a lost answer leaves the refund pending, resolved later by asking again with the same key, which
the PSP replays, so a refund is never paid out twice::

    pending ──> succeeded
       └──────> failed (the PSP refused; the reserved amount is released)
"""

from typing import Any

from sqlalchemy import Connection

from fincore.common.errors import UpstreamError
from fincore.common.ids import new_id
from fincore.common.reply import Reply
from fincore.payments import error_codes, keyed, refund_store
from fincore.payments.events import outbox
from fincore.payments.events.types import REFUND_FAILED, REFUND_SUCCEEDED
from fincore.payments.idempotency import KeyRef, complete
from fincore.payments.psp_client import ChargeOutcome
from fincore.payments.schemas import Refund, RefundCreate
from fincore.payments.state import PaymentState


def new_refund_id() -> str:
    return new_id("re")


async def create(
    state: PaymentState, merchant_id: str, body: RefundCreate, idempotency_key: str | None
) -> Reply:
    """Refund ``body.amount`` (default: all that remains) of a captured payment."""
    refund_id = new_refund_id()

    def start(connection: Connection, now: int) -> None:
        refund_store.reserve(connection, merchant_id, refund_id, body, now)

    operation = keyed.Operation(
        merchant_id,
        refund_id,
        {"operation": "refund", **body.model_dump()},
        start,
        lambda key: _refund_at_psp(state, refund_id, key),
        lambda resource_id, key: _refund_at_psp(state, resource_id, key),
    )
    return await keyed.run(state, operation, idempotency_key)


async def resolve(state: PaymentState, refund: Refund) -> Refund:
    """A refund whose PSP answer was lost, asked again with the same key."""
    if refund.status != "pending":
        return refund
    await _refund_at_psp(state, refund.id, None)
    return await state.db.read(refund_store.by_id, refund.id)


async def resolve_stale(state: PaymentState, older_than_seconds: float) -> int:
    cutoff = int(state.clock.now() - older_than_seconds)
    stale = await state.db.read(refund_store.stale_pending, cutoff)
    for refund_id in stale:
        await _refund_at_psp(state, refund_id, None)
    return len(stale)


async def _refund_at_psp(state: PaymentState, refund_id: str, key: KeyRef | None) -> Reply:
    status, amount, charge_id = await state.db.read(refund_store.psp_request, refund_id)
    outcome: dict[str, Any] = {}
    if status == "pending":
        try:
            answer = await state.psp.refund(charge_id, amount, refund_id)
        except UpstreamError as error:
            answer = ChargeOutcome("refused", error.body())
        outcome = _outcome(answer)
    return await state.db.write(_settle, refund_id, outcome, state.clock.now(), key)


def _outcome(answer: ChargeOutcome) -> dict[str, Any]:
    if answer.kind == "succeeded":
        return {"status": "succeeded", "psp_refund_id": (answer.body or {}).get("id")}
    if answer.kind == "unknown":
        return {}
    return {
        "status": "failed",
        "failure_code": answer.error.get("code") or error_codes.PSP_UNAVAILABLE,
        "failure_message": answer.error.get("message"),
    }


def _settle(
    connection: Connection,
    refund_id: str,
    outcome: dict[str, Any],
    now: int,
    key: KeyRef | None,
) -> Reply:
    """One transaction: the refund's outcome, its event, and the reply ``key`` replays."""
    refund, merchant_id = refund_store.finish(connection, refund_id, outcome, now)
    if merchant_id is not None:
        event_type = REFUND_SUCCEEDED if refund.status == "succeeded" else REFUND_FAILED
        outbox.record(connection, merchant_id, event_type, refund.model_dump(mode="json"), now)
    reply = reply_for(refund)
    if key is not None:
        complete(connection, key, reply.status, reply.body)
    return reply


def reply_for(refund: Refund) -> Reply:
    if refund.status == "pending":
        return Reply(202, refund.model_dump())
    if refund.status == "failed":
        error = UpstreamError(
            refund.failure_code or error_codes.PSP_UNAVAILABLE,
            f"The PSP refused the refund: {refund.failure_message or 'no reason given'}",
            extra={"refund": refund.id},
        )
        return Reply(error.status_code, error.body())
    return Reply(201, refund.model_dump())
