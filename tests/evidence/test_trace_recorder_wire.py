"""The stack's trace keeps each exchange as it crossed, when asked, with card data masked as a
PSP logs it: the flow notebook shows these, so no full card number may ever be among them."""

import base64

import httpx
import pytest

from fincore.cards.test_cards import VISA_PAN
from fincore.common.sdk_dist import load_build
from fincore.common.user_agents import MERCHANT_BACKEND
from fincore.evidence.trace_recorder import WITHHELD, mask_card_data
from fincore.lab.stack import LocalStack
from fincore.tripwire import find_card_numbers


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ('{"number": "4242424242424242"}', '{"number": "424242******4242"}'),
        ("card 4242 4242 4242 4242 typed", "card 424242******4242 typed"),
        ("number=4242-4242-4242-4242&x=1", "number=424242******4242&x=1"),
        ('{"cvc": "123", "exp_month": 12}', '{"cvc": "***", "exp_month": 12}'),
        ("number=4&cvc=1234&name=A", "number=4&cvc=***&name=A"),
        (
            '{"amount": 2500, "id": "pay_0123456789abcdef"}',
            '{"amount": 2500, "id": "pay_0123456789abcdef"}',
        ),
    ],
)
def test_card_numbers_keep_first_six_and_last_four_and_security_codes_go(raw, masked):
    assert mask_card_data(raw) == masked


def test_a_card_number_in_an_encoding_the_mask_cannot_rewrite_withholds_the_whole_text():
    hidden = base64.b64encode(VISA_PAN.encode()).decode()
    assert mask_card_data(f'{{"blob": "{hidden}"}}') == WITHHELD


def test_nothing_is_kept_of_an_exchange_until_asked(stack: LocalStack, shopper):
    since = stack.trace.mark()
    shopper.tokenize(VISA_PAN)
    assert stack.trace.exchanges(since) == []


def _charge(stack: LocalStack, token: str) -> httpx.Response:
    merchant = stack.info.merchants[0]
    return httpx.post(
        f"{stack.info.payments_url}/v1/payments",
        json={"token": token, "amount": 1234, "currency": "usd"},
        headers={
            "Authorization": f"Bearer {merchant.secret_key}",
            "User-Agent": MERCHANT_BACKEND,
            "Idempotency-Key": "wire-test-1",
        },
    )


def test_steps_10_and_10b_are_kept_as_they_crossed(stack: LocalStack, shopper):
    since = stack.trace.capture_wire()
    token = shopper.token_id(VISA_PAN)
    answer = _charge(stack, token)
    by_step = {str(hop.step): wire for hop, wire in stack.trace.exchanges(since) if hop.step}
    payment, charge = by_step["10"], by_step["10b"]
    assert (payment.method, payment.target, payment.status) == ("POST", "/v1/payments", 201)
    assert payment.answer == answer.text
    assert payment.header("Idempotency-Key", response=False) == "wire-test-1"
    assert payment.header("Content-Security-Policy") == answer.headers["content-security-policy"]
    secret = stack.info.merchants[0].secret_key
    assert payment.header("Authorization", response=False) == f"Bearer sk_test_...{secret[-4:]}"
    assert (charge.method, charge.target) == ("POST", "/v1/charges")
    assert charge.header("Idempotency-Key", response=False) == answer.json()["id"]
    assert f'"token":"{token}"' in charge.request_body.replace(" ", "")


def test_no_kept_exchange_holds_a_card_number_the_psp_received_one(stack: LocalStack, shopper):
    since = stack.trace.capture_wire()
    shopper.tokenize("4242 4242 4242 4242", cvc="987")
    kept = stack.trace.exchanges(since)
    tokens = next(wire for _, wire in kept if wire.target == "/v1/tokens")
    assert '"number":"424242******4242"' in tokens.request_body.replace(" ", "")
    assert "987" not in tokens.request_body
    for _, wire in kept:
        text = " ".join([wire.target, wire.request_body, wire.answer, str(wire.request_headers)])
        assert find_card_numbers(text.encode()) == []


def test_a_compressed_answer_is_kept_as_the_browser_reads_it(stack: LocalStack):
    since = stack.trace.capture_wire()
    build = load_build()
    response = httpx.get(
        f"{stack.info.cdn_url}/sdk/{build.version}/{build.sdk.file}",
        headers={"Accept-Encoding": "gzip"},
    )
    assert response.status_code == 200
    kept = next(wire for _, wire in stack.trace.exchanges(since) if wire.target.endswith(".js"))
    assert kept.header("Content-Encoding") == "gzip"
    assert kept.answer == response.text
