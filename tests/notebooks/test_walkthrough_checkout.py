"""The helpers the step-by-step notebooks stand on: SRI hashes, payment stories, Mermaid steps,
and pricing the demo checkout page."""

import base64
import hashlib

import httpx

from fincore.common.sdk_dist import load_build
from fincore.lab.stack import LocalStack
from fincore.walkthrough.checkout import payment_story, price_checkout, sri_hash
from fincore.walkthrough.display import Mermaid


def test_the_sri_hash_of_the_built_sdk_is_the_manifests():
    build = load_build()
    assert sri_hash((build.directory / build.sdk.file).read_bytes()) == build.sdk.integrity
    digest = base64.b64encode(hashlib.sha384(b"x").digest()).decode()
    assert sri_hash(b"x") == "sha384-" + digest


def test_a_declined_payment_tells_the_decline_story():
    payment = {
        "status": "failed",
        "amount_display": "1500 JPY",
        "decline_code": "insufficient_funds",
        "failure_message": "Your card has insufficient funds.",
    }
    story = payment_story("INSUFFICIENT_FUNDS_PAN", payment)
    assert story.startswith("INSUFFICIENT_FUNDS_PAN was declined (insufficient_funds)")
    assert "Your card has insufficient funds." in story and "1500 JPY" in story
    assert "charged" not in story


def test_a_succeeded_payment_says_what_was_charged():
    payment = {"status": "succeeded", "amount_display": "10.50 USD"}
    payment["card"] = {"brand": "visa", "last4": "4242"}
    assert payment_story("VISA_PAN", payment) == (
        "VISA_PAN was charged 10.50 USD (visa ending 4242): the payment succeeded."
    )


def test_mermaid_steps_are_the_numbered_arrows_in_order():
    text = "sequenceDiagram\n\ta->>b: 1. Serves\n\tNote over a,b: x\n\tb->>c: 10b. Charges\n"
    assert Mermaid(text).steps() == ["1", "10b"]
    bundle = Mermaid(text)._repr_mimebundle_()
    assert bundle["text/vnd.mermaid"] == text and bundle["text/plain"] == text


def test_pricing_the_checkout_changes_the_page(tmp_path):
    with LocalStack(data_dir=tmp_path) as stack:
        assert price_checkout(stack, 1500, "JPY") == "1500 JPY"
        page = httpx.get(f"{stack.info.merchant_url}/").text
    assert "1500 JPY" in page
