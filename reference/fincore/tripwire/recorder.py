"""Recording everything an out-of-scope component receives: path, query string, headers, body.

Attach one ``TrafficRecorder`` to any app built by ``build_service``
(``build_service(..., recorder=traffic.middleware("payments"))``); each request is scanned for
card numbers before its response completes, so a test that has the response can ask for the
findings, and a finding is never lost when old records are dropped. It is a test instrument: the
scan adds a fraction of a millisecond to every response. Records
stay in memory and are never written out: they hold API keys in headers and, when an integration
is broken, the very card numbers the tripwire exists to catch.
"""

import threading
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from starlette.types import ASGIApp, Receive, Scope, Send

from fincore.common.exchange import Exchange, watch
from fincore.tripwire.scan import Finding, scan_bytes

# Services refuse bodies over 1 MiB; recording a little more shows what a refused sender tried.
MAX_RECORDED_BODY = 2 * 1024 * 1024
KEPT_RECORDS = 10_000
# Paths in a report are cut to this length: they name the place, nothing more.
SHOWN_PATH = 80


@dataclass(frozen=True)
class Received:
    """One HTTP request as a component received it (raw path and query, every header)."""

    component: str
    method: str
    path: bytes
    query: bytes
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    def __repr__(self) -> str:
        # Headers and bodies hold keys and, in a broken integration, card numbers.
        return f"Received({self.component!r}, {self.method} {len(self.body)} body bytes)"

    def parts(self) -> Iterator[tuple[str, bytes]]:
        """Each place a card number could travel in, named for a report."""
        yield "path", self.path
        yield "query string", self.query
        for name, value in self.headers:
            yield f"header {name.decode('latin-1').lower()}", value
        yield "body", self.body

    def findings(self) -> list[Finding]:
        found = [(part, finding) for part, data in self.parts() for finding in scan_bytes(data, "")]
        # The path names the place unless it is itself the leak.
        path_leaks = any(part == "path" for part, _ in found)
        path = "<path withheld>" if path_leaks else self.path.decode("latin-1")[:SHOWN_PATH]
        return [
            Finding(f"{self.method} {path} ({part})", f.last4, f.encoding, self.component)
            for part, f in found
        ]


class TrafficRecorder:
    """Requests received by any number of components, and the card numbers found in them."""

    def __init__(self, keep: int = KEPT_RECORDS, max_body: int = MAX_RECORDED_BODY) -> None:
        self.max_body = max_body
        self._records: deque[Received] = deque(maxlen=keep)
        self._findings: list[Finding] = []
        self._counts: Counter[str] = Counter()
        # Services of one local stack run on threads of their own and share one recorder.
        self._lock = threading.Lock()

    def middleware(self, component: str) -> Callable[[ASGIApp], ASGIApp]:
        """An ASGI middleware factory recording what ``component`` receives (outermost)."""
        return partial(RecordingMiddleware, recorder=self, component=component)

    def record(self, received: Received) -> None:
        findings = received.findings()
        with self._lock:
            self._records.append(received)
            self._findings.extend(findings)
            self._counts[received.component] += 1

    def received(self, component: str | None = None) -> list[Received]:
        """The most recent records (up to ``keep``), of one component or of all."""
        with self._lock:
            return [r for r in self._records if component in (None, r.component)]

    def findings(self) -> list[Finding]:
        """Every card number found in every request recorded so far."""
        with self._lock:
            return list(self._findings)

    def counts(self) -> dict[str, int]:
        """How many requests each component received."""
        with self._lock:
            return dict(self._counts)

    def clear(self) -> None:
        with self._lock:
            self._records.clear()
            self._findings.clear()
            self._counts.clear()


class RecordingMiddleware:
    """Tees the request body as the app reads it: nothing is buffered ahead of the app, so the
    app behaves exactly as without the recorder (its 413 comes as early as before)."""

    def __init__(self, app: ASGIApp, recorder: TrafficRecorder, component: str) -> None:
        self.app = app
        self.recorder = recorder
        self.component = component

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        def record(exchange: Exchange) -> None:
            body = bytes(exchange.request_body)
            self.recorder.record(_received(self.component, scope, body))

        await watch(
            self.app, scope, receive, send, record, max_request_bytes=self.recorder.max_body
        )


def _received(component: str, scope: Scope, body: bytes) -> Received:
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
    return Received(
        component=component,
        method=scope["method"],
        path=raw_path,
        query=scope.get("query_string", b""),
        headers=tuple((bytes(name), bytes(value)) for name, value in scope["headers"]),
        body=body,
    )
