"""Which HTTP client library for the Payment Service -> PSP hop: aiohttp or httpx.

Both call the bare baseline (``bench/bare_app.py``, its own process) with the same JSON POST the
Payment Service sends the PSP, through one shared, pooled client each, at 1 and 50 concurrent
calls. Reported per library: calls per second and the CPU this (client) process spent per call,
which is what the choice adds to every payment. The libraries take turns for R rounds; each row
is the median round.

    .venv/bin/python -m bench.http_clients [--calls N] [--rounds R]
"""

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import httpx
import orjson

from bench.processes import bare_baseline

BODY = orjson.dumps({"token": "tok_0", "merchant": "acct_0", "amount": 1000, "currency": "usd"})
HEADERS = {"Content-Type": "application/json", "Idempotency-Key": "pay_0"}
Call = Callable[[], Awaitable[int]]


async def measure(call: Call, concurrency: int, total: int) -> tuple[float, float]:
    """(calls per second, client CPU microseconds per call) for ``total`` calls."""
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            status = await call()
            if status != 200:
                raise RuntimeError(f"unexpected status {status}")

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return total / wall, cpu / total * 1e6


async def with_aiohttp(url: str, concurrency: int, total: int) -> tuple[float, float]:
    connector = aiohttp.TCPConnector(limit=100)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=5)
    ) as session:

        async def call() -> int:
            async with session.post(url, data=BODY, headers=HEADERS) as response:
                await response.read()
                return response.status

        await measure(call, concurrency, 200)  # warm the pool
        return await measure(call, concurrency, total)


async def with_httpx(url: str, concurrency: int, total: int) -> tuple[float, float]:
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(limits=limits, timeout=5) as client:

        async def call() -> int:
            response = await client.post(url, content=BODY, headers=HEADERS)
            return response.status_code

        await measure(call, concurrency, 200)
        return await measure(call, concurrency, total)


LIBRARIES = {"aiohttp": with_aiohttp, "httpx": with_httpx}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, bare_baseline(Path(tmp)) as bare:
        url = f"{bare['url']}/pay"
        print("| library | concurrent calls | calls/s | client CPU us per call |")
        print("| --- | ---: | ---: | ---: |")
        for concurrency in (1, 50):
            rounds: dict[str, list[tuple[float, float]]] = {name: [] for name in LIBRARIES}
            for _ in range(args.rounds):
                for name, run in LIBRARIES.items():
                    rounds[name].append(asyncio.run(run(url, concurrency, args.calls)))
            for name, results in rounds.items():
                rate, cpu = sorted(results)[len(results) // 2]
                print(f"| {name} | {concurrency} | {rate:,.0f} | {cpu:.0f} |")


if __name__ == "__main__":
    main()
