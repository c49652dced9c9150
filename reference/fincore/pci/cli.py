"""``python -m fincore.pci``: the payment-page controls of PCI DSS 6.4.3 and 11.6.1.

    python -m fincore.pci inventory URL [--config FILE] [--origin NAME=URL ...] [--out DIR]
    python -m fincore.pci baseline URL --out baseline.json
    python -m fincore.pci check URL --baseline baseline.json

Exit status: 0 when all is well; 1 when the inventory flags a script or the check finds a change;
2 when the page, the configuration or the baseline cannot be read.
"""

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from playwright.async_api import Error as PlaywrightError

from fincore.pci.authorizations import ConfigError, load_config
from fincore.pci.baseline import BaselineError, compare, format_changes, load, save, snapshot
from fincore.pci.capture import DEFAULT_TIMEOUT_SECONDS, PageCapture, PageLoadError, capture_url
from fincore.pci.inventory import build_inventory

OK, FOUND, FAILED = 0, 1, 2

# Loads a page: (url, timeout in seconds) -> what the browser received.
Capture = Callable[[str, float], PageCapture]


def main(argv: Sequence[str] | None = None, capture: Capture = capture_url) -> int:
    """Run one command; ``capture`` lets a caller that already runs a browser lend it."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args, capture)
    except (ConfigError, BaselineError, PageLoadError, PlaywrightError, FileNotFoundError) as error:
        print(f"fincore.pci {args.command}: {error}", file=sys.stderr)
        return FAILED
    return code


def run_inventory(args: argparse.Namespace, capture: Capture) -> int:
    config = load_config(args.config).with_origins(dict(args.origin))
    inventory = build_inventory(capture(args.url, args.timeout), config)
    json_path, markdown_path = inventory.write(args.out)
    print(f"Script inventory of {args.url}: {inventory.summary()}.")
    for entry in inventory.flagged:
        print(f"  - {entry.script} ({entry.frame}): {', '.join(entry.flags)}")
    print(f"Wrote {json_path} and {markdown_path}.")
    return FOUND if inventory.flagged else OK


def run_baseline(args: argparse.Namespace, capture: Capture) -> int:
    baseline = snapshot(capture(args.url, args.timeout))
    save(baseline, args.out)
    documents, scripts = len(baseline["documents"]), len(baseline["scripts"])
    print(f"Baseline of {args.url}: {documents} documents, {scripts} scripts; wrote {args.out}.")
    return OK


def run_check(args: argparse.Namespace, capture: Capture) -> int:
    baseline = load(args.baseline)
    if baseline["url"] != args.url:
        print(f"Note: the baseline was taken of {baseline['url']}.")
    changes = compare(baseline, snapshot(capture(args.url, args.timeout)))
    print(f"Checked {args.url} against {args.baseline} ({baseline['taken_at']}).")
    print(format_changes(changes))
    return FOUND if changes else OK


def _origin(value: str) -> tuple[str, str]:
    name, separator, url = value.partition("=")
    if not separator or not name or not url:
        raise argparse.ArgumentTypeError(f"expected NAME=URL, got {value!r}")
    return name, url


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m fincore.pci",
        description="Payment page script inventory (PCI DSS 6.4.3) and change detection (11.6.1).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    inventory = commands.add_parser("inventory", help="list every script, flag unauthorised ones")
    inventory.add_argument("--config", type=Path, help="script authorisations (JSON)")
    inventory.add_argument(
        "--origin",
        type=_origin,
        action="append",
        default=[],
        metavar="NAME=URL",
        help="the origin a {NAME} placeholder stands for (repeatable)",
    )
    inventory.add_argument("--out", type=Path, default=Path("."), help="folder for the reports")
    inventory.set_defaults(run=run_inventory)
    baseline = commands.add_parser("baseline", help="record headers and script hashes")
    baseline.add_argument("--out", type=Path, required=True, help="baseline file to write")
    baseline.set_defaults(run=run_baseline)
    check = commands.add_parser("check", help="compare the page with a baseline")
    check.add_argument("--baseline", type=Path, required=True, help="baseline file to read")
    check.set_defaults(run=run_check)
    for command in (inventory, baseline, check):
        command.add_argument("url", help="the payment page")
        command.add_argument(
            "--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS, help="page load, seconds"
        )
    return parser
