"""``FinCore-Version``: the API version a caller asks for, and the one that answered.

A caller pins the version it was written against with the ``FinCore-Version`` request header;
without one it gets ``DEFAULT_API_VERSION``. Every answer names the version that served it. A
version this service does not serve is refused (400 ``api_version_invalid``), never served as
some other version: a client must not silently get behaviour it did not ask for.
"""

from starlette.types import Scope

from fincore.common import error_codes
from fincore.common.errors import InvalidRequestError
from fincore.common.headers import header

API_VERSION_HEADER = "FinCore-Version"
DEFAULT_API_VERSION = "2026-11-01"
# Oldest first. A version leaves this list only when nobody may call it any more.
SUPPORTED_API_VERSIONS = (DEFAULT_API_VERSION,)


def requested_version(scope: Scope) -> str | InvalidRequestError:
    """The version the request asks for, or the error that refuses it."""
    sent = header(scope, b"fincore-version")
    if sent is None:
        return DEFAULT_API_VERSION
    version = sent.decode("latin-1").strip()
    if version in SUPPORTED_API_VERSIONS:
        return version
    # The caller's value is not echoed: it may be anything.
    return InvalidRequestError(
        error_codes.API_VERSION_INVALID,
        f"Unknown {API_VERSION_HEADER}; this service serves {', '.join(SUPPORTED_API_VERSIONS)}.",
        API_VERSION_HEADER,
    )
