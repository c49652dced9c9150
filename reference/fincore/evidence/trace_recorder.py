"""Recording the tokenization flow as it really happens, hop by hop, for conformance checks.

Every service of the local stack is wrapped in a middleware that notes each request it receives:
when, from whom, what, and whether a card number travelled in it. ``StackTrace.hops()`` turns
those notes into :class:`~fincore.architecture.trace.Hop` objects named with the architecture
model's element ids and step numbers, so ``check_conformance`` can compare what ran with what was
designed. Who called is told by the caller itself: browsers send ``Sec-Fetch-*`` headers, our
own back-end clients send the User-Agents of ``fincore.common.user_agents``; anyone else is an
``unknown client``, which the model does not know, so it shows up as a violation.

The steps without HTTP (4: typing into the iframe, 7: the iframe's postMessage, 8: the SDK's
callback) are added by whoever drives the browser (``fincore.lab.shopper``).

``StackTrace.capture_wire()`` also keeps each exchange as it crossed (headers, bodies, status),
for a notebook that shows the wire (``StackTrace.exchanges()``). Card numbers are masked to their
first six and last four digits and security codes removed as the exchange is recorded, as a PSP
may log them: no full card number is ever held, whichever service received it.
"""

import re
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fincore.architecture.hop import Hop
from fincore.cards.pan_pattern import contains_pan, find_pans
from fincore.common.exchange import Exchange, watch
from fincore.common.merchants import redact_key
from fincore.common.user_agents import MERCHANT_BACKEND, PAYMENT_SERVICE
from fincore.tripwire.detect import find_card_numbers

UNKNOWN_CLIENT = "unknown client"
# A long-running `fincore up` keeps the most recent requests only.
KEPT = 100_000
# Requests and answers are scanned for card numbers up to these sizes (services refuse bodies over
# 1 MiB; a token response is a few hundred bytes).
MAX_SCANNED_BODY = 2 * 1024 * 1024
MAX_SCANNED_ANSWER = 256 * 1024
# Probes and documentation are not part of the flow.
IGNORED_PATHS = ("/healthz", "/openapi.json", "/docs", "/redoc", "/favicon.ico")
# A security code is never logged, not even in part (PCI DSS 3.3.1.2); JSON or form-encoded.
_SECURITY_CODE = re.compile(r'("(?:cvc|cvv|cvc2)"\s*:\s*")[^"]*(")|(\b(?:cvc|cvv|cvc2)=)[^&\s]*')
WITHHELD = "<withheld: it holds a card number in an encoding the masking does not rewrite>"


@dataclass(frozen=True)
class Wire:
    """One exchange as it crossed a service's edge, card data masked (see ``mask_card_data``).

    Headers keep their order and case as received and sent; ``Authorization`` shows the key's
    kind and last four characters only.
    """

    method: str
    target: str  # the path and query string, as requested
    request_headers: tuple[tuple[str, str], ...]
    request_body: str
    status: int
    response_headers: tuple[tuple[str, str], ...]
    answer: str

    def header(self, name: str, response: bool = True) -> str | None:
        """The first header called ``name`` (any case) of the answer, or of the request."""
        headers = self.response_headers if response else self.request_headers
        return next((v for k, v in headers if k.lower() == name.lower()), None)


def mask_card_data(text: str) -> str:
    """``text`` with each card number shown as its first six and last four digits and each
    security code removed; withheld whole if a card number survives in another encoding."""
    for pan in set(find_pans(text)):
        written = re.compile("[ -]?".join(pan))
        text = written.sub(pan[:6] + "*" * (len(pan) - 10) + pan[-4:], text)
    text = _SECURITY_CODE.sub(lambda m: f"{m[1] or m[3]}***{m[2] or ''}", text)
    return WITHHELD if find_card_numbers(text.encode("utf-8")) else text


@dataclass(frozen=True)
class Observation:
    at: float
    service: str  # "merchant", "cdn", "psp", "payments"
    method: str
    path: str
    caller: str  # "browser", a component id, or UNKNOWN_CLIENT
    card_data: bool
    status: int = 0
    done: float = 0.0
    # A browser's Sec-Fetch-Site: "same-origin" when a PSP page calls the PSP.
    fetch_site: str = ""
    # Whether the answer carried a card number (the PSP's token response must not).
    answer_card_data: bool = False
    # The exchange itself, kept only while ``StackTrace.capture_wire()`` is on.
    wire: Wire | None = None


