"""The raw card data guard measured: detection on disguised card numbers, false positives on
honest identifiers, CPU per MiB of hostile and ordinary bodies, and how long the Payment
Service's event loop stalls while it judges large bodies.

    .venv/bin/python -m bench.guard [--count N] [--seed S] [--stall-only]

Each disguised number is put in a payment body's description as written (JSON escapes stay
escapes); each honest identifier is sent as an Idempotency-Key and, separately, in the body, the
two places an honest request carries it. CPU is ``time.process_time`` around ``card_guard.check``
on 1 MiB bodies (the PSP's body limit; the Payment Service's is about a third of it).

The stall is measured against the services in their own processes (``bench.processes``): N
authenticated bodies of digit groups are sent at once while one client asks ``/healthz`` back to
back; the slowest ``/healthz`` answer is how long the loop was held.
"""

import argparse
import asyncio
import base64
import random
import time
from collections.abc import Callable

import httpx

from bench.processes import charge_path_services
from fincore.cards.corpus import disguised_cards, honest_by_kind
from fincore.payments import card_guard
from fincore.payments.body_limit import max_payment_body_bytes

MIB = 1 << 20


def _scope(idempotency_key: str = "") -> dict[str, object]:
    headers = [(b"content-type", b"application/json")]
    if idempotency_key:
        headers.append((b"idempotency-key", idempotency_key.encode()))
    return {
        "type": "http",
        "method": "POST",
        "path": "/v1/payments",
        "query_string": b"",
        "headers": headers,
        "state": {},
    }


def _body(description: str) -> bytes:
    return (
        '{"token": "tok_0192f3a4b5c6d7e8f90a1b2c3d4e5f60", "amount": 1999, "currency": "usd", '
        f'"description": "{description}"}}'
    ).encode()


def refused(scope: dict[str, object], body: bytes) -> bool:
    return card_guard.check(scope, body) is not None  # type: ignore[arg-type]


def detection(count: int, seed: int) -> None:
    print("| disguise | detected |\n| --- | ---: |")
    total = found = 0
    for name, pairs in disguised_cards(count, seed).items():
        hits = sum(refused(_scope(), _body(text)) for _, text in pairs)
        total, found = total + len(pairs), found + hits
        print(f"| {name} | {hits}/{len(pairs)} |")
    print(f"| **all** | **{found}/{total} ({found / total:.2%})** |\n")


def false_positives(count: int, seed: int) -> None:
    print("| honest identifier | refused as key | refused in body |\n| --- | ---: | ---: |")
    total = wrong = 0
    for kind, texts in honest_by_kind(count, seed).items():
        as_key = sum(refused(_scope(text), _body("ok")) for text in texts)
        in_body = sum(refused(_scope(), _body(text)) for text in texts)
        total, wrong = total + 2 * len(texts), wrong + as_key + in_body
        print(f"| {kind} | {as_key}/{len(texts)} | {in_body}/{len(texts)} |")
    print(f"| **all** | **{wrong}/{total} ({wrong / total:.3%})** | |\n")


def _hostile_bodies(rng: random.Random) -> dict[str, bytes]:
    def fill(make: Callable[[], str]) -> str:
        parts, size = [], 0
        while size < MIB - 64:
            part = make()
            parts.append(part)
            size += len(part) + 1
        return " ".join(parts)

    digit_groups = fill(lambda: f"{rng.randrange(10**4):04d}")
    return {
        "digit groups (the 3.6 s body of issue 13)": _body(digit_groups),
        "one run of 4s (every offset a Visa prefix)": _body("4" * (MIB - 128)),
        "digits and letters alternating": _body("1a" * ((MIB - 128) // 2)),
        "ordinary prose": _body(fill(lambda: rng.choice(["order", "shipped", "to", "Berlin"]))),
        "hex noise (hashes, ids)": _body(fill(lambda: f"{rng.getrandbits(96):024x}")),
        "base64 of random bytes": _body(
            base64.b64encode(rng.randbytes(3 * (MIB - 128) // 4)).decode()
        ),
    }


def cpu_per_mib(seed: int, rounds: int = 3) -> None:
    print("| 1 MiB body | CPU ms (median of 3) | refused |\n| --- | ---: | --- |")
    for name, body in _hostile_bodies(random.Random(seed)).items():
        times = []
        for _ in range(rounds):
            started = time.process_time()
            verdict = refused(_scope(), body)
            times.append(time.process_time() - started)
        median = sorted(times)[len(times) // 2]
        print(f"| {name} | {median * 1000 * MIB / len(body):.0f} | {verdict} |")


def _digit_groups_body(size: int, rng: random.Random) -> bytes:
    groups = " ".join(f"{rng.randrange(10**4):04d}" for _ in range(size // 5))
    return _body(groups)[: size - 2] + b'"}'


async def _stall_round(url: str, key: str, body: bytes, senders: int) -> tuple[float, list[int]]:
    """The slowest /healthz answer while ``senders`` copies of ``body`` are judged, and their
    statuses."""
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    limits = httpx.Limits(max_connections=senders + 1)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        await client.get("/healthz")
        posts = [
            asyncio.ensure_future(client.post("/v1/payments", content=body, headers=headers))
            for _ in range(senders)
        ]
        slowest = 0.0
        while not all(post.done() for post in posts):
            started = time.perf_counter()
            await client.get("/healthz")
            slowest = max(slowest, time.perf_counter() - started)
        statuses = [post.result().status_code for post in posts]
    return slowest, statuses


def event_loop_stall(seed: int, senders: int = 4, rounds: int = 3) -> None:
    rng = random.Random(seed)
    sizes = {"1 MiB": MIB, "the body limit": max_payment_body_bytes()}
    print(
        f"| {senders} bodies of digit groups at once | slowest /healthz ms (median of "
        f"{rounds}) | statuses |\n| --- | ---: | --- |"
    )
    with charge_path_services() as services:
        key = services["merchant"].secret_key
        idle = asyncio.run(_stall_round(services["payments_url"], key, b"{}", 1))[0]
        print(f"| none (one empty body) | {idle * 1000:.1f} | |")
        for name, size in sizes.items():
            body = _digit_groups_body(size, rng)
            runs = [
                asyncio.run(_stall_round(services["payments_url"], key, body, senders))
                for _ in range(rounds)
            ]
            median = sorted(stall for stall, _ in runs)[rounds // 2]
            statuses = sorted(set(runs[0][1]))
            print(f"| {name} ({len(body)} bytes) | {median * 1000:.0f} | {statuses} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="items per disguise and kind")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--stall-only", action="store_true", help="only the event-loop stall")
    args = parser.parse_args()
    if not args.stall_only:
        detection(args.count, args.seed)
        false_positives(args.count, args.seed)
        cpu_per_mib(args.seed)
    event_loop_stall(args.seed)


if __name__ == "__main__":
    main()
