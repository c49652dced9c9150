"""The browser part of the flow, one step per notebook cell: a checkout page in headless Chromium.

``fincore.lab.shopper.checkout`` runs a whole checkout in one call; a notebook that explains the
flow step by step needs the page between the steps, and what the browser received (the SDK's bytes,
the PSP's token answer)::

    tour = await CheckoutTour.start()
    await tour.open(merchant_url)            # steps 1-3
    await type_card(tour.page, ...)          # step 4
    token = await tour.json_of("/v1/tokens")  # steps 5-6, as the iframe received it
    await tour.close()

Async, because Jupyter's kernel already runs an event loop.
"""

from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Browser, BrowserContext, Page, Response

from fincore.common.currencies import format_amount
from fincore.common.sri import sri as sri_hash  # noqa: F401  (re-exported: notebooks check the SDK's SRI)
from fincore.lab.shopper import open_checkout, shopper_session
from fincore.lab.stack import LocalStack
from fincore.walkthrough.display import Table

VIEWPORT = {"width": 900, "height": 900}


def price_checkout(stack: LocalStack, amount: int, currency: str) -> str:
    """Make the bundled demo checkout page sell its product for ``amount`` ``currency``.

    The merchant app reads its settings on every request, so the next page load shows the price
    and the next Pay click charges it. Returns the price as the page shows it.
    """
    settings = stack.merchant_app.state.settings
    stack.merchant_app.state.settings = settings.model_copy(
        update={"amount": amount, "currency": currency.lower()}
    )
    return format_amount(amount, currency)


class CheckoutTour:
    """A headless Chromium page, with every response its frames received kept for inspection."""

    def __init__(
        self, exits: AsyncExitStack, browser: Browser, context: BrowserContext, page: Page
    ) -> None:
        self._exits = exits
        self.browser = browser
        self.context = context
        self.page = page
        self.responses: list[Response] = []
        context.on("response", self._keep)

    def _keep(self, response: Response) -> None:
        self.responses.append(response)

    @classmethod
    async def start(cls) -> "CheckoutTour":
        exits = AsyncExitStack()
        try:
            browser: Browser = await exits.enter_async_context(shopper_session())
            context = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
            page = await context.new_page()
        except BaseException:
            await exits.aclose()
            raise
        return cls(exits, browser, context, page)

    async def fresh_page(self) -> Page:
        """A new browser context (cold cache, no cookies) replacing the current one."""
        await self.context.close()
        self.responses = []
        self.context = await self.browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
        self.context.on("response", self._keep)
        self.page = await self.context.new_page()
        return self.page

    async def open(self, merchant_url: str) -> None:
        """Steps 1-3: load the checkout page and wait until the SDK has mounted the PSP fields."""
        await open_checkout(self.page, merchant_url)

    def response_to(self, path_end: str, method: str = "GET") -> Response:
        """The last response to a ``method`` request whose URL path ends with ``path_end``."""
        for response in reversed(self.responses):
            request = response.request
            if request.method == method and response.url.split("?")[0].endswith(path_end):
                return response
        seen = ", ".join(f"{r.request.method} {r.url}" for r in self.responses)
        raise LookupError(f"No {method} response ending in {path_end!r}; seen: {seen}")

    async def json_of(self, path_end: str, method: str = "POST") -> Any:
        """The JSON body of the last ``method`` response ending in ``path_end``."""
        return await self.response_to(path_end, method).json()

    def frame_origins(self) -> list[str]:
        """The origin of every frame in the page, the page's own first."""
        origins = []
        for frame in self.page.frames:
            url = frame.url
            scheme, _, rest = url.partition("://")
            origins.append(f"{scheme}://{rest.split('/')[0]}" if rest else url)
        return origins

    async def close(self) -> None:
        await self.context.close()
        await self._exits.aclose()


@dataclass(frozen=True)
class DeployedPage:
    """What a shopper's browser can check of any deployed checkout page, from outside."""

    sdk_url: str
    # The page's integrity attribute for fincore.js, and the sha384 of the bytes Chromium got.
    pinned: str | None
    served: str
    field_origins: list[str]

    def table(self) -> Table:
        return Table(
            ["what", "value"],
            [
                ("fincore.js loaded from", self.sdk_url),
                ("integrity attribute in the page", self.pinned or "(none)"),
                ("sha384 of the bytes served", self.served),
                ("card fields served by", ", ".join(self.field_origins)),
            ],
        )


async def inspect_checkout(merchant_url: str) -> DeployedPage:
    """Load a deployed checkout page in Chromium until its card fields are mounted (steps 1-3)."""
    tour = await CheckoutTour.start()
    try:
        await tour.open(merchant_url)
        src, pinned = await tour.page.eval_on_selector(
            "script[src*='/sdk/']", "s => [s.src, s.getAttribute('integrity')]"
        )
        served = await tour.response_to(urlsplit(src).path).body()
        return DeployedPage(src, pinned, sri_hash(served), tour.frame_origins()[1:])
    finally:
        await tour.close()


def payment_story(name: str, payment: dict[str, Any]) -> str:
    """One sentence saying what happened to the shopper's money, from the payment object."""
    amount = payment.get("amount_display")
    if payment.get("status") == "succeeded":
        card = payment.get("card") or {}
        return (
            f"{name} was charged {amount} ({card.get('brand')} ending {card.get('last4')}): "
            "the payment succeeded."
        )
    if payment.get("status") == "failed":
        return (
            f"{name} was declined ({payment.get('decline_code')}): "
            f'"{payment.get("failure_message")}" No money moved, and the failed payment of '
            f"{amount} is stored."
        )
    return f"{name}: the payment of {amount} is {payment.get('status')}."
