"""``/v1/payments``: what a merchant backend calls with a token (step 10)."""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse

from fincore.common.errors import APIError, InvalidRequestError, NotFoundError, error_responses
from fincore.payments import charging, idempotency, store
from fincore.payments.charging import Reply
from fincore.payments.deps import Merchant, State
from fincore.payments.schemas import Payment, PaymentCreate, PaymentList

router = APIRouter(tags=["payments"])

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="Makes retries safe: same key, same result."),
]


@router.post(
    "/v1/payments",
    status_code=201,
    response_model=Payment,
    responses={
        202: {"model": Payment, "description": "The PSP's answer was lost; status is pending."},
        **error_responses(400, 401, 402, 409, 413, 422, 502),
    },
    summary="Step 10: charge a token",
)
async def create_payment(
    body: PaymentCreate,
    merchant: Merchant,
    state: State,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Charge a one-time token. Declines answer 402 with the failed payment's id."""
    checked = body.checked()
    if idempotency_key is None:
        reply = await _charge(state, merchant, checked, request)
        return _respond(reply)
    key = idempotency.check_key(idempotency_key)
    digest = idempotency.fingerprint(checked.model_dump())
    now = state.clock.now()
    claim = await state.db.run(idempotency.claim, state.engine, merchant.id, key, digest, now)
    if claim.kind == "replay":
        return _respond(await _replay(state, merchant, key, claim, request))
    try:
        reply = await _charge(state, merchant, checked, request, key)
    except APIError:
        await state.db.run(idempotency.release, state.engine, merchant.id, key)
        raise
    await state.db.run(
        idempotency.complete, state.engine, merchant.id, key, reply.status, reply.body
    )
    return _respond(reply)


@router.get(
    "/v1/payments/{payment_id}",
    response_model=Payment,
    responses=error_responses(401, 404),
    summary="Retrieve a payment",
)
async def get_payment(payment_id: str, merchant: Merchant, state: State) -> Payment:
    """One of the caller's payments; a pending one is resolved with the PSP first."""
    payment = await state.db.run(store.get, state.engine, merchant.id, payment_id)
    if payment is None:
        raise NotFoundError("resource_missing", f"No such payment: '{payment_id}'.", "id")
    return await charging.resolve(state, merchant, payment)


@router.get(
    "/v1/payments",
    response_model=PaymentList,
    responses=error_responses(400, 401),
    summary="List payments, newest first",
)
async def list_payments(
    merchant: Merchant,
    state: State,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    starting_after: Annotated[str | None, Query(max_length=64)] = None,
) -> PaymentList:
    """The caller's payments, failed ones included, cursor-paginated with ``starting_after``."""
    found = await state.db.run(store.page, state.engine, merchant.id, limit, starting_after)
    if found is None:
        raise InvalidRequestError(
            "resource_missing", f"No such payment: '{starting_after}'.", "starting_after"
        )
    data, has_more = found
    return PaymentList(data=data, has_more=has_more)


async def _charge(
    state: State,
    merchant: Merchant,
    body: PaymentCreate,
    request: Request,
    key: str | None = None,
) -> Reply:
    payment_id = charging.new_payment_id()
    request.scope["state"]["log"]["payment"] = payment_id
    if key is not None:
        await state.db.run(idempotency.attach_payment, state.engine, merchant.id, key, payment_id)
    return await charging.create_payment(state, merchant, body, payment_id)


async def _replay(
    state: State, merchant: Merchant, key: str, claim: idempotency.Claim, request: Request
) -> Reply:
    request.scope["state"]["log"]["payment"] = claim.payment_id
    if claim.status == 202 and claim.payment_id is not None:
        # The first answer was "pending": the retry deserves the outcome if it is known now.
        payment = await state.db.run(store.get, state.engine, merchant.id, claim.payment_id)
        if payment is not None:
            reply = charging.reply_for(await charging.resolve(state, merchant, payment))
            await state.db.run(
                idempotency.complete, state.engine, merchant.id, key, reply.status, reply.body
            )
            return Reply(reply.status, reply.body, {"Idempotent-Replayed": "true"})
    return Reply(claim.status, claim.body, {"Idempotent-Replayed": "true"})


def _respond(reply: Reply) -> JSONResponse:
    return JSONResponse(reply.body, status_code=reply.status, headers=reply.headers)
