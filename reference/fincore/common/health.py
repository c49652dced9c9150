"""``GET /healthz``: the service is up and its database answers."""

from fastapi import APIRouter, Request
from sqlalchemy import Engine, text

from fincore.common.database import Database

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness and database check")
async def healthz(request: Request) -> dict[str, str]:
    db: Database = request.app.state.db
    await db.run(_ping, db.engine)
    return {"status": "ok"}


def _ping(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
