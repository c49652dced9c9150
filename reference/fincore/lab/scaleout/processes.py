"""Services as separate operating-system processes, the way they are deployed.

Each runs ``fincore serve SERVICE`` configured by environment variables and reports its URL in a
ready file. A process can be killed with SIGKILL (a crashed container) and restarted on the same
port, so a load balancer in front keeps routing to it.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


class ServiceProcess:
    def __init__(
        self,
        service: str,
        env: dict[str, str],
        folder: Path,
        port: int = 0,
        python: str = sys.executable,
    ) -> None:
        """``python`` runs ``fincore``: another environment's interpreter tests that install."""
        self.service = service
        self.python = python
        self.env = env
        self.folder = folder
        self.port = port
        self.url = ""
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> "ServiceProcess":
        self.folder.mkdir(parents=True, exist_ok=True)
        ready = self.folder / "ready.json"
        ready.unlink(missing_ok=True)
        command = [self.python, "-m", "fincore.cli", "serve", self.service]
        command += ["--port", str(self.port), "--ready-file", str(ready)]
        log = (self.folder / "stderr.log").open("ab")
        self._process = subprocess.Popen(
            command, env={**os.environ, **self.env}, stdout=subprocess.DEVNULL, stderr=log
        )
        log.close()
        # A separate process has no other way to say it is serving: watch for its ready file.
        deadline = time.monotonic() + timeout
        while not ready.exists():
            if self._process.poll() is not None:
                raise RuntimeError(f"{self.service} exited; see {self.folder / 'stderr.log'}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.service} did not start within {timeout} s")
            time.sleep(0.02)
        self.url = json.loads(ready.read_text())["url"]
        self.port = int(self.url.rsplit(":", 1)[1])
        return self

    @property
    def pid(self) -> int:
        return self._process.pid if self._process else -1

    @property
    def returncode(self) -> int | None:
        return self._process.poll() if self._process else None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing, exactly like a crashed container."""
        if self._process is not None and self._process.poll() is None:
            os.kill(self._process.pid, signal.SIGKILL)
            self._process.wait()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
