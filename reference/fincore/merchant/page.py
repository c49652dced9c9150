"""The checkout page (step 1) and the Content-Security-Policy that allows only what it needs:
fincore.js at its exact CDN URL, the page's own script, frames from the PSP origin, and requests
to its own backend."""

import html
from dataclasses import dataclass
from importlib.resources import files
from string import Template
from urllib.parse import urlsplit

from fincore.currencies import format_amount
from fincore.merchant.settings import MerchantSettings

STATIC = files("fincore.merchant").joinpath("static")
STATIC_FILES = ("checkout.js", "checkout.css", "favicon.svg")


@dataclass(frozen=True)
class Page:
    body: str
    headers: dict[str, str]


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(settings: MerchantSettings) -> str:
    directives = [
        "default-src 'none'",
        # The SDK by its exact, versioned URL (and SRI in the tag): not the whole CDN.
        f"script-src 'self' {settings.sdk_url}",
        "style-src 'self'",
        f"frame-src {origin_of(settings.psp_origin)}",
        "connect-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "require-trusted-types-for 'script'",
    ]
    return "; ".join(directives)


def render_checkout(settings: MerchantSettings) -> Page:
    values = {
        "merchant": settings.name,
        "product": settings.product,
        "amount": format_amount(settings.amount, settings.currency),
        "publishable_key": settings.publishable_key,
        "psp_origin": settings.psp_origin,
        "sdk_url": settings.sdk_url,
        "sdk_integrity": settings.sdk_integrity,
    }
    escaped = {name: html.escape(value, quote=True) for name, value in values.items()}
    template = Template(STATIC.joinpath("checkout.html").read_text(encoding="utf-8"))
    headers = {
        "Content-Security-Policy": content_security_policy(settings),
        "Cache-Control": "no-store",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Content-Type-Options": "nosniff",
    }
    return Page(template.substitute(escaped), headers)


def static_file(name: str) -> bytes | None:
    """A file of the page's own static folder (script, styles), None if there is no such file."""
    if name not in STATIC_FILES:
        return None
    return STATIC.joinpath(name).read_bytes()
