"""The digest of a request body, to tell a retry (same body) from a reused key (another body)."""

import hashlib
import json
from typing import Any

import orjson


def body_digest(body: dict[str, Any]) -> str:
    """SHA-256 of the body as canonical JSON: keys sorted, no spaces, non-ASCII escaped.

    orjson writes the same bytes as the standard library for ASCII bodies, several times faster;
    anything else (non-ASCII text, integers past 64 bits) goes through the standard library, so
    digests stored before stay comparable.
    """
    try:
        canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        canonical = b""
    if not canonical or not canonical.isascii():
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(canonical).hexdigest()
