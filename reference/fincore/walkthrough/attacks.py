"""Attacks on the card path, run in headless Chromium for the security notebook (async API).

Each helper plays one attacker against a running stack and returns what the browser did, so the
notebook's cells stay short and only state the claim::

    async with shopper_session() as browser:
        with Site("foreign-site") as site:
            forged = await forge_messages(browser, stack, site)  # the SDK ignores them
            framed = await frame_field(browser, site, field_url(stack, merchant_url))
        blocked = await tamper_sdk(browser, stack)  # SRI refuses a changed fincore.js

The same attacks run with the sync API in ``tests/browser/``. ``inventory_table`` shows a PCI DSS
6.4.3 script inventory (``fincore.pci``) as a notebook table.
"""

import json
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol
from urllib.parse import urlencode

from playwright.async_api import Browser, Frame, Page, Route
from starlette.applications import Starlette
from starlette.requests import Request as HttpRequest
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route as HttpRoute

from fincore.hosting.server import ThreadedServer
from fincore.lab.shopper import open_checkout
from fincore.lab.stack import StackInfo
from fincore.pci.inventory import Inventory
from fincore.walkthrough.display import Table

CHANNEL_LENGTH = 32


class Deployment(Protocol):
    """What the attacks need of the system: its URLs and keys (a ``LocalStack``, a
    ``Connection`` to any target with a merchant page)."""

    @property
    def info(self) -> StackInfo: ...


# Installed on the checkout page: ``arrived`` lists the origin of every CVC change that reached the
# window (a plain listener hears everything), ``heard`` the fields the SDK reported as changed.
LISTEN = """() => {
    window.heard = [];
    window.arrived = [];
    window.fincoreCheckout.card.on('change', (event) => window.heard.push(event.field));
    window.addEventListener('message', (event) => {
        if (event.data && event.data.payload && event.data.payload.field === 'cvc') {
            window.arrived.push(event.origin);
        }
    });
}"""

# Served by a foreign site: posts the message in its URL fragment to the window that opened it.
FORGE_PAGE = """<!doctype html><script>
const params = new URLSearchParams(location.hash.slice(1));
(window.opener || window.parent).postMessage(JSON.parse(params.get('message')), '*');
</script>"""

POST_TO_PARENT = "([m, origin]) => window.parent.postMessage(m, origin)"


class Site:
    """A plain web site on its own loopback origin, serving the pages it is given.

    Real sockets, not Playwright-fulfilled responses: Chromium treats a fulfilled page as public
    and blocks its requests to loopback, which would hide what frame-ancestors does.
    """

    def __init__(self, name: str) -> None:
        self.pages: dict[str, str] = {}
        # Every path asked of this site: a test can show a page never reached it.
        self.requested: list[str] = []
        app = Starlette(routes=[HttpRoute("/{path:path}", self._serve)])
        self.server = ThreadedServer(app, name).start()
        self.origin = self.server.url

    async def _serve(self, request: HttpRequest) -> Response:
        self.requested.append(request.url.path)
        body = self.pages.get(request.url.path)
        return HTMLResponse(body) if body is not None else Response(status_code=404)

    def serve(self, path: str, html: str) -> str:
        """Serve ``html`` at ``path``; returns its URL."""
        self.pages[path] = html
        return f"{self.origin}{path}"

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> "Site":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def change_message(channel: str, field: str) -> dict[str, object]:
    """A ``fincore:change`` message as a field frame posts it to the SDK."""
    payload = {"field": field, "empty": False, "complete": True, "valid": True, "error": None}
    return {
        "protocol": "fincore/1",
        "channel": channel,
        "type": "fincore:change",
        "payload": payload,
    }


WRONG_CHANNEL = "f" * CHANNEL_LENGTH
FORGERIES = (
    "a foreign site in a card-field window, with the right channel id",
    "the PSP's own CVC frame, with a wrong channel id",
)


@dataclass(frozen=True)
class Forgeries:
    """Forged CVC changes that reached the checkout page, and what the SDK reported."""

    arrived: list[tuple[str, str]]  # (forgery, who the page saw it come from)
    heard: list[str]  # fields the SDK reported as changed, the genuine expiry change included

    @property
    def ignored(self) -> bool:
        """Every forgery reached the page, none was acted on, and the genuine message was."""
        return len(self.arrived) == len(FORGERIES) and self.heard == ["expiry"]

    def rows(self) -> list[tuple[str, str, str]]:
        """(forgery, sent from, what the SDK did) per forgery."""
        did = "reported a CVC change" if "cvc" in self.heard else "ignored it"
        return [(name, sender, did) for name, sender in self.arrived]


async def forge_messages(browser: Browser, stack: Deployment, foreign: Site) -> Forgeries:
    """Post forged CVC changes to the SDK: from a foreign site loaded in the number field's window
    (the very window the SDK expects messages from) with the right channel, and from the PSP's own
    CVC frame with a wrong channel. Then a genuine expiry change from the PSP's expiry frame
    proves the SDK was listening. No sleeps: each step waits for its arrival.

    A popup cannot be the foreign window: the checkout's Cross-Origin-Opener-Policy leaves a
    window it opens on another origin without a handle to it."""
    merchant_url = stack.info.merchant_url or ""
    # Lets the number frame navigate to the foreign site, which the checkout page's own CSP
    # (frame-src: the PSP only) would otherwise stop before the SDK's checks are reached.
    context = await browser.new_context(bypass_csp=True)
    try:
        page = await context.new_page()
        await open_checkout(page, merchant_url)
        await page.evaluate(LISTEN)
        channel = await _channel(page)
        forged = urlencode({"message": json.dumps(change_message(channel, "cvc"))})
        number = await _field_frame(page, "number")
        url = foreign.serve("/forge", FORGE_PAGE) + "#" + forged
        await number.evaluate("url => { location.href = url; }", url)
        await page.wait_for_function("() => window.arrived.length === 1")
        cvc = await _field_frame(page, "cvc")
        await cvc.evaluate(POST_TO_PARENT, [change_message(WRONG_CHANNEL, "cvc"), merchant_url])
        await page.wait_for_function("() => window.arrived.length === 2")
        expiry = await _field_frame(page, "expiry")
        await expiry.evaluate(POST_TO_PARENT, [change_message(channel, "expiry"), merchant_url])
        await page.wait_for_function("() => window.heard.includes('expiry')")
        senders = {foreign.origin: "foreign site", stack.info.psp_url: "PSP"}
        origins = [senders.get(o, o) for o in await page.evaluate("() => window.arrived")]
        return Forgeries(
            list(zip(FORGERIES, origins, strict=True)), await page.evaluate("() => window.heard")
        )
    finally:
        await context.close()


