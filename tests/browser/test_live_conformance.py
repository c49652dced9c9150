"""The running system against its architecture model: a full checkout in Chromium, recorded hop
by hop, follows exactly the designed flow; a broken integration is named."""

import asyncio

import httpx

from fincore.architecture import fincore_model
from fincore.architecture.conformance import check_conformance
from fincore.architecture.trace import sequence_from_trace
from fincore.cards.test_cards import VISA_PAN
from fincore.evidence.trace_recorder import first_of_each_step
from fincore.lab.shopper import checkout, shopper_session
from fincore.lab.stack import LocalStack, StackOptions


def run_checkout(stack, number=VISA_PAN):
    async def drive():
        async with shopper_session() as browser:
            return await checkout(browser, stack.info.merchant_url, stack.trace, number)

    return asyncio.run(drive())


def test_a_full_checkout_conforms_to_the_model(tmp_path):
    with LocalStack(StackOptions(data_dir=tmp_path)) as stack:
        since = stack.trace.mark()
        result = run_checkout(stack)
        hops = stack.trace.hops(since)
    assert result.outcome == "success"
    report = check_conformance(fincore_model(), hops)
    assert report.ok, report.to_markdown()
    steps = [hop.step for hop in hops]
    assert {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "10b"} <= set(steps)
    assert [hop.step for hop in hops if hop.carried_card_data] == ["4", "5"]
    assert steps.index("5") < steps.index("6") < steps.index("9") < steps.index("10")
    drawn = sequence_from_trace(first_of_each_step(hops), fincore_model())
    arrows = [line.strip() for line in drawn.splitlines() if "->>" in line]
    assert [arrow.split(": ")[1].split(".")[0] for arrow in arrows] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
        "10b",
    ]


def test_card_data_posted_to_the_payment_service_is_a_violation(tmp_path):
    with LocalStack(StackOptions(data_dir=tmp_path)) as stack:
        since = stack.trace.mark()
        run_checkout(stack)
        # A broken merchant backend forwards the card number (the guard refuses it; the hop
        # still happened, and the model forbids it).
        key = stack.info.merchants[0].secret_key
        httpx.post(
            f"{stack.info.payments_url}/v1/payments",
            json={"token": VISA_PAN, "amount": 100, "currency": "usd"},
            headers={
                "Authorization": f"Bearer {key}",
                "User-Agent": "fincore-merchant-backend/1.0",
            },
        )
        # ...and calls the PSP directly.
        httpx.get(
            f"{stack.info.psp_url}/v1/charges/ch_x",
            headers={"User-Agent": "fincore-merchant-backend/1.0"},
        )
        report = check_conformance(fincore_model(), stack.trace.hops(since))
    assert not report.ok
    problems = report.to_markdown()
    assert "api_client" in problems or "API Client" in problems
    violations = report.violations
    assert any("card" in row.verdict.value for row in violations), problems
    assert any(row.verdict.value.startswith("unmodelled") for row in violations), problems
