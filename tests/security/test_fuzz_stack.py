"""The notebook's short fuzz of a whole deployment: both services, their own keys, no failure."""

from fincore.evidence.fuzzing import fuzz_stack


def test_a_short_fuzz_of_the_stack_covers_both_services(stack):
    merchant = stack.info.merchants[0]
    summaries = fuzz_stack(
        stack.info.psp_url,
        stack.info.payments_url,
        merchant.publishable_key,
        merchant.secret_key,
        stack.info.platform_key,
        examples=2,
        after_psp_operation=stack.psp_state.faults.clear,
    )
    assert [s.service for s in summaries] == ["payments", "psp"]
    assert all(s.failures == {} for s in summaries), [s.failures for s in summaries]
    assert summaries[0].requests["POST /v1/payments"] > 0
    assert summaries[1].requests["POST /v1/tokens"] > 0
