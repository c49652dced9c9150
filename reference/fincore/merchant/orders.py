"""The demo merchant's orders, as its backend learns them from FinCore's webhooks (step 14).

An order is one checkout attempt: opened when the page posts its token, then moved only by
verified events, never by polling the Payment Service. Each event id is stored in the
transaction that applies it, so a delivery sent twice (webhooks are at least once) changes
nothing the second time. Events may arrive out of order: a state never moves back to an earlier
one (a late ``payment.succeeded`` cannot undo a refund).
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Engine,
    MetaData,
    String,
    Table,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

metadata = MetaData()
orders = Table(
    "orders",
    metadata,
    Column("id", String(64), primary_key=True),  # the checkout attempt
    Column("state", String(32), nullable=False),
    Column("payment_id", String(64), nullable=True, index=True),
    Column("amount", BigInteger, nullable=True),
    Column("refunded_amount", BigInteger, nullable=False),
    # The types of the events that moved it, in the order they were applied.
    Column("history", JSON, nullable=False),
)
webhook_events = Table(
    "webhook_events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("type", String(64), nullable=False),
    Column("received", BigInteger, nullable=False),
)

# Order states, from first to last: an event never moves an order to an earlier rank.
RANKS = {
    "awaiting_payment": 0,
    "awaiting_authentication": 1,
    "authorized": 2,
    "paid": 3,
    "payment_failed": 3,
    "expired": 3,
    "canceled": 4,
    "partially_refunded": 5,
    "refunded": 6,
}
STATE_AFTER = {
    "payment.requires_action": "awaiting_authentication",
    "payment.requires_capture": "authorized",
    "payment.succeeded": "paid",
    "payment.captured": "paid",
    "payment.failed": "payment_failed",
    "payment.canceled": "canceled",
    "payment.expired": "expired",
}


_NEW_ORDER = {"state": "awaiting_payment", "refunded_amount": 0, "history": []}


@dataclass(frozen=True)
class Order:
    id: str
    state: str
    payment_id: str | None
    amount: int | None
    refunded_amount: int
    history: list[str]


class OrderBook:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def open(self, order_id: str) -> None:
        """An order awaiting its payment; opening it again (a retried click) changes nothing."""
        with self.engine.begin() as connection:
            if connection.execute(select(orders.c.id).where(orders.c.id == order_id)).first():
                return
            connection.execute(insert(orders), {**_NEW_ORDER, "id": order_id})

    def get(self, order_id: str) -> Order | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(orders).where(orders.c.id == order_id)).first()
        return Order(**row._asdict()) if row else None

    def apply(self, event: dict[str, Any], now: int) -> bool:
        """Apply a verified event once; False when its id was seen before (a duplicate)."""
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    insert(webhook_events),
                    {"id": event["id"], "type": event["type"], "received": now},
                )
                _move(connection, event["type"], event["data"]["object"])
        except IntegrityError:
            return False
        return True


def _move(connection: Connection, event_type: str, obj: dict[str, Any]) -> None:
    row = _order_of(connection, event_type, obj)
    attempt = (obj.get("metadata") or {}).get("checkout_attempt")
    if row is None and event_type.startswith("payment.") and attempt:
        # An order paid through the API rather than this checkout page: learned of here.
        connection.execute(insert(orders), {**_NEW_ORDER, "id": attempt})
        row = _order_of(connection, event_type, obj)
    if row is None:
        return  # not one of this shop's orders: recorded as seen, nothing to move
    values: dict[str, Any] = {"history": [*row.history, event_type]}
    state = STATE_AFTER.get(event_type)
    if event_type.startswith("payment."):
        values.update(payment_id=obj.get("id"), amount=obj.get("amount", row.amount))
    if event_type == "refund.succeeded":
        refunded = row.refunded_amount + int(obj.get("amount") or 0)
        values["refunded_amount"] = refunded
        state = (
            "refunded"
            if row.amount is not None and refunded >= row.amount
            else "partially_refunded"
        )
    if state is not None and RANKS[state] >= RANKS[row.state]:
        values["state"] = state
    connection.execute(update(orders).where(orders.c.id == row.id).values(**values))


def _order_of(connection: Connection, event_type: str, obj: dict[str, Any]) -> Any:
    if event_type.startswith("refund."):
        payment_id = obj.get("payment")
        return connection.execute(select(orders).where(orders.c.payment_id == payment_id)).first()
    attempt = (obj.get("metadata") or {}).get("checkout_attempt")
    query = select(orders).where(orders.c.id == attempt) if attempt else None
    found = connection.execute(query).first() if query is not None else None
    if found is None:
        found = connection.execute(
            select(orders).where(orders.c.payment_id == obj.get("id"))
        ).first()
    return found
