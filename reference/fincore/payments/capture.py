"""Capturing and canceling an authorized payment (step 11), and expiring it.

A manual-capture payment continues the state machine of ``fincore.payments.charging``::

    requires_capture ──> capturing ──> succeeded        (POST /v1/payments/{id}/capture)
          │                  └───────> requires_capture (the PSP refused: nothing captured)
          └────────────> canceling ──> canceled         (POST .../cancel, or expiry)

The intent (``capturing``, ``canceling``) is written before the PSP is called, and the call
carries an idempotency key derived from the payment id, so a lost answer leaves the payment in
its intent, resolved later by asking again with the same key: the PSP replays what it did, and a
payment can never be captured twice.
"""

from typing import Any

from sqlalchemy import Connection

from fincore.common.errors import APIError, InvalidRequestError, UpstreamError
from fincore.common.reply import Reply
from fincore.payments import capture_store, error_codes, keyed
from fincore.payments.events import outbox
from fincore.payments.events.types import PAYMENT_CANCELED, PAYMENT_CAPTURED, PAYMENT_EXPIRED
from fincore.payments.idempotency import KeyRef, complete
from fincore.payments.psp_client import ChargeOutcome
from fincore.payments.schemas import Payment, PaymentCancel, PaymentCapture
from fincore.payments.state import PaymentState

IN_PROGRESS = ("capturing", "canceling")
# The PSP's code for a capture after its own authorization window (fincore.psp.error_codes).
PSP_AUTHORIZATION_EXPIRED = "charge_authorization_expired"


def capture_key(payment_id: str) -> str:
    return f"{payment_id}.capture"


def cancel_key(payment_id: str) -> str:
    return f"{payment_id}.cancel"


async def capture(
    state: PaymentState,
    merchant_id: str,
    payment_id: str,
    body: PaymentCapture,
    idempotency_key: str | None,
) -> Reply:
    """Capture ``body.amount`` (default all) of a requires_capture payment; the rest is released."""

    def start(connection: Connection, now: int) -> None:
        capture_store.begin_capture(connection, merchant_id, payment_id, body.amount, now)

    operation = keyed.Operation(
        merchant_id,
        payment_id,
        {"operation": "capture", "payment": payment_id, **body.model_dump()},
        start,
        lambda key: _settle_at_psp(state, payment_id, key),
        lambda resource_id, key: _settle_at_psp(state, resource_id, key),
    )
    return await keyed.run(state, operation, idempotency_key)


async def cancel(
    state: PaymentState,
    merchant_id: str,
    payment_id: str,
    body: PaymentCancel,
    idempotency_key: str | None,
) -> Reply:
    """Release a requires_capture payment's authorization: it becomes canceled."""

    def start(connection: Connection, now: int) -> None:
        capture_store.begin_cancel(
            connection, merchant_id, payment_id, body.cancellation_reason, now
        )

    operation = keyed.Operation(
        merchant_id,
        payment_id,
        {"operation": "cancel", "payment": payment_id, **body.model_dump()},
        start,
        lambda key: _settle_at_psp(state, payment_id, key),
        lambda resource_id, key: _settle_at_psp(state, resource_id, key),
    )
    return await keyed.run(state, operation, idempotency_key)


async def resolve(state: PaymentState, payment: Payment) -> Payment:
    """A capture or cancel whose PSP answer was lost, asked again; other payments as they are."""
    if payment.status not in IN_PROGRESS:
        return payment
    await _settle_at_psp(state, payment.id, None)
    return await state.db.read(capture_store.payment, payment.id)


async def resolve_stuck(state: PaymentState, older_than_seconds: float) -> int:
    """Captures and cancels left waiting for the PSP (lost answers, crashed instances)."""
    cutoff = int(state.clock.now() - older_than_seconds)
    stuck = await state.db.read(capture_store.stuck, cutoff)
    for payment_id in stuck:
        await _settle_at_psp(state, payment_id, None)
    return len(stuck)


