"""Fixtures for the payment-page controls: a local stack, a stand-in skimmer on an origin of its
own, and page captures in one headless Chromium per module.

Captures use Playwright's async API (``fincore.pci.capture`` is async, for notebooks), driven
from an event loop this fixture owns, so one browser serves every capture of a module.
"""

import asyncio
from collections.abc import Callable, Iterator

import pytest
from playwright.async_api import async_playwright

from fincore.lab.browser import launch_options
from fincore.lab.stack import LocalStack, StackOptions
from fincore.pci import PageCapture, capture
from fincore.pci.capture import DEFAULT_TIMEOUT_SECONDS
from fincore.pci.skimmer import SkimmerSite


@pytest.fixture(scope="module")
def pci_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    options = StackOptions(data_dir=tmp_path_factory.mktemp("pci-stack"))
    with LocalStack(options) as stack:
        yield stack


@pytest.fixture(scope="module")
def checkout_url(pci_stack: LocalStack) -> str:
    return f"{pci_stack.info.merchant_url}/"


@pytest.fixture(scope="module")
def skimmer() -> Iterator[SkimmerSite]:
    with SkimmerSite() as site:
        yield site


@pytest.fixture(scope="module")
def capture_page() -> Iterator[Callable[..., PageCapture]]:
    """``capture_page(url)``: what Chromium received loading ``url`` in a fresh context."""
    loop = asyncio.new_event_loop()
    playwright = loop.run_until_complete(async_playwright().start())
    browser = loop.run_until_complete(playwright.chromium.launch(**launch_options()))

    def capture_page(url: str, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> PageCapture:
        return loop.run_until_complete(capture(browser, url, timeout))

    yield capture_page
    loop.run_until_complete(browser.close())
    loop.run_until_complete(playwright.stop())
    loop.close()
