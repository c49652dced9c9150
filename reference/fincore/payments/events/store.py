"""Reading events back, newest first, for ``/v1/events``."""

from typing import Any

from sqlalchemy import Connection, bindparam, select

from fincore.payments.db import events
from fincore.payments.events.schemas import Cursor, Event, EventData
from fincore.payments.paging import newest_first

_OF_MERCHANT = select(events).where(
    events.c.id == bindparam("b_id"), events.c.merchant_id == bindparam("b_merchant")
)


def get(connection: Connection, merchant_id: str, event_id: str) -> Event | None:
    row = connection.execute(_OF_MERCHANT, {"b_id": event_id, "b_merchant": merchant_id}).first()
    return to_model(row) if row else None


def page(
    connection: Connection,
    merchant_id: str,
    limit: int,
    cursor: Cursor | None,
    event_type: str | None = None,
) -> tuple[list[Event], bool] | None:
    """The same paging as the payments list (``fincore.payments.store.page``), of events of
    ``event_type`` if given; None when the cursor names no event of this merchant."""
    query = select(events).where(events.c.merchant_id == merchant_id)
    if event_type is not None:
        query = query.where(events.c.type == event_type)
    return newest_first(connection, events, query, merchant_id, limit, cursor, to_model)


def to_model(row: Any) -> Event:
    return Event(id=row.id, type=row.type, created=row.created, data=EventData(object=row.data))
