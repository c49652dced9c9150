"""A database server's values, read one by one: text, binary and JSON columns, never the URL."""

import sqlalchemy

from fincore.cards.test_cards import AMEX_PAN, VISA_PAN
from fincore.tripwire.database_scan import database_values
from fincore.tripwire.scan import scan_database


def make_database(url: str) -> None:
    engine = sqlalchemy.create_engine(url)
    table_metadata = sqlalchemy.MetaData()
    table = sqlalchemy.Table(
        "payments",
        table_metadata,
        sqlalchemy.Column("id", sqlalchemy.Integer, primary_key=True),
        sqlalchemy.Column("description", sqlalchemy.Text),
        sqlalchemy.Column("metadata", sqlalchemy.JSON),
        sqlalchemy.Column("blob", sqlalchemy.LargeBinary),
    )
    table_metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            table.insert(),
            [
                {"description": "a book", "metadata": {"ref": f"PAN{VISA_PAN}"}, "blob": b""},
                {"description": "usd", "metadata": {}, "blob": AMEX_PAN.encode()},
            ],
        )
    engine.dispose()


def test_card_numbers_in_json_and_binary_columns_are_named_by_table_and_column(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.db'}"
    make_database(url)
    findings = {(f.where, f.last4, f.component) for f in scan_database(url, "payments")}
    assert findings == {
        ("payments database (table payments, column metadata)", VISA_PAN[-4:], "payments"),
        ("payments database (table payments, column blob)", AMEX_PAN[-4:], "payments"),
    }


def test_a_database_that_cannot_be_reached_yields_nothing(tmp_path):
    unreachable = "postgresql+psycopg://nobody@/none?host=" + str(tmp_path / "no-socket")
    assert list(database_values(unreachable)) == []
