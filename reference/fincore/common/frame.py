"""The frame every FinCore HTTP service shares, as one ASGI layer in front of its FastAPI app.

Each HTTP request, in this order:

1. is timed for the request log, whose one JSON line is written just before the answer's last
   byte leaves (a client that reads the log after its answer finds its request there);
2. gets its ``Request-Id`` (``fincore.common.request_id``) and its API version
   (``fincore.common.api_version``), or is refused with 400 when it asks for a version this
   service does not serve;
3. has its body read and buffered into ``scope["state"]["raw_body"]``, or is refused with 413
   when the declared or the actual size passes the limit;
4. goes through the frame's body checks, if the service has any (the demo apps' strict JSON):
   the first error found is the answer;
5. is answered by FastAPI.

Every answer, FastAPI's own 500s included, carries the security headers, ``Request-Id`` and
``FinCore-Version``.

The Payment Service and the PSP have no frame body checks: their card-number guard and strict
JSON run in each route's dependencies, after authentication (``fincore.common.request_body``),
so a caller without a valid key costs no more than the body limit.

One layer, where this was six middlewares, each with its own coroutine per request and its own
wrapper around ``send``: on the charge path the frame cost more CPU than the SQLite writes
(bench/README.md). Each step is still a function of its own module (``body_limit``,
``strict_json``, ``security_headers``, ``request_log``); this module only puts them in order.
"""

import time
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fincore.common.api_version import DEFAULT_API_VERSION, requested_version
from fincore.common.body_limit import read_body, replay
from fincore.common.errors import APIError, PayloadTooLargeError
from fincore.common.request_body import BodyCheck
from fincore.common.request_id import request_id
from fincore.common.request_log import RequestLog
from fincore.common.security_headers import API_POLICY, with_security_headers


class ServiceFrame:
    def __init__(
        self,
        app: ASGIApp,
        log: RequestLog,
        max_body_bytes: int,
        body_checks: Sequence[BodyCheck] = (),
        page_policies: Mapping[str, str] | None = None,
    ) -> None:
        """``app`` answers what the frame leaves; ``page_policies`` are the exact paths whose
        Content-Security-Policy is not the API's (the docs pages)."""
        self.app = app
        self.log = log
        self.max_body_bytes = max_body_bytes
        self.body_checks = tuple(body_checks)
        self.page_policies = dict(page_policies or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        notes: dict[str, Any] = {}
        state = scope.setdefault("state", {})
        # Handlers note extra fields for the log line (merchant, payment id) here.
        state["log"] = notes
        policy = self.page_policies.get(scope["path"], API_POLICY)
        state["request_id"] = request_id(scope)
        version = requested_version(scope)
        served = version if isinstance(version, str) else DEFAULT_API_VERSION
        identity = [
            (b"request-id", state["request_id"].encode("latin-1")),
            (b"fincore-version", served.encode("latin-1")),
        ]
        status = 0
        logged = False

        def log_once() -> None:
            nonlocal logged
            if not logged:
                logged = True
                self.log.request(scope, status, started, notes)

        async def framed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = with_security_headers(message.get("headers", ()), policy)
                message["headers"] = headers + identity
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                log_once()
            await send(message)

        try:
            if isinstance(version, APIError):
                await version.response()(scope, receive, framed_send)
            else:
                await self._answer(scope, receive, framed_send, state)
        finally:
            # An app that never answered is logged when it ends, as failed.
            log_once()

    async def _answer(
        self, scope: Scope, receive: Receive, send: Send, state: dict[str, Any]
    ) -> None:
        try:
            body = await read_body(scope, receive, self.max_body_bytes)
        except PayloadTooLargeError as too_large:
            await too_large.response()(scope, receive, send)
            return
        if body is None:  # the client went away
            return
        state["raw_body"] = body
        for check in self.body_checks:
            error = check(scope, body)
            if error is not None:
                await error.response()(scope, receive, send)
                return
        await self.app(scope, replay(body, receive), send)
