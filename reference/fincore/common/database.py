"""Where a service's SQL runs: SQLAlchemy Core on SQLite or PostgreSQL, one way for both.

Every store function is ``work(connection, *args)`` on a synchronous SQLAlchemy ``Connection``
and runs its Core statements with ``connection.execute``, so SQLAlchemy's compiled cache
compiles each statement once. ``Database.read`` and ``Database.write`` (a transaction) run it:

- on **SQLite**, straight on the event loop: each statement takes tens of microseconds, SQLite
  admits one writer at a time anyway, and handing every call to a thread cost more CPU than the
  call (bench/README.md). Write transactions are committed in groups (``GroupCommit``).
- on **PostgreSQL**, through SQLAlchemy's asyncio extension with the asyncpg driver:
  ``AsyncConnection.run_sync`` runs the same function, and each statement's network round trip
  is awaited on the event loop, with no thread pool. Each write transaction commits on its own.
  asyncpg rather than psycopg 3's async mode: about a third less CPU per write transaction
  through SQLAlchemy on this machine (bench/README.md).

``engine`` stays a synchronous engine (psycopg 3) on the same database, for what is not on a
request's path: migrations at start-up, and tests and notebooks that read what a service stored.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import URL, Connection, Engine, MetaData, create_engine, event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from fincore.common.group_commit import GroupCommit
from fincore.common.private_files import private_file

T = TypeVar("T")
# Connections per PostgreSQL pool (per instance): one per request in a database call at once,
# opened as load first needs them and then kept. No overflow: SQLAlchemy closes an overflow
# connection as soon as it is returned to a full pool, and at 50 concurrent payments per
# instance the 20 + 20 pool this replaced opened (and PostgreSQL forked a backend for) a new
# connection every few requests, a quarter of the instance's CPU per pay (bench/README.md).
# Beyond the pool, a request waits for a connection.
POOL_SIZE = 50
POOL_OVERFLOW = 0


def sqlite_url(folder: Path, name: str) -> str:
    # Created 0600 in a 0700 folder before SQLite opens it (its -wal and -shm files follow).
    private_file(folder / name)
    return f"sqlite:///{folder / name}"


def async_url(url: str) -> URL:
    """The same PostgreSQL database, through the asyncpg driver."""
    return make_url(url).set(drivername="postgresql+asyncpg")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and write-locking transactions."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
    else:
        engine = create_engine(url, pool_size=4, max_overflow=4, pool_pre_ping=True)
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
    connection.connection.driver_connection.execute("BEGIN IMMEDIATE")


class Database:
    def __init__(self, url: str, prepare: "MetaData | Callable[[Engine], None]") -> None:
        """``prepare`` creates the schema: a MetaData to create as is, or a migration runner."""
        self.engine = make_engine(url)
        if isinstance(prepare, MetaData):
            prepare.create_all(self.engine)
        else:
            prepare(self.engine)
        # Used on SQLite only; it opens no connection until its first group.
        self._group_commit = GroupCommit(self.engine)
        self._async: AsyncEngine | None = None
        if not url.startswith("sqlite"):
            # No pre-ping: it cost a round trip per checkout, a seventh of the instance's CPU
            # (bench/README.md). A connection the server dropped fails its one request, and
            # SQLAlchemy then discards the whole pool, so the next requests reconnect.
            self._async = create_async_engine(
                async_url(url), pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW
            )
            # The same pool, each statement its own transaction: no BEGIN or COMMIT round trip.
            self._autocommit = self._async.execution_options(isolation_level="AUTOCOMMIT")

    async def read(self, work: Callable[..., T], *args: Any) -> T:
        """``work(connection, *args)`` outside a write transaction."""
        if self._async is None:
            with self.engine.connect() as connection:
                return work(connection, *args)
        async with self._async.connect() as connection:
            return await connection.run_sync(work, *args)

    async def write(self, work: Callable[..., T], *args: Any) -> T:
        """``work(connection, *args)`` in a write transaction: committed when this returns, rolled
        back (and raised) when ``work`` raises. On SQLite ``work`` may run twice (a group that
        failed is retried one by one), so it must do nothing outside the database."""
        if self._async is None:
            return await self._group_commit.submit(_unit(work, args))
        async with self._async.begin() as connection:
            return await connection.run_sync(work, *args)

    async def write_statement(self, work: Callable[..., T], *args: Any) -> T:
        """``work(connection, *args)`` that writes with one statement (and may read after it).

        On PostgreSQL the statement runs in autocommit, as its own transaction, committed and
        flushed to disk by the server like any other: half the round trips of ``write`` for a
        one-statement write (``BEGIN`` and ``COMMIT`` are round trips of their own). On SQLite it
        joins the group commit like any ``write``."""
        if self._async is None:
            return await self._group_commit.submit(_unit(work, args))
        async with self._autocommit.connect() as connection:
            return await connection.run_sync(work, *args)

    async def close(self) -> None:
        """Close the async pool's connections, on the event loop that opened them."""
        if self._async is not None:
            await self._async.dispose()

    def dispose(self) -> None:
        self._group_commit.close()
        self.engine.dispose()


def _unit(work: Callable[..., T], args: tuple[Any, ...]) -> Callable[[Connection], T]:
    """``work`` with its arguments, as the group commit runs it: ``unit(connection)``."""

    def unit(connection: Connection) -> T:
        return work(connection, *args)

    return unit
