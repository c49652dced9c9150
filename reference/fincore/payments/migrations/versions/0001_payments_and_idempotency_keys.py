"""Payments and idempotency keys.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "payments",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("merchant_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("description", sa.Text, nullable=True),
        sa.Column("metadata", sa.JSON, nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("card_brand", sa.String(16), nullable=True),
        sa.Column("card_last4", sa.String(4), nullable=True),
        sa.Column("psp_charge_id", sa.String(64), nullable=True),
        sa.Column("failure_code", sa.String(32), nullable=True),
        sa.Column("decline_code", sa.String(32), nullable=True),
        sa.Column("failure_message", sa.Text, nullable=True),
        sa.Column("created", sa.BigInteger, nullable=False),
        sa.Column("updated", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_payments_merchant_id", "payments", ["merchant_id"])
    op.create_table(
        "idempotency_keys",
        sa.Column("merchant_id", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("payment_id", sa.String(64), nullable=False),
        sa.Column("locked_at", sa.BigInteger, nullable=False),
        sa.Column("response_status", sa.Integer, nullable=True),
        sa.Column("response_body", sa.Text, nullable=True),
        sa.Column("created", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("idempotency_keys")
    op.drop_index("ix_payments_merchant_id", "payments")
    op.drop_table("payments")
