"""Charging a recorded payment's token at the PSP and recording the outcome (step 10).

A payment is a small persisted state machine, written before the PSP is called::

    pending ──> succeeded
       ├──────> failed
       └──────> requires_capture (capture_method "manual": fincore.payments.capture)

When the PSP's answer is lost, the payment stays ``pending`` (HTTP 202) and is resolved later by
asking the PSP for the charge made with the payment's id as idempotency key; if the PSP has none,
the same charge request is sent again with that key, which the PSP deduplicates, so a payment can
never be charged twice.

A payment is at most two write transactions: the pending insert (with its idempotency key, if
any) before the PSP is called, and the outcome (with the response stored under the key, and the
event reporting it: ``fincore.payments.events``) after.
"""

from typing import Any

from sqlalchemy import Connection

from fincore.cards.decline_codes import decline_message
from fincore.common.errors import APIError, CardError, InvalidRequestError, UpstreamError
from fincore.common.ids import new_id
from fincore.common.reply import Reply
from fincore.payments import store
from fincore.payments.capture_window import authorized
from fincore.payments.events import outbox
from fincore.payments.events.types import (
    PAYMENT_FAILED,
    PAYMENT_REQUIRES_CAPTURE,
    PAYMENT_SUCCEEDED,
)
from fincore.payments.idempotency import KeyRef, complete
from fincore.payments.psp_client import ChargeOutcome, OutcomeKind, PSPUnreachable
from fincore.payments.schemas import Payment, PaymentCreate
from fincore.payments.state import PaymentState

# The event a payment's move out of pending reports, by the status it moved to.
OUTCOME_EVENTS = {
    "succeeded": PAYMENT_SUCCEEDED,
    "failed": PAYMENT_FAILED,
    "requires_capture": PAYMENT_REQUIRES_CAPTURE,
}


def new_payment_id() -> str:
    return new_id("pay")


async def charge(
    state: PaymentState,
    merchant_id: str,
    body: PaymentCreate,
    payment_id: str,
    key: KeyRef | None = None,
) -> Payment:
    """Charge the token of a payment already recorded as pending; the response is stored under
    ``key`` in the transaction that records the outcome."""
    request: dict[str, Any] = {
        "token": body.token,
        "merchant": merchant_id,
        "amount": body.amount,
        "currency": body.currency,
    }
    if body.description is not None:
        request["description"] = body.description
    if body.capture_method == "manual":
        request["capture"] = False
    return await _charge_and_record(state, payment_id, request, key)


async def resolve(state: PaymentState, payment: Payment, key: KeyRef | None = None) -> Payment:
    """Bring a pending payment to its final state without ever charging twice; the response is
    stored under ``key`` (a retry's) whether or not the state changed."""
    if payment.status != "pending":
        return await _unchanged(state, payment, key)
    try:
        found = await state.psp.find_charge(payment.id)
    except (UpstreamError, PSPUnreachable):
        return await _unchanged(state, payment, key)
    if found is None:
        request = await state.db.read(store.charge_request, payment.id)
        return await _charge_and_record(state, payment.id, request, key)
    kind: OutcomeKind = "declined" if found["status"] == "failed" else "succeeded"
    return await _record(state, payment.id, ChargeOutcome(kind, _as_outcome_body(found)), key)


async def _unchanged(state: PaymentState, payment: Payment, key: KeyRef | None) -> Payment:
    if key is None:
        return payment
    # No outcome to record: the payment as stored, its response kept under the key.
    return await _record(state, payment.id, ChargeOutcome("unknown"), key)


async def resolve_stale(state: PaymentState, older_than_seconds: float) -> int:
    """Resolve payments left pending (lost answers, crashed instances); how many were final."""
    cutoff = int(state.clock.now() - older_than_seconds)
    resolved = 0
    for payment_id in await state.db.read(store.stale_pending, cutoff):
        payment = await state.db.read(store.by_id, payment_id)
        resolved += (await resolve(state, payment)).status != "pending"
    return resolved


