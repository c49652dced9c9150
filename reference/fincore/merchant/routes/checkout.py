"""The demo merchant's routes: the checkout page (step 1), its static files, and
``POST /api/checkout``, which receives the token (step 9) and charges it (step 10)."""

import aiohttp
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from fincore.common.errors import NotFoundError, RateLimitError, error_responses
from fincore.merchant import error_codes
from fincore.merchant.card_testing import SESSION_COOKIE, CheckoutLimiter, new_session
from fincore.merchant.checkout import (
    UNREACHABLE,
    CheckoutCreate,
    CheckoutResult,
    idempotency_key,
    outcome,
)
from fincore.merchant.page import render_checkout, static_file
from fincore.merchant.payments_client import PaymentsClient
from fincore.merchant.settings import MerchantSettings

router = APIRouter()

MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def checkout_page(request: Request) -> HTMLResponse:
    settings: MerchantSettings = request.app.state.settings
    secure = request.url.scheme == "https"
    page = render_checkout(settings, secure=secure)
    # The checkout opens no cross-origin window that could keep a handle on it.
    headers = {**page.headers, "Cross-Origin-Opener-Policy": "same-origin"}
    response = HTMLResponse(page.body, headers=headers)
    if SESSION_COOKIE not in request.cookies:
        response.set_cookie(
            SESSION_COOKIE, new_session(), httponly=True, secure=secure, samesite="strict"
        )
    return response


@router.get("/static/{name}", include_in_schema=False)
async def static(name: str) -> Response:
    content = static_file(name)
    if content is None:
        raise NotFoundError(error_codes.RESOURCE_MISSING, "No such file.")
    media_type = MEDIA_TYPES[name[name.rfind(".") :]]
    return Response(content, media_type=media_type, headers={"Cache-Control": "no-cache"})


@router.post(
    "/api/checkout",
    response_model=CheckoutResult,
    responses={402: {"model": CheckoutResult}, **error_responses(400, 429, 502)},
    summary="Steps 9-10: pay the order with a one-time token",
)
async def checkout(body: CheckoutCreate, request: Request) -> JSONResponse:
    """Charge the order with the token; one idempotency key per checkout attempt."""
    settings: MerchantSettings = request.app.state.settings
    client: PaymentsClient = request.app.state.payments
    limiter: CheckoutLimiter = request.app.state.card_testing
    # No session cookie (a script, not the page): the client address alone is its session.
    address = request.client.host if request.client else "unknown"
    session = request.cookies.get(SESSION_COOKIE) or f"address {address}"
    wait = limiter.retry_after(session, address)
    if wait is not None:
        raise RateLimitError(
            error_codes.RATE_LIMITED,
            f"Too many declined payments. Try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )
    payload = {
        "token": body.token,
        "amount": settings.amount,
        "currency": settings.currency,
        "description": f"{settings.name}: {settings.product}",
        "metadata": {"checkout_attempt": body.attempt},
    }
    # The order exists before it is paid; its state then comes from FinCore's webhooks.
    request.app.state.orders.open(body.attempt)
    try:
        reply = await client.create_payment(payload, idempotency_key(body.attempt))
    except (aiohttp.ClientError, TimeoutError):
        return JSONResponse(UNREACHABLE.model_dump(), status_code=502)
    status, result = outcome(reply)
    notes = request.scope["state"].setdefault("log", {})
    notes.update(payment=result.payment, outcome=result.status)
    if status == 402:
        limiter.declined(session, address)
        # The backend keeps the exact code the browser may not see.
        error = reply.body.get("error") or {}
        notes.update(code=error.get("code"), decline_code=error.get("decline_code"))
    return JSONResponse(result.model_dump(exclude_none=True), status_code=status)


@router.get("/healthz", summary="Liveness")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
