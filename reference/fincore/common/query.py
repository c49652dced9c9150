"""Query strings are held to the rule bodies are: a parameter the operation does not declare is
refused (400 ``parameter_unknown``, ``param`` naming it), never silently ignored.

An operation declares its query parameters as one pydantic model with ``extra="forbid"``
(FastAPI's query parameter models); one without any takes ``NoQuery``. FastAPI validates query
models after the operation's dependencies, so authentication (and the Payment Service's
card-number guard) still answer first.
"""

from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, ConfigDict


class StrictQuery(BaseModel):
    """Base of every operation's query parameters: unknown names are refused."""

    model_config = ConfigDict(extra="forbid")


class NoQuery(StrictQuery):
    """The query of an operation that takes no query parameters."""


NoQueryParams = Annotated[NoQuery, Query()]


async def refuse_any_query(_: NoQueryParams) -> None:
    """For routers included whole (``include_router(..., dependencies=[...])``), whose
    operations take no query parameters."""
