"""One way to page every list of the Payment Service (payments, refunds, events): newest first,
``starting_after`` towards older rows, ``ending_before`` towards newer ones, by the table's
``seq`` so the order holds even within one second."""

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, Table, select

from fincore.payments.schemas import Cursor

T = TypeVar("T")


def newest_first(
    connection: Connection,
    table: Table,
    query: Select[Any],
    merchant_id: str,
    limit: int,
    cursor: Cursor | None,
    to_model: Callable[[Any], T],
) -> tuple[list[T], bool] | None:
    """The ``limit`` rows of ``query`` older than the cursor (or newer than it, and nearest),
    newest first, and whether that direction has more. None when the cursor names no row of
    ``table`` of this merchant."""
    order = table.c.seq.desc()
    if cursor is not None:
        seq = connection.execute(
            select(table.c.seq).where(
                table.c.id == cursor.payment_id, table.c.merchant_id == merchant_id
            )
        ).scalar()
        if seq is None:
            return None
        if cursor.newer:
            # Walk up from the cursor, then show the page newest first like every other.
            query, order = query.where(table.c.seq > seq), table.c.seq.asc()
        else:
            query = query.where(table.c.seq < seq)
    rows = connection.execute(query.order_by(order).limit(limit + 1)).all()
    found = [to_model(row) for row in rows[:limit]]
    if cursor is not None and cursor.newer:
        found.reverse()
    return found, len(rows) > limit
