"""What group commit buys on SQLite: the Payment Service's pending-payment insert, written by
50 concurrent tasks on one event loop, through ``Database.write`` (group commit) and through one
``BEGIN IMMEDIATE ... COMMIT`` per write (what ``Database`` did before groups).

    .venv/bin/python -m bench.group_commit [--writes N] [--rounds R]

Reported per way: writes per second and CPU microseconds per write (this process does all the
work: SQLite is in-process), the median of R rounds taken in turns.
"""

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import Connection

from fincore.common.database import Database, sqlite_url
from fincore.common.ids import new_id
from fincore.payments import migrations, store
from fincore.payments.schemas import PaymentCreate

CONCURRENCY = 50
BODY = PaymentCreate(token="tok_bench", amount=1000, currency="usd")
Write = Callable[[Callable[..., None], str], Awaitable[None]]


def insert(connection: Connection, payment_id: str) -> None:
    store.insert_pending(connection, payment_id, "acct_bench", BODY, 0)


async def measure(write: Write, total: int) -> tuple[float, float]:
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await write(insert, new_id("pay"))

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return total / (time.perf_counter() - started), (time.process_time() - cpu) / total * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(sqlite_url(Path(tmp), "payments.db"), migrations.upgrade)

        async def grouped(work: Callable[..., None], *values: str) -> None:
            await db.write(work, *values)

        async def one_each(work: Callable[..., None], *values: str) -> None:
            with db.engine.begin() as connection:
                work(connection, *values)

        ways = {"group commit": grouped, "one transaction per write": one_each}
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
        for _ in range(args.rounds):
            for name, write in ways.items():
                results[name].append(asyncio.run(measure(write, args.writes)))
        db.dispose()
    print(f"| way ({CONCURRENCY} concurrent writers) | writes/s | CPU us per write |")
    print("| --- | ---: | ---: |")
    for name, rounds in results.items():
        rate, cpu = sorted(rounds)[len(rounds) // 2]
        print(f"| {name} | {rate:,.0f} | {cpu:.0f} |")


if __name__ == "__main__":
    main()
