"""API keys: a publishable key only tokenizes, a secret key never works in a browser-facing
endpoint, keys are compared in constant time, and no file a service writes holds a full key."""

import hmac
import json
import os
import subprocess
import sys

import httpx
import pytest

from fincore.common.merchants import find_by_key
from fincore.lab.stack import LocalStack, StackOptions


def operations(base_url: str):
    """(method, path) of every documented operation, path parameters filled with a dummy id."""
    document = httpx.get(f"{base_url}/openapi.json").json()
    for path, methods in document["paths"].items():
        for method in methods:
            yield method.upper(), path.replace("{", "").replace("}", "")


def call(method: str, url: str, key: str) -> httpx.Response:
    body = {} if method == "POST" else None
    return httpx.request(method, url, json=body, headers={"Authorization": f"Bearer {key}"})


def test_a_publishable_key_opens_no_operation_but_tokenizing(stack):
    publishable = stack.info.merchants[0].publishable_key
    tried = 0
    for base_url in (stack.info.psp_url, stack.info.payments_url):
        for method, path in operations(base_url):
            if path in ("/v1/tokens", "/healthz"):
                continue
            response = call(method, base_url + path, publishable)
            assert response.status_code == 401, f"{method} {path}"
            assert response.json()["error"]["code"] == "secret_key_required", f"{method} {path}"
            tried += 1
    assert tried >= 6


@pytest.mark.parametrize("kind", ["merchant secret key", "platform secret key"])
def test_a_secret_key_is_refused_by_the_tokenize_endpoint(stack, kind):
    key = stack.info.merchants[0].secret_key if kind.startswith("merchant") else None
    response = call("POST", f"{stack.info.psp_url}/v1/tokens", key or stack.info.platform_key)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "publishable_key_required"


def test_a_secret_key_is_refused_by_the_card_field_pages(stack):
    merchant = stack.info.merchants[0]
    params = {"key": merchant.secret_key, "origin": merchant.allowed_origins[0]}
    response = httpx.get(f"{stack.info.psp_url}/fields/v1/number", params=params)
    assert response.status_code == 401
    params["key"] = merchant.publishable_key
    assert httpx.get(f"{stack.info.psp_url}/fields/v1/number", params=params).status_code == 200


@pytest.fixture
def comparisons(monkeypatch):
    """Every (expected, given) pair hmac.compare_digest sees, in any thread of this process."""
    seen = []
    original = hmac.compare_digest

    def spy(a, b):
        seen.append((bytes(a), bytes(b)))
        return original(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    return seen


@pytest.mark.parametrize("which", [0, 1, None])
def test_finding_a_merchant_compares_every_key_whatever_matches(stack, comparisons, which):
    merchants = stack.info.merchants
    key = merchants[which].secret_key if which is not None else "sk_test_" + "0" * 48
    found = find_by_key(merchants, key, "secret_key")
    assert found == (merchants[which] if which is not None else None)
    assert len(comparisons) == len(merchants)
    assert {given for _, given in comparisons} == {key.encode()}


def test_the_services_compare_keys_with_compare_digest(stack, comparisons):
    info = stack.info
    call("GET", f"{info.payments_url}/v1/payments", info.merchants[1].secret_key)
    call("POST", f"{info.psp_url}/v1/tokens", info.merchants[1].publishable_key)
    call("GET", f"{info.psp_url}/v1/charges/ch_x", "psp_sk_test_guessed")
    given = [given for _, given in comparisons]
    assert info.merchants[1].secret_key.encode() in given
    assert info.merchants[1].publishable_key.encode() in given
    assert (info.platform_key.encode(), b"psp_sk_test_guessed") in comparisons


def test_no_file_any_service_wrote_holds_a_full_key(stack):
    info = stack.info
    keys = [info.platform_key]
    for merchant in info.merchants:
        keys += [merchant.publishable_key, merchant.secret_key]
    # Near misses too: an "invalid key" message must not echo what the caller sent either.
    typos = [key[:-1] + ("0" if key[-1] != "0" else "1") for key in keys]
    for key in keys + typos:
        for base_url in (info.psp_url, info.payments_url):
            for method, path in operations(base_url):
                response = call(method, base_url + path, key)
                assert key not in response.text
        httpx.get(
            f"{info.psp_url}/fields/v1/number",
            params={"key": key, "origin": info.merchants[0].allowed_origins[0]},
        )
    written = [path for path in info.data_dir.rglob("*") if path.is_file()]
    assert any(path.name == "requests.log" for path in written)
    for path in written:
        content = path.read_bytes()
        leaked = [key[-4:] for key in keys + typos if key.encode() in content]
        assert not leaked, f"{path} holds keys ending {leaked}"


@pytest.mark.parametrize(
    ("service", "variable"),
    [("payments", "psp_secret_key"), ("psp", "platform_secret_key")],
)
def test_fincore_serve_defaults_to_production_and_needs_a_live_key(tmp_path, service, variable):
    # The environment a container gets: nothing that says development, no key.
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("FINCORE_")
    }
    environment[f"FINCORE_{service.upper()}_DATA_DIR"] = str(tmp_path)
    finished = subprocess.run(
        [sys.executable, "-m", "fincore.cli", "serve", service],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode != 0
    assert variable in finished.stderr and "production" in finished.stderr


def test_each_stack_run_has_its_own_random_platform_key(tmp_path):
    with (
        LocalStack(StackOptions(data_dir=tmp_path / "a")) as first,
        LocalStack(StackOptions(data_dir=tmp_path / "b")) as second,
    ):
        keys = {first.info.platform_key, second.info.platform_key}
        assert len(keys) == 2
        assert all(key.startswith("psp_sk_test_") and len(key) > 40 for key in keys)
        # One stack's key charges nothing on the other.
        response = call("GET", f"{second.info.psp_url}/v1/charges", first.info.platform_key)
        assert response.status_code == 401


def test_production_refuses_a_test_mode_platform_key(tmp_path):
    from pydantic import ValidationError

    from fincore.payments.settings import PaymentSettings

    with pytest.raises(ValidationError, match="test-mode key"):
        PaymentSettings(data_dir=tmp_path, psp_secret_key="psp_sk_test_" + "0" * 48)


def test_the_ready_file_holds_this_runs_platform_key(tmp_path):
    with LocalStack(StackOptions(data_dir=tmp_path / "stack")) as stack:
        stack.write_ready_file(tmp_path / "ready.json")
        ready = json.loads((tmp_path / "ready.json").read_text())
    assert ready["platform_key"] == stack.info.platform_key
