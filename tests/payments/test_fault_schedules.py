"""Property: whatever the PSP does to a batch of payments, each ends charged at most once, in a
definite state after resolution, and the merchant sees what the PSP recorded."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fincore.cards.test_cards import GENERIC_DECLINE_PAN, VISA_PAN
from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions
from fincore.payments.charging import resolve_stale
from fincore.psp.faults import Fault
from fincore.psp.ledger import charge_ids_for_token, charges_for_token

faults = st.one_of(
    st.just(None),
    st.builds(Fault, st.just("error"), st.just(0), st.sampled_from([500, 502, 503])),
    st.builds(Fault, st.just("drop")),
    st.builds(Fault, st.just("latency"), st.integers(0, 50)),
)
schedules = st.lists(faults, min_size=1, max_size=8)
payments = st.lists(st.sampled_from([VISA_PAN, GENERIC_DECLINE_PAN]), min_size=1, max_size=3)


@pytest.fixture(scope="module")
def fast_failing_stack(tmp_path_factory):
    options = StackOptions(
        data_dir=tmp_path_factory.mktemp("schedules"),
        psp_timeout_seconds=0.15,
        psp_attempts=2,
        payments_settings={"resolve_interval_seconds": 0},
    )
    with LocalStack(options) as stack:
        yield stack


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(schedule=schedules, cards=payments)
def test_random_fault_schedules_never_double_charge(fast_failing_stack, schedule, cards):
    stack = fast_failing_stack
    info = stack.info
    shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
    merchant = PaymentsAPI(info.payments_url, info.merchants[0].secret_key)
    stack.psp_state.faults.clear()
    for fault in schedule:
        # None stands for "this attempt goes through": a zero-latency fault consumes a slot.
        stack.psp_state.faults.inject(fault or Fault("latency", 0))
    tokens = [shopper.token_id(card) for card in cards]
    first = [merchant.pay(token) for token in tokens]
    stack.psp_state.faults.clear()
    stack.call_in("payments", resolve_stale(stack.payments_state, -1))
    for token, card, response in zip(tokens, cards, first, strict=True):
        payment_id = response.body.get("id") or response.error["payment"]
        final = merchant.get(payment_id).body
        charged = charges_for_token(stack.psp_state, token)
        assert charged <= 1
        assert final["status"] in {"succeeded", "failed"}
        expected = "succeeded" if card == VISA_PAN else "failed"
        assert final["status"] == expected
        assert charged == 1, "a resolved payment is backed by exactly one PSP charge"
        assert charge_ids_for_token(stack.psp_state, token) == [final["psp_charge"]]
