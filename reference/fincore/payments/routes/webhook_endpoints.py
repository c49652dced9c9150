"""``/v1/webhook_endpoints``: where a merchant wants its events POSTed, signed (steps 13-14)."""

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from fincore.common import request_body
from fincore.common.errors import InvalidRequestError, NotFoundError, error_responses
from fincore.common.ids import new_id
from fincore.common.openapi_contract import authenticated
from fincore.common.query import NoQueryParams
from fincore.common.request_body import request_body_schema
from fincore.payments import error_codes
from fincore.payments.deps import Merchant, State
from fincore.payments.webhooks import store
from fincore.payments.webhooks.schemas import (
    CreatedWebhookEndpoint,
    DeletedWebhookEndpoint,
    WebhookEndpoint,
    WebhookEndpointCreate,
    WebhookEndpointList,
)

router = APIRouter(tags=["webhook_endpoints"])
SECRET_BYTES = 32


async def endpoint_body(request: Request, _: Merchant) -> WebhookEndpointCreate:
    return request_body.parse(request, WebhookEndpointCreate)


EndpointBody = Annotated[WebhookEndpointCreate, Depends(endpoint_body)]


def new_signing_secret() -> str:
    """``whsec_`` and 256 random bits: the HMAC key of the endpoint's signatures. Base64url, not
    hex: a long hex string holds a card-shaped digit run often enough (one SHA-256 in ~1,400) to
    trip the PAN scanner over the database it is stored in."""
    return f"whsec_{secrets.token_urlsafe(SECRET_BYTES)}"


@router.post(
    "/v1/webhook_endpoints",
    status_code=201,
    response_model=CreatedWebhookEndpoint,
    responses=error_responses(400, 401, 413, 422),
    summary="Register a webhook endpoint",
    operation_id="createWebhookEndpoint",
    openapi_extra=authenticated(request_body_schema(WebhookEndpointCreate)),
)
async def create_endpoint(
    merchant: Merchant, body: EndpointBody, state: State, _query: NoQueryParams
) -> CreatedWebhookEndpoint:
    """Events of the ``enabled_events`` types (``["*"]``: all) are POSTed to ``url``, signed
    with the ``secret`` in this answer, the only one that shows it. In production the URL must
    be https on a public address (``webhook_url_forbidden`` otherwise)."""
    checked = body.checked(state.settings.webhook_allow_loopback)
    endpoint_id, secret = new_id("we"), new_signing_secret()
    created = await state.db.write(
        store.create_endpoint, endpoint_id, merchant.id, checked, secret, state.clock.now()
    )
    if created is None:
        raise InvalidRequestError(
            error_codes.WEBHOOK_ENDPOINT_LIMIT_REACHED,
            f"At most {store.MAX_ENDPOINTS} webhook endpoints; delete one first.",
        )
    return created


@router.get(
    "/v1/webhook_endpoints",
    response_model=WebhookEndpointList,
    responses=error_responses(400, 401),
    summary="List webhook endpoints",
    operation_id="listWebhookEndpoints",
    openapi_extra=authenticated(),
)
async def list_endpoints(
    merchant: Merchant, state: State, _query: NoQueryParams
) -> WebhookEndpointList:
    """The caller's webhook endpoints, newest first, without their secrets."""
    return WebhookEndpointList(data=await state.db.read(store.list_endpoints, merchant.id))


@router.get(
    "/v1/webhook_endpoints/{endpoint_id}",
    response_model=WebhookEndpoint,
    responses=error_responses(400, 401, 404),
    summary="Retrieve a webhook endpoint",
    operation_id="retrieveWebhookEndpoint",
    openapi_extra=authenticated(),
)
async def get_endpoint(
    endpoint_id: str, merchant: Merchant, state: State, _query: NoQueryParams
) -> WebhookEndpoint:
    """One of the caller's webhook endpoints, without its secret."""
    endpoint = await state.db.read(store.get_endpoint, merchant.id, endpoint_id)
    if endpoint is None:
        raise _missing(endpoint_id)
    return endpoint


@router.delete(
    "/v1/webhook_endpoints/{endpoint_id}",
    response_model=DeletedWebhookEndpoint,
    responses=error_responses(400, 401, 404),
    summary="Delete a webhook endpoint",
    operation_id="deleteWebhookEndpoint",
    openapi_extra=authenticated(),
)
async def delete_endpoint(
    endpoint_id: str, merchant: Merchant, state: State, _query: NoQueryParams
) -> DeletedWebhookEndpoint:
    """Stop sending to this endpoint; deliveries not yet sent to it are canceled."""
    if not await state.db.write(store.delete_endpoint, merchant.id, endpoint_id):
        raise _missing(endpoint_id)
    return DeletedWebhookEndpoint(id=endpoint_id)


def _missing(endpoint_id: str) -> NotFoundError:
    return NotFoundError(
        error_codes.RESOURCE_MISSING, f"No such webhook endpoint: '{endpoint_id}'.", "id"
    )
