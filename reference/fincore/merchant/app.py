"""``create_app(settings)``: one demo merchant (checkout page and backend)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from fincore.common.clock import Clock, SystemClock
from fincore.common.database import make_engine, sqlite_url
from fincore.common.service import build_service
from fincore.merchant.card_testing import CheckoutLimiter
from fincore.merchant.csp_reports import CspReportLog
from fincore.merchant.orders import OrderBook
from fincore.merchant.payments_client import PaymentsClient
from fincore.merchant.routes import checkout, confirmation, csp_reports, webhooks
from fincore.merchant.settings import MerchantSettings

DESCRIPTION = """The demo merchant of the FinCore Tokenization Lab.

`GET /` is the checkout page; `POST /api/checkout` takes the one-time token the page got from
fincore.js and charges it through the FinCore Payment Service. It never sees a card number.
`POST /csp-reports` receives the checkout page's Content-Security-Policy violation reports.
`POST /webhooks/fincore` receives FinCore's signed events and moves the order they concern;
`GET /api/orders/{order_id}` shows the order as those events left it.
"""


def create_app(settings: MerchantSettings, clock: Clock | None = None) -> FastAPI:
    """``clock`` judges webhook timestamps: the Payment Service's, in a stack on a fake clock."""
    client = PaymentsClient(
        settings.payments_url, settings.secret_key, settings.payments_timeout_seconds
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await client.start()
        yield
        await client.close()

    folder = settings.data_dir
    app, _ = build_service(
        "FinCore demo merchant",
        DESCRIPTION,
        # Metadata only (method, path without its query, status, sizes), never a body: a card
        # number a hostile or broken page posts here must not land on disk.
        folder / "requests.log",
        lifespan=lifespan,
        # No interactive docs on the checkout's origin: Swagger UI and ReDoc load scripts from a
        # public CDN, which could replace the card-field iframe with a look-alike input. The
        # OpenAPI document stays at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.payments = client
    # The checkout page's CSP violation reports; tests wait on it (``wait_for``).
    app.state.csp_reports = CspReportLog(
        folder / "csp-reports.log", settings.csp_report_log_max_bytes
    )
    app.state.card_testing = CheckoutLimiter(
        settings.checkout_declines_per_session,
        settings.checkout_declines_per_client,
        settings.checkout_decline_window_seconds,
    )
    app.state.clock = clock or SystemClock()
    app.state.orders = OrderBook(make_engine(sqlite_url(folder, "orders.db")))
    app.include_router(checkout.router)
    app.include_router(confirmation.router)
    app.include_router(csp_reports.router)
    app.include_router(webhooks.router)
    return app
