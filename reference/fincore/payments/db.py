"""The Payment Service's tables. No column can hold a card number: only tokens and last4.

The schema is applied by the Alembic migrations in ``migrations/``; a test keeps the two equal.
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
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
