"""The card lives only inside the PSP's cross-origin iframes, which only registered sites frame."""

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

READ_THE_CARD_INPUT = """() => {
    const iframe = document.querySelector('#card-number iframe');
    const attempts = {
        contentDocument: String(iframe.contentDocument),
    };
    for (const [name, read] of Object.entries({
        contentWindow: () => iframe.contentWindow.document.querySelector('input').value,
        frames: () => window.frames[0].document.body.innerHTML,
    })) {
        try { attempts[name] = read(); } catch (error) { attempts[name] = error.name; }
    }
    return attempts;
}"""


def test_the_merchant_page_cannot_read_the_card_inputs(checkout):
    checkout.input("number").fill("4242424242424242")
    attempts = checkout.page.evaluate(READ_THE_CARD_INPUT)
    assert attempts == {
        "contentDocument": "null",
        "contentWindow": "SecurityError",
        "frames": "SecurityError",
    }


def framing_page(field_url: str) -> str:
    return (
        "<!doctype html><body><script>window.loads = 0</script>"
        f'<iframe src="{field_url}" onload="window.loads++"></iframe></body>'
    )


def field_url(stack, claimed_origin: str) -> str:
    merchant = stack.info.merchants[0]
    query = urlencode({"key": merchant.publishable_key, "origin": claimed_origin})
    return f"{stack.info.psp_url}/fields/v1/number?{query}#channel={'a' * 32}"


def open_framing_page(page, site, src: str):
    page.goto(site.serve("/checkout", framing_page(src)))
    page.wait_for_function("window.loads === 1")
    return page.frames[1]


def test_an_unregistered_origin_cannot_frame_the_fields(page, browser_stack, foreign_site):
    refusals = []
    page.on("console", lambda message: refusals.append(message.text))
    # The foreign site even claims to be the registered merchant in the URL: the PSP answers
    # with frame-ancestors naming the merchant's origins, and the browser refuses the frame.
    src = field_url(browser_stack, browser_stack.info.merchant_url)
    child = open_framing_page(page, foreign_site, src)
    assert child.url.startswith("chrome-error://")
    assert any("frame-ancestors" in text for text in refusals), refusals


def test_the_same_page_on_a_registered_origin_frames_the_fields(page, browser_stack, partner_site):
    src = field_url(browser_stack, partner_site.origin)
    child = open_framing_page(page, partner_site, src)
    assert child.url.startswith(browser_stack.info.psp_url)
    expect(child.locator("input#field")).to_have_attribute("autocomplete", "cc-number")
