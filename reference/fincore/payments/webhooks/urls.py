"""Which webhook URLs a merchant may register, and which addresses a delivery may connect to.

A webhook URL is a request the Payment Service makes on a merchant's say-so: without limits it
is server-side request forgery, a way to reach the metadata service, the database or anything
else on the private network behind us. So, in production:

- only ``https`` (an event and its signature never cross the network in clear);
- no user name or password in the URL, no ``localhost``;
- no address that is not globally routable: loopback, private, link-local (the cloud metadata
  service at 169.254.169.254), shared, multicast, reserved, unspecified, in IPv4 or IPv6.

A literal address is checked when the endpoint is registered. A host name is checked each time
a delivery connects: ``GuardedResolver`` resolves it and refuses it if any address it resolves
to is not global, and the connection is made to exactly those addresses, so a name that
re-resolves to a private address later (DNS rebinding) is caught then. Redirects are not
followed at all.

A development stack (the lab's demo merchant on ``http://127.0.0.1``) sets
``webhook_allow_loopback``: then ``http`` and loopback addresses are allowed too, nothing else.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from fincore.common.errors import InvalidRequestError
from fincore.payments import error_codes

MAX_URL_LENGTH = 2048
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_url(url: str, allow_loopback: bool) -> str:
    """``url`` if an endpoint may be registered at it; ``InvalidRequestError`` (param ``url``)
    saying why not otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _invalid(error_codes.WEBHOOK_URL_INVALID, "The URL must be http(s)://host/...")
    if parts.username is not None or parts.password is not None:
        raise _invalid(error_codes.WEBHOOK_URL_INVALID, "The URL must not carry credentials.")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number or out of range
    except ValueError as error:
        raise _invalid(error_codes.WEBHOOK_URL_INVALID, f"Invalid port: {error}.") from error
    host = parts.hostname
    address = _literal_address(host)
    if allow_loopback and (host == "localhost" or (address is not None and address.is_loopback)):
        return url
    if parts.scheme != "https":
        raise _invalid(error_codes.WEBHOOK_URL_FORBIDDEN, "Webhook URLs must use https.")
    if host == "localhost" or host.endswith(".localhost"):
        raise _invalid(error_codes.WEBHOOK_URL_FORBIDDEN, "Webhook URLs cannot be local.")
    if address is not None and not address_allowed(address, allow_loopback):
        raise _invalid(
            error_codes.WEBHOOK_URL_FORBIDDEN,
            f"{address} is not a public address: webhooks are sent to the internet only.",
        )
    return url


def address_allowed(address: Address, allow_loopback: bool) -> bool:
    """A delivery may connect to globally routable addresses (and loopback, when allowed)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if allow_loopback and address.is_loopback:
        return True
    return address.is_global and not address.is_multicast


class GuardedResolver(AbstractResolver):
    """aiohttp's resolver, refusing a host that resolves to any address a delivery may not
    reach; aiohttp then connects only to the addresses returned here."""

    def __init__(self, allow_loopback: bool) -> None:
        self._resolver = DefaultResolver()
        self._allow_loopback = allow_loopback

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._resolver.resolve(host, port, family)
        for result in found:
            if not address_allowed(ipaddress.ip_address(result["host"]), self._allow_loopback):
                raise OSError(f"{host} resolves to {result['host']}, not a public address")
        return found

    async def close(self) -> None:
        await self._resolver.close()


def _literal_address(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _invalid(code: str, message: str) -> InvalidRequestError:
    return InvalidRequestError(code, message, "url")
