"""The raw card data guard measured: detection on disguised card numbers, false positives on
honest identifiers, and CPU per MiB of hostile and ordinary bodies.

    .venv/bin/python -m bench.guard [--count N] [--seed S]

Each disguised number is put in a payment body's description as written (JSON escapes stay
escapes); each honest identifier is sent as an Idempotency-Key and, separately, in the body, the
two places an honest request carries it. CPU is ``time.process_time`` around ``card_guard.check``
on 1 MiB bodies, the Payment Service's body limit order of size.
"""

import argparse
import base64
import random
import time
from collections.abc import Callable

from fincore.cards.corpus import disguised_cards, honest_by_kind
from fincore.payments import card_guard

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="items per disguise and kind")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    detection(args.count, args.seed)
    false_positives(args.count, args.seed)
    cpu_per_mib(args.seed)


if __name__ == "__main__":
    main()
