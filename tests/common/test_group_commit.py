"""Database.write on SQLite: the units reaching it in one loop turn share one commit."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from fincore.common.database import Database

metadata = MetaData()
entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ref", String(32), nullable=False, unique=True),
)
# Checked only at COMMIT: a way to make the shared commit itself fail.
children = Table(
    "children",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("parent", Integer, nullable=False),
    ForeignKeyConstraint(["parent"], ["entries.id"], deferrable=True, initially="DEFERRED"),
)


class Broken(Exception):
    pass


def add(connection: Connection, ref: str) -> int:
    return connection.execute(insert(entries).values(ref=ref)).inserted_primary_key[0]


def add_then_fail(connection: Connection, ref: str) -> int:
    add(connection, ref)
    raise Broken(ref)


def add_orphan(connection: Connection, ref: str) -> int:
    add(connection, ref)
    connection.execute(insert(children).values(parent=10_000))
    return 0


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'group.db'}"


@pytest.fixture
def db(url: str) -> Iterator[Database]:
    database = Database(url, metadata)
    yield database
    database.dispose()


@pytest.fixture
def observer(url: str) -> Iterator[Engine]:
    """An engine of its own: it sees only what was committed."""
    engine = create_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def begins(db: Database) -> list[int]:
    """One entry per transaction the database's engine begins."""
    started: list[int] = []
    event.listen(db.engine, "begin", lambda _: started.append(1))
    return started


def stored(observer: Engine) -> list[str]:
    with observer.connect() as connection:
        return connection.execute(select(entries.c.ref).order_by(entries.c.ref)).scalars().all()


def test_units_written_in_one_turn_all_commit_in_one_transaction(db, observer, begins):
    refs = [f"ref-{n:02}" for n in range(20)]

    async def main() -> list[int]:
        return await asyncio.gather(*(db.write(add, ref) for ref in refs))

    ids = asyncio.run(main())
    assert sorted(ids) == list(range(1, 21))
    assert stored(observer) == refs
    assert len(begins) == 1


def test_units_written_one_after_another_each_commit_on_their_own(db, observer, begins):
    """The counterpart: the count above is of transactions, not of write calls."""

    async def main() -> None:
        for ref in ("a", "b", "c"):
            await db.write(add, ref)

    asyncio.run(main())
    assert stored(observer) == ["a", "b", "c"]
    assert len(begins) == 3


def test_a_failing_unit_does_not_undo_the_others(db, observer, begins):
    async def main() -> list[object]:
        return await asyncio.gather(
            db.write(add, "before"),
            db.write(add_then_fail, "failed"),
            db.write(add, "after"),
            return_exceptions=True,
        )

    before, failed, after = asyncio.run(main())
    assert isinstance(failed, Broken)
    assert str(failed) == "failed"
    assert (before, after) == (1, 2)
    assert stored(observer) == ["after", "before"]
    # The group's transaction, rolled back, then each unit in one of its own.
    assert len(begins) == 1 + 3


def test_a_conflicting_unit_gets_its_integrity_error_and_the_others_commit(db, observer, begins):
    """Two units claiming one unique key in the same group, as two retries of a payment do."""

    async def main() -> list[object]:
        return await asyncio.gather(
            db.write(add, "key"),
            db.write(add, "key"),
            db.write(add, "other"),
            return_exceptions=True,
        )

    first, second, other = asyncio.run(main())
    assert isinstance(second, IntegrityError)
    assert isinstance(first, int) and isinstance(other, int)
    assert stored(observer) == ["key", "other"]
    assert len(begins) == 1 + 3


def test_a_unit_alone_that_fails_gets_its_exception_and_stores_nothing(db, observer, begins):
    async def main() -> None:
        await db.write(add_then_fail, "alone")

    with pytest.raises(Broken):
        asyncio.run(main())
    assert stored(observer) == []
    assert len(begins) == 1


def test_each_caller_resumes_only_once_its_write_is_committed(db, observer):
    seen: dict[str, list[str]] = {}

    async def write_and_look(ref: str) -> None:
        await db.write(add, ref)
        # Still inside the event loop that ran the group: an independent connection sees it.
        seen[ref] = stored(observer)

    async def main() -> None:
        await asyncio.gather(*(write_and_look(ref) for ref in ("x", "y", "z")))

    asyncio.run(main())
    assert seen == {ref: ["x", "y", "z"] for ref in ("x", "y", "z")}


def test_a_failed_commit_fails_only_the_unit_that_broke_it(db, observer, begins):
    async def main() -> list[object]:
        return await asyncio.gather(
            db.write(add, "one"),
            db.write(add_orphan, "orphan"),
            db.write(add, "two"),
            return_exceptions=True,
        )

    one, orphan, two = asyncio.run(main())
    # Every unit ran without error; only the commit found the missing parent. Run again one by
    # one, only the orphan's own commit fails.
    assert isinstance(orphan, IntegrityError)
    assert isinstance(one, int) and isinstance(two, int)
    assert stored(observer) == ["one", "two"]
    assert len(begins) == 1 + 3


def test_the_next_group_commits_after_one_that_failed(db, observer, begins):
    async def main() -> list[object]:
        failed = await asyncio.gather(
            db.write(add, "lost"), db.write(add_orphan, "orphan"), return_exceptions=True
        )
        kept = await asyncio.gather(db.write(add, "kept-1"), db.write(add, "kept-2"))
        return [*failed, *kept]

    first, orphan, *kept = asyncio.run(main())
    assert isinstance(orphan, IntegrityError) and isinstance(first, int)
    assert len(kept) == 2
    assert stored(observer) == ["kept-1", "kept-2", "lost"]
    assert len(begins) == (1 + 2) + 1
