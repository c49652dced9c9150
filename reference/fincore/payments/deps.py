"""Request dependencies: the service state and the merchant behind a secret key.

They are ``async`` because FastAPI runs plain ``def`` dependencies in a thread pool, a hop that
cost more than the work itself.
"""

from typing import Annotated

from fastapi import Depends, Request

from fincore.common.bearer import bearer_key
from fincore.common.errors import AuthenticationError
from fincore.common.merchants import MerchantAccount, find_by_key, redact_key
from fincore.payments.state import PaymentState


async def get_state(request: Request) -> PaymentState:
    state: PaymentState = request.app.state.payments
    return state


State = Annotated[PaymentState, Depends(get_state)]


async def authenticate(request: Request, state: State) -> MerchantAccount:
    """The merchant whose secret key called. Publishable keys belong in browsers, not here."""
    key = bearer_key(request)
    if key.startswith("pk_"):
        raise AuthenticationError(
            "secret_key_required",
            "This endpoint needs your secret key (sk_...); publishable keys only tokenize cards.",
        )
    merchant = find_by_key(state.settings.merchants, key, "secret_key")
    if merchant is None:
        raise AuthenticationError("api_key_invalid", f"Invalid API key: {redact_key(key)}.")
    request.scope["state"].setdefault("log", {})["merchant"] = merchant.id
    return merchant


Merchant = Annotated[MerchantAccount, Depends(authenticate)]
