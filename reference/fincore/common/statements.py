"""Prepared statements: Core statements compiled once, run on SQLite's own cursor.

On the charge path SQLAlchemy's execution machinery (execution context, result objects, events)
cost more CPU than SQLite took to run the statements (bench/README.md). A ``Prepared`` statement
is written with Core as usual and compiled once; on SQLite it runs straight on the sqlite3
connection inside the caller's transaction, with the columns' own type conversions, and returns
named tuples. On other databases (PostgreSQL calls run in a thread pool, where this cost hides
behind the network round trip) it goes through SQLAlchemy: rows read the same either way.
"""

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Mapping
from typing import Any, cast

from sqlalchemy import BindParameter, Column, Connection, Dialect, Insert, Table, bindparam, insert
from sqlalchemy.exc import DBAPIError, InvalidRequestError
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.selectable import Select

Params = Mapping[str, Any]
Convert = Callable[[Any], Any] | None


class Prepared:
    def __init__(self, statement: UpdateBase | Select[Any]) -> None:
        self.statement = statement
        self._plan: _SQLitePlan | None = None

    def rows(self, connection: Connection, params: Params) -> list[Any]:
        """Run the statement; the rows it returns (SELECT or RETURNING), by column name."""
        if connection.dialect.name != "sqlite":
            result = connection.execute(self.statement, params)
            return list(result) if result.returns_rows else []
        return self._sqlite(connection).rows(_driver(connection), params)

    def first(self, connection: Connection, params: Params) -> Any | None:
        found = self.rows(connection, params)
        return found[0] if found else None

    def one(self, connection: Connection, params: Params) -> Any:
        found = self.rows(connection, params)
        if len(found) != 1:
            raise LookupError(f"expected one row, found {len(found)}")
        return found[0]

    def _sqlite(self, connection: Connection) -> "_SQLitePlan":
        if self._plan is None:
            self._plan = _SQLitePlan(self.statement, connection.dialect)
        return self._plan


class _SQLitePlan:
    def __init__(self, statement: UpdateBase | Select[Any], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        names = compiled.positiontup or []
        binds = [compiled.binds[name] for name in names]
        self.arguments = [_Argument(bind, dialect) for bind in binds]
        columns = list(statement.exported_columns)
        self.row = namedtuple("Row", [column.key for column in columns]) if columns else None  # type: ignore[misc]
        self.results: list[Convert] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        ]

    def rows(self, driver: sqlite3.Connection, params: Params) -> list[Any]:
        values = tuple(argument.value(params) for argument in self.arguments)
        try:
            cursor = driver.execute(self.sql, values)
            found = cursor.fetchall() if self.row is not None else []
        except sqlite3.Error as error:
            # The same exception classes as through SQLAlchemy (IntegrityError on a conflict).
            raise DBAPIError.instance(self.sql, values, error, sqlite3.Error) from error
        return [self._row(values) for values in found]

    def _row(self, values: tuple[Any, ...]) -> Any:
        converted = (
            _convert(convert, value) for convert, value in zip(self.results, values, strict=True)
        )
        return self.row._make(converted)  # type: ignore[union-attr]


class _Argument:
    """One ``?`` of the compiled SQL: where its value comes from and how it is converted."""

    def __init__(self, bind: BindParameter[Any], dialect: Dialect) -> None:
        self.key = bind.key
        self.required = bind.required
        # A literal written in the statement, or a parameter's default.
        self.default = bind.effective_value
        # SQLite's own variant of the type, as SQLAlchemy's execution uses (dates as text).
        self.convert: Convert = bind.type.dialect_impl(dialect).bind_processor(dialect)

    def value(self, params: Params) -> Any:
        if self.key in params:
            return _convert(self.convert, params[self.key])
        if self.required:
            raise InvalidRequestError(f"A value is required for bind parameter {self.key!r}")
        return _convert(self.convert, self.default)


def _convert(convert: Convert, value: Any) -> Any:
    # Converters take None too: JSON's writes it as the JSON text null, as through SQLAlchemy.
    return value if convert is None else convert(value)


def _driver(connection: Connection) -> sqlite3.Connection:
    return cast(sqlite3.Connection, connection.connection.driver_connection)


def insert_bound(table: Table) -> Insert:
    """An INSERT of every column but an autoincrementing key, each bound to ``b_<column>``
    (SQLAlchemy reserves the plain column names for its own parameters); a nullable column left
    out of the parameters is NULL."""
    skipped = table.autoincrement_column
    values = {column.key: _column_parameter(column) for column in table.c if column is not skipped}
    return insert(table).values(values)


def _column_parameter(column: Column[Any]) -> BindParameter[Any]:
    name = f"b_{column.key}"
    if column.nullable:
        return bindparam(name, None, type_=column.type)
    return bindparam(name, type_=column.type)


def bound(values: Params) -> dict[str, Any]:
    """Column values as the parameters of ``insert_bound``."""
    return {f"b_{key}": value for key, value in values.items()}
