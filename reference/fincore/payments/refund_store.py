"""Refund rows and the payment's refunded amount, kept together.

The limit lives in the database: a refund reserves its amount on the payment with a conditional
UPDATE (``amount_refunded + amount <= amount_captured``) in the transaction that records it,
before the PSP is called. Concurrent refunds on any number of instances are serialized by that
row, so together they can never pass what was captured; a refund the PSP refuses gives its
amount back.
"""

from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from fincore.common.errors import InvalidRequestError, NotFoundError
from fincore.payments import error_codes
from fincore.payments.db import payments, refunds
from fincore.payments.paging import newest_first
from fincore.payments.schemas import Cursor, Refund, RefundCreate

_RESERVE = (
    update(payments)
    .where(
        payments.c.id == bindparam("b_id"),
        payments.c.merchant_id == bindparam("b_merchant"),
        payments.c.status == "succeeded",
        payments.c.amount_refunded + bindparam("b_amount") <= payments.c.amount_captured,
    )
    .values(amount_refunded=payments.c.amount_refunded + bindparam("b_amount"))
)
_RELEASE = (
    update(payments)
    .where(payments.c.id == bindparam("b_id"))
    .values(amount_refunded=payments.c.amount_refunded - bindparam("b_amount"))
)
_PAYMENT = select(payments).where(
    payments.c.id == bindparam("b_id"), payments.c.merchant_id == bindparam("b_merchant")
)
_REFUND = select(refunds).where(refunds.c.id == bindparam("b_id"))


def reserve(
    connection: Connection, merchant_id: str, refund_id: str, body: RefundCreate, now: int
) -> None:
    """Reserve the refund's amount on its payment and record the refund as pending; raises
    (recording nothing) when the payment cannot give that much back."""
    payment = connection.execute(_PAYMENT, {"b_id": body.payment, "b_merchant": merchant_id})
    row = payment.first()
    if row is None:
        # Another merchant's payment is answered exactly like one that does not exist.
        raise NotFoundError(
            error_codes.RESOURCE_MISSING, f"No such payment: '{body.payment}'.", "payment"
        )
    if row.status != "succeeded":
        raise InvalidRequestError(
            error_codes.PAYMENT_UNEXPECTED_STATE,
            f"Payment '{row.id}' is {row.status}; only a succeeded (captured) payment can be "
            "refunded.",
            "payment",
        )
    remaining = row.amount_captured - row.amount_refunded
    amount = remaining if body.amount is None else body.amount
    params = {"b_id": row.id, "b_merchant": merchant_id, "b_amount": amount}
    if amount <= 0 or connection.execute(_RESERVE, params).rowcount != 1:
        raise _too_much(connection, merchant_id, row.id)
    connection.execute(
        insert(refunds),
        {
            "id": refund_id,
            "merchant_id": merchant_id,
            "payment_id": row.id,
            "amount": amount,
            "currency": row.currency,
            "reason": body.reason,
            "metadata": body.metadata,
            "status": "pending",
            "created": now,
            "updated": now,
        },
    )


def _too_much(connection: Connection, merchant_id: str, payment_id: str) -> InvalidRequestError:
    # Read again: a concurrent refund may have taken what was left since the first read.
    row = connection.execute(_PAYMENT, {"b_id": payment_id, "b_merchant": merchant_id}).one()
    remaining = row.amount_captured - row.amount_refunded
    return InvalidRequestError(
        error_codes.AMOUNT_TOO_LARGE,
        f"Only {remaining} of payment '{payment_id}' remains refundable.",
        "amount",
    )


def finish(
    connection: Connection, refund_id: str, outcome: dict[str, Any], now: int
) -> tuple[Refund, str | None]:
    """pending -> succeeded, or failed with the reservation released; no outcome: pending. The
    refund, and its merchant when this statement moved it (so its event is recorded once)."""
    moved = None
    if outcome:
        moved = connection.execute(
            update(refunds)
            .where(refunds.c.id == refund_id, refunds.c.status == "pending")
            .values(updated=now, **outcome)
            .returning(refunds.c.payment_id, refunds.c.amount, refunds.c.merchant_id)
        ).first()
        if moved is not None and outcome["status"] == "failed":
            connection.execute(_RELEASE, {"b_id": moved.payment_id, "b_amount": moved.amount})
    return by_id(connection, refund_id), moved.merchant_id if moved else None


def by_id(connection: Connection, refund_id: str) -> Refund:
    return to_model(connection.execute(_REFUND, {"b_id": refund_id}).one())


def psp_request(connection: Connection, refund_id: str) -> tuple[str, int, str]:
    """(status, amount, the PSP's charge) of a refund: what to ask the PSP."""
    row = connection.execute(
        select(refunds.c.status, refunds.c.amount, payments.c.psp_charge_id)
        .join(payments, payments.c.id == refunds.c.payment_id)
        .where(refunds.c.id == refund_id)
    ).one()
    return row.status, row.amount, row.psp_charge_id


def get(connection: Connection, merchant_id: str, refund_id: str) -> Refund | None:
    row = connection.execute(
        select(refunds).where(refunds.c.id == refund_id, refunds.c.merchant_id == merchant_id)
    ).first()
    return to_model(row) if row else None


def stale_pending(connection: Connection, updated_before: int, limit: int = 100) -> list[str]:
    rows = connection.execute(
        select(refunds.c.id)
        .where(refunds.c.status == "pending", refunds.c.updated < updated_before)
        .order_by(refunds.c.seq)
        .limit(limit)
    ).all()
    return [row.id for row in rows]


def page(
    connection: Connection,
    merchant_id: str,
    payment_id: str | None,
    limit: int,
    cursor: Cursor | None,
) -> tuple[list[Refund], bool] | None:
    """Newest first, paged like payments (``fincore.payments.store.page``)."""
    query = select(refunds).where(refunds.c.merchant_id == merchant_id)
    if payment_id is not None:
        query = query.where(refunds.c.payment_id == payment_id)
    return newest_first(connection, refunds, query, merchant_id, limit, cursor, to_model)


def to_model(row: Any) -> Refund:
    return Refund(
        id=row.id,
        payment=row.payment_id,
        amount=row.amount,
        currency=row.currency,
        reason=row.reason,
        metadata=row.metadata,
        status=row.status,
        failure_code=row.failure_code,
        failure_message=row.failure_message,
        created=row.created,
    )
