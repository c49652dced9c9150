"""Request dependencies: the PSP state, the two kinds of caller, and the bodies they send.

A body is judged (strict JSON, then pydantic) only once its caller is authenticated: the body
dependencies authenticate first (``fincore.common.request_body``). The platform's bodies call
``authenticate_platform`` themselves rather than depending on ``Platform``, so a charge is
three dependencies, not six: FastAPI solves every node of the graph on every request, cached
or not, at ~8 us each (bench/README.md).

They are ``async`` because FastAPI runs plain ``def`` dependencies in a thread pool, a hop that
cost more than the work itself.
"""

import hmac
from typing import Annotated

from fastapi import Depends, Request

from fincore.common import request_body
from fincore.common.bearer import bearer_key
from fincore.common.errors import AuthenticationError
from fincore.common.merchants import MerchantAccount, find_by_key, redact_key
from fincore.psp import error_codes
from fincore.psp.schemas import ChargeCreate, ClockAdvance, FaultCreate, TokenCreate
from fincore.psp.state import PSPState


async def get_state(request: Request) -> PSPState:
    state: PSPState = request.app.state.psp
    return state


State = Annotated[PSPState, Depends(get_state)]


async def publishable_merchant(request: Request, state: State) -> MerchantAccount:
    """The merchant whose publishable key called; secret keys are refused in the browser API."""
    key = bearer_key(request)
    if key.startswith(("sk_", "psp_sk_")):
        raise AuthenticationError(
            error_codes.PUBLISHABLE_KEY_REQUIRED,
            "This endpoint is called from browsers: use a publishable key (pk_...), "
            "never a secret key.",
        )
    merchant = find_by_key(state.merchants, key, "publishable_key")
    if merchant is None:
        raise AuthenticationError(
            error_codes.API_KEY_INVALID, f"Invalid API key: {redact_key(key)}."
        )
    request.scope["state"].setdefault("log", {})["merchant"] = merchant.id
    return merchant


async def platform_caller(request: Request, state: State) -> None:
    """Only the FinCore Payment Service, holding the platform secret key, may charge."""
    authenticate_platform(request, state)


def authenticate_platform(request: Request, state: PSPState) -> None:
    """Raises unless the caller holds the platform secret key."""
    key = bearer_key(request)
    if key.startswith("pk_"):
        raise AuthenticationError(
            error_codes.SECRET_KEY_REQUIRED,
            "This endpoint needs the platform secret key, not a publishable key.",
        )
    expected = state.settings.platform_secret_key.encode()
    if not hmac.compare_digest(expected, key.encode()):
        raise AuthenticationError(
            error_codes.API_KEY_INVALID, f"Invalid API key: {redact_key(key)}."
        )


PublishableMerchant = Annotated[MerchantAccount, Depends(publishable_merchant)]
Platform = Annotated[None, Depends(platform_caller)]


async def token_body(request: Request, _: PublishableMerchant) -> TokenCreate:
    return request_body.parse(request, TokenCreate)


async def charge_body(request: Request, state: State) -> ChargeCreate:
    """The platform's charge request, parsed once the caller is authenticated."""
    authenticate_platform(request, state)
    return request_body.parse(request, ChargeCreate)


async def fault_body(request: Request, state: State) -> FaultCreate:
    authenticate_platform(request, state)
    return request_body.parse(request, FaultCreate)


async def clock_body(request: Request, state: State) -> ClockAdvance:
    authenticate_platform(request, state)
    return request_body.parse(request, ClockAdvance)


TokenBody = Annotated[TokenCreate, Depends(token_body)]
ChargeBody = Annotated[ChargeCreate, Depends(charge_body)]
FaultBody = Annotated[FaultCreate, Depends(fault_body)]
ClockBody = Annotated[ClockAdvance, Depends(clock_body)]
