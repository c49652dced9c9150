"""The checkout page reports CSP violations to the merchant backend, and an injected script is
blocked and reported in a real Chromium."""

import asyncio
import json
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from fincore.lab.browser import launch_options
from fincore.merchant import MerchantSettings, create_app
from fincore.merchant.csp_reports import WITHHELD, CspReportLog
from fincore.merchant.tamper import tampered_page
from fincore.pci.skimmer import MARKER, SkimmerSite

# A script a compromised dependency could run: Trusted Types guards script URLs on this page, so
# it first makes itself a policy (the page's CSP names no allowed policy names), then adds a tag.
INJECT_SCRIPT_TAG = """(url) => new Promise((resolve) => {
  const policy = trustedTypes.createPolicy('injected-url', { createScriptURL: (u) => u });
  const script = document.createElement('script');
  script.onload = () => resolve('ran');
  script.onerror = () => resolve('blocked');
  script.src = policy.createScriptURL(url);
  document.head.append(script);
})"""
INJECT_INLINE_SCRIPT = """(code) => {
  const policy = trustedTypes.createPolicy('injected-text', { createScript: (c) => c });
  const script = document.createElement('script');
  script.text = policy.createScript(code);
  document.head.append(script);
}"""

LEGACY_REPORT = {
    "csp-report": {
        "document-uri": "https://shop.example/checkout?session=abc#pay",
        "blocked-uri": "https://evil.example/collect?data=secret-value",
        "effective-directive": "script-src-elem",
        "violated-directive": "script-src-elem",
        "original-policy": "default-src 'none'",
        "disposition": "enforce",
        "script-sample": "steal(secret-value)",
        "line-number": 7,
        "status-code": 200,
        "unexpected": "dropped",
    }
}
REPORTING_API_BATCH = [
    {
        "type": "csp-violation",
        "age": 3,
        "url": "https://shop.example/",
        "user_agent": "Chromium",
        "body": {
            "documentURL": "https://shop.example/",
            "blockedURL": "inline",
            "effectiveDirective": "script-src-elem",
            "disposition": "enforce",
            "sourceFile": "https://shop.example/static/checkout.js?v=1",
            "lineNumber": 12,
            "sample": "secret-value",
        },
    },
    {"type": "deprecation", "url": "https://shop.example/", "body": {"id": "x"}},
]


def post_report(stack, body: bytes, content_type: str) -> httpx.Response:
    url = f"{stack.info.merchant_url}/csp-reports"
    return httpx.post(url, content=body, headers={"Content-Type": content_type})


def reports(stack) -> CspReportLog:
    log: CspReportLog = stack.merchant_app.state.csp_reports
    return log


def test_a_report_uri_report_is_stored_without_query_strings_or_samples(stack):
    response = post_report(stack, json.dumps(LEGACY_REPORT).encode(), "application/csp-report")
    assert response.status_code == 204
    assert response.content == b""
    # Stored under the URL without its query string, or this finds nothing.
    [stored] = reports(stack).wait_for(lambda r: r["blocked_url"] == "https://evil.example/collect")
    assert stored["document_url"] == "https://shop.example/checkout"
    assert stored["effective_directive"] == "script-src-elem"
    assert (stored["line_number"], stored["status_code"], stored["via"]) == (7, 200, "report-uri")
    # What the stored line holds, byte for byte: no sample, no query, no unknown field.
    raw = reports(stack).path.read_text()
    assert "secret-value" not in raw and "unexpected" not in raw


def test_a_reporting_api_batch_keeps_its_csp_violations_only(stack):
    before = len(reports(stack).records())
    body = json.dumps(REPORTING_API_BATCH).encode()
    assert post_report(stack, body, "application/reports+json").status_code == 204
    stored = reports(stack).records()[before:]
    assert [(r["blocked_url"], r["via"]) for r in stored] == [("inline", "report-to")]
    assert stored[0]["source_file"] == "https://shop.example/static/checkout.js"
    assert "secret-value" not in reports(stack).path.read_text()


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b"not json <marker-1234>", "application/csp-report", 400, "invalid_report"),
        (b'{"report": "<marker-1234>"}', "application/csp-report", 400, "invalid_report"),
        (b'[{"type": "csp-violation"}]', "application/reports+json", 400, "invalid_report"),
        (b'{"csp-report": {}}', "text/plain", 415, "unsupported_media_type"),
        (b'{"csp-report": "' + b"x" * 70_000 + b'"}', "application/csp-report", 413, None),
    ],
)
def test_what_is_not_a_report_is_refused_without_being_echoed(
    stack, body, content_type, status, code
):
    before = len(reports(stack).records())
    response = post_report(stack, body, content_type)
    assert response.status_code == status
    assert b"marker-1234" not in response.content
    if code:
        assert response.json()["error"]["code"] == code
    assert len(reports(stack).records()) == before


