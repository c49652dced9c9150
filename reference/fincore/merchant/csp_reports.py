"""CSP violation reports from the checkout page: parsed, cut down to what an operator needs, and
kept as JSON lines in the merchant's data folder.

Browsers send one of two shapes:

- ``application/csp-report`` (the ``report-uri`` directive):
  ``{"csp-report": {"document-uri", "blocked-uri", "effective-directive", ...}}``
- ``application/reports+json`` (the Reporting API, ``report-to``):
  ``[{"type": "csp-violation", "url", "body": {"documentURL", "blockedURL", ...}}, ...]``

Anyone can post a report, so a report is untrusted input: only known fields are kept, each cut
to a bounded length; URLs lose their query string and fragment (a skimmer's exfiltration URL is
exactly where a card number would ride); script samples are dropped for the same reason, and a
field that still holds a card number anywhere (a URL's path) is withheld whole.
"""

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from fincore.cards.card_scan import holds_card
from fincore.common.private_files import private_file

# Where the checkout page's policy sends its reports (``report-uri`` and ``Reporting-Endpoints``).
REPORT_PATH = "/csp-reports"
CSP_REPORT = "application/csp-report"
REPORTS_JSON = "application/reports+json"
# Some older browsers label either shape plain JSON.
MEDIA_TYPES = (CSP_REPORT, REPORTS_JSON, "application/json")

SHOWN_CHARS = 512
WITHHELD = "<withheld: held a card number>"
# Keywords browsers put where a URL would be (``blocked-uri: inline``): kept as they are.
NOT_URLS = frozenset({"inline", "eval", "wasm-eval", "trusted-types-policy", "trusted-types-sink"})

# Field of a stored record <- its name in a report-uri body, then in a Reporting API body.
FIELDS = {
    "document_url": ("document-uri", "documentURL"),
    "blocked_url": ("blocked-uri", "blockedURL"),
    "effective_directive": ("effective-directive", "effectiveDirective"),
    "disposition": ("disposition", "disposition"),
    "source_file": ("source-file", "sourceFile"),
}
NUMBERS = {
    "line_number": ("line-number", "lineNumber"),
    "status_code": ("status-code", "statusCode"),
}


class InvalidReport(ValueError):
    """The body is not a CSP report in either shape."""


def parse_reports(body: bytes) -> list[dict[str, Any]]:
    """The violations in a report body of either shape, reduced to the stored fields."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise InvalidReport("not JSON") from error
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        return [_violation(data["csp-report"], 0, "report-uri")]
    if isinstance(data, list) and all(_is_report(entry) for entry in data):
        # One batch may hold other report types (deprecations, interventions): not ours to keep.
        return [_violation(e["body"], 1, "report-to") for e in data if e["type"] == "csp-violation"]
    raise InvalidReport("neither a csp-report object nor a list of reports")


def _is_report(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("type"), str)
        and isinstance(entry.get("body"), dict)
    )


def _violation(raw: dict[str, Any], shape: int, via: str) -> dict[str, Any]:
    record: dict[str, Any] = {"via": via}
    for field, names in FIELDS.items():
        value = raw.get(names[shape])
        if field == "effective_directive" and not value:
            value = raw.get("violated-directive")  # old browsers send only this one
        record[field] = _text(value, is_url=field.endswith(("_url", "_file")))
    for field, names in NUMBERS.items():
        value = raw.get(names[shape])
        record[field] = value if isinstance(value, int) and not isinstance(value, bool) else None
    return record


def _text(value: object, is_url: bool) -> str:
    text = value if isinstance(value, str) else ""
    if is_url and text not in NOT_URLS:
        text = _without_query(text)
    text = text[:SHOWN_CHARS]
    # A skimmer may carry the number in the path too (``https://evil.example/4242...``).
    return WITHHELD if holds_card(text) else text


def _without_query(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


class CspReportLog:
    """The stored reports: an append-only JSON-lines file with a size cap, and a way for tests
    and notebooks to wait for a report without polling."""

    def __init__(self, path: Path, max_bytes: int) -> None:
        private_file(path)
        self.path = path
        self.max_bytes = max_bytes
        self.dropped = 0
        self._changed = threading.Condition()

    def append(self, violations: list[dict[str, Any]]) -> None:
        """Store ``violations``; once the file reaches its cap, count them as dropped instead."""
        received_at = round(time.time(), 3)
        with self._changed:
            size = self.path.stat().st_size if self.path.exists() else 0
            if size >= self.max_bytes:
                self.dropped += len(violations)
                return
            with self.path.open("a", encoding="utf-8") as handle:
                for violation in violations:
                    line = json.dumps({"received_at": received_at, **violation}, sort_keys=True)
                    handle.write(line + "\n")
            self._changed.notify_all()

    def records(self) -> list[dict[str, Any]]:
        with self._changed:
            return list(self._read())

    def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """The stored reports matching ``predicate``, as soon as there is one; raises
        ``TimeoutError`` when none arrived within ``timeout`` seconds."""
        with self._changed:
            matching: list[dict[str, Any]] = []

            def found() -> bool:
                matching[:] = [r for r in self._read() if predicate(r)]
                return bool(matching)

            if not self._changed.wait_for(found, timeout):
                raise TimeoutError(f"no matching CSP report within {timeout} s")
            return matching

    def _read(self) -> Iterator[dict[str, Any]]:
        if not self.path.exists():
            return
        for line in self.path.read_text(encoding="utf-8").splitlines():
            if line:
                yield json.loads(line)
