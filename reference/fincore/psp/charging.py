"""Charging a token exactly once, even when the same request arrives twice or twenty times at once.

The token is claimed with a conditional UPDATE (``used_at IS NULL``) and the charge carries a unique
idempotency key, so single use and exactly-once come from the database, not from locks in this
process; several PSP processes on one database would behave the same.
"""

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from fincore.cards.decline_codes import decline_message
from fincore.cards.test_cards import outcome_for
from fincore.common.digest import body_digest
from fincore.common.errors import APIError, CardError, IdempotencyError, InvalidRequestError
from fincore.common.ids import new_id
from fincore.psp import error_codes
from fincore.psp.authorizations import capture_columns
from fincore.psp.db import charges, tokens
from fincore.psp.schemas import Charge, ChargeCard, ChargeCreate
from fincore.psp.state import PSPState


@dataclass(frozen=True)
class ChargeResult:
    status_code: int
    body: dict[str, Any]


def request_hash(body: ChargeCreate) -> str:
    return body_digest(body.model_dump())


async def charge_token(
    state: PSPState, body: ChargeCreate, idempotency_key: str | None
) -> ChargeResult:
    """Charge ``body.token`` once; a repeat of the same idempotency key replays the first result."""
    digest = request_hash(body)
    try:
        outcome = await state.db.write(_charge_once, state, body, idempotency_key, digest)
    except IntegrityError:
        # A concurrent request with the same idempotency key committed first: replay it.
        outcome = await state.db.write(_replay_by_key, idempotency_key, digest)
    if isinstance(outcome, APIError):
        raise outcome
    return outcome


def _charge_once(
    connection: Connection,
    state: PSPState,
    body: ChargeCreate,
    idempotency_key: str | None,
    digest: str,
) -> "ChargeResult | APIError":
    # A refusal is returned, not raised, so what it changed (an expired token's card wiped) is
    # committed with it.
    try:
        return _charge(state, connection, body, idempotency_key, digest)
    except APIError as error:
        if error.code == "token_expired":
            wipe_expired_card(connection, state, body.token)
        return error


def _replay_by_key(
    connection: Connection, idempotency_key: str | None, digest: str
) -> "ChargeResult | APIError":
    existing = _by_idempotency_key(connection, idempotency_key)
    if existing is None:
        raise LookupError("the charge that took this idempotency key is gone")
    try:
        return _replay(existing, digest)
    except APIError as error:
        return error


# Statements are built once: constructing SQLAlchemy expressions per request cost more CPU than
# running them (bench/charge_path.py); SQLAlchemy's compiled cache then compiles each once. Bound
# values are named b_* (SQLAlchemy reserves the column names for its own parameters).
_CLAIM_TOKEN = (
    update(tokens)
    .where(
        tokens.c.id == bindparam("b_token"),
        tokens.c.merchant_id == bindparam("b_merchant"),
        tokens.c.used_at.is_(None),
        tokens.c.expires_at > bindparam("b_now"),
    )
    .values(used_at=bindparam("b_now"))
    .returning(tokens.c.id, tokens.c.encrypted_pan, tokens.c.brand, tokens.c.last4)
)
_WIPE_CARD = update(tokens).where(tokens.c.id == bindparam("b_token")).values(encrypted_pan=None)
_TOKEN_STATE = select(tokens.c.used_at).where(
    tokens.c.id == bindparam("b_token"), tokens.c.merchant_id == bindparam("b_merchant")
)
_BY_KEY = select(charges).where(charges.c.idempotency_key == bindparam("b_key"))
_INSERT_CHARGE = insert(charges)


def _charge(
    state: PSPState,
    connection: Connection,
    body: ChargeCreate,
    idempotency_key: str | None,
    digest: str,
) -> ChargeResult:
    now = state.clock.now()
    token = connection.execute(
        _CLAIM_TOKEN, {"b_token": body.token, "b_merchant": body.merchant, "b_now": now}
    ).first()
    if token is None:
        # Not claimable: a retry of a charge already made, or a token that cannot be charged.
        existing = _by_idempotency_key(connection, idempotency_key)
        if existing is not None:
            return _replay(existing, digest)
        raise _unchargeable(connection, body)
    pan = state.vault.open(token.encrypted_pan)
    # The card is forgotten as soon as its one charge is made.
    connection.execute(_WIPE_CARD, {"b_token": token.id})
    scripted = outcome_for(pan)
    charge = {
        "id": new_id("ch"),
        "merchant_id": body.merchant,
        "token_id": token.id,
        "amount": body.amount,
        "currency": body.currency.lower(),
        "status": "failed" if scripted and scripted.decline_code else "succeeded",
        "failure_code": scripted.error_code if scripted else None,
        "decline_code": scripted.decline_code if scripted else None,
        "brand": token.brand,
        "last4": token.last4,
        "idempotency_key": idempotency_key,
        "request_hash": digest,
        "created": now,
    }
    charge.update(capture_columns(body, charge["status"], now, state.settings))
    connection.execute(_INSERT_CHARGE, charge)
    # The row as stored, without reading it back.
    return _result(SimpleNamespace(**charge))


def _unchargeable(connection: Connection, body: ChargeCreate) -> APIError:
    used_at = connection.execute(
        _TOKEN_STATE, {"b_token": body.token, "b_merchant": body.merchant}
    ).first()
    if used_at is None:
        # Another merchant's token is reported exactly like a token that does not exist.
        return _token_error(error_codes.TOKEN_NOT_FOUND, f"No such token: '{body.token}'.")
    if used_at[0] is not None:
        return _token_error(error_codes.TOKEN_ALREADY_USED, "This token has already been used.")
    return _token_error(
        error_codes.TOKEN_EXPIRED, "This token has expired; tokenize the card again."
    )


def wipe_expired_card(connection: Connection, state: PSPState, token_id: str) -> None:
    """Forget the card behind an expired token: a PAN is kept only as long as its token lives."""
    connection.execute(
        update(tokens)
        .where(tokens.c.id == token_id, tokens.c.expires_at <= state.clock.now())
        .values(encrypted_pan=None)
    )


def charge_model(row: Any) -> Charge:
    return Charge(
        id=row.id,
        merchant=row.merchant_id,
        amount=row.amount,
        currency=row.currency,
        status=row.status,
        failure_code=row.failure_code,
        decline_code=row.decline_code,
        card=ChargeCard(brand=row.brand, last4=row.last4),
        idempotency_key=row.idempotency_key,
        created=row.created,
        amount_captured=row.amount_captured,
        amount_refunded=row.amount_refunded,
        capture_before=row.capture_before,
    )


def _result(row: Any) -> ChargeResult:
    charge = charge_model(row)
    if charge.status != "failed":
        return ChargeResult(201, charge.model_dump())
    error = CardError(
        charge.failure_code or "card_declined",
        decline_message(charge.decline_code or "generic_decline"),
        extra={
            "decline_code": charge.decline_code,
            "charge": charge.id,
            "card": charge.card.model_dump(),
        },
    )
    return ChargeResult(error.status_code, error.body())


def _replay(row: Any, digest: str) -> ChargeResult:
    if row.request_hash != digest:
        raise IdempotencyError(
            error_codes.IDEMPOTENCY_KEY_REUSED,
            "This idempotency key was used with different parameters.",
            status_code=422,
        )
    return _result(row)


def _by_idempotency_key(connection: Connection, key: str | None) -> Any | None:
    if key is None:
        return None
    return connection.execute(_BY_KEY, {"b_key": key}).first()


def _token_error(code: str, message: str) -> APIError:
    return InvalidRequestError(code, message, "token")
