"""Gzip for the static files the CDN and the PSP's card fields serve: whether a client takes it,
and the same compressed bytes every time (so ETags and sizes are stable)."""

import gzip


def accepts_gzip(accept_encoding: str) -> bool:
    """True when the Accept-Encoding header allows gzip (explicitly or by ``*``) with q > 0."""
    allowed: dict[str, float] = {}
    for part in accept_encoding.split(","):
        coding, _, params = part.strip().partition(";")
        quality = 1.0
        name, _, value = params.strip().partition("=")
        if name.strip() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
        allowed[coding.strip().lower()] = quality
    if "gzip" in allowed:
        return allowed["gzip"] > 0
    return allowed.get("*", 0.0) > 0


def gzip_bytes(content: bytes) -> bytes:
    """``content`` gzip-compressed, identical on every call (mtime=0)."""
    return gzip.compress(content, compresslevel=9, mtime=0)
