"""The Alembic migrations build exactly the schema the code declares."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from fincore.payments import migrations
from fincore.payments.db import metadata


def test_migrations_match_the_declared_tables(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    migrations.upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_upgrading_twice_changes_nothing(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'twice.db'}")
    migrations.upgrade(engine)
    migrations.upgrade(engine)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == "0003"
