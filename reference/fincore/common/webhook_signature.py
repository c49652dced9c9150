"""Webhook signatures: how the Payment Service signs an event it delivers and how a merchant
backend checks it. One module that both sides import, so they can never disagree.

The header is ``FinCore-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>``, the HMAC keyed with
the endpoint's secret (``whsec_...``) over ``f"{t}.{raw body}"``. Signing the timestamp with the
body lets a receiver refuse an old delivery replayed by whoever captured it: ``verify`` refuses a
timestamp further than ``tolerance_seconds`` from now either way. Several ``v1`` values may
appear (e.g. while a secret is rolled); one matching is enough.

    SignatureVerificationError
     ├── bad format: no t, no v1, not integers or hex
     ├── no matching v1: wrong secret or altered body
     └── timestamp outside the tolerance: a replay, or a sender's clock far off
"""

import hashlib
import hmac
import time

HEADER = "FinCore-Signature"
SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300


class SignatureVerificationError(ValueError):
    """The delivery cannot be trusted; the message says which check failed."""


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """The hex HMAC-SHA256 of ``f"{timestamp}.{body}"`` under ``secret``."""
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The ``FinCore-Signature`` header value for ``body`` sent at ``timestamp``."""
    return f"t={timestamp},{SCHEME}={signature(secret, body, timestamp)}"


def verify(
    body: bytes,
    header: str,
    secret: str,
    tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS,
    now: int | None = None,
) -> None:
    """Return when ``header`` signs exactly ``body`` with ``secret`` at a time within
    ``tolerance_seconds`` of ``now``; raise ``SignatureVerificationError`` otherwise."""
    timestamp, candidates = _parse(header)
    expected = signature(secret, body, timestamp)
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise SignatureVerificationError(
            "No v1 signature matches the body: wrong secret or altered body."
        )
    current = int(time.time()) if now is None else now
    if abs(current - timestamp) > tolerance_seconds:
        raise SignatureVerificationError(
            f"Timestamp {timestamp} is more than {tolerance_seconds} s from now: refused as a "
            "replay."
        )


def _parse(header: str) -> tuple[int, list[str]]:
    timestamps: list[str] = []
    candidates: list[str] = []
    for part in header.split(","):
        name, separator, value = part.strip().partition("=")
        if not separator:
            raise SignatureVerificationError(f"Malformed {HEADER} header: expected name=value.")
        if name == "t":
            timestamps.append(value)
        elif name == SCHEME:
            candidates.append(value)
    if len(timestamps) != 1 or not timestamps[0].isdigit() or not timestamps[0].isascii():
        raise SignatureVerificationError(f"{HEADER} needs exactly one t=<unix seconds>.")
    if not candidates:
        raise SignatureVerificationError(f"{HEADER} has no {SCHEME} signature.")
    return int(timestamps[0]), candidates