@dataclass
class StackTrace:
    """What every service received, in order, plus the browser-side hops a driver adds."""

    observations: deque[Observation] = field(default_factory=lambda: deque(maxlen=KEPT))
    browser_hops: list[tuple[float, Hop]] = field(default_factory=list)
    wire_captured: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def capture_wire(self) -> float:
        """From now on keep each exchange (masked) too; returns a mark, as ``mark()`` does.

        Off by default: a long-running stack keeps no bodies, a notebook asks for them.
        """
        self.wire_captured = True
        return self.mark()

    def exchanges(self, since: float = 0.0) -> list[tuple[Hop, Wire]]:
        """Every exchange kept since ``since``, with the hop (and step) it was, in order."""
        with self._lock:
            seen = [o for o in self.observations if o.at >= since and o.wire is not None]
        # Noted as each answer ends; told in the order the requests arrived (10 before 10b).
        pairs = [(hop_for(o), o.wire) for o in sorted(seen, key=lambda o: o.at)]
        return [(hop, wire) for hop, wire in pairs if hop is not None and wire is not None]

    def middleware(self, service: str) -> Callable[[ASGIApp], ASGIApp]:
        return partial(TraceMiddleware, trace=self, service=service)

    def observe(self, observation: Observation) -> None:
        with self._lock:
            self.observations.append(observation)

    def add(self, hop: Hop, at: float | None = None) -> None:
        """A hop seen outside HTTP (typing, postMessage, a JavaScript callback)."""
        with self._lock:
            self.browser_hops.append((time.time() if at is None else at, hop))

    def mark(self) -> float:
        """A point in time: ``hops(since=mark)`` returns only what happened after it."""
        return time.time()

    def hops(self, since: float = 0.0) -> list[Hop]:
        """Every hop since ``since``, in the order it happened."""
        with self._lock:
            seen = [o for o in self.observations if o.at >= since]
            timed = [(o.at, hop_for(o)) for o in seen]
            # Step 6 is the PSP's answer to step 5, at the time the answer left.
            timed += [(o.done, _answer_hop(o)) for o in seen if _tokenized(o)]
            timed += [(at, hop) for at, hop in self.browser_hops if at >= since]
        return [hop for _, hop in sorted(timed, key=lambda pair: pair[0]) if hop is not None]


def first_of_each_step(hops: list[Hop]) -> list[Hop]:
    """The trace as a reader wants it drawn: one arrow per step (a page's stylesheet, script and
    icon are all step 1), every unmodelled hop kept."""
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for hop in hops:
        if hop.step is not None:
            key = (hop.source, hop.target, str(hop.step))
            if key in seen:
                continue
            seen.add(key)
        kept.append(hop)
    return kept


def hop_for(seen: Observation) -> Hop | None:
    """The model relation an observed request belongs to (source and target as the model draws
    them), or a hop from its real caller, which the conformance check reports as unmodelled."""
    if seen.path.startswith(IGNORED_PATHS):
        return None
    browser = seen.caller == "browser"
    if browser and seen.service == "merchant":
        if seen.method == "POST" and seen.path == "/api/checkout":
            return _hop(seen, "merchant_frontend", "api_client", "9")
        if seen.method == "GET" and seen.path.startswith((CONFIRM_PATH, ORDER_PATH)):
            # After 3-D Secure (step 17) the page asks its backend for the confirmed outcome, and
            # where the shop takes webhooks, for the order they moved (steps 13-14): the page ->
            # backend relation again, with no step of its own.
            return _hop(seen, "merchant_frontend", "api_client", None)
        if seen.method == "GET":
            return _hop(seen, "merchant_frontend", "user", "1")
    if browser and seen.service == "cdn":
        return _hop(seen, "merchant_frontend", "sdk_core", "2")
    if browser and seen.service == "psp":
        if seen.path.startswith(CHALLENGE_PREFIX):
            return _challenge_hop(seen)
        if seen.method == "POST" and seen.path == "/v1/tokens":
            # Only the PSP's own iframe calls it same-origin; a merchant page calling the PSP
            # API itself is a different, unmodelled, hop.
            if seen.fetch_site == "same-origin":
                return _hop(seen, "psp_iframe", "psp", "5")
            return _hop(seen, "merchant_frontend", "psp", None)
        if seen.method == "GET":
            return _hop(seen, "sdk_core", "psp_iframe", "3")
    if seen.caller == "api_client" and seen.service == "payments":
        return _hop(seen, "api_client", "payment_service", _after_checkout(seen.path) or "10")
    if seen.caller == "payment_service" and seen.service == "psp":
        step = _after_checkout(seen.path)
        return _hop(seen, "payment_service", "psp", f"{step}b" if step else "10b")
    source = "merchant_frontend" if browser else seen.caller
    return _hop(seen, source, SERVICE_ELEMENTS[seen.service], None)


def _after_checkout(path: str) -> str | None:
    """Step 11 (capture, cancel) or 12 (refunds) for the calls that settle a payment later."""
    if path.endswith(("/capture", "/cancel")):
        return "11"
    if path.startswith("/v1/refunds") or path.endswith("/refunds"):
        return "12"
    return None


# 3-D Secure: the PSP's challenge pages (steps 15-16) and the page asking its backend (after 17).
CHALLENGE_PREFIX = "/3ds/"
CONFIRM_PATH = "/api/checkout/"
ORDER_PATH = "/api/orders/"


