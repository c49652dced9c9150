"""A shopper paying with a 3-D Secure card in headless Chromium: the checkout of
``fincore.lab.shopper``, then the PSP's challenge in the SDK's modal frame (steps 15-17), with
the browser-side steps noted in the stack's trace.

Async, like ``fincore.lab.shopper`` (notebooks already run an event loop)::

    async with shopper_session() as browser:
        result = await checkout_3ds(browser, merchant_url, stack.trace, number, "approve")
"""

from dataclasses import dataclass, field
from typing import Any, Literal

from playwright.async_api import Browser, Page

from fincore.architecture.hop import Hop
from fincore.evidence.trace_recorder import StackTrace
from fincore.lab.shopper import (
    FINAL_KINDS,
    TOKENIZE_RESULT,
    future_expiry,
    open_checkout,
    type_card,
)

OVERLAY = "[data-fincore=three-ds]"
CHALLENGE_FRAME = f"{OVERLAY} iframe"
THREE_DS_RESULT = "fincore:three-ds-result"
BUTTONS = {"approve": "Approve", "fail": "Fail authentication"}
Answer = Literal["approve", "fail"]


@dataclass(frozen=True)
class ThreeDSCheckout:
    outcome: str  # "success" or "error", as the page shows it
    message: str
    # What handleNextAction resolved with on the page; None when no challenge was shown.
    authentication: str | None
    # The page with the challenge open (None without a challenge), and the page at the end.
    challenge: bytes | None
    screenshot: bytes
    # The fincore:* messages the page received, in order: type and sending origin.
    messages: list[dict[str, Any]] = field(default_factory=list)


async def checkout_3ds(
    browser: Browser, merchant_url: str, trace: StackTrace, number: str, answer: Answer = "approve"
) -> ThreeDSCheckout:
    """One checkout with a 3-D Secure card; ``answer`` is what the shopper does in a challenge."""
    context = await browser.new_context(viewport={"width": 900, "height": 900})
    try:
        page = await context.new_page()
        await open_checkout(page, merchant_url)
        await type_card(page, number, future_expiry(), "123", trace)
        await page.locator("#pay").click()
        challenge = await _answer_challenge(page, trace, answer)
        final = page.locator(", ".join(f"#outcome[data-kind='{k}']" for k in FINAL_KINDS))
        await final.wait_for()
        messages = await page.evaluate("window.__fincoreObserved")
        _note_browser_steps(trace, messages)
        return ThreeDSCheckout(
            await final.get_attribute("data-kind") or "",
            await final.inner_text(),
            await page.locator("body").get_attribute("data-authentication"),
            challenge,
            await page.screenshot(full_page=True),
            [{"type": m["type"], "origin": m["origin"]} for m in messages],
        )
    finally:
        await context.close()


async def _answer_challenge(page: Page, trace: StackTrace, answer: Answer) -> bytes | None:
    """Steps 15-15b: wait for the challenge (or the end, when there is none) and answer it."""
    outcome = ", ".join(f"#outcome[data-kind='{k}']" for k in FINAL_KINDS)
    await page.locator(f"{CHALLENGE_FRAME}, {outcome}").first.wait_for()
    if await page.locator(OVERLAY).count() == 0:
        return None
    frame = page.frame_locator(CHALLENGE_FRAME)
    await frame.locator("#challenge-amount").wait_for()
    picture = await page.screenshot()
    await frame.get_by_role("button", name=BUTTONS[answer]).click()
    trace.add(Hop("user", "psp_challenge", "click", BUTTONS[answer], "15b"))
    return picture


def _note_browser_steps(trace: StackTrace, messages: list[dict[str, Any]]) -> None:
    """The steps that are messages or callbacks inside the page, at the time the page saw them."""
    for seen in messages:
        if seen["type"] == TOKENIZE_RESULT and seen["token"]:
            trace.add(
                Hop("psp_iframe", "sdk_core", "postMessage", TOKENIZE_RESULT, "7"), seen["at"]
            )
            trace.add(
                Hop("sdk_core", "merchant_frontend", "resolve", "tokenize()", "8"), seen["at"]
            )
        if seen["type"] == THREE_DS_RESULT:
            trace.add(
                Hop("psp_challenge", "sdk_core", "postMessage", THREE_DS_RESULT, "16b"), seen["at"]
            )
            # handleNextAction resolves right after the message: step 17 follows it.
            trace.add(
                Hop("sdk_core", "merchant_frontend", "resolve", "handleNextAction()", "17"),
                seen["at"],
            )
