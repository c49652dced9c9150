"""``GET /healthz``: the service is up and its database answers."""

from fastapi import APIRouter, Request
from sqlalchemy import Engine, text
from starlette.concurrency import run_in_threadpool

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness and database check")
async def healthz(request: Request) -> dict[str, str]:
    engine: Engine = request.app.state.engine
    await run_in_threadpool(_ping, engine)
    return {"status": "ok"}


def _ping(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
