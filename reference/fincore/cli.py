"""The ``fincore`` command: ``fincore up`` runs the whole local stack until interrupted."""

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from fincore.cards.brands import format_number
from fincore.cards.test_cards import VISA_PAN
from fincore.hosting import serve
from fincore.lab.stack import LocalStack, StackInfo, StackOptions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fincore", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start the local stack on 127.0.0.1 (free ports)")
    up.add_argument("--data-dir", type=Path, help="where services keep databases and logs")
    up.add_argument("--ready-file", type=Path, help="write URLs and keys here as JSON when ready")
    up.add_argument(
        "--instances",
        type=int,
        default=1,
        help="run the Payment Service as N processes behind nginx (the physical view's scale-out)",
    )
    up.add_argument(
        "--database-url",
        help="the Payment Service's database (SQLAlchemy URL); with --instances > 1 and no URL, "
        "a throwaway PostgreSQL is started",
    )
    serve.add_arguments(commands.add_parser("serve", help="run one service in this process"))
    args = parser.parse_args(argv)
    if args.command == "serve":
        return serve.run(args.service, args.host, args.port, args.ready_file)
    options = StackOptions(
        data_dir=args.data_dir,
        payment_instances=args.instances,
        database_url=args.database_url,
        merchant_webhooks=True,
    )
    return _up(options, args.ready_file)


def _up(options: StackOptions, ready_file: Path | None) -> int:
    stopping = threading.Event()

    def request_stop(signum: int, _frame: Any) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    with LocalStack(options) as stack:
        print(describe(stack.info), flush=True)
        if options.payment_instances > 1 or options.database_url:
            print(
                f"\nPayment Service: {options.payment_instances} process(es) behind nginx, "
                f"one shared database",
                flush=True,
            )
        if ready_file is not None:
            stack.write_ready_file(ready_file)
            print(f"Ready file written: {ready_file}", flush=True)
        stopping.wait()
        print("\nStopping the FinCore stack...", flush=True)
    print("Stopped.", flush=True)
    return 0


def describe(info: StackInfo) -> str:
    """The readable block ``fincore up`` prints."""
    lines = ["FinCore local stack is running (Ctrl+C to stop)", ""]
    services = [
        ("Checkout page", info.merchant_url),
        ("Payment Service", info.payments_url),
        ("Mock PSP", info.psp_url),
        ("CDN (fincore.js)", info.cdn_url),
    ]
    lines += [f"  {name:<18} {url}" for name, url in services if url]
    lines += [f"  {'Data folder':<18} {info.data_dir}", "", "Demo merchants:"]
    for merchant in info.merchants:
        lines += [
            f"  {merchant.name} ({merchant.id})",
            f"    publishable key  {merchant.publishable_key}",
            f"    secret key       {merchant.secret_key}",
        ]
    lines += ["", f"Try:  curl -s {info.payments_url}/healthz"]
    if info.merchant_url:
        card = format_number(VISA_PAN)
        lines += [
            f"Pay:  open {info.merchant_url}/ in a browser and pay with the test card {card}",
            "      (any future expiry date, any security code).",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
