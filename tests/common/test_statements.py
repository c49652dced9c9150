"""Prepared statements on SQLite read and fail exactly as SQLAlchemy's own execution does."""

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Time,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, InvalidRequestError

from fincore.common.database import make_engine
from fincore.common.statements import Prepared, bound, insert_bound

metadata = MetaData()
items = Table(
    "items",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("ref", String(32), nullable=False, unique=True),
    Column("attributes", JSON, nullable=False),
    Column("note", String(100), nullable=True),
    Column("payload", LargeBinary, nullable=True),
    Column("created", BigInteger, nullable=False),
    Column("active", Boolean, nullable=False),
)

INSERT = insert_bound(items).returning(*items.c)
INSERT_QUIETLY = insert_bound(items)
RENAME = (
    update(items)
    .where(items.c.ref == bindparam("b_ref"))
    .values(note=bindparam("b_note"))
    .returning(items.c.seq, items.c.ref, items.c.note, items.c.attributes)
)
# A literal, a LIMIT and a label: bound values the caller never passes.
ACTIVE = (
    select(items, func.length(items.c.ref).label("ref_length"))
    .where(items.c.active == bindparam("b_active"), items.c.ref != "nobody")
    .order_by(items.c.seq)
    .limit(10)
)
BY_REF = select(items).where(items.c.ref == bindparam("b_ref"))

CREATED = 1_740_832_215
ATTRIBUTES = {"brand": "visa", "tags": ["a", "ü"], "nested": {"n": 1.5, "ok": True, "x": None}}
ROWS = [
    {
        "ref": "first",
        "attributes": ATTRIBUTES,
        "note": "hello",
        "payload": b"\x00\xffbytes",
        "created": CREATED,
        "active": True,
    },
    # note and payload left out: NULL.
    {"ref": "second", "attributes": [1, 2], "created": CREATED, "active": False},
    {"ref": "third", "attributes": {}, "note": None, "created": CREATED, "active": True},
]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'prepared.db'}")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def reference(tmp_path: Path) -> Iterator[Engine]:
    """A second database the same statements run on through SQLAlchemy."""
    engine = make_engine(f"sqlite:///{tmp_path / 'reference.db'}")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def as_dicts(rows: list[Any]) -> list[dict[str, Any]]:
    return [row._asdict() for row in rows]


def through_sqlalchemy(connection: Connection, statement: Any, params: dict[str, Any]) -> list:
    return list(connection.execute(statement, params))


def test_rows_read_the_same_as_through_sqlalchemy(engine, reference):
    prepared = {name: Prepared(s) for name, s in [("i", INSERT), ("u", RENAME), ("s", ACTIVE)]}
    with engine.begin() as mine, reference.begin() as theirs:
        for row in ROWS:
            ours = prepared["i"].rows(mine, bound(row))
            assert as_dicts(ours) == as_dicts(through_sqlalchemy(theirs, INSERT, bound(row)))
        renamed = {"b_ref": "second", "b_note": "renamed"}
        ours = prepared["u"].rows(mine, renamed)
        assert as_dicts(ours) == as_dicts(through_sqlalchemy(theirs, RENAME, renamed))
        for active in (True, False):
            ours = prepared["s"].rows(mine, {"b_active": active})
            assert as_dicts(ours) == as_dicts(
                through_sqlalchemy(theirs, ACTIVE, {"b_active": active})
            )
    # And what they read is what was written, converted by the columns' types.
    with engine.connect() as connection:
        stored = as_dicts(Prepared(ACTIVE).rows(connection, {"b_active": True}))
    assert [row["seq"] for row in stored] == [1, 3]
    assert stored[0] == {**ROWS[0], "seq": 1, "ref_length": 5}
    assert stored[1] == {**ROWS[2], "seq": 3, "payload": None, "ref_length": 5}


def test_first_and_one_read_the_same_as_through_sqlalchemy(engine, reference):
    with engine.begin() as mine, reference.begin() as theirs:
        inserted = Prepared(INSERT).one(mine, bound(ROWS[0]))
        assert inserted._asdict() == theirs.execute(INSERT, bound(ROWS[0])).one()._asdict()
        for ref in ("first", "missing"):
            ours = Prepared(BY_REF).first(mine, {"b_ref": ref})
            theirs_row = theirs.execute(BY_REF, {"b_ref": ref}).first()
            assert (ours and ours._asdict()) == (theirs_row and theirs_row._asdict())
    assert inserted.seq == 1
    assert (inserted.ref, inserted.payload, inserted.created) == (
        "first",
        b"\x00\xffbytes",
        CREATED,
    )


def test_an_insert_without_returning_reads_no_rows_and_stores_the_row(engine):
    with engine.begin() as connection:
        assert Prepared(INSERT_QUIETLY).rows(connection, bound(ROWS[0])) == []
    with engine.connect() as connection:
        assert connection.execute(select(items.c.ref)).scalars().all() == ["first"]


