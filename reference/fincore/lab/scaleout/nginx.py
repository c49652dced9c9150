"""Run nginx from Debian's package as a local load balancer, configured from ``nginx.conf``."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from fincore.hosting.server import bind_free_port

TEMPLATE = Path(__file__).with_name("nginx.conf")
TEMP_FOLDERS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def render_config(prefix: Path, port: int, upstreams: list[str]) -> str:
    """The config file for these upstream ``host:port`` addresses, listening on ``port``."""
    servers = "\n".join(
        f"        server {address} max_fails=1 fail_timeout=2s;" for address in upstreams
    )
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in (("prefix", str(prefix)), ("port", str(port)), ("servers", servers)):
        text = text.replace("{" + name + "}", value)
    return text


class LoadBalancer:
    """``with LoadBalancer(["127.0.0.1:8001", ...]) as lb: lb.url``."""

    def __init__(self, upstreams: list[str]) -> None:
        executable = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(executable).exists():
            raise FileNotFoundError("nginx not found. Install it with: apt-get install nginx")
        self._executable = executable
        self.prefix = Path()
        # nginx picks its port from the config file, so it cannot be handed a bound socket: take
        # a free port from the OS and release it just before nginx binds it.
        probe = bind_free_port()
        self.port = probe.getsockname()[1]
        probe.close()
        self.url = f"http://127.0.0.1:{self.port}"
        self.upstreams = upstreams
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "LoadBalancer":
        self.prefix = Path(tempfile.mkdtemp(prefix="fincore-nginx-"))
        # Started as root, nginx's workers run as an unprivileged user: they must be able to read
        # the prefix and write request bodies into the temp folders.
        os.chmod(self.prefix, 0o755)  # noqa: S103
        for folder in TEMP_FOLDERS:
            (self.prefix / folder).mkdir()
            os.chmod(self.prefix / folder, 0o777)  # noqa: S103
        config = self.prefix / "nginx.conf"
        config.write_text(render_config(self.prefix, self.port, self.upstreams))
        self._process = subprocess.Popen(
            [self._executable, "-p", str(self.prefix), "-c", str(config)],
            stderr=subprocess.PIPE,
        )
        _wait_for_port(self.port, self._process)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=15)
        shutil.rmtree(self.prefix, ignore_errors=True)


def _wait_for_port(port: int, process: "subprocess.Popen[bytes]") -> None:
    # nginx has no readiness signal of its own: it is ready when its port accepts connections.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            message = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"nginx exited: {message}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise TimeoutError("nginx did not start listening")
