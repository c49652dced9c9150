"""A small closed-loop load generator: N concurrent clients, each sending its next request as soon
as the previous one is answered, for a fixed number of requests."""

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp


@dataclass(frozen=True)
class Result:
    name: str
    concurrency: int
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    # CPU the serving processes spent per request (the load generator excluded), when measured.
    server_cpu_ms: float | None = None

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def row(self) -> str:
        return (
            f"| {self.name} | {self.concurrency} | {self.requests} | {self.throughput:,.0f} | "
            f"{self.percentile(0.5):.1f} | {self.percentile(0.99):.1f} | {self.errors} |"
        )


Call = Callable[[aiohttp.ClientSession, int], Awaitable[bool]]


async def closed_loop(name: str, call: Call, concurrency: int, total: int) -> Result:
    """Run ``total`` calls over ``concurrency`` clients; ``call`` is False on a wrong answer."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def client() -> None:
            nonlocal errors
            for index in counter:
                started = time.perf_counter()
                ok = await call(session, index)
                latencies.append((time.perf_counter() - started) * 1000)
                errors += not ok

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return Result(name, concurrency, total, errors, seconds, latencies)


def median(values: list[float]) -> float:
    return statistics.median(values)
