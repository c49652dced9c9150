"""Record every request body a service receives, so tests can prove no card number reached it.

The merchant backend and the CDN keep such a log in their data folders as a matter of course
(they should never receive anything sensitive, and the log is the evidence); the local stack can
also wrap the Payment Service with it for a test run. Each line is JSON:
``{"method", "path", "query", "body"}``. Headers are never recorded: they carry API keys.
"""

import json
import threading
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from fincore.common.exchange import Exchange, watch

# A body larger than this is recorded up to this size (enough for any PAN to show).
MAX_RECORDED_BYTES = 256 * 1024


class BodyLog:
    """An append-only JSON-lines file of request bodies."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, separators=(",", ":"), sort_keys=True)
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def records(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line]


class BodyRecorder:
    """ASGI middleware: copies each HTTP request body, as the app reads it, into a BodyLog.

    It tees ``receive`` instead of buffering first, so it adds no latency and changes nothing the
    app sees; lifespan and other scopes pass straight through.
    """

    def __init__(self, app: ASGIApp, log: BodyLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        def write(exchange: Exchange) -> None:
            self.log.write(
                {
                    "method": scope["method"],
                    "path": scope["path"],
                    "query": scope.get("query_string", b"").decode("latin-1"),
                    "body": exchange.request_body.decode("utf-8", errors="replace"),
                }
            )

        await watch(self.app, scope, receive, send, write, max_request_bytes=MAX_RECORDED_BYTES)
