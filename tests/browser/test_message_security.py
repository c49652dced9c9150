"""Only the SDK instance's own frames, on the exact PSP origin and channel, are heard.

Each forged message below is a ``fincore:change`` for the CVC field, which the shopper never
touches, so any CVC change the SDK reports came from a forgery. The test waits until the forgery
has arrived at the page's window (a plain listener sees it), then sends a genuine message from
the expiry frame, which proves the SDK was listening; no sleeps.
"""

import json

import pytest

from fincore.walkthrough.attacks import LISTEN

pytestmark = pytest.mark.browser

FORGED_CHANGE = {"field": "cvc", "empty": False, "complete": True, "valid": True, "error": None}
GENUINE_CHANGE = {**FORGED_CHANGE, "field": "expiry"}

# Served by a foreign site: posts a forged message (the right channel) to its opener or parent.
FORGE_PAGE = """<!doctype html><script>
const params = new URLSearchParams(location.hash.slice(1));
const message = JSON.parse(params.get('message'));
(window.opener || window.parent).postMessage(message, params.get('target'));
document.title = 'sent';
</script>"""


def envelope(channel, payload):
    return {
        "protocol": "fincore/1",
        "channel": channel,
        "type": "fincore:change",
        "payload": payload,
    }


def post_from_frame(frame, target_origin, message):
    frame.evaluate(
        "([m, origin]) => window.parent.postMessage(m, origin)", [message, target_origin]
    )


def assert_only_the_genuine_message_is_heard(checkout, forged_from, wait_until):
    # wait_until, not wait_for_function: Playwright's polling evals its predicate, which the
    # checkout page's CSP forbids.
    wait_until(checkout.page, "window.arrived.length === 1")
    assert checkout.page.evaluate("window.arrived") == [forged_from]
    post_from_frame(
        checkout.frame("expiry"),
        checkout.stack.info.merchant_url,
        envelope(checkout.channel(), GENUINE_CHANGE),
    )
    wait_until(checkout.page, "window.heard.includes('expiry')")
    assert checkout.page.evaluate("window.heard") == ["expiry"]


def forge_url(site, message, target):
    fragment = f"message={json.dumps(message)}&target={target}"
    return site.serve("/forge", FORGE_PAGE) + "#" + fragment.replace("#", "%23")


def test_a_foreign_origin_window_the_checkout_opens_gets_no_handle_to_it(checkout, foreign_site):
    # The checkout is served with Cross-Origin-Opener-Policy: same-origin, so a foreign window
    # it opens has no opener to post a forged message to (a message that did arrive would still
    # fail the SDK's origin check, below).
    forged = envelope(checkout.channel(), FORGED_CHANGE)
    with checkout.page.expect_popup() as popup:
        checkout.page.evaluate("url => window.open(url)", forge_url(foreign_site, forged, "*"))
    # The foreign site's page has no CSP: Playwright's own wait may eval there.
    popup.value.wait_for_function("document.title === 'sent'")
    assert popup.value.evaluate("window.opener === null")


def test_a_message_from_the_page_itself_is_ignored(checkout, wait_until):
    checkout.page.evaluate(LISTEN)
    forged = envelope(checkout.channel(), FORGED_CHANGE)
    checkout.page.evaluate("m => window.postMessage(m, location.origin)", forged)
    assert_only_the_genuine_message_is_heard(checkout, checkout.stack.info.merchant_url, wait_until)


def test_a_message_with_a_wrong_channel_from_a_real_frame_is_ignored(checkout, wait_until):
    checkout.page.evaluate(LISTEN)
    forged = envelope("f" * 32, FORGED_CHANGE)
    post_from_frame(checkout.frame("cvc"), checkout.stack.info.merchant_url, forged)
    assert_only_the_genuine_message_is_heard(checkout, checkout.stack.info.psp_url, wait_until)


@pytest.fixture
def context(browser):
    # Lets the test navigate a field iframe to a foreign site, which the checkout page's own CSP
    # (frame-src: the PSP only) would otherwise stop before the SDK's checks are reached.
    context = browser.new_context(bypass_csp=True)
    yield context
    context.close()


def test_a_message_from_the_right_window_on_a_foreign_origin_is_ignored(
    checkout, foreign_site, wait_until
):
    # The CVC iframe's window (the very source the SDK expects) navigated to a foreign site:
    # only the origin check can stop its message.
    checkout.page.evaluate(LISTEN)
    forged = envelope(checkout.channel(), FORGED_CHANGE)
    url = forge_url(foreign_site, forged, checkout.stack.info.merchant_url)
    checkout.frame("cvc").evaluate("url => { location.href = url; }", url)
    assert_only_the_genuine_message_is_heard(checkout, foreign_site.origin, wait_until)
