"""Reading ``Authorization: Bearer <key>`` and telling key kinds apart."""

from fastapi import Request

from fincore.common import error_codes
from fincore.common.errors import AuthenticationError


def bearer_key(request: Request) -> str:
    """The API key in the Authorization header, or an authentication error saying what is wrong."""
    header = request.headers.get("authorization")
    if not header:
        raise AuthenticationError(
            error_codes.API_KEY_MISSING,
            "No API key provided. Send it as 'Authorization: Bearer <key>'.",
        )
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise AuthenticationError(
            error_codes.API_KEY_INVALID, "Malformed Authorization header; expected 'Bearer <key>'."
        )
    return key.strip()
