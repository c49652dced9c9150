"""Idempotency keys as payment APIs document them, enforced by the database.

The first request with a key inserts a row (``in_flight``); the primary key on (merchant, key)
makes any concurrent duplicate fail that insert, on any number of instances. When the first
request finishes, its response is stored and every later request with the same key and body gets
it back; a different body with the same key is refused.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from fincore.common.errors import IdempotencyError, InvalidRequestError
from fincore.payments.db import idempotency_keys

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Claim:
    kind: Literal["new", "replay"]
    payment_id: str | None = None
    status: int = 0
    body: dict[str, Any] = field(default_factory=dict)


def check_key(key: str) -> str:
    if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidRequestError(
            "idempotency_key_invalid",
            f"Idempotency-Key must be 1-{MAX_KEY_LENGTH} printable characters.",
            "Idempotency-Key",
        )
    return key


def fingerprint(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def claim(engine: Engine, merchant_id: str, key: str, digest: str, now: int) -> Claim:
    """Take the key for a new request, or say what the earlier request with it left."""
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(idempotency_keys).values(
                    merchant_id=merchant_id,
                    key=key,
                    request_hash=digest,
                    state="in_flight",
                    created=now,
                )
            )
        return Claim("new")
    except IntegrityError:
        pass
    with engine.connect() as connection:
        row = connection.execute(
            select(idempotency_keys).where(
                idempotency_keys.c.merchant_id == merchant_id, idempotency_keys.c.key == key
            )
        ).one()
    if row.request_hash != digest:
        raise IdempotencyError(
            "idempotency_key_reused",
            "This Idempotency-Key was already used with different parameters.",
            "Idempotency-Key",
            status_code=422,
        )
    if row.state == "in_flight":
        raise IdempotencyError(
            "idempotency_key_in_use",
            "A request with this Idempotency-Key is still being processed; retry shortly.",
            "Idempotency-Key",
            status_code=409,
        )
    return Claim("replay", row.payment_id, row.response_status, json.loads(row.response_body))


def attach_payment(engine: Engine, merchant_id: str, key: str, payment_id: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(idempotency_keys)
            .where(idempotency_keys.c.merchant_id == merchant_id, idempotency_keys.c.key == key)
            .values(payment_id=payment_id)
        )


def complete(engine: Engine, merchant_id: str, key: str, status: int, body: dict[str, Any]) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(idempotency_keys)
            .where(idempotency_keys.c.merchant_id == merchant_id, idempotency_keys.c.key == key)
            .values(state="done", response_status=status, response_body=json.dumps(body))
        )


def release(engine: Engine, merchant_id: str, key: str) -> None:
    """Forget a key whose request failed before anything was charged, so it may be retried."""
    with engine.begin() as connection:
        connection.execute(
            delete(idempotency_keys).where(
                idempotency_keys.c.merchant_id == merchant_id,
                idempotency_keys.c.key == key,
                idempotency_keys.c.state == "in_flight",
            )
        )
