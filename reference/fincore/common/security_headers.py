"""Security headers on every response of every FinCore service.

JSON APIs get a policy that allows nothing: a response is data, never a page to render, frame or
run scripts from. A response that sets its own ``Content-Security-Policy`` (the PSP's card-field
pages with their ``frame-ancestors``, the demo checkout page) keeps it: a handler overrides the
default by setting the header, and the same goes for ``Referrer-Policy``.

Applied by the service frame (``fincore.common.frame``) to every answer, FastAPI's own 500 for an
unhandled exception included.
"""

import functools
from collections.abc import Iterable

API_POLICY = "default-src 'none'; frame-ancestors 'none'"
# FastAPI's interactive docs load Swagger UI and ReDoc from a public CDN with inline bootstrap
# scripts; they get only what cannot break them: no framing, no plugins, no <base> rewriting.
DOCS_POLICY = "frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
REFERRER_POLICY = "no-referrer"


def with_security_headers(
    headers: Iterable[tuple[bytes, bytes]], policy: str
) -> list[tuple[bytes, bytes]]:
    """A response's headers, plus each default it did not set itself."""
    headers = list(headers)
    present = {name.lower() for name, _ in headers}
    return headers + [header for header in _encoded_defaults(policy) if header[0] not in present]


@functools.cache
def _encoded_defaults(policy: str) -> tuple[tuple[bytes, bytes], ...]:
    return (
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", REFERRER_POLICY.encode()),
        (b"content-security-policy", policy.encode()),
    )


def docs_policies(*paths: str | None) -> dict[str, str]:
    """``DOCS_POLICY`` for each of FastAPI's docs paths that is switched on."""
    return {path: DOCS_POLICY for path in paths if path}
