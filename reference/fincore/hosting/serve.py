"""``fincore serve SERVICE``: one service in its own process, configured by environment variables.

This is how a service runs outside the in-process stack: as the ``fincore-payments`` container,
as one of several instances behind a load balancer, or as a separate process in benchmarks.
Settings come from ``FINCORE_PSP_*`` / ``FINCORE_PAYMENTS_*`` variables (lists such as
``FINCORE_PAYMENTS_MERCHANTS`` as JSON), ``FINCORE_<SERVICE>_TRUSTED_PROXIES`` included: the
proxies uvicorn believes ``X-Forwarded-For`` from (none by default).
"""

import argparse
import json
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fincore.hosting.server import ThreadedServer, bind_socket, settle_garbage_collector

# Each builds its service from the environment: the app, and the proxies it trusts.
SERVICES: dict[str, Callable[[], tuple[Any, list[str]]]] = {}


def _psp() -> tuple[Any, list[str]]:
    from fincore.psp import PSPSettings, create_app

    settings = PSPSettings()
    return create_app(settings), settings.trusted_proxies


def _payments() -> tuple[Any, list[str]]:
    from fincore.payments import PaymentSettings, create_app

    settings = PaymentSettings()
    return create_app(settings), settings.trusted_proxies


SERVICES.update(psp=_psp, payments=_payments)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("service", choices=sorted(SERVICES))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 (the default) picks a free port")
    parser.add_argument("--ready-file", type=Path, help="write {url, pid} here once serving")


def run(service: str, host: str, port: int, ready_file: Path | None) -> int:
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    sock = bind_socket(host, port)
    app, trusted_proxies = SERVICES[service]()
    server = ThreadedServer(app, service, sock, trusted_proxies).start()
    settle_garbage_collector()
    print(f"{service} serving on {server.url}", flush=True)
    if ready_file is not None:
        partial = ready_file.with_name(ready_file.name + ".partial")
        partial.write_text(json.dumps({"url": server.url, "pid": os.getpid()}))
        partial.replace(ready_file)
    stopping.wait()
    server.stop()
    return 0
