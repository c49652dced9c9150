"""Subresource Integrity digests: what the browser compares a script's bytes against."""

import base64
import hashlib

ALGORITHMS = ("sha256", "sha384", "sha512")


def digests(data: bytes) -> dict[str, str]:
    """Base64 digests of ``data`` by algorithm, as SRI and CSP hash sources write them."""
    return {alg: base64.b64encode(hashlib.new(alg, data).digest()).decode() for alg in ALGORITHMS}


def sri(data: bytes, algorithm: str = "sha384") -> str:
    """``sha384-<base64>``: the value an ``integrity`` attribute pinning ``data`` holds."""
    return f"{algorithm}-{digests(data)[algorithm]}"


def integrity_matches(integrity: str, data_digests: dict[str, str]) -> bool | None:
    """Whether an ``integrity`` attribute admits the bytes with ``data_digests``, as browsers
    decide it: only the strongest algorithm listed counts, and any one of its values may match.
    None when the attribute lists no algorithm we know (browsers then ignore it)."""
    listed: dict[str, set[str]] = {}
    for token in integrity.split():
        algorithm, _, value = token.partition("-")
        if algorithm.lower() in ALGORITHMS and value:
            # Options after "?" are reserved by the SRI spec and ignored.
            listed.setdefault(algorithm.lower(), set()).add(value.split("?")[0])
    if not listed:
        return None
    strongest = max(listed, key=ALGORITHMS.index)
    return data_digests.get(strongest) in listed[strongest]
