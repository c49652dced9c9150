"""KeepAliveClient against real HTTP servers on loopback ports the OS picks."""

import asyncio
import json
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest

from fincore.common.http_client import Answer, KeepAliveClient, UpstreamUnreachable

# Generous: only a broken client comes near it.
WAIT = 5.0


@dataclass
class Received:
    connection: int
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Hangup:
    """Send these bytes, then close the connection."""

    data: bytes


# What the server does with a request: bytes to send (and keep serving), a Hangup, or None to
# never answer.
Answerer = Callable[[Received], "bytes | Hangup | None"]


def response(status: int, body: bytes = b"", *headers: str) -> bytes:
    head = [f"HTTP/1.1 {status} Whatever", f"Content-Length: {len(body)}", *headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


@dataclass
class Upstream:
    answer: Answerer
    connections: int = 0
    requests: list[Received] = field(default_factory=list)
    # Set when the client closed connection n (1-based, in accept order).
    ended: dict[int, asyncio.Event] = field(default_factory=dict)
    _writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        for writer in self._writers:
            writer.close()
        self.server.close()
        await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = self.connections
        self.ended[number] = asyncio.Event()
        self._writers.append(writer)
        try:
            while True:
                try:
                    request = await _read_request(reader, number)
                except (asyncio.IncompleteReadError, ConnectionError):
                    self.ended[number].set()  # the client closed (or reset) the connection
                    return
                self.requests.append(request)
                reply = self.answer(request)
                if reply is None:
                    await _until_closed(reader)
                    self.ended[number].set()
                    return
                if isinstance(reply, Hangup):
                    writer.write(reply.data)
                    await writer.drain()
                    return
                writer.write(reply)
                await writer.drain()
        finally:
            writer.close()


async def _until_closed(reader: asyncio.StreamReader) -> None:
    """Read nothing more than the client's hang-up."""
    try:
        while await reader.read(65536):
            pass
    except ConnectionError:
        pass


async def _read_request(reader: asyncio.StreamReader, connection: int) -> Received:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    request_line, *lines = head.split("\r\n")
    method, target, _version = request_line.split(" ")
    headers = {}
    for line in lines:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return Received(connection, method, target, headers, body)


def serve(
    answer: Answerer,
    test: Callable[[Upstream], Awaitable[None]],
) -> None:
    """Run ``test(upstream)`` in a fresh event loop with the server up."""

    async def main() -> None:
        upstream = Upstream(answer)
        await upstream.start()
        try:
            await test(upstream)
        finally:
            await upstream.stop()

    asyncio.run(main())


def test_a_json_post_gets_status_and_body_and_the_connection_is_reused():
    sent = json.dumps({"token": "tok_1", "amount": 500}).encode()

    def answer(request: Received) -> bytes:
        echoed = json.dumps({"seen": json.loads(request.body)}).encode()
        return response(201, echoed, "Content-Type: application/json")

    async def test(upstream: Upstream) -> None:
        client = KeepAliveClient(upstream.url, {"Authorization": "Bearer sk_x"})
        try:
            first = await client.post_json("/v1/charges", sent, {"Idempotency-Key": "k1"}, WAIT)
            second = await client.post_json("/v1/charges", sent, {"Idempotency-Key": "k2"}, WAIT)
        finally:
            await client.close()
        expected = Answer(201, json.dumps({"seen": json.loads(sent)}).encode())
        assert first == second == expected
        assert upstream.connections == 1
        assert [r.connection for r in upstream.requests] == [1, 1]
        request = upstream.requests[0]
        assert (request.method, request.target, request.body) == ("POST", "/v1/charges", sent)
        assert request.headers["host"] == f"127.0.0.1:{upstream.port}"
        assert request.headers["authorization"] == "Bearer sk_x"
        assert request.headers["content-type"] == "application/json"
        assert request.headers["content-length"] == str(len(sent))
        assert [r.headers["idempotency-key"] for r in upstream.requests] == ["k1", "k2"]

    serve(answer, test)


def test_a_chunked_body_is_reassembled():
    chunks = [b'{"id": ', b'"ch_1", ', b'"status": "succeeded"}']
    encoded = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks) + b"0\r\n\r\n"
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"

    async def test(upstream: Upstream) -> None:
        client = KeepAliveClient(upstream.url, {})
        try:
            first = await client.post_json("/v1/charges", b"{}", {}, WAIT)
            second = await client.post_json("/v1/charges", b"{}", {}, WAIT)
        finally:
            await client.close()
        assert first == second == Answer(200, b"".join(chunks))
        assert upstream.connections == 1

    serve(lambda _: head + encoded, test)


