"""Captures, cancels and refunds whose PSP answer is lost, and authorizations that expire: each
ends in exactly one operation at the PSP."""

import pytest
from sqlalchemy import update

from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions
from fincore.payments import capture_store, refund_store
from fincore.payments.sweeper import sweep_once
from fincore.psp.db import charges
from fincore.psp.faults import Fault
from fincore.psp.ledger import operations_on_charge

LEASE = 30
TTL = 3600


@pytest.fixture
def clocked(tmp_path, clock):
    """PSP attempts of 0.3 s, no background sweeper: tests sweep after moving the clock."""
    options = StackOptions(
        data_dir=tmp_path,
        clock=clock,
        psp_timeout_seconds=0.3,
        payments_settings={
            "idempotency_lease_seconds": LEASE,
            "resolve_interval_seconds": 0,
            "authorization_ttl_seconds": TTL,
        },
    )
    with LocalStack(options) as stack:
        info = stack.info
        shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
        merchant = PaymentsAPI(info.payments_url, info.merchants[0].secret_key)
        yield stack, shopper, merchant
        shopper.close()
        merchant.close()


def sweep(stack):
    stack.call_in("payments", sweep_once(stack.payments_state, LEASE))


def authorize(shopper, merchant, amount=1000):
    payment = merchant.pay(shopper.token_id(), amount=amount, capture_method="manual").body
    assert payment["status"] == "requires_capture"
    return payment


def test_a_lost_capture_answer_ends_in_exactly_one_capture(clocked):
    stack, shopper, merchant = clocked
    payment = authorize(shopper, merchant)
    stack.psp_state.faults.inject(Fault("drop", operation="capture"), count=3)
    response = merchant.capture(payment["id"], idempotency_key="lost-cap", amount=700)
    assert response.status == 202
    assert response.body["status"] == "capturing"
    resolved = merchant.get(payment["id"]).body
    assert (resolved["status"], resolved["amount_captured"]) == ("succeeded", 700)
    retry = merchant.capture(payment["id"], idempotency_key="lost-cap", amount=700)
    assert retry.status == 200
    assert retry.body["amount_captured"] == 700
    assert operations_on_charge(stack.psp_state, payment["psp_charge"], "capture") == 1


def test_the_sweeper_finishes_a_capture_left_waiting(clocked, clock):
    stack, shopper, merchant = clocked
    payment = authorize(shopper, merchant)
    stack.psp_state.faults.inject(Fault("drop", operation="capture"), count=3)
    assert merchant.capture(payment["id"]).status == 202
    clock.advance(LEASE + 1)
    sweep(stack)
    settled = stack.call_in("payments", _stored(stack, payment["id"]))
    assert (settled.status, settled.amount_captured) == ("succeeded", 1000)
    assert operations_on_charge(stack.psp_state, payment["psp_charge"], "capture") == 1


def test_a_psp_error_on_capture_is_retried_with_the_same_key(clocked):
    stack, shopper, merchant = clocked
    payment = authorize(shopper, merchant)
    stack.psp_state.faults.inject(Fault("error", status=503, operation="capture"), count=2)
    assert merchant.capture(payment["id"]).status == 200
    assert operations_on_charge(stack.psp_state, payment["psp_charge"], "capture") == 1


def test_a_lost_cancel_answer_ends_canceled_with_one_void(clocked):
    stack, shopper, merchant = clocked
    payment = authorize(shopper, merchant)
    stack.psp_state.faults.inject(Fault("drop", operation="cancel"), count=3)
    assert merchant.cancel(payment["id"]).body["status"] == "canceling"
    assert merchant.get(payment["id"]).body["status"] == "canceled"
    assert operations_on_charge(stack.psp_state, payment["psp_charge"], "void") == 1


def test_a_lost_refund_answer_ends_in_exactly_one_refund(clocked):
    stack, shopper, merchant = clocked
    payment = merchant.pay(shopper.token_id(), amount=1000).body
    stack.psp_state.faults.inject(Fault("drop", operation="refund"), count=3)
    response = merchant.refund(payment["id"], idempotency_key="lost-re", amount=400)
    assert response.status == 202
    assert response.body["status"] == "pending"
    # The pending refund holds its amount: nothing can refund it a second time meanwhile.
    assert merchant.refund(payment["id"], amount=601).error["code"] == "amount_too_large"
    assert merchant.get_refund(response.body["id"]).body["status"] == "succeeded"
    retry = merchant.refund(payment["id"], idempotency_key="lost-re", amount=400)
    assert (retry.status, retry.body["id"]) == (201, response.body["id"])
    assert merchant.get(payment["id"]).body["amount_refunded"] == 400
    assert operations_on_charge(stack.psp_state, payment["psp_charge"], "refund") == 1


def test_the_sweeper_finishes_a_refund_left_pending(clocked, clock):
    stack, shopper, merchant = clocked
    payment = merchant.pay(shopper.token_id(), amount=1000).body
    stack.psp_state.faults.inject(Fault("drop", operation="refund"), count=3)
    refund = merchant.refund(payment["id"]).body
    clock.advance(LEASE + 1)
    sweep(stack)
    assert stack.call_in("payments", _stored_refund(stack, refund["id"])).status == "succeeded"
    assert operations_on_charge(stack.psp_state, payment["psp_charge"], "refund") == 1


