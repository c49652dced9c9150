"""Webhook endpoints and deliveries: SQLAlchemy Core functions of a connection, run by ``Database``.

A delivery is sent by whichever instance claims it. ``claim`` is one conditional UPDATE: it
succeeds only if the delivery is still pending, due, and at the attempt count the claimer read,
and it pushes ``next_attempt`` a lease ahead. Of two instances that read the same due delivery,
the second finds the count already moved and claims nothing, so no attempt is ever sent twice at
once. An instance that dies mid-send leaves the delivery due again when the lease runs out (at
least once, overall). ``finish`` records the result only while the delivery is still at the
attempt its sender claimed: a sender that outlived its lease cannot overwrite a newer attempt.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from fincore.payments.db import events, webhook_deliveries, webhook_endpoints
from fincore.payments.events.outbox import DELIVERY_PENDING, ENDPOINT_ENABLED
from fincore.payments.events.store import to_model as event_model
from fincore.payments.webhooks.schedule import retry_delay
from fincore.payments.webhooks.schemas import (
    CreatedWebhookEndpoint,
    WebhookEndpoint,
    WebhookEndpointCreate,
)

# Endpoints per merchant: each event is sent once per endpoint, so this bounds the fan-out.
MAX_ENDPOINTS = 16
DELIVERED = "delivered"
FAILED = "failed"
# The endpoint was deleted before the delivery was sent.
CANCELED = "canceled"

_deliveries = webhook_deliveries.c
_CLAIM = (
    update(webhook_deliveries)
    .where(
        _deliveries.id == bindparam("b_id"),
        _deliveries.status == DELIVERY_PENDING,
        _deliveries.attempts == bindparam("b_attempts"),
        _deliveries.next_attempt <= bindparam("b_now"),
    )
    .values(
        attempts=_deliveries.attempts + 1,
        next_attempt=bindparam("b_lease_until"),
        updated=bindparam("b_now"),
    )
    .returning(_deliveries.event_id, _deliveries.endpoint_id, _deliveries.attempts)
)
_FINISH = (
    update(webhook_deliveries)
    .where(
        _deliveries.id == bindparam("b_id"),
        _deliveries.status == DELIVERY_PENDING,
        _deliveries.attempts == bindparam("b_attempt"),
    )
    .values(
        status=bindparam("b_status"),
        next_attempt=bindparam("b_next"),
        last_response_status=bindparam("b_response_status"),
        last_error=bindparam("b_error"),
        updated=bindparam("b_now"),
    )
)


@dataclass(frozen=True)
class Claimed:
    """One attempt this instance may send: the event's payload, where, and with which secret."""

    delivery_id: str
    attempt: int
    payload: dict[str, Any]
    url: str
    secret: str


@dataclass(frozen=True)
class AttemptResult:
    delivered: bool
    response_status: int | None = None
    error: str | None = None


# Endpoints


def create_endpoint(
    connection: Connection,
    endpoint_id: str,
    merchant_id: str,
    body: WebhookEndpointCreate,
    secret: str,
    now: int,
) -> CreatedWebhookEndpoint | None:
    """The new endpoint with its secret; None when the merchant already has ``MAX_ENDPOINTS``."""
    count = connection.execute(
        select(func.count())
        .select_from(webhook_endpoints)
        .where(webhook_endpoints.c.merchant_id == merchant_id)
    ).scalar_one()
    if count >= MAX_ENDPOINTS:
        return None
    values = {
        "id": endpoint_id,
        "merchant_id": merchant_id,
        "url": body.url,
        "enabled_events": body.enabled_events,
        "description": body.description,
        "secret": secret,
        "status": ENDPOINT_ENABLED,
        "created": now,
    }
    connection.execute(insert(webhook_endpoints), values)
    return CreatedWebhookEndpoint(**_public(values), secret=secret)


def list_endpoints(connection: Connection, merchant_id: str) -> list[WebhookEndpoint]:
    rows = connection.execute(
        select(webhook_endpoints)
        .where(webhook_endpoints.c.merchant_id == merchant_id)
        .order_by(webhook_endpoints.c.seq.desc())
    )
    return [WebhookEndpoint(**_public(row._asdict())) for row in rows]


def get_endpoint(
    connection: Connection, merchant_id: str, endpoint_id: str
) -> WebhookEndpoint | None:
    row = connection.execute(
        select(webhook_endpoints).where(
            webhook_endpoints.c.id == endpoint_id, webhook_endpoints.c.merchant_id == merchant_id
        )
    ).first()
    return WebhookEndpoint(**_public(row._asdict())) if row else None


def delete_endpoint(connection: Connection, merchant_id: str, endpoint_id: str) -> bool:
    """Delete the endpoint and cancel what was still to be sent to it; False if none such."""
    deleted = connection.execute(
        delete(webhook_endpoints).where(
            webhook_endpoints.c.id == endpoint_id, webhook_endpoints.c.merchant_id == merchant_id
        )
    ).rowcount
    if deleted:
        connection.execute(
            update(webhook_deliveries)
            .where(_deliveries.endpoint_id == endpoint_id, _deliveries.status == DELIVERY_PENDING)
            .values(status=CANCELED)
        )
    return bool(deleted)


def _public(values: dict[str, Any]) -> dict[str, Any]:
    """An endpoint row's fields the API shows (never the secret, after creation)."""
    fields = ("id", "url", "enabled_events", "description", "status", "created")
    return {name: values[name] for name in fields}


# Deliveries


def due(connection: Connection, now: int, limit: int) -> list[tuple[str, int]]:
    """(id, attempts) of pending deliveries due by ``now``, the longest waiting first."""
    rows = connection.execute(
        select(_deliveries.id, _deliveries.attempts)
        .where(_deliveries.status == DELIVERY_PENDING, _deliveries.next_attempt <= now)
        .order_by(_deliveries.next_attempt, _deliveries.seq)
        .limit(limit)
    )
    return [(row.id, row.attempts) for row in rows]


def claim(
    connection: Connection, delivery_id: str, attempts: int, now: int, lease_until: int
) -> Claimed | None:
    """The next attempt of the delivery, if this caller is the one to send it."""
    params = {"b_id": delivery_id, "b_attempts": attempts, "b_now": now}
    row = connection.execute(_CLAIM, {**params, "b_lease_until": lease_until}).first()
    if row is None:
        return None
    endpoint = connection.execute(
        select(webhook_endpoints).where(webhook_endpoints.c.id == row.endpoint_id)
    ).first()
    if endpoint is None or endpoint.status != ENDPOINT_ENABLED:
        connection.execute(
            update(webhook_deliveries).where(_deliveries.id == delivery_id).values(status=CANCELED)
        )
        return None
    event = connection.execute(select(events).where(events.c.id == row.event_id)).one()
    payload = event_model(event).model_dump(mode="json")
    return Claimed(delivery_id, row.attempts, payload, endpoint.url, endpoint.secret)


def finish(
    connection: Connection, delivery_id: str, attempt: int, now: int, result: AttemptResult
) -> str | None:
    """Record an attempt's result: delivered, due again after the schedule's delay, or failed
    for good; the delivery's new status, or None if the attempt was no longer this sender's."""
    delay = None if result.delivered else retry_delay(attempt)
    status = DELIVERED if result.delivered else FAILED if delay is None else DELIVERY_PENDING
    params = {
        "b_id": delivery_id,
        "b_attempt": attempt,
        "b_status": status,
        "b_next": now + (delay or 0),
        "b_response_status": result.response_status,
        "b_error": result.error,
        "b_now": now,
    }
    return status if connection.execute(_FINISH, params).rowcount else None