def flip_one_byte(body: bytes) -> bytes:
    """``body`` with one byte changed, inside the SDK's banner comment: the script would still
    run if the browser let it."""
    at = body.index(b"fincore.js")
    return body[:at] + b"F" + body[at + 1 :]


@dataclass(frozen=True)
class TamperedSdk:
    """What the checkout page did when the CDN served fincore.js with one byte changed."""

    bytes_changed: int
    sdk_state: str  # the page's body[data-sdk]
    outcome: str  # the message the page shows the shopper
    pay_disabled: bool
    sdk_ran: bool  # window.FinCore defined
    integrity_errors: list[str]  # the browser's console messages about integrity
    psp_requests: int  # requests the page made to the PSP (no fields without the SDK)


async def tamper_sdk(browser: Browser, stack: Deployment) -> TamperedSdk:
    """Load the checkout page while the CDN's fincore.js arrives with one byte changed."""
    context = await browser.new_context()
    try:
        page = await context.new_page()
        console: list[str] = []
        psp: list[str] = []
        changed: list[int] = []
        page.on("console", lambda message: console.append(message.text))
        page.on("request", lambda request: psp.append(request.url))

        async def tamper(route: Route) -> None:
            original = await route.fetch()
            body = await original.body()
            altered = flip_one_byte(body)
            changed.append(sum(a != b for a, b in zip(body, altered, strict=True)))
            await route.fulfill(response=original, body=altered)

        await page.route(f"{stack.info.cdn_url}/sdk/**/fincore-*.js", tamper)
        await page.goto(f"{stack.info.merchant_url}/")
        await page.wait_for_selector("body[data-sdk='blocked']", state="attached")
        outcome = await page.locator("#outcome").inner_text()
        return TamperedSdk(
            bytes_changed=sum(changed),
            sdk_state=await page.locator("body").get_attribute("data-sdk") or "",
            outcome=outcome,
            pay_disabled=await page.locator("#pay").is_disabled(),
            sdk_ran=await page.evaluate("() => typeof window.FinCore !== 'undefined'"),
            integrity_errors=[text for text in console if "integrity" in text],
            psp_requests=sum(url.startswith(stack.info.psp_url) for url in psp),
        )
    finally:
        await context.close()


def field_url(stack: Deployment, claimed_origin: str, field: str = "number") -> str:
    """The PSP's card field page for the first demo merchant, as an SDK would frame it."""
    merchant = stack.info.merchants[0]
    query = urlencode({"key": merchant.publishable_key, "origin": claimed_origin})
    return f"{stack.info.psp_url}/fields/v1/{field}?{query}#channel={'a' * CHANNEL_LENGTH}"


def framing_page(src: str) -> str:
    return (
        "<!doctype html><body><script>window.loads = 0</script>"
        f'<iframe src="{src}" onload="window.loads++"></iframe></body>'
    )


@dataclass(frozen=True)
class Framing:
    """A page on ``site_origin`` that framed a PSP card field: what the frame became."""

    site_origin: str
    frame_url: str  # chrome-error://... when the browser refused to render it
    refusals: list[str]  # the browser's console messages naming frame-ancestors

    @property
    def rendered(self) -> bool:
        return not self.frame_url.startswith("chrome-error://")


async def frame_field(browser: Browser, site: Site, src: str) -> Framing:
    """Open a page on ``site`` that frames ``src`` and wait until the frame has loaded."""
    context = await browser.new_context()
    try:
        page = await context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        await page.goto(site.serve("/checkout", framing_page(src)))
        await page.wait_for_function("() => window.loads === 1")
        refusals = [text for text in console if "frame-ancestors" in text]
        return Framing(site.origin, page.frames[1].url, refusals)
    finally:
        await context.close()


async def _channel(page: Page) -> str:
    src = await page.locator("#card-number iframe").get_attribute("src") or ""
    return src.split("#channel=")[1]


async def _field_frame(page: Page, field: str) -> Frame:
    handle = await page.locator(f"#card-{field} iframe").element_handle()
    frame = await handle.content_frame() if handle else None
    if frame is None:
        raise LookupError(f"the checkout page has no {field} frame")
    return frame


def inventory_table(inventory: Inventory) -> Table:
    """The PCI DSS 6.4.3 script inventory as a notebook table: one row per script, without the
    long justifications and hashes (``inventory.to_markdown()`` has them)."""
    return Table(
        ["script", "document", "status", "SRI", "assured by", "owner", "flags"],
        [
            (
                e.script,
                e.frame,
                e.status,
                e.sri,
                ", ".join(e.assured_by) or "-",
                e.owner or "-",
                ", ".join(e.flags) or "-",
            )
            for e in inventory.entries
        ],
    )
