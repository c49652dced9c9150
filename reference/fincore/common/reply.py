"""A JSON answer decided by service code, turned into a response only at the edge."""

from dataclasses import dataclass, field
from typing import Any

import orjson
from fastapi.responses import JSONResponse


class CompactJSONResponse(JSONResponse):
    """The same bytes as Starlette's JSONResponse for our bodies (compact, UTF-8, keys in
    order), rendered by orjson: several times cheaper on the charge path."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)

    def response(self) -> JSONResponse:
        return CompactJSONResponse(self.body, status_code=self.status, headers=self.headers)
