"""Scanning bytes and what a component stored (databases, logs) for card numbers."""

from collections.abc import Iterable, Iterator
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


# What SQLite writes beside a database: its pages, as the write-ahead log and the journal hold them.
PAGE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")
# Between two values scanned together: no card number joins across it.
_VALUE_BREAK = b"\x00|\x00"


def scan_bytes(
    data: bytes, where: str, component: str = "", glued_to_letters: bool = True
) -> list[Finding]:
    """One finding per distinct card number in ``data``, in the clear or encoded
    (``glued_to_letters``: see ``fincore.tripwire.detect``)."""
    return [
        Finding(where, hit.pan[-4:], hit.encoding, component)
        for hit in find_card_numbers(data, glued_to_letters)
    ]


def scan_tree(root: Path, component: str = "") -> list[Finding]:
    """Every card number in every file below ``root`` (SQLite databases value by value too)."""
    return [finding for path in files_below(root) for finding in scan_file(path, component)]


def scan_file(path: Path, component: str = "") -> list[Finding]:
    """Every card number in one file's bytes and, for a SQLite database, in each stored value."""
    data = path.read_bytes()
    pages = is_sqlite(data) or path.name.endswith(PAGE_FILE_SUFFIXES)
    raw = scan_bytes(data, str(path), component, glued_to_letters=not pages)
    if not is_sqlite(data):
        return raw
    by_value = scan_values(sqlite_values(path), f"{path} ({{place}})", component)
    # A number found both ways is reported once, with the table and column that hold it.
    named = {finding.last4 for finding in by_value}
    return by_value + [finding for finding in raw if finding.last4 not in named]


def scan_database(url: str, component: str) -> list[Finding]:
    """Every card number in any value of a database server's tables (never its URL, which may
    hold a password: the place is named by the component)."""
    return scan_values(database_values(url), f"{component} database ({{place}})", component)


def scan_values(values: Iterable[tuple[str, bytes]], where: str, component: str) -> list[Finding]:
    """Card numbers in ``(place, value)`` pairs, each value on its own; ``where`` names the
    place (``{place}`` stands for it). One scan per place, its values kept apart by a break:
    a scan per value cost a thousand times the work on a large table."""
    by_place: dict[str, list[bytes]] = {}
    for place, value in values:
        by_place.setdefault(place, []).append(value)
    return [
        finding
        for place, found in by_place.items()
        for finding in scan_bytes(_VALUE_BREAK.join(found), where.format(place=place), component)
    ]


def files_below(root: Path) -> Iterator[Path]:
    """``root`` itself when it is a file, else every file under it, in a stable order."""
    if root.is_file():
        yield root
        return
    yield from sorted(path for path in root.rglob("*") if path.is_file())
