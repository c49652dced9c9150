"""A throwaway PostgreSQL server from Debian's ``postgresql`` package, for tests and demos.

It listens only on a Unix socket inside its own temporary folder (no TCP port to collide on) and
trusts local connections. As root, the server runs as the ``postgres`` user, since PostgreSQL
refuses to run as root.
"""

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

DATABASE = "fincore"


def postgres_bin_dir() -> Path:
    """Where Debian installs the server binaries (initdb, pg_ctl), newest version first."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if not candidates:
        raise FileNotFoundError(
            "PostgreSQL server binaries not found. Install them with: apt-get install postgresql"
        )
    return Path(candidates[0])


class TemporaryPostgres:
    """``with TemporaryPostgres() as pg: pg.url`` is a SQLAlchemy URL to an empty database."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="fincore-pg-"))
        self.data = self.folder / "data"
        self._bin = postgres_bin_dir()
        self._as_root = os.geteuid() == 0

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@/{DATABASE}?host={self.folder}"

    def __enter__(self) -> "TemporaryPostgres":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        if self._as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-c listen_addresses='' -k {self.folder} -c max_connections=300 -c fsync=on"
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")
        self._run("createdb", "-h", str(self.folder), "-U", "postgres", DATABASE)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self._bin / tool), *args]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)
