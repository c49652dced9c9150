"""A bounded soak of the charge path: a fixed request rate for a fixed time, mixed outcomes.

Successes, declines and idempotent retries arrive at a steady rate (open loop: requests are sent
on schedule whether or not earlier ones finished). Afterwards every payment is checked against
the PSP's record: none lost, none doubled. Memory (RSS) of both services is sampled each second.

    .venv/bin/python -m bench.soak [--rate 150] [--seconds 30]
"""

import argparse
import asyncio
import random
import statistics
import time
from typing import Any

import aiohttp

from bench.charge_path import tokenize
from bench.processes import charge_path_services, rss_kib
from fincore.cards.test_cards import GENERIC_DECLINE_PAN, INSUFFICIENT_FUNDS_PAN, VISA_PAN

MIX = [VISA_PAN] * 7 + [GENERIC_DECLINE_PAN, INSUFFICIENT_FUNDS_PAN]
EXPECTED = {VISA_PAN: 201, GENERIC_DECLINE_PAN: 402, INSUFFICIENT_FUNDS_PAN: 402}


async def soak(services: dict[str, Any], rate: float, seconds: float) -> dict[str, Any]:
    merchant = services["merchant"]
    auth = {"Authorization": f"Bearer {merchant.secret_key}"}
    outcomes: dict[str, tuple[int, str]] = {}
    errors: list[str] = []
    latencies: list[float] = []
    rss: dict[str, list[int]] = {"psp": [], "payments": []}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=500)) as session:

        async def pay(index: int, card: str, key: str) -> None:
            started = time.perf_counter()
            try:
                headers = {**auth, "Idempotency-Key": key}
                url = f"{services['payments_url']}/v1/payments"
                token = await tokenize(session, services["psp_url"], merchant.publishable_key, card)
                body = {"token": token, "amount": 1000 + index % 7, "currency": "usd"}
                async with session.post(url, json=body, headers=headers) as response:
                    answer = await response.json()
                    if response.status != EXPECTED[card]:
                        errors.append(f"{key}: {response.status}")
                    payment = answer.get("id") or answer["error"]["payment"]
                # An idempotent retry of every fifth payment must replay, not charge again.
                if index % 5 == 0:
                    async with session.post(url, json=body, headers=headers) as response:
                        replay = await response.json()
                        if (
                            response.headers.get("Idempotent-Replayed") != "true"
                            or replay != answer
                        ):
                            errors.append(f"{key}: retry was not a replay")
                outcomes[key] = (response.status, payment)
            except Exception as error:  # counted, reported, and the soak goes on
                errors.append(f"{key}: {error!r}")
            latencies.append((time.perf_counter() - started) * 1000)

        async def sample_memory() -> None:
            while True:
                for name in rss:
                    rss[name].append(rss_kib(services[f"{name}_pid"]))
                await asyncio.sleep(1)

        sampler = asyncio.create_task(sample_memory())
        tasks = []
        started = time.perf_counter()
        total = int(rate * seconds)
        for index in range(total):
            # Open loop: each request leaves at its scheduled time.
            delay = started + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            card = random.Random(index).choice(MIX)
            tasks.append(asyncio.create_task(pay(index, card, f"soak-{index}")))
        await asyncio.gather(*tasks)
        sampler.cancel()
        lost_or_doubled = await audit(session, services, outcomes)
    return {
        "requests": total,
        "seconds": seconds,
        "rate": rate,
        "errors": errors,
        "lost_or_doubled": lost_or_doubled,
        "p50_ms": statistics.median(latencies),
        "p99_ms": sorted(latencies)[int(0.99 * len(latencies))],
        "rss": rss,
    }


async def audit(
    session: aiohttp.ClientSession, services: dict[str, Any], outcomes: dict[str, tuple[int, str]]
) -> list[str]:
    """Every payment has exactly one PSP charge, made with its id as idempotency key."""
    problems = []
    headers = {"Authorization": f"Bearer {services['platform_key']}"}
    for key, (_, payment_id) in outcomes.items():
        url = f"{services['psp_url']}/v1/charges"
        async with session.get(url, params={"idempotency_key": payment_id}, headers=headers) as r:
            charges = (await r.json())["data"]
        if len(charges) != 1:
            problems.append(f"{key}: {len(charges)} PSP charges")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=150.0, help="payments per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    with charge_path_services() as services:
        result = asyncio.run(soak(services, args.rate, args.seconds))
    for name, samples in result["rss"].items():
        # Quarter by quarter: memory that keeps growing shows as a rising row, not just a gap.
        quarters = [samples[min(len(samples) - 1, len(samples) * q // 4)] for q in range(5)]
        print(
            f"{name} RSS MiB at 0/25/50/75/100% of the run: "
            + " -> ".join(f"{kib / 1024:.1f}" for kib in quarters)
            + f", max {max(samples) / 1024:.1f}"
        )
    print(
        f"{result['requests']} payments at {result['rate']:.0f}/s for {result['seconds']:.0f} s: "
        f"{len(result['errors'])} errors, {len(result['lost_or_doubled'])} lost or doubled, "
        f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms"
    )
    for problem in (result["errors"] + result["lost_or_doubled"])[:10]:
        print("  ", problem)


if __name__ == "__main__":
    main()
