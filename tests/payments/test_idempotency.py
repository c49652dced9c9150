"""Idempotency-Key on POST /v1/payments: replay, mismatch, in-flight conflict, scope."""

import concurrent.futures
import threading

from fincore.psp.faults import Fault
from fincore.psp.ledger import charges_for_token


def test_the_same_key_and_body_replays_the_first_response(stack, shopper, merchant):
    token = shopper.token_id()
    first = merchant.pay(token, idempotency_key="order-1001")
    replay = merchant.pay(token, idempotency_key="order-1001")
    assert first.status == replay.status == 201
    assert replay.body == first.body
    assert replay.headers.get("Idempotent-Replayed") == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert charges_for_token(stack.psp_state, token) == 1


def test_a_declined_response_is_replayed_too(shopper, merchant):
    token = shopper.token_id("4000000000000002")
    first = merchant.pay(token, idempotency_key="decline-1")
    replay = merchant.pay(token, idempotency_key="decline-1")
    assert first.status == replay.status == 402
    assert replay.body == first.body


def test_the_same_key_with_another_body_is_an_idempotency_error(shopper, merchant):
    token = shopper.token_id()
    assert merchant.pay(token, amount=500, idempotency_key="order-1002").status == 201
    conflict = merchant.pay(token, amount=600, idempotency_key="order-1002")
    assert conflict.status == 422
    assert conflict.error["type"] == "idempotency_error"
    assert conflict.error["code"] == "idempotency_key_reused"


def test_keys_are_scoped_per_merchant(stack, shopper, merchant, other_merchant):
    from fincore.lab.clients import PSPBrowserAPI

    other_shopper = PSPBrowserAPI(stack.info.psp_url, stack.info.merchants[1].publishable_key)
    mine = merchant.pay(shopper.token_id(), idempotency_key="shared-key")
    theirs = other_merchant.pay(other_shopper.token_id(), idempotency_key="shared-key")
    assert mine.status == theirs.status == 201
    assert mine.body["id"] != theirs.body["id"]


def test_a_request_while_the_first_is_in_flight_gets_409(stack, shopper, merchant):
    token = shopper.token_id()
    faults = stack.psp_state.faults
    faults.inject(Fault("latency", latency_ms=1000))
    first: dict = {}
    worker = threading.Thread(
        target=lambda: first.update(r=merchant.pay(token, idempotency_key="slow-1"))
    )
    worker.start()
    # The fault is taken when the first request reaches the PSP: its key is claimed by then.
    assert faults.wait_until_consumed()
    second = merchant.pay(token, idempotency_key="slow-1")
    worker.join()
    assert second.status == 409
    assert second.error["code"] == "idempotency_key_in_use"
    assert first["r"].status == 201
    assert merchant.pay(token, idempotency_key="slow-1").body == first["r"].body


def test_an_invalid_request_does_not_burn_its_key(shopper, merchant):
    token = shopper.token_id()
    assert merchant.pay(token, amount=-1, idempotency_key="fix-and-retry").status == 400
    assert merchant.pay(token, amount=100, idempotency_key="fix-and-retry").status == 201


def test_overlong_keys_are_refused(shopper, merchant):
    response = merchant.pay(shopper.token_id(), idempotency_key="k" * 256)
    assert response.status == 400
    assert response.error["code"] == "idempotency_key_invalid"
    assert response.error["param"] == "Idempotency-Key"


def test_twenty_concurrent_payments_with_one_token_succeed_once(stack, shopper, merchant):
    token = shopper.token_id()
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(lambda _: merchant.pay(token), range(20)))
    statuses = [r.status for r in responses]
    assert statuses.count(201) == 1
    assert all(r.error["code"] == "token_already_used" for r in responses if r.status != 201)
    assert charges_for_token(stack.psp_state, token) == 1


def test_twenty_concurrent_retries_with_one_key_give_one_payment(stack, shopper, merchant):
    token = shopper.token_id()
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        responses = list(
            pool.map(lambda _: merchant.pay(token, idempotency_key="burst"), range(20))
        )
    succeeded = {r.body["id"] for r in responses if r.status == 201}
    assert len(succeeded) == 1
    assert {r.status for r in responses} <= {201, 409}
    assert charges_for_token(stack.psp_state, token) == 1
