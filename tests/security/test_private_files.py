"""Databases and logs are readable by the service's own user only: files 0600, folders 0700,
whatever the umask."""

import os
import stat

import pytest


@pytest.fixture
def permissive_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_every_file_and_folder_a_stack_writes_is_private(stack, merchant, shopper):
    assert merchant.pay(shopper.token_id()).status == 201
    for service in ("payments", "psp", "merchant", "cdn"):
        folder = stack.info.data_dir / service
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        written = [path for path in folder.rglob("*") if path.is_file()]
        assert written, service
        for path in written:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_sqlite_files_are_private_under_a_permissive_umask(tmp_path, permissive_umask):
    from sqlalchemy import text

    from fincore.common.database import make_engine, sqlite_url

    engine = make_engine(sqlite_url(tmp_path / "db", "x.db"))
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    engine.dispose()
    for path in (tmp_path / "db").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((tmp_path / "db").stat().st_mode) == 0o700
