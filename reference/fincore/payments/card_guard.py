"""Defence in depth for the PCI claim: a request carrying card data is refused before any handler
reads it, and its body is neither logged nor stored.

The guard judges the bytes the JSON parser will read. A JSON body must be UTF-8 (RFC 8259, 8.1:
JSON exchanged between systems is UTF-8); Python's parser also reads UTF-16 and UTF-32, and a
guard that decoded those bodies as UTF-8 saw NULs between the digits while the handler stored a
plain card number. So anything else is refused with ``400 invalid_json``.

Then it looks for card numbers the way a DLP scanner does (``fincore.cards.card_scan``: digit runs
inside longer runs, glued to letters, between common separators, track data, any script's
digits, a real brand's prefix and length plus Luhn) in every view of everything the service might
store: the body as written, with JSON escapes undone, URL-decoded, base64- and hex-decoded runs,
the body's digit-only JSON values joined (a number split across metadata values), the query
string, the path and the Idempotency-Key.

The cost is linear in the body (a few numpy passes per view; ``bench/guard.py`` measures CPU per
MiB, about 0.4 s), and it runs on the body the service frame buffered, under the Payment
Service's body limit (``fincore.payments.body_limit``). ``check_off_loop`` scans a body past a few
KiB on a worker thread: the event loop keeps answering other requests (``/healthz`` included)
while a large body is judged, where scanning it inline stalled every one of them.
"""

import json
import threading
from urllib.parse import unquote_plus

from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from fincore.cards.card_scan import holds_card
from fincore.cards.disguises import (
    base64_decoded,
    hex_decoded,
    joined_values,
    json_unescaped,
    url_decoded,
)
from fincore.common.errors import APIError, InvalidRequestError, RawCardDataError
from fincore.common.headers import header
from fincore.payments import error_codes

# Never a character of text: keeps two views from joining into one digit run.
_VIEW_BREAK = "\x00|\x00"
# Bodies up to this size are judged on the event loop (a few ms at most): the thread hop would
# cost more than the scan. Honest payment bodies are a few hundred bytes.
INLINE_SCAN_BYTES = 8 * 1024
# One large scan at a time per process: each running scan takes turns with the event loop for
# the interpreter lock, so several at once starve the loop as surely as one inline scan did.
# A waiting thread does not hold the lock.
_ONE_LARGE_SCAN = threading.Lock()


async def check_off_loop(scope: Scope, body: bytes) -> APIError | None:
    """``check``, on a worker thread when the body is large enough to stall the event loop."""
    if len(body) <= INLINE_SCAN_BYTES:
        return check(scope, body)
    return await run_in_threadpool(_check_alone, scope, body)


def _check_alone(scope: Scope, body: bytes) -> APIError | None:
    with _ONE_LARGE_SCAN:
        return check(scope, body)


def check(scope: Scope, body: bytes) -> APIError | None:
    """A body check of the service frame (``fincore.common.frame``)."""
    if body and json.detect_encoding(body) != "utf-8":
        return InvalidRequestError(
            error_codes.INVALID_JSON,
            "The request body must be UTF-8 (RFC 8259), without a byte order mark; this one is "
            "UTF-16, UTF-32 or starts with a byte order mark.",
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        # The same answer the strict JSON check gives.
        return InvalidRequestError(error_codes.INVALID_JSON, "The request body is not valid UTF-8.")
    if not holds_card(_VIEW_BREAK.join(_views(scope, text))):
        return None
    return RawCardDataError(
        error_codes.RAW_CARD_DATA_REJECTED,
        "This request contains what looks like a card number. The Payment Service never accepts "
        "card numbers: tokenize the card in the browser with fincore.js and send the token.",
    )


def _views(scope: Scope, body: str) -> list[str]:
    query = scope.get("query_string", b"").decode("latin-1")
    # The only header the service stores.
    idempotency_key = (header(scope, b"idempotency-key") or b"").decode("latin-1")
    written = [body, unquote_plus(query), query, scope["path"], idempotency_key]
    views = list(written)
    for text in written:
        if "\\" in text:
            # JSON may spell digits as \u0034: the handler would see, and store, the number.
            views.append(json_unescaped(text))
        if "%" in text:
            # Form encoding's "+" for a space the scanner reads as a separator already.
            views.append(url_decoded(text))
    for text in list(views):
        views.extend(base64_decoded(text))
        views.extend(hex_decoded(text))
    views.append(_joined_json_values(body))
    return views


def _joined_json_values(body: str) -> str:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        # Not JSON: the strict JSON check or FastAPI answers for it.
        return ""
    return joined_values(document)
