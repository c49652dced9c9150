"""A 3-D Secure checkout in Chromium, recorded hop by hop, follows the model's steps 15-17."""

import asyncio

import pytest

from fincore.architecture import fincore_model
from fincore.architecture.conformance import check_conformance
from fincore.cards.test_cards import THREE_DS_CHALLENGE_PAN, THREE_DS_FRICTIONLESS_PAN
from fincore.lab.shopper import shopper_session
from fincore.lab.stack import LocalStack, StackOptions
from fincore.lab.three_ds_shopper import checkout_3ds

pytestmark = pytest.mark.browser


def run(stack, number, answer="approve"):
    async def drive():
        async with shopper_session() as browser:
            return await checkout_3ds(browser, stack.info.merchant_url, stack.trace, number, answer)

    return asyncio.run(drive())


def test_a_challenged_checkout_conforms_to_the_model_with_every_3ds_step(tmp_path):
    with LocalStack(StackOptions(data_dir=tmp_path)) as stack:
        since = stack.trace.mark()
        result = run(stack, THREE_DS_CHALLENGE_PAN)
        hops = stack.trace.hops(since)
    assert (result.outcome, result.authentication) == ("success", "succeeded")
    assert result.challenge is not None
    model = fincore_model()
    report = check_conformance(model, hops, required_steps={r.step for r in model.flow()})
    assert report.ok, report.to_markdown()
    steps = [str(hop.step) for hop in hops if hop.step is not None]
    assert steps.index("10b") < steps.index("15") < steps.index("16") < steps.index("17")
    assert [hop.step for hop in hops if hop.carried_card_data] == ["4", "5"]
    assert {"type": "fincore:three-ds-result", "origin": stack.info.psp_url} in result.messages


def test_a_frictionless_checkout_shows_no_challenge_and_still_conforms(tmp_path):
    with LocalStack(StackOptions(data_dir=tmp_path)) as stack:
        since = stack.trace.mark()
        result = run(stack, THREE_DS_FRICTIONLESS_PAN)
        hops = stack.trace.hops(since)
    assert (result.outcome, result.authentication, result.challenge) == ("success", None, None)
    report = check_conformance(fincore_model(), hops)
    assert report.ok, report.to_markdown()
    assert not [hop for hop in hops if str(hop.step).startswith(("15", "16", "17"))]
