"""``POST /v1/tokens``: a card becomes a single-use token (steps 5 and 6 of the flow)."""

import datetime as dt

from fastapi import APIRouter
from sqlalchemy import Connection, insert

from fincore.common.errors import error_responses
from fincore.common.ids import new_id
from fincore.common.openapi_contract import authenticated
from fincore.common.query import NoQueryParams
from fincore.common.request_body import request_body_schema
from fincore.psp.card_validation import ValidCard, validate_card
from fincore.psp.db import tokens
from fincore.psp.deps import PublishableMerchant, State, TokenBody
from fincore.psp.rate_limit import RATE_LIMITED_RESPONSE, CardTesting
from fincore.psp.schemas import Token, TokenCard, TokenCreate
from fincore.psp.state import PSPState

router = APIRouter(tags=["tokens"])


@router.post(
    "/v1/tokens",
    status_code=201,
    response_model=Token,
    responses={**error_responses(400, 401, 402, 413), **RATE_LIMITED_RESPONSE},
    summary="Step 5-6: tokenize a card",
    operation_id="createToken",
    openapi_extra=authenticated(request_body_schema(TokenCreate)),
)
async def create_token(
    merchant: PublishableMerchant,
    state: State,
    attempt: CardTesting,
    body: TokenBody,
    _query: NoQueryParams,
) -> Token:
    """Validate the card and return a one-time token bound to the calling merchant."""
    today = dt.datetime.fromtimestamp(state.clock.now(), dt.UTC).date()
    # Card errors count toward the card-testing budgets of the key and the client address.
    with attempt.counted():
        card = validate_card(body.number, body.exp_month, body.exp_year, body.cvc, today)
    return await state.db.write(_store_token, state, merchant.id, card)


_INSERT_TOKEN = insert(tokens)


def _store_token(
    connection: Connection, state: PSPState, merchant_id: str, card: ValidCard
) -> Token:
    now = state.clock.now()
    token = Token(
        id=new_id("tok"),
        card=TokenCard(
            brand=card.brand.name,
            last4=card.number[-4:],
            exp_month=card.exp_month,
            exp_year=card.exp_year,
            fingerprint=state.vault.fingerprint(card.number),
        ),
        created=now,
        expires_at=now + state.settings.token_ttl_seconds,
    )
    connection.execute(
        _INSERT_TOKEN,
        {
            "id": token.id,
            "merchant_id": merchant_id,
            "encrypted_pan": state.vault.seal(card.number),
            "brand": token.card.brand,
            "last4": token.card.last4,
            "exp_month": card.exp_month,
            "exp_year": card.exp_year,
            "fingerprint": token.card.fingerprint,
            "created": token.created,
            "expires_at": token.expires_at,
            "used_at": None,
        },
    )
    return token
