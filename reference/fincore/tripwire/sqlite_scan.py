"""Reading SQLite databases value by value, for the scanner.

A database page stores a row's values back to back (``...usd4242424242424242{}...``), so a card
number glued to its neighbours escapes a scan of the raw bytes, whose rule is that a number must
not touch letters or digits. Handing the scanner each text and blob value on its own gives every
value its own boundaries. The raw scan still runs too: it sees freed pages no query returns.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"


def is_sqlite(data: bytes) -> bool:
    return data.startswith(SQLITE_MAGIC)


def sqlite_values(path: Path) -> Iterator[tuple[str, bytes]]:
    """``("table t, column c", value)`` for every text and blob value of every table, the
    write-ahead log included (SQLite reads through it). A database that cannot be opened read-only
    (locked, damaged) yields nothing."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as db:
            yield from _values(db)
    except sqlite3.Error:
        return


def _values(db: sqlite3.Connection) -> Iterator[tuple[str, bytes]]:
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        cursor = db.execute(f"SELECT * FROM {quoted}")  # noqa: S608  (a name read from the schema)
        columns = [column[0] for column in cursor.description]
        for row in cursor:
            for column, value in zip(columns, row, strict=True):
                if isinstance(value, str):
                    value = value.encode("utf-8", "surrogatepass")
                if isinstance(value, bytes):
                    yield f"table {table}, column {column}", value
