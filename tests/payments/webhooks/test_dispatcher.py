"""The dispatcher sends each due delivery signed, retries failures on the schedule as the clock
moves, gives up after three days, and never sends one attempt from two instances at once."""

import asyncio
import json

import pytest
from sqlalchemy import insert, select

from fincore.common.webhook_signature import verify
from fincore.lab.webhook_sink import HANG
from fincore.payments.db import webhook_deliveries, webhook_endpoints
from fincore.payments.events import outbox
from fincore.payments.events.types import ALL_EVENTS, PAYMENT_SUCCEEDED
from fincore.payments.state import PaymentState
from fincore.payments.webhooks import store
from fincore.payments.webhooks.dispatcher import LEASE_MARGIN_SECONDS, dispatch_due
from fincore.payments.webhooks.schedule import MAX_ATTEMPTS, RETRY_DELAYS

SECRET = "whsec_" + "5e" * 32
MERCHANT = "acct_webhooks"
START = 1_800_000_000  # the clock fixture's start
DAY = 86_400


@pytest.fixture
def state(make_state) -> PaymentState:
    return make_state(webhook_timeout_seconds=2.0)


def register(state: PaymentState, url: str, endpoint_id: str = "we_test") -> None:
    with state.engine.begin() as connection:
        connection.execute(
            insert(webhook_endpoints),
            {
                "id": endpoint_id,
                "merchant_id": MERCHANT,
                "url": url,
                "enabled_events": [ALL_EVENTS],
                "secret": SECRET,
                "status": "enabled",
                "created": START,
            },
        )


def record(state: PaymentState, payment_id: str = "pay_1") -> str:
    with state.engine.begin() as connection:
        data = {"id": payment_id, "object": "payment", "status": "succeeded"}
        return outbox.record(connection, MERCHANT, PAYMENT_SUCCEEDED, data, state.clock.now())


def dispatch(*states: PaymentState) -> list[str]:
    """One dispatch pass of each instance, all at once on one event loop."""

    async def passes() -> list[str]:
        for state in states:
            await state.webhooks.start()
        try:
            results = await asyncio.gather(*(dispatch_due(state) for state in states))
        finally:
            for state in states:
                await state.webhooks.close()
        return [status for statuses in results for status in statuses]

    return asyncio.run(passes())


def delivery(state: PaymentState):
    with state.engine.connect() as connection:
        return connection.execute(select(webhook_deliveries)).one()


def test_a_due_event_is_posted_signed_with_the_endpoints_secret(state, receiver, clock):
    register(state, receiver.url)
    event_id = record(state)
    assert dispatch(state) == [store.DELIVERED]
    [sent] = receiver.received
    verify(sent.body, sent.headers["fincore-signature"], SECRET, now=clock.now())
    payload = json.loads(sent.body)
    assert payload["id"] == event_id
    assert (payload["object"], payload["type"], payload["created"]) == (
        "event",
        PAYMENT_SUCCEEDED,
        START,
    )
    assert payload["data"]["object"]["id"] == "pay_1"
    assert sent.headers["content-type"] == "application/json"
    row = delivery(state)
    assert (row.status, row.attempts, row.last_response_status) == ("delivered", 1, 200)
    assert dispatch(state) == []
    assert len(receiver.received) == 1


def test_a_failed_attempt_is_retried_only_once_the_clock_reaches_the_next_delay(
    state, receiver, clock
):
    register(state, receiver.url)
    record(state)
    receiver.answers.append(500)
    assert dispatch(state) == ["pending"]
    assert delivery(state).next_attempt == START + RETRY_DELAYS[0]
    clock.advance(RETRY_DELAYS[0] - 1)
    assert dispatch(state) == []
    clock.advance(1)
    assert dispatch(state) == [store.DELIVERED]
    assert len(receiver.received) == 2
    # The retry is signed anew, at the time it is sent.
    verify(
        receiver.received[1].body,
        receiver.received[1].headers["fincore-signature"],
        SECRET,
        now=clock.now(),
    )


