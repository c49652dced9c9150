"""fincore.js is pinned by Subresource Integrity: one changed byte and the browser refuses it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def flip_one_byte(body: bytes) -> bytes:
    # Inside the banner comment, so the script would still run if the browser let it.
    at = body.index(b"fincore.js")
    return body[:at] + b"F" + body[at + 1 :]


def test_a_tampered_sdk_is_blocked_and_the_page_says_so(page, browser_stack):
    console = []
    page.on("console", lambda message: console.append(message.text))
    requests_to_psp = []
    page.on(
        "request",
        lambda request: (
            requests_to_psp.append(request.url)
            if request.url.startswith(browser_stack.info.psp_url)
            else None
        ),
    )
    served = []

    def tamper(route):
        original = route.fetch()
        body = flip_one_byte(original.body())
        served.append((original.body(), body))
        route.fulfill(response=original, body=body)

    page.route(f"{browser_stack.info.cdn_url}/sdk/**/fincore-*.js", tamper)
    page.goto(f"{browser_stack.info.merchant_url}/")

    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("failed its integrity check")
    expect(page.locator("body")).to_have_attribute("data-sdk", "blocked")
    expect(page.locator("#pay")).to_be_disabled()
    assert page.evaluate("typeof window.FinCore") == "undefined"
    [(original, tampered)] = served
    assert sum(a != b for a, b in zip(original, tampered, strict=True)) == 1
    assert any("integrity" in text for text in console), console
    assert requests_to_psp == []


def test_the_untampered_sdk_passes_the_same_check(page, browser_stack):
    page.route(
        f"{browser_stack.info.cdn_url}/sdk/**/fincore-*.js",
        lambda route: route.fulfill(response=route.fetch()),
    )
    page.goto(f"{browser_stack.info.merchant_url}/")
    expect(page.locator("body")).to_have_attribute("data-fields-ready", "true")
    assert page.evaluate("typeof window.FinCore") == "function"
