"""3-D Secure sessions: the issuer's authentication of a charge, as the mock PSP plays it.

A card's flow comes from its test card (``fincore.cards.test_cards``)::

    frictionless ─> succeeded            (the charge succeeds at once)
    unavailable  ─> unavailable          (the charge succeeds, without a liability shift)
    challenge    ─> pending ─> succeeded (the shopper approved: the charge succeeds)
                       ├─────> failed    (the shopper failed the challenge: the charge fails)
                       └─────> expired   (nobody answered in time: the charge fails)

A challenge's charge waits in ``requires_action``. Each move out of ``pending`` is one
conditional UPDATE (``status = 'pending'``), so a result is applied once: a replayed or late
completion finds nothing to change and only reads the outcome. The challenge form carries a
nonce bound to its session by HMAC, so a result forged for another session is refused.
"""

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, insert, select, update

from fincore.cards.decline_codes import decline_message
from fincore.cards.test_cards import CHALLENGE, FRICTIONLESS
from fincore.common.ids import new_id
from fincore.psp.db import authentications, charges

# Where the PSP serves a charge's challenge page; the Payment Service builds the same URL from the
# charge id (``fincore.payments.next_action``) and a test keeps the two equal.
CHALLENGE_PATH = "/3ds/v1/charges/{charge_id}/challenge"
FAILED = "authentication_failed"
EXPIRED = "authentication_expired"

# A charge with its authentication, if any: every read of a charge goes through this.
CHARGE_WITH_AUTHENTICATION = select(
    charges,
    authentications.c.id.label("three_ds_id"),
    authentications.c.flow.label("three_ds_flow"),
    authentications.c.status.label("three_ds_status"),
    authentications.c.expires_at.label("three_ds_expires_at"),
).select_from(charges.outerjoin(authentications, authentications.c.charge_id == charges.c.id))

_SETTLE_SESSION = (
    update(authentications)
    .where(
        authentications.c.charge_id == bindparam("b_charge"),
        authentications.c.status == "pending",
    )
    .values(status=bindparam("b_status"), completed_at=bindparam("b_now"))
)
_APPROVED = bindparam("b_status") == "succeeded"
_APPROVED_AUTHORIZATION = and_(_APPROVED, charges.c.capture_before.is_not(None))
_SETTLE_CHARGE = (
    update(charges)
    .where(charges.c.id == bindparam("b_charge"), charges.c.status == "requires_action")
    .values(
        # Approved: captured at once, or authorized only when the charge was made with
        # capture: false (it then carries a capture_before: fincore.psp.authorizations).
        status=case((_APPROVED_AUTHORIZATION, "requires_capture"), else_=bindparam("b_status")),
        amount_captured=case(
            (and_(_APPROVED, charges.c.capture_before.is_(None)), charges.c.amount), else_=0
        ),
        capture_before=case((_APPROVED, charges.c.capture_before), else_=None),
        failure_code=bindparam("b_failure"),
        decline_code=bindparam("b_decline"),
    )
)


@dataclass(frozen=True)
class Session:
    id: str
    flow: str
    status: str
    expires_at: int


def charge_status(flow: str | None, declined: bool) -> str:
    """The status a new charge starts in: a challenge waits for the shopper."""
    if declined:
        return "failed"
    return "requires_action" if flow == CHALLENGE else "succeeded"


def start(
    connection: Connection, charge_id: str, merchant_id: str, flow: str, now: int, ttl: int
) -> Session:
    """Open the charge's authentication; only a challenge is left pending."""
    status = {CHALLENGE: "pending", FRICTIONLESS: "succeeded"}.get(flow, "unavailable")
    session = Session(new_id("3ds"), flow, status, now + ttl)
    connection.execute(
        insert(authentications),
        {
            "id": session.id,
            "charge_id": charge_id,
            "merchant_id": merchant_id,
            "flow": flow,
            "status": status,
            "created": now,
            "expires_at": session.expires_at,
            "completed_at": None if status == "pending" else now,
        },
    )
    return session


def row_values(session: Session | None) -> dict[str, Any]:
    """The labelled columns ``CHARGE_WITH_AUTHENTICATION`` adds to a charge row."""
    return {
        "three_ds_id": session.id if session else None,
        "three_ds_flow": session.flow if session else None,
        "three_ds_status": session.status if session else None,
        "three_ds_expires_at": session.expires_at if session else None,
    }


def charge_row(connection: Connection, charge_id: str) -> Any | None:
    """The charge with its authentication columns, or None."""
    return connection.execute(CHARGE_WITH_AUTHENTICATION.where(charges.c.id == charge_id)).first()


def complete(connection: Connection, charge_id: str, approved: bool, now: int) -> Any:
    """Apply the shopper's answer once, then the charge as it now stands (None: no such charge).

    A session already settled, or past its time, is not changed by the answer: the first result
    (or the expiry) stands."""
    row = charge_row(connection, charge_id)
    if row is None or row.three_ds_status != "pending":
        return row
    if row.three_ds_expires_at <= now:
        return expire_if_due(connection, row, now)
    _settle(connection, charge_id, approved, None if approved else FAILED, now)
    return charge_row(connection, charge_id)


def expire_if_due(connection: Connection, row: Any, now: int) -> Any:
    """Fail a challenge nobody answered in time; any other charge row is returned unchanged."""
    if row.three_ds_status != "pending" or row.three_ds_expires_at > now:
        return row
    _settle(connection, row.id, False, EXPIRED, now)
    return charge_row(connection, row.id)


def is_due(row: Any, now: int) -> bool:
    """True when reading this charge row should first expire its abandoned challenge."""
    return bool(row.three_ds_status == "pending" and row.three_ds_expires_at <= now)


def _settle(
    connection: Connection, charge_id: str, approved: bool, decline: str | None, now: int
) -> None:
    session_status = "succeeded" if approved else ("expired" if decline == EXPIRED else "failed")
    moved = connection.execute(
        _SETTLE_SESSION, {"b_charge": charge_id, "b_status": session_status, "b_now": now}
    ).rowcount
    if moved != 1:
        return  # another request settled it first
    connection.execute(
        _SETTLE_CHARGE,
        {
            "b_charge": charge_id,
            "b_status": "succeeded" if approved else "failed",
            "b_failure": None if approved else "card_declined",
            "b_decline": decline,
        },
    )


def failure_message(decline_code: str | None) -> str:
    return decline_message(decline_code or FAILED)


def challenge_url(base_url: str, charge_id: str) -> str:
    return base_url.rstrip("/") + CHALLENGE_PATH.format(charge_id=charge_id)


def nonce(secret: str, charge_id: str) -> str:
    """The challenge form's proof that its answer is for this charge's session and no other."""
    return hmac.new(secret.encode(), f"3ds:{charge_id}".encode(), hashlib.sha256).hexdigest()


def nonce_matches(secret: str, charge_id: str, given: str) -> bool:
    return hmac.compare_digest(nonce(secret, charge_id).encode(), given.encode())
