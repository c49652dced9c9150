"""A webhook endpoint to deliver to, and Payment Service states to dispatch from."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fincore.common.clock import FakeClock
from fincore.common.database import Database, sqlite_url
from fincore.lab.webhook_sink import WebhookSink
from fincore.payments import migrations
from fincore.payments.settings import PaymentSettings
from fincore.payments.state import PaymentState
from fincore.payments.webhooks.sender import WebhookSender

START = 1_800_000_000


@pytest.fixture
def receiver() -> Iterator[WebhookSink]:
    with WebhookSink() as sink:
        yield sink


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def make_state(tmp_path: Path, clock: FakeClock) -> Iterator[Callable[..., PaymentState]]:
    """``make_state(**settings)``: a Payment Service's state without its HTTP app, what the
    dispatcher needs; every one made shares one SQLite database, as instances would."""
    made: list[PaymentState] = []

    def make(**settings: Any) -> PaymentState:
        chosen = PaymentSettings(
            environment="development", data_dir=tmp_path, webhook_allow_loopback=True, **settings
        )
        db = Database(sqlite_url(tmp_path, "payments.db"), migrations.upgrade)
        sender = WebhookSender(chosen.webhook_timeout_seconds, chosen.webhook_allow_loopback)
        state = PaymentState(chosen, db, None, clock, None, sender)  # type: ignore[arg-type]
        made.append(state)
        return state

    yield make
    for state in made:
        state.db.dispose()
