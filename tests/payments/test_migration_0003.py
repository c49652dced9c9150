"""Migration 0003 on a database that already holds payments: a payment that succeeded before
captures existed captured its whole amount, so it can be refunded; a failed one captured none."""

from alembic import command
from sqlalchemy import create_engine, insert, select

from fincore.payments import migrations
from fincore.payments.db import payments

OLD_PAYMENT = {
    "merchant_id": "acct_1",
    "amount": 1200,
    "currency": "usd",
    "metadata": {},
    "token": "tok_1",
    "created": 1,
    "updated": 1,
}


def test_payments_made_before_0003_keep_what_they_captured(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = migrations.config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        for payment_id, status in (("pay_ok", "succeeded"), ("pay_no", "failed")):
            # Only the columns 0002 has: the statement names exactly the values given.
            values = {**OLD_PAYMENT, "id": payment_id, "status": status}
            connection.execute(insert(payments).values(**values))
    migrations.upgrade(engine)
    with engine.connect() as connection:
        captured = dict(connection.execute(select(payments.c.id, payments.c.amount_captured)).all())
        methods = set(connection.execute(select(payments.c.capture_method)).scalars())
        refunded = set(connection.execute(select(payments.c.amount_refunded)).scalars())
    assert captured == {"pay_ok": 1200, "pay_no": 0}
    assert methods == {"automatic"}
    assert refunded == {0}
