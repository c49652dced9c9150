"""``POST /webhooks/fincore``: the Payment Service's signed events (step 13), verified and applied
to the order (step 14); ``GET /api/orders/{order_id}``: the order as the webhooks left it."""

from typing import Any

import orjson
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, ValidationError

from fincore.common.errors import InvalidRequestError, NotFoundError, error_responses
from fincore.common.webhook_signature import HEADER, SignatureVerificationError, verify
from fincore.merchant import error_codes
from fincore.merchant.orders import Order, OrderBook

router = APIRouter()


class EventObject(BaseModel):
    object: dict[str, Any]


class ReceivedEvent(BaseModel):
    """The fields the merchant relies on; others may be added later and are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: str
    type: str
    created: int
    data: EventObject


class Receipt(BaseModel):
    received: bool = True
    duplicate: bool


@router.post(
    "/webhooks/fincore",
    response_model=Receipt,
    responses=error_responses(400),
    summary="Steps 13-14: receive a signed event, update the order",
)
async def receive_event(request: Request) -> Receipt:
    """Verify the ``FinCore-Signature`` over the raw body with this shop's secret (a bad one is
    refused 400 and nothing is recorded), then apply the event once per event id."""
    body = await request.body()
    secret: str = request.app.state.settings.webhook_secret
    try:
        if not secret:
            raise SignatureVerificationError("No webhook secret is configured here.")
        now = request.app.state.clock.now()
        verify(body, request.headers.get(HEADER, ""), secret, now=now)
    except SignatureVerificationError as refused:
        raise InvalidRequestError(
            error_codes.WEBHOOK_SIGNATURE_INVALID, str(refused), HEADER
        ) from refused
    try:
        event = ReceivedEvent.model_validate(orjson.loads(body))
    except (orjson.JSONDecodeError, ValidationError) as invalid:
        raise InvalidRequestError(
            error_codes.INVALID_BODY, "A signed body that is not an event."
        ) from invalid
    book: OrderBook = request.app.state.orders
    fresh = book.apply(event.model_dump(), now)
    request.scope["state"].setdefault("log", {}).update(event=event.id, duplicate=not fresh)
    return Receipt(duplicate=not fresh)


@router.get(
    "/api/orders/{order_id}",
    responses=error_responses(404),
    summary="An order's state, as learned from webhooks",
)
async def get_order(order_id: str, request: Request) -> Order:
    """The order of one checkout attempt: its state and the events that moved it."""
    book: OrderBook = request.app.state.orders
    order = book.get(order_id)
    if order is None:
        raise NotFoundError(error_codes.RESOURCE_MISSING, f"No such order: '{order_id}'.", "id")
    return order
