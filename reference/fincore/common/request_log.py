"""One JSON line per request, written to a file under the service's data folder.

Bodies and query strings are never logged: the log names who called what (method, path, which
is withheld when it holds a card number), how it ended and the request's size, nothing a shopper
typed. Each line carries the ``Request-Id`` its answer carried, so a caller quoting one finds it.
"""

import json
import re
import threading
import time
from pathlib import Path
from typing import Any

import orjson
from starlette.types import Scope

from fincore.cards.card_scan import MIN_LENGTH, holds_card
from fincore.common.private_files import private_file

WITHHELD_PATH = "<withheld: the path held a card number>"
# Any script's decimal digits, as the card scanner reads them.
_DIGIT = re.compile(r"\d")


class RequestLog:
    def __init__(self, path: Path) -> None:
        private_file(path)
        self.path = path
        self._lock = threading.Lock()
        # Unbuffered, appending: each record reaches the file in one write, at once, without
        # reopening the file per request.
        self._handle = path.open("ab", buffering=0)

    def write(self, record: dict[str, Any]) -> None:
        line = orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
        if not line.isascii():
            # Escaped, so no reader splits a record at U+2028 or U+0085 inside a path.
            line = (json.dumps(record, separators=(",", ":"), sort_keys=True) + "\n").encode()
        with self._lock:
            self._handle.write(line)

    def request(self, scope: Scope, status: int, started: float, notes: dict[str, Any]) -> None:
        """The line for one HTTP request that began at ``perf_counter()`` time ``started``;
        ``notes`` are what its handler added (merchant, payment id)."""
        self.write(
            {
                "ts": round(time.time(), 3),
                "request_id": scope.get("state", {}).get("request_id"),
                "method": scope["method"],
                "path": loggable_path(scope["path"]),
                # An app that never answered counts as failed.
                "status": status or 500,
                "request_bytes": len(scope.get("state", {}).get("raw_body", b"")),
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                **notes,
            }
        )

    def close(self) -> None:
        with self._lock:
            self._handle.close()

    def records(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line]


def loggable_path(path: str) -> str:
    """The path, unless a careless client put a card number in it: the log must not keep that."""
    # A path with fewer digits than the shortest card (most of them: /v1/payments) cannot hold
    # one; counting them is a hundredth of the scanner's numpy set-up, paid on every request.
    if len(_DIGIT.findall(path)) < MIN_LENGTH:
        return path
    return WITHHELD_PATH if holds_card(path) else path
