"""Creating a payment: record it, charge the token at the PSP, record the outcome (step 10).

A payment is a small persisted state machine, written before the PSP is called::

    pending ──> succeeded
       └──────> failed

When the PSP's answer is lost, the payment stays ``pending`` (HTTP 202) and is resolved later by
asking the PSP for the charge made with the payment's id as idempotency key; if the PSP has none,
the same charge request is sent again with that key, which the PSP deduplicates, so a payment can
never be charged twice.
"""

from dataclasses import dataclass, field
from typing import Any

from fincore.cards.decline_codes import decline_message
from fincore.common.errors import UpstreamError
from fincore.common.ids import new_id
from fincore.common.merchants import MerchantAccount
from fincore.payments import store
from fincore.payments.psp_client import ChargeOutcome, OutcomeKind
from fincore.payments.schemas import Payment, PaymentCreate
from fincore.payments.state import PaymentState


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


async def create_payment(
    state: PaymentState, merchant: MerchantAccount, body: PaymentCreate, payment_id: str
) -> Reply:
    now = state.clock.now()
    await state.db.run(store.insert_pending, state.engine, payment_id, merchant.id, body, now)
    request = _charge_request(merchant.id, body.token, body.amount, body.currency, body.description)
    outcome = await state.psp.charge(request, idempotency_key=payment_id)
    payment = await _record(state, payment_id, outcome)
    return reply_for(payment)


async def resolve(state: PaymentState, merchant: MerchantAccount, payment: Payment) -> Payment:
    """Bring a pending payment to its final state without ever charging twice."""
    if payment.status != "pending":
        return payment
    try:
        charge = await state.psp.find_charge(payment.id)
    except (UpstreamError, OSError, TimeoutError):
        return payment
    if charge is not None:
        kind: OutcomeKind = "succeeded" if charge["status"] == "succeeded" else "declined"
        outcome = ChargeOutcome(kind, _as_outcome_body(charge))
    else:
        token = await state.db.run(store.token_of, state.engine, payment.id)
        request = _charge_request(
            merchant.id, token, payment.amount, payment.currency, payment.description
        )
        outcome = await state.psp.charge(request, idempotency_key=payment.id)
    return await _record(state, payment.id, outcome)


def new_payment_id() -> str:
    return new_id("pay")


def reply_for(payment: Payment) -> Reply:
    """The HTTP answer that a payment in this state deserves."""
    if payment.status == "succeeded":
        return Reply(201, payment.model_dump())
    if payment.status == "pending":
        return Reply(202, payment.model_dump())
    status = 402 if payment.decline_code else 400
    error: dict[str, Any] = {
        "type": "card_error" if payment.decline_code else "invalid_request_error",
        "code": payment.failure_code,
        "message": payment.failure_message,
        "payment": payment.id,
    }
    if payment.decline_code:
        error["decline_code"] = payment.decline_code
    else:
        error["param"] = "token"
    return Reply(status, {"error": error})


def _charge_request(
    merchant_id: str, token: str, amount: int, currency: str, description: str | None
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "token": token,
        "merchant": merchant_id,
        "amount": amount,
        "currency": currency,
    }
    if description is not None:
        request["description"] = description
    return request


def _as_outcome_body(charge: dict[str, Any]) -> dict[str, Any]:
    if charge["status"] == "succeeded":
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


async def _record(state: PaymentState, payment_id: str, outcome: ChargeOutcome) -> Payment:
    now = state.clock.now()
    if outcome.kind == "unknown":
        found = await state.db.run(store.finish, state.engine, payment_id, now)
        return found
    if outcome.kind == "succeeded":
        charge = outcome.body or {}
        values = {
            "status": "succeeded",
            "psp_charge_id": charge["id"],
            "card_brand": charge["card"]["brand"],
            "card_last4": charge["card"]["last4"],
        }
    else:
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
        }
    return await state.db.run(store.finish, state.engine, payment_id, now, **values)
