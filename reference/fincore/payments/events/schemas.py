"""``/v1/events`` answers and query."""

from typing import Any, Literal

from pydantic import BaseModel, Field

from fincore.common.errors import InvalidRequestError
from fincore.payments import error_codes
from fincore.payments.events.types import EVENT_TYPES
from fincore.payments.schemas import Cursor, PaymentListQuery


class EventData(BaseModel):
    object: dict[str, Any] = Field(
        description="The object (a payment, a refund) as the API showed it when this happened."
    )


class Event(BaseModel):
    id: str = Field(description="evt_ followed by 128 bits of randomness.")
    object: Literal["event"] = "event"
    type: str = Field(description="What happened, e.g. 'payment.succeeded' (docs/webhooks.md).")
    created: int
    data: EventData
    livemode: bool = False


class EventList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Event]
    has_more: bool
    url: str = "/v1/events"


class EventListQuery(PaymentListQuery):
    """The payments list's paging, over events, and a filter by type."""

    starting_after: str | None = Field(
        default=None, max_length=64, description="An event id: the page of older events."
    )
    ending_before: str | None = Field(
        default=None, max_length=64, description="An event id: the page of newer events."
    )
    type: str | None = Field(
        default=None, max_length=64, description="Only events of this type, e.g. 'payment.failed'."
    )

    def checked_type(self) -> str | None:
        if self.type is not None and self.type not in EVENT_TYPES:
            raise InvalidRequestError(
                error_codes.EVENT_TYPE_UNKNOWN, f"Unknown event type: '{self.type}'.", "type"
            )
        return self.type


__all__ = ["Cursor", "Event", "EventData", "EventList", "EventListQuery"]
