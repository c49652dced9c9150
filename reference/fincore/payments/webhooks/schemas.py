"""``/v1/webhook_endpoints`` request and answers."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from fincore.common.errors import InvalidRequestError
from fincore.payments import error_codes
from fincore.payments.events.types import ALL_EVENTS, EVENT_TYPES
from fincore.payments.webhooks.urls import MAX_URL_LENGTH, check_url

MAX_ENABLED_EVENTS = len(EVENT_TYPES)


class WebhookEndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: StrictStr = Field(
        max_length=MAX_URL_LENGTH,
        description="Where events are POSTed: https, on a public address (docs/webhooks.md).",
    )
    enabled_events: list[StrictStr] = Field(
        min_length=1,
        max_length=MAX_ENABLED_EVENTS,
        description="The event types to send, or ['*'] for all of them.",
    )
    description: StrictStr | None = Field(default=None, max_length=1000)

    def checked(self, allow_loopback: bool) -> "WebhookEndpointCreate":
        """Business validation with the catalogue's codes."""
        check_url(self.url, allow_loopback)
        unknown = [e for e in self.enabled_events if e not in EVENT_TYPES and e != ALL_EVENTS]
        if unknown:
            raise InvalidRequestError(
                error_codes.EVENT_TYPE_UNKNOWN,
                f"Unknown event type: '{unknown[0]}'. Known: {', '.join(EVENT_TYPES)}, or '*'.",
                "enabled_events",
            )
        return self.model_copy(update={"enabled_events": sorted(set(self.enabled_events))})


class WebhookEndpoint(BaseModel):
    id: str = Field(description="we_ followed by 128 bits of randomness.")
    object: Literal["webhook_endpoint"] = "webhook_endpoint"
    url: str
    enabled_events: list[str]
    description: str | None
    status: Literal["enabled", "disabled"]
    created: int
    livemode: bool = False


class CreatedWebhookEndpoint(WebhookEndpoint):
    secret: str = Field(
        description="The signing secret (whsec_...). Shown only in this answer: store it."
    )


class WebhookEndpointList(BaseModel):
    object: Literal["list"] = "list"
    data: list[WebhookEndpoint]
    has_more: bool = False
    url: str = "/v1/webhook_endpoints"


class DeletedWebhookEndpoint(BaseModel):
    id: str
    object: Literal["webhook_endpoint"] = "webhook_endpoint"
    deleted: Literal[True] = True
