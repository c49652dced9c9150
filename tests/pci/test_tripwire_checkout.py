"""The PAN tripwire over a real checkout in Chromium, with a canary card no one used before.

Out of PCI scope, and watched: the merchant frontend origin (every request the browser sent to
anything but the PSP, as Playwright saw it), and the merchant backend, Payment Service and CDN
(everything they received and wrote under the stack's data folder). A clean checkout leaves no
card number in any of them; a page that posts the card number to its backend is caught and named.
"""

import datetime as dt
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Request,
    expect,
    sync_playwright,
)

from fincore.lab.browser import launch_options
from fincore.lab.stack import LocalStack
from fincore.tripwire import (
    Received,
    TrafficRecorder,
    TripwireReport,
    build_report,
    canary_cvc,
    new_canary,
    scan_bytes,
    stack_folders,
)

pytestmark = pytest.mark.browser

FRONTEND = "merchant frontend"

# A broken integration: the page's own script sends the card number to its backend.
POST_CARD_TO_BACKEND = """async (pan) => {
  const response = await fetch('/api/checkout', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: 'tok_broken', attempt: '0'.repeat(32), card_number: pan }),
  });
  return response.status;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(**launch_options())
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # Closed after the test: request headers are read from the browser when the report is built.
    context = browser.new_context()
    yield context
    context.close()


def open_checkout(context: BrowserContext, stack: LocalStack, sent: list[Request]) -> Page:
    page = context.new_page()
    page.on("request", lambda request: sent.append(request))
    page.goto(f"{stack.info.merchant_url}/")
    expect(page.locator("body")).to_have_attribute("data-fields-ready", "true", timeout=10_000)
    return page


def pay(page: Page, number: str, cvc: str) -> None:
    def field(name: str) -> Locator:
        return page.frame_locator(f"#card-{name} iframe").locator("input")

    field("number").fill(number)
    field("expiry").fill(f"12 / {(dt.date.today().year + 3) % 100:02d}")
    field("cvc").fill(cvc)
    page.locator("#pay").click()


def frontend_traffic(sent: list[Request], stack: LocalStack) -> TrafficRecorder:
    """The stack's record of what the back ends received, plus what the browser sent to every
    origin but the PSP's (the only one in PCI scope)."""
    recorder = stack.traffic
    for request in sent:
        if request.url.startswith(stack.info.psp_url):
            continue
        parts = urlsplit(request.url)
        headers = tuple((k.encode(), v.encode()) for k, v in request.all_headers().items())
        body = request.post_data_buffer or b""
        received = Received(
            FRONTEND, request.method, parts.path.encode(), parts.query.encode(), headers, body
        )
        recorder.record(received)
    return recorder


def tripwire(sent: list[Request], stack: LocalStack) -> TripwireReport:
    folders = stack_folders(stack.info.data_dir)
    return build_report(frontend_traffic(sent, stack), folders)


def test_a_canary_checkout_leaves_no_card_number_outside_the_psp(context, pci_stack):
    canary, sent = new_canary(), []
    page = open_checkout(context, pci_stack, sent)
    pay(page, canary, canary_cvc())
    outcome = page.locator("#outcome")
    expect(outcome).to_have_attribute("data-kind", "success", timeout=10_000)
    expect(outcome).to_contain_text(f"ending in {canary[-4:]}")

    report = tripwire(sent, pci_stack)
    assert report.ok, report.to_markdown()
    # Empty because nothing leaked, not because nothing was looked at.
    scanned = " ".join(report.scanned)
    assert f"{FRONTEND} received" in scanned
    for component in ("merchant", "payments", "cdn"):
        assert f"{component} wrote" in scanned
        assert f"{component} received" in scanned
    paths = [urlsplit(r.url).path for r in sent if not r.url.startswith(pci_stack.info.psp_url)]
    assert "/api/checkout" in paths
    # The stack's own trace of every request each service received agrees.
    received = [o for o in pci_stack.trace.observations if o.service != "psp"]
    assert {o.service for o in received} == {"merchant", "payments", "cdn"}
    assert not [o for o in received if o.card_data]
    # The detector sees this card in the traffic it did cross: to the PSP's token endpoint.
    [tokenize] = [r for r in sent if r.url == f"{pci_stack.info.psp_url}/v1/tokens"]
    assert [f.last4 for f in scan_bytes(tokenize.post_data_buffer or b"", "")] == [canary[-4:]]


def test_a_page_posting_the_card_number_to_its_backend_is_caught_and_named(context):
    # A stack of its own, in a temporary folder removed when it stops: the card number this test
    # plants must not stay where the session-wide scan of out-of-scope folders would find it.
    with LocalStack() as stack:
        canary, sent = new_canary(), []
        page = open_checkout(context, stack, sent)
        assert page.evaluate(POST_CARD_TO_BACKEND, canary) == 400
        report = tripwire(sent, stack)
        leaks = [(o.service, o.path) for o in stack.trace.observations if o.card_data]
    assert leaks == [("merchant", "/api/checkout")]

    assert not report.ok
    named = {(f.component, f.where) for f in report.findings}
    assert (FRONTEND, "POST /api/checkout (body)") in named
    assert ("merchant", "POST /api/checkout (body)") in named
    # What the merchant received is named; what it wrote (metadata only) holds nothing.
    assert not [f for f in report.findings if f.where.startswith(str(stack.info.data_dir))]
    assert {f.last4 for f in report.findings} == {canary[-4:]}
    text = report.to_markdown()
    assert canary[-4:] in text and canary not in text
