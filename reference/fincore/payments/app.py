"""``create_app(settings)``: one Payment Service, as many as a test or notebook needs."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from starlette.types import ASGIApp

from fincore.common import health
from fincore.common.clock import Clock, SystemClock
from fincore.common.database import Database, sqlite_url
from fincore.common.openapi_contract import contract_options, publish_contract
from fincore.common.query import refuse_any_query
from fincore.common.service import build_service
from fincore.payments import migrations
from fincore.payments.body_limit import max_payment_body_bytes
from fincore.payments.psp_client import PSPClient
from fincore.payments.routes import events, payments, refunds, webhook_endpoints
from fincore.payments.settings import PaymentSettings
from fincore.payments.state import PaymentState
from fincore.payments.sweeper import start_sweeper
from fincore.payments.webhooks.dispatcher import start_dispatcher
from fincore.payments.webhooks.sender import WebhookSender

DESCRIPTION = f"""The FinCore Payment Service (`fincore-payments`).

Merchant backends charge one-time tokens with their secret key (step 10 of the tokenization
flow). The service never accepts card numbers: a request carrying one is refused with
`raw_card_data_rejected`. Errors are `{{"error": {{type, code, message, param}}}}`.

Every answer carries a `Request-Id` (also in the service's request log) and the
`FinCore-Version` that served it; a caller pins a version with the `FinCore-Version` header.
Unknown body fields and unknown query parameters are refused alike, with `parameter_unknown`.

A request body larger than the largest valid payment needs (every field at its maximum length:
{max_payment_body_bytes()} bytes, `fincore.payments.body_limit`) is refused with
`413 payload_too_large` as it arrives, before authentication and before any check reads it.
"""
TAGS = [
    {
        "name": "payments",
        "description": "Charge one-time tokens (step 10), look payments up, capture or cancel "
        "authorized ones (step 11).",
    },
    {"name": "refunds", "description": "Refund captured payments, whole or in parts (step 12)."},
    {"name": "events", "description": "What happened to payments and refunds, newest first."},
    {
        "name": "webhook_endpoints",
        "description": "Where events are POSTed, signed (docs/webhooks.md): add, list, remove.",
    },
    {"name": "health", "description": "Liveness and database check for load balancers."},
]
BEARER = "The merchant's secret key (`sk_...`): `Authorization: Bearer sk_...`."


def create_app(
    settings: PaymentSettings | None = None,
    clock: Clock | None = None,
    recorder: Callable[[ASGIApp], ASGIApp] | None = None,
) -> FastAPI:
    """``recorder`` (e.g. ``TrafficRecorder.middleware("payments")``) sees every request."""
    settings = settings or PaymentSettings()
    psp = PSPClient(
        settings.psp_url,
        settings.psp_secret_key,
        settings.psp_timeout_seconds,
        settings.psp_attempts,
        settings.psp_backoff_seconds,
    )

    webhooks = WebhookSender(settings.webhook_timeout_seconds, settings.webhook_allow_loopback)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await psp.start()
        await webhooks.start()
        background = [start_sweeper(app.state.payments), start_dispatcher(app.state.payments)]
        yield
        for task in background:
            if task is not None:
                task.cancel()
        await webhooks.close()
        await psp.close()
        await app.state.db.close()

    folder = settings.data_dir
    app, log = build_service(
        "FinCore Payment Service",
        DESCRIPTION,
        folder / "requests.log",
        # Sized from the payment schema: a hostile body is refused by size, before any scan.
        max_body_bytes=max_payment_body_bytes(),
        # The card-number guard and strict JSON run after authentication (``deps.py``).
        body_checks=(),
        recorder=recorder,
        lifespan=lifespan,
        **contract_options(TAGS),
    )
    publish_contract(app, BEARER)
    db = Database(settings.database_url or sqlite_url(folder, "payments.db"), migrations.upgrade)
    app.state.db = db
    app.state.payments = PaymentState(settings, db, psp, clock or SystemClock(), log, webhooks)
    app.include_router(payments.router)
    app.include_router(refunds.router)
    app.include_router(events.router)
    app.include_router(webhook_endpoints.router)
    app.include_router(health.router, dependencies=[Depends(refuse_any_query)])
    return app
