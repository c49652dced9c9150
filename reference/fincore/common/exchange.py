"""Watching one HTTP exchange from an ASGI middleware, for whoever records it.

The request body is copied as the app reads it (nothing is buffered ahead of the app, so it
behaves exactly as without the watcher), the answer's status and first bytes as they leave. The
record is made once, just before the answer's last byte goes out: a client that reads a log or a
trace after getting its answer always finds its own request there. An app that never answers is
recorded when it ends.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass
class Exchange:
    scope: Scope
    request_body: bytearray = field(default_factory=bytearray)
    # 0 until the answer starts (and for an app that never answered).
    status: int = 0
    answer: bytearray = field(default_factory=bytearray)


async def watch(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    record: Callable[[Exchange], None],
    max_request_bytes: int = 0,
    max_answer_bytes: int = 0,
) -> None:
    """Run ``app`` for one HTTP request and call ``record`` once, as described above."""
    exchange = Exchange(scope)
    recorded = False

    def record_once() -> None:
        nonlocal recorded
        if not recorded:
            recorded = True
            record(exchange)

    async def tee() -> Message:
        message = await receive()
        room = max_request_bytes - len(exchange.request_body)
        if message["type"] == "http.request" and room > 0:
            exchange.request_body.extend(message.get("body", b"")[:room])
        return message

    async def watched_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            exchange.status = message["status"]
        elif message["type"] == "http.response.body":
            room = max_answer_bytes - len(exchange.answer)
            if room > 0:
                exchange.answer.extend(message.get("body", b"")[:room])
            if not message.get("more_body", False):
                record_once()
        await send(message)

    try:
        # Reading through tee only when some of the body is kept: the request log keeps none.
        await app(scope, tee if max_request_bytes > 0 else receive, watched_send)
    finally:
        record_once()