def _challenge_hop(seen: Observation) -> Hop:
    if seen.method == "GET":
        return _hop(seen, "sdk_core", "psp_challenge", "15")
    # The answer is posted by the challenge page itself; from anywhere else it is not step 16.
    if seen.method == "POST" and seen.fetch_site == "same-origin":
        return _hop(seen, "psp_challenge", "psp", "16")
    return _hop(seen, "merchant_frontend", "psp", None)


def _answer_hop(seen: Observation) -> Hop:
    hop = _hop(seen, "psp", "psp_iframe", "6")
    return replace(hop, carried_card_data=seen.answer_card_data)


def _tokenized(seen: Observation) -> bool:
    return (
        seen.service == "psp"
        and seen.path == "/v1/tokens"
        and seen.status == 201
        and seen.fetch_site == "same-origin"
    )


SERVICE_ELEMENTS = {
    "merchant": "api_client",
    "cdn": "sdk_core",
    "psp": "psp",
    "payments": "payment_service",
}
CALLERS_BY_USER_AGENT = {MERCHANT_BACKEND: "api_client", PAYMENT_SERVICE: "payment_service"}


def _hop(seen: Observation, source: str, target: str, step: str | None) -> Hop:
    return Hop(
        source,
        target,
        seen.method,
        seen.path,
        step,
        carried_card_data=seen.card_data,
        detail={"service": seen.service, "status": seen.status},
    )


def caller_of(headers: dict[bytes, bytes]) -> str:
    agent = headers.get(b"user-agent", b"").decode("latin-1")
    if agent in CALLERS_BY_USER_AGENT:
        return CALLERS_BY_USER_AGENT[agent]
    if b"sec-fetch-mode" in headers:
        return "browser"
    return UNKNOWN_CLIENT


class TraceMiddleware:
    """Notes each request a service receives; the body is teed as the app reads it."""

    def __init__(self, app: ASGIApp, trace: StackTrace, service: str) -> None:
        self.app = app
        self.trace = trace
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        at = time.time()
        answer_headers: list[tuple[bytes, bytes]] = []
        if self.trace.wire_captured:
            send = _keeping_headers(send, answer_headers)

        def note(exchange: Exchange) -> None:
            headers = dict(scope["headers"])
            query = scope.get("query_string", b"").decode("latin-1")
            body = exchange.request_body.decode("utf-8", errors="replace")
            answer = exchange.answer.decode("utf-8", errors="replace")
            self.trace.observe(
                Observation(
                    at,
                    self.service,
                    scope["method"],
                    scope["path"],
                    caller_of(headers),
                    contains_pan(f"{body} {scope['path']} {query}"),
                    exchange.status,
                    done=time.time(),
                    fetch_site=headers.get(b"sec-fetch-site", b"").decode("latin-1"),
                    answer_card_data=contains_pan(answer),
                    wire=_wire(scope, exchange, answer_headers)
                    if self.trace.wire_captured
                    else None,
                )
            )

        await watch(
            self.app,
            scope,
            receive,
            send,
            note,
            max_request_bytes=MAX_SCANNED_BODY,
            max_answer_bytes=MAX_SCANNED_ANSWER,
        )


def _keeping_headers(send: Send, kept: list[tuple[bytes, bytes]]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            kept.extend((bytes(k), bytes(v)) for k, v in message.get("headers", []))
        await send(message)

    return sending


def _wire(scope: Scope, exchange: Exchange, answer_headers: list[tuple[bytes, bytes]]) -> Wire:
    query = scope.get("query_string", b"").decode("latin-1")
    target = scope["path"] + (f"?{query}" if query else "")
    return Wire(
        scope["method"],
        mask_card_data(target),
        _headers(scope["headers"]),
        mask_card_data(exchange.request_body.decode("utf-8", errors="replace")),
        exchange.status,
        _headers(answer_headers),
        mask_card_data(_decoded(bytes(exchange.answer), answer_headers)),
    )


def _decoded(answer: bytes, headers: list[tuple[bytes, bytes]]) -> str:
    """The answer as text, gunzipped when it was sent compressed (as the browser reads it)."""
    encoding = dict(headers).get(b"content-encoding", b"").lower()
    if encoding == b"gzip":
        try:
            answer = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(answer)
        except zlib.error:
            return f"<{len(answer)} bytes, gzip, cut short>"
    elif encoding:
        return f"<{len(answer)} bytes, {encoding.decode('latin-1')}>"
    return answer.decode("utf-8", errors="replace")


def _headers(raw: Any) -> tuple[tuple[str, str], ...]:
    decoded = [(bytes(k).decode("latin-1"), bytes(v).decode("latin-1")) for k, v in raw]
    return tuple((k, _shown_header(k, v)) for k, v in decoded)


def _shown_header(name: str, value: str) -> str:
    if name.lower() == "authorization":
        scheme, _, key = value.partition(" ")
        return f"{scheme} {redact_key(key)}" if key else redact_key(value)
    return mask_card_data(value)
