"""Security headers on every response of every service, and pages that set their own policy keep
it: the PSP's card fields (framed by the merchant's origin) and the demo checkout page."""

import httpx
import pytest
from fastapi.responses import JSONResponse

from fincore.common.security_headers import API_POLICY, DOCS_POLICY
from fincore.common.service import build_service
from fincore.hosting.server import ThreadedServer, bind_free_port

SERVICES = ["psp_url", "payments_url", "merchant_url", "cdn_url"]


def assert_api_headers(response: httpx.Response) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Security-Policy"] == API_POLICY


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/healthz", 200),
        ("GET", "/openapi.json", 200),
        ("GET", "/no/such/route", 404),
        ("DELETE", "/healthz", 405),
        ("POST", "/healthz", 405),
    ],
)
def test_every_service_answers_with_the_api_headers(stack, service, method, path, status):
    response = httpx.request(method, getattr(stack.info, service) + path)
    assert response.status_code == status
    assert_api_headers(response)


def test_responses_written_before_any_handler_carry_them_too(stack, merchant):
    too_large = httpx.post(f"{stack.info.payments_url}/v1/payments", content=b"x" * (2 << 20))
    refused_card = merchant._http.get("/v1/payments", params={"starting_after": "4242424242424242"})
    duplicate = merchant._http.post(
        "/v1/payments", content=b'{"a": 1, "a": 2}', headers={"Content-Type": "application/json"}
    )
    for response, status in [(too_large, 413), (refused_card, 400), (duplicate, 400)]:
        assert response.status_code == status
        assert_api_headers(response)


def test_the_card_field_page_keeps_its_own_policy(stack):
    merchant = stack.info.merchants[0]
    response = httpx.get(
        f"{stack.info.psp_url}/fields/v1/number",
        params={"key": merchant.publishable_key, "origin": merchant.allowed_origins[0]},
    )
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert f"frame-ancestors {' '.join(merchant.allowed_origins)}" in policy
    assert "script-src 'nonce-" in policy
    assert response.headers.get_list("Content-Security-Policy") == [policy]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_checkout_page_keeps_its_own_policy(stack):
    response = httpx.get(f"{stack.info.merchant_url}/")
    assert response.status_code == 200
    assert "frame-src " + stack.info.psp_url in response.headers["Content-Security-Policy"]
    assert len(response.headers.get_list("Content-Security-Policy")) == 1
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_interactive_docs_get_a_policy_that_does_not_break_them(stack, path):
    response = httpx.get(stack.info.payments_url + path)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == DOCS_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def headers_service(tmp_path):
    """A bare service from ``build_service``, on loopback, whose one route sets its own policy."""
    app, log = build_service("headers", "", tmp_path / "requests.log")

    @app.get("/own")
    async def own() -> JSONResponse:
        headers = {"Content-Security-Policy": "default-src 'self'", "Referrer-Policy": "origin"}
        return JSONResponse({}, headers=headers)

    @app.get("/plain")
    async def plain() -> dict[str, str]:
        return {}

    @app.get("/broken")
    async def broken() -> dict[str, str]:
        raise RuntimeError("a bug")

    sock = bind_free_port()
    host, port = sock.getsockname()
    server = ThreadedServer(app, "headers", sock).start()
    yield f"http://{host}:{port}", log
    server.stop()
    log.close()


def test_a_handler_overrides_the_policy_by_setting_it(headers_service):
    url, _ = headers_service
    own = httpx.get(url + "/own")
    assert own.headers.get_list("Content-Security-Policy") == ["default-src 'self'"]
    assert own.headers["Referrer-Policy"] == "origin"
    assert own.headers["X-Content-Type-Options"] == "nosniff"
    assert_api_headers(httpx.get(url + "/plain"))


def test_an_unhandled_exception_still_gets_the_headers_and_a_log_line(headers_service):
    url, log = headers_service
    response = httpx.get(url + "/broken")
    assert response.status_code == 500
    assert "Traceback" not in response.text
    assert_api_headers(response)
    assert [(r["path"], r["status"]) for r in log.records()] == [("/broken", 500)]


@pytest.mark.parametrize(
    ("service", "path", "allowed"),
    [
        ("payments_url", "/v1/payments", "GET, POST"),
        ("payments_url", "/v1/payments/pay_x", "GET"),
        ("psp_url", "/v1/charges", "GET, POST"),
        ("psp_url", "/v1/test_helpers/faults", "GET, POST, DELETE"),
    ],
)
def test_a_405_names_every_method_the_path_accepts(stack, service, path, allowed):
    response = httpx.put(getattr(stack.info, service) + path)
    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    assert response.json()["error"]["code"] == "method_not_allowed"
