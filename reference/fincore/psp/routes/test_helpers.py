"""``/v1/test_helpers/*``: make the PSP misbehave, read its ledger, move its clock (test mode only).

These routes exist only when ``FINCORE_PSP_TEST_HELPERS=true`` (``PSPSettings.test_helpers``),
which a production PSP refuses at start-up: a conformance run against a staging deployment uses
them to check the claims that need a misbehaving PSP, and nothing else may reach them.
"""

from fastapi import APIRouter

from fincore.common.clock import ShiftedClock
from fincore.common.errors import error_responses
from fincore.common.openapi_contract import authenticated
from fincore.common.request_body import request_body_schema
from fincore.psp.deps import ClockBody, FaultBody, Platform, State
from fincore.psp.faults import Fault
from fincore.psp.ledger import charges_for_token
from fincore.psp.schemas import ClockAdvance, ClockState, FaultCreate, FaultState, TokenCharges

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


@router.get(
    "/v1/test_helpers/faults",
    response_model=FaultState,
    responses=error_responses(401),
    summary="Count the faults still queued",
    description="How many injected faults no charge attempt has taken yet.",
    openapi_extra=authenticated(),
)
async def pending_faults(_: Platform, state: State) -> FaultState:
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


@router.get(
    "/v1/test_helpers/tokens/{token}/charges",
    response_model=TokenCharges,
    responses=error_responses(401),
    summary="Count the charges made against a token",
    description="The exactly-once evidence: how many charges the PSP recorded for one token "
    "(0 for a token it never charged or never issued).",
    openapi_extra=authenticated(),
)
async def token_charges(token: str, _: Platform, state: State) -> TokenCharges:
    return TokenCharges(token=token, charges=charges_for_token(state, token))


@router.post(
    "/v1/test_helpers/clock",
    response_model=ClockState,
    responses=error_responses(400, 401),
    summary="Move the PSP's clock ahead",
    description="Every deadline the PSP keeps (token expiry, card-testing windows) sees the "
    "clock moved ahead by `seconds`, so an expiry is shown without waiting for it.",
    openapi_extra=authenticated(request_body_schema(ClockAdvance)),
)
async def advance_clock(_: Platform, body: ClockBody, state: State) -> ClockState:
    clock = state.clock
    # create_app gives a PSP with test helpers a ShiftedClock; anything else is a wiring error.
    if not isinstance(clock, ShiftedClock):
        raise TypeError("a PSP with test helpers runs on a ShiftedClock")
    clock.advance(body.seconds)
    return ClockState(shift_seconds=clock.shift)
