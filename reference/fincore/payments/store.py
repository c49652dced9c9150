"""Reading and writing payments: SQLAlchemy Core functions of a connection, run by ``Database``.

Statements with bound parameters are built once, at import: SQLAlchemy's compiled cache then
compiles each once, and a request only binds its values.
"""

from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, insert, or_, select, update

from fincore.payments.db import payments
from fincore.payments.paging import newest_first
from fincore.payments.schemas import Cursor, Payment, PaymentCard, PaymentCreate

OUTCOME_COLUMNS = (
    "status",
    "psp_charge_id",
    "card_brand",
    "card_last4",
    "failure_code",
    "decline_code",
    "failure_message",
    "amount_captured",
    "capture_before",
)
# An authorization still holding its amount (a capture in progress may yet fail).
CAPTURABLE = ("requires_capture", "capturing")
# A payment in these states may still move (``finish``); any other is final.
UNSETTLED = ("pending", "requires_action")
_INSERT = insert(payments)
# Bound values are named b_*: SQLAlchemy reserves the column names for its own parameters.
_FINISH = (
    update(payments)
    .where(
        payments.c.id == bindparam("b_id"),
        # pending moves anywhere; requires_action (3-D Secure) only to a final state, so the
        # move into requires_action happens, and is reported, once.
        or_(
            payments.c.status == "pending",
            and_(
                payments.c.status == "requires_action",
                bindparam("b_status") != "requires_action",
            ),
        ),
    )
    .values(
        updated=bindparam("b_updated"),
        # A refused token string is the client's text, not a token the PSP made: not kept.
        token=case((bindparam("b_status") == "failed", ""), else_=payments.c.token),
        **{c: bindparam(f"b_{c}") for c in OUTCOME_COLUMNS},
    )
    .returning(*payments.c)
)
_BY_ID = select(payments).where(payments.c.id == bindparam("b_id"))
_OF_MERCHANT = select(payments).where(
    payments.c.id == bindparam("b_id"), payments.c.merchant_id == bindparam("b_merchant")
)


def insert_pending(
    connection: Connection, payment_id: str, merchant_id: str, body: PaymentCreate, now: int
) -> None:
    """Record the payment before the PSP is called, so no outcome can be lost."""
    connection.execute(
        _INSERT,
        {
            "id": payment_id,
            "merchant_id": merchant_id,
            "status": "pending",
            "amount": body.amount,
            "currency": body.currency,
            "description": body.description,
            "metadata": body.metadata,
            "token": body.token,
            "created": now,
            "updated": now,
            "capture_method": body.capture_method,
        },
    )


def finish(connection: Connection, payment_id: str, now: int, outcome: dict[str, Any]) -> Payment:
    """Move an unsettled payment on (pending, requires_action); a final one is left as it is."""
    row = move_out_of_pending(connection, payment_id, now, outcome)
    if row is None:
        row = connection.execute(_BY_ID, {"b_id": payment_id}).one()
    return to_model(row)


def move_out_of_pending(
    connection: Connection, payment_id: str, now: int, outcome: dict[str, Any]
) -> Any | None:
    """The payment's row after this statement moved it from pending (or from requires_action to
    a final state) to ``outcome``; None when it did not (no outcome yet: the PSP's answer is
    unknown; or the payment was already final, or already waits in requires_action)."""
    if not outcome:
        return None
    values = {f"b_{column}": outcome.get(column) for column in OUTCOME_COLUMNS}
    params = {"b_id": payment_id, "b_updated": now, **values}
    return connection.execute(_FINISH, params).first()


def by_id(connection: Connection, payment_id: str) -> Payment:
    return to_model(connection.execute(_BY_ID, {"b_id": payment_id}).one())


def get(connection: Connection, merchant_id: str, payment_id: str) -> Payment | None:
    row = connection.execute(_OF_MERCHANT, {"b_id": payment_id, "b_merchant": merchant_id}).first()
    return to_model(row) if row else None


def charge_request(connection: Connection, payment_id: str) -> dict[str, Any]:
    """What was asked of the PSP for this payment: resolution may need to ask again."""
    row = connection.execute(_BY_ID, {"b_id": payment_id}).one()
    request: dict[str, Any] = {
        "token": row.token,
        "merchant": row.merchant_id,
        "amount": row.amount,
        "currency": row.currency,
    }
    if row.description is not None:
        request["description"] = row.description
    if row.capture_method == "manual":
        request["capture"] = False
    return request


def stale_pending(connection: Connection, updated_before: int, limit: int = 100) -> list[str]:
    """Ids of payments still pending since before ``updated_before``, oldest first."""
    rows = connection.execute(
        select(payments.c.id)
        .where(payments.c.status == "pending", payments.c.updated < updated_before)
        .order_by(payments.c.seq)
        .limit(limit)
    ).all()
    return [row.id for row in rows]


def page(
    connection: Connection, merchant_id: str, limit: int, cursor: Cursor | None
) -> tuple[list[Payment], bool] | None:
    """Newest first: the ``limit`` payments older than ``starting_after``, or the ``limit`` newer
    than ``ending_before`` and nearest to it, and whether that direction has more. None when the
    cursor names no payment of this merchant."""
    query = select(payments).where(payments.c.merchant_id == merchant_id)
    return newest_first(connection, payments, query, merchant_id, limit, cursor, to_model)


def to_model(row: Any) -> Payment:
    """A payments row as the API's object."""
    card = PaymentCard(brand=row.card_brand, last4=row.card_last4) if row.card_last4 else None
    return Payment(
        id=row.id,
        status=row.status,
        amount=row.amount,
        amount_display=Payment.display(row.amount, row.currency),
        currency=row.currency,
        description=row.description,
        metadata=row.metadata,
        card=card,
        psp_charge=row.psp_charge_id,
        failure_code=row.failure_code,
        decline_code=row.decline_code,
        failure_message=row.failure_message,
        created=row.created,
        capture_method=row.capture_method,
        amount_capturable=row.amount if row.status in CAPTURABLE else 0,
        amount_captured=row.amount_captured,
        amount_refunded=row.amount_refunded,
        refunded=0 < row.amount_captured <= row.amount_refunded,
        capture_before=row.capture_before,
        cancellation_reason=row.cancellation_reason,
    )
