"""SSRF: in production a webhook URL is https on a public address, checked when registered and
again, for host names, each time a delivery connects."""

import asyncio
import ipaddress

import pytest

from fincore.common.errors import InvalidRequestError
from fincore.payments.settings import PaymentSettings
from fincore.payments.webhooks.urls import GuardedResolver, address_allowed, check_url

FORBIDDEN_IN_PRODUCTION = [
    "http://example.com/hook",
    "https://127.0.0.1/hook",
    "https://127.8.9.10/hook",
    "https://10.0.0.5/hook",
    "https://172.16.3.4/hook",
    "https://192.168.1.1/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://100.64.0.1/hook",
    "https://0.0.0.0/hook",
    "https://[::1]/hook",
    "https://[fe80::1]/hook",
    "https://[fd00::1]/hook",
    "https://[::ffff:169.254.169.254]/hook",
    "https://224.0.0.1/hook",
    "https://localhost/hook",
    "https://api.localhost/hook",
]
INVALID = [
    "ftp://example.com/hook",
    "file:///etc/passwd",
    "gopher://example.com/",
    "example.com/hook",
    "https:///hook",
    "https://user:pass@example.com/hook",
    "https://example.com:99999/hook",
]


@pytest.mark.parametrize("url", FORBIDDEN_IN_PRODUCTION)
def test_urls_that_reach_inside_are_refused_in_production(url):
    with pytest.raises(InvalidRequestError) as refused:
        check_url(url, allow_loopback=False)
    assert (refused.value.code, refused.value.param) == ("webhook_url_forbidden", "url")


@pytest.mark.parametrize("url", INVALID)
def test_urls_that_are_not_http_are_refused_as_invalid(url):
    with pytest.raises(InvalidRequestError) as refused:
        check_url(url, allow_loopback=True)
    assert (refused.value.code, refused.value.param) == ("webhook_url_invalid", "url")


@pytest.mark.parametrize("url", ["https://example.com/hook", "https://8.8.8.8:8443/h"])
def test_https_on_a_public_host_is_accepted(url):
    assert check_url(url, allow_loopback=False) == url


def test_the_development_setting_allows_loopback_only():
    assert check_url("http://127.0.0.1:8123/webhooks/fincore", allow_loopback=True)
    for url in ("http://10.0.0.5/hook", "https://169.254.169.254/", "http://example.com/"):
        with pytest.raises(InvalidRequestError):
            check_url(url, allow_loopback=True)


def test_the_development_setting_is_refused_in_production():
    with pytest.raises(ValueError, match="webhook_allow_loopback"):
        PaymentSettings(environment="production", webhook_allow_loopback=True)


def test_ipv4_mapped_ipv6_is_judged_as_the_ipv4_address():
    assert not address_allowed(ipaddress.ip_address("::ffff:10.0.0.1"), allow_loopback=False)
    assert address_allowed(ipaddress.ip_address("::ffff:8.8.8.8"), allow_loopback=False)


def test_a_host_name_that_resolves_to_loopback_is_refused_when_a_delivery_connects():
    # A name passes registration; what it resolves to is judged at connection time, so a name
    # re-pointed at an inside address (DNS rebinding) is caught then.
    async def resolve(allow_loopback: bool) -> list[str]:
        resolver = GuardedResolver(allow_loopback)
        try:
            return [found["host"] for found in await resolver.resolve("localhost", 443)]
        finally:
            await resolver.close()

    with pytest.raises(OSError, match="not a public address"):
        asyncio.run(resolve(allow_loopback=False))
    assert "127.0.0.1" in asyncio.run(resolve(allow_loopback=True))
