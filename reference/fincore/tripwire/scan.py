"""Scanning what a component stored (databases, logs) for card numbers."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fincore.cards.pan_pattern import find_pans


@dataclass(frozen=True)
class Finding:
    where: str
    # Only the last four digits: a report about leaked PANs must not leak them again.
    last4: str

    def __str__(self) -> str:
        return f"card ending {self.last4} in {self.where}"


def scan_bytes(data: bytes, where: str) -> list[Finding]:
    # latin-1 maps every byte to one character, so binary files (SQLite pages) scan too.
    return [Finding(where, pan[-4:]) for pan in find_pans(data.decode("latin-1"))]


def scan_tree(root: Path) -> list[Finding]:
    """Every card number in every file below ``root``."""
    return [
        finding for path in _files(root) for finding in scan_bytes(path.read_bytes(), str(path))
    ]


def _files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    yield from sorted(path for path in root.rglob("*") if path.is_file())
