"""Capturing, voiding and refunding a charge, each exactly once per idempotency key.

Each operation is one transaction: a conditional UPDATE of the charge (its state and amounts
checked by the database, so concurrent callers on any number of PSP processes cannot capture
twice or refund beyond what was captured) and the operation row under its unique idempotency key.
A retry with the key replays the operation instead of repeating it; a refusal is not recorded,
so a retry is judged again.
"""

from typing import Any, Literal

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from fincore.common.digest import body_digest
from fincore.common.errors import APIError, IdempotencyError, InvalidRequestError, NotFoundError
from fincore.common.ids import new_id
from fincore.psp import error_codes
from fincore.psp.charging import ChargeResult, charge_model
from fincore.psp.db import charge_operations, charges
from fincore.psp.schemas import ChargeRefund
from fincore.psp.state import PSPState

OperationKind = Literal["capture", "void", "refund"]
ID_PREFIXES: dict[OperationKind, str] = {"capture": "cap", "void": "void", "refund": "pre"}

_CHARGE = select(charges).where(charges.c.id == bindparam("b_charge"))
_OPERATION_BY_KEY = select(charge_operations).where(
    charge_operations.c.idempotency_key == bindparam("b_key")
)
_CAPTURE = (
    update(charges)
    .where(
        charges.c.id == bindparam("b_charge"),
        charges.c.status == "requires_capture",
        charges.c.capture_before > bindparam("b_now"),
        charges.c.amount >= bindparam("b_amount"),
    )
    .values(status="succeeded", amount_captured=bindparam("b_amount"))
)
_VOID = (
    update(charges)
    .where(charges.c.id == bindparam("b_charge"), charges.c.status == "requires_capture")
    .values(status="canceled")
)
# The refund limit is the database's: the sum can never pass what was captured.
_REFUND = (
    update(charges)
    .where(
        charges.c.id == bindparam("b_charge"),
        charges.c.status == "succeeded",
        charges.c.amount_refunded + bindparam("b_amount") <= charges.c.amount_captured,
    )
    .values(amount_refunded=charges.c.amount_refunded + bindparam("b_amount"))
)
_STATEMENTS = {"capture": _CAPTURE, "void": _VOID, "refund": _REFUND}


async def operate(
    state: PSPState, kind: OperationKind, charge_id: str, amount: int | None, key: str
) -> ChargeResult:
    """Capture (``amount`` None: all), void, or refund ``amount`` of a charge, once per ``key``."""
    digest = body_digest({"kind": kind, "charge": charge_id, "amount": amount})
    try:
        outcome = await state.db.write(_operate_once, state, kind, charge_id, amount, key, digest)
    except IntegrityError:
        # A concurrent call with the same key committed first: replay it.
        outcome = await state.db.write(_replay_by_key, key, digest)
    if isinstance(outcome, APIError):
        raise outcome
    return outcome


def _operate_once(
    connection: Connection,
    state: PSPState,
    kind: OperationKind,
    charge_id: str,
    amount: int | None,
    key: str,
    digest: str,
) -> "ChargeResult | APIError":
    existing = connection.execute(_OPERATION_BY_KEY, {"b_key": key}).first()
    if existing is not None:
        return _replay(connection, existing, digest)
    charge = connection.execute(_CHARGE, {"b_charge": charge_id}).first()
    if charge is None:
        return NotFoundError(error_codes.RESOURCE_MISSING, f"No such charge: '{charge_id}'.", "id")
    now = state.clock.now()
    amount = _amount_for(kind, charge, amount)
    params = {"b_charge": charge_id, "b_now": now, "b_amount": amount}
    if connection.execute(_STATEMENTS[kind], params).rowcount != 1:
        return _refusal(kind, charge, amount, now)
    operation = {
        "id": new_id(ID_PREFIXES[kind]),
        "charge_id": charge_id,
        "kind": kind,
        "amount": amount,
        "idempotency_key": key,
        "request_hash": digest,
        "created": now,
    }
    connection.execute(insert(charge_operations), operation)
    return _result(connection, operation)


def _amount_for(kind: OperationKind, charge: Any, amount: int | None) -> int:
    if amount is not None:
        return amount
    if kind == "refund":
        return int(charge.amount_captured - charge.amount_refunded)
    return int(charge.amount)


def _refusal(kind: OperationKind, charge: Any, amount: int, now: int) -> APIError:
    """Why the conditional UPDATE matched nothing, in the PSP's error catalogue."""
    if kind == "refund":
        if charge.status != "succeeded":
            return _invalid(error_codes.CHARGE_NOT_REFUNDABLE, f"A {charge.status} charge.")
        remaining = charge.amount_captured - charge.amount_refunded
        return _invalid(
            error_codes.AMOUNT_TOO_LARGE, f"Only {remaining} remains refundable.", "amount"
        )
    if charge.status != "requires_capture":
        return _invalid(error_codes.CHARGE_NOT_CAPTURABLE, f"The charge is {charge.status}.")
    if charge.capture_before <= now:
        return _invalid(
            error_codes.CHARGE_AUTHORIZATION_EXPIRED, "The authorization expired; void it."
        )
    return _invalid(error_codes.AMOUNT_TOO_LARGE, f"At most {charge.amount} can be captured.")


def _invalid(code: str, message: str, param: str | None = None) -> APIError:
    return InvalidRequestError(code, message, param)


def _replay(connection: Connection, operation: Any, digest: str) -> "ChargeResult | APIError":
    if operation.request_hash != digest:
        return IdempotencyError(
            error_codes.IDEMPOTENCY_KEY_REUSED,
            "This idempotency key was used with different parameters.",
            status_code=422,
        )
    return _result(connection, operation._asdict())


def _replay_by_key(connection: Connection, key: str, digest: str) -> "ChargeResult | APIError":
    return _replay(connection, connection.execute(_OPERATION_BY_KEY, {"b_key": key}).one(), digest)


def _result(connection: Connection, operation: dict[str, Any]) -> ChargeResult:
    """A refund answers with the refund; a capture or void with the charge as it now is."""
    if operation["kind"] == "refund":
        refund = ChargeRefund(
            id=operation["id"],
            charge=operation["charge_id"],
            amount=operation["amount"],
            created=operation["created"],
        )
        return ChargeResult(201, refund.model_dump())
    charge = connection.execute(_CHARGE, {"b_charge": operation["charge_id"]}).one()
    return ChargeResult(200, charge_model(charge).model_dump())
