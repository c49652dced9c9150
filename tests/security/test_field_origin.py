"""The origins that host card entry serve nothing a third party can influence: no interactive API
docs (Swagger UI and ReDoc load scripts from a public CDN), a policy with script-src on every
page, and Cross-Origin-Opener-Policy on the checkout."""

import httpx
import pytest


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/docs/oauth2-redirect"])
def test_the_psp_field_origin_serves_no_interactive_docs(stack, path):
    response = httpx.get(stack.info.psp_url + path)
    assert response.status_code == 404
    assert "swagger" not in response.text.lower() and "redoc" not in response.text.lower()


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_merchant_checkout_origin_serves_no_interactive_docs(stack, path):
    response = httpx.get(stack.info.merchant_url + path)
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/openapi.json", "/healthz", "/v1/tokens", "/nothing-here"])
def test_every_psp_response_has_a_policy_that_runs_no_script(stack, path):
    policy = httpx.get(stack.info.psp_url + path).headers["Content-Security-Policy"]
    directives = dict(part.strip().partition(" ")[::2] for part in policy.split(";"))
    # default-src 'none' with no script-src of its own: no script may run.
    assert directives["default-src"] == "'none'"
    assert "script-src" not in directives


def test_the_checkout_page_is_isolated_from_windows_it_did_not_open(stack):
    response = httpx.get(stack.info.merchant_url + "/")
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_fault_injection_api_is_absent_unless_switched_on(tmp_path):
    from fincore.psp import PSPSettings, create_app

    def has_faults(settings: PSPSettings) -> bool:
        return "/v1/test_helpers/faults" in create_app(settings).openapi()["paths"]

    assert not has_faults(PSPSettings(environment="development", data_dir=tmp_path / "a"))
    assert has_faults(
        PSPSettings(environment="development", data_dir=tmp_path / "b", test_helpers=True)
    )


def test_a_production_psp_refuses_to_start_with_test_helpers(tmp_path):
    from pydantic import ValidationError

    from fincore.psp import PSPSettings

    with pytest.raises(ValidationError, match="test_helpers"):
        PSPSettings(
            environment="production",
            data_dir=tmp_path,
            platform_secret_key="psp_sk_live_" + "x" * 32,
            test_helpers=True,
        )
