"""Capture (steps 11, 11b) and refund (12, 12b) through a traced stack: the recorder tags each
hop with its step and the conformance check finds every one where the model draws it."""

import httpx

from fincore.architecture import check_conformance, fincore_model
from fincore.common.user_agents import MERCHANT_BACKEND
from fincore.lab.stack import LocalStack

SETTLEMENT_STEPS = {"10", "10b", "11", "11b", "12", "12b"}


def _backend(stack: LocalStack) -> httpx.Client:
    """The merchant backend as the recorder knows it: its secret key and its User-Agent."""
    headers = {
        "Authorization": f"Bearer {stack.info.merchants[0].secret_key}",
        "User-Agent": MERCHANT_BACKEND,
    }
    return httpx.Client(base_url=stack.info.payments_url, headers=headers)


def test_capture_and_refund_hops_are_traced_as_steps_11_and_12(stack: LocalStack, shopper):
    # Tokenized by the test, not by a browser: traced from the payment on.
    body = {"token": shopper.token_id(), "amount": 900, "currency": "usd"}
    since = stack.trace.mark()
    with _backend(stack) as backend:
        payment = backend.post("/v1/payments", json={**body, "capture_method": "manual"}).json()
        assert backend.post(f"/v1/payments/{payment['id']}/capture", json={}).status_code == 200
        refund = backend.post("/v1/refunds", json={"payment": payment["id"], "amount": 100})
        assert refund.status_code == 201
    hops = stack.trace.hops(since)
    tagged = {(hop.method, hop.path.split("/")[-1], hop.step_label) for hop in hops if hop.step}
    assert ("POST", "capture", "11") in tagged
    assert ("POST", "capture", "11b") in tagged
    assert ("POST", "refunds", "12") in tagged
    assert ("POST", "refunds", "12b") in tagged
    report = check_conformance(fincore_model(), hops, required_steps=SETTLEMENT_STEPS)
    assert report.ok, report.to_markdown()


def test_a_cancel_is_step_11_too(stack: LocalStack, shopper):
    since = stack.trace.mark()
    with _backend(stack) as backend:
        body = {"token": shopper.token_id(), "amount": 900, "currency": "usd"}
        payment = backend.post("/v1/payments", json={**body, "capture_method": "manual"}).json()
        assert backend.post(f"/v1/payments/{payment['id']}/cancel").status_code == 200
    steps = {hop.step_label for hop in stack.trace.hops(since) if hop.path.endswith("/cancel")}
    assert steps == {"11", "11b"}
