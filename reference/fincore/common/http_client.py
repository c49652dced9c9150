"""A small HTTP/1.1 client for one upstream service: keep-alive connections, JSON bodies.

The Payment Service makes one call to the PSP per payment. Through aiohttp that call cost about
70 µs of CPU, more than the rest of the Payment Service's work; written straight on an asyncio
protocol with httptools (the parser uvicorn serves with) it costs about 10 µs (bench/README.md).
It does what that one hop needs and no more: http and https, Content-Length and chunked
responses, keep-alive, at most ``max_connections`` calls (so connections) at once, a total
timeout per call that includes waiting for one. No redirects, cookies or proxies.

Failures raise ``UpstreamUnreachable`` (refused, reset, closed mid-answer, unparsable) or
``TimeoutError``; a connection that failed or timed out is never reused.
"""

import asyncio
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import httptools


class UpstreamUnreachable(ConnectionError):
    """The call got no complete answer; whether the upstream acted on it is unknown."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


class _Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self._parser = httptools.HttpResponseParser(self)
        self._transport: asyncio.Transport | None = None
        self._answer: asyncio.Future[Answer] | None = None
        self._body: list[bytes] = []
        self.reusable = True

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as error:
            self._fail(UpstreamUnreachable(f"unparsable answer: {error}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.reusable = False
        self._fail(UpstreamUnreachable("the connection closed before the answer was complete"))

    # httptools callbacks
    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        self.reusable = self.reusable and self._parser.should_keep_alive()
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(Answer(self._parser.get_status_code(), b"".join(self._body)))

    def exchange(self, request: bytes) -> "asyncio.Future[Answer]":
        if self._transport is None:
            raise UpstreamUnreachable("not connected")
        self._answer = asyncio.get_running_loop().create_future()
        self._body = []
        self._transport.write(request)
        return self._answer

    def close(self) -> None:
        self.reusable = False
        if self._transport is not None:
            self._transport.abort()

    def _fail(self, error: Exception) -> None:
        self.reusable = False
        if self._answer is not None and not self._answer.done():
            self._answer.set_exception(error)


class KeepAliveClient:
    """Calls to one base URL, e.g. ``KeepAliveClient("http://127.0.0.1:8001", headers)``."""

    def __init__(
        self, base_url: str, headers: Mapping[str, str], max_connections: int = 200
    ) -> None:
        url = urlsplit(base_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"expected an http(s) URL, got {base_url!r}")
        self._host = url.hostname
        self._port = url.port or (443 if url.scheme == "https" else 80)
        self._ssl = ssl.create_default_context() if url.scheme == "https" else None
        self._prefix = url.path.rstrip("/")
        host_header = url.netloc.rpartition("@")[2]
        self._head_lines = _header_lines({"Host": host_header, **headers})
        self._idle: list[_Connection] = []
        # At most this many calls at once, so at most this many connections: a burst of payments
        # queues here instead of opening a connection each at the PSP.
        self._slots = asyncio.Semaphore(max_connections)

    async def post_json(
        self, path: str, body: bytes, headers: Mapping[str, str], timeout: float
    ) -> Answer:
        extra = {**headers, "Content-Type": "application/json", "Content-Length": str(len(body))}
        return await self._call("POST", path, extra, body, timeout)

    async def get(
        self, path: str, query: Mapping[str, str], headers: Mapping[str, str], timeout: float
    ) -> Answer:
        return await self._call("GET", f"{path}?{urlencode(query)}", headers, b"", timeout)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    async def _call(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes, timeout: float
    ) -> Answer:
        head = f"{method} {self._prefix}{target} HTTP/1.1\r\n{self._head_lines}"
        request = (head + _header_lines(headers) + "\r\n").encode("latin-1") + body
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        if self._slots.locked():
            # Every slot busy: the wait counts toward this call's timeout.
            async with asyncio.timeout_at(deadline):
                await self._slots.acquire()
        else:
            await self._slots.acquire()
        try:
            return await self._exchange(loop, deadline, request)
        finally:
            self._slots.release()

    async def _exchange(
        self, loop: asyncio.AbstractEventLoop, deadline: float, request: bytes
    ) -> Answer:
        connection: _Connection | None = None
        try:
            connection = await self._connection(deadline)
            pending = connection.exchange(request)
            # A timer on the answer: about 1 us cheaper per call than asyncio.timeout().
            timer = loop.call_at(deadline, _expire, pending)
            try:
                answer = await pending
            finally:
                timer.cancel()
        except BaseException:
            if connection is not None:
                connection.close()
            raise
        if connection.reusable:
            self._idle.append(connection)
        else:
            connection.close()
        return answer

    async def _connection(self, deadline: float) -> _Connection:
        while self._idle:
            connection = self._idle.pop()
            if connection.reusable:  # the server may have closed it while it was idle
                return connection
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout_at(deadline):
                _, connection = await loop.create_connection(
                    _Connection, self._host, self._port, ssl=self._ssl
                )
        except OSError as error:
            raise UpstreamUnreachable(f"cannot connect to {self._host}:{self._port}") from error
        return connection


def _expire(answer: "asyncio.Future[Answer]") -> None:
    if not answer.done():
        answer.set_exception(TimeoutError("no answer in time"))


def _header_lines(headers: Mapping[str, str]) -> str:
    lines = []
    for name, value in headers.items():
        if any(c in name + value for c in "\r\n"):
            raise ValueError(f"header {name!r} holds a line break")
        lines.append(f"{name}: {value}\r\n")
    return "".join(lines)
