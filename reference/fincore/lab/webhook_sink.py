"""A webhook endpoint for the lab: a real HTTP server on loopback that records every delivery
and answers each with the status a test or a notebook queued (200 when none), so failures,
retries and timeouts can be shown against the real dispatcher."""

import asyncio
from collections import deque
from dataclasses import dataclass, field
from types import TracebackType

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fincore.hosting.server import ThreadedServer

# Queued as an answer: hang until the sender gives up (its timeout).
HANG = 0


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookSink:
    """``with WebhookSink() as sink:`` serves ``sink.url``; ``sink.answers.append(500)`` makes
    the next delivery fail."""

    received: list[Received] = field(default_factory=list)
    answers: deque[int] = field(default_factory=deque)
    url: str = ""
    _server: ThreadedServer | None = None

    def __enter__(self) -> "WebhookSink":
        app = Starlette(routes=[Route("/hook", self._endpoint, methods=["POST"])])
        self._server = ThreadedServer(app, "webhook-sink")
        self.url = f"{self._server.url}/hook"
        self._server.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.stop()

    async def _endpoint(self, request: Request) -> Response:
        self.received.append(Received(dict(request.headers), await request.body()))
        status = self.answers.popleft() if self.answers else 200
        if status == HANG:
            await asyncio.Event().wait()
        return Response(status_code=status)
