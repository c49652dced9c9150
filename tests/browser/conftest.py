"""Browser fixtures: one local stack and one real Chromium per test module, a fresh context per
test, and a page object for the demo checkout.

The stack records every request body the merchant backend, the Payment Service and the CDN
receive; when a module's stack stops, those bodies are scanned and a card number in any of them
fails the module.
"""

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Frame,
    Locator,
    Page,
    expect,
    sync_playwright,
)

from fincore.cards.pan_pattern import find_pans
from fincore.lab.browser import launch_options
from fincore.lab.stack import LocalStack, StackOptions
from fincore.walkthrough.attacks import Site

expect.set_options(timeout=10_000)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
AXE = Axe()  # axe-core as the package ships it: nothing is downloaded
# axe-core talks to the copies in the PSP's frames only when told other origins may answer.
AXE_ANY_ORIGIN = "axe.configure({ allowedOrigins: ['<unsafe_all_origins>'] })"
AXE_RUN = """axe.run(document, { iframes: true }).then((results) => ({
    violations: results.violations.map((rule) => ({
        id: rule.id, impact: rule.impact, targets: rule.nodes.map((node) => node.target) })),
    untested: results.incomplete.filter((rule) => rule.id === 'frame-tested')
        .flatMap((rule) => rule.nodes.map((node) => node.target)),
    framed: [...new Set([...results.passes, ...results.violations].flatMap((rule) =>
        rule.nodes.filter((node) => node.target.length > 1).map((node) => node.target[0])))],
}))"""


def accessibility_report(page: Page) -> dict[str, Any]:
    """axe-core over the page and inside every field frame: violations, frames it could not
    test, and the frames it did test."""
    for frame in page.frames:
        frame.evaluate(AXE.axe_script)
        frame.evaluate(AXE_ANY_ORIGIN)
    report: dict[str, Any] = page.evaluate(AXE_RUN)
    return report


def recorded_bodies(stack: LocalStack) -> dict[str, list[dict[str, Any]]]:
    """Every request body the out-of-PCI-scope services received, by service."""
    return {
        service: [
            {
                "method": r.method,
                "path": r.path.decode("latin-1"),
                "query": r.query.decode("latin-1"),
                "body": r.body.decode("utf-8", errors="replace"),
            }
            for r in stack.traffic.received(service)
        ]
        for service in ("merchant", "payments", "cdn")
    }


def pans_in(records: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [
        f"{service} {record['method']} {record['path']}: {pan}"
        for service, entries in records.items()
        for record in entries
        for pan in find_pans(record["body"] + " " + record["query"])
    ]


@pytest.fixture(scope="module")
def foreign_site() -> Iterator[Site]:
    """A site no merchant registered."""
    site = Site("foreign-site")
    yield site
    site.server.stop()


@pytest.fixture(scope="module")
def partner_site() -> Iterator[Site]:
    """A second site the demo merchants did register as an allowed origin."""
    site = Site("partner-site")
    yield site
    site.server.stop()


@pytest.fixture(scope="module")
def browser_stack(
    tmp_path_factory: pytest.TempPathFactory, partner_site: Site
) -> Iterator[LocalStack]:
    options = StackOptions(
        data_dir=tmp_path_factory.mktemp("browser-stack"),
        extra_allowed_origins=[partner_site.origin],
    )
    with LocalStack(options) as stack:
        yield stack
        found = pans_in(recorded_bodies(stack))
    assert not found, f"card numbers reached out-of-scope services: {found}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(**launch_options())
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def future_expiry() -> str:
    return f"12 / {(dt.date.today().year + 3) % 100:02d}"


class Checkout:
    """The demo checkout page, as a shopper (and a curious script) sees it."""

    def __init__(self, page: Page, stack: LocalStack) -> None:
        self.page = page
        self.stack = stack
        self.outcome = page.locator("#outcome")

    def open(self) -> "Checkout":
        self.page.goto(f"{self.stack.info.merchant_url}/")
        expect(self.page.locator("body")).to_have_attribute("data-fields-ready", "true")
        return self

    def input(self, field: str) -> Locator:
        """The real <input> inside the PSP's iframe for ``field``."""
        return self.page.frame_locator(f"#card-{field} iframe").locator("input")

    def frame(self, field: str) -> Frame:
        frame = self.page.locator(f"#card-{field} iframe").element_handle().content_frame()
        assert frame is not None
        return frame

    def container(self, field: str) -> Locator:
        return self.page.locator(f"#card-{field}")

    def fill_card(self, number: str, expiry: str | None = None, cvc: str = "123") -> None:
        self.input("number").fill(number)
        self.input("expiry").fill(expiry or future_expiry())
        self.input("cvc").fill(cvc)

    def pay(self) -> None:
        self.page.locator("#pay").click()

    def channel(self) -> str:
        src = self.page.locator("#card-number iframe").get_attribute("src") or ""
        return src.split("#channel=")[1]


@pytest.fixture
def checkout(page: Page, browser_stack: LocalStack) -> Checkout:
    return Checkout(page, browser_stack).open()


@pytest.fixture
def new_checkout(context: BrowserContext, browser_stack: LocalStack) -> Any:
    """``new_checkout()`` opens another checkout page in the test's context."""
    return lambda: Checkout(context.new_page(), browser_stack).open()


@pytest.fixture
def checkout_on() -> Any:
    """``checkout_on(page, stack)``: the demo checkout of another stack (e.g. one with a clock)."""
    return lambda page, stack: Checkout(page, stack).open()


@pytest.fixture(scope="module")
def bodies_of() -> Any:
    """``bodies_of(stack)``: the request bodies recorded by any stack's out-of-scope services."""
    return recorded_bodies


@pytest.fixture
def bodies(browser_stack: LocalStack) -> Any:
    """``bodies()``: the request bodies recorded so far by the merchant, payments and CDN."""
    return lambda: recorded_bodies(browser_stack)


@pytest.fixture
def pans_found() -> Any:
    return pans_in


@pytest.fixture
def axe_report() -> Any:
    """``axe_report(page)``: axe-core over the page and inside its field frames."""
    return accessibility_report


@pytest.fixture
def screenshots() -> Path:
    """``build/screenshots/``, where browser tests leave pictures for a reviewer."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# The page itself waits for the condition, in a function the browser compiles for the caller
# (DevTools evaluation). Playwright's wait_for_function re-compiles its predicate with eval when
# it has to poll, which the checkout's Content-Security-Policy rightly forbids: under load the
# first check comes too early and the wait fails with an EvalError.
_WAIT_UNTIL = """async () => {
    const deadline = Date.now() + %(timeout)d;
    while (!(%(condition)s)) {
        if (Date.now() > deadline) throw new Error('timed out waiting for: ' + %(quoted)s);
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}"""


def page_waits_until(target: Any, condition: str, timeout_ms: int = 10_000) -> None:
    """Wait until the JavaScript ``condition`` holds in ``target`` (a page or a frame)."""
    quoted = json.dumps(condition)
    target.evaluate(_WAIT_UNTIL % {"timeout": timeout_ms, "condition": condition, "quoted": quoted})


@pytest.fixture
def wait_until() -> Any:
    """``wait_until(page_or_frame, "js condition")``, safe under a strict CSP."""
    return page_waits_until
