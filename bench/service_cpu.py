"""CPU per call of each service's own code, without sockets: the ASGI apps called in-process.

The load tests (``charge_path``, ``profile_pay``) measure whole processes on a machine shared
with other work, so a change worth a tenth of a pay call drowns in their noise. Here each app is
called directly, as uvicorn would call it (one ASGI scope per request, the body in one message),
from ``CLIENTS`` concurrent tasks on one uvloop event loop, and the process's CPU time per call
is read: FastAPI, the frame, the dependencies, pydantic and SQLAlchemy with SQLite's commits,
without uvicorn's protocol, the kernel's loopback or the load generator.

- bare: the bare FastAPI endpoint of ``bench/bare_app.py`` (the ceiling of the load tests);
- charge: the PSP's ``POST /v1/charges`` with a fresh token each;
- pay: the Payment Service's ``POST /v1/payments``; its PSP hop goes through aiohttp to a real
  PSP in its own process, whose CPU is not counted here.

    .venv/bin/python -m bench.service_cpu [--calls N] [--rounds R] [--database sqlite|postgresql]
        [--profile DIR]

With ``--database postgresql`` the Payment Service stores payments in a fresh PostgreSQL
(``fincore.lab.scaleout.postgres``) through SQLAlchemy's asyncio engine, as its instances do.

``--profile DIR`` writes cProfile statistics of the charge and pay calls (for ``pstats``) to
DIR/charge.prof and DIR/pay.prof.
"""

import argparse
import asyncio
import cProfile
import json
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import uvloop
from fastapi import FastAPI

from bench.bare_app import app as bare_app
from bench.charge_path import CARD, PAYMENT
from bench.charge_path import make_tokens as tokens_over_http
from fincore.common.keys import new_development_key
from fincore.common.merchants import demo_merchants
from fincore.hosting.server import settle_garbage_collector
from fincore.lab.scaleout.postgres import TemporaryPostgres
from fincore.lab.scaleout.processes import ServiceProcess
from fincore.payments import PaymentSettings
from fincore.payments import create_app as create_payments
from fincore.psp import PSPSettings
from fincore.psp import create_app as create_psp

CLIENTS = 50
Headers = list[tuple[bytes, bytes]]


async def call(app: Any, path: str, headers: Headers, body: bytes) -> tuple[int, bytes]:
    """One POST through ``app`` as an ASGI server would make it: its status and body."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), *headers],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    answer: dict[str, Any] = {"status": 0, "body": b""}

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # the client never leaves
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        else:
            answer["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return answer["status"], answer["body"]


def bearer(key: str) -> Headers:
    return [(b"authorization", f"Bearer {key}".encode())]


async def cpu_per_call(calls: int, one: Callable[[int], Awaitable[bool]]) -> float:
    """Microseconds of this process's CPU per call, ``calls`` made by ``CLIENTS`` tasks."""
    counter = iter(range(calls))
    failures = 0

    async def client() -> None:
        nonlocal failures
        for index in counter:
            failures += not await one(index)

    started = time.process_time()
    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    spent = time.process_time() - started
    if failures:
        raise RuntimeError(f"{failures} of {calls} calls failed")
    return spent / calls * 1e6


async def make_tokens(psp: FastAPI, publishable_key: str, count: int) -> list[str]:
    body = json.dumps(CARD).encode()
    tokens = []
    for _ in range(count):
        status, answer = await call(psp, "/v1/tokens", bearer(publishable_key), body)
        if status != 201:
            raise RuntimeError(f"tokenizing answered {status}: {answer!r}")
        tokens.append(json.loads(answer)["id"])
    return tokens


async def measure(
    args: argparse.Namespace, folder: Path, database_url: str | None
) -> dict[str, list[float]]:
    merchants = demo_merchants()
    merchant = merchants[0]
    platform_key = new_development_key()
    psp = create_psp(
        PSPSettings(
            environment="development",
            platform_secret_key=platform_key,
            merchants=merchants,
            data_dir=folder / "psp",
            token_sweep_interval_seconds=0,
        )
    )
    remote_psp = ServiceProcess(
        "psp",
        {
            "FINCORE_PSP_ENVIRONMENT": "development",
            "FINCORE_PSP_PLATFORM_SECRET_KEY": platform_key,
            "FINCORE_PSP_DATA_DIR": str(folder / "remote-psp"),
            "FINCORE_PSP_MERCHANTS": json.dumps([m.model_dump(mode="json") for m in merchants]),
        },
        folder / "remote-psp",
    ).start()
    payments = create_payments(
        PaymentSettings(
            environment="development",
            psp_url=remote_psp.url,
            psp_secret_key=platform_key,
            merchants=merchants,
            data_dir=folder / "payments",
            database_url=database_url,
            resolve_interval_seconds=0,
        )
    )
    results: dict[str, list[float]] = {"bare": [], "charge": [], "pay": []}
    settle_garbage_collector()  # as the service processes do once serving (fincore.hosting.serve)
    profilers = {name: cProfile.Profile() for name in ("charge", "pay")} if args.profile else {}
    try:
        async with payments.router.lifespan_context(payments):
            bare_body = json.dumps(PAYMENT).encode()

            async def bare(_: int) -> bool:
                return (await call(bare_app, "/pay", [], bare_body))[0] == 200

            platform = bearer(platform_key)
            secret = bearer(merchant.secret_key)
            for _ in range(args.rounds):
                local = await make_tokens(psp, merchant.publishable_key, args.calls)
                remote = await _remote_tokens(remote_psp.url, merchant.publishable_key, args.calls)

                async def charge(index: int, tokens: list[str] = local) -> bool:
                    body = {**PAYMENT, "token": tokens[index], "merchant": merchant.id}
                    key = [(b"idempotency-key", f"pay_{tokens[index]}".encode())]
                    sent = json.dumps(body).encode()
                    return (await call(psp, "/v1/charges", platform + key, sent))[0] == 201

                async def pay(index: int, tokens: list[str] = remote) -> bool:
                    body = json.dumps({**PAYMENT, "token": tokens[index]}).encode()
                    return (await call(payments, "/v1/payments", secret, body))[0] == 201

                results["bare"].append(await cpu_per_call(args.calls, bare))
                for name, one in (("charge", charge), ("pay", pay)):
                    profiler = profilers.get(name)
                    if profiler:
                        profiler.enable()
                    results[name].append(await cpu_per_call(args.calls, one))
                    if profiler:
                        profiler.disable()
    finally:
        remote_psp.stop()
    for name, profiler in profilers.items():
        args.profile.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(args.profile / f"{name}.prof")
    return results


async def _remote_tokens(psp_url: str, publishable_key: str, count: int) -> list[str]:
    return await tokens_over_http(psp_url, publishable_key, count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=2000, help="calls per path and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--profile", type=Path, help="write cProfile statistics here")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="fincore-service-cpu-") as tmp,
        ExitStack() as running,
        asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner,
    ):
        database_url = None
        if args.database == "postgresql":
            database_url = running.enter_context(TemporaryPostgres()).url
        results = runner.run(measure(args, Path(tmp), database_url))
    print("| call | CPU us per call, each round | median | against bare |")
    print("| --- | --- | ---: | ---: |")
    bare = sorted(results["bare"])[len(results["bare"]) // 2]
    for name, rounds in results.items():
        median = sorted(rounds)[len(rounds) // 2]
        shown = ", ".join(f"{value:.0f}" for value in rounds)
        print(f"| {name} | {shown} | {median:.0f} | {median / bare:.1f}x |")


if __name__ == "__main__":
    main()
