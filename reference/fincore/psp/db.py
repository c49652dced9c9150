"""The PSP's tables: tokens (holding the only copy of a PAN, encrypted), charges, and the
captures, voids and refunds made on charges (``charge_operations``)."""

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

metadata = MetaData()

tokens = Table(
    "tokens",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("merchant_id", String(64), nullable=False, index=True),
    # AES-GCM ciphertext of the PAN (fincore.psp.vault); wiped (NULL) as soon as the token is
    # used or found expired.
    Column("encrypted_pan", LargeBinary, nullable=True),
    Column("brand", String(16), nullable=False),
    Column("last4", String(4), nullable=False),
    Column("exp_month", Integer, nullable=False),
    Column("exp_year", Integer, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("created", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("used_at", BigInteger, nullable=True),
)

charges = Table(
    "charges",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("merchant_id", String(64), nullable=False),
    Column("token_id", String(64), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(16), nullable=False),
    Column("failure_code", String(32), nullable=True),
    Column("decline_code", String(32), nullable=True),
    Column("brand", String(16), nullable=False),
    Column("last4", String(4), nullable=False),
    Column("idempotency_key", String(255), nullable=True),
    Column("request_hash", String(64), nullable=False),
    Column("created", BigInteger, nullable=False),
    # An authorization (capture: false) is captured, voided or expires by capture_before; a
    # charge captured at once has amount_captured == amount and no capture_before.
    Column("amount_captured", BigInteger, nullable=False),
    Column("amount_refunded", BigInteger, nullable=False),
    Column("capture_before", BigInteger, nullable=True),
    UniqueConstraint("idempotency_key", name="uq_charges_idempotency_key"),
)

charge_operations = Table(
    "charge_operations",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("charge_id", String(64), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("amount", BigInteger, nullable=False),
    # The key makes every operation happen once: a retry replays the operation it names.
    Column("idempotency_key", String(255), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("created", BigInteger, nullable=False),
    UniqueConstraint("idempotency_key", name="uq_charge_operations_idempotency_key"),
)
