"""Idempotency keys as payment APIs document them, enforced by the database.

The first request with a key inserts the key row (``in_flight``) and its pending payment in one
transaction; the primary key on (merchant, key) makes a concurrent duplicate fail that insert, on
any number of instances. When the request finishes, its response is stored in the transaction
that records the payment's outcome (``fincore.payments.charging``), so a finished payment never
has a key still in flight; every later request with the same key and body gets the response
back; another body with the same key is refused.

Captures, cancels and refunds use the same keys (``fincore.payments.keyed``): their request
records its intent (``start``) in the key's transaction instead of a pending payment, and the
key names the payment or refund that request made. The fingerprint covers the operation, so a
key used for one request is refused for another.

A key stays ``in_flight`` forever if its process dies mid-request. After a lease (longer than any
live request can take) the next retry takes the key over and resolves the payment with the PSP,
which deduplicates by the payment id, so taking over can never charge twice.
"""

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from fincore.common.database import Database
from fincore.common.digest import body_digest
from fincore.common.errors import IdempotencyError, InvalidRequestError
from fincore.payments import error_codes, store
from fincore.payments.db import idempotency_keys
from fincore.payments.schemas import PaymentCreate

MAX_KEY_LENGTH = 255
LEGACY_HEX_LENGTH = 64


@dataclass(frozen=True)
class Claim:
    """What to do with a request carrying a key: charge it (new), answer what the first request
    answered (replay), or finish what a dead request started (takeover)."""

    kind: Literal["new", "replay", "takeover"]
    payment_id: str
    status: int = 0
    body: dict[str, Any] = field(default_factory=dict)


def check_key(key: str) -> str:
    if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidRequestError(
            error_codes.IDEMPOTENCY_KEY_INVALID,
            f"Idempotency-Key must be 1-{MAX_KEY_LENGTH} printable characters.",
            "Idempotency-Key",
        )
    return key


def fingerprint(body: dict[str, Any]) -> str:
    """SHA-256 of the canonical body, base64url. Not hex: one hex digest in ~1,400 holds a
    digit run that is a valid card number, which the PAN tripwire rightly reports wherever it is
    stored; base64 has too few digits for a run that long."""
    return base64.urlsafe_b64encode(bytes.fromhex(body_digest(body))).decode().rstrip("=")


def same_request(stored: str, digest: str) -> bool:
    """Whether a key's stored fingerprint is ``digest``'s; keys stored before fingerprints
    were base64 hold the hex digest of the same bytes."""
    if stored == digest:
        return True
    return (
        len(stored) == LEGACY_HEX_LENGTH and stored == base64.urlsafe_b64decode(digest + "=").hex()
    )


@dataclass(frozen=True)
class KeyedRequest:
    merchant_id: str
    key: str
    digest: str
    # The payment, or for a refund the refund, the request makes.
    payment_id: str
    body: PaymentCreate | None
    # Records another operation's intent in the key's transaction (raising to refuse it); None
    # records ``body`` as a pending payment.
    start: Callable[[Connection, int], None] | None = None


_INSERT_KEY = insert(idempotency_keys)
_COMPLETE = (
    update(idempotency_keys)
    .where(
        idempotency_keys.c.merchant_id == bindparam("b_merchant"),
        idempotency_keys.c.key == bindparam("b_key"),
    )
    .values(state="done", response_status=bindparam("b_status"), response_body=bindparam("b_body"))
)


async def claim(db: Database, request: KeyedRequest, now: int, lease_seconds: float) -> Claim:
    """Take the key (recording the pending payment with it), or say what holds it."""
    try:
        return await db.write(take, request, now)
    except IntegrityError:
        return await db.write(_existing, request, now, lease_seconds)


def take(connection: Connection, request: KeyedRequest, now: int) -> Claim:
    """Insert the key row and its pending payment; IntegrityError when the key is taken."""
    connection.execute(
        _INSERT_KEY,
        {
            "merchant_id": request.merchant_id,
            "key": request.key,
            "request_hash": request.digest,
            "state": "in_flight",
            "payment_id": request.payment_id,
            "locked_at": now,
            "response_status": None,
            "response_body": None,
            "created": now,
        },
    )
    if request.start is not None:
        request.start(connection, now)
    elif request.body is not None:
        store.insert_pending(connection, request.payment_id, request.merchant_id, request.body, now)
    return Claim("new", request.payment_id)


def _existing(
    connection: Connection, request: KeyedRequest, now: int, lease_seconds: float
) -> Claim:
    where = (
        idempotency_keys.c.merchant_id == request.merchant_id,
        idempotency_keys.c.key == request.key,
    )
    row = connection.execute(select(idempotency_keys).where(*where)).one()
    if not same_request(row.request_hash, request.digest):
        raise IdempotencyError(
            error_codes.IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was already used with different parameters.",
            "Idempotency-Key",
            status_code=422,
        )
    if row.state == "done":
        return Claim("replay", row.payment_id, row.response_status, json.loads(row.response_body))
    if row.locked_at + lease_seconds <= now:
        # Compare-and-set on locked_at: of several retries racing for an abandoned key,
        # exactly one wins it.
        taken = connection.execute(
            update(idempotency_keys)
            .where(*where, idempotency_keys.c.locked_at == row.locked_at)
            .values(locked_at=now)
        )
        if taken.rowcount == 1:
            return Claim("takeover", row.payment_id)
    raise IdempotencyError(
        error_codes.IDEMPOTENCY_KEY_IN_USE,
        "A request with this Idempotency-Key is still being processed; retry shortly.",
        "Idempotency-Key",
        status_code=409,
    )


@dataclass(frozen=True)
class KeyRef:
    """The key a payment's request holds: its response is stored with the payment's outcome."""

    merchant_id: str
    key: str


def complete(connection: Connection, key: KeyRef, status: int, body: dict[str, Any]) -> None:
    """Store the response every later request with this key gets back."""
    params = {"b_merchant": key.merchant_id, "b_key": key.key, "b_status": status}
    connection.execute(_COMPLETE, {**params, "b_body": json.dumps(body)})
