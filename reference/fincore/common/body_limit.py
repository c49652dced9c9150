"""Reading a request body whole, refusing it with 413 past a size limit before anyone parses it."""

from starlette.types import Message, Receive, Scope

from fincore.common import error_codes
from fincore.common.errors import PayloadTooLargeError
from fincore.common.headers import header

DEFAULT_MAX_BODY_BYTES = 1024 * 1024


async def read_body(scope: Scope, receive: Receive, max_bytes: int) -> bytes | None:
    """The whole body; None when the client went away before sending it. Raises
    ``PayloadTooLargeError`` as soon as the declared or the actual size passes ``max_bytes``."""
    declared = header(scope, b"content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes)
    # Content-Length may be absent (chunked) or lie: count what actually arrives.
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(max_bytes)
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the app the body already read, then whatever comes next."""
    delivered = False

    async def replayed() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def _too_large(max_bytes: int) -> PayloadTooLargeError:
    return PayloadTooLargeError(
        error_codes.PAYLOAD_TOO_LARGE, f"Request bodies are limited to {max_bytes} bytes."
    )
