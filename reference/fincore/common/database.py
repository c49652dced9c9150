"""SQLAlchemy engines tuned for services that many threads write to at once."""

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, MetaData, create_engine, event

from fincore.common.group_commit import GroupCommit
from fincore.common.private_files import private_file

T = TypeVar("T")


def sqlite_url(folder: Path, name: str) -> str:
    # Created 0600 in a 0700 folder before SQLite opens it (its -wal and -shm files follow).
    private_file(folder / name)
    return f"sqlite:///{folder / name}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and write-locking transactions."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
    else:
        engine = create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)
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
    # Straight on the sqlite3 connection: SQLAlchemy's statement machinery cost more than this.
    connection.connection.driver_connection.execute("BEGIN IMMEDIATE")


class Database:
    """An engine, and where its blocking calls run.

    A server database (PostgreSQL) is called from a pool of threads, so the event loop never
    waits on the network. An SQLite file is called right on the event loop: each statement takes
    tens of microseconds, SQLite admits one writer at a time anyway, and handing every call to a
    thread cost more CPU than the call itself (measured in bench/charge_path.py). Its write
    transactions are committed in groups (``GroupCommit``).
    """

    def __init__(self, url: str, prepare: "MetaData | Callable[[Engine], None]") -> None:
        """``prepare`` creates the schema: a MetaData to create as is, or a migration runner."""
        self.engine = make_engine(url)
        if isinstance(prepare, MetaData):
            prepare.create_all(self.engine)
        else:
            prepare(self.engine)
        self._inline = url.startswith("sqlite")
        self._executor = ThreadPoolExecutor(16, thread_name_prefix="fincore-db")
        self._group_commit = GroupCommit(self.engine)

    async def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self._inline:
            return function(*args, **kwargs)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, functools.partial(function, *args, **kwargs)
        )

    async def write(self, work: Callable[..., T], *args: Any) -> T:
        """``work(connection, *args)`` in a write transaction: committed when this returns, rolled
        back (and raised) when ``work`` raises."""

        def unit(connection: Connection) -> T:
            return work(connection, *args)

        if self._inline:
            return await self._group_commit.submit(unit)
        return await self.run(_in_transaction, self.engine, unit)

    def dispose(self) -> None:
        self._group_commit.close()
        self._executor.shutdown(wait=True)
        self.engine.dispose()


def _in_transaction(engine: Engine, work: Callable[[Connection], T]) -> T:
    with engine.begin() as connection:
        return work(connection)
