"""Which reverse proxies a service believes about the client's address: none unless configured.

A service keys its per-client budgets on the client's address (the PSP's card-testing limit, the
merchant demo's checkout budgets). Behind a proxy the TCP peer is the proxy, and the client's
address comes in ``X-Forwarded-For``; but anyone can send that header, so it is believed only
from peers listed here (``FINCORE_<SERVICE>_TRUSTED_PROXIES``, a JSON list of addresses or CIDR
networks). Empty, the default, trusts no one: the address is always the TCP peer. ``fincore
serve`` passes the list to uvicorn (``proxy_headers``, ``forwarded_allow_ips``).
"""

import ipaddress
from typing import Annotated

from pydantic import AfterValidator


def _addresses_or_networks(entries: list[str]) -> list[str]:
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            # uvicorn would also take "*" (trust every peer): exactly what this setting prevents.
            raise ValueError(
                f"trusted proxy {entry!r} is not an IP address or CIDR network"
            ) from None
    return entries


TrustedProxies = Annotated[list[str], AfterValidator(_addresses_or_networks)]
