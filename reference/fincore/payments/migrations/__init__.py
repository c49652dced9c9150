"""Schema migrations for the Payment Service (Alembic), applied when an instance starts.

Several instances may start at once against one PostgreSQL database: an advisory lock makes the
first one migrate while the others wait, then find nothing left to do.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

HERE = Path(__file__).parent
# Any fixed number, the same in every instance: the lock's name.
MIGRATION_LOCK_ID = 4_817_002


def config() -> Config:
    alembic_config = Config()
    alembic_config.set_main_option("script_location", str(HERE))
    return alembic_config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema."""
    alembic_config = config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})"))
        alembic_config.attributes["connection"] = connection
        command.upgrade(alembic_config, "head")
