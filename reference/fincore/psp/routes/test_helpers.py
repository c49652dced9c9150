"""``/v1/test_helpers/faults``: make the PSP misbehave on purpose (test mode only)."""

from fastapi import APIRouter

from fincore.common.errors import error_responses
from fincore.common.openapi_contract import authenticated
from fincore.common.request_body import request_body_schema
from fincore.psp.deps import FaultBody, Platform, State
from fincore.psp.faults import Fault
from fincore.psp.schemas import FaultCreate, FaultState

router = APIRouter(tags=["test helpers"])


@router.post(
    "/v1/test_helpers/faults",
    response_model=FaultState,
    responses=error_responses(400, 401),
    summary="Inject faults into the next charges",
    openapi_extra=authenticated(request_body_schema(FaultCreate)),
)
async def inject_faults(_: Platform, body: FaultBody, state: State) -> FaultState:
    """Queue ``count`` faults: each of the next calls of ``operation`` (charges by default) is
    slowed, failed or loses its response."""
    state.faults.inject(Fault(body.kind, body.latency_ms, body.status, body.operation), body.count)
    return FaultState(pending=state.faults.pending())


@router.delete(
    "/v1/test_helpers/faults",
    response_model=FaultState,
    responses=error_responses(401),
    summary="Clear injected faults",
    description="Forget every queued fault: the next charges behave normally.",
    openapi_extra=authenticated(),
)
async def clear_faults(_: Platform, state: State) -> FaultState:
    state.faults.clear()
    return FaultState(pending=0)
