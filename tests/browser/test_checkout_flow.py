"""A shopper pays on the demo checkout page: the card goes only into the PSP's iframes."""

import json
import re

import pytest
from playwright.sync_api import expect

from fincore.cards.test_cards import (
    AMEX_PAN,
    INSUFFICIENT_FUNDS_PAN,
    LUHN_INVALID_PAN,
    VISA_PAN,
)

pytestmark = pytest.mark.browser


def token_requests(stack):
    return [r for r in stack.psp_state.log.records() if r["path"] == "/v1/tokens"]


def test_paying_with_a_valid_card_shows_success(checkout, page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    checkout.page.fill("#cardholder-name", "Ada Lovelace")
    checkout.fill_card(VISA_PAN)
    expect(checkout.input("number")).to_have_value("4242 4242 4242 4242")
    expect(checkout.container("number")).to_have_class(re.compile("FinCore-field--complete"))
    brand_mark = checkout.page.frame_locator("#card-number iframe").locator("#brand")
    expect(brand_mark).to_have_attribute("data-brand", "visa")
    checkout.pay()
    expect(checkout.outcome).to_have_attribute("data-kind", "success")
    expect(checkout.outcome).to_contain_text("Visa ending in 4242")
    # Neither the SDK under the page's strict CSP nor the fields under the PSP's raised anything.
    assert problems == []


def test_the_insufficient_funds_card_shows_the_decline_message(checkout):
    checkout.fill_card(INSUFFICIENT_FUNDS_PAN)
    checkout.pay()
    expect(checkout.outcome).to_have_attribute("data-kind", "error")
    expect(checkout.outcome).to_have_text("Your card has insufficient funds.")


def test_a_luhn_invalid_number_is_flagged_before_submit_and_never_sent(checkout, page):
    requests_seen = []
    page.on("request", lambda request: requests_seen.append(request.url))
    before = len(token_requests(checkout.stack))
    checkout.input("number").fill(LUHN_INVALID_PAN)
    checkout.input("expiry").click()  # leaving the number field shows its error
    expect(checkout.container("number")).to_have_class(re.compile("FinCore-field--invalid"))
    expect(page.locator("#card-number-error")).to_have_text("Your card number is invalid.")
    expect(checkout.input("number")).to_have_attribute("aria-invalid", "true")
    checkout.input("expiry").fill("12 / 40")
    checkout.input("cvc").fill("123")
    checkout.pay()
    expect(checkout.outcome).to_have_text("Your card number is invalid.")
    assert not [url for url in requests_seen if url.endswith("/v1/tokens")]
    assert len(token_requests(checkout.stack)) == before


def test_an_amex_is_grouped_4_6_5_and_needs_a_4_digit_security_code(checkout, page):
    checkout.input("number").fill(AMEX_PAN)
    expect(checkout.input("number")).to_have_value("3782 822463 10005")
    checkout.input("cvc").fill("123")
    checkout.input("expiry").fill("12 / 40")  # leaving the CVC field shows its error
    expect(page.locator("#card-cvc-error")).to_have_text("Your card's security code is incomplete.")
    checkout.input("cvc").fill("1234")
    expect(checkout.container("cvc")).to_have_class(re.compile("FinCore-field--complete"))
    checkout.pay()
    expect(checkout.outcome).to_contain_text("American Express ending in 0005")


def test_the_fields_report_focus_and_blur_to_the_page(checkout):
    checkout.input("cvc").click()
    expect(checkout.container("cvc")).to_have_class(re.compile("FinCore-field--focus"))
    checkout.page.locator("#cardholder-name").click()
    expect(checkout.container("cvc")).not_to_have_class(re.compile("FinCore-field--focus"))


def test_the_fields_are_labelled_for_screen_readers(checkout):
    for field, autocomplete in (("number", "cc-number"), ("expiry", "cc-exp"), ("cvc", "cc-csc")):
        frame = checkout.page.locator(f"#card-{field} iframe")
        expect(frame).to_have_attribute("title", re.compile("Secure card"))
        field_input = checkout.input(field)
        expect(field_input).to_have_attribute("autocomplete", autocomplete)
        expect(field_input).to_have_attribute("inputmode", "numeric")
        expect(field_input).to_have_accessible_name(re.compile(r"\w"))


def test_no_card_number_reached_the_merchant_the_payment_service_or_the_cdn(bodies, pans_found):
    # Runs last in this module, after the payments above; the module's stack fixture scans again
    # when it stops, covering every browser test module.
    recorded = bodies()
    checkouts = [r for r in recorded["merchant"] if r["path"] == "/api/checkout"]
    assert len(checkouts) == 3
    assert all(set(json.loads(r["body"])) == {"token", "attempt"} for r in checkouts)
    assert [r["path"] for r in recorded["payments"]].count("/v1/payments") == 3
    assert any(r["path"].startswith("/sdk/") for r in recorded["cdn"])
    assert pans_found(recorded) == []