def test_an_answer_saying_connection_close_is_not_reused():
    # The server keeps serving the connection: only the header tells the client not to reuse it.
    async def test(upstream: Upstream) -> None:
        client = KeepAliveClient(upstream.url, {})
        try:
            first = await client.post_json("/a", b"{}", {}, WAIT)
            await asyncio.wait_for(upstream.ended[1].wait(), WAIT)
            second = await client.post_json("/b", b"{}", {}, WAIT)
        finally:
            await client.close()
        assert first == second == Answer(200, b"ok")
        assert upstream.connections == 2
        assert [(r.connection, r.target) for r in upstream.requests] == [(1, "/a"), (2, "/b")]

    serve(lambda _: response(200, b"ok", "Connection: close"), test)


def test_a_server_that_never_answers_times_out_and_its_connection_is_dropped():
    def answer(request: Received) -> bytes | None:
        # The first connection swallows the request; later ones answer.
        return None if request.connection == 1 else response(200, b"late")

    async def test(upstream: Upstream) -> None:
        client = KeepAliveClient(upstream.url, {})
        try:
            loop = asyncio.get_running_loop()
            started = loop.time()
            with pytest.raises(TimeoutError):
                await client.post_json("/slow", b"{}", {}, 0.3)
            waited = loop.time() - started
            # The client hangs up on the silent connection...
            await asyncio.wait_for(upstream.ended[1].wait(), WAIT)
            # ...and the next call opens a new one.
            after = await client.post_json("/next", b"{}", {}, WAIT)
        finally:
            await client.close()
        assert 0.3 <= waited < 2.0
        assert after == Answer(200, b"late")
        assert upstream.connections == 2
        assert [(r.connection, r.target) for r in upstream.requests] == [(1, "/slow"), (2, "/next")]

    serve(answer, test)