async def expire_due(state: PaymentState) -> int:
    """Cancel (reason "expired") every authorization past its capture window; how many."""
    expired = 0
    for merchant_id, payment_id in await state.db.read(capture_store.expired, state.clock.now()):
        try:
            await state.db.write(
                capture_store.begin_cancel,
                merchant_id,
                payment_id,
                "expired",
                state.clock.now(),
            )
        except APIError:
            continue  # captured or canceled meanwhile, perhaps by another instance
        await _settle_at_psp(state, payment_id, None)
        expired += 1
    return expired


async def _settle_at_psp(state: PaymentState, payment_id: str, key: KeyRef | None) -> Reply:
    """Ask the PSP for the payment's recorded intent and record the outcome (with ``key``'s
    reply, in one transaction)."""
    row = await state.db.read(capture_store.psp_charge_and_intent, payment_id)
    if row.status == "capturing":
        key_ = capture_key(payment_id)
        outcome = await _ask(state.psp.capture(row.psp_charge_id, row.amount_to_capture, key_))
        values, refusal = _capture_result(outcome)
    elif row.status == "canceling":
        outcome = await _ask(state.psp.void(row.psp_charge_id, cancel_key(payment_id)))
        values, refusal = _cancel_result(outcome)
    else:
        values, refusal = {}, None
    return await state.db.write(
        _settle, payment_id, row.status, values, refusal, state.clock.now(), key
    )


async def _ask(call: Any) -> ChargeOutcome:
    try:
        outcome: ChargeOutcome = await call
    except UpstreamError as error:
        # Our own misconfiguration (the PSP refused our key): nothing was done.
        return ChargeOutcome("refused", error.body())
    return outcome


def _capture_result(outcome: ChargeOutcome) -> tuple[dict[str, Any], APIError | None]:
    if outcome.kind == "succeeded":
        charge = outcome.body or {}
        return {
            "status": "succeeded",
            "amount_captured": charge["amount_captured"],
            "amount_to_capture": None,
        }, None
    if outcome.kind == "unknown":
        return {}, None
    values: dict[str, Any] = {"status": "requires_capture", "amount_to_capture": None}
    if outcome.error.get("code") == PSP_AUTHORIZATION_EXPIRED:
        # The PSP's window closed before ours: the sweeper cancels it now.
        values["capture_before"] = 0
        return values, InvalidRequestError(
            error_codes.AUTHORIZATION_EXPIRED, "The authorization expired at the PSP."
        )
    return values, _psp_refused(outcome)


def _cancel_result(outcome: ChargeOutcome) -> tuple[dict[str, Any], APIError | None]:
    if outcome.kind == "succeeded":
        return {"status": "canceled"}, None
    if outcome.kind == "unknown":
        return {}, None
    return {"status": "requires_capture", "cancellation_reason": None}, _psp_refused(outcome)


def _psp_refused(outcome: ChargeOutcome) -> APIError:
    message = outcome.error.get("message") or "The PSP refused the operation."
    return UpstreamError(error_codes.PSP_UNAVAILABLE, f"The PSP refused: {message}")


def _settle(
    connection: Connection,
    payment_id: str,
    from_status: str,
    values: dict[str, Any],
    refusal: APIError | None,
    now: int,
    key: KeyRef | None,
) -> Reply:
    """One transaction: the transition's outcome, its event, and the reply ``key`` replays."""
    payment, merchant_id = capture_store.finish(connection, payment_id, from_status, values, now)
    event_type = _event_for(payment)
    if merchant_id is not None and event_type is not None:
        outbox.record(connection, merchant_id, event_type, payment.model_dump(mode="json"), now)
    reply = reply_for(payment) if refusal is None else Reply(refusal.status_code, refusal.body())
    if key is not None:
        complete(connection, key, reply.status, reply.body)
    return reply


def _event_for(payment: Payment) -> str | None:
    """What a transition out of capturing or canceling reports (none back to requires_capture)."""
    if payment.status == "succeeded":
        return PAYMENT_CAPTURED
    if payment.status == "canceled":
        return PAYMENT_EXPIRED if payment.cancellation_reason == "expired" else PAYMENT_CANCELED
    return None


def reply_for(payment: Payment) -> Reply:
    """202 while the PSP's answer is awaited, 200 once the transition is done."""
    return Reply(202 if payment.status in IN_PROGRESS else 200, payment.model_dump())
