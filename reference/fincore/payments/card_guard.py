"""Defence in depth for the PCI claim: a request carrying something that looks like a card
number (in the body, JSON-escaped or not, the query string, the path or the Idempotency-Key,
everything the service might store) is refused before any handler runs, and its body is neither
logged nor stored.

Runs in the service frame, on the body it has buffered.
"""

from urllib.parse import unquote_plus

from starlette.types import Scope

from fincore.cards.disguises import json_unescaped
from fincore.cards.pan_pattern import contains_pan
from fincore.common.errors import RawCardDataError
from fincore.common.headers import header


def check(scope: Scope, body: bytes) -> RawCardDataError | None:
    """A body check of the service frame (``fincore.common.frame``)."""
    if not _carries_pan(scope, body):
        return None
    return RawCardDataError(
        "raw_card_data_rejected",
        "This request contains what looks like a card number. The Payment Service never accepts "
        "card numbers: tokenize the card in the browser with fincore.js and send the token.",
    )


def _carries_pan(scope: Scope, raw_body: bytes) -> bool:
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
