"""``/v1/payments``: what a merchant backend calls with a token (step 10), and the capture or
cancel of a manual-capture payment (step 11)."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse

from fincore.common.errors import InvalidRequestError, NotFoundError, error_responses
from fincore.common.merchants import MerchantAccount
from fincore.common.openapi_contract import authenticated
from fincore.common.query import NoQueryParams
from fincore.common.reply import Reply
from fincore.common.request_body import request_body_schema
from fincore.payments import capture, charging, error_codes, idempotency, store
from fincore.payments.deps import Merchant, PaymentBody, State
from fincore.payments.routes.lifecycle_bodies import CancelBody, CaptureBody, optional_body_schema
from fincore.payments.schemas import (
    Payment,
    PaymentCancel,
    PaymentCapture,
    PaymentCreate,
    PaymentList,
    PaymentListQuery,
)
from fincore.payments.state import PaymentState

router = APIRouter(tags=["payments"])

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="Makes retries safe: same key, same result."),
]
REPLAYED = {"Idempotent-Replayed": "true"}
# The answers a retry with the same Idempotency-Key can get back as they were first given.
REPLAYED_HEADER = {
    "headers": {
        "Idempotent-Replayed": {
            "description": "'true' when this is the stored answer to an earlier request with "
            "the same Idempotency-Key; absent on a first answer.",
            "schema": {"type": "string", "enum": ["true"]},
        }
    }
}


def _with_replayed_header(responses: dict[int | str, dict[str, Any]]) -> dict[int | str, Any]:
    """Declares ``Idempotent-Replayed`` on each answer a replay can repeat."""
    replayable = (200, 201, 202, 400, 402, 502)
    return {
        status: {**response, **REPLAYED_HEADER} if status in replayable else response
        for status, response in responses.items()
    }


@router.post(
    "/v1/payments",
    status_code=201,
    response_model=Payment,
    responses=_with_replayed_header(
        {
            201: {"description": "The payment succeeded."},
            202: {"model": Payment, "description": "The PSP's answer was lost; status is pending."},
            **error_responses(400, 401, 402, 409, 413, 422, 502),
        }
    ),
    summary="Step 10: charge a token",
    operation_id="createPayment",
    openapi_extra=authenticated(request_body_schema(PaymentCreate)),
)
async def create_payment(
    merchant: Merchant,
    body: PaymentBody,
    state: State,
    request: Request,
    _query: NoQueryParams,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Charge a one-time token. Declines answer 402 with the failed payment's id."""
    reply = await create(state, merchant, body, idempotency_key, request.scope["state"]["log"])
    return reply.response()


async def create(
    state: PaymentState,
    merchant: MerchantAccount,
    body: PaymentCreate,
    idempotency_key: str | None,
    log_notes: dict[str, Any],
) -> Reply:
    checked = body.checked()
    payment_id = charging.new_payment_id()
    log_notes["payment"] = payment_id
    now = state.clock.now()
    if idempotency_key is None:
        await state.db.write_statement(store.insert_pending, payment_id, merchant.id, checked, now)
        payment = await charging.charge(state, merchant.id, checked, payment_id)
        return charging.reply_for(payment)
    keyed = idempotency.KeyedRequest(
        merchant.id,
        idempotency.check_key(idempotency_key),
        idempotency.fingerprint(checked.model_dump()),
        payment_id,
        checked,
    )
    claim = await idempotency.claim(state.db, keyed, now, state.settings.idempotency_lease)
    log_notes["payment"] = claim.payment_id
    if claim.kind == "replay" and claim.status != 202:
        return Reply(claim.status, claim.body, REPLAYED)
    key = idempotency.KeyRef(merchant.id, keyed.key)
    if claim.kind == "new":
        payment = await charging.charge(state, merchant.id, checked, payment_id, key)
        return charging.reply_for(payment)
    # A takeover, or a replay of "pending": the retry deserves the outcome if known now.
    stored = await state.db.read(store.by_id, claim.payment_id)
    reply = charging.reply_for(await charging.resolve(state, stored, key))
    return Reply(reply.status, reply.body, REPLAYED)


