"""Plain ASGI handlers for the few calls that carry a service's load.

FastAPI's request handling (exception middleware, routing over every route, dependency solving,
body parsing) cost more CPU per charge than the charge itself (profiles in bench/README.md). A
hot handler answers one exact method and path with a ``Reply`` straight from the buffered body,
calling the same functions as the FastAPI route. Anything it does not handle itself (a body that
fails validation, an odd content type) it hands to FastAPI by returning None, so every error
still has FastAPI's one shape and the route still documents the operation in OpenAPI.

The service frame (``fincore.common.frame``) calls it last: the body limit, the body checks and
the request log run as for any other request, and ``scope["state"]["raw_body"]`` holds the body.
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from fincore.common.errors import APIError, UpstreamError
from fincore.common.headers import header
from fincore.common.reply import Reply
from fincore.common.strict_json import STRICT_JSON_KEY

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HotRequest:
    request: Request
    json: Any

    @property
    def scope(self) -> Scope:
        return self.request.scope

    def header(self, name: str) -> str | None:
        return self.request.headers.get(name)


# None hands the request to FastAPI.
HotHandler = Callable[[HotRequest], Awaitable[Reply | None]]


async def answer(handler: HotHandler, scope: Scope, receive: Receive, send: Send) -> bool:
    """Let ``handler`` answer the request; False when FastAPI should (the body is not JSON, or
    the handler returned None), in which case nothing was sent."""
    body = _json_body(scope)
    if body is None:
        return False
    try:
        reply = await handler(HotRequest(Request(scope, receive), body))
    except APIError as error:
        await error.response()(scope, receive, send)
        return True
    except Exception:
        # What FastAPI's catch-all handler answers: never a stack trace on the wire.
        logger.exception("unexpected error in %s %s", scope["method"], scope["path"])
        unexpected = UpstreamError(
            "internal_error", "An unexpected error occurred.", status_code=500
        )
        await unexpected.response()(scope, receive, send)
        return True
    if reply is None:
        return False
    await reply.send(send)
    return True


def _json_body(scope: Scope) -> Any:
    """The parsed body of a JSON request; None when FastAPI should judge it (not JSON, no body,
    or JSON that does not parse)."""
    if not _is_json(scope):
        return None
    state = scope.get("state", {})
    if STRICT_JSON_KEY in state:  # the strict JSON guard parsed it already
        return state[STRICT_JSON_KEY]
    try:
        return orjson.loads(state.get("raw_body", b""))
    except orjson.JSONDecodeError:
        return None


def _is_json(scope: Scope) -> bool:
    content_type = header(scope, b"content-type") or b""
    return content_type.split(b";", 1)[0].strip().lower() == b"application/json"
