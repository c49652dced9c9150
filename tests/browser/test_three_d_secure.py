"""3-D Secure end to end in Chromium: each 3-D Secure test card through the demo checkout, the
PSP's challenge in the SDK's modal frame, and what no one else may do to it."""

import re
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, expect

from fincore.cards.decline_codes import decline_message
from fincore.cards.pan_pattern import find_pans
from fincore.cards.test_cards import (
    THREE_DS_CHALLENGE_PAN,
    THREE_DS_FRICTIONLESS_PAN,
    THREE_DS_UNAVAILABLE_PAN,
)
from fincore.common.clock import FakeClock
from fincore.lab.stack import LocalStack, StackOptions

pytestmark = pytest.mark.browser

OVERLAY = "[data-fincore=three-ds]"
CHALLENGE = f"{OVERLAY} iframe"


def challenge(checkout):
    return checkout.page.frame_locator(CHALLENGE)


def pay_with(checkout, pan: str) -> None:
    checkout.fill_card(pan)
    checkout.pay()


@pytest.mark.parametrize(
    ("pan", "brand_text"),
    [(THREE_DS_FRICTIONLESS_PAN, "Visa ending in 3055"), (THREE_DS_UNAVAILABLE_PAN, "3097")],
    ids=["frictionless", "unavailable"],
)
def test_a_card_authenticated_without_a_challenge_pays_with_no_frame_shown(
    checkout, page, pan, brand_text
):
    frames_opened = []
    page.on("frameattached", lambda frame: frames_opened.append(frame))
    pay_with(checkout, pan)
    expect(checkout.outcome).to_have_attribute("data-kind", "success")
    expect(checkout.outcome).to_contain_text(brand_text)
    assert page.locator(OVERLAY).count() == 0
    assert frames_opened == []
    assert page.locator("body").get_attribute("data-authentication") is None


def test_the_challenge_opens_as_an_accessible_modal_and_approving_pays(checkout, page, axe_report):
    pay_with(checkout, THREE_DS_CHALLENGE_PAN)
    dialog = page.locator(f"{OVERLAY} [role=dialog]")
    expect(dialog).to_have_attribute("aria-modal", "true")
    frame = challenge(checkout)
    expect(frame.locator("#challenge-amount")).to_have_text(re.compile(r"\d+\.\d\d [A-Z]{3}"))
    expect(frame.locator("#challenge-merchant")).to_have_text(checkout.stack.info.merchants[0].name)
    # The challenge frame is served from the PSP's origin, for this page's origin.
    src = page.locator(CHALLENGE).get_attribute("src") or ""
    assert src.startswith(checkout.stack.info.psp_url + "/3ds/v1/charges/ch_")
    assert "?" + urlencode({"origin": checkout.stack.info.merchant_url}) + "#" in src
    # The focus starts in the challenge and stays in the modal: Tab walks Approve, Fail, Cancel,
    # then back into the challenge, never to the page behind.
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Cancel"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    report = axe_report(page)
    assert report["violations"] == []
    frame.get_by_role("button", name="Approve").click()
    expect(checkout.outcome).to_have_attribute("data-kind", "success")
    expect(checkout.outcome).to_contain_text("Visa ending in 3220")
    expect(page.locator("body")).to_have_attribute("data-authentication", "succeeded")
    expect(page.locator(OVERLAY)).to_have_count(0)


def test_failing_the_challenge_declines_the_payment(checkout, page):
    pay_with(checkout, THREE_DS_CHALLENGE_PAN)
    challenge(checkout).get_by_role("button", name="Fail authentication").click()
    expect(checkout.outcome).to_have_attribute("data-kind", "error")
    expect(checkout.outcome).to_have_text(decline_message("authentication_failed"))
    expect(page.locator("body")).to_have_attribute("data-authentication", "failed")
    expect(page.locator("body")).to_have_attribute("data-checkout", "failed")


def test_escape_closes_the_challenge_and_nothing_is_paid(checkout, page):
    pay_with(checkout, THREE_DS_CHALLENGE_PAN)
    expect(challenge(checkout).locator("#challenge-amount")).to_be_visible()
    page.get_by_role("button", name="Cancel").focus()
    page.keyboard.press("Escape")
    expect(page.locator("body")).to_have_attribute("data-authentication", "authentication_canceled")
    expect(checkout.outcome).to_have_text("The payment was not confirmed with your bank.")
    expect(page.locator(OVERLAY)).to_have_count(0)


def test_a_result_message_not_from_the_challenge_frame_is_ignored(checkout, page):
    pay_with(checkout, THREE_DS_CHALLENGE_PAN)
    expect(challenge(checkout).locator("#challenge-amount")).to_be_visible()
    src = page.locator(CHALLENGE).get_attribute("src") or ""
    channel = src.split("#channel=")[1]
    # The page itself forges the frame's message, with the right channel: wrong origin and source.
    page.evaluate(
        """channel => window.postMessage({protocol: 'fincore/1', channel, type:
            'fincore:three-ds-result', payload: {charge: 'ch_x', status: 'succeeded'}}, '*')""",
        channel,
    )
    challenge(checkout).locator("#challenge-amount").click()
    expect(page.locator(OVERLAY)).to_have_count(1)
    assert page.locator("body").get_attribute("data-authentication") is None