def test_faults_for_one_operation_leave_the_others_alone(clocked):
    stack, shopper, merchant = clocked
    stack.psp_state.faults.inject(Fault("error", status=500, operation="refund"), count=1)
    assert merchant.pay(shopper.token_id()).status == 201
    assert stack.psp_state.faults.pending() == 1


def test_an_authorization_past_its_window_cannot_be_captured(clocked, clock):
    stack, shopper, merchant = clocked
    payment = authorize(shopper, merchant)
    assert payment["capture_before"] == payment["created"] + TTL
    clock.advance(TTL)
    response = merchant.capture(payment["id"])
    assert response.status == 400
    assert response.error["code"] == "authorization_expired"
    assert operations_on_charge(stack.psp_state, payment["psp_charge"], "capture") == 0


def test_the_sweeper_cancels_expired_authorizations_as_expired(clocked, clock):
    stack, shopper, merchant = clocked
    payment = authorize(shopper, merchant)
    sweep(stack)
    assert merchant.get(payment["id"]).body["status"] == "requires_capture"
    clock.advance(TTL)
    sweep(stack)
    expired = merchant.get(payment["id"]).body
    assert (expired["status"], expired["cancellation_reason"]) == ("canceled", "expired")
    assert operations_on_charge(stack.psp_state, payment["psp_charge"], "void") == 1
    assert merchant.capture(payment["id"]).error["code"] == "payment_unexpected_state"


async def _stored(stack, payment_id):
    return await stack.payments_state.db.read(capture_store.payment, payment_id)


async def _stored_refund(stack, refund_id):
    return await stack.payments_state.db.read(refund_store.by_id, refund_id)


def events_about(merchant, object_id):
    """The types of the events about one payment or refund, oldest first."""
    listed = merchant.events(limit=100).body["data"]
    return [
        event["type"] for event in reversed(listed) if event["data"]["object"]["id"] == object_id
    ]


def test_each_transition_records_its_event_once(clocked):
    _, shopper, merchant = clocked
    captured = authorize(shopper, merchant)
    merchant.capture(captured["id"], idempotency_key="ev-cap")
    merchant.capture(captured["id"], idempotency_key="ev-cap")
    assert events_about(merchant, captured["id"]) == [
        "payment.requires_capture",
        "payment.captured",
    ]
    canceled = authorize(shopper, merchant)
    merchant.cancel(canceled["id"])
    assert events_about(merchant, canceled["id"])[-1] == "payment.canceled"
    refund = merchant.refund(captured["id"], amount=10).body
    assert events_about(merchant, refund["id"]) == ["refund.succeeded"]


def test_a_lost_answer_records_its_event_when_resolved_only(clocked):
    stack, shopper, merchant = clocked
    payment = authorize(shopper, merchant)
    stack.psp_state.faults.inject(Fault("drop", operation="capture"), count=3)
    merchant.capture(payment["id"])
    assert events_about(merchant, payment["id"]) == ["payment.requires_capture"]
    merchant.get(payment["id"])
    merchant.get(payment["id"])
    assert events_about(merchant, payment["id"]) == ["payment.requires_capture", "payment.captured"]


def test_an_expired_authorization_records_payment_expired(clocked, clock):
    stack, shopper, merchant = clocked
    payment = authorize(shopper, merchant)
    clock.advance(TTL)
    sweep(stack)
    assert events_about(merchant, payment["id"])[-1] == "payment.expired"


def set_psp_charge(stack, charge_id, **values):
    """Change the PSP's own record, as something outside FinCore would (its dashboard, its
    shorter authorization window)."""
    with stack.psp_state.engine.begin() as connection:
        connection.execute(update(charges).where(charges.c.id == charge_id).values(**values))


def test_a_capture_the_psp_refuses_as_expired_leaves_nothing_captured(clocked, clock):
    stack, shopper, merchant = clocked
    payment = authorize(shopper, merchant)
    set_psp_charge(stack, payment["psp_charge"], capture_before=clock.now())
    response = merchant.capture(payment["id"])
    assert response.status == 400
    assert response.error["code"] == "authorization_expired"
    stored = merchant.get(payment["id"]).body
    assert (stored["status"], stored["amount_captured"]) == ("requires_capture", 0)
    sweep(stack)
    expired = merchant.get(payment["id"]).body
    assert (expired["status"], expired["cancellation_reason"]) == ("canceled", "expired")


def test_a_refund_the_psp_refuses_fails_and_gives_its_amount_back(clocked):
    stack, shopper, merchant = clocked
    payment = merchant.pay(shopper.token_id(), amount=1000).body
    # Refunded at the PSP already, outside FinCore: the PSP has nothing left to refund.
    set_psp_charge(stack, payment["psp_charge"], amount_refunded=1000)
    response = merchant.refund(payment["id"], amount=300)
    assert response.status == 502
    assert response.error["code"] == "amount_too_large"
    refund_id = response.error["refund"]
    assert merchant.get_refund(refund_id).body["status"] == "failed"
    assert merchant.get(payment["id"]).body["amount_refunded"] == 0
    assert events_about(merchant, refund_id) == ["refund.failed"]
