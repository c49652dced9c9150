"""``GET /api/checkout/{payment_id}``: the checkout page asks the shop how a payment ended after
the 3-D Secure challenge (step 17); the shop asks the Payment Service, never the page."""

from typing import Annotated

import aiohttp
from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse

from fincore.common.errors import error_responses
from fincore.merchant.checkout import UNREACHABLE, CheckoutResult
from fincore.merchant.confirmation import PAYMENT_ID_PATTERN, confirmation
from fincore.merchant.payments_client import PaymentsClient

router = APIRouter()


@router.get(
    "/api/checkout/{payment_id}",
    response_model=CheckoutResult,
    responses={402: {"model": CheckoutResult}, **error_responses(400, 404, 502)},
    summary="Step 17: confirm a payment's outcome after 3-D Secure",
)
async def confirm(
    payment_id: Annotated[str, Path(pattern=PAYMENT_ID_PATTERN)], request: Request
) -> JSONResponse:
    """The payment's outcome as the Payment Service knows it (it settles it with the PSP)."""
    client: PaymentsClient = request.app.state.payments
    try:
        reply = await client.get_payment(payment_id)
    except (aiohttp.ClientError, TimeoutError):
        return JSONResponse(UNREACHABLE.model_dump(), status_code=502)
    status, result = confirmation(reply)
    notes = request.scope["state"].setdefault("log", {})
    notes.update(payment=payment_id, outcome=result.status)
    return JSONResponse(result.model_dump(exclude_none=True), status_code=status)
