"""The capture and cancel transitions of a payment, each one conditional UPDATE.

A transition's intent (``capturing``, ``canceling``) is recorded before the PSP is called and
only from the state it leaves, so of two concurrent captures on any number of instances exactly
one moves the payment; the other finds it moved and is refused with its current status.
"""

from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from fincore.common.errors import InvalidRequestError, NotFoundError
from fincore.payments import error_codes
from fincore.payments.db import payments
from fincore.payments.schemas import Payment
from fincore.payments.store import to_model

_BEGIN_CAPTURE = (
    update(payments)
    .where(
        payments.c.id == bindparam("b_id"),
        payments.c.merchant_id == bindparam("b_merchant"),
        payments.c.status == "requires_capture",
        payments.c.capture_before > bindparam("b_now"),
        payments.c.amount >= bindparam("b_amount"),
    )
    .values(status="capturing", amount_to_capture=bindparam("b_amount"), updated=bindparam("b_now"))
)
_BEGIN_CANCEL = (
    update(payments)
    .where(
        payments.c.id == bindparam("b_id"),
        payments.c.merchant_id == bindparam("b_merchant"),
        payments.c.status == "requires_capture",
    )
    .values(
        status="canceling", cancellation_reason=bindparam("b_reason"), updated=bindparam("b_now")
    )
)
_OF_MERCHANT = select(payments).where(
    payments.c.id == bindparam("b_id"), payments.c.merchant_id == bindparam("b_merchant")
)
_BY_ID = select(payments).where(payments.c.id == bindparam("b_id"))


def begin_capture(
    connection: Connection, merchant_id: str, payment_id: str, amount: int | None, now: int
) -> None:
    """requires_capture -> capturing ``amount`` (None: all); raises why not."""
    payment = _owned(connection, merchant_id, payment_id)
    wanted = payment.amount if amount is None else amount
    params = {"b_id": payment_id, "b_merchant": merchant_id, "b_now": now, "b_amount": wanted}
    if connection.execute(_BEGIN_CAPTURE, params).rowcount == 1:
        return
    current = _owned(connection, merchant_id, payment_id)
    if current.status != "requires_capture":
        raise unexpected_state(current, "captured")
    if current.capture_before is not None and current.capture_before <= now:
        raise InvalidRequestError(
            error_codes.AUTHORIZATION_EXPIRED,
            f"The authorization of payment '{payment_id}' expired; it can only be canceled.",
        )
    raise InvalidRequestError(
        error_codes.AMOUNT_TOO_LARGE,
        f"At most {current.amount_capturable} can be captured.",
        "amount",
    )


def begin_cancel(
    connection: Connection, merchant_id: str, payment_id: str, reason: str | None, now: int
) -> None:
    """requires_capture -> canceling (expired ones too: canceling releases the hold)."""
    params = {"b_id": payment_id, "b_merchant": merchant_id, "b_now": now, "b_reason": reason}
    if connection.execute(_BEGIN_CANCEL, params).rowcount != 1:
        raise unexpected_state(_owned(connection, merchant_id, payment_id), "canceled")


def finish(
    connection: Connection, payment_id: str, from_status: str, values: dict[str, Any], now: int
) -> tuple[Payment, str | None]:
    """Leave ``from_status`` for ``values`` (no values: the outcome is unknown, stay); the
    payment, and its merchant when this statement moved it (so its event is recorded once)."""
    moved = None
    if values:
        moved = connection.execute(
            update(payments)
            .where(payments.c.id == payment_id, payments.c.status == from_status)
            .values(updated=now, **values)
            .returning(payments.c.merchant_id)
        ).first()
    payment = to_model(connection.execute(_BY_ID, {"b_id": payment_id}).one())
    return payment, moved.merchant_id if moved else None


def stuck(connection: Connection, updated_before: int, limit: int = 100) -> list[str]:
    """Payments whose capture or cancel has waited for the PSP since before ``updated_before``."""
    rows = connection.execute(
        select(payments.c.id)
        .where(
            payments.c.status.in_(("capturing", "canceling")),
            payments.c.updated < updated_before,
        )
        .order_by(payments.c.seq)
        .limit(limit)
    ).all()
    return [row.id for row in rows]


def expired(connection: Connection, now: int, limit: int = 100) -> list[tuple[str, str]]:
    """(merchant, payment) of authorizations whose capture window has passed."""
    rows = connection.execute(
        select(payments.c.merchant_id, payments.c.id)
        .where(payments.c.status == "requires_capture", payments.c.capture_before <= now)
        .order_by(payments.c.seq)
        .limit(limit)
    ).all()
    return [(row.merchant_id, row.id) for row in rows]


def psp_charge_and_intent(connection: Connection, payment_id: str) -> Any:
    return connection.execute(_BY_ID, {"b_id": payment_id}).one()


def _owned(connection: Connection, merchant_id: str, payment_id: str) -> Payment:
    row = connection.execute(_OF_MERCHANT, {"b_id": payment_id, "b_merchant": merchant_id}).first()
    if row is None:
        # Another merchant's payment is answered exactly like one that does not exist.
        raise NotFoundError(error_codes.RESOURCE_MISSING, f"No such payment: '{payment_id}'.", "id")
    return to_model(row)


def unexpected_state(payment: Payment, verb: str) -> InvalidRequestError:
    return InvalidRequestError(
        error_codes.PAYMENT_UNEXPECTED_STATE,
        f"Payment '{payment.id}' is {payment.status}; only a requires_capture payment can be "
        f"{verb}.",
    )


def payment(connection: Connection, payment_id: str) -> Payment:
    return to_model(connection.execute(_BY_ID, {"b_id": payment_id}).one())