def test_a_server_closing_mid_answer_is_unreachable():
    def answer(request: Received) -> bytes | Hangup:
        if request.connection == 1:
            return Hangup(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial":')
        return response(200, b"whole")

    async def test(upstream: Upstream) -> None:
        client = KeepAliveClient(upstream.url, {})
        try:
            with pytest.raises(UpstreamUnreachable):
                await client.post_json("/v1/charges", b"{}", {}, WAIT)
            after = await client.post_json("/v1/charges", b"{}", {}, WAIT)
        finally:
            await client.close()
        assert after == Answer(200, b"whole")
        assert upstream.connections == 2

    serve(answer, test)


def test_an_unparsable_answer_is_unreachable():
    async def test(upstream: Upstream) -> None:
        client = KeepAliveClient(upstream.url, {})
        try:
            with pytest.raises(UpstreamUnreachable):
                await client.post_json("/v1/charges", b"{}", {}, WAIT)
        finally:
            await client.close()

    serve(lambda _: b"this is not HTTP\r\n\r\n", test)


def test_a_port_nobody_listens_on_is_unreachable():
    # Bound but not listening: connections are refused, and no other process can take the port.
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        port = bound.getsockname()[1]

        async def call() -> None:
            client = KeepAliveClient(f"http://127.0.0.1:{port}", {})
            try:
                await client.post_json("/v1/charges", b"{}", {}, WAIT)
            finally:
                await client.close()

        with pytest.raises(UpstreamUnreachable):
            asyncio.run(call())


def test_a_path_prefix_in_the_base_url_prefixes_every_request_target():
    async def test(upstream: Upstream) -> None:
        client = KeepAliveClient(f"{upstream.url}/psp/", {})
        try:
            await client.post_json("/v1/charges", b"{}", {}, WAIT)
            await client.get("/v1/charges", {"idempotency_key": "k"}, {}, WAIT)
        finally:
            await client.close()
        targets = [r.target for r in upstream.requests]
        assert targets == ["/psp/v1/charges", "/psp/v1/charges?idempotency_key=k"]

    serve(lambda _: response(200, b"{}"), test)


def test_a_get_encodes_its_query():
    query = {"idempotency_key": "a b&c=d/é?#", "other": "1"}

    async def test(upstream: Upstream) -> None:
        client = KeepAliveClient(upstream.url, {"Authorization": "Bearer sk_x"})
        try:
            answer = await client.get("/v1/charges", query, {"X-Trace": "t1"}, WAIT)
        finally:
            await client.close()
        assert answer == Answer(200, b'{"data": []}')
        request = upstream.requests[0]
        assert (request.method, request.body) == ("GET", b"")
        assert request.headers["authorization"] == "Bearer sk_x"
        assert request.headers["x-trace"] == "t1"
        target = urlsplit(request.target)
        assert target.path == "/v1/charges"
        assert " " not in request.target and "#" not in request.target
        assert parse_qs(target.query) == {key: [value] for key, value in query.items()}

    serve(lambda _: response(200, b'{"data": []}'), test)


@pytest.mark.parametrize("value", ["a\r\nInjected: 1", "a\nInjected: 1", "a\rb"])
def test_a_header_value_with_a_line_break_is_refused_before_anything_is_sent(value):
    async def test(upstream: Upstream) -> None:
        client = KeepAliveClient(upstream.url, {})
        try:
            with pytest.raises(ValueError):
                await client.post_json("/v1/charges", b"{}", {"X-Note": value}, WAIT)
            with pytest.raises(ValueError):
                await client.get("/v1/charges", {}, {"X-Note": value}, WAIT)
        finally:
            await client.close()
        assert upstream.connections == 0

    serve(lambda _: response(200), test)


def test_a_default_header_with_a_line_break_is_refused():
    with pytest.raises(ValueError):
        KeepAliveClient("http://127.0.0.1:1", {"Authorization": "Bearer x\r\nX-Evil: 1"})


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1:21/", "127.0.0.1:8000", "file:///etc/passwd", "http:///v1", ""]
)
def test_a_base_url_that_is_not_http_is_refused(url):
    with pytest.raises(ValueError):
        KeepAliveClient(url, {})


def test_calls_beyond_the_connection_cap_wait_for_a_free_connection():
    async def test(upstream: Upstream) -> None:
        client = KeepAliveClient(upstream.url, {}, max_connections=2)
        try:
            answers = await asyncio.gather(
                *(client.post_json(f"/{n}", b"{}", {}, WAIT) for n in range(6))
            )
        finally:
            await client.close()
        assert [a.body for a in answers] == [f"/{n}".encode() for n in range(6)]
        assert upstream.connections == 2

    serve(lambda request: response(200, request.target.encode()), test)


def test_a_call_waiting_for_a_connection_times_out_within_its_own_timeout():
    arrived = asyncio.Event()

    def answer(request: Received) -> bytes | None:
        # The first call holds the only connection, unanswered; any other would be answered.
        arrived.set()
        return None if request.target == "/stuck" else response(200, b"ok")

    async def test(upstream: Upstream) -> None:
        client = KeepAliveClient(upstream.url, {}, max_connections=1)
        stuck = asyncio.ensure_future(client.post_json("/stuck", b"{}", {}, WAIT))
        try:
            await asyncio.wait_for(arrived.wait(), WAIT)
            with pytest.raises(TimeoutError):
                await client.post_json("/queued", b"{}", {}, 0.05)
        finally:
            stuck.cancel()
            await client.close()
        assert [r.target for r in upstream.requests] == ["/stuck"]

    serve(answer, test)