def test_the_stored_log_stops_growing_at_its_cap(tmp_path):
    log = CspReportLog(tmp_path / "csp-reports.log", max_bytes=10)
    log.append([{"blocked_url": "inline"}])
    log.append([{"blocked_url": "eval"}, {"blocked_url": "inline"}])
    assert [r["blocked_url"] for r in log.records()] == ["inline"]
    assert log.dropped == 2
    with pytest.raises(TimeoutError):
        log.wait_for(lambda r: r["blocked_url"] == "eval", timeout=0.05)


def merchant_app(tmp_path):
    settings = MerchantSettings(
        data_dir=tmp_path,
        publishable_key="pk_test_x",
        secret_key="sk_test_x",
        payments_url="http://127.0.0.1:9",
        psp_origin="http://127.0.0.1:8",
        sdk_url="http://127.0.0.1:7/sdk/1.0.0/fincore-1.0.0.js",
        sdk_integrity="sha384-x",
    )
    return create_app(settings)


async def get_page(app, base_url: str) -> httpx.Response:
    # In-process, without the app's lifespan: the page needs no Payment Service client.
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
        return await client.get("/")


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_page_policy_names_the_report_endpoint(tmp_path, scheme):
    response = asyncio.run(get_page(merchant_app(tmp_path), f"{scheme}://shop.test"))
    policy = response.headers["content-security-policy"]
    assert "report-uri /csp-reports" in policy
    # Chromium ignores report-uri once report-to is named, and takes report-to only over HTTPS.
    if scheme == "https":
        assert "report-to csp-endpoint" in policy
        assert response.headers["reporting-endpoints"] == 'csp-endpoint="/csp-reports"'
    else:
        assert "report-to" not in policy
        assert "reporting-endpoints" not in response.headers


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(**launch_options())
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def skimmer() -> Iterator[SkimmerSite]:
    with SkimmerSite() as site:
        yield site


@pytest.fixture
def page(browser: Browser, stack) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{stack.info.merchant_url}/")
    expect(page.locator("body")).to_have_attribute("data-fields-ready", "true", timeout=10_000)
    yield page
    context.close()


@pytest.mark.browser
def test_an_injected_third_origin_script_is_blocked_and_reported(stack, page, skimmer):
    assert page.evaluate(INJECT_SCRIPT_TAG, skimmer.url) == "blocked"
    [report] = reports(stack).wait_for(lambda r: r["blocked_url"] == skimmer.url)
    assert report["effective_directive"] == "script-src-elem"
    assert report["document_url"] == f"{stack.info.merchant_url}/"
    assert report["disposition"] == "enforce"
    # Blocked before any byte was fetched, and never run.
    assert skimmer.requests == 0
    assert page.evaluate(f"window.{MARKER}") is None


@pytest.mark.browser
def test_an_injected_inline_script_is_blocked_and_reported(stack, page):
    page.evaluate(INJECT_INLINE_SCRIPT, f"window.{MARKER} = 'inline';")
    checkout = f"{stack.info.merchant_url}/"
    [report] = reports(stack).wait_for(
        lambda r: r["blocked_url"] == "inline" and r["document_url"] == checkout
    )
    assert report["effective_directive"] == "script-src-elem"
    # An inline script runs as it is inserted: had the policy allowed it, the marker would be set.
    assert page.evaluate(f"window.{MARKER}") is None


@pytest.mark.browser
def test_the_same_script_runs_when_the_policy_admits_its_origin(stack, browser, skimmer):
    # The control: with script-src loosened to the skimmer's origin, the same injection works,
    # so the blocks above are the policy's doing and not a broken script or server.
    with tampered_page(stack.merchant_app, extra_script_sources=[skimmer.origin]):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{stack.info.merchant_url}/")
        assert page.evaluate(INJECT_SCRIPT_TAG, skimmer.url) == "ran"
        assert page.evaluate(f"window.{MARKER}") is True
        context.close()
    assert skimmer.requests == 1


def test_a_report_whose_blocked_url_path_holds_a_card_number_is_stored_withheld(stack):
    report = {
        "csp-report": {
            "document-uri": "https://shop.example/checkout",
            "blocked-uri": "https://evil.example/c/4242-4242-4242-4242/x.gif",
            "effective-directive": "img-src",
        }
    }
    response = post_report(stack, json.dumps(report).encode(), "application/csp-report")
    assert response.status_code == 204
    [stored] = reports(stack).wait_for(lambda r: r["effective_directive"] == "img-src")
    assert stored["blocked_url"] == WITHHELD
    assert "4242" not in reports(stack).path.read_text()
