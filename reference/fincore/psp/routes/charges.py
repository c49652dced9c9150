"""``/v1/charges``: the Payment Service charges tokens here (after step 10) and looks charges up."""

import asyncio
import contextlib
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import Connection, select
from starlette.types import Receive

from fincore.common.currencies import exponent
from fincore.common.errors import (
    InvalidRequestError,
    NotFoundError,
    UpstreamError,
    error_responses,
)
from fincore.common.openapi_contract import authenticated
from fincore.common.query import NoQueryParams, StrictQuery
from fincore.common.reply import Reply
from fincore.common.request_body import request_body_schema
from fincore.psp import error_codes
from fincore.psp.charging import charge_model, charge_token
from fincore.psp.db import charges
from fincore.psp.deps import ChargeBody, Platform, State
from fincore.psp.schemas import Charge, ChargeCreate, ChargeList
from fincore.psp.state import PSPState

router = APIRouter(tags=["charges"])

MAX_KEY_LENGTH = 255
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=MAX_KEY_LENGTH)]

# A dropped response waits at most this long for the client to give up.
DROP_HOLD_SECONDS = 120.0


class ChargeLookup(StrictQuery):
    idempotency_key: str = Field(
        min_length=1, max_length=MAX_KEY_LENGTH, description="The key the charge was made with."
    )


@router.post(
    "/v1/charges",
    status_code=201,
    response_model=Charge,
    responses=error_responses(400, 401, 402, 413, 422, 503),
    summary="Charge a token (after step 10)",
    operation_id="createCharge",
    openapi_extra=authenticated(request_body_schema(ChargeCreate)),
)
async def create_charge(
    body: ChargeBody,
    state: State,
    request: Request,
    _query: NoQueryParams,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Charge a token once; retries with the same ``Idempotency-Key`` replay the first result.
    Only the platform may: ``ChargeBody`` authenticates it before the body is read."""
    return (await create(state, body, idempotency_key, request.receive)).response()


async def create(
    state: PSPState, body: ChargeCreate, idempotency_key: str | None, receive: Receive
) -> Reply:
    if exponent(body.currency) is None:
        raise InvalidRequestError(
            error_codes.CURRENCY_INVALID,
            f"Unknown ISO 4217 currency: '{body.currency}'.",
            "currency",
        )
    fault = state.faults.next()
    if fault is not None and fault.kind == "latency":
        await asyncio.sleep(fault.latency_ms / 1000)
    if fault is not None and fault.kind == "error":
        raise UpstreamError(
            error_codes.PSP_UNAVAILABLE,
            "Injected fault: the PSP is unavailable.",
            status_code=fault.status,
        )
    result = await charge_token(state, body, idempotency_key)
    if fault is not None and fault.kind == "drop":
        await hold_until_client_leaves(receive)
    return Reply(result.status_code, result.body)


@router.get(
    "/v1/charges/{charge_id}",
    response_model=Charge,
    responses=error_responses(400, 401, 404),
    summary="Retrieve a charge",
    description="One charge by its id, as the PSP recorded it.",
    operation_id="retrieveCharge",
    openapi_extra=authenticated(),
)
async def get_charge(charge_id: str, _: Platform, state: State, _query: NoQueryParams) -> Charge:
    row = await state.db.read(_select_one, charges.c.id == charge_id)
    if row is None:
        raise NotFoundError(error_codes.RESOURCE_MISSING, f"No such charge: '{charge_id}'.", "id")
    return row


@router.get(
    "/v1/charges",
    response_model=ChargeList,
    responses=error_responses(400, 401),
    summary="Find charges by idempotency key",
    operation_id="listCharges",
    openapi_extra=authenticated(),
)
async def list_charges(
    _: Platform, state: State, query: Annotated[ChargeLookup, Query()]
) -> ChargeList:
    """Look a charge up by the idempotency key it was created with: how a caller whose response
    was lost learns the outcome without charging again. A key names at most one charge, so the
    list is never paginated."""
    row = await state.db.read(_select_one, charges.c.idempotency_key == query.idempotency_key)
    return ChargeList(data=[row] if row else [], has_more=False)


def _select_one(connection: Connection, condition: Any) -> Charge | None:
    row = connection.execute(select(charges).where(condition)).first()
    return charge_model(row) if row else None


async def hold_until_client_leaves(receive: Receive) -> None:
    # The charge is committed; the caller never hears about it, exactly like a response lost on
    # the network. We wait for the caller to time out and hang up.
    async def wait_for_disconnect() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(wait_for_disconnect(), DROP_HOLD_SECONDS)
