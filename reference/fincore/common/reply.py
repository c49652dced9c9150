"""A JSON answer decided by service code, turned into a response only at the edge."""

from dataclasses import dataclass, field
from typing import Any

from fastapi.responses import JSONResponse


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)

    def response(self) -> JSONResponse:
        return JSONResponse(self.body, status_code=self.status, headers=self.headers)
