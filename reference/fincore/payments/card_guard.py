"""Defence in depth for the PCI claim: a request carrying something that looks like a card
number (in the body, JSON-escaped or not, the query string, the path or the Idempotency-Key,
everything the service might store) is refused before any handler runs, and its body is neither
logged nor stored.

Runs inside the body limit, which has already buffered the body into ``scope["state"]``.
"""

from urllib.parse import unquote_plus

from starlette.types import ASGIApp, Receive, Scope, Send

from fincore.cards.pan_pattern import contains_pan
from fincore.common.errors import RawCardDataError
from fincore.common.headers import header
from fincore.tripwire.decoders import json_unescaped


class RawCardDataGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _carries_pan(scope):
            error = RawCardDataError(
                "raw_card_data_rejected",
                "This request contains what looks like a card number. The Payment Service never "
                "accepts card numbers: tokenize the card in the browser with fincore.js and send "
                "the token.",
            )
            await error.response()(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _carries_pan(scope: Scope) -> bool:
    raw_body: bytes = scope.get("state", {}).get("raw_body", b"")
    body = raw_body.decode("utf-8", errors="replace")
    places = (
        body,
        # JSON may spell digits as \u0034: the handler would see, and store, the number.
        json_unescaped(body),
        unquote_plus(scope.get("query_string", b"").decode("latin-1")),
        scope["path"],
        # The only header the service stores.
        (header(scope, b"idempotency-key") or b"").decode("latin-1"),
    )
    return any(contains_pan(text) for text in places)
