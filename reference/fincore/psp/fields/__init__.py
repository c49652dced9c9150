"""The PSP-hosted card-field pages: one page per field, framed by merchant checkout pages.

The page is the only place a shopper's card number is typed. What it allows is written in its
Content-Security-Policy: only the merchant's registered origins may frame it (``frame-ancestors``),
only the one nonce-tagged fincore-fields script may run, and it may only talk to its own origin.
"""

import html
import json
import re
import secrets
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from string import Template
from typing import Any

from fincore.common.merchants import MerchantAccount
from fincore.common.sdk_dist import SdkBuild

# The inputs, with the autocomplete tokens browsers and password managers fill cards by.
FIELD_INPUTS = {
    "number": {"name": "cardnumber", "autocomplete": "cc-number", "title": "Card number"},
    "expiry": {"name": "exp-date", "autocomplete": "cc-exp", "title": "Expiration date"},
    "cvc": {"name": "cvc", "autocomplete": "cc-csc", "title": "Security code"},
}
FIELD_NAMES = tuple(FIELD_INPUTS)

# What a registered origin may look like in a CSP header: scheme, host, optional port.
_ORIGIN = re.compile(
    r"^https?://[A-Za-z0-9.\-]+(:\d{1,5})?$|^https?://\[[0-9a-fA-F:]+\](:\d{1,5})?$"
)

STATIC_PREFIX = "/fields/v1/static/"
STYLESHEET = "fields.css"
# The words of the fields in every locale they speak. The page carries its locale's words, so the
# fields script stays the same small file whatever the language.
LOCALES_FILE = "locales.json"
DEFAULT_LOCALE = "en"


@dataclass(frozen=True)
class FieldPage:
    body: str
    headers: dict[str, str]


def frame_ancestors(merchant: MerchantAccount) -> str:
    """The merchant's registered origins as a CSP source list; ``'none'`` when it has none."""
    origins = [origin for origin in merchant.allowed_origins if _ORIGIN.match(origin)]
    return " ".join(origins) if origins else "'none'"


def content_security_policy(merchant: MerchantAccount, nonce: str) -> str:
    directives = [
        "default-src 'none'",
        f"script-src 'nonce-{nonce}'",
        "style-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        f"frame-ancestors {frame_ancestors(merchant)}",
        "require-trusted-types-for 'script'",
    ]
    return "; ".join(directives)


@cache
def locales() -> dict[str, dict[str, Any]]:
    """Every locale's labels, placeholders, frame titles and error messages."""
    strings: dict[str, dict[str, Any]] = json.loads(
        files(__name__).joinpath(LOCALES_FILE).read_text(encoding="utf-8")
    )
    return strings


def locale_or_default(locale: str) -> str:
    """``locale`` when the fields speak it, else English."""
    return locale if locale in locales() else DEFAULT_LOCALE


def render(
    field: str,
    merchant: MerchantAccount,
    parent_origin: str,
    build: SdkBuild,
    locale: str = DEFAULT_LOCALE,
) -> FieldPage:
    """The page for ``field``, framed by ``parent_origin`` (already checked as allowed), in
    ``locale`` (English when the fields do not speak it)."""
    nonce = secrets.token_urlsafe(18)
    inputs = FIELD_INPUTS[field]
    lang = locale_or_default(locale)
    words = locales()[lang]
    strings = {
        "label": words["labels"][field],
        "placeholder": words["placeholders"][field],
        "title": words["titles"][field],
        "errors": words["errors"],
    }
    values = {
        "lang": lang,
        "title": words["titles"][field],
        "label": words["labels"][field],
        "strings": json.dumps(strings, ensure_ascii=False, separators=(",", ":")),
        "field": field,
        "key": merchant.publishable_key,
        "parent_origin": parent_origin,
        "name": inputs["name"],
        "autocomplete": inputs["autocomplete"],
        "stylesheet": STATIC_PREFIX + STYLESHEET,
        "script": STATIC_PREFIX + build.fields.file,
        "integrity": build.fields.integrity,
        "nonce": nonce,
    }
    escaped = {name: html.escape(value, quote=True) for name, value in values.items()}
    headers = {
        "Content-Security-Policy": content_security_policy(merchant, nonce),
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    }
    return FieldPage(_template().substitute(escaped), headers)


def stylesheet() -> bytes:
    return files(__name__).joinpath(STYLESHEET).read_bytes()


def _template() -> Template:
    return Template(files(__name__).joinpath("page.html").read_text(encoding="utf-8"))
