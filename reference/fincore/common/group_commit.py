"""Group commit: the write transactions that reach SQLite in one turn of the event loop share
one ``BEGIN IMMEDIATE ... COMMIT``.

Every transaction is a ``work(connection)``. When one raises (or the shared commit fails), the
group is rolled back and each runs again in a transaction of its own, in the same order: the one
that failed fails again and its caller gets the exception, the others commit. So a ``work`` must
be safe to run twice: database reads and writes only, nothing done outside the database. A
caller's answer is released only after its commit, so nothing is acknowledged before it is
durable. Under load the begin, the commit and the write-ahead-log append are paid once for many
payments instead of once each (bench/README.md); savepoints per transaction, tried first, cost
more than the rare second pass.

A transaction whose caller was cancelled while it waited is still committed, as a transaction
already running in a thread would be.

Only for SQLite, where the writes already run one at a time on the event loop. PostgreSQL runs
each transaction on its own: a group holding many rows' locks could deadlock with another
instance's group over the same idempotency keys.
"""

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Engine

T = TypeVar("T")
Work = Callable[[Connection], Any]
Outcome = tuple["asyncio.Future[Any]", Any, BaseException | None]


class GroupCommit:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # One queue per event loop: a database shared by two servers' loops never mixes them.
        self._queues: dict[asyncio.AbstractEventLoop, list[tuple[Work, asyncio.Future[Any]]]] = {}
        # And one connection per loop, kept: checking one out of the pool and resetting it on
        # return cost more than a group's commit.
        self._connections: dict[asyncio.AbstractEventLoop, Connection] = {}

    def submit(self, work: Callable[[Connection], T]) -> "asyncio.Future[T]":
        """Queue ``work`` for the commit at the end of this turn of the loop."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        queue = self._queues.setdefault(loop, [])
        if not queue:
            loop.call_soon(self._flush, loop)
        queue.append((work, future))
        return future

    def _flush(self, loop: asyncio.AbstractEventLoop) -> None:
        batch = self._queues.pop(loop, [])
        try:
            outcomes = self._commit(self._connection(loop), batch)
        except Exception as failure:
            # No usable connection: none of the group is stored, every caller hears why, and
            # the next group starts on a fresh connection.
            outcomes = [(future, None, failure) for _, future in batch]
            self._discard(loop)
        for future, result, error in outcomes:
            if future.cancelled():
                continue
            if error is None:
                future.set_result(result)
            else:
                future.set_exception(error)

    def close(self) -> None:
        for loop in list(self._connections):
            self._discard(loop)

    def _connection(self, loop: asyncio.AbstractEventLoop) -> Connection:
        connection = self._connections.get(loop)
        if connection is None:
            connection = self._connections[loop] = self.engine.connect()
        return connection

    def _discard(self, loop: asyncio.AbstractEventLoop) -> None:
        connection = self._connections.pop(loop, None)
        if connection is not None:
            connection.close()

    def _commit(
        self, connection: Connection, batch: list[tuple[Work, "asyncio.Future[Any]"]]
    ) -> list[Outcome]:
        try:
            results = _in_transaction(connection, [work for work, _ in batch])
        except Exception as failure:
            if connection.invalidated:
                raise
            if len(batch) == 1:
                return [(batch[0][1], None, failure)]
            return [_alone(connection, work, future) for work, future in batch]
        return [(future, result, None) for (_, future), result in zip(batch, results, strict=True)]


def _alone(connection: Connection, work: Work, future: "asyncio.Future[Any]") -> Outcome:
    try:
        return future, _in_transaction(connection, [work])[0], None
    except Exception as error:
        return future, None, error


def _in_transaction(connection: Connection, works: list[Work]) -> list[Any]:
    transaction = connection.begin()
    try:
        results = [work(connection) for work in works]
        transaction.commit()
    except BaseException:
        transaction.rollback()
        # A failed COMMIT leaves SQLite's transaction open, where SQLAlchemy considers it over.
        driver = cast(sqlite3.Connection, connection.connection.driver_connection)
        if driver.in_transaction:
            driver.execute("ROLLBACK")
        raise
    return results