@router.get(
    "/v1/payments/{payment_id}",
    response_model=Payment,
    responses=error_responses(400, 401, 404),
    summary="Retrieve a payment",
    operation_id="retrievePayment",
    openapi_extra=authenticated(),
)
async def get_payment(
    payment_id: str, merchant: Merchant, state: State, _query: NoQueryParams
) -> Payment:
    """One of the caller's payments; a pending one, or one whose capture or cancel awaits the
    PSP's answer, is resolved with the PSP first."""
    payment = await state.db.read(store.get, merchant.id, payment_id)
    if payment is None:
        raise NotFoundError(error_codes.RESOURCE_MISSING, f"No such payment: '{payment_id}'.", "id")
    return await capture.resolve(state, await charging.resolve(state, payment))


@router.post(
    "/v1/payments/{payment_id}/capture",
    response_model=Payment,
    responses=_with_replayed_header(
        {
            200: {"description": "Captured: the payment succeeded with amount_captured."},
            202: {"model": Payment, "description": "The PSP's answer was lost; capturing."},
            **error_responses(400, 401, 404, 409, 413, 422, 502),
        }
    ),
    summary="Step 11: capture an authorized payment",
    operation_id="capturePayment",
    openapi_extra=authenticated(optional_body_schema(PaymentCapture)),
)
async def capture_payment(
    payment_id: str,
    merchant: Merchant,
    body: CaptureBody,
    state: State,
    _query: NoQueryParams,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Capture ``amount`` (default: all of ``amount_capturable``) of a ``requires_capture``
    payment; what is not captured is released. Another status answers 400
    ``payment_unexpected_state``; an expired authorization 400 ``authorization_expired``."""
    reply = await capture.capture(state, merchant.id, payment_id, body, idempotency_key)
    return reply.response()


@router.post(
    "/v1/payments/{payment_id}/cancel",
    response_model=Payment,
    responses=_with_replayed_header(
        {
            200: {"description": "Canceled: the authorization is released."},
            202: {"model": Payment, "description": "The PSP's answer was lost; canceling."},
            **error_responses(400, 401, 404, 409, 413, 422, 502),
        }
    ),
    summary="Step 11: cancel an authorized payment",
    operation_id="cancelPayment",
    openapi_extra=authenticated(optional_body_schema(PaymentCancel)),
)
async def cancel_payment(
    payment_id: str,
    merchant: Merchant,
    body: CancelBody,
    state: State,
    _query: NoQueryParams,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Release a ``requires_capture`` payment's authorization: it becomes ``canceled`` with the
    ``cancellation_reason`` given. Another status answers 400 ``payment_unexpected_state``."""
    reply = await capture.cancel(state, merchant.id, payment_id, body, idempotency_key)
    return reply.response()


@router.get(
    "/v1/payments",
    response_model=PaymentList,
    responses=error_responses(400, 401),
    summary="List payments, newest first",
    operation_id="listPayments",
    openapi_extra=authenticated(),
)
async def list_payments(
    merchant: Merchant, state: State, query: Annotated[PaymentListQuery, Query()]
) -> PaymentList:
    """The caller's payments, failed ones included, newest first. ``starting_after`` (a payment
    id) pages towards older payments, ``ending_before`` towards newer ones; ``has_more`` says
    whether that direction has more."""
    cursor = query.cursor()
    found = await state.db.read(store.page, merchant.id, query.limit, cursor)
    if found is None and cursor is not None:
        raise InvalidRequestError(
            error_codes.RESOURCE_MISSING, f"No such payment: '{cursor.payment_id}'.", cursor.param
        )
    data, has_more = found or ([], False)
    return PaymentList(data=data, has_more=has_more)
