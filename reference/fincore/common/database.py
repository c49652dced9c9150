"""SQLAlchemy engines tuned for services that many threads write to at once."""

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event


def sqlite_url(folder: Path, name: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / name}"


def make_engine(url: str, metadata: MetaData) -> Engine:
    """An engine for ``url`` with the schema created; SQLite gets WAL and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
    else:
        engine = create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)
    metadata.create_all(engine)
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # WAL lets readers proceed while one writer commits; NORMAL sync is durable across process
    # crashes (not power loss), the right trade for a local reference stack.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # We issue BEGIN ourselves (below); pysqlite's implicit transactions would defer it.
    connection.isolation_level = None


def _begin_immediate(connection: Any) -> None:
    # Take the write lock when a transaction starts. A deferred transaction that reads and then
    # writes fails at once with SQLITE_BUSY when another writer got in between, instead of waiting.
    connection.exec_driver_sql("BEGIN IMMEDIATE")
