"""A JSON answer decided by service code, turned into a response only at the edge."""

from dataclasses import dataclass, field
from typing import Any

import orjson
from fastapi.responses import JSONResponse
from starlette.types import Send


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

    async def send(self, send: Send) -> None:
        """Send as the response above would, straight as ASGI messages (the hot path)."""
        body = orjson.dumps(self.body)
        headers = [
            *(
                (name.lower().encode("latin-1"), value.encode("latin-1"))
                for name, value in self.headers.items()
            ),
            (b"content-length", str(len(body)).encode()),
            (b"content-type", b"application/json"),
        ]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
