"""Webhooks in a notebook (steps 13-14): a bundled stack whose clock only moves when told, the
dispatcher run on demand, and what each side recorded, as tables.

The stack registers the demo merchant's webhook endpoint at start-up; its background dispatcher
is off, so a notebook sends what is due when it says so (``dispatch``) and moves a day in one
call (``advance``): the retry schedule is shown without waiting for it.
"""

from typing import Any

import httpx
from sqlalchemy import select

from fincore.common.clock import FakeClock
from fincore.lab.stack import StackOptions
from fincore.lab.webhook_sink import WebhookSink
from fincore.payments.db import events, webhook_deliveries, webhook_endpoints
from fincore.payments.webhooks.dispatcher import dispatch_due
from fincore.walkthrough.connection import Connection
from fincore.walkthrough.display import Table


def webhook_stack_options() -> StackOptions:
    """A bundled stack with the demo merchant's webhooks, on a clock that moves when told."""
    return StackOptions(
        clock=FakeClock(),
        merchant_webhooks=True,
        payments_settings={"webhook_dispatch_interval_seconds": 0},
    )


def dispatch(conn: Connection) -> list[str]:
    """One pass of the Payment Service's dispatcher: the new status of each delivery it sent."""
    stack = conn.stack
    return stack.call_in("payments", dispatch_due(stack.payments_state))


def advance(conn: Connection, seconds: int) -> None:
    clock = conn.stack.options.clock
    if not isinstance(clock, FakeClock):
        raise TypeError("this stack's clock is real time: start it with webhook_stack_options()")
    clock.advance(seconds)


def register_sink(conn: Connection, sink: WebhookSink) -> str:
    """Register ``sink`` as a second endpoint of the merchant, for every event; its secret."""
    answer = conn.merchant.create_webhook_endpoint(sink.url, ["*"], description="notebook sink")
    if answer.status != 201:
        raise RuntimeError(f"the sink was not registered: {answer.body}")
    secret: str = answer.body["secret"]
    return secret


def merchant_order(conn: Connection, order_id: str) -> dict[str, Any]:
    """The demo merchant's order, as its webhooks left it (``GET /api/orders/{id}``)."""
    order: dict[str, Any] = httpx.get(
        f"{conn.stack.info.merchant_url}/api/orders/{order_id}"
    ).json()
    return order


def event_table(listed: list[dict[str, Any]]) -> Table:
    """Events as ``GET /v1/events`` lists them, newest first."""
    rows = [
        (
            event["type"],
            event["data"]["object"].get("object"),
            event["data"]["object"].get("status"),
            event["data"]["object"].get("amount"),
        )
        for event in listed
    ]
    return Table(["event type", "object", "its status then", "amount"], rows)


def delivery_table(conn: Connection) -> Table:
    """Every delivery the Payment Service holds: to which endpoint, how it went so far."""
    columns = (
        events.c.type,
        webhook_endpoints.c.description,
        webhook_deliveries.c.status,
        webhook_deliveries.c.attempts,
        webhook_deliveries.c.last_response_status,
    )
    query = (
        select(*columns)
        .join(events, events.c.id == webhook_deliveries.c.event_id)
        .join(webhook_endpoints, webhook_endpoints.c.id == webhook_deliveries.c.endpoint_id)
        .order_by(webhook_endpoints.c.seq, webhook_deliveries.c.seq)
    )
    with conn.stack.payments_state.engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query)]
    return Table(["event type", "endpoint", "delivery", "attempts", "last answer"], rows)
