"""Benchmark of the charge path through real servers on loopback (issue 2, grown in issue 7).

Each service runs in its own process, as deployed. Measured in one run on the same machine:
- bare: a FastAPI endpoint that only answers JSON (the ceiling for this stack and machine);
- pay: POST /v1/payments with a pre-created token (PSP charge hop + durable writes);
- flow: tokenize at the PSP, then pay (what one checkout costs the backend side).

The three paths take turns for ``--rounds`` rounds and each row is the round of median
throughput, so a burst of other work on the shared machine skews one round, not the ratio.
Each row also gives the CPU the serving processes spent per request, a figure that noise
disturbs much less than throughput.

    .venv/bin/python -m bench.charge_path [--requests 3000] [--rounds 3]
"""

import argparse
import asyncio
import dataclasses
from typing import Any

import aiohttp

from bench.loadgen import Call, Result, closed_loop
from bench.processes import charge_path_services, cpu_seconds, environment_summary
from fincore.cards.test_cards import VISA_PAN

# What every benchmarked payment charges (the bare endpoint gets the same body).
PAYMENT = {"amount": 1000, "currency": "usd"}
CARD = {"number": VISA_PAN, "exp_month": 12, "exp_year": 2040, "cvc": "123"}


async def tokenize(
    session: aiohttp.ClientSession, psp_url: str, key: str, number: str = VISA_PAN
) -> str:
    headers = {"Authorization": f"Bearer {key}"}
    card = {**CARD, "number": number}
    async with session.post(f"{psp_url}/v1/tokens", json=card, headers=headers) as response:
        token: str = (await response.json())["id"]
        return token


async def make_tokens(psp_url: str, key: str, count: int) -> list[str]:
    async with aiohttp.ClientSession() as session:
        tokens: list[str] = []
        for start in range(0, count, 50):
            batch = range(start, min(count, start + 50))
            tokens += await asyncio.gather(*(tokenize(session, psp_url, key) for _ in batch))
        return tokens


async def pay_with(session: aiohttp.ClientSession, services: dict[str, Any], token: str) -> bool:
    """POST /v1/payments charging ``token``; True when the payment succeeded (201)."""
    secret_key = services["merchant"].secret_key
    url = f"{services['payments_url']}/v1/payments"
    payload = {**PAYMENT, "token": token}
    auth = {"Authorization": f"Bearer {secret_key}"}
    async with session.post(url, json=payload, headers=auth) as response:
        await response.read()
        return response.status == 201


async def measure(services: dict[str, Any], concurrency: int, total: int) -> list[Result]:
    merchant = services["merchant"]

    async def bare(session: aiohttp.ClientSession, _: int) -> bool:
        async with session.post(f"{services['bare_url']}/pay", json=PAYMENT) as response:
            await response.read()
            return response.status == 200

    tokens = await make_tokens(services["psp_url"], merchant.publishable_key, total)

    async def pay(session: aiohttp.ClientSession, index: int) -> bool:
        return await pay_with(session, services, tokens[index])

    async def flow(session: aiohttp.ClientSession, _: int) -> bool:
        token = await tokenize(session, services["psp_url"], merchant.publishable_key)
        return await pay_with(session, services, token)

    servers = [services["psp_pid"], *services["payment_pids"]]
    return [
        await _timed("bare FastAPI", bare, concurrency, total, [services["bare_pid"]]),
        await _timed("pay (charge hop + writes)", pay, concurrency, total, servers),
        await _timed("flow (tokenize + pay)", flow, concurrency, total // 2, servers),
    ]


async def _timed(name: str, call: Call, concurrency: int, total: int, pids: list[int]) -> Result:
    before = sum(cpu_seconds(pid) for pid in pids)
    result = await closed_loop(name, call, concurrency, total)
    spent_ms = (sum(cpu_seconds(pid) for pid in pids) - before) * 1000
    return dataclasses.replace(result, server_cpu_ms=spent_ms / total)


def median_rounds(rounds: list[list[Result]]) -> list[Result]:
    """Per path, the round whose throughput is the median."""
    by_path = zip(*rounds, strict=True)
    return [sorted(runs, key=lambda r: r.throughput)[len(runs) // 2] for runs in by_path]


def report(results: list[Result]) -> str:
    lines = [
        "| path | clients | requests | per second | p50 ms | p99 ms | errors | server CPU ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(f"{result.row()} {result.server_cpu_ms or 0:.3f} |" for result in results),
    ]
    by_name = {(r.name.split()[0], r.concurrency): r for r in results}
    for concurrency in sorted({r.concurrency for r in results}):
        bare, pay = by_name[("bare", concurrency)], by_name[("pay", concurrency)]
        lines.append(
            f"\npay/bare throughput ratio at {concurrency} clients: "
            f"{pay.throughput / bare.throughput:.2f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000, help="requests per run at 50 clients")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--instances", type=int, default=1, help="Payment Service processes")
    parser.add_argument("--rounds", type=int, default=3, help="turns each path takes")
    args = parser.parse_args()
    print(f"{args.database}, {args.instances} instance(s), {environment_summary()}")
    with charge_path_services(args.database, args.instances) as services:
        results: list[Result] = []
        for concurrency, total in ((1, max(200, args.requests // 10)), (50, args.requests)):
            rounds = [
                asyncio.run(measure(services, concurrency, total)) for _ in range(args.rounds)
            ]
            results += median_rounds(rounds)
    print(report(results))


if __name__ == "__main__":
    main()
