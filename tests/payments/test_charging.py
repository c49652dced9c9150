"""A payment is at most two write transactions, and its outcome and its key's response are one.

Before the PSP is called: the pending payment (with its Idempotency-Key). After: the outcome,
with the response the key replays. So no payment is ever final while its key is still in flight.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from fincore.payments import charging
from fincore.payments.db import idempotency_keys, payments


@pytest.fixture
def writes(stack, monkeypatch) -> Iterator[list[str]]:
    """The name of each write transaction the Payment Service runs (a one-statement write is a
    transaction of its own)."""
    db = stack.payments_state.db
    names: list[str] = []
    for method in ("write", "write_statement"):
        original = getattr(db, method)

        async def counting(work: Any, *args: Any, original: Any = original) -> Any:
            names.append(work.__name__)
            return await original(work, *args)

        monkeypatch.setattr(db, method, counting)
    yield names


def stored(stack, key: str) -> tuple[Any, Any]:
    """The key's row and its payment's row."""
    with stack.payments_state.engine.connect() as connection:
        key_row = connection.execute(
            select(idempotency_keys).where(idempotency_keys.c.key == key)
        ).one()
        payment = connection.execute(
            select(payments).where(payments.c.id == key_row.payment_id)
        ).one()
    return key_row, payment


def test_a_payment_with_a_key_is_written_in_two_transactions(stack, shopper, merchant, writes):
    assert merchant.pay(shopper.token_id(), idempotency_key="two-writes-1").status == 201
    assert writes == ["take", "_settle"]
    key_row, payment = stored(stack, "two-writes-1")
    assert (key_row.state, key_row.response_status, payment.status) == ("done", 201, "succeeded")


def test_a_payment_without_a_key_is_written_in_two_transactions(shopper, merchant, writes):
    assert merchant.pay(shopper.token_id()).status == 201
    assert writes == ["insert_pending", "_settle"]


def test_a_decline_and_its_keys_response_are_stored_together(stack, shopper, merchant):
    assert merchant.pay(shopper.token_id("4000000000000002"), idempotency_key="dec-2").status == 402
    key_row, payment = stored(stack, "dec-2")
    assert (key_row.state, key_row.response_status, payment.status) == ("done", 402, "failed")


def test_when_the_keys_response_cannot_be_stored_the_outcome_is_not_stored_either(
    stack, shopper, merchant, monkeypatch
):
    def broken(*_: Any) -> None:
        raise RuntimeError("the key's row could not be written")

    monkeypatch.setattr(charging, "complete", broken)
    response = merchant.pay(shopper.token_id(), idempotency_key="atomic-1")
    assert response.status == 500
    key_row, payment = stored(stack, "atomic-1")
    # Neither half of the second transaction: a retry after the lease resolves it with the PSP.
    assert (key_row.state, payment.status) == ("in_flight", "pending")