def test_a_next_action_swapped_to_another_origin_is_refused(checkout, page, foreign_site):
    phishing = foreign_site.serve("/3ds/challenge", "<!doctype html><p>Enter your PIN</p>")
    answer = page.evaluate(
        """url => window.fincoreCheckout.fincore.handleNextAction({id: 'pay_x',
            status: 'requires_action', next_action: {type: 'three_d_secure', url}})
            .then(r => r.error.code)""",
        phishing,
    )
    assert answer == "next_action_origin_mismatch"
    assert page.locator(OVERLAY).count() == 0
    assert "/3ds/challenge" not in foreign_site.requested


def test_the_challenge_cannot_be_framed_by_an_unregistered_origin(
    checkout, page, context, foreign_site
):
    pay_with(checkout, THREE_DS_CHALLENGE_PAN)
    src = page.locator(CHALLENGE).get_attribute("src") or ""
    refusals: list[str] = []
    attacker = context.new_page()
    attacker.on("console", lambda message: refusals.append(message.text))
    # The foreign page even claims the merchant's origin in the URL: frame-ancestors refuses it.
    html = (
        "<!doctype html><script>window.loads = 0</script>"
        f'<iframe src="{src}" onload="window.loads++"></iframe>'
    )
    attacker.goto(foreign_site.serve("/overlay", html))
    attacker.wait_for_function("window.loads === 1")
    assert attacker.frames[1].url.startswith("chrome-error://")
    assert any("frame-ancestors" in text for text in refusals), refusals


def test_no_card_number_or_authentication_data_reaches_the_merchant_or_payment_service(
    checkout, bodies, pans_found
):
    pay_with(checkout, THREE_DS_CHALLENGE_PAN)
    frame = challenge(checkout)
    nonce = frame.locator("input[name=nonce]").get_attribute("value")
    frame.get_by_role("button", name="Approve").click()
    expect(checkout.outcome).to_have_attribute("data-kind", "success")
    records = bodies()
    assert pans_found(records) == []
    seen = " ".join(r["body"] + r["query"] for entries in records.values() for r in entries)
    assert nonce and nonce not in seen
    assert "3ds_" not in seen
    assert "three_d_secure" not in seen


@pytest.fixture(scope="module")
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="module")
def clocked_browser_stack(tmp_path_factory, clock, bodies_of) -> Iterator[LocalStack]:
    options = StackOptions(data_dir=tmp_path_factory.mktemp("3ds-clocked"), clock=clock)
    with LocalStack(options) as stack:
        yield stack
        records = bodies_of(stack)
    texts = [r["body"] + r["query"] for entries in records.values() for r in entries]
    found = [pan for text in texts for pan in find_pans(text)]
    assert not found, f"card numbers reached out-of-scope services: {found}"


def test_a_challenge_answered_after_it_expired_fails_cleanly(
    browser: Browser, clocked_browser_stack, clock, checkout_on
):
    context = browser.new_context()
    checkout = checkout_on(context.new_page(), clocked_browser_stack)
    pay_with(checkout, THREE_DS_CHALLENGE_PAN)
    frame = challenge(checkout)
    expect(frame.locator("#challenge-amount")).to_be_visible()
    clock.advance(clocked_browser_stack.psp_state.settings.three_ds_ttl_seconds)
    frame.get_by_role("button", name="Approve").click()
    expect(checkout.outcome).to_have_attribute("data-kind", "error")
    expect(checkout.outcome).to_have_text("The payment was not confirmed with your bank in time.")
    expect(checkout.page.locator("body")).to_have_attribute("data-authentication", "failed")
    context.close()


@pytest.fixture(scope="module")
def webhook_stack(tmp_path_factory) -> Iterator[LocalStack]:
    """A stack whose demo merchant takes FinCore's webhooks, as ``fincore up`` runs it."""
    options = StackOptions(data_dir=tmp_path_factory.mktemp("3ds-webhooks"), merchant_webhooks=True)
    with LocalStack(options) as stack:
        yield stack


@pytest.mark.parametrize(
    ("button", "kind", "order"),
    [("Approve", "success", "paid"), ("Fail authentication", "error", "payment_failed")],
    ids=["approved", "failed"],
)
def test_the_page_shows_the_sdks_answer_then_the_order_as_the_webhook_moved_it(
    browser: Browser, webhook_stack, checkout_on, button, kind, order
):
    context = browser.new_context()
    checkout = checkout_on(context.new_page(), webhook_stack)
    pay_with(checkout, THREE_DS_CHALLENGE_PAN)
    challenge(checkout).get_by_role("button", name=button).click()
    # First what the SDK and the shop's backend said at once (steps 16b-17) ...
    expect(checkout.outcome).to_have_attribute("data-kind", kind)
    # ... then the order, which only a verified payment.succeeded / payment.failed moves (13-14).
    body = checkout.page.locator("body")
    expect(body).to_have_attribute("data-order", order, timeout=20_000)
    expect(checkout.page.locator("#order")).to_contain_text(order.replace("_", " "))
    context.close()


def test_without_webhooks_the_page_never_asks_for_the_order(checkout, page):
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    pay_with(checkout, THREE_DS_FRICTIONLESS_PAN)
    expect(checkout.outcome).to_have_attribute("data-kind", "success")
    assert not [url for url in asked if "/api/orders/" in url]
    expect(checkout.page.locator("#order")).to_have_text("")
