"""``/v1/events``: what happened to the merchant's payments and refunds, newest first."""

from typing import Annotated

from fastapi import APIRouter, Query

from fincore.common.errors import InvalidRequestError, NotFoundError, error_responses
from fincore.common.openapi_contract import authenticated
from fincore.common.query import NoQueryParams
from fincore.payments import error_codes
from fincore.payments.deps import Merchant, State
from fincore.payments.events import store
from fincore.payments.events.schemas import Event, EventList, EventListQuery

router = APIRouter(tags=["events"])


@router.get(
    "/v1/events",
    response_model=EventList,
    responses=error_responses(400, 401),
    summary="List events, newest first",
    operation_id="listEvents",
    openapi_extra=authenticated(),
)
async def list_events(
    merchant: Merchant, state: State, query: Annotated[EventListQuery, Query()]
) -> EventList:
    """The caller's events, newest first, paged like the payments list: ``starting_after`` (an
    event id) pages towards older events, ``ending_before`` towards newer ones, ``has_more``
    says whether that direction has more. ``type`` keeps one event type."""
    cursor = query.cursor()
    event_type = query.checked_type()
    found = await state.db.read(store.page, merchant.id, query.limit, cursor, event_type)
    if found is None and cursor is not None:
        raise InvalidRequestError(
            error_codes.RESOURCE_MISSING, f"No such event: '{cursor.payment_id}'.", cursor.param
        )
    data, has_more = found or ([], False)
    return EventList(data=data, has_more=has_more)


@router.get(
    "/v1/events/{event_id}",
    response_model=Event,
    responses=error_responses(400, 401, 404),
    summary="Retrieve an event",
    operation_id="retrieveEvent",
    openapi_extra=authenticated(),
)
async def get_event(
    event_id: str, merchant: Merchant, state: State, _query: NoQueryParams
) -> Event:
    """One of the caller's events, with the object as it was when the event happened."""
    event = await state.db.read(store.get, merchant.id, event_id)
    if event is None:
        raise NotFoundError(error_codes.RESOURCE_MISSING, f"No such event: '{event_id}'.", "id")
    return event