def reply_for(payment: Payment) -> Reply:
    """The HTTP answer that a payment in this state deserves."""
    if payment.status in ("succeeded", "requires_capture"):
        return Reply(201, payment.model_dump())
    if payment.status == "pending":
        return Reply(202, payment.model_dump())
    code = payment.failure_code or "card_declined"
    message = payment.failure_message or ""
    error: APIError
    if payment.decline_code:
        extra = {"payment": payment.id, "decline_code": payment.decline_code}
        error = CardError(code, message, extra=extra)
    elif code.startswith("token_"):
        # param after payment, the order these answers have always had.
        error = InvalidRequestError(code, message, extra={"payment": payment.id, "param": "token"})
    else:
        error = UpstreamError(code, message, extra={"payment": payment.id})
    return Reply(error.status_code, error.body())


async def _charge_and_record(
    state: PaymentState, payment_id: str, request: dict[str, Any], key: KeyRef | None
) -> Payment:
    try:
        outcome = await state.psp.charge(request, idempotency_key=payment_id)
    except UpstreamError as error:
        # Our own misconfiguration (the PSP refused our key): nothing was charged.
        outcome = ChargeOutcome("refused", error.body())
    return await _record(state, payment_id, outcome, key)


def _as_outcome_body(charge: dict[str, Any]) -> dict[str, Any]:
    if charge["status"] != "failed":
        return charge
    return {
        "error": {
            "code": charge.get("failure_code") or "card_declined",
            "decline_code": charge.get("decline_code"),
            "message": decline_message(charge.get("decline_code") or "generic_decline"),
            "charge": charge["id"],
            "card": charge["card"],
        }
    }


async def _record(
    state: PaymentState, payment_id: str, outcome: ChargeOutcome, key: KeyRef | None
) -> Payment:
    values: dict[str, Any] = {}
    if outcome.kind == "succeeded":
        charge = outcome.body or {}
        values = {
            "status": "succeeded",
            "psp_charge_id": charge["id"],
            "card_brand": charge["card"]["brand"],
            "card_last4": charge["card"]["last4"],
            "amount_captured": charge.get("amount_captured", charge["amount"]),
        }
        if charge["status"] == "requires_capture":
            values.update(authorized(state, charge))
    elif outcome.kind in ("declined", "refused"):
        error = outcome.error
        card = error.get("card") or {}
        values = {
            "status": "failed",
            "psp_charge_id": error.get("charge"),
            "card_brand": card.get("brand"),
            "card_last4": card.get("last4"),
            "failure_code": error.get("code"),
            "decline_code": error.get("decline_code"),
            "failure_message": error.get("message"),
            "amount_captured": 0,
        }
    if key is None and not values:  # nothing to write: the payment as stored
        return await state.db.write_statement(_settle, payment_id, state.clock.now(), values, key)
    # A transaction: the outcome, its event (and the key's response) commit together or not at all.
    return await state.db.write(_settle, payment_id, state.clock.now(), values, key)


def _settle(
    connection: Connection,
    payment_id: str,
    now: int,
    outcome: dict[str, Any],
    key: KeyRef | None,
) -> Payment:
    """One transaction: the payment's outcome, its event, and the response its key replays from
    now on. Only the transaction that moves the payment out of pending records the event: a
    replay, or a payment another request already settled, records none."""
    moved = store.move_out_of_pending(connection, payment_id, now, outcome)
    if moved is None:
        payment = store.by_id(connection, payment_id)
    else:
        payment = store.to_model(moved)
        event_type = OUTCOME_EVENTS.get(payment.status)
        if event_type is not None:
            outbox.record(connection, moved.merchant_id, event_type, _event_data(payment), now)
    if key is not None:
        reply = reply_for(payment)
        complete(connection, key, reply.status, reply.body)
    return payment


def _event_data(payment: Payment) -> dict[str, Any]:
    return payment.model_dump(mode="json")
