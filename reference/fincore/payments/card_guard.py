"""Defence in depth for the PCI claim: a request carrying something that looks like a card
number is refused before any handler runs, and its body is neither logged nor stored.

Runs inside the body limit, which has already buffered the body into ``scope["state"]``.
"""

from urllib.parse import unquote_plus

from starlette.types import ASGIApp, Receive, Scope, Send

from fincore.cards.pan_pattern import contains_pan
from fincore.common.errors import RawCardDataError


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
    body: bytes = scope.get("state", {}).get("raw_body", b"")
    query = unquote_plus(scope.get("query_string", b"").decode("latin-1"))
    return contains_pan(body.decode("utf-8", errors="replace")) or contains_pan(query)
