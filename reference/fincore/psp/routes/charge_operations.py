"""``/v1/charges/{id}/capture|cancel|refunds``: the Payment Service captures or voids an
authorization (after step 11) and refunds a captured charge (after step 12).

Every call needs an ``Idempotency-Key``: the Payment Service derives it from its own payment or
refund id, so a retry after a lost answer replays the operation instead of repeating it.
"""

import asyncio
from collections.abc import Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse

from fincore.common import request_body
from fincore.common.errors import UpstreamError, error_responses
from fincore.common.openapi_contract import authenticated
from fincore.common.query import NoQueryParams
from fincore.common.reply import Reply
from fincore.common.request_body import request_body_schema
from fincore.psp import error_codes
from fincore.psp.charge_operations import operate
from fincore.psp.charging import ChargeResult
from fincore.psp.deps import State, authenticate_platform
from fincore.psp.faults import Operation
from fincore.psp.routes.charges import MAX_KEY_LENGTH, hold_until_client_leaves
from fincore.psp.schemas import Charge, ChargeCapture, ChargeRefund, ChargeRefundCreate
from fincore.psp.state import PSPState

router = APIRouter(tags=["charges"])

RequiredKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        description="Required: a retry with the same key replays the operation.",
    ),
]


async def capture_body(request: Request, state: State) -> ChargeCapture:
    authenticate_platform(request, state)
    return request_body.parse(request, ChargeCapture)


async def refund_body(request: Request, state: State) -> ChargeRefundCreate:
    authenticate_platform(request, state)
    return request_body.parse(request, ChargeRefundCreate)


async def platform(request: Request, state: State) -> None:
    authenticate_platform(request, state)


@router.post(
    "/v1/charges/{charge_id}/capture",
    response_model=Charge,
    responses=error_responses(400, 401, 404, 422, 503),
    summary="Capture an authorization (after step 11)",
    operation_id="captureCharge",
    openapi_extra=authenticated(request_body_schema(ChargeCapture)),
)
async def capture_charge(
    charge_id: str,
    body: Annotated[ChargeCapture, Depends(capture_body)],
    state: State,
    request: Request,
    idempotency_key: RequiredKey,
    _query: NoQueryParams,
) -> JSONResponse:
    """Capture ``amount`` (default: all) of a ``requires_capture`` charge; the rest is released."""
    work = operate(state, "capture", charge_id, body.amount, idempotency_key)
    return await _faulted(state, "capture", request, work)


@router.post(
    "/v1/charges/{charge_id}/cancel",
    response_model=Charge,
    responses=error_responses(400, 401, 404, 422, 503),
    summary="Void an authorization (after step 11)",
    operation_id="cancelCharge",
    openapi_extra=authenticated(),
)
async def cancel_charge(
    charge_id: str,
    _: Annotated[None, Depends(platform)],
    state: State,
    request: Request,
    idempotency_key: RequiredKey,
    _query: NoQueryParams,
) -> JSONResponse:
    """Release a ``requires_capture`` charge's hold, expired or not: it becomes ``canceled``."""
    work = operate(state, "void", charge_id, None, idempotency_key)
    return await _faulted(state, "cancel", request, work)


@router.post(
    "/v1/charges/{charge_id}/refunds",
    status_code=201,
    response_model=ChargeRefund,
    responses=error_responses(400, 401, 404, 422, 503),
    summary="Refund a captured charge (after step 12)",
    operation_id="refundCharge",
    openapi_extra=authenticated(request_body_schema(ChargeRefundCreate)),
)
async def refund_charge(
    charge_id: str,
    body: Annotated[ChargeRefundCreate, Depends(refund_body)],
    state: State,
    request: Request,
    idempotency_key: RequiredKey,
    _query: NoQueryParams,
) -> JSONResponse:
    """Refund ``amount``; the refunds of a charge never add up to more than it captured."""
    work = operate(state, "refund", charge_id, body.amount, idempotency_key)
    return await _faulted(state, "refund", request, work)


async def _faulted(
    state: PSPState,
    operation: Operation,
    request: Request,
    work: Coroutine[Any, Any, ChargeResult],
) -> JSONResponse:
    """Run ``work`` under the next fault injected for ``operation``, as charges do."""
    fault = state.faults.next(operation)
    if fault is not None and fault.kind == "latency":
        await asyncio.sleep(fault.latency_ms / 1000)
    if fault is not None and fault.kind == "error":
        work.close()  # never started: the PSP did nothing
        raise UpstreamError(
            error_codes.PSP_UNAVAILABLE,
            "Injected fault: the PSP is unavailable.",
            status_code=fault.status,
        )
    result = await work
    if fault is not None and fault.kind == "drop":
        await hold_until_client_leaves(request.receive)
    return Reply(result.status_code, result.body).response()
