"""Authorize and capture, cancel, refunds.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("payments") as batch:
        batch.add_column(
            sa.Column("capture_method", sa.String(16), nullable=False, server_default="automatic")
        )
        batch.add_column(
            sa.Column("amount_captured", sa.BigInteger, nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("amount_to_capture", sa.BigInteger, nullable=True))
        batch.add_column(sa.Column("capture_before", sa.BigInteger, nullable=True))
        batch.add_column(sa.Column("cancellation_reason", sa.String(32), nullable=True))
        batch.add_column(
            sa.Column("amount_refunded", sa.BigInteger, nullable=False, server_default="0")
        )
    # Payments that succeeded before captures existed captured their whole amount.
    op.execute("UPDATE payments SET amount_captured = amount WHERE status = 'succeeded'")
    op.create_table(
        "refunds",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("merchant_id", sa.String(64), nullable=False),
        sa.Column("payment_id", sa.String(64), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("metadata", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("psp_refund_id", sa.String(64), nullable=True),
        sa.Column("failure_code", sa.String(32), nullable=True),
        sa.Column("failure_message", sa.Text, nullable=True),
        sa.Column("created", sa.BigInteger, nullable=False),
        sa.Column("updated", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_refunds_merchant_id", "refunds", ["merchant_id"])
    op.create_index("ix_refunds_payment_id", "refunds", ["payment_id"])


def downgrade() -> None:
    op.drop_index("ix_refunds_payment_id", "refunds")
    op.drop_index("ix_refunds_merchant_id", "refunds")
    op.drop_table("refunds")
    with op.batch_alter_table("payments") as batch:
        for column in (
            "amount_refunded",
            "cancellation_reason",
            "capture_before",
            "amount_to_capture",
            "amount_captured",
            "capture_method",
        ):
            batch.drop_column(column)
