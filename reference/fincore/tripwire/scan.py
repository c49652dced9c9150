"""Scanning bytes and what a component stored (databases, logs) for card numbers."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fincore.tripwire.database_scan import database_values
from fincore.tripwire.detect import PLAIN, find_card_numbers
from fincore.tripwire.sqlite_scan import is_sqlite, sqlite_values


@dataclass(frozen=True)
class Finding:
    """A card number seen where it must not be: where, in what encoding, by which component."""

    where: str
    # Only the last four digits: a report about leaked PANs must not leak them again.
    last4: str
    encoding: str = PLAIN
    component: str = ""

    def __str__(self) -> str:
        place = f"{self.component}: {self.where}" if self.component else self.where
        hidden = "" if self.encoding == PLAIN else f" ({self.encoding})"
        return f"card ending {self.last4} in {place}{hidden}"


def scan_bytes(data: bytes, where: str, component: str = "") -> list[Finding]:
    """One finding per distinct card number in ``data``, in the clear or encoded."""
    return [
        Finding(where, hit.pan[-4:], hit.encoding, component) for hit in find_card_numbers(data)
    ]


def scan_tree(root: Path, component: str = "") -> list[Finding]:
    """Every card number in every file below ``root`` (SQLite databases value by value too)."""
    return [finding for path in files_below(root) for finding in scan_file(path, component)]


def scan_file(path: Path, component: str = "") -> list[Finding]:
    """Every card number in one file's bytes and, for a SQLite database, in each stored value."""
    data = path.read_bytes()
    raw = scan_bytes(data, str(path), component)
    if not is_sqlite(data):
        return raw
    by_value = [
        finding
        for place, value in sqlite_values(path)
        for finding in scan_bytes(value, f"{path} ({place})", component)
    ]
    # A number found both ways is reported once, with the table and column that hold it.
    named = {finding.last4 for finding in by_value}
    return by_value + [finding for finding in raw if finding.last4 not in named]


def scan_database(url: str, component: str) -> list[Finding]:
    """Every card number in any value of a database server's tables (never its URL, which may
    hold a password: the place is named by the component)."""
    return [
        finding
        for place, value in database_values(url)
        for finding in scan_bytes(value, f"{component} database ({place})", component)
    ]


def files_below(root: Path) -> Iterator[Path]:
    """``root`` itself when it is a file, else every file under it, in a stable order."""
    if root.is_file():
        yield root
        return
    yield from sorted(path for path in root.rglob("*") if path.is_file())
