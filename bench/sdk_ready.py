"""Time from fincore.js loaded to all three card fields ready, in Chromium (issue 3).

    .venv/bin/python bench/sdk_ready.py [--runs 7]

Each run opens the demo checkout in a fresh browser context (cold HTTP cache) on the local stack
and reads two browser timestamps: the SDK script's ``responseEnd`` (Resource Timing; the CDN
sends Timing-Allow-Origin) and the ``fincore:fields-ready`` mark the checkout page sets in its
``ready`` handler. Between them: SDK start-up, three iframe loads from the PSP, the frames'
script, and the configure handshake. Prints the median, minimum and maximum.
"""

import argparse
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, expect, sync_playwright

from fincore.lab.browser import launch_options
from fincore.lab.stack import LocalStack, StackOptions

TIMESTAMPS = """() => {
    const sdk = performance.getEntriesByType('resource')
        .find((entry) => /\\/sdk\\/.*\\/fincore-[^/]*\\.js$/.test(entry.name));
    const ready = performance.getEntriesByName('fincore:fields-ready')[0];
    return { loaded: sdk.responseEnd, ready: ready.startTime };
}"""


def one_run(browser: Browser, checkout_url: str) -> tuple[float, float]:
    """(script loaded -> ready, navigation start -> ready), in milliseconds."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(checkout_url)
        expect(page.locator("body")).to_have_attribute("data-fields-ready", "true")
        stamps = page.evaluate(TIMESTAMPS)
        return stamps["ready"] - stamps["loaded"], stamps["ready"]
    finally:
        context.close()


def summary(name: str, values: list[float]) -> str:
    median = statistics.median(values)
    return f"  {name:<32} median {median:7.1f} ms  min {min(values):7.1f}  max {max(values):7.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with (
        tempfile.TemporaryDirectory() as folder,
        LocalStack(StackOptions(data_dir=Path(folder))) as stack,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(**launch_options())
        one_run(browser, f"{stack.info.merchant_url}/")  # warm-up: servers, Chromium processes
        results = [one_run(browser, f"{stack.info.merchant_url}/") for _ in range(runs)]
        browser.close()
    print(f"fincore.js fields ready, {runs} runs, local stack on loopback, headless Chromium")
    print(summary("script loaded -> 3 fields ready", [r[0] for r in results]))
    print(summary("navigation start -> ready", [r[1] for r in results]))


if __name__ == "__main__":
    main()
