"""``create_app(settings)``: one mock PSP, as many as a test or notebook needs."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from fincore.common import health
from fincore.common.clock import Clock, SystemClock
from fincore.common.database import Database, sqlite_url
from fincore.common.openapi_contract import contract_options, publish_contract
from fincore.common.query import refuse_any_query
from fincore.common.service import build_service
from fincore.psp.db import metadata
from fincore.psp.faults import FaultPlan
from fincore.psp.routes import charge_operations, charges, fields, test_helpers, tokens
from fincore.psp.settings import PSPSettings
from fincore.psp.state import PSPState
from fincore.psp.token_sweeper import start_token_sweeper
from fincore.psp.vault import CardVault

DESCRIPTION = """The mock Payment Service Provider of the FinCore Tokenization Lab.

Browsers tokenize cards with a merchant's publishable key (steps 5-6); the FinCore Payment Service
charges tokens with the platform secret key. Errors are `{"error": {type, code, message, param}}`.

Every answer carries a `Request-Id` and the `FinCore-Version` that served it. Unknown body fields
and unknown query parameters are refused alike, with `parameter_unknown`.
"""
TAGS = [
    {"name": "tokens", "description": "Browsers turn a card into a one-time token (steps 5-6)."},
    {
        "name": "charges",
        "description": "The Payment Service charges tokens, looks charges up, captures or voids "
        "authorizations and refunds captured charges.",
    },
    {"name": "health", "description": "Liveness and database check for load balancers."},
    {"name": "test helpers", "description": "Test mode only: make the next charges misbehave."},
]
BEARER = (
    "A merchant's publishable key (`pk_...`) for tokens, from browsers; the platform secret "
    "key, held only by the FinCore Payment Service, for charges and test helpers."
)


def create_app(settings: PSPSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or PSPSettings()
    folder = settings.data_dir

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sweeper = start_token_sweeper(app.state.psp)
        yield
        if sweeper is not None:
            sweeper.cancel()

    # Strict JSON runs after authentication, in the routes' body dependencies (``deps.py``).
    app, log = build_service(
        "FinCore mock PSP",
        DESCRIPTION,
        folder / "requests.log",
        body_checks=(),
        # The origin that hosts the card fields serves them, the token API and nothing a third
        # party can influence: no Swagger UI or ReDoc from a public CDN running beside the card
        # fields (it could open the checkout and read them). The OpenAPI document is JSON, served
        # under the API's script-less policy at /openapi.json.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        **contract_options(TAGS),
    )
    publish_contract(app, BEARER)
    db = Database(settings.database_url or sqlite_url(folder, "psp.db"), metadata)
    app.state.db = db
    app.state.psp = PSPState(
        settings=settings,
        db=db,
        vault=CardVault(),
        clock=clock or SystemClock(),
        faults=FaultPlan(),
        log=log,
    )
    for module in (tokens, charges, charge_operations, fields):
        app.include_router(module.router)
    # Routers whose operations take no query parameters at all.
    no_query = [Depends(refuse_any_query)]
    app.include_router(health.router, dependencies=no_query)
    if settings.test_helpers:
        app.include_router(test_helpers.router, dependencies=no_query)
    return app
