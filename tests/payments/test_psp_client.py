"""The Payment Service's PSP client against real HTTP servers on loopback: which answers it
retries, with which key, and what it reports when no answer comes."""

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from fincore.common.errors import UpstreamError
from fincore.payments.psp_client import PSPClient, PSPUnreachable

CHARGE = {"token": "tok_x", "merchant": "acct_x", "amount": 100, "currency": "usd"}


@asynccontextmanager
async def psp_answering(
    statuses: list[int], seen: list[dict[str, Any]], delay: float = 0.0
) -> AsyncIterator[str]:
    """The URL of a PSP stand-in answering each charge with the next status, recording what it
    received; stopped on leaving the block."""

    async def charge(request: web.Request) -> web.Response:
        seen.append({"key": request.headers.get("Idempotency-Key"), "body": await request.json()})
        await asyncio.sleep(delay)
        status = statuses[min(len(seen), len(statuses)) - 1]
        return web.json_response({"id": "ch_1", "error": {"code": "x"}}, status=status)

    app = web.Application()
    app.router.add_post("/v1/charges", charge)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url(""))
    finally:
        await server.close()


async def charge_through(url: str, attempts: int = 3, timeout: float = 2.0) -> Any:
    client = PSPClient(url, "psp_sk_test", timeout, attempts, backoff_seconds=0.001)
    await client.start()
    try:
        return await client.charge(CHARGE, idempotency_key="pay_1")
    finally:
        await client.close()


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


@pytest.mark.parametrize(
    ("status", "kind"), [(201, "succeeded"), (402, "declined"), (400, "refused")]
)
def test_a_definite_answer_is_taken_at_once(status, kind):
    async def scenario() -> Any:
        seen: list[dict[str, Any]] = []
        async with psp_answering([status], seen) as url:
            outcome = await charge_through(url)
        return outcome, seen

    outcome, seen = run(scenario())
    assert outcome.kind == kind
    assert len(seen) == 1


def test_unknown_outcomes_are_retried_with_the_same_key_and_body_until_one_is_definite():
    async def scenario() -> Any:
        seen: list[dict[str, Any]] = []
        async with psp_answering([503, 409, 201], seen) as url:
            outcome = await charge_through(url)
        return outcome, seen

    outcome, seen = run(scenario())
    assert outcome.kind == "succeeded"
    assert [call["key"] for call in seen] == ["pay_1"] * 3
    assert all(call["body"] == CHARGE for call in seen)


def test_an_outcome_unknown_at_every_attempt_is_tried_exactly_the_configured_times():
    async def scenario() -> Any:
        seen: list[dict[str, Any]] = []
        async with psp_answering([503], seen) as url:
            outcome = await charge_through(url, attempts=4)
        return outcome, seen

    outcome, seen = run(scenario())
    assert outcome.kind == "unknown"
    assert len(seen) == 4


def test_a_platform_key_refused_on_a_retry_is_an_upstream_error_and_ends_the_retries():
    async def scenario() -> Any:
        seen: list[dict[str, Any]] = []
        async with psp_answering([503, 401, 201], seen) as url:
            with pytest.raises(UpstreamError):
                await charge_through(url)
        return seen

    assert len(run(scenario())) == 2


def test_a_psp_that_answers_too_slowly_every_time_leaves_the_outcome_unknown():
    async def scenario() -> Any:
        seen: list[dict[str, Any]] = []
        async with psp_answering([201], seen, delay=1.0) as url:
            outcome = await charge_through(url, attempts=2, timeout=0.2)
        return outcome, seen

    outcome, seen = run(scenario())
    assert outcome.kind == "unknown"
    assert len(seen) == 2


def test_a_refused_platform_key_is_an_upstream_error_not_a_retry():
    async def scenario() -> Any:
        seen: list[dict[str, Any]] = []
        async with psp_answering([401], seen) as url:
            with pytest.raises(UpstreamError):
                await charge_through(url)
        return seen

    assert len(run(scenario())) == 1


def free_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return int(listener.getsockname()[1])


def test_a_psp_nobody_listens_for_is_unknown_when_charging_and_unreachable_when_asked():
    url = f"http://127.0.0.1:{free_port()}"

    async def scenario() -> Any:
        outcome = await charge_through(url)
        client = PSPClient(url, "psp_sk_test", 1.0, 1, 0.0)
        await client.start()
        try:
            with pytest.raises(PSPUnreachable):
                await client.find_charge("pay_1")
        finally:
            await client.close()
        return outcome

    assert run(scenario()).kind == "unknown"
