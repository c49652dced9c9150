"""``/v1/refunds``: the merchant backend refunds a captured payment, whole or in parts (step 12)."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from fincore.common.errors import InvalidRequestError, NotFoundError, error_responses
from fincore.common.openapi_contract import authenticated
from fincore.common.query import NoQueryParams
from fincore.common.request_body import request_body_schema
from fincore.payments import error_codes, refund_store, refunds
from fincore.payments.deps import Merchant, State
from fincore.payments.routes.lifecycle_bodies import RefundBody
from fincore.payments.routes.payments import IdempotencyKey, _with_replayed_header
from fincore.payments.schemas import Refund, RefundCreate, RefundList, RefundListQuery

router = APIRouter(tags=["refunds"])


@router.post(
    "/v1/refunds",
    status_code=201,
    response_model=Refund,
    responses=_with_replayed_header(
        {
            201: {"description": "The refund succeeded."},
            202: {"model": Refund, "description": "The PSP's answer was lost; status is pending."},
            **error_responses(400, 401, 404, 409, 413, 422, 502),
        }
    ),
    summary="Step 12: refund a captured payment",
    operation_id="createRefund",
    openapi_extra=authenticated(request_body_schema(RefundCreate)),
)
async def create_refund(
    merchant: Merchant,
    body: RefundBody,
    state: State,
    _query: NoQueryParams,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Refund ``amount`` (default: all that remains) of a succeeded payment. The refunds of a
    payment never add up to more than it captured, however many are sent at once: beyond it
    answers 400 ``amount_too_large``; an uncaptured or failed payment 400
    ``payment_unexpected_state``; another merchant's payment 404."""
    reply = await refunds.create(state, merchant.id, body, idempotency_key)
    return reply.response()


@router.get(
    "/v1/refunds/{refund_id}",
    response_model=Refund,
    responses=error_responses(400, 401, 404),
    summary="Retrieve a refund",
    operation_id="retrieveRefund",
    openapi_extra=authenticated(),
)
async def get_refund(
    refund_id: str, merchant: Merchant, state: State, _query: NoQueryParams
) -> Refund:
    """One of the caller's refunds; a pending one is resolved with the PSP first."""
    refund = await state.db.read(refund_store.get, merchant.id, refund_id)
    if refund is None:
        raise NotFoundError(error_codes.RESOURCE_MISSING, f"No such refund: '{refund_id}'.", "id")
    return await refunds.resolve(state, refund)


@router.get(
    "/v1/refunds",
    response_model=RefundList,
    responses=error_responses(400, 401),
    summary="List refunds, newest first",
    operation_id="listRefunds",
    openapi_extra=authenticated(),
)
async def list_refunds(
    merchant: Merchant, state: State, query: Annotated[RefundListQuery, Query()]
) -> RefundList:
    """The caller's refunds (``payment``: of one payment), newest first, paged like payments."""
    cursor = query.cursor()
    found = await state.db.read(refund_store.page, merchant.id, query.payment, query.limit, cursor)
    if found is None and cursor is not None:
        raise InvalidRequestError(
            error_codes.RESOURCE_MISSING, f"No such refund: '{cursor.payment_id}'.", cursor.param
        )
    data, has_more = found or ([], False)
    return RefundList(data=data, has_more=has_more)
