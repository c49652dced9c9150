"""Reading a database server's tables value by value, for the scanner: the scaled-out Payment
Service keeps its payments in PostgreSQL, whose files are not ours to read.

Every table the database holds is reflected and read whole; text, binary and JSON values are
handed to the scanner one by one (a value has its own boundaries, as in ``sqlite_scan``). Meant
for the lab's throwaway databases: it reads everything.
"""

import json
from collections.abc import Iterator

from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.exc import SQLAlchemyError


def database_values(url: str) -> Iterator[tuple[str, bytes]]:
    """``("table t, column c", value)`` for every text, binary and JSON value of every table.
    A database that cannot be reached yields nothing."""
    engine = create_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                for row in connection.execute(select(table)):
                    for column, value in zip(table.columns, row, strict=True):
                        data = _as_bytes(value)
                        if data is not None:
                            yield f"table {table.name}, column {column.name}", data
    except SQLAlchemyError:
        return
    finally:
        engine.dispose()


def _as_bytes(value: object) -> bytes | None:
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, dict | list):
        # A JSON column, as the service wrote it (metadata).
        return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return None
