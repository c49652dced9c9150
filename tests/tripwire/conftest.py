"""A PSP and a Payment Service whose every received request is recorded by the tripwire."""

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from fincore import payments, psp
from fincore.common.keys import new_development_key
from fincore.common.merchants import demo_merchants
from fincore.hosting.server import ThreadedServer, bind_free_port
from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.tripwire import TrafficRecorder


@dataclass
class RecordedStack:
    recorder: TrafficRecorder
    payments_url: str
    payments_dir: Path
    shopper: PSPBrowserAPI
    merchant: PaymentsAPI


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecordedStack]:
    # Not named "payments": these tests plant card numbers on purpose, and the session-end scan
    # of every "payments" folder must not count them as leaks.
    folder = tmp_path_factory.mktemp("tripwire-recorded")
    recorder = TrafficRecorder()
    merchants = demo_merchants()
    psp_sock, payments_sock = bind_free_port(), bind_free_port()
    psp_url, payments_url = (_url(sock) for sock in (psp_sock, payments_sock))
    key = new_development_key()
    psp_app = psp.create_app(
        psp.PSPSettings(
            environment="development",
            platform_secret_key=key,
            data_dir=folder / "psp-service",
            merchants=merchants,
        )
    )
    payments_app = payments.create_app(
        payments.PaymentSettings(
            environment="development",
            psp_secret_key=key,
            data_dir=folder / "payment-service",
            psp_url=psp_url,
            merchants=merchants,
        ),
        recorder=recorder.middleware("payments"),
    )
    servers = [
        ThreadedServer(psp_app, "psp", psp_sock).start(),
        ThreadedServer(payments_app, "payments", payments_sock).start(),
    ]
    shopper = PSPBrowserAPI(psp_url, merchants[0].publishable_key)
    merchant = PaymentsAPI(payments_url, merchants[0].secret_key)
    yield RecordedStack(recorder, payments_url, folder / "payment-service", shopper, merchant)
    shopper.close()
    merchant.close()
    for server in reversed(servers):
        server.stop()
    for app in (psp_app, payments_app):
        app.state.db.dispose()
        app.state.request_log.close()


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()
    return f"http://{host}:{port}"
