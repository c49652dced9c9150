"""The transactional outbox: an event is written in the caller's transaction, beside the change
it reports, with one pending delivery per webhook endpoint of the merchant that wants it.

So an event exists if and only if its change committed, and a delivery can never be lost between
the change and the send: the dispatcher (``fincore.payments.webhooks``) sends what is recorded.
"""

from typing import Any

from sqlalchemy import Connection, bindparam, insert, select

from fincore.common.ids import new_id
from fincore.payments.db import events, webhook_deliveries, webhook_endpoints
from fincore.payments.events.types import ALL_EVENTS

ENDPOINT_ENABLED = "enabled"
DELIVERY_PENDING = "pending"

_INSERT_EVENT = insert(events)
_INSERT_DELIVERY = insert(webhook_deliveries)
_ENDPOINTS = select(webhook_endpoints.c.id, webhook_endpoints.c.enabled_events).where(
    webhook_endpoints.c.merchant_id == bindparam("b_merchant"),
    webhook_endpoints.c.status == ENDPOINT_ENABLED,
)


def new_event_id() -> str:
    return new_id("evt")


def record(
    connection: Connection, merchant_id: str, event_type: str, data: dict[str, Any], now: int
) -> str:
    """Record ``event_type`` about ``data`` (the object's API representation now, JSON-ready)
    in the caller's transaction, and queue its deliveries; returns the event id."""
    event_id = new_event_id()
    connection.execute(
        _INSERT_EVENT,
        {
            "id": event_id,
            "merchant_id": merchant_id,
            "type": event_type,
            "data": data,
            "created": now,
        },
    )
    wanted = [
        row.id
        for row in connection.execute(_ENDPOINTS, {"b_merchant": merchant_id})
        if event_type in row.enabled_events or ALL_EVENTS in row.enabled_events
    ]
    if wanted:
        connection.execute(
            _INSERT_DELIVERY,
            [_delivery(event_id, endpoint_id, merchant_id, now) for endpoint_id in wanted],
        )
    return event_id


def _delivery(event_id: str, endpoint_id: str, merchant_id: str, now: int) -> dict[str, Any]:
    return {
        "id": new_id("whdel"),
        "event_id": event_id,
        "endpoint_id": endpoint_id,
        "merchant_id": merchant_id,
        "status": DELIVERY_PENDING,
        "attempts": 0,
        "next_attempt": now,
        "created": now,
        "updated": now,
    }
