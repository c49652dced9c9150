"""A shopper in headless Chromium: opens the demo checkout, types a card into the PSP's iframes,
pays, and notes the browser-side steps of the flow in the stack's trace.

Async, because notebooks already run an event loop (Playwright's sync API cannot run there)::

    async with shopper_session() as browser:
        result = await checkout(browser, stack, number=VISA_PAN)
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from playwright.async_api import Browser, Page, async_playwright

from fincore.architecture.hop import Hop
from fincore.cards.test_cards import TEST_EXPIRY_MONTH, TEST_EXPIRY_YEAR
from fincore.evidence.trace_recorder import StackTrace
from fincore.lab.browser import launch_options

# Watches, without touching, the messages the PSP's frames post to the merchant page (step 7).
OBSERVE_MESSAGES = """
window.__fincoreObserved = [];
window.addEventListener('message', (event) => {
  const data = event.data;
  if (data && typeof data.type === 'string' && data.type.startsWith('fincore:')) {
    window.__fincoreObserved.push({
      type: data.type, origin: event.origin, at: Date.now() / 1000,
      token: Boolean(data.payload && data.payload.token),
    });
  }
}, true);
"""
TOKENIZE_RESULT = "fincore:tokenize-result"
FINAL_KINDS = ("success", "decline", "error")


@dataclass(frozen=True)
class CheckoutResult:
    outcome: str  # "success", "decline" or "error", as the page shows it
    message: str
    screenshot: bytes


@asynccontextmanager
async def shopper_session() -> AsyncIterator[Browser]:
    """The system Chromium, headless."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options())
        try:
            yield browser
        finally:
            await browser.close()


def future_expiry() -> str:
    """The expiry as a shopper types it, fixed so outputs never change with the calendar."""
    return f"{TEST_EXPIRY_MONTH:02d} / {TEST_EXPIRY_YEAR % 100:02d}"


async def open_checkout(page: Page, merchant_url: str) -> None:
    """Step 1 to 3: the page is served, loads fincore.js, and the SDK mounts the PSP fields."""
    await page.add_init_script(OBSERVE_MESSAGES)
    await page.goto(f"{merchant_url}/")
    await page.wait_for_selector("body[data-fields-ready='true']")


async def type_card(page: Page, number: str, expiry: str, cvc: str, trace: StackTrace) -> None:
    """Step 4: the shopper types into the PSP's iframes (the merchant page cannot read them)."""
    for field, value in (("number", number), ("expiry", expiry), ("cvc", cvc)):
        await page.frame_locator(f"#card-{field} iframe").locator("input").fill(value)
    trace.add(Hop("user", "psp_iframe", "type", "card fields", "4", carried_card_data=True))


async def pay(page: Page, trace: StackTrace) -> tuple[str, str]:
    """Steps 5 to 10: click Pay and wait for the page to show the outcome."""
    await page.locator("#pay").click()
    # The page shows "busy" while it works; then one of the final kinds.
    final = ", ".join(f"#outcome[data-kind='{kind}']" for kind in FINAL_KINDS)
    outcome = page.locator(final)
    await outcome.wait_for()
    kind = await outcome.get_attribute("data-kind") or ""
    message = await outcome.inner_text()
    for seen in await page.evaluate("window.__fincoreObserved"):
        if seen["type"] == TOKENIZE_RESULT and seen["token"]:
            trace.add(
                Hop("psp_iframe", "sdk_core", "postMessage", TOKENIZE_RESULT, "7"), seen["at"]
            )
            # Step 8 is a JavaScript callback inside the page: it happened if step 9 carried the
            # token, and between the two; the recorder places it right after step 7.
            trace.add(
                Hop("sdk_core", "merchant_frontend", "resolve", "tokenize()", "8"), seen["at"]
            )
    return kind, message


async def checkout(
    browser: Browser,
    merchant_url: str,
    trace: StackTrace,
    number: str,
    expiry: str | None = None,
    cvc: str = "123",
) -> CheckoutResult:
    """One whole checkout as a shopper does it, in a fresh browser context."""
    context = await browser.new_context(viewport={"width": 900, "height": 900})
    try:
        page = await context.new_page()
        await open_checkout(page, merchant_url)
        await type_card(page, number, expiry or future_expiry(), cvc, trace)
        kind, message = await pay(page, trace)
        return CheckoutResult(kind, message, await page.screenshot(full_page=True))
    finally:
        await context.close()
