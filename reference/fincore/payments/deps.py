"""Request dependencies: the service state, the merchant behind a secret key, and the body.

Authentication and the body checks sit here, in that order: ``authenticate`` finds the merchant
and only then runs the card-number guard (``fincore.payments.card_guard``) over the buffered
body, the query, the path and the Idempotency-Key; ``payment_body`` then parses the body
(strict JSON, then pydantic). A caller without a valid key is answered 401 before any of that
CPU is spent, and nothing of its request is stored. A large body is judged on a worker thread
(``card_guard.check_off_loop``), so one merchant's large request never stalls the others.

They are ``async`` because FastAPI runs plain ``def`` dependencies in a thread pool, a hop that
cost more than the work itself.
"""

from typing import Annotated

from fastapi import Depends, Request

from fincore.common import request_body
from fincore.common.bearer import bearer_key
from fincore.common.errors import AuthenticationError
from fincore.common.merchants import MerchantAccount, find_by_key, redact_key
from fincore.payments import card_guard, error_codes
from fincore.payments.schemas import PaymentCreate
from fincore.payments.state import PaymentState


async def get_state(request: Request) -> PaymentState:
    state: PaymentState = request.app.state.payments
    return state


State = Annotated[PaymentState, Depends(get_state)]


async def authenticate(request: Request, state: State) -> MerchantAccount:
    """The merchant whose secret key called, once the request passed the card-number guard.
    Publishable keys belong in browsers, not here."""
    key = bearer_key(request)
    if key.startswith("pk_"):
        raise AuthenticationError(
            error_codes.SECRET_KEY_REQUIRED,
            "This endpoint needs your secret key (sk_...); publishable keys only tokenize cards.",
        )
    merchant = find_by_key(state.settings.merchants, key, "secret_key")
    if merchant is None:
        raise AuthenticationError(
            error_codes.API_KEY_INVALID, f"Invalid API key: {redact_key(key)}."
        )
    request.scope["state"].setdefault("log", {})["merchant"] = merchant.id
    refused = await card_guard.check_off_loop(request.scope, request_body.raw_body(request))
    if refused is not None:
        raise refused
    return merchant


Merchant = Annotated[MerchantAccount, Depends(authenticate)]


async def payment_body(request: Request, _: Merchant) -> PaymentCreate:
    """The authenticated merchant's payment request, parsed once."""
    return request_body.parse(request, PaymentCreate)


PaymentBody = Annotated[PaymentCreate, Depends(payment_body)]
