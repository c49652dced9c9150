"""The checkout page (step 1) and the Content-Security-Policy that allows only what it needs:
fincore.js at its exact CDN URL, the page's own script, frames from the PSP origin, and requests
to its own backend. Violations are reported to the merchant's ``/csp-reports``."""

import html
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from string import Template
from urllib.parse import urlsplit

from fincore.common.currencies import format_amount
from fincore.common.sri import sri
from fincore.merchant.csp_reports import REPORT_PATH
from fincore.merchant.settings import MerchantSettings

STATIC = files("fincore.merchant").joinpath("static")
STATIC_FILES = ("checkout.js", "checkout.css", "favicon.svg")
# The Reporting API endpoint name the policy's report-to refers to.
REPORT_GROUP = "csp-endpoint"


@dataclass(frozen=True)
class Page:
    body: str
    headers: dict[str, str]


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(settings: MerchantSettings, secure: bool = False) -> str:
    """The page's policy; ``secure`` when served over HTTPS (see ``report_directives``)."""
    # TEST ONLY: tamper_extra_script_sources loosens script-src (empty unless a test sets it).
    script_sources = " ".join(["'self'", settings.sdk_url, *settings.tamper_extra_script_sources])
    directives = [
        "default-src 'none'",
        # The SDK by its exact, versioned URL (and SRI in the tag): not the whole CDN.
        f"script-src {script_sources}",
        "style-src 'self'",
        f"frame-src {origin_of(settings.psp_origin)}",
        "connect-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "require-trusted-types-for 'script'",
        *report_directives(secure),
    ]
    return "; ".join(directives)


def report_directives(secure: bool) -> list[str]:
    """``report-uri`` always; ``report-to`` too on HTTPS only. Chromium accepts a
    ``Reporting-Endpoints`` URL only over HTTPS and, once a policy names ``report-to``, ignores
    ``report-uri``: on the plain-HTTP loopback stack, ``report-to`` would silence all reports."""
    directives = [f"report-uri {REPORT_PATH}"]
    if secure:
        directives.append(f"report-to {REPORT_GROUP}")
    return directives


@cache
def static_integrity(name: str) -> str:
    """The SRI hash of one of the page's own static files: its tag pins it as fincore.js is."""
    return sri(STATIC.joinpath(name).read_bytes())


def tamper_tags(settings: MerchantSettings) -> str:
    """TEST ONLY: the extra <script> tags of a tampered page (none unless a test asks)."""
    return "".join(
        f'<script src="{html.escape(url, quote=True)}" defer></script>\n'
        for url in settings.tamper_extra_scripts
    )


def render_checkout(settings: MerchantSettings, secure: bool = False) -> Page:
    values = {
        "merchant": settings.name,
        "product": settings.product,
        "amount": format_amount(settings.amount, settings.currency),
        "publishable_key": settings.publishable_key,
        "psp_origin": settings.psp_origin,
        "sdk_url": settings.sdk_url,
        "sdk_integrity": settings.sdk_integrity,
        "checkout_integrity": static_integrity("checkout.js"),
        # With a webhook secret the shop learns each order's outcome from FinCore's webhooks
        # (steps 13-14), and the page shows that too, beside what the SDK said.
        "webhooks": "on" if settings.webhook_secret else "off",
    }
    escaped = {name: html.escape(value, quote=True) for name, value in values.items()}
    template = Template(STATIC.joinpath("checkout.html").read_text(encoding="utf-8"))
    headers = {
        "Content-Security-Policy": content_security_policy(settings, secure),
        "Cache-Control": "no-store",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Content-Type-Options": "nosniff",
    }
    if secure:
        headers["Reporting-Endpoints"] = f'{REPORT_GROUP}="{REPORT_PATH}"'
    body = template.substitute(escaped, tamper_scripts=tamper_tags(settings))
    return Page(body, headers)


def static_file(name: str) -> bytes | None:
    """A file of the page's own static folder (script, styles), None if there is no such file."""
    if name not in STATIC_FILES:
        return None
    return STATIC.joinpath(name).read_bytes()
