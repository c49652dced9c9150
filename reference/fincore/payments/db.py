"""The Payment Service's tables. No column can hold a card number: only tokens and last4.

The schema is applied by the Alembic migrations in ``migrations/``; a test keeps the two equal.
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

payments = Table(
    "payments",
    metadata,
    # seq orders the list newest first even within one second.
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("merchant_id", String(64), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("description", Text, nullable=True),
    Column("metadata", JSON, nullable=False),
    Column("token", String(64), nullable=False),
    Column("card_brand", String(16), nullable=True),
    Column("card_last4", String(4), nullable=True),
    Column("psp_charge_id", String(64), nullable=True),
    Column("failure_code", String(32), nullable=True),
    Column("decline_code", String(32), nullable=True),
    Column("failure_message", Text, nullable=True),
    Column("created", BigInteger, nullable=False),
    Column("updated", BigInteger, nullable=False),
    # Authorize and capture (fincore.payments.capture); automatic captures at once.
    Column("capture_method", String(16), nullable=False, server_default="automatic"),
    Column("amount_captured", BigInteger, nullable=False, server_default="0"),
    # What a capture in progress asks the PSP for: its intent, recorded before the call.
    Column("amount_to_capture", BigInteger, nullable=True),
    Column("capture_before", BigInteger, nullable=True),
    Column("cancellation_reason", String(32), nullable=True),
    # Refunds reserve their amount here before the PSP is called (fincore.payments.refunds).
    Column("amount_refunded", BigInteger, nullable=False, server_default="0"),
)

refunds = Table(
    "refunds",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("merchant_id", String(64), nullable=False, index=True),
    Column("payment_id", String(64), nullable=False, index=True),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("reason", String(32), nullable=True),
    Column("metadata", JSON, nullable=False),
    # pending until the PSP answers; the refund id is the idempotency key toward the PSP.
    Column("status", String(16), nullable=False),
    Column("psp_refund_id", String(64), nullable=True),
    Column("failure_code", String(32), nullable=True),
    Column("failure_message", Text, nullable=True),
    Column("created", BigInteger, nullable=False),
    Column("updated", BigInteger, nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("merchant_id", String(64), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    # in_flight until the first request finishes; then done with the response to replay.
    Column("state", String(16), nullable=False),
    # The payment (create, capture, cancel) or refund the key's request made.
    Column("payment_id", String(64), nullable=False),
    # When the current owner took the key; an in-flight key older than the lease was abandoned
    # (its process died) and the next retry takes it over.
    Column("locked_at", BigInteger, nullable=False),
    Column("response_status", Integer, nullable=True),
    Column("response_body", Text, nullable=True),
    Column("created", BigInteger, nullable=False),
)

# What happened to a merchant's objects, in order (``fincore.payments.events``): written in the
# transaction that made it happen, so an event exists exactly when its change does.
events = Table(
    "events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("merchant_id", String(64), nullable=False, index=True),
    Column("type", String(64), nullable=False),
    # The object's API representation when the event happened, not a reference to it.
    Column("data", JSON, nullable=False),
    Column("created", BigInteger, nullable=False),
)

# Where a merchant wants its events POSTed (``fincore.payments.webhooks``).
webhook_endpoints = Table(
    "webhook_endpoints",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("merchant_id", String(64), nullable=False, index=True),
    Column("url", Text, nullable=False),
    # Event types, or ["*"] for all.
    Column("enabled_events", JSON, nullable=False),
    Column("description", Text, nullable=True),
    # The HMAC key of the signatures (whsec_...): shown to the merchant once, at creation.
    Column("secret", String(128), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created", BigInteger, nullable=False),
)

# One event to one endpoint, until it is delivered or given up.
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("event_id", String(64), nullable=False, index=True),
    Column("endpoint_id", String(64), nullable=False, index=True),
    Column("merchant_id", String(64), nullable=False),
    # pending until a 2xx (delivered) or the last scheduled attempt failed (failed).
    Column("status", String(16), nullable=False),
    # Attempts started; also the fencing token: a sender records its result only while the
    # delivery is still at the attempt it claimed.
    Column("attempts", Integer, nullable=False),
    # When the next attempt is due; a claimed attempt pushes it a lease ahead, so an instance
    # that dies mid-send leaves the delivery due again once the lease runs out.
    Column("next_attempt", BigInteger, nullable=False),
    Column("last_response_status", Integer, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("created", BigInteger, nullable=False),
    Column("updated", BigInteger, nullable=False),
    Index("ix_webhook_deliveries_due", "status", "next_attempt"),
)
