"""Payments left pending, by a lost answer or a dead instance, reach one true outcome."""

import pytest

from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions
from fincore.payments import idempotency
from fincore.payments.charging import new_payment_id, resolve_stale
from fincore.payments.schemas import PaymentCreate
from fincore.psp.faults import Fault
from fincore.psp.ledger import charges_for_token

LEASE = 30


@pytest.fixture
def stack_with_clock(tmp_path, clock):
    options = StackOptions(
        data_dir=tmp_path,
        clock=clock,
        psp_timeout_seconds=0.3,
        payments_settings={"idempotency_lease_seconds": LEASE, "resolve_interval_seconds": 0},
    )
    with LocalStack(options) as stack:
        info = stack.info
        yield (
            stack,
            PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key),
            PaymentsAPI(info.payments_url, info.merchants[0].secret_key),
        )


def abandon_request(stack, token, key):
    """What a Payment Service instance leaves when it dies right after taking a key."""
    state = stack.payments_state
    body = PaymentCreate(token=token, amount=700, currency="usd").checked()
    keyed = idempotency.KeyedRequest(
        stack.info.merchants[0].id,
        key,
        idempotency.fingerprint(body.model_dump()),
        new_payment_id(),
        body,
    )
    with state.engine.begin() as connection:
        return idempotency.take(connection, keyed, state.clock.now()).payment_id


def test_a_retry_within_the_lease_is_told_to_wait(stack_with_clock):
    stack, shopper, merchant = stack_with_clock
    token = shopper.token_id()
    abandon_request(stack, token, "crashed-1")
    response = merchant.pay(token, amount=700, idempotency_key="crashed-1")
    assert response.status == 409
    assert response.error["code"] == "idempotency_key_in_use"


def test_a_retry_after_the_lease_takes_over_and_charges_once(stack_with_clock, clock):
    stack, shopper, merchant = stack_with_clock
    token = shopper.token_id()
    payment_id = abandon_request(stack, token, "crashed-2")
    clock.advance(LEASE)
    response = merchant.pay(token, amount=700, idempotency_key="crashed-2")
    assert response.status == 201
    assert response.body["id"] == payment_id
    assert response.headers["Idempotent-Replayed"] == "true"
    assert charges_for_token(stack.psp_state, token) == 1
    again = merchant.pay(token, amount=700, idempotency_key="crashed-2")
    assert again.body == response.body


def test_the_sweeper_settles_lost_answers_without_a_second_charge(stack_with_clock, clock):
    stack, shopper, merchant = stack_with_clock
    tokens = [shopper.token_id() for _ in range(3)]
    stack.psp_state.faults.inject(Fault("drop"), count=9)
    pending = [merchant.pay(token) for token in tokens]
    assert [p.status for p in pending] == [202, 202, 202]
    assert stack.call_in("payments", resolve_stale(stack.payments_state, LEASE)) == 0
    clock.advance(LEASE + 1)
    assert stack.call_in("payments", resolve_stale(stack.payments_state, LEASE)) == 3
    for response, token in zip(pending, tokens, strict=True):
        payment = merchant.get(response.body["id"]).body
        assert payment["status"] == "succeeded"
        assert charges_for_token(stack.psp_state, token) == 1