def test_a_json_column_round_trips_a_dict(engine):
    with engine.begin() as connection:
        Prepared(INSERT_QUIETLY).rows(connection, bound(ROWS[0]))
    with engine.connect() as connection:
        read = Prepared(BY_REF).one(connection, {"b_ref": "first"})
        raw = connection.exec_driver_sql("SELECT attributes FROM items").scalar_one()
    assert read.attributes == ATTRIBUTES
    assert isinstance(raw, str)  # stored as JSON text, not a Python repr


def test_a_nullable_column_left_out_is_null(engine):
    with engine.begin() as connection:
        Prepared(INSERT_QUIETLY).rows(connection, bound(ROWS[1]))
    with engine.connect() as connection:
        nulls = connection.exec_driver_sql(
            "SELECT note IS NULL, payload IS NULL FROM items WHERE ref = 'second'"
        ).one()
    assert tuple(nulls) == (1, 1)


def test_a_required_parameter_left_out_is_refused_and_nothing_is_written(engine):
    incomplete = {key: value for key, value in ROWS[0].items() if key != "created"}
    with engine.begin() as connection, pytest.raises(InvalidRequestError, match="b_created"):
        Prepared(INSERT).rows(connection, bound(incomplete))
    with engine.begin() as connection, pytest.raises(InvalidRequestError, match="b_ref"):
        Prepared(BY_REF).rows(connection, {})
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(items)).scalar_one() == 0


def test_a_unique_conflict_raises_sqlalchemys_integrity_error(engine):
    prepared = Prepared(INSERT)
    with engine.begin() as connection:
        prepared.rows(connection, bound(ROWS[0]))
    with engine.begin() as connection, pytest.raises(IntegrityError) as raised:
        prepared.rows(connection, bound({**ROWS[1], "ref": "first"}))
    assert isinstance(raised.value.orig, sqlite3.IntegrityError)
    assert "UNIQUE" in str(raised.value.orig)


def test_a_null_in_a_not_null_column_raises_sqlalchemys_integrity_error(engine):
    with engine.begin() as connection, pytest.raises(IntegrityError):
        Prepared(INSERT).rows(connection, bound({**ROWS[0], "active": None}))


def test_one_on_no_rows_raises_lookup_error_and_first_is_none(engine):
    prepared = Prepared(BY_REF)
    with engine.connect() as connection:
        assert prepared.first(connection, {"b_ref": "missing"}) is None
        with pytest.raises(LookupError):
            prepared.one(connection, {"b_ref": "missing"})


def test_one_on_several_rows_raises_lookup_error(engine):
    with engine.begin() as connection:
        for row in ROWS:
            Prepared(INSERT_QUIETLY).rows(connection, bound(row))
        with pytest.raises(LookupError):
            Prepared(ACTIVE).one(connection, {"b_active": True})


def test_writes_belong_to_the_callers_transaction(engine):
    """A rolled-back transaction takes the prepared statements' writes with it."""
    prepared = Prepared(INSERT_QUIETLY)
    with engine.connect() as connection:
        transaction = connection.begin()
        prepared.rows(connection, bound(ROWS[0]))
        transaction.rollback()
        transaction = connection.begin()
        prepared.rows(connection, bound(ROWS[1]))
        transaction.commit()
    with engine.connect() as connection:
        assert connection.execute(select(items.c.ref)).scalars().all() == ["second"]


def test_a_statement_compiled_once_runs_with_new_values_each_time(engine):
    prepared = Prepared(INSERT)
    with engine.begin() as connection:
        refs = [prepared.one(connection, bound(row)).ref for row in ROWS]
    assert refs == ["first", "second", "third"]


@pytest.mark.parametrize(
    ("column_type", "value"),
    [
        (DateTime(), dt.datetime(2025, 3, 1, 12, 30, 15, 250000)),
        (Date(), dt.date(2025, 3, 1)),
        (Time(), dt.time(12, 30, 15)),
    ],
    ids=["datetime", "date", "time"],
)
def test_a_temporal_column_reads_the_same_as_through_sqlalchemy(tmp_path, column_type, value):
    """SQLite stores dates as text; SQLAlchemy's SQLite types convert both ways."""
    table = Table(
        "events",
        MetaData(),
        Column("seq", Integer, primary_key=True, autoincrement=True),
        Column("at", column_type, nullable=False),
    )
    engine = make_engine(f"sqlite:///{tmp_path / 'events.db'}")
    table.metadata.create_all(engine)
    write = insert(table).values(at=bindparam("b_at")).returning(table.c.at)
    try:
        with engine.begin() as connection:
            theirs = connection.execute(write, {"b_at": value}).one()
            ours = Prepared(write).one(connection, {"b_at": value})
            read = Prepared(select(table.c.at)).rows(connection, {})
    finally:
        engine.dispose()
    assert theirs.at == value
    assert ours.at == value
    assert [row.at for row in read] == [value, value]