def test_an_endpoint_that_never_answers_2xx_is_given_up_after_more_than_three_days(
    state, receiver, clock
):
    register(state, receiver.url)
    record(state)
    receiver.answers.extend([503] * MAX_ATTEMPTS)
    statuses = []
    for delay in (0, *RETRY_DELAYS):
        clock.advance(delay)
        statuses += dispatch(state)
    assert statuses == ["pending"] * (MAX_ATTEMPTS - 1) + [store.FAILED]
    assert len(receiver.received) == MAX_ATTEMPTS
    assert clock.now() - START >= 3 * DAY
    clock.advance(7 * DAY)
    assert dispatch(state) == []
    row = delivery(state)
    assert (row.status, row.attempts, row.last_response_status) == ("failed", MAX_ATTEMPTS, 503)


@pytest.mark.parametrize("answer", [301, 404, 410, HANG])
def test_a_redirect_an_error_or_a_timeout_is_a_failed_attempt(make_state, receiver, answer):
    state = make_state(webhook_timeout_seconds=0.5)
    register(state, receiver.url)
    record(state)
    receiver.answers.append(answer)
    assert dispatch(state) == ["pending"]
    row = delivery(state)
    assert (row.attempts, row.next_attempt) == (1, START + RETRY_DELAYS[0])
    if answer == HANG:
        assert row.last_error == "timed out"
    else:
        assert row.last_response_status == answer


def test_an_unreachable_endpoint_is_a_failed_attempt(state, clock):
    register(state, "http://127.0.0.1:9/nothing-listens-here")
    record(state)
    assert dispatch(state) == ["pending"]
    assert "Error" in delivery(state).last_error


def test_two_instances_on_one_database_never_send_the_same_attempt(make_state, receiver):
    first, second = make_state(), make_state()
    register(first, receiver.url)
    events = [record(first, f"pay_{n}") for n in range(40)]
    statuses = dispatch(first, second)
    assert statuses == [store.DELIVERED] * 40
    sent = [json.loads(one.body)["id"] for one in receiver.received]
    assert sorted(sent) == sorted(events)


def test_an_attempt_whose_sender_died_is_sent_again_once_its_lease_runs_out(state, receiver, clock):
    register(state, receiver.url)
    record(state)
    [(delivery_id, attempts)] = asyncio.run(state.db.read(store.due, clock.now(), 10))
    lease_until = clock.now() + 10 + LEASE_MARGIN_SECONDS

    async def claim_and_die() -> None:
        await state.db.write(store.claim, delivery_id, attempts, clock.now(), lease_until)

    asyncio.run(claim_and_die())
    assert dispatch(state) == []
    clock.advance(lease_until - clock.now())
    assert dispatch(state) == [store.DELIVERED]
    assert delivery(state).attempts == 2
    assert len(receiver.received) == 1


def test_a_sender_that_outlived_its_lease_cannot_overwrite_the_newer_attempt(
    state, receiver, clock
):
    register(state, receiver.url)
    record(state)
    [(delivery_id, attempts)] = asyncio.run(state.db.read(store.due, clock.now(), 10))

    async def late_finish() -> str | None:
        late = await state.db.write(store.claim, delivery_id, attempts, clock.now(), clock.now())
        assert late is not None
        newer = await state.db.write(
            store.claim, delivery_id, late.attempt, clock.now(), clock.now() + 60
        )
        assert newer is not None
        failed = store.AttemptResult(False, 500)
        return await state.db.write(store.finish, delivery_id, late.attempt, clock.now(), failed)

    assert asyncio.run(late_finish()) is None
    assert delivery(state).attempts == 2


def test_deleting_an_endpoint_cancels_what_was_not_yet_sent_to_it(state, receiver):
    register(state, receiver.url)
    record(state)

    async def delete() -> bool:
        return await state.db.write(store.delete_endpoint, MERCHANT, "we_test")

    assert asyncio.run(delete()) is True
    assert dispatch(state) == []
    assert receiver.received == []
    assert delivery(state).status == store.CANCELED


def test_an_endpoints_deliveries_are_sent_oldest_first(state, receiver):
    register(state, receiver.url)
    events = [record(state, f"pay_{n}") for n in range(5)]
    assert dispatch(state) == [store.DELIVERED] * 5
    assert [json.loads(one.body)["id"] for one in receiver.received] == events
