"""The outbox: an event and its deliveries are written in the caller's transaction, or not at all,
and a payment's move out of pending is reported exactly once."""

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, insert, select

from fincore.payments import charging
from fincore.payments.db import (
    events,
    idempotency_keys,
    metadata,
    payments,
    webhook_deliveries,
    webhook_endpoints,
)
from fincore.payments.events import outbox
from fincore.payments.events.types import ALL_EVENTS, PAYMENT_FAILED, PAYMENT_SUCCEEDED

DECLINED_PAN = "4000000000000002"


@pytest.fixture
def engine(tmp_path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'outbox.db'}")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def add_endpoint(
    engine: Engine, endpoint_id: str, merchant: str, wanted: list[str], status="enabled"
):
    with engine.begin() as connection:
        connection.execute(
            insert(webhook_endpoints),
            {
                "id": endpoint_id,
                "merchant_id": merchant,
                "url": "https://example.test/hook",
                "enabled_events": wanted,
                "secret": "whsec_test",
                "status": status,
                "created": 0,
            },
        )


def deliveries(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(select(webhook_deliveries).order_by(webhook_deliveries.c.seq))
        return [(row.event_id, row.endpoint_id) for row in rows]


def test_record_queues_a_delivery_for_each_enabled_endpoint_that_wants_the_type(engine):
    add_endpoint(engine, "we_all", "acct_a", [ALL_EVENTS])
    add_endpoint(engine, "we_succeeded", "acct_a", [PAYMENT_SUCCEEDED])
    add_endpoint(engine, "we_failed_only", "acct_a", [PAYMENT_FAILED])
    add_endpoint(engine, "we_disabled", "acct_a", [ALL_EVENTS], status="disabled")
    add_endpoint(engine, "we_other_merchant", "acct_b", [ALL_EVENTS])
    with engine.begin() as connection:
        event_id = outbox.record(connection, "acct_a", PAYMENT_SUCCEEDED, {"id": "pay_1"}, 100)
    assert event_id.startswith("evt_")
    assert sorted(deliveries(engine)) == [(event_id, "we_all"), (event_id, "we_succeeded")]
    with engine.connect() as connection:
        row = connection.execute(select(events)).one()
    assert (row.merchant_id, row.type, row.data, row.created) == (
        "acct_a",
        PAYMENT_SUCCEEDED,
        {"id": "pay_1"},
        100,
    )


def test_an_event_of_a_rolled_back_transaction_and_its_deliveries_are_not_stored(engine):
    add_endpoint(engine, "we_all", "acct_a", [ALL_EVENTS])
    with pytest.raises(RuntimeError), engine.begin() as connection:
        outbox.record(connection, "acct_a", PAYMENT_SUCCEEDED, {"id": "pay_1"}, 100)
        raise RuntimeError("the change the event reports failed")
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(events)).scalar() == 0
    assert deliveries(engine) == []


def stored_events(stack, payment_id: str) -> list[Any]:
    with stack.payments_state.engine.connect() as connection:
        rows = connection.execute(select(events).order_by(events.c.seq)).all()
    return [row for row in rows if row.data["id"] == payment_id]


def test_a_successful_payment_records_payment_succeeded_with_the_payment(stack, shopper, merchant):
    payment = merchant.pay(shopper.token_id()).body
    [event] = stored_events(stack, payment["id"])
    assert event.type == PAYMENT_SUCCEEDED
    assert event.data == payment
    assert event.merchant_id == stack.info.merchants[0].id


def test_a_declined_payment_records_payment_failed(stack, shopper, merchant):
    response = merchant.pay(shopper.token_id(DECLINED_PAN))
    [event] = stored_events(stack, response.error["payment"])
    assert event.type == PAYMENT_FAILED
    assert (event.data["status"], event.data["decline_code"]) == ("failed", "generic_decline")


def test_a_replayed_payment_records_no_second_event(stack, shopper, merchant):
    token = shopper.token_id()
    first = merchant.pay(token, idempotency_key="outbox-replay-1")
    replay = merchant.pay(token, idempotency_key="outbox-replay-1")
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert len(stored_events(stack, first.body["id"])) == 1


def test_settling_an_already_final_payment_records_nothing(stack, shopper, merchant):
    payment = merchant.pay(shopper.token_id()).body
    db = stack.payments_state.db
    outcome = {"status": "failed", "failure_code": "card_declined"}
    settle = db.write(charging._settle, payment["id"], 1, outcome, None)
    settled = stack.call_in("payments", settle)
    assert settled.status == "succeeded"
    assert len(stored_events(stack, payment["id"])) == 1


def test_when_the_event_cannot_be_recorded_the_outcome_is_not_stored_either(
    stack, shopper, merchant, monkeypatch
):
    def broken(*_: Any) -> str:
        raise RuntimeError("the event could not be written")

    monkeypatch.setattr(outbox, "record", broken)
    assert merchant.pay(shopper.token_id(), idempotency_key="outbox-atomic-1").status == 500
    payment_id = _pending_payment_of(stack, "outbox-atomic-1")
    with stack.payments_state.engine.connect() as connection:
        status = connection.execute(select(payments.c.status).where(payments.c.id == payment_id))
        assert status.scalar() == "pending"
    assert stored_events(stack, payment_id) == []


def test_an_event_written_before_a_later_failure_in_its_transaction_is_rolled_back(
    stack, shopper, merchant, monkeypatch
):
    def broken(*_: Any) -> None:
        raise RuntimeError("the key's row could not be written")

    monkeypatch.setattr(charging, "complete", broken)
    assert merchant.pay(shopper.token_id(), idempotency_key="outbox-atomic-2").status == 500
    payment_id = _pending_payment_of(stack, "outbox-atomic-2")
    assert stored_events(stack, payment_id) == []


def _pending_payment_of(stack, key: str) -> str:
    with stack.payments_state.engine.connect() as connection:
        row = connection.execute(
            select(idempotency_keys).where(idempotency_keys.c.key == key)
        ).one()
    return str(row.payment_id)
