"""``GET /healthz``: the service is up and its database answers."""

from fastapi import APIRouter, Request
from sqlalchemy import Connection, text

from fincore.common.database import Database

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    summary="Liveness and database check",
    description='200 with {"status": "ok"} when the service is up and its database answers.',
)
async def healthz(request: Request) -> dict[str, str]:
    db: Database = request.app.state.db
    await db.read(_ping)
    return {"status": "ok"}


def _ping(connection: Connection) -> None:
    connection.execute(text("SELECT 1"))
